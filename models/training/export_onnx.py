#!/usr/bin/env python3
"""Export a checkpoint to the FimComplete model package (ONNX opset 17, HF decoder names).

  python3 export_onnx.py --ckpt work/checkpoints/last.pt --out ../default

Writes OUT/{model.onnx, tokenizer.json, fim.json, reference.json}.
Inputs : input_ids int64 [batch, seq], attention_mask int64 [batch, past+seq],
         position_ids int64 [batch, seq], past_key_values.{i}.key/.value f32 [batch, heads, past, head_dim]
Outputs: logits f32 [batch, seq, vocab], present.{i}.key/.value f32 [batch, heads, past+seq, head_dim]
A key is attended iff it is causal AND attention_mask[b, key] == 1 (left padding works).
Past length 0 (first call) is valid: pass past tensors with a 0-sized past axis.
"""
import argparse
import json
import os
import shutil
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bpe import Tokenizer  # noqa: E402
from model import GPT, Config  # noqa: E402

REF_PREFIX = """using System;
using System.Collections.Generic;

namespace Example
{
    public class Stack<T>
    {
        private readonly List<T> items = new List<T>();

        public int Count => items.Count;

        public void Push(T item)
        {
            items.Add(item);
        }

        public T Pop()
        {
"""
REF_SUFFIX = """        }
    }
}
"""


class OnnxWrapper(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.m = model
        self.L = model.cfg.n_layer

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(self.L)]
        logits, presents = self.m.forward_cached(input_ids, attention_mask, position_ids, past)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def load_model(ckpt_path):
    ck = torch.load(ckpt_path, map_location="cpu")
    cfg = Config(**ck["config"])
    m = GPT(cfg)
    m.load_state_dict({k: v.float() for k, v in ck["model"].items()})
    m.eval()
    return m, cfg, ck


def empty_past(cfg, B):
    return [(torch.zeros(B, cfg.n_head, 0, cfg.head_dim), torch.zeros(B, cfg.n_head, 0, cfg.head_dim))
            for _ in range(cfg.n_layer)]


def export_onnx(model, cfg, path):
    w = OnnxWrapper(model).eval()
    B, S, P = 2, 3, 4
    ids = torch.randint(5, cfg.vocab_size, (B, S))
    am = torch.ones(B, P + S, dtype=torch.long)
    pos = torch.arange(P, P + S).unsqueeze(0).expand(B, S).contiguous()
    past = []
    in_names = ["input_ids", "attention_mask", "position_ids"]
    out_names = ["logits"]
    dyn = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "past_plus_seq"},
           "position_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}}
    for i in range(cfg.n_layer):
        for kv in ("key", "value"):
            past.append(torch.randn(B, cfg.n_head, P, cfg.head_dim))
            n = "past_key_values.%d.%s" % (i, kv)
            o = "present.%d.%s" % (i, kv)
            in_names.append(n)
            out_names.append(o)
            dyn[n] = {0: "batch", 2: "past"}
            dyn[o] = {0: "batch", 2: "past_plus_seq"}
    with torch.no_grad():
        torch.onnx.export(w, (ids, am, pos, *past), path, input_names=in_names, output_names=out_names,
                          dynamic_axes=dyn, opset_version=17, do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(path))


@torch.no_grad()
def torch_checks(model, cfg):
    """Cache vs no-cache, past-length-0 path, and left-padded batch consistency (PyTorch fp32)."""
    res = {}
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(5, cfg.vocab_size, (1, 24), generator=g)
    full = model(ids)  # training path
    am = torch.ones(1, 24, dtype=torch.long)
    pos = torch.arange(24).unsqueeze(0)
    l0, pres = model.forward_cached(ids, am, pos, empty_past(cfg, 1))  # past length 0
    res["past0_vs_train_path"] = (l0 - full).abs().max().item()
    a, b = 15, 24
    la, pa = model.forward_cached(ids[:, :a], am[:, :a], pos[:, :a], empty_past(cfg, 1))
    lb, _ = model.forward_cached(ids[:, a:b], am[:, :b], pos[:, a:b], pa)
    res["cache_vs_nocache"] = (torch.cat([la, lb], 1) - full).abs().max().item()
    # batch with left padding: row 1 is row 0's last 16 tokens, padded on the left
    x = torch.stack([ids[0], torch.cat([torch.full((8,), 4), ids[0, 8:]])])
    amb = torch.tensor([[1] * 24, [0] * 8 + [1] * 16])
    posb = torch.stack([torch.arange(24), torch.cat([torch.zeros(8, dtype=torch.long), torch.arange(16)])])
    lbatch, _ = model.forward_cached(x, amb, posb, empty_past(cfg, 2))
    single = model(ids[:, 8:])
    res["left_padded_batch_vs_single"] = (lbatch[1, 8:] - single[0]).abs().max().item()
    return res


