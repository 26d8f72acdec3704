#!/usr/bin/env python3
"""Vocabulary choice for model v2 (issue 20, item 2): chars per token of the mixed-corpus BPE at several
vocabulary sizes on held-out code the tokenizer never saw (the suite's test projects: old = Debian, modern =
corpus), from ONE trained tokenizer: the trainer is greedy and deterministic, so the first k merges of a 16k
run are exactly the merges of a k-vocabulary run on the same sample; smaller vocabularies are its truncations.

  python3 tok_sweep.py truncate --tokenizer work/tok16k/tokenizer.json --vocab 8192 --out work/tok8k
  python3 tok_sweep.py measure --tokenizers work/tok8k/tokenizer.json ... --out tok_sweep.json
"""
import argparse
import csv
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from bpe import Tokenizer  # noqa: E402
from mix_corpus import basic_filter, corpus_tarballs, debian_tarballs, default_corpus_dir, tar_members  # noqa: E402


def truncate(src, vocab, out):
    with open(src, encoding="utf-8") as f:
        tj = json.load(f)
    n_base = len(tj["model"]["vocab"]) - len(tj["model"]["merges"])  # specials + 256 bytes
    tj["model"]["merges"] = tj["model"]["merges"][:vocab - n_base]
    tj["model"]["vocab"] = {t: i for t, i in tj["model"]["vocab"].items() if i < vocab}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tj, f, ensure_ascii=False)
    tc = os.path.join(os.path.dirname(src), "tokenizer_config.json")
    if os.path.exists(tc):
        shutil.copy(tc, os.path.join(out, "tokenizer_config.json"))


def heldout_test_sets(projects_tsv, debian_dir, corpus_dir):
    """{"old": [(project, text)], "modern": [...]} from the suite's split=test projects whose sources are here."""
    sets, missing = {"old": [], "modern": []}, []
    deb, cor = debian_tarballs(debian_dir), corpus_tarballs(corpus_dir)
    with open(projects_tsv, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["split"] != "test":
                continue
            src = deb.get(row["ref"]) if row["source"] == "debian" else cor.get(row["ref"].replace("/", "__"))
            if not src:
                missing.append(row["name"])
                continue
            for path, data in tar_members(src):
                stage, text = basic_filter(row["source"], path, data)
                if text:
                    sets[row["style"]].append((row["name"], text))
    return sets, missing


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("truncate")
    t.add_argument("--tokenizer", required=True)
    t.add_argument("--vocab", type=int, required=True)
    t.add_argument("--out", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--tokenizers", nargs="+", required=True)
    m.add_argument("--projects", default=os.path.join(REPO, "tests/eval/projects/projects.tsv"))
    m.add_argument("--debian-dir", default=os.path.join(HERE, "work/src/debian"))
    m.add_argument("--corpus-dir", default=default_corpus_dir())
    m.add_argument("--max-files", type=int, default=400, help="per style, every n-th file to bound the time")
    m.add_argument("--out", default=os.path.join(HERE, "tok_sweep.json"))
    args = ap.parse_args()
    if args.cmd == "truncate":
        truncate(args.tokenizer, args.vocab, args.out)
        return
    sets, missing = heldout_test_sets(args.projects, args.debian_dir, args.corpus_dir)
    for k, docs in sets.items():
        step = max(1, len(docs) // args.max_files)
        sets[k] = docs[::step]
    res = {"sets": {k: {"files": len(v), "projects": sorted({p for p, _ in v}), "chars": sum(len(t) for _, t in v)}
                    for k, v in sets.items()},
           "test_projects_without_sources_here": missing, "tokenizers": []}
    for path in args.tokenizers:
        tok = Tokenizer(path)
        row = {"tokenizer": os.path.relpath(path, HERE), "vocab": tok.vocab_size}
        for k, docs in sets.items():
            ntok = sum(len(tok.encode(t)) for _, t in docs)
            row["chars_per_token_" + k] = round(res["sets"][k]["chars"] / max(1, ntok), 3)
        res["tokenizers"].append(row)
        print(json.dumps(row), flush=True)
    with open(args.out, "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
