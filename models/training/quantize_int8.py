#!/usr/bin/env python3
"""int8 weights for a model package (issue 9, item 5): every MatMul with a constant weight, and the tied output
head (Gemm with transB over the embedding), becomes ONNX Runtime's `com.microsoft.DynamicQuantizeMatMul`: the weight
is stored as int8 with one symmetric scale per output column, the activation is quantized per tensor at run time
(uint8, asymmetric) and the product runs in integers (VNNI on x86). The embedding lookup keeps the fp32 table.

Why: decoding is a few tokens at a time, so each step streams every weight from memory; int8 weights are a quarter
of the bytes. The contrib op runs on ONNX Runtime's CPU execution provider; other providers hand it to the CPU.

  python3 quantize_int8.py --model ../default --out /tmp/candidate-int8 [--keep-head-fp32]

Writes OUT/model.onnx and copies the package's other files (fim.json, tokenizer, reference.json, ...); the
reference logits stay those of the fp32 PyTorch model, so compare with a tolerance.
"""
import argparse
import os
import shutil

import numpy as np
import onnx
from onnx import helper, numpy_helper


def quantize_columns(w):
    """w [K, N] fp32 -> (int8 [K, N], scale [N]): symmetric per output column."""
    amax = np.abs(w).max(axis=0)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, scale


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="model package folder (model.onnx, fim.json, ...)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep-head-fp32", action="store_true", help="leave the tied output head in fp32")
    args = ap.parse_args()
    m = onnx.load(os.path.join(args.model, "model.onnx"))
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    new_inits, nodes, replaced, head = [], [], 0, False
    for n in g.node:
        weight, transposed = None, False
        if n.op_type == "MatMul" and n.input[1] in inits:
            weight = numpy_helper.to_array(inits[n.input[1]])
        elif (n.op_type == "Gemm" and not args.keep_head_fp32 and n.input[1] in inits and len(n.input) == 2
              and {a.name: helper.get_attribute_value(a) for a in n.attribute} == {"transB": 1}):
            weight, transposed = numpy_helper.to_array(inits[n.input[1]]).T, True
        if weight is None or weight.ndim != 2 or weight.dtype != np.float32:
            nodes.append(n)
            continue
        q, scale = quantize_columns(np.ascontiguousarray(weight))
        base = n.input[1] + ("_T" if transposed else "")
        new_inits += [numpy_helper.from_array(q, base + "_int8"), numpy_helper.from_array(scale, base + "_scale")]
        nodes.append(helper.make_node("DynamicQuantizeMatMul", [n.input[0], base + "_int8", base + "_scale"],
                                      list(n.output), name=n.name + "_int8", domain="com.microsoft"))
        replaced += 1
        head = head or transposed
    used = {i for n in nodes for i in n.input}
    kept = [i for i in g.initializer if i.name in used]
    del g.node[:]
    g.node.extend(nodes)
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    if not any(o.domain == "com.microsoft" for o in m.opset_import):
        m.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.model):
        if f != "model.onnx" and os.path.isfile(os.path.join(args.model, f)):
            shutil.copy(os.path.join(args.model, f), os.path.join(args.out, f))
    path = os.path.join(args.out, "model.onnx")
    onnx.save(m, path)
    print("%d MatMuls -> DynamicQuantizeMatMul (output head: %s); %s: %.1f MB" % (
        replaced, "int8" if head else "fp32", path, os.path.getsize(path) / 1e6))


if __name__ == "__main__":
    main()
