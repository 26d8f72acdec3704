"""Cross-file context blocks for training, shaped like the ones the engine puts before the prefix.

At inference the engine's prompt prefix is: [Roslyn signatures of types used at the cursor and declared in other
files] + [similar-code snippets retrieved from other files] + [file skeleton] + [prefix]. A model that never saw such a
block in training ignores it (measured in session 2: context and retrieval each moved edit similarity by +-0.002). This
module builds the same two blocks for a training piece from the corpus itself, without Roslyn:

* Signatures ("Code" style, as SemanticContextBuilder renders them):
      // dir/File.cs
      public class Foo : Bar
      {
          public Foo(int x);
          public int Count
          public void Add(T item);
      }
  Types are those whose names occur in the piece and that are declared in another corpus file (the declaring file
  nearest in the directory tree wins); member lines are extracted with line heuristics (public/protected/internal
  members at the type's member indentation; methods cut after their parameter list; no bodies). Types whose members
  are used in the piece's middle rank first (the engine's receiver-first ranking), then by occurrences.
* Retrieval ("Comment" style, as SimilarCodeRetriever renders it):
      // Compare this snippet from dir/File.cs:
      // <line>
  the window of a sibling file (same directory) with the highest word Jaccard to the lines before the middle.

All choices use the caller's random.Random, so the training stream stays deterministic and resumable.
"""
import os
import re
from collections import OrderedDict, defaultdict

TYPE_RE = re.compile(
    r"^([ \t]*)((?:(?:public|internal|protected|private|static|sealed|abstract|partial|unsafe|readonly|ref|new)\s+)*)"
    r"(class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+([A-Za-z_]\w*)(\s*<[^>{]*>)?([^{;]*)")
TYPE_NAME_RE = re.compile(r"\b(?:class|struct|interface|enum|record)\s+([A-Z]\w*)")
MEMBER_START_RE = re.compile(r"^(?:public|protected|internal)\b")
WORD_RE = re.compile(r"[A-Za-z_]\w*")
CAP_WORD_RE = re.compile(r"(?<![.\w])[A-Z]\w+")  # not after a dot: a member access is no type name
MAX_MEMBERS = 10
SIG_CACHE = 4096


def _indent(line):
    return len(line) - len(line.lstrip(" \t"))


def _member_line(stripped, is_interface):
    """One member declaration line as the engine renders it, or None."""
    if not (MEMBER_START_RE.match(stripped) or is_interface):
        return None
    if stripped.startswith(("[", "//", "#", "}", "{")) or TYPE_RE.match(stripped):
        return None
    head = stripped.split("//", 1)[0].rstrip()
    if not head:
        return None
    paren = head.find("(")
    brace = head.find("{")
    arrow = head.find("=>")
    eq = head.find("=")
    if paren != -1 and (brace == -1 or paren < brace) and (arrow == -1 or paren < arrow) and (eq == -1 or paren < eq or eq == arrow):
        depth = 0
        for k in range(paren, len(head)):
            c = head[k]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    sig = head[:k + 1]
                    return sig + ";" if len(sig) <= 160 else None
        return None  # parameter list continues on the next line
    if is_interface and not MEMBER_START_RE.match(stripped) and brace == -1:
        return None
    if brace != -1 or arrow != -1:  # property or indexer
        cut = min(x for x in (brace, arrow) if x != -1)
        sig = head[:cut].rstrip()
        return sig if 0 < len(sig) <= 160 and " " in sig else None
    if head.endswith(";"):  # field, constant or event
        body = head[:-1]
        if eq != -1 and " const " not in " " + body:
            body = body[:eq].rstrip()
        sig = body.rstrip() + ";"
        return sig if len(sig) <= 160 and " " in body.strip() else None
    return None


def extract_types(text):
    """{type name: (header, [member lines])} for the types a C# file declares (line heuristics, no parser)."""
    lines = text.replace("\r\n", "\n").split("\n")
    types = {}
    stack = []  # (indent, name, kind)
    for i, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith(("#", "//", "/*", "*")):
            continue
        ind = _indent(line)
        while stack and ind <= stack[-1][0] and not line.lstrip().startswith("{"):
            stack.pop()
        stripped = line.strip()
        m = TYPE_RE.match(line)
        if m and not stripped.startswith("//"):
            mods = m.group(2).split()
            access = [w for w in mods if w in ("public", "internal", "protected", "private")]
            other = [w for w in mods if w in ("static", "abstract", "sealed")]
            kind = re.sub(r"\s+", " ", m.group(3))
            name = m.group(4)
            generic = (m.group(5) or "").strip()
            rest = m.group(6).strip()
            bases = ""
            if rest.startswith(":"):
                bases = " : " + rest[1:].split(" where ")[0].strip()
            header = " ".join(access + other + [kind, name + generic]) + bases
            if name not in types:
                types[name] = (header.strip(), [])
            stack.append((ind, name, kind))
            continue
        if not stack:
            continue
        t_ind, t_name, t_kind = stack[-1]
        members = types[t_name][1]
        if len(members) >= 3 * MAX_MEMBERS:
            continue
        if t_kind == "enum":
            w = stripped.split("=")[0].split(",")[0].strip()
            if re.fullmatch(r"[A-Za-z_]\w*", w) and ind > t_ind:
                members.append(w + ",")
            continue
        if ind <= t_ind:
            continue
        sig = _member_line(stripped, t_kind == "interface")
        if sig and sig not in members:
            members.append(sig)
    return types


