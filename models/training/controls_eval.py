#!/usr/bin/env python3
"""Evaluate control runs (controls.sh) at the training length T and at 2T, and write the report data.

  controls_eval.py eval --ckpt /tmp/controls/<run>/ck/last.pt --log controls/<run>/log.jsonl \
                        --name <run> --out controls/<run>/eval.json
  controls_eval.py report --runs rope_fim alibi_fim rope_l2r --out controls/results.json

Eval sets (data.make_eval_sets, seed 4321, valid split, the same pieces for every run):
  at T:  pieces of <= T-12 tokens from a random line of a valid file (as the training-time eval);
  at 2T: pieces of <= 2T-12 tokens that have at least T tokens, so that at least part of every
         piece lies at positions the model never trained on.
Metrics, valid bits per byte (summed loss in bits / UTF-8 bytes):
  l2r  every predicted token of the plain piece;
  psm, spm  the middle tokens + the closing <|endoftext|> over the bytes of the middle;
  at 2T also l2r_head / l2r_tail: the same L2R loss split into target positions < T and >= T
  (bytes of each target token), so extrapolation shows up as tail >> head.
fp32 forward (no autocast). Per-piece (bits, bytes) are kept so the report can give paired
bootstrap 95% intervals for differences between runs on the same pieces.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bpe import Tokenizer  # noqa: E402
from data import load_texts, make_eval_sets  # noqa: E402
from export_onnx import load_model  # noqa: E402

LN2 = math.log(2)


@torch.no_grad()
def piece_losses(model, items, pad_id, tok, split_at=None, bs=8):
    """Per item: (bits, bytes) over the target tokens; with split_at also head/tail (target index < / >= split_at)."""
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    out = [None] * len(items)
    for s in range(0, len(order), bs):
        idx = order[s:s + bs]
        L = max(len(items[i][0]) for i in idx)
        X = torch.full((len(idx), L), pad_id, dtype=torch.long)
        Y = torch.full((len(idx), L), -100, dtype=torch.long)
        for r, i in enumerate(idx):
            x, y, _ = items[i]
            X[r, :len(x)] = torch.tensor(x)
            Y[r, :len(y)] = torch.tensor(y)
        logits = model(X).float()
        nll = torch.nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), Y.view(-1), ignore_index=-100,
                                                reduction="none").view(len(idx), L)
        for r, i in enumerate(idx):
            x, y, nb = items[i]
            bits = nll[r, :len(y)].sum().item() / LN2
            rec = {"bits": bits, "bytes": nb}
            if split_at is not None:
                hb, tb, hy, ty = 0.0, 0.0, 0, 0
                for t, tgt in enumerate(y):
                    if tgt < 0:
                        continue
                    b = nll[r, t].item() / LN2
                    n = len(tok.id2bytes[tgt])
                    if t < split_at:
                        hb, hy = hb + b, hy + n
                    else:
                        tb, ty = tb + b, ty + n
                rec.update(head_bits=hb, head_bytes=hy, tail_bits=tb, tail_bytes=ty)
            out[i] = rec
    return out


def bpb(recs, bk="bits", nk="bytes"):
    return sum(r[bk] for r in recs) / max(1, sum(r[nk] for r in recs))


def cmd_eval(a):
    torch.set_num_threads(a.threads)
    t0 = time.time()
    tok = Tokenizer(a.tokenizer)
    valid = load_texts(os.path.join(a.corpus_dir, "valid.jsonl"))
    model, cfg, ck = load_model(a.ckpt)
    T = cfg.max_len
    sets = {"T": make_eval_sets(valid, tok, T=T, n=a.n),
            "2T": make_eval_sets(valid, tok, T=2 * T, n=a.n, min_tokens=T)}
    res = {"name": a.name, "config": cfg.to_dict(), "params": model.n_params(), "non_emb_params": model.n_params(True),
           "step": ck["step"], "tokens_seen": ck["extra"]["tokens_seen"], "fim_rate": ck["args"].get("fim_rate", 0.9),
           "train_seconds": round(ck["extra"]["train_seconds"], 1), "eval": {}, "pieces": {}}
    for length, ss in sets.items():
        ev, pieces = {}, {}
        for mode, items in ss.items():
            recs = piece_losses(model, items, tok.fim_pad, tok, split_at=(T if (length == "2T" and mode == "l2r") else None))
            ev[mode] = round(bpb(recs), 4)
            ev["n_" + mode] = len(items)
            if length == "2T" and mode == "l2r":
                ev["l2r_head"] = round(bpb(recs, "head_bits", "head_bytes"), 4)
                ev["l2r_tail"] = round(bpb(recs, "tail_bits", "tail_bytes"), 4)
            pieces[mode] = [[round(r["bits"], 3), r["bytes"]] for r in recs]
        ev["mean_tokens_l2r"] = round(sum(len(x) for x, _, _ in ss["l2r"]) / max(1, len(ss["l2r"])), 1)
        res["eval"][length] = ev
        res["pieces"][length] = pieces
    if a.log and os.path.exists(a.log):
        with open(a.log) as f:
            recs = [json.loads(l) for l in f if l.strip()]
        ends = [r for r in recs if r.get("event") == "end"]
        starts = [r for r in recs if r.get("event") == "start"]
        if ends:
            res["wall_seconds"] = ends[-1]["wall_seconds"]
            res["end_time"] = ends[-1]["time"]
        if starts:
            res["start_time"] = starts[-1]["time"]
        toks = [r["tok_s"] for r in recs if "tok_s" in r]
        if toks:
            res["median_tok_s"] = sorted(toks)[len(toks) // 2]
    res["eval_seconds"] = round(time.time() - t0, 1)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(res, f)
    print(json.dumps({k: v for k, v in res.items() if k != "pieces"}, indent=1))


def paired_diff(pa, pb, n_boot=2000, seed=7):
    """bpb(b) - bpb(a) on the same pieces, with a paired bootstrap 95% interval."""
    assert len(pa) == len(pb)
    rng = random.Random(seed)
    n = len(pa)

    def d(ix):
        ba = sum(pa[i][0] for i in ix) / max(1, sum(pa[i][1] for i in ix))
        bb = sum(pb[i][0] for i in ix) / max(1, sum(pb[i][1] for i in ix))
        return bb - ba
    point = d(range(n))
    boots = sorted(d([rng.randrange(n) for _ in range(n)]) for _ in range(n_boot))
    return {"diff": round(point, 4), "ci95": [round(boots[int(0.025 * n_boot)], 4), round(boots[int(0.975 * n_boot)], 4)]}


def cmd_report(a):
    runs = {}
    for r in a.runs:
        with open(os.path.join(a.dir, r, "eval.json")) as f:
            runs[r] = json.load(f)
    comps = {}
    for base, other in [p.split(":") for p in a.compare]:
        if base not in runs or other not in runs:
            continue
        c = {}
        for length in ("T", "2T"):
            for mode in ("l2r", "psm", "spm"):
                c["%s_%s" % (mode, length)] = paired_diff(runs[base]["pieces"][length][mode],
                                                          runs[other]["pieces"][length][mode])
        comps["%s -> %s" % (base, other)] = c
    out = {"runs": {k: {kk: vv for kk, vv in v.items() if kk != "pieces"} for k, v in runs.items()},
           "comparisons (bpb(second) - bpb(first), paired bootstrap over the same valid pieces)": comps}
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)
    print(json.dumps(out, indent=1))
    if a.md:
        with open(a.md, "w") as f:
            f.write(markdown_tables(runs, comps))


def markdown_tables(runs, comps):
    """The tables of controls/RESULTS.md (the prose around them is written by hand)."""
    lines = ["| run | pos | FIM rate | params | tokens | wall | tok/s (median) "
             "| L2R @T | PSM @T | SPM @T | L2R @2T | L2R @2T pos<T | L2R @2T pos>=T | PSM @2T | SPM @2T |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in runs.items():
        e, e2 = r["eval"]["T"], r["eval"]["2T"]
        lines.append("| %s | %s | %s | %.2fM | %.2fM | %s | %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |" % (
            name, r["config"]["pos"], r["fim_rate"], r["params"] / 1e6, r["tokens_seen"] / 1e6,
            ("%.1f min" % (r["wall_seconds"] / 60)) if "wall_seconds" in r else "?", r.get("median_tok_s", "?"),
            e["l2r"], e["psm"], e["spm"], e2["l2r"], e2["l2r_head"], e2["l2r_tail"], e2["psm"], e2["spm"]))
    any_run = next(iter(runs.values()))
    lines.append("")
    lines.append("Pieces per mode: @T %d/%d/%d (mean %.0f tokens L2R), @2T %d/%d/%d (mean %.0f tokens L2R)." % (
        any_run["eval"]["T"]["n_l2r"], any_run["eval"]["T"]["n_psm"], any_run["eval"]["T"]["n_spm"],
        any_run["eval"]["T"]["mean_tokens_l2r"], any_run["eval"]["2T"]["n_l2r"], any_run["eval"]["2T"]["n_psm"],
        any_run["eval"]["2T"]["n_spm"], any_run["eval"]["2T"]["mean_tokens_l2r"]))
    if comps:
        lines += ["", "| comparison (second - first, bits/byte) | " + " | ".join(
            "%s %s" % (m.upper(), "@" + ln) for ln in ("T", "2T") for m in ("l2r", "psm", "spm")) + " |",
                  "|---|" + "---|" * 6]
        for name, c in comps.items():
            lines.append("| %s | " % name + " | ".join(
                "%+.4f [%+.4f, %+.4f]" % (c["%s_%s" % (m, ln)]["diff"], *c["%s_%s" % (m, ln)]["ci95"])
                for ln in ("T", "2T") for m in ("l2r", "psm", "spm")) + " |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("eval")
    e.add_argument("--ckpt", required=True)
    e.add_argument("--name", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--log", default=None)
    e.add_argument("--n", type=int, default=256, help="pieces per mode and length (fewer if the valid split runs out)")
    e.add_argument("--threads", type=int, default=1)
    e.add_argument("--corpus-dir", default=os.path.join(HERE, "work/corpus"))
    e.add_argument("--tokenizer", default=os.path.join(HERE, "work/tokenizer/tokenizer.json"))
    r = sub.add_parser("report")
    r.add_argument("--dir", default=os.path.join(HERE, "controls"))
    r.add_argument("--runs", nargs="+", required=True)
    r.add_argument("--compare", nargs="*", default=[], help="base:other pairs")
    r.add_argument("--out", required=True)
    r.add_argument("--md", default=None, help="also write the markdown tables here")
    a = ap.parse_args()
    cmd_eval(a) if a.cmd == "eval" else cmd_report(a)


if __name__ == "__main__":
    main()
