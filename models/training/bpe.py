#!/usr/bin/env python3
"""Byte-level BPE: trainer + encoder/decoder, writes a Hugging Face tokenizer.json.

ids 0-4: special tokens, 5-260: the 256 byte symbols (GPT-2 bytes_to_unicode strings,
in byte order), 261..8191: merges in training order.

Training follows the Hugging Face BPE trainer: count pre-tokenized "words" once,
keep pair counts + pair->words index, pop the best pair from a lazy max-heap and
update only the affected words' pair counts.

Usage:
  python3 bpe.py train  --corpus work/corpus/train.jsonl --out work/tokenizer
  python3 bpe.py check  --tokenizer work/tokenizer/tokenizer.json --corpus work/corpus/{train,valid,test}.jsonl
"""
import argparse
import heapq
import json
import os
import random
import sys
import time
from collections import Counter

import regex

SPECIALS = ["<|endoftext|>", "<fim_prefix>", "<fim_middle>", "<fim_suffix>", "<fim_pad>"]
PRETOKENIZE = r" ?[\p{L}_][\p{L}\p{N}_]*| ?[^\s\p{L}\p{N}_]+|\p{N}|\r?\n|[^\S\r\n]+(?!\S)|[^\S\r\n]+"
PRE_RE = regex.compile(PRETOKENIZE)
VOCAB_SIZE = 8192


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


B2U = bytes_to_unicode()
U2B = {v: k for k, v in B2U.items()}


def pretokenize(text):
    """HF Split(behavior=Isolated): the regex matches AND the unmatched gaps (only a lone
    '\r' can be left unmatched by this regex) are pieces, in order."""
    out = []
    pos = 0
    for m in PRE_RE.finditer(text):
        s, e = m.span()
        if s > pos:
            out.append(text[pos:s])
        out.append(m.group())
        pos = e
    if pos < len(text):
        out.append(text[pos:])
    return out


def word_to_unicode(w):
    return "".join(B2U[b] for b in w.encode("utf-8"))


def iter_jsonl(paths):
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)


def train(texts, vocab_size=VOCAB_SIZE, log=print):
    t0 = time.time()
    wc = Counter()
    for t in texts:
        wc.update(pretokenize(t))
    log("pre-tokenized: %d unique words in %.1fs" % (len(wc), time.time() - t0))
    id2tok = list(SPECIALS) + [B2U[b] for b in range(256)]
    tok2id = {t: i for i, t in enumerate(id2tok)}
    base = len(SPECIALS)
    words, freqs = [], []
    for w, f in wc.items():
        words.append([base + b for b in w.encode("utf-8")])
        freqs.append(f)
    pc = Counter()
    where = {}
    for wi, (w, f) in enumerate(zip(words, freqs)):
        for p in zip(w, w[1:]):
            pc[p] += f
            s = where.get(p)
            if s is None:
                where[p] = s = set()
            s.add(wi)
    heap = [(-c, p) for p, c in pc.items()]
    heapq.heapify(heap)
    merges = []
    while len(id2tok) < vocab_size and heap:
        negc, p = heapq.heappop(heap)
        c = pc.get(p, 0)
        if c <= 0:
            continue
        if -negc != c:
            heapq.heappush(heap, (-c, p))
            continue
        a, b = p
        s = id2tok[a] + id2tok[b]
        nid = tok2id.get(s)
        if nid is None:
            nid = len(id2tok)
            id2tok.append(s)
            tok2id[s] = nid
        merges.append((a, b))
        changed = set()
        for wi in where.pop(p, ()):
            w = words[wi]
            f = freqs[wi]
            # quick check
            found = False
            for i in range(len(w) - 1):
                if w[i] == a and w[i + 1] == b:
                    found = True
                    break
            if not found:
                continue
            for q in zip(w, w[1:]):
                pc[q] -= f
                changed.add(q)
            nw = []
            i = 0
            n = len(w)
            while i < n:
                if i < n - 1 and w[i] == a and w[i + 1] == b:
                    nw.append(nid)
                    i += 2
                else:
                    nw.append(w[i])
                    i += 1
            words[wi] = nw
            for q in zip(nw, nw[1:]):
                pc[q] += f
                changed.add(q)
                if q != p:
                    ss = where.get(q)
                    if ss is None:
                        where[q] = ss = set()
                    ss.add(wi)
        pc.pop(p, None)
        for q in changed:
            if q == p:
                continue
            cq = pc.get(q, 0)
            if cq > 0:
                heapq.heappush(heap, (-cq, q))
            else:
                pc.pop(q, None)
        if len(merges) % 1000 == 0:
            log("  %d merges, vocab %d, %.1fs" % (len(merges), len(id2tok), time.time() - t0))
    log("trained %d merges, vocab %d in %.1fs" % (len(merges), len(id2tok), time.time() - t0))
    return id2tok, [(id2tok[a], id2tok[b]) for a, b in merges]


def to_hf_json(id2tok, merges):
    added = [{"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i, s in enumerate(SPECIALS)]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": PRETOKENIZE}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": {t: i for i, t in enumerate(id2tok)},
                  "merges": ["%s %s" % (a, b) for a, b in merges]},
    }


