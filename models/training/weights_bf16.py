#!/usr/bin/env python3
"""The shipped model's resume point: a weights-only bf16 checkpoint (issue 9, item 3).

The shipped package holds int8 weights (quantize_int8.py), so its weights can no longer be rebuilt from model.onnx
(onnx_to_ckpt.py needs an fp32 export). This writes the committed `checkpoints/default-bf16.pt` from any training
checkpoint (train.py's full or compact one, gpu_train.py's, onnx_to_ckpt.py's): the model's weights rounded to bf16,
its config, step, token and segment counters, and (from train.py) the data position and RNG states; no optimizer state (every later run, CPU `train.py --resume ...
--new-segment` or GPU `gpu_train.py --init-ckpt ...`, starts a new segment with a fresh AdamW). Export the package
from this file, not from the fp32 checkpoint, so the committed weights are exactly the shipped ones before
quantization.

  python3 weights_bf16.py --ckpt work/checkpoints/last.pt --out checkpoints/default-bf16.pt
"""
import argparse
import os

import torch


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    ck = torch.load(args.ckpt, map_location="cpu")
    out = {
        "step": ck["step"],
        "config": ck["config"],
        "extra": dict(ck.get("extra", {})),
        "model": {k: v.to(torch.bfloat16) if v.is_floating_point() else v for k, v in ck["model"].items()},
        "precision": "bf16 weights only",
        "source": os.path.basename(args.ckpt),
    }
    # a CPU run's data position and RNG states (small): the next CPU segment goes on with unseen files
    for key in ("args", "plan", "device", "torch", "data_state", "torch_rng", "py_rng"):
        if key in ck:
            out[key] = ck[key]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    torch.save(out, tmp)
    os.replace(tmp, args.out)
    print("%s: step %d, %d tensors, %.1f MB" % (args.out, out["step"], len(out["model"]), os.path.getsize(args.out) / 1e6))


if __name__ == "__main__":
    main()