def display_path(path):
    parts = path.split("/")
    return "/".join(parts[-2:])


class ContextIndex:
    """Type declarations and directories of a corpus, for building context blocks."""

    def __init__(self, docs):
        self.docs = docs
        self.decl = defaultdict(list)  # type name -> doc indices declaring it
        self.by_dir = defaultdict(list)
        for i, (path, text) in enumerate(docs):
            self.by_dir[os.path.dirname(path)].append(i)
            for name in set(TYPE_NAME_RE.findall(text)):
                self.decl[name].append(i)
        self._sigs = OrderedDict()

    def _types_of(self, di):
        hit = self._sigs.get(di)
        if hit is None:
            hit = extract_types(self.docs[di][1])
            self._sigs[di] = hit
            if len(self._sigs) > SIG_CACHE:
                self._sigs.popitem(last=False)
        else:
            self._sigs.move_to_end(di)
        return hit

    def _nearest_decl(self, name, path, self_di):
        best, best_len = None, -1
        parts = path.split("/")
        cands = self.decl.get(name, ())
        if len(cands) > 64:
            return None  # a name declared everywhere (e.g. "Test") says nothing about this file
        for di in cands:
            if di == self_di:
                continue
            other = self.docs[di][0].split("/")
            n = 0
            while n < min(len(parts), len(other)) - 1 and parts[n] == other[n]:
                n += 1
            if n > best_len:
                best, best_len = di, n
        return best if best_len >= 2 else None  # same product (e.g. external/corefx), not just same top folder

    def signatures(self, di, piece, middle, tok_len, budget):
        """Signature block for types used in `piece` declared in other files, within `budget` tokens."""
        if budget <= 0:
            return ""
        path = self.docs[di][0]
        own = set(TYPE_NAME_RE.findall(piece))
        counts = defaultdict(int)
        for w in CAP_WORD_RE.findall(piece):
            if w not in own and w in self.decl:
                counts[w] += 1
        mid_words = set(WORD_RE.findall(middle))
        scored = []
        for name, c in counts.items():
            src = self._nearest_decl(name, path, di)
            if src is None:
                continue
            t = self._types_of(src).get(name)
            if t is None:
                continue
            header, members = t
            used = [m for m in members if any(w in mid_words for w in WORD_RE.findall(m.split("(")[0])[-1:])]
            scored.append((len(used) > 0, c, name, src, header, used, members))
        scored.sort(key=lambda s: (not s[0], -s[1], s[2]))
        out, used_tok, last_path = [], 0, None
        for _, _, name, src, header, used, members in scored[:6]:
            p = display_path(self.docs[src][0])
            path_line = "// %s\n" % p if p != last_path else ""
            block = path_line + header + "\n{\n"
            cost = tok_len(block) + 1
            if used_tok + cost > budget:
                continue
            shown = used + [m for m in members if m not in used]
            for m in shown[:MAX_MEMBERS]:
                line = "    " + m + "\n"
                c = tok_len(line)
                if used_tok + cost + c > budget:
                    break
                block += line
                cost += c
            block += "}\n"
            out.append(block)
            used_tok += cost
            last_path = p
        return "".join(out)

    def retrieval(self, di, before, rng, tok_len, budget, window=12, tries=6):
        """Best-matching window (word Jaccard with `before`) of a sibling file, comment style, within `budget`."""
        if budget < 16:
            return ""
        path = self.docs[di][0]
        sibs = [j for j in self.by_dir.get(os.path.dirname(path), ()) if j != di]
        if not sibs:
            return ""
        query = set(WORD_RE.findall(before))
        if len(query) < 3:
            return ""
        best, best_score, best_path = None, 0.0, None
        for _ in range(tries):
            j = sibs[rng.randrange(len(sibs))]
            lines = self.docs[j][1].replace("\r\n", "\n").split("\n")
            if len(lines) < 3:
                continue
            s = rng.randrange(max(1, len(lines) - window))
            chunk = lines[s:s + window]
            code = [l for l in chunk if l.strip() and not l.lstrip().startswith(("//", "/*", "*"))]
            if len(code) < len(chunk) // 2:
                continue
            words = set(WORD_RE.findall("\n".join(chunk)))
            if not words:
                continue
            score = len(words & query) / len(words | query)
            if score > best_score:
                best, best_score, best_path = chunk, score, self.docs[j][0]
        if best is None or best_score < 0.1:
            return ""
        while best and not best[-1].strip():
            best.pop()
        while best and not best[0].strip():
            best.pop(0)
        while len(best) >= 3:
            text = "// Compare this snippet from %s:\n" % display_path(best_path) + "".join("// %s\n" % l for l in best)
            if tok_len(text) <= budget:
                return text
            best.pop()
        return ""