class Tokenizer:
    """Encoder/decoder equivalent to the HF tokenizer.json produced above (plain text; special
    tokens are only produced by the FIM formatter, never parsed out of text)."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            j = json.load(f)
        m = j["model"]
        self.vocab = m["vocab"]
        self.id2tok = [None] * len(self.vocab)
        for t, i in self.vocab.items():
            self.id2tok[i] = t
        self.ranks = {}
        for r, s in enumerate(m["merges"]):
            a, b = s.split(" ")
            self.ranks[(a, b)] = r
        self.special = {t["content"]: t["id"] for t in j["added_tokens"]}
        self.eot = self.special["<|endoftext|>"]
        self.fim_prefix = self.special["<fim_prefix>"]
        self.fim_middle = self.special["<fim_middle>"]
        self.fim_suffix = self.special["<fim_suffix>"]
        self.fim_pad = self.special["<fim_pad>"]
        self.cache = {}
        self.id2bytes = [b"" if t in self.special else bytes(U2B[ch] for ch in t) for t in self.id2tok]
        self.vocab_size = len(self.id2tok)

    def _bpe(self, word):
        syms = list(word_to_unicode(word))
        ranks = self.ranks
        while len(syms) > 1:
            best, bi = None, -1
            for i in range(len(syms) - 1):
                r = ranks.get((syms[i], syms[i + 1]))
                if r is not None and (best is None or r < best):
                    best, bi = r, i
            if best is None:
                break
            a, b = syms[bi], syms[bi + 1]
            out, i, n = [], 0, len(syms)
            while i < n:
                if i < n - 1 and syms[i] == a and syms[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            syms = out
        return [self.vocab[s] for s in syms]

    def encode(self, text):
        ids = []
        cache = self.cache
        for w in pretokenize(text):
            r = cache.get(w)
            if r is None:
                r = self._bpe(w)
                if len(cache) < 2_000_000:
                    cache[w] = r
            ids.extend(r)
        return ids

    def decode_bytes(self, ids):
        return b"".join(self.id2bytes[i] for i in ids)

    def decode(self, ids):
        return self.decode_bytes(ids).decode("utf-8", errors="replace")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("train")
    a.add_argument("--corpus", default="work/corpus/train.jsonl")
    a.add_argument("--out", default="work/tokenizer")
    a.add_argument("--sample-mb", type=float, default=30)
    a.add_argument("--seed", type=int, default=1234)
    a.add_argument("--vocab-size", type=int, default=VOCAB_SIZE)
    c = sub.add_parser("check")
    c.add_argument("--tokenizer", default="work/tokenizer/tokenizer.json")
    c.add_argument("--corpus", nargs="+", default=["work/corpus/train.jsonl", "work/corpus/valid.jsonl", "work/corpus/test.jsonl"])
    c.add_argument("--out", default=None)
    args = ap.parse_args()
    if args.cmd == "train":
        docs = [d["text"] for d in iter_jsonl([args.corpus])]
        rng = random.Random(args.seed)
        rng.shuffle(docs)
        budget = int(args.sample_mb * 1e6)
        sample, n = [], 0
        for t in docs:
            if n >= budget:
                break
            sample.append(t)
            n += len(t.encode("utf-8"))
        print("training sample: %d files, %.1f MB" % (len(sample), n / 1e6), flush=True)
        id2tok, merges = train(sample, args.vocab_size, log=lambda s: print(s, flush=True))
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "tokenizer.json"), "w", encoding="utf-8") as f:
            json.dump(to_hf_json(id2tok, merges), f, ensure_ascii=False)
        cfg = {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 512,
               "bos_token": None, "eos_token": "<|endoftext|>", "unk_token": None, "pad_token": "<fim_pad>",
               "additional_special_tokens": SPECIALS[1:], "clean_up_tokenization_spaces": False}
        with open(os.path.join(args.out, "tokenizer_config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
    else:
        tok = Tokenizer(args.tokenizer)
        t0 = time.time()
        nfiles = nbad = nchars = nbytes = ntok = 0
        per = {}
        for p in args.corpus:
            fc = fb = ft = 0
            for d in iter_jsonl([p]):
                ids = tok.encode(d["text"])
                if tok.decode_bytes(ids) != d["text"].encode("utf-8"):
                    nbad += 1
                    print("ROUNDTRIP FAIL:", d["path"])
                nfiles += 1
                fc += len(d["text"])
                fb += len(d["text"].encode("utf-8"))
                ft += len(ids)
            per[os.path.basename(p)] = {"chars": fc, "bytes": fb, "tokens": ft,
                                        "chars_per_token": round(fc / max(1, ft), 3),
                                        "bytes_per_token": round(fb / max(1, ft), 3)}
            nchars += fc
            nbytes += fb
            ntok += ft
        res = {"files": nfiles, "roundtrip_failures": nbad, "chars": nchars, "bytes": nbytes, "tokens": ntok,
               "chars_per_token": round(nchars / max(1, ntok), 3), "bytes_per_token": round(nbytes / max(1, ntok), 3),
               "per_split": per, "seconds": round(time.time() - t0, 1)}
        print(json.dumps(res, indent=2))
        if args.out:
            with open(args.out, "w") as f:
                json.dump(res, f, indent=2)
        sys.exit(1 if nbad else 0)


if __name__ == "__main__":
    main()
