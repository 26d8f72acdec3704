#!/usr/bin/env python3
"""Write the model card models/default/README.md (+ loss_curve.png, infill_eval.json).

Everything in the card is measured: corpus stats (corpus_stats.json), tokenizer round trip
(work/tokenizer/check.json), the training log (logs/train_log.jsonl), the checkpoint, and
greedy infills by the PyTorch model on test-split files.

Infill eval (not hand-picked): test-split files ordered by sha1(path); in each file a
deterministic RNG (seeded by the path) picks a line with >= 8 non-blank characters; the
cursor sits after the line's indentation and the middle is the rest of that line (without
its line break). Prompt = SPM with up to 320 prefix tokens and 128 suffix tokens (cut at
line boundaries). Greedy, KV cache, at most 48 new tokens, stop at <|endoftext|>/<fim_pad>;
the completion is cut at its first line break (single-line policy). Metrics: exact match
and edit similarity (1 - Levenshtein / max(len)) against the true middle. The first 10
are printed in the card; the means are over --n-eval files.
"""
import argparse
import hashlib
import json
import math
import os
import platform
import random
import subprocess
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bpe import Tokenizer  # noqa: E402
from data import _split_lines, load_texts  # noqa: E402
from export_onnx import empty_past, load_model  # noqa: E402


