#!/usr/bin/env python3
"""Rebuild a training checkpoint from a shipped model package (issue 9, item 3: "rebuild what can be rebuilt").

A GPU-trained model (gpu_train.py) is stored in bf16 and exported to fp32 ONNX, so the ONNX initializers hold
its weights exactly; committing a second copy as a .pt would only grow the clone. This reads
models/default/model.onnx (+ fim.json for the shape), maps the initializers back to model.GPT's state dict,
checks the rebuilt PyTorch model against the package's reference.json (last-position logits and greedy ids of
the golden prompt), and writes a checkpoint that `gpu_train.py --init-ckpt` (a new segment: fresh AdamW,
warm-up, cosine) and `export_onnx.py`/`card.py` accept. Step, tokens and segments come from the training log
(`logs/gpu_log.jsonl`: the runs' `end` events). The AdamW moments are not kept: every device run starts a new
segment with a fresh optimizer anyway.

  python3 onnx_to_ckpt.py --model ../default --log logs/gpu_log.jsonl --out work/gpu-ckpt.pt
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import GPT, Config  # noqa: E402


def state_dict_from_onnx(onnx_path, cfg):
    """Named initializers keep their PyTorch names (prefix `m.`); the Linear weights were folded into MatMul
    initializers (transposed, auto-named) in the order the exporter met them: per block qkv, proj, gate_up, down."""
    m = onnx.load(onnx_path)
    named, matmuls = {}, []
    for init in m.graph.initializer:
        arr = numpy_helper.to_array(init)
        if init.name.startswith("m."):
            named[init.name[2:]] = arr
        elif init.name.startswith("onnx::MatMul_"):
            matmuls.append((int(init.name.rsplit("_", 1)[1]), arr))
    matmuls.sort()
    per_block = ("attn.qkv.weight", "attn.proj.weight", "mlp.gate_up.weight", "mlp.down.weight")
    if len(matmuls) != len(per_block) * cfg.n_layer:
        raise SystemExit("%s: %d MatMul initializers, expected %d" % (onnx_path, len(matmuls), 4 * cfg.n_layer))
    sd = {k: torch.from_numpy(np.array(v)) for k, v in named.items()}
    for i, (_, arr) in enumerate(matmuls):
        sd["blocks.%d.%s" % (i // 4, per_block[i % 4])] = torch.from_numpy(np.ascontiguousarray(arr.T))
    return sd


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=os.path.join(HERE, "..", "default"))
    ap.add_argument("--log", default=os.path.join(HERE, "logs", "gpu_log.jsonl"))
    ap.add_argument("--out", default=os.path.join(HERE, "work", "gpu-ckpt.pt"))
    args = ap.parse_args()
    events = [json.loads(line) for line in open(args.log)]
    starts = [e for e in events if e.get("event") == "start"]
    ends = [e for e in events if e.get("event") == "end"]
    if not starts or not ends:
        raise SystemExit("%s: no finished run (start/end events)" % args.log)
    cfg = Config(**starts[-1]["config"])
    model = GPT(cfg)
    sd = state_dict_from_onnx(os.path.join(args.model, "model.onnx"), cfg)
    model.load_state_dict(sd)  # strict: every parameter present with its shape
    model.eval()

    ref = json.load(open(os.path.join(args.model, "reference.json")))
    with torch.no_grad():
        logits = model(torch.tensor([ref["input_ids"]]))
        diff = (logits[0, -1] - torch.tensor(ref["last_logits"])).abs().max().item()
        ids = list(ref["input_ids"])
        for _ in range(len(ref["greedy_ids"])):
            ids.append(int(model(torch.tensor([ids]))[0, -1].argmax()))
    greedy_ok = ids[len(ref["input_ids"]):] == ref["greedy_ids"]
    if diff > 1e-3 or not greedy_ok:
        raise SystemExit("rebuilt model disagrees with reference.json: max |logit diff| %g, greedy ids equal: %s"
                         % (diff, greedy_ok))

    segments, step, tokens, seconds = [], 0, 0, 0.0
    for s, e in zip(starts, ends):
        segments.append({"start": s["step"], "end": e["step"], "device": s.get("device", "?"),
                         "lr": s.get("args", {}).get("lr"), "seconds": e.get("train_seconds")})
        step, tokens = e["step"], e["tokens"]
        seconds += e.get("train_seconds", 0.0)
    last = starts[-1]
    ck = {"step": step, "config": cfg.to_dict(), "args": last.get("args", {}),
          "plan": {"lr": last.get("args", {}).get("lr"), "warmup": last.get("args", {}).get("warmup"), "history": []},
          "extra": {"tokens_seen": tokens, "train_seconds": round(seconds, 1), "segments": segments,
                    "rebuilt_from": os.path.relpath(os.path.join(args.model, "model.onnx"), HERE)},
          "model": {k: v.to(torch.bfloat16) for k, v in model.state_dict().items()},
          "precision": "bf16", "device": last.get("device"), "torch": last.get("torch")}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save(ck, args.out)
    print(json.dumps({"out": args.out, "step": step, "tokens": tokens, "max_logit_diff": diff,
                      "greedy_ids_equal": greedy_ok}))


if __name__ == "__main__":
    main()
