#!/usr/bin/env python3
"""PyTorch eager baseline for `fimcomplete bench`: greedy generation of the same model on the same prompts.

Reads the prompts file written by `fimcomplete bench --prompts-out FILE` ({"max_new_tokens", "eot", "stop",
"prompts": [[ids...], ...]}), loads a training checkpoint (fp32 or the compact bf16 one; computed in fp32, as the
ONNX export is), and for each prompt runs the prompt once and then one token at a time with the KV cache
(model.forward_cached, the export path), greedy, until EOT / a stop token / max_new_tokens, batch 1.
Prints JSON: per-request latency p50/p95/max (ms), prompt ms, decode ms per token, generated tokens/s.
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_onnx import load_model  # noqa: E402


def percentile(values, p):
    if not values:
        return 0.0
    s = sorted(values)
    r = p / 100 * (len(s) - 1)
    lo, hi = int(r), min(int(r) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (r - lo)


@torch.no_grad()
def generate(model, ids, max_new, stops):
    cfg = model.cfg
    past = [(torch.zeros(1, cfg.n_head, 0, cfg.head_dim), torch.zeros(1, cfg.n_head, 0, cfg.head_dim)) for _ in range(cfg.n_layer)]
    x = torch.tensor([ids])
    t0 = time.perf_counter()
    logits, past = model.forward_cached(x, torch.ones(1, len(ids), dtype=torch.long), torch.arange(len(ids)).unsqueeze(0), past)
    prompt_s = time.perf_counter() - t0
    out = []
    total = len(ids)
    for _ in range(max_new):
        nxt = int(logits[0, -1].argmax())
        if nxt in stops:
            break
        out.append(nxt)
        total += 1
        logits, past = model.forward_cached(torch.tensor([[nxt]]), torch.ones(1, total, dtype=torch.long), torch.tensor([[total - 1]]), past)
    return out, prompt_s, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompts", required=True)
    ap.add_argument("--ckpt", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "checkpoints", "default-bf16.pt"))
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    spec = json.load(open(args.prompts))
    model = load_model(args.ckpt)[0]
    stops = set(spec.get("stop", [])) | {spec["eot"]}
    generate(model, spec["prompts"][0], 4, stops)  # warm-up
    lat, prompt_ms, decode_ms_per_tok, gen_tokens, gen_seconds = [], [], [], 0, 0.0
    for ids in spec["prompts"]:
        out, p_s, total_s = generate(model, ids, spec["max_new_tokens"], stops)
        lat.append(total_s * 1000)
        prompt_ms.append(p_s * 1000)
        if out:
            decode_ms_per_tok.append((total_s - p_s) * 1000 / len(out))
        gen_tokens += len(out)
        gen_seconds += total_s - p_s
    print(json.dumps({
        "engine": "pytorch-eager", "torch": torch.__version__, "threads": args.threads, "requests": len(lat),
        "p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95), "max_ms": max(lat),
        "prompt_p50_ms": percentile(prompt_ms, 50), "decode_ms_per_token_p50": percentile(decode_ms_per_tok, 50),
        "generated_tokens_per_s": gen_tokens / gen_seconds if gen_seconds else 0.0,
    }, indent=2))


if __name__ == "__main__":
    main()
