#!/usr/bin/env python3
"""Compressed shards of the mixed corpus for the GPU recipe (gpu_run.sh): the train split in sha1(path) order,
cut into shards of about --shard-mb raw MB each (xz), plus valid.jsonl.xz and tokenizer.json, and a manifest
shards.json (per shard: documents, raw and xz bytes, sources, sha256 of the xz file). A device call copies at
most 64 MiB of working tree, so gpu_run.sh sends a few shards per call; the shards of a run are recorded in
the committed gpu_shards_consumed.tsv so the next run starts with shards no model has seen.

  python3 make_shards.py --corpus work/mix --out work/shards      # tokenizer: tokenizer-v2 (README section 11)
"""
import argparse
import hashlib
import json
import lzma
import os
import shutil
from multiprocessing import Pool

HERE = os.path.dirname(os.path.abspath(__file__))


def compress(args):
    lines, path = args
    with lzma.open(path, "wt", encoding="utf-8", preset=6) as f:
        f.writelines(lines)
    with open(path, "rb") as f:
        return os.path.getsize(path), hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(HERE, "work/mix"))
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "tokenizer-v2", "tokenizer.json"))
    ap.add_argument("--out", default=os.path.join(HERE, "work/shards"))
    ap.add_argument("--shard-mb", type=float, default=40.0, help="raw MB per shard (~4-5 MB xz)")
    ap.add_argument("--max-shards", type=int, default=0, help="only the first N shards (toy runs)")
    ap.add_argument("--procs", type=int, default=2)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.corpus, "train.jsonl"), encoding="utf-8") as f:
        lines = f.readlines()
    lines.sort(key=lambda ln: hashlib.sha1(json.loads(ln)["path"].encode()).hexdigest())
    shards, cur, n = [], [], 0
    for ln in lines:
        cur.append(ln)
        n += len(ln.encode("utf-8"))
        if n >= args.shard_mb * 1e6:
            shards.append(cur)
            cur, n = [], 0
    if cur:
        shards.append(cur)
    if args.max_shards:
        shards = shards[:args.max_shards]
    jobs = [(s, os.path.join(args.out, "train-%04d.jsonl.xz" % i)) for i, s in enumerate(shards)]
    with Pool(args.procs) as pool:
        done = pool.map(compress, jobs)
    manifest = {"order": "sha1(path)", "shards": []}
    for (s, path), (xz, sha) in zip(jobs, done):
        src = {}
        for ln in s:
            k = json.loads(ln).get("source", "?")
            src[k] = src.get(k, 0) + 1
        manifest["shards"].append({"name": os.path.basename(path), "docs": len(s),
                                   "raw_bytes": sum(len(l.encode("utf-8")) for l in s), "xz_bytes": xz,
                                   "sha256": sha, "sources": src})
    with open(os.path.join(args.corpus, "valid.jsonl"), encoding="utf-8") as f:
        manifest["valid_xz_bytes"] = compress((f.readlines(), os.path.join(args.out, "valid.jsonl.xz")))[0]
    shutil.copy(args.tokenizer, os.path.join(args.out, "tokenizer.json"))
    tc = os.path.join(os.path.dirname(args.tokenizer), "tokenizer_config.json")
    if os.path.exists(tc):  # export_onnx.py copies it into the package from beside tokenizer.json
        shutil.copy(tc, os.path.join(args.out, "tokenizer_config.json"))
    with open(os.path.join(args.out, "shards.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    tot = sum(s["xz_bytes"] for s in manifest["shards"])
    print("%d shards, %.1f MB raw -> %.1f MB xz" % (len(manifest["shards"]),
                                                  sum(s["raw_bytes"] for s in manifest["shards"]) / 1e6, tot / 1e6))


if __name__ == "__main__":
    main()
