#!/usr/bin/env python3
"""Random-init model packages for the latency sizing of issue 20 (item 3) and the vocabulary cost (item 2):
one package per (d_model, n_layer, n_head, vocab, context) spec, exported with export_onnx.py's package code
(no torch self-checks) and quantized to 8-bit MatMulNBits weights as shipped (quantize_int8.py --op nbits).
Step times are then measured on them with step_bench.cs (ONNX Runtime from C#, as the server runs it).

  python3 size_sweep.py --tokenizer work/tok16k/tokenizer.json --out work/sizes 256x8x4 384x8x6 512x8x8
A spec is DxLxH; the vocabulary is the tokenizer's; --ctx sets the packages' context length (RoPE mask size).
"""
import argparse
import json
import os
import subprocess
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bpe import Tokenizer  # noqa: E402
from export_onnx import export_package  # noqa: E402
from model import GPT, Config  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("specs", nargs="+", help="DxLxH, e.g. 256x8x4")
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ctx", type=int, default=2048)
    ap.add_argument("--fp32-only", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    vocab = Tokenizer(args.tokenizer).vocab_size
    rows = []
    for spec in args.specs:
        d, L, H = (int(x) for x in spec.split("x"))
        cfg = Config(vocab_size=vocab, d_model=d, n_layer=L, n_head=H, max_len=args.ctx)
        torch.manual_seed(1234)
        m = GPT(cfg).eval()
        params = sum(p.numel() for p in m.parameters())
        name = "d%d-L%d-H%d-v%d" % (d, L, H, vocab)
        fp32 = os.path.join(args.out, name + "-fp32")
        export_package(m, cfg, args.tokenizer, fp32, note="random init (size sweep)", verify=False)
        row = {"name": name, "d_model": d, "n_layer": L, "n_head": H, "vocab": vocab, "params": params,
               "non_embedding_params": params - vocab * d, "ctx": args.ctx,
               "fp32_mb": round(os.path.getsize(os.path.join(fp32, "model.onnx")) / 1e6, 1)}
        if not args.fp32_only:
            q = os.path.join(args.out, name)
            subprocess.run([sys.executable, os.path.join(HERE, "quantize_int8.py"), "--model", fp32, "--out", q,
                            "--op", "nbits", "--bits", "8"], check=True, stdout=subprocess.DEVNULL)
            row["int8_mb"] = round(sum(os.path.getsize(os.path.join(q, f)) for f in os.listdir(q)) / 1e6, 1)
        rows.append(row)
        print(json.dumps(row), flush=True)
    with open(os.path.join(args.out, "sizes.json"), "w") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
