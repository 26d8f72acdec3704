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


def encode_fim_ctx(tok, context, prefix, middle, suffix, spm):
    """FIM example whose prefix starts with a cross-file context block (as the engine's prompt does: the block is
    part of the prefix text, encoded with it). Returns (ids, mask) with mask 0 on the block's tokens: the model
    reads the block but is not trained to write it. The block's length is counted one token short, so a BPE merge
    across its end never masks a prefix token."""
    c = max(0, len(tok.encode(context)) - 1) if context else 0
    ids = encode_fim(tok, context + prefix, middle, suffix, spm)
    start = len(tok.encode(suffix)) + 3 if spm else 1
    mask = [1] * len(ids)
    mask[start:start + c] = [0] * c
    return ids, mask


# ---------------------------------------------------------------- the stream
class Stream:
    def __init__(self, docs, tok, T=512, seed=1234, fim_rate=0.9, spm_rate=0.5, ctx_index=None, ctx_rate=0.0,
                 ctx_max=128, ctx_doc_of=None):
        self.docs = docs
        # ctx_doc_of maps an index into docs to the ctx_index's own document index (a shard of a larger corpus)
        self.ctx_doc_of = ctx_doc_of or (lambda i: i)
        # cross-file context blocks (context_aug.ContextIndex over these docs); ctx_rate 0 keeps the stream of
        # earlier sessions byte-identical (no extra random draws)
        self.ctx_index = ctx_index if ctx_rate > 0 else None
        self.ctx_rate = ctx_rate
        self.ctx_max = ctx_max
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

    def _context(self, doc_index, piece, before, middle, budget):
        """Signatures (about 70% of the budget) then, half the time, a retrieved snippet, as the engine orders them."""
        cost = lambda s: len(self.tok.encode(s))
        use_retrieval = self.rng.random() < 0.5
        sig_budget = budget * 7 // 10 if use_retrieval else budget
        sigs = self.ctx_index.signatures(doc_index, piece, middle, cost, sig_budget)
        snippet = ""
        if use_retrieval:
            tail = "\n".join(before.split("\n")[-10:])
            snippet = self.ctx_index.retrieval(doc_index, tail, self.rng, cost, budget - (cost(sigs) if sigs else 0))
        return sigs + snippet

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
            doc_index = self.ctx_doc_of(self._perm()[self.pos])
            ctx_budget = 0
            if self.ctx_index is not None and self.rng.random() < self.ctx_rate:
                ctx_budget = min(self.rng.randint(32, self.ctx_max), max(0, room - SLACK - 2 * MIN_PIECE))
            budget = room - SLACK - ctx_budget
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
                spm = self.rng.random() < self.spm_rate
                ctx = self._context(doc_index, text, pre, mid, ctx_budget) if ctx_budget else ""
                if ctx:
                    ex, ex_mask = encode_fim_ctx(self.tok, ctx, pre, mid, suf, spm)
                else:
                    ex = encode_fim(self.tok, pre, mid, suf, spm)
                    ex_mask = [1] * len(ex)
            else:
                ctx = self._context(doc_index, text, "", text, ctx_budget) if ctx_budget else ""
                ex = self.tok.encode(ctx + text) + ([self.tok.eot] if at_end else [])
                c = max(0, len(self.tok.encode(ctx)) - 1) if ctx else 0
                ex_mask = [0] * c + [1] * (len(ex) - c)
            ex, ex_mask = ex[:room], ex_mask[:room]
            ids.extend(ex)
            mask.extend(ex_mask)
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
def make_context_eval_sets(docs, ctx_index, first, tok, T=512, n=64, seed=8765, budget=110):
    """Does the model read the context block? The same PSM middles scored with the block before the prefix
    ("psm_ctx") and without it ("psm_noctx"); only examples whose block is non-empty. docs[first:] are the valid
    files, ctx_index covers docs (train + valid), so blocks come from the other files of the same product."""
    rng = random.Random(seed)
    order = list(range(first, len(docs)))
    rng.shuffle(order)
    cost = lambda s: len(tok.encode(s))
    sets = {"psm_ctx": [], "psm_noctx": []}
    for di in order:
        if len(sets["psm_ctx"]) >= n:
            break
        lines = _split_lines(docs[di][1])
        start = rng.randrange(max(1, len(lines) - 20))
        piece, ntok = "", 0
        for ln in lines[start:]:
            k = len(tok.encode(ln))
            if ntok + k > T - SLACK - budget:
                break
            piece += ln
            ntok += k
        if not piece.strip():
            continue
        pre, mid, suf = fim_split(piece, rng)
        if not mid:
            continue
        ctx = ctx_index.signatures(di, piece, mid, cost, budget * 7 // 10)
        ctx += ctx_index.retrieval(di, "\n".join(pre.split("\n")[-10:]), rng, cost, budget - (cost(ctx) if ctx else 0))
        if not ctx:
            continue
        nm = len(tok.encode(mid)) + 1
        for name, c in (("psm_ctx", ctx), ("psm_noctx", "")):
            ids = encode_fim(tok, c + pre, mid, suf, False)[:T + 1]
            tgt = [-100] * (len(ids) - 1 - nm) + ids[len(ids) - nm:]
            sets[name].append((ids[:-1], tgt, len(mid.encode("utf-8"))))
    return sets


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
