#!/usr/bin/env python3
"""Fused ONNX graph for a FimComplete model package (issue 19, item 2): rewrites the graph that export_onnx.py +
quantize_int8.py --op nbits write into ONNX Runtime contrib ops, keeping the MatMulNBits weights byte for byte.

  python3 fuse_onnx.py --model work/candidate-nbits --out ../default

Per block the exporter's ~150 nodes (RMSNorm as Pow/ReduceMean/Sqrt/Div/Mul, RoPE as Slice/Neg/Concat/Mul/Add,
attention as Transpose/MatMul/Where/Softmax/MatMul, KV concat, mask building) become:
  SkipSimplifiedLayerNormalization (residual add + RMSNorm; SimplifiedLayerNormalization for the first block)
  MatMulNBits qkv -> com.microsoft.GroupQueryAttention (packed QKV, do_rotary: rotate-half RoPE from cos/sin caches,
  causal attention over past + new keys, present = past + new) -> MatMulNBits proj
  SkipSimplifiedLayerNormalization -> MatMulNBits gate_up -> Split -> QuickGelu(alpha 1 = SiLU) * up -> MatMulNBits down
and the head is SkipSimplifiedLayerNormalization + MatMulNBits over the tied embedding.

Graph interface (onnxruntime-genai's names): input_ids int64 [batch, seq], seqlens_k int32 [batch] (= past + seq - 1:
the index of each row's last token), total_sequence_length int32 scalar (past + seq), past_key_values.{i}.key/.value
f32 [batch, kv_heads, past, head_dim]; outputs logits f32 [batch, seq, vocab], present.{i}.key/.value
[batch, kv_heads, past + seq, head_dim]. Positions come from seqlens_k (GroupQueryAttention computes them), so there is
no attention_mask and no position_ids: every row attends to all of its past (no left padding). ONNX Runtime's CPU
kernel takes several new tokens after a past (a prompt continuation, draft verification) only at batch 1; the engine's
DecoderSession runs such a batch row by row.

Rotary frequencies and the RMSNorm epsilon are read from the exported graph (the constants the exporter wrote), so the
fused graph computes what the exported one does. fim.json's "inputs" says positionIds false (documentation: the engine
detects the layout from the graph's inputs).
"""
import argparse
import collections
import json
import os
import re
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

BLOCK_WEIGHTS = ("attn/qkv", "attn/proj", "mlp/gate_up", "mlp/down")


def attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def constant_values(graph):
    values = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    for n in graph.node:
        if n.op_type == "Constant":
            values[n.output[0]] = numpy_helper.to_array(attrs(n)["value"])
    return values


def find_exported_constants(graph):
    """(inv_freq [head_dim/2], rms eps) as the exporter wrote them: inv_freq is the constant multiplied with the
    unsqueezed float position ids, eps the constant added to the first block's mean of squares."""
    values = constant_values(graph)
    producers = {o: n for n in graph.node for o in n.output}
    inv_freq, eps = None, None
    for n in graph.node:
        if n.op_type == "Mul" and inv_freq is None:
            for a, b in ((n.input[0], n.input[1]), (n.input[1], n.input[0])):
                src = producers.get(a)
                if src is not None and src.op_type == "Unsqueeze" and b in values and values[b].ndim == 1:
                    cast = producers.get(src.input[0])
                    if cast is not None and cast.op_type == "Cast" and cast.input[0] == "position_ids":
                        inv_freq = values[b].astype(np.float32)
        if n.op_type == "Add" and eps is None and re.search(r"/blocks\.0/ln1/Add$", n.name):
            c = [values[i] for i in n.input if i in values]
            if c:
                eps = float(np.asarray(c[0]).reshape(-1)[0])
    if inv_freq is None or eps is None:
        raise SystemExit("cannot find the rotary frequencies / RMSNorm epsilon in the exported graph "
                         "(expected export_onnx.py's RoPE model)")
    return inv_freq, eps


