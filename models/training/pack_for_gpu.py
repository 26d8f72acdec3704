#!/usr/bin/env python3
"""Pack the corpus for the GPU recipe (gpu_train.py) so that it travels with the repo to a device
machine: the working tree that travels is capped at 64 MiB, and the tracked repo already holds
~38 MB, so the pack is a deterministic subset of the train split (documents in sha1(path) order
until the xz-compressed size reaches --budget-mb), the whole valid split, and tokenizer.json.
Writes work/gpu/{train.jsonl.xz, valid.jsonl.xz, tokenizer.json, pack.json} (work/ is git-ignored:
name `models/training/work/gpu` in the device call's `carry`)."""
import argparse
import hashlib
import json
import lzma
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))


def compress(lines, path):
    with lzma.open(path, "wt", encoding="utf-8", preset=9) as f:
        for ln in lines:
            f.write(ln)
    return os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-dir", default=os.path.join(HERE, "work/corpus"))
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "work/tokenizer/tokenizer.json"))
    ap.add_argument("--out", default=os.path.join(HERE, "work/gpu"))
    ap.add_argument("--budget-mb", type=float, default=23.0, help="compressed size of train.jsonl.xz")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.corpus_dir, "train.jsonl"), encoding="utf-8") as f:
        lines = f.readlines()
    lines.sort(key=lambda ln: hashlib.sha1(json.loads(ln)["path"].encode()).hexdigest())
    # ratio from a 5 MB sample, then shrink until the pack fits
    sample, n = [], 0
    for ln in lines:
        sample.append(ln)
        n += len(ln.encode())
        if n > 5e6:
            break
    ratio = n / len(lzma.compress("".join(sample).encode(), preset=9))
    raw_budget = args.budget_mb * 1e6 * ratio
    train_path = os.path.join(args.out, "train.jsonl.xz")
    while True:
        keep, n = [], 0
        for ln in lines:
            b = len(ln.encode())
            if n + b > raw_budget:
                break
            keep.append(ln)
            n += b
        size = compress(keep, train_path)
        print("train: %d of %d docs, %.1f MB raw -> %.1f MB xz" % (len(keep), len(lines), n / 1e6, size / 1e6), flush=True)
        if size <= args.budget_mb * 1e6:
            break
        raw_budget *= 0.95 * args.budget_mb * 1e6 / size
    with open(os.path.join(args.corpus_dir, "valid.jsonl"), encoding="utf-8") as f:
        vsize = compress(f.readlines(), os.path.join(args.out, "valid.jsonl.xz"))
    shutil.copy(args.tokenizer, os.path.join(args.out, "tokenizer.json"))
    info = {"train_docs": len(keep), "train_docs_all": len(lines), "train_raw_bytes": n,
            "train_xz_bytes": size, "valid_xz_bytes": vsize, "order": "sha1(path)"}
    with open(os.path.join(args.out, "pack.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