def levenshtein(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def edit_sim(a, b):
    if not a and not b:
        return 1.0
    return 1.0 - levenshtein(a, b) / max(len(a), len(b))


def pick_case(path, text, tok, max_prefix=320, max_suffix=128):
    rng = random.Random(int(hashlib.sha1(path.encode()).hexdigest(), 16))
    lines = _split_lines(text)
    cands = [i for i, l in enumerate(lines) if len(l.strip()) >= 8]
    if not cands:
        return None
    i = rng.choice(cands)
    line = lines[i]
    body = line.rstrip("\r\n")
    indent = len(body) - len(body.lstrip(" \t"))
    middle = body[indent:]
    # prefix: whole lines before + the indentation; keep the last max_prefix tokens at line boundaries
    pre_lines = []
    n = len(tok.encode(body[:indent]))
    for l in reversed(lines[:i]):
        k = len(tok.encode(l))
        if n + k > max_prefix:
            break
        pre_lines.insert(0, l)
        n += k
    prefix = "".join(pre_lines) + body[:indent]
    suf_lines = [line[len(body):]]
    n = len(tok.encode(suf_lines[0]))
    for l in lines[i + 1:]:
        k = len(tok.encode(l))
        if n + k > max_suffix:
            break
        suf_lines.append(l)
        n += k
    suffix = "".join(suf_lines)
    return prefix, middle, suffix


@torch.no_grad()
def greedy(model, cfg, ids, stop, max_new=48):
    x = torch.tensor([ids])
    L = len(ids)
    logits, past = model.forward_cached(x, torch.ones(1, L, dtype=torch.long), torch.arange(L).unsqueeze(0),
                                        empty_past(cfg, 1))
    out = []
    for _ in range(max_new):
        nxt = int(logits[0, -1].argmax())
        if nxt in stop:
            break
        out.append(nxt)
        if L >= cfg.max_len:
            break
        logits, past = model.forward_cached(torch.tensor([[nxt]]), torch.ones(1, L + 1, dtype=torch.long),
                                            torch.tensor([[L]]), past)
        L += 1
    return out


def infill_eval(model, cfg, tok, test_docs, n_eval):
    docs = sorted(test_docs, key=lambda d: hashlib.sha1(d[0].encode()).hexdigest())
    rows = []
    stop = {tok.eot, tok.fim_pad}
    for path, text in docs:
        if len(rows) >= n_eval:
            break
        c = pick_case(path, text, tok)
        if c is None:
            continue
        prefix, middle, suffix = c
        ids = [tok.fim_prefix, tok.fim_suffix] + tok.encode(suffix) + [tok.fim_middle] + tok.encode(prefix)
        gen = tok.decode(greedy(model, cfg, ids, stop))
        first = gen.split("\n")[0].rstrip("\r")
        rows.append({"path": path, "prefix_tail": prefix[-200:], "middle": middle, "completion": first,
                     "raw": gen, "exact": first.strip() == middle.strip(),
                     "edit_sim": round(edit_sim(first.strip(), middle.strip()), 4)})
    return rows


def plot(log_path, png):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    tr, ev = [], []
    for line in open(log_path):
        r = json.loads(line)
        if "loss" in r:
            tr.append((r["tokens"] / 1e6, r["loss"]))
        if "eval" in r:
            ev.append((r["tokens"] / 1e6, r["eval"]))
    fig, ax = plt.subplots(1, 2, figsize=(11, 4))
    if tr:
        ax[0].plot([a for a, _ in tr], [b for _, b in tr], lw=0.8, label="train loss (nats/token)")
    ax[0].set_xlabel("tokens (M)")
    ax[0].set_ylabel("train cross-entropy (nats/token)")
    ax[0].set_ylim(top=min(9.5, max([b for _, b in tr] or [9])))
    ax[0].grid(alpha=0.3)
    ax[0].legend()
    for k in ("l2r", "psm", "spm"):
        ax[1].plot([a for a, _ in ev], [e[k] for _, e in ev], marker="o", ms=3, label="valid %s" % k.upper())
    ax[1].set_xlabel("tokens (M)")
    ax[1].set_ylabel("valid bits per byte")
    ax[1].grid(alpha=0.3)
    ax[1].legend()
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    return tr, ev


def cpu_name():
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                return l.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(HERE, "work/checkpoints/last.pt"))
    ap.add_argument("--log", default=os.path.join(HERE, "logs/train_log.jsonl"))
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "work/tokenizer/tokenizer.json"))
    ap.add_argument("--corpus-dir", default=os.path.join(HERE, "work/corpus"))
    ap.add_argument("--out", default=os.path.join(HERE, "..", "default"))
    ap.add_argument("--n-eval", type=int, default=100)
    args = ap.parse_args()
    torch.set_num_threads(int(os.environ.get("THREADS", "1")))  # 1: measured faster on the shared machine
    os.makedirs(args.out, exist_ok=True)
    model, cfg, ck = load_model(args.ckpt)
    tok = Tokenizer(args.tokenizer)
    tr, ev = plot(args.log, os.path.join(args.out, "loss_curve.png"))
    t = time.time()
    rows = infill_eval(model, cfg, tok, load_texts(os.path.join(args.corpus_dir, "test.jsonl")), args.n_eval)
    infill_sec = time.time() - t
    em = sum(r["exact"] for r in rows) / max(1, len(rows))
    es = sum(r["edit_sim"] for r in rows) / max(1, len(rows))
    with open(os.path.join(args.out, "infill_eval.json"), "w") as f:
        json.dump({"n": len(rows), "exact_match": em, "edit_similarity": es, "rows": rows}, f, indent=1)

    stats = json.load(open(os.path.join(HERE, "corpus_stats.json")))
    tcheck_p = os.path.join(HERE, "work/tokenizer/check.json")
    tcheck = json.load(open(tcheck_p)) if os.path.exists(tcheck_p) else None
    events = [json.loads(l) for l in open(args.log)]
    start = [e for e in events if e.get("event") == "start"]
    end = [e for e in events if e.get("event") == "end"]
    plans = [e for e in events if e.get("event") in ("plan", "replan")]
    evals = [e for e in events if "eval" in e]
    final_eval = evals[-1] if evals else None
    extra = ck.get("extra", {})
    ex_tok = extra.get("tokens_seen", 0)
    params = sum(v.numel() for v in model.parameters())
    non_emb = params - model.wte.weight.numel()
    toks = [e for e in events if "tok_s" in e]
    mean_tps = (sum(e["tok_s"] for e in toks) / len(toks)) if toks else 0
    # wall time from the first start to the last end (a run may have been resumed in between)
    wall = None
    if end and start:
        import calendar
        ts = lambda x: calendar.timegm(time.strptime(x, "%Y-%m-%dT%H:%M:%SZ"))
        # sum over runs (start -> the first end after it), so gaps between sessions do not count;
        # a run killed without an "end" event counts up to the next start
        wall = 0
        marks = sorted([(ts(e["time"]), "s") for e in start] + [(ts(e["time"]), "e") for e in end])
        open_at = None
        for t, kind in marks:
            if kind == "s":
                if open_at is not None:
                    wall += t - open_at
                open_at = t
            elif open_at is not None:
                wall += t - open_at
                open_at = None
    restarts = max(0, len(start) - 1)
    # a checkpoint from gpu_train.py names its device; the CPU recipe's does not
    gpu = ck.get("device") if ck.get("device") not in (None, "cpu") else None
    hardware = ("one %s (the session's `device` tool), PyTorch %s" % (gpu, ck.get("torch", "?")) if gpu else
                "%s, 2 cores shared with other builds and tests, 24 GiB RAM, no GPU; PyTorch %s" % (
                    cpu_name(), torch.__version__))
    onnx_p = os.path.join(args.out, "model.onnx")
    onnx_mb = os.path.getsize(onnx_p) / 1e6 if os.path.exists(onnx_p) else None
    # quantize_int8.py records the weights' format in golden.json (the reference stays the fp32 PyTorch model)
    weights, tolerance = "fp32", None
    golden_p = os.path.join(args.out, "golden.json")
    if os.path.exists(golden_p):
        with open(golden_p) as f:
            golden = json.load(f)
        if golden.get("weights"):
            weights, tolerance = golden["weights"], golden.get("logit_tolerance")

    L = []
    w = L.append
    w("# fimcomplete-default\n")
    w("Small fill-in-the-middle (FIM) model for C# inline completion, trained from scratch on %s by "
      "`models/training/` (see its README for how to reproduce). Package: `model.onnx` (ONNX opset 17, %s, "
      "Hugging Face decoder input/output names, KV cache), `tokenizer.json` (HF byte-level BPE), `fim.json` "
      "(FimComplete manifest), `reference.json` (PyTorch logits / greedy ids for the C# golden test).%s\n" % (
          "a GPU (`gpu_train.py`)" if gpu else "CPU",
          "fp32" if weights == "fp32" else "weights quantized by `quantize_int8.py`: " + weights,
          "" if weights == "fp32" else (" The reference is the fp32 PyTorch model; the quantized logits may differ from it "
                                         "by up to %s (golden.json `logit_tolerance`), the greedy ids are equal. The "
                                         "weights before quantization are `models/training/checkpoints/default-bf16.pt`."
                                         % tolerance)))
    w("**Quality warning:** this is a tiny model trained for %s on %s. It learns C# syntax, "
      % (("%.0f minutes" % (wall / 60)) if wall else "a short time", ("one " + gpu) if gpu else "2 shared CPU cores") +
      "boilerplate and local patterns; it is not a useful general code model. All numbers below are measured.\n")
    w("## Data\n")
    w("- Source: Debian source package `mono` 6.8.0.105+dfsg (`%s`, MIT/X11-licensed Mono class libraries, "
      "compilers and tests), `.cs` files only, read straight from the tarball." % stats["tarball"])
    w("- Filters (files remaining after each): " + ", ".join("%s %d" % (k, v) for k, v in stats["funnel"].items()) + ".")
    w("- Dropped: `external/binary-reference-assemblies`, `external/api-snapshot`, `mcs/errors`; files > 200 KB; "
      "non-UTF-8; generated files (`<auto-generated`, designer/`.g.cs`, 'generated by a tool' headers); "
      "files with very long lines or mostly numeric tokens; exact duplicates (sha256); near duplicates "
      "(%s)." % stats.get("near_dedupe", "n/a"))
    w("- Split by sha1(path) %% 100 (0 test, 1 valid, rest train): train %d files / %.1f MB, valid %d / %.1f MB, "
      "test %d / %.1f MB. Test paths: `models/training/test_split_paths.txt`.\n" % (
          stats["train"]["files"], stats["train"]["bytes"] / 1e6, stats["valid"]["files"], stats["valid"]["bytes"] / 1e6,
          stats["test"]["files"], stats["test"]["bytes"] / 1e6))
    if gpu and start:
        w("- The device runs read the pack `pack_for_gpu.py` made to travel with the repo (64 MiB): the first %d of the "
          "%d train files in sha1(path) order (xz-compressed), and the whole valid split.\n" % (
              start[0].get("train_docs", 0), stats["train"]["files"]))
    w("## Tokenizer\n")
    w("Byte-level BPE trained by `bpe.py` on a 30 MB sample of the train split: vocabulary 8192 = 5 special tokens "
      "(`<|endoftext|>`=0, `<fim_prefix>`=1, `<fim_middle>`=2, `<fim_suffix>`=3, `<fim_pad>`=4) + 256 bytes + 7931 "
      "merges. Pre-tokenizer regex keeps identifiers whole, digits single, and newlines apart from indentation.")
    if tcheck:
        w("Round trip (encode→decode) exact on all %d corpus files (%d failures); %.3f chars/token "
          "(%.1fM tokens for the whole corpus).\n" % (tcheck["files"], tcheck["roundtrip_failures"],
                                                      tcheck["chars_per_token"], tcheck["tokens"] / 1e6))
    w("## Architecture\n")
    w("Decoder-only transformer, pre-norm RMSNorm, RoPE (base %g, explicit `position_ids`), SwiGLU MLP, no biases, "
      "tied input/output embedding, GPT-2 init (std 0.02, residual projections / sqrt(2·layers)).\n" % cfg.rope_base)
    w("| d_model | layers | heads (= KV heads) | head_dim | MLP hidden | vocab | context | params | non-embedding |")
    w("|---|---|---|---|---|---|---|---|---|")
    w("| %d | %d | %d | %d | %d | %d | %d | %.2fM | %.2fM |\n" % (cfg.d_model, cfg.n_layer, cfg.n_head, cfg.head_dim,
                                                            cfg.d_ff, cfg.vocab_size, cfg.max_len, params / 1e6, non_emb / 1e6))
    w("## Training\n")
    w("- FIM (Bavarian et al. 2022): FIM rate 0.9, half PSM / half SPM, spans half character-level uniform, half "
      "line-aligned (rest of line, 1-8 whole lines, braced block body); context-level packing into 512-token windows.")
    ctx_steps = [e["step"] for e in events if e.get("event") == "start" and e.get("args", {}).get("ctx_rate", 0) > 0]
    if ctx_steps:
        w("- Cross-file context blocks (`context_aug.py`, from step %d): half of the pieces start their prefix with "
          "signatures of types declared in other corpus files and, half of those, a retrieved snippet of a sibling "
          "file, as the engine's prompt does; loss masked on the block. Valid `psm_ctx` vs `psm_noctx` (same "
          "middles with and without the block) measures its use." % min(ctx_steps))
    if gpu:
        w("- AdamW (0.9, 0.95, fused), weight decay 0.1, grad clip 1.0, bf16 autocast, `scaled_dot_product_attention`, "
          "`torch.compile`, batch %d × 512 tokens. Runs (each a new segment: fresh AdamW, linear warm-up, cosine):" %
          ck["args"]["batch"])
        for e in start:
            a = e.get("args", {})
            w("  - from step %d: peak lr %g, warm-up %d steps, cosine to %g%% of peak%s; %d loader workers, tokenizer: %s." % (
                e["step"], a.get("lr", 0), a.get("warmup", 0), 100 * a.get("min_lr_frac", 0.1),
                " over the step count planned from steps 20-50" if not e.get("init") else " over the remaining wall time",
                a.get("workers", 0), e.get("tokenizer", "?")))
    else:
        w("- AdamW (0.9, 0.95), weight decay 0.1, peak lr %g, warm-up %d steps, cosine to 10%%, grad clip 1.0, "
          "bf16 autocast, batch %d × 512 tokens." % (ck["plan"]["lr"], ck["plan"]["warmup"], ck["args"]["batch"]))
    w("- Steps: %d; tokens seen: %.1fM (%.1f tokens/parameter); training wall time: %s; mean throughput %.0f tokens/s." % (
        ck["step"], ex_tok / 1e6, ex_tok / params, ("%.1f min (sum of %d runs: session segments and resumes)" % (wall / 60, restarts + 1)) if wall else "n/a (run not finished)", mean_tps))
    w("- Hardware: %s." % hardware)
    if plans and "plan" in plans[-1]:
        w("- Step plan (from measured step time, re-estimated at checkpoints): " + "; ".join(
            "step %d: %.2fs/step → %d steps" % (h["step"], h["sec_per_step"], h["total_steps"])
            for h in plans[-1]["plan"]["history"]) + ".")
    w("")
    w("![loss curve](loss_curve.png)\n")
    if final_eval:
        w("## Validation bits per byte (step %d)\n" % final_eval["step"])
        w("Fixed sample of 64 valid-split pieces per mode. L2R: loss (bits) over every predicted token / UTF-8 bytes of the "
          "text. PSM/SPM: loss (bits) over the middle tokens + the closing `<|endoftext|>` / UTF-8 bytes of the middle.\n")
        w("| L2R | PSM | SPM |")
        w("|---|---|---|")
        e = final_eval["eval"]
        w("| %.3f | %.3f | %.3f |\n" % (e["l2r"], e["psm"], e["spm"]))
    scaling_p = os.path.join(HERE, "scaling.json")
    if os.path.exists(scaling_p):
        sc = json.load(open(scaling_p))
        w("## Scaling table (one row per shipped model)\n")
        w("Each row is a model that was shipped in `models/default`; the last row is this one. Visible set: 360 "
          "held-out mono tasks (`tests/eval/visible`), full pipeline (`fimcomplete eval`); ES = edit similarity, "
          "EM = exact match. Training continues from the committed weights (`models/training/checkpoints/default-bf16.pt`): on a lent GPU, or on CPU (which stopped in session 5: it no longer improved the GPU-trained model).\n")
        w("| model | params | tokens | train time | hardware | bpb L2R | bpb PSM | bpb SPM | single ES / EM | "
          "multi ES / EM | member ES / EM | all ES / EM | ONNX MB |")
        w("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in sc["rows"]:
            v = r["visible"]
            w("| %s | %.2fM | %.1fM | %.0f min | %s | %.3f | %.3f | %.3f | %s | %s | %s | %s | %.1f |" % (
                r["model"], r["params"] / 1e6, r["tokens"] / 1e6, r["train_minutes"], r["hardware"],
                r["bpb"]["l2r"], r["bpb"]["psm"], r["bpb"]["spm"],
                *["%.3f / %.3f" % (v[k]["es"], v[k]["em"]) for k in ("single", "multi", "member", "all")],
                r["onnx_mb"]))
        w("")
    controls_p = os.path.join(HERE, "controls", "RESULTS.md")
    if os.path.exists(controls_p):
        w("## Controlled experiments\n")
        w("Position encoding (RoPE vs ALiBi at 2x the training length) and the left-to-right-only control "
          "(FIM for free?): `models/training/controls/RESULTS.md`.\n")
    w("## Infill on test-split files\n")
    w("%d test files (ordered by sha1(path), not hand-picked), SPM prompt, greedy, single line "
      "(rest of a randomly chosen line after its indentation): exact match %.1f%%, mean edit similarity %.3f "
      "(%.0f s on the PyTorch model). The first 10:\n" % (len(rows), 100 * em, es, infill_sec))
    for r in rows[:10]:
        w("**`%s`** — edit similarity %.2f%s\n" % (r["path"], r["edit_sim"], ", exact" if r["exact"] else ""))
        w("```csharp")
        w("// previous line:")
        w(r["prefix_tail"].split("\n")[-2].rstrip("\r") if "\n" in r["prefix_tail"] else r["prefix_tail"])
        w("// expected: " + r["middle"])
        w("// model:    " + r["completion"])
        w("```\n")
    w("## Use\n")
    w("The C# engine loads `fim.json`. SPM prompt: `<fim_prefix><fim_suffix>` suffix `<fim_middle>` prefix, then "
      "generate until `<|endoftext|>`/`<fim_pad>`. ONNX inputs `input_ids`, `attention_mask` (past+seq), `position_ids`, "
      "`past_key_values.{i}.key/value` [batch, %d, past, %d] (past may be 0); outputs `logits`, `present.{i}.key/value`. "
      "Context length %d.%s\n" % (cfg.n_head, cfg.head_dim, cfg.max_len, (" model.onnx is %.1f MB." % onnx_mb) if onnx_mb else ""))
    w("## License\n")
    w("Trained only on MIT/X11-licensed Mono sources (Debian package `mono`, orig tarball, `dfsg`).\n")
    with open(os.path.join(args.out, "README.md"), "w") as f:
        f.write("\n".join(L))
    print("card written: exact %.3f edit_sim %.3f n=%d" % (em, es, len(rows)))


if __name__ == "__main__":
    main()
