#!/usr/bin/env python3
"""Turns `fimcomplete eval --out` reports into the markdown tables of docs/evaluation.md.

Usage: python3 tests/eval/report.py "full pipeline=a.json" "--no-context=b.json" ...
Prints one table: rows are configurations, columns are task kinds (ES, EM, length ratio) and all.
"""
import json
import sys

KINDS = ["single-line", "multi-line", "member"]


def cell(summary, key):
    v = summary[key]
    return f"{v:.3f}"


def opt(summary, key):
    """A metric older reports lack (bind_ok, length_ratio: `eval --rescore` adds them)."""
    return f"{summary[key]:.3f}" if key in summary else "-"


def main(args):
    runs = []
    for arg in args:
        name, path = arg.split("=", 1)
        runs.append((name, json.load(open(path))))
    print("| configuration | " + " | ".join(f"{k} ES | {k} EM | {k} len" for k in KINDS) + " | all ES | all EM | syntax ok | bind ok | p50 ms | p95 ms |")
    print("|---|" + "---|" * (3 * len(KINDS) + 6))
    for name, rep in runs:
        row = [name]
        for k in KINDS:
            s = rep["by_kind"].get(k)
            row += [cell(s, "edit_similarity"), cell(s, "exact_match"), opt(s, "length_ratio")] if s else ["-", "-", "-"]
        s = rep["summary"]
        row += [cell(s, "edit_similarity"), cell(s, "exact_match"), cell(s, "syntax_ok"), opt(s, "bind_ok"),
                f"{s['latency_ms']['p50']:.0f}", f"{s['latency_ms']['p95']:.0f}"]
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