def collect_weights(graph):
    """{(layer, name): MatMulNBits node} and the head node; fails unless every block has its four weights."""
    nbits = {}
    head = None
    for n in graph.node:
        if n.op_type != "MatMulNBits":
            continue
        m = re.match(r"^/blocks\.(\d+)/(attn/qkv|attn/proj|mlp/gate_up|mlp/down)/", n.name)
        if m:
            nbits[(int(m.group(1)), m.group(2))] = n
        elif "tied" in n.name:
            head = n
    if not nbits or head is None:
        raise SystemExit("no MatMulNBits weights found: run quantize_int8.py --op nbits first")
    layers = max(k[0] for k in nbits) + 1
    missing = [(i, w) for i in range(layers) for w in BLOCK_WEIGHTS if (i, w) not in nbits]
    if missing:
        raise SystemExit("missing MatMulNBits weights: %s" % missing)
    return nbits, head, layers


def fuse(model, context_length):
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    nbits, head, layers = collect_weights(g)
    inv_freq, eps = find_exported_constants(g)
    past0 = next(i for i in g.input if i.name == "past_key_values.0.key")
    dims = past0.type.tensor_type.shape.dim
    kv_heads, head_dim = dims[1].dim_value, dims[3].dim_value
    qkv = attrs(nbits[(0, "attn/qkv")])
    d_model = qkv["K"]
    heads = qkv["N"] // head_dim - 2 * kv_heads
    d_ff = attrs(nbits[(0, "mlp/gate_up")])["N"] // 2
    vocab = attrs(head)["N"]
    if inv_freq.shape[0] * 2 != head_dim:
        raise SystemExit("rotary frequencies (%d) do not cover head_dim %d" % (inv_freq.shape[0], head_dim))

    nodes, new_inits, used = [], [], set()

    def weight_node(src, x, out, name):
        nodes.append(helper.make_node("MatMulNBits", [x, src.input[1], src.input[2]], [out], name=name,
                                      domain="com.microsoft", **attrs(src)))
        used.update(src.input[1:])

    by_name = {n.name: n for n in g.node}

    def init_of(node_name):
        """The initializer a node of the exported graph reads (the exporter may share equal tensors, e.g. norm
        weights that are still all ones, under one name)."""
        node = by_name.get(node_name)
        found = [i for i in node.input if i in inits] if node is not None else []
        if len(found) != 1:
            raise SystemExit("cannot find the weight of %s in the exported graph" % node_name)
        used.add(found[0])
        return found[0]

    positions = np.arange(context_length, dtype=np.float32)[:, None] * inv_freq[None, :]
    new_inits += [numpy_helper.from_array(np.cos(positions).astype(np.float32), "rope_cos_cache"),
                  numpy_helper.from_array(np.sin(positions).astype(np.float32), "rope_sin_cache"),
                  numpy_helper.from_array(np.array([d_ff, d_ff], dtype=np.int64), "swiglu_split")]

    nodes.append(helper.make_node("Gather", [init_of("/wte/Gather"), "input_ids"], ["embed"], name="/wte/Gather"))
    residual, pending = "embed", None  # pending: the branch output still to be added to the residual stream
    for i in range(layers):
        p = "/blocks.%d" % i
        if pending is None:
            nodes.append(helper.make_node("SimplifiedLayerNormalization", [residual, init_of(p + "/ln1/Mul_1")],
                                          [p + "/ln1_out"], name=p + "/ln1", axis=-1, epsilon=eps, stash_type=1))
        else:
            nodes.append(helper.make_node("SkipSimplifiedLayerNormalization",
                                          [pending, residual, init_of(p + "/ln1/Mul_1")],
                                          [p + "/ln1_out", "", "", p + "/resid1"], name=p + "/ln1",
                                          domain="com.microsoft", epsilon=eps))
            residual = p + "/resid1"
        weight_node(nbits[(i, "attn/qkv")], p + "/ln1_out", p + "/qkv", p + "/attn/qkv/MatMulNBits")
        nodes.append(helper.make_node(
            "GroupQueryAttention",
            [p + "/qkv", "", "", "past_key_values.%d.key" % i, "past_key_values.%d.value" % i, "seqlens_k",
             "total_sequence_length", "rope_cos_cache", "rope_sin_cache"],
            [p + "/attn_out", "present.%d.key" % i, "present.%d.value" % i], name=p + "/attn/GroupQueryAttention",
            domain="com.microsoft", num_heads=heads, kv_num_heads=kv_heads, do_rotary=1, rotary_interleaved=0,
            scale=float(1.0 / np.sqrt(head_dim))))
        weight_node(nbits[(i, "attn/proj")], p + "/attn_out", p + "/attn_proj", p + "/attn/proj/MatMulNBits")
        nodes.append(helper.make_node("SkipSimplifiedLayerNormalization",
                                      [p + "/attn_proj", residual, init_of(p + "/ln2/Mul_1")],
                                      [p + "/ln2_out", "", "", p + "/resid2"], name=p + "/ln2",
                                      domain="com.microsoft", epsilon=eps))
        residual = p + "/resid2"
        weight_node(nbits[(i, "mlp/gate_up")], p + "/ln2_out", p + "/gate_up", p + "/mlp/gate_up/MatMulNBits")
        nodes.append(helper.make_node("Split", [p + "/gate_up", "swiglu_split"], [p + "/gate", p + "/up"],
                                      name=p + "/mlp/Split", axis=-1))
        nodes.append(helper.make_node("QuickGelu", [p + "/gate"], [p + "/silu"], name=p + "/mlp/SiLU",
                                      domain="com.microsoft", alpha=1.0))
        nodes.append(helper.make_node("Mul", [p + "/silu", p + "/up"], [p + "/swiglu"], name=p + "/mlp/Mul"))
        weight_node(nbits[(i, "mlp/down")], p + "/swiglu", p + "/mlp_out", p + "/mlp/down/MatMulNBits")
        pending = p + "/mlp_out"
    nodes.append(helper.make_node("SkipSimplifiedLayerNormalization", [pending, residual, init_of("/ln_f/Mul_1")],
                                  ["final_norm"], name="/ln_f", domain="com.microsoft", epsilon=eps))
    weight_node(head, "final_norm", "logits", "/head/MatMulNBits")

    kv_type = past0.type.tensor_type.elem_type
    graph_inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
                    helper.make_tensor_value_info("seqlens_k", TensorProto.INT32, ["batch"]),
                    helper.make_tensor_value_info("total_sequence_length", TensorProto.INT32, [])]
    graph_outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "seq", vocab])]
    for i in range(layers):
        for kv in ("key", "value"):
            graph_inputs.append(helper.make_tensor_value_info("past_key_values.%d.%s" % (i, kv), kv_type,
                                                              ["batch", kv_heads, "past", head_dim]))
            graph_outputs.append(helper.make_tensor_value_info("present.%d.%s" % (i, kv), kv_type,
                                                               ["batch", kv_heads, "past_plus_seq", head_dim]))
    kept = [inits[name] for name in sorted(used) if name in inits]
    graph = helper.make_graph(nodes, "fimcomplete-fused", graph_inputs, graph_outputs, kept + new_inits)
    fused = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
                              producer_name="fimcomplete fuse_onnx.py")
    fused.ir_version = model.ir_version
    for p in model.metadata_props:
        fused.metadata_props.add(key=p.key, value=p.value)
    info = {"layers": layers, "heads": heads, "kv_heads": kv_heads, "head_dim": head_dim, "d_model": d_model,
            "d_ff": d_ff, "vocab": vocab, "rms_eps": eps, "context": context_length}
    return fused, info


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="package folder whose model.onnx has MatMulNBits weights")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    with open(os.path.join(args.model, "fim.json")) as f:
        manifest = json.load(f)
    model = onnx.load(os.path.join(args.model, "model.onnx"))
    before = collections.Counter(n.op_type for n in model.graph.node)
    fused, info = fuse(model, manifest["contextLength"])
    # no onnx.checker: SimplifiedLayerNormalization lives in the default domain in ONNX Runtime only (as
    # onnxruntime-genai writes it), so the checker rejects it; ONNX Runtime validates the graph when it loads it
    after = collections.Counter(n.op_type for n in fused.graph.node)
    os.makedirs(args.out, exist_ok=True)
    if os.path.abspath(args.out) != os.path.abspath(args.model):
        for f in os.listdir(args.model):
            if f != "model.onnx" and os.path.isfile(os.path.join(args.model, f)):
                shutil.copy(os.path.join(args.model, f), os.path.join(args.out, f))
    path = os.path.join(args.out, "model.onnx")
    onnx.save(fused, path)
    manifest.setdefault("inputs", {})
    manifest["inputs"].update({"positionIds": False, "useCacheBranch": False})
    with open(os.path.join(args.out, "fim.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps({"config": info, "nodes_before": sum(before.values()), "nodes_after": sum(after.values()),
                      "ops_after": dict(after.most_common()), "mb": round(os.path.getsize(path) / 1e6, 1)}, indent=2))


if __name__ == "__main__":
    main()
