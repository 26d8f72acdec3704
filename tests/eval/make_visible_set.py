#!/usr/bin/env python3
"""Builds the visible evaluation set from the default model's test split (mono files never trained on).

Reads models/training/work/corpus/test.jsonl (made by models/training/corpus.py; its paths are listed in
models/training/test_split_paths.txt), picks files deterministically, copies them (bytes unchanged, MIT) to
tests/eval/visible/src/, and writes tests/eval/visible/tasks.jsonl with three kinds of task:

  single-line  the rest of a line from a token boundary
  multi-line   the whole body of a braced block of 2-6 lines (cursor after the first body line's indentation)
  member       the rest of a line right after `identifier.`

Offsets are UTF-16 code units into the file's text as .NET reads it (UTF-8, BOM dropped, CRLF kept).
Usage: python3 tests/eval/make_visible_set.py [--per-kind 120] [--files 60]
"""
import argparse
import hashlib
import json
import os
import random
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "models", "training", "work", "corpus", "test.jsonl")
OUT = os.path.join(ROOT, "tests", "eval", "visible")

MEMBER = re.compile(r"(?<![\w.\"'])([A-Za-z_]\w*)\.(?=[A-Za-z_])")
SKIP_LINE = re.compile(r"^\s*(//|/\*|\*|#|using\s|namespace\s|\[)")


def utf16(text, index):
    return len(text[:index].encode("utf-16-le")) // 2


def line_spans(text):
    """(start, end) of each line's content, end excluding CR/LF."""
    spans, start = [], 0
    while start <= len(text):
        nl = text.find("\n", start)
        end = len(text) if nl < 0 else nl
        content_end = end - 1 if end > start and text[end - 1] == "\r" else end
        spans.append((start, content_end))
        if nl < 0:
            break
        start = nl + 1
    return spans


def code_like(line):
    s = line.strip()
    return len(s) >= 8 and not SKIP_LINE.match(line) and '"' not in s[:1]


def single_line_tasks(text, rng):
    tasks = []
    for start, end in line_spans(text):
        line = text[start:end]
        if not code_like(line) or len(line.strip()) > 100:
            continue
        indent = len(line) - len(line.lstrip())
        # token boundaries: positions where a word/punct run starts, not the last 3 chars
        bounds = [i for i in range(indent, len(line) - 3)
                  if i == indent or (line[i - 1].isspace() != line[i].isspace()) or (line[i - 1].isalnum() != line[i].isalnum())]
        bounds = [b for b in bounds if not line[b].isspace()]
        if not bounds:
            continue
        b = rng.choice(bounds)
        tasks.append((start + b, end))
    return tasks


def multi_line_tasks(text):
    tasks = []
    spans = line_spans(text)
    for i, (s, e) in enumerate(spans):
        head = text[s:e]
        if not head.rstrip().endswith("{") or SKIP_LINE.match(head):
            continue
        indent = len(head) - len(head.lstrip())
        if head.strip() != "{":
            pass
        # the closing brace at the same indentation as the block's opening line (or its brace line)
        for j in range(i + 1, min(i + 8, len(spans))):
            line = text[spans[j][0]:spans[j][1]]
            if line.strip() == "}" and len(line) - len(line.lstrip()) == indent:
                body = spans[i + 1:j]
                if 2 <= len(body) <= 6 and all(text[a:b].strip() for a, b in body):
                    first = text[body[0][0]:body[0][1]]
                    start = body[0][0] + (len(first) - len(first.lstrip()))
                    tasks.append((start, body[-1][1]))
                break
            if line.strip().startswith("}") and len(line) - len(line.lstrip()) <= indent:
                break
    return tasks


def member_tasks(text):
    tasks = []
    for start, end in line_spans(text):
        line = text[start:end]
        if not code_like(line) or line.lstrip().startswith("using"):
            continue
        for m in MEMBER.finditer(line):
            if m.group(1)[0].isdigit() or line[:m.start()].count('"') % 2 == 1 or "//" in line[:m.start()]:
                continue
            if len(line) - m.end() >= 3:
                tasks.append((start + m.end(), end))
    return tasks


def choose_tasks(pools, rng, per_kind, per_file):
    """Shuffles each kind's pool of (rel, text, start, end) candidates and keeps up to per_kind of them, at most
    per_file per file; returns task records (UTF-16 offsets, ids numbered per kind in file order)."""
    tasks = []
    for kind, pool in pools.items():
        rng.shuffle(pool)
        counts, chosen = {}, []
        for rel, text, s, e in pool:
            if counts.get(rel, 0) >= per_file:
                continue
            counts[rel] = counts.get(rel, 0) + 1
            chosen.append((rel, text, s, e))
            if len(chosen) == per_kind:
                break
        for n, (rel, text, s, e) in enumerate(sorted(chosen, key=lambda t: (t[0], t[2]))):
            tasks.append({"id": f"{kind}-{n:03d}", "file": rel, "start": utf16(text, s), "end": utf16(text, e), "kind": kind,
                          "expected": text[s:e]})
    return tasks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-kind", type=int, default=120)
    ap.add_argument("--files", type=int, default=60)
    ap.add_argument("--seed", type=int, default=20261126)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    docs = []
    with open(CORPUS, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if 1500 <= len(d["text"]) <= 20000:
                docs.append(d)
    docs.sort(key=lambda d: hashlib.sha1(d["path"].encode()).hexdigest())
    docs = docs[:args.files]

    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(os.path.join(OUT, "src"))
    pools = {"single-line": [], "multi-line": [], "member": []}
    for d in docs:
        rel = d["path"].replace("/", "__")
        dest = os.path.join(OUT, "src", rel)
        with open(dest, "w", encoding="utf-8", newline="") as f:
            f.write(d["text"])
        text = d["text"].lstrip("\ufeff")
        for kind, spans in (("single-line", single_line_tasks(text, rng)), ("multi-line", multi_line_tasks(text)), ("member", member_tasks(text))):
            for s, e in spans:
                pools[kind].append((rel, text, s, e))

    # at most 4 tasks per file and kind, so no single file dominates
    tasks = choose_tasks(pools, rng, args.per_kind, per_file=4)

    with open(os.path.join(OUT, "tasks.jsonl"), "w", encoding="utf-8") as f:
        for t in tasks:
            f.write(json.dumps({k: t[k] for k in ("id", "file", "start", "end", "kind")}, ensure_ascii=False) + "\n")
    size = sum(os.path.getsize(os.path.join(OUT, "src", p)) for p in os.listdir(os.path.join(OUT, "src")))
    print(f"{len(docs)} files ({size/1024:.0f} KB), tasks: " + ", ".join(f"{k} {sum(1 for t in tasks if t['kind']==k)}" for k in pools))
    for t in tasks[:3] + tasks[130:132] + tasks[-2:]:
        print(t["kind"], repr(t["expected"][:100]))


if __name__ == "__main__":
    main()