def build_reference(model, cfg, tok):
    suffix_ids = tok.encode(REF_SUFFIX)
    prefix_ids = tok.encode(REF_PREFIX)
    ids = [tok.fim_prefix, tok.fim_suffix] + suffix_ids + [tok.fim_middle] + prefix_ids
    prompt = "<fim_prefix><fim_suffix>" + REF_SUFFIX + "<fim_middle>" + REF_PREFIX
    with torch.no_grad():
        x = torch.tensor([ids])
        am = torch.ones(1, len(ids), dtype=torch.long)
        pos = torch.arange(len(ids)).unsqueeze(0)
        logits, past = model.forward_cached(x, am, pos, empty_past(cfg, 1))
        last = logits[0, -1].float()
        out = []
        nxt = int(last.argmax())
        L = len(ids)
        for _ in range(20):
            out.append(nxt)
            am = torch.ones(1, L + 1, dtype=torch.long)
            lg, past = model.forward_cached(torch.tensor([[nxt]]), am, torch.tensor([[L]]), past)
            L += 1
            nxt = int(lg[0, -1].argmax())
    return {"prompt": prompt, "input_ids": ids, "last_logits": [float(v) for v in last.tolist()],
            "greedy_ids": out, "greedy_text": tok.decode(out)}


def fim_json(cfg):
    return {"format": "fimcomplete-model/1", "name": "fimcomplete-default", "onnx": "model.onnx",
            "tokenizer": "tokenizer.json",
            "fim": {"prefix": "<fim_prefix>", "suffix": "<fim_suffix>", "middle": "<fim_middle>",
                    "eot": "<|endoftext|>", "stop": ["<|endoftext|>", "<fim_pad>"], "modes": ["spm", "psm"],
                    "defaultMode": "spm"},
            "contextLength": cfg.max_len,
            "kv": {"layers": cfg.n_layer, "kvHeads": cfg.n_head, "headDim": cfg.head_dim, "dtype": "float32",
                   "layout": "batch,heads,seq,dim"},
            "inputs": {"positionIds": True, "useCacheBranch": False}}


def export_package(model, cfg, tokenizer_path, out_dir, note="", verify=True):
    os.makedirs(out_dir, exist_ok=True)
    model = model.float().eval()
    tok = Tokenizer(tokenizer_path)
    tmp = os.path.join(out_dir, "model.onnx.tmp")
    export_onnx(model, cfg, tmp)
    os.replace(tmp, os.path.join(out_dir, "model.onnx"))
    shutil.copy(tokenizer_path, os.path.join(out_dir, "tokenizer.json"))
    with open(os.path.join(out_dir, "fim.json"), "w") as f:
        json.dump(fim_json(cfg), f, indent=2)
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(build_reference(model, cfg, tok), f)
    info = {"note": note, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    if verify:
        info["torch_checks_max_abs_diff"] = torch_checks(model, cfg)
    return info


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(HERE, "work/checkpoints/last.pt"))
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "work/tokenizer/tokenizer.json"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "default"))
    args = ap.parse_args()
    torch.set_num_threads(2)
    model, cfg, ck = load_model(args.ckpt)
    t = time.time()
    info = export_package(model, cfg, args.tokenizer, args.out, note="step %d" % ck["step"])
    info["seconds"] = round(time.time() - t, 1)
    info["step"] = ck["step"]
    info["onnx_bytes"] = os.path.getsize(os.path.join(args.out, "model.onnx"))
    print(json.dumps(info, indent=2))
    bad = [k for k, v in info["torch_checks_max_abs_diff"].items() if v > 1e-4]
    if bad:
        print("CHECK FAILED:", bad)
        sys.exit(1)


if __name__ == "__main__":
    main()
