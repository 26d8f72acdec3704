#!/usr/bin/env python3
"""Export a checkpoint to the FimComplete model package (ONNX opset 17, HF decoder names).

  python3 export_onnx.py --ckpt work/checkpoints/last.pt --out ../default

Writes OUT/{model.onnx, tokenizer.json, tokenizer_config.json, fim.json, reference.json, golden.json}
(golden.json = reference.json's content in the tests/fixtures/models/*/golden.json format).
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
    m = onnx.load(path)
    dedupe_tied_head(m)
    for o in m.graph.output:  # the engine reads the vocabulary size from logits' static last dim
        if o.name == "logits":
            d = o.type.tensor_type.shape.dim[2]
            d.ClearField("dim_param")
            d.dim_value = cfg.vocab_size
    onnx.checker.check_model(m)
    onnx.save(m, path)


def dedupe_tied_head(m):
    """The exporter writes the tied LM head as MatMul with a constant-folded transposed copy of the
    embedding ([d, V]). Replace it by Gemm(x2d, embedding, transB=1) so the matrix is stored once."""
    import numpy as np
    from onnx import helper, numpy_helper
    inits = {t.name: t for t in m.graph.initializer}
    emb = [t for t in m.graph.initializer if t.name.endswith("wte.weight")]
    if not emb:
        return False
    E = numpy_helper.to_array(emb[0])
    from onnx import shape_inference
    ranks = {v.name: len(v.type.tensor_type.shape.dim)
             for v in shape_inference.infer_shapes(m).graph.value_info}
    for i, n in enumerate(m.graph.node):
        # Gemm needs a 2-D A (model.forward_cached flattens before the head); skip otherwise
        if n.op_type == "MatMul" and n.input[1] in inits and ranks.get(n.input[0]) == 2:
            W = inits[n.input[1]]
            if list(W.dims) == [E.shape[1], E.shape[0]] and np.array_equal(numpy_helper.to_array(W), E.T):
                g = helper.make_node("Gemm", [n.input[0], emb[0].name], list(n.output), name=n.name + "_tied", transB=1)
                m.graph.node.remove(n)
                m.graph.node.insert(i, g)
                if not any(W.name in nn.input for nn in m.graph.node):
                    m.graph.initializer.remove(W)
                return True
    return False


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
        step2 = None
        # logits after feeding the first greedy token (for golden.json's logits_step2)
        lg2, _ = model.forward_cached(torch.tensor([[out[0]]]), torch.ones(1, len(ids) + 1, dtype=torch.long),
                                      torch.tensor([[len(ids)]]),
                                      model.forward_cached(x, torch.ones(1, len(ids), dtype=torch.long),
                                                           torch.arange(len(ids)).unsqueeze(0), empty_past(cfg, 1))[1])
        step2 = [float(v) for v in lg2[0, -1].tolist()]
    ref = {"prompt": prompt, "input_ids": ids, "last_logits": [float(v) for v in last.tolist()],
           "greedy_ids": out, "greedy_text": tok.decode(out)}
    cases = []
    for t in TOKENIZER_CASES:
        cases.append({"text": t, "ids": tok.encode(t)})
    # same content in the format of tests/fixtures/models/*/golden.json (C# GoldenModelTests)
    golden = {"prompt_text": prompt, "prompt_ids": ids, "fim_mode": "spm", "prefix": REF_PREFIX, "suffix": REF_SUFFIX,
              "last_logits": ref["last_logits"], "logits_step2": step2, "greedy_ids": out, "tokenizer_cases": cases}
    return ref, golden


TOKENIZER_CASES = [
    "public class Foo { }",
    "if (x == 1)\n\treturn y;\n\t\t// two tabs",
    "var s = \"héllo wörld\"; // ünïcödé \u2014 dash\r\n",
    "    int x2 = 12345 + 0x1F;\r\n    \r\n",
    "foo_bar(_baz, 3.14f);\n\n\n        }",
]


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
    ref, golden = build_reference(model, cfg, tok)
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(ref, f)
    with open(os.path.join(out_dir, "golden.json"), "w") as f:
        json.dump(golden, f)
    tc = os.path.join(os.path.dirname(tokenizer_path), "tokenizer_config.json")
    if os.path.exists(tc):
        shutil.copy(tc, os.path.join(out_dir, "tokenizer_config.json"))
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
    torch.set_num_threads(int(os.environ.get("THREADS", "1")))  # 1: measured faster on the shared machine
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
