"""FIM training data (Bavarian et al. 2022, "Efficient Training of Language Models to Fill
in the Middle"), tokenized on the fly, deterministic and resumable.

Packing = context-level FIM approximation. The paper packs documents into contexts first
and applies FIM to each document fragment inside a context. We do the same in one pass:
a window of T+1 tokens is filled by cutting the current document, at LINE boundaries, into
a piece whose tokens fit the room left in the window (minus sentinel slack); FIM (rate 0.9)
is applied to that piece; the encoded example is appended. So an example never straddles
two windows and a long file becomes several consecutive pieces (each its own FIM example).
When the room left is < MIN_PIECE tokens, or the next line does not fit, the tail is padded
with <fim_pad> whose targets are masked (-100). Non-FIM pieces end with <|endoftext|> only
when they reach the end of their file.

Formats (each of prefix / middle / suffix encoded SEPARATELY, as at inference):
  PSM: <fim_prefix> P <fim_suffix> S <fim_middle> M <|endoftext|>
  SPM: <fim_prefix><fim_suffix> S <fim_middle> P M <|endoftext|>   (paper's SPM variant)
  plain: text [<|endoftext|>]
Spans: 50% the paper's character-level uniform random spans; 50% line-aligned editor-like
spans: rest-of-line from a random column, 1..8 whole lines (cursor at line start or after
the indentation), or the body of a braced block.

State for exact resume = (epoch, index into the epoch's permutation, line cursor inside that
document, python RNG state) at a window boundary; see Stream.state()/Stream.restore().
"""
import json
import random

MIN_PIECE = 48
SLACK = 12  # sentinel tokens (4) + re-tokenization growth at span boundaries
MAX_LINE_TOK = 256


def load_texts(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append((d["path"], d["text"]))
    return out


# ---------------------------------------------------------------- span selection
def char_span(text, rng):
    n = len(text)
    a, b = sorted((rng.randint(0, n), rng.randint(0, n)))
    return a, b


def line_starts(text):
    starts = [0]
    i = text.find("\n")
    while i != -1:
        if i + 1 < len(text):
            starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def line_span(text, rng):
    """Editor-like spans, returns (a, b) character offsets with a <= b."""
    starts = line_starts(text)
    nl = len(starts)
    ends = starts[1:] + [len(text)]  # end of line i (after its '\n')
    kind = rng.random()
    if kind < 1 / 3:
        # rest of a line from a random column (middle excludes the line break)
        i = rng.randrange(nl)
        s, e = starts[i], ends[i]
        content_end = e
        if text[s:e].endswith("\r\n"):
            content_end = e - 2
        elif text[s:e].endswith("\n"):
            content_end = e - 1
        a = rng.randint(s, content_end)
        return a, content_end
    if kind < 2 / 3:
        # 1..8 whole lines; half the time the cursor sits after the indentation
        i = rng.randrange(nl)
        k = min(nl - i, rng.randint(1, 8))
        a, b = starts[i], ends[i + k - 1]
        if rng.random() < 0.5:
            line = text[a:ends[i]]
            a += len(line) - len(line.lstrip(" \t"))
            a = min(a, b)
        return a, b
    # body of a braced block: line ending with '{' ... matching '}' line
    cands = [i for i in range(nl) if text[starts[i]:ends[i]].rstrip().endswith("{")]
    if cands:
        i = rng.choice(cands)
        depth = 0
        for j in range(i, nl):
            ln = text[starts[j]:ends[j]]
            depth += ln.count("{") - ln.count("}")
            if j > i and depth <= 0:
                if j > i + 1:
                    return starts[i + 1], starts[j]
                break
    # fallback: whole lines
    i = rng.randrange(nl)
    k = min(nl - i, rng.randint(1, 4))
    return starts[i], ends[i + k - 1]


def fim_split(text, rng):
    if rng.random() < 0.5:
        a, b = char_span(text, rng)
    else:
        a, b = line_span(text, rng)
    return text[:a], text[a:b], text[b:]


def encode_fim(tok, prefix, middle, suffix, spm):
    p, m, s = tok.encode(prefix), tok.encode(middle), tok.encode(suffix)
    if spm:
        ids = [tok.fim_prefix, tok.fim_suffix] + s + [tok.fim_middle] + p + m + [tok.eot]
    else:
        ids = [tok.fim_prefix] + p + [tok.fim_suffix] + s + [tok.fim_middle] + m + [tok.eot]
    return ids


# ---------------------------------------------------------------- the stream
class Stream:
    def __init__(self, docs, tok, T=512, seed=1234, fim_rate=0.9, spm_rate=0.5):
        self.docs = docs
        self.tok = tok
        self.T = T
        self.seed = seed
        self.fim_rate = fim_rate
        self.spm_rate = spm_rate
        self.epoch = 0
        self.pos = 0
        self.line = 0
        self.rng = random.Random(seed)
        self._perm_epoch = None
        self._lines_cache = (None, None)
        self.tokens_real = 0

    # -- deterministic state
    def state(self):
        return {"epoch": self.epoch, "pos": self.pos, "line": self.line, "rng": self.rng.getstate(),
                "seed": self.seed}

    def restore(self, st):
        self.epoch, self.pos, self.line = st["epoch"], st["pos"], st["line"]
        r = st["rng"]
        self.rng.setstate((r[0], tuple(r[1]), r[2]))

    def _perm(self):
        if self._perm_epoch != self.epoch:
            p = list(range(len(self.docs)))
            random.Random(self.seed * 1000003 + self.epoch).shuffle(p)
            self._perm_list, self._perm_epoch = p, self.epoch
        return self._perm_list

    def _doc_lines(self):
        di = self._perm()[self.pos]
        if self._lines_cache[0] == di:
            return self._lines_cache[1]
        text = self.docs[di][1]
        lines = []
        for ln in _split_lines(text):
            n = len(self.tok.encode(ln))
            if n > MAX_LINE_TOK:  # split a very long line by characters into chunks
                step = max(1, len(ln) * MAX_LINE_TOK // (2 * n))
                for k in range(0, len(ln), step):
                    c = ln[k:k + step]
                    lines.append((c, len(self.tok.encode(c))))
            else:
                lines.append((ln, n))
        self._lines_cache = (di, lines)
        return lines

    def _advance_doc(self):
        self.pos += 1
        self.line = 0
        if self.pos >= len(self.docs):
            self.pos = 0
            self.epoch += 1

    def next_window(self):
        """Returns (ids, targets) lists of length T (targets -100 where masked)."""
        W = self.T + 1
        ids, mask = [], []
        while True:
            room = W - len(ids)
            if room < MIN_PIECE:
                break
            lines = self._doc_lines()
            budget = room - SLACK
            j, n = self.line, 0
            while j < len(lines) and n + lines[j][1] <= budget:
                n += lines[j][1]
                j += 1
            if j == self.line:  # next line does not fit in this window
                if len(ids) == 0:  # cannot happen with MAX_LINE_TOK < T, but be safe
                    j = self.line + 1
                else:
                    break
            text = "".join(l for l, _ in lines[self.line:j])
            at_end = j >= len(lines)
            self.line = j
            if at_end:
                self._advance_doc()
            if self.rng.random() < self.fim_rate and len(text) > 0:
                pre, mid, suf = fim_split(text, self.rng)
                ex = encode_fim(self.tok, pre, mid, suf, self.rng.random() < self.spm_rate)
            else:
                ex = self.tok.encode(text) + ([self.tok.eot] if at_end else [])
            ex = ex[:room]
            ids.extend(ex)
            mask.extend([1] * len(ex))
        real = len(ids)
        self.tokens_real += real
        ids.extend([self.tok.fim_pad] * (W - len(ids)))
        mask.extend([0] * (W - len(mask)))
        x = ids[:-1]
        y = [t if m else -100 for t, m in zip(ids[1:], mask[1:])]
        return x, y


def _split_lines(text):
    """Split after each '\\n' (keeps '\\r\\n' together, keeps a lone '\\r' inside its line)."""
    out = []
    s = 0
    while True:
        i = text.find("\n", s)
        if i == -1:
            if s < len(text):
                out.append(text[s:])
            return out
        out.append(text[s:i + 1])
        s = i + 1


# ---------------------------------------------------------------- fixed eval sets
def make_eval_sets(docs, tok, T=512, n=64, seed=4321, min_tokens=0):
    """Fixed valid examples for three modes. Each item: (ids, targets, n_bytes).
    L2R:  plain text piece (lines from a random line of a file, fitting T-12 tokens) + <|endoftext|> if it is the whole file;
          bits/byte = summed loss (bits) over every predicted token / UTF-8 bytes of the text.
    PSM/SPM: FIM example from the same kind of piece (span distribution as in training);
          bits/byte = summed loss (bits) over the middle tokens + the final <|endoftext|>
          / UTF-8 bytes of the middle (examples with an empty middle are skipped).
    min_tokens > 0 skips pieces shorter than that many tokens (length-extrapolation evals: at 2x the
    training length only pieces that really are long test positions the model never trained on)."""
    rng = random.Random(seed)
    order = list(range(len(docs)))
    rng.shuffle(order)
    sets = {"l2r": [], "psm": [], "spm": []}
    for di in order:
        if all(len(v) >= n for v in sets.values()):
            break
        text = docs[di][1]
        lines = _split_lines(text)
        start = rng.randrange(max(1, len(lines) - 20))  # random piece of the file, not only its header
        piece, ntok = "", 0
        for ln in lines[start:]:
            k = len(tok.encode(ln))
            if ntok + k > T - SLACK:
                break
            piece += ln
            ntok += k
        if not piece.strip() or ntok < min_tokens:
            continue
        whole = piece == text
        if len(sets["l2r"]) < n:
            ids = tok.encode(piece) + ([tok.eot] if whole else [])
            ids = ids[:T + 1]
            sets["l2r"].append((ids[:-1], ids[1:], len(piece.encode("utf-8"))))
        for mode in ("psm", "spm"):
            if len(sets[mode]) >= n:
                continue
            pre, mid, suf = fim_split(piece, rng)
            if not mid:
                continue
            ids = encode_fim(tok, pre, mid, suf, mode == "spm")[:T + 1]
            nm = len(tok.encode(mid)) + 1
            tgt = [-100] * (len(ids) - 1 - nm) + ids[len(ids) - nm:]
            sets[mode].append((ids[:-1], tgt, len(mid.encode("utf-8"))))
    return sets
