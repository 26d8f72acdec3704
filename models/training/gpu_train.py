#!/usr/bin/env python3
"""GPU training recipe (issue 9, item 4): a larger compute-optimal FIM model in the ~10 minutes a
session is sometimes lent a GPU (`device` tool: one H100/H200, 16 cores, PyTorch 2.x, no network).

Same data pipeline (data.Stream: context-level FIM, rate 0.9, PSM+SPM, char + line-aligned spans),
same model code (model.GPT) and the same fixed valid sets (bits per byte L2R/PSM/SPM) as the CPU
recipe, so numbers compare; what changes:
  * bf16 autocast on CUDA, F.scaled_dot_product_attention (flash) for the training path (causal;
    the cached/export path of model.py is untouched), optional torch.compile, fused AdamW;
  * the stream is produced by DataLoader worker processes (one data.Stream per worker over a
    shard of the documents), tokenised by the `tokenizers` library when it is installed and gives
    ids identical to bpe.Tokenizer on a self-check sample (else bpe.Tokenizer itself);
  * the plan (total steps) is measured from the step time after warm-up and compile, so the cosine
    ends inside --minutes; one eval at the end (and at --eval-every steps).
Input: a folder made by `pack_for_gpu.sh` (train.jsonl.xz, valid.jsonl.xz, tokenizer.json), which
travels with the repo (64 MiB limit: the pack is a hash-ordered subset of the train split).
Output (--out, normally $OUT): `gpu-ckpt.pt.partNN` (<= 15 MiB each: the device returns files of
at most 16 MiB), `gpu_log.jsonl`, `gpu_summary.json`. Back here: `cat gpu-ckpt.pt.part* > ckpt.pt`
then `export_onnx.py --ckpt ckpt.pt` and `card.py --ckpt ckpt.pt --log gpu_log.jsonl` as usual.

Run here (CPU, tiny) to check it end to end:  python3 gpu_train.py --data work/gpu --device cpu
   --d-model 64 --n-layer 2 --n-head 2 --batch 4 --minutes 1 --workers 1 --no-compile --out /tmp/g
"""
import argparse
import glob
import io
import json
import lzma
import math
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import model as model_mod  # noqa: E402
from bpe import Tokenizer  # noqa: E402
from context_aug import ContextIndex  # noqa: E402
from data import Stream, make_context_eval_sets, make_eval_sets  # noqa: E402
from model import GPT, Config  # noqa: E402
from train import evaluate  # noqa: E402

PART_BYTES = 15 * 1024 * 1024


def log(path, rec):
    print(json.dumps(rec), flush=True)
    with open(path, "a") as f:
        f.write(json.dumps(rec) + "\n")


def load_jsonl_xz(path):
    out = []
    opener = lzma.open if path.endswith(".xz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append((d["path"], d["text"]))
    return out


class FastTokenizer:
    """bpe.Tokenizer's interface (encode + special ids) over the `tokenizers` library."""

    def __init__(self, path, slow):
        from tokenizers import Tokenizer as HfTok  # present on the GPU image
        self.hf = HfTok.from_file(path)
        for a in ("eot", "fim_prefix", "fim_middle", "fim_suffix", "fim_pad", "vocab_size"):
            setattr(self, a, getattr(slow, a))

    def encode(self, text):
        return self.hf.encode(text, add_special_tokens=False).ids


def pick_tokenizer(path, docs, n_check=300):
    slow = Tokenizer(path)
    try:
        fast = FastTokenizer(path, slow)
    except ImportError:
        return slow, "bpe.Tokenizer (tokenizers library not installed)"
    rng = random.Random(7)
    for _ in range(n_check):
        text = rng.choice(docs)[1]
        a = rng.randrange(len(text) + 1)
        piece = text[a:a + rng.randint(0, 400)]
        if fast.encode(piece) != slow.encode(piece):
            return slow, "bpe.Tokenizer (tokenizers library disagreed on a sample: %r)" % piece[:60]
    return fast, "tokenizers library (identical ids on %d samples)" % n_check


class WindowStream(torch.utils.data.IterableDataset):
    """Each DataLoader worker runs its own data.Stream over every W-th document."""

    def __init__(self, docs, tok, T, seed, fim_rate, ctx_rate=0.0):
        self.docs, self.tok, self.T, self.seed, self.fim_rate, self.ctx_rate = docs, tok, T, seed, fim_rate, ctx_rate

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        wid, n = (info.id, info.num_workers) if info else (0, 1)
        # context blocks (context_aug.py) come from the whole pack, so each worker indexes all of it
        ctx_index = ContextIndex(self.docs) if self.ctx_rate > 0 else None
        stream = Stream(self.docs[wid::n], self.tok, T=self.T, seed=self.seed + 7919 * wid, fim_rate=self.fim_rate,
                        ctx_index=ctx_index, ctx_rate=self.ctx_rate, ctx_doc_of=lambda i: wid + i * n)
        while True:
            x, y = stream.next_window()
            yield torch.tensor(x, dtype=torch.long), torch.tensor(y, dtype=torch.long)


def sdpa_attention_forward(original):
    """Attention.forward with F.scaled_dot_product_attention for the training path (no cache, RoPE,
    causal mask only); everything else (KV cache, ALiBi bias) goes to model.py's own code."""
    def forward(self, x, cos, sin, mask, past_k=None, past_v=None, bias=None):
        if past_k is not None or bias is not None or cos is None:
            return original(self, x, cos, sin, mask, past_k, past_v, bias)
        B, S, D = x.shape
        q, k, v = self.qkv(x).split(D, dim=-1)
        q = q.view(B, S, self.n_head, self.hd).transpose(1, 2)
        k = k.view(B, S, self.n_head, self.hd).transpose(1, 2)
        v = v.view(B, S, self.n_head, self.hd).transpose(1, 2)
        q = q * cos + model_mod.rotate_half(q) * sin
        k = k * cos + model_mod.rotate_half(k) * sin
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.proj(y.transpose(1, 2).reshape(B, S, D)), k, v
    return forward


def save_parts(obj, out_dir, name):
    buf = io.BytesIO()
    torch.save(obj, buf)
    data = buf.getvalue()
    for old in os.listdir(out_dir):
        if old.startswith(name + ".part"):
            os.remove(os.path.join(out_dir, old))
    n = 0
    for i in range(0, len(data), PART_BYTES):
        with open(os.path.join(out_dir, "%s.part%02d" % (name, n)), "wb") as f:
            f.write(data[i:i + PART_BYTES])
        n += 1
    return len(data), n


def save_checkpoint(model, cfg, args, plan, step, tokens, train_seconds, gpu_name, out, tokens_real_est=None,
                    prior=None):
    """bf16 weights + the schedule so far, in parts (also every --save-every-min: a run killed at the
    device's time limit still returns its latest weights). `prior`: the --init-ckpt's step, tokens,
    seconds and segments, so steps, tokens and time are cumulative over device runs."""
    prior = prior or {"step": 0, "tokens": 0, "seconds": 0.0, "segments": []}
    extra = {"tokens_seen": prior["tokens"] + tokens, "tokens_real_est": tokens_real_est,
             "train_seconds": round(prior["seconds"] + train_seconds, 1),
             "segments": prior["segments"] + [{"start": prior["step"], "end": prior["step"] + step,
                                               "device": gpu_name, "lr": args.lr, "seconds": round(train_seconds, 1)}]}
    step = prior["step"] + step
    sd = {k: v.detach().to("cpu", torch.bfloat16) for k, v in model.state_dict().items()}
    plan_out = dict(plan, total_steps=min(plan["total_steps"], step))
    ck = {"step": step, "plan": plan_out, "config": cfg.to_dict(), "args": vars(args), "extra": extra,
          "model": sd, "precision": "bf16", "device": gpu_name, "torch": torch.__version__}
    return save_parts(ck, out, "gpu-ckpt.pt")


def load_parts(path):
    """The bytes save_parts wrote as PATH.partNN (or PATH itself when there are no parts)."""
    folder, name = os.path.split(os.path.abspath(path))
    parts = sorted(p for p in os.listdir(folder) if p.startswith(name + ".part"))
    if not parts:
        with open(path, "rb") as f:
            return f.read()
    out = b""
    for p in parts:
        with open(os.path.join(folder, p), "rb") as f:
            out += f.read()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", nargs="+", default=[os.path.join(HERE, "work/gpu")],
                    help="folders of train*.jsonl.xz shards (all are read); valid.jsonl.xz and tokenizer.json "
                         "from the first folder that has them")
    ap.add_argument("--out", default=os.environ.get("OUT", "/tmp/gpu-out"))
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--minutes", type=float, default=8.0, help="wall budget for data+train+eval+save")
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--n-layer", type=int, default=8)
    ap.add_argument("--n-head", type=int, default=4)
    ap.add_argument("--T", type=int, default=512)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--wd", type=float, default=0.1)
    ap.add_argument("--fim-rate", type=float, default=0.9)
    ap.add_argument("--ctx-rate", type=float, default=0.5, help="share of pieces with a cross-file context block (as train.py)")
    ap.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 2))
    ap.add_argument("--no-compile", action="store_true")
    ap.add_argument("--eval-every", type=int, default=0, help="0: only at the end")
    ap.add_argument("--eval-n", type=int, default=64)
    ap.add_argument("--init-ckpt", default=None, help="start from an earlier run's gpu-ckpt.pt (file or .partNN set)")
    ap.add_argument("--save-every-min", type=float, default=2.0, help="interim checkpoints (0: only at the end)")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    t_start = time.time()
    budget = args.minutes * 60
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, "gpu_log.jsonl")
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    device = torch.device(args.device)

    shards = [p for d in args.data for p in sorted(glob.glob(os.path.join(d, "train*.jsonl.xz")))]
    if not shards:
        raise SystemExit("no train*.jsonl.xz in %s" % args.data)
    train_docs = [doc for p in shards for doc in load_jsonl_xz(p)]
    common = next(d for d in args.data if os.path.exists(os.path.join(d, "valid.jsonl.xz")))
    valid_docs = load_jsonl_xz(os.path.join(common, "valid.jsonl.xz"))
    tok, tok_kind = pick_tokenizer(os.path.join(common, "tokenizer.json"), train_docs)
    eval_sets = make_eval_sets(valid_docs, tok, T=args.T, n=args.eval_n)
    if args.ctx_rate > 0:
        all_docs = train_docs + valid_docs
        eval_sets.update(make_context_eval_sets(all_docs, ContextIndex(all_docs), len(train_docs), tok, T=args.T,
                                                n=args.eval_n))
    prior, init_sd = None, None
    if args.init_ckpt:  # continue an earlier device run: its weights, a new segment (fresh AdamW, warm-up, cosine)
        ck0 = torch.load(io.BytesIO(load_parts(args.init_ckpt)), map_location="cpu", weights_only=False)  # our own file; torch >= 2.6 defaults to True
        cfg = Config(**ck0["config"])
        init_sd = {k: v.float() for k, v in ck0["model"].items()}
        ex0 = ck0.get("extra", {})
        prior = {"step": ck0["step"], "tokens": ex0.get("tokens_seen", 0), "seconds": ex0.get("train_seconds", 0.0),
                 "segments": ex0.get("segments", [])}
    else:
        cfg = Config(vocab_size=tok.vocab_size, d_model=args.d_model, n_layer=args.n_layer, n_head=args.n_head,
                     max_len=args.T)
    # the loader's worker processes fork before CUDA is initialised in this process
    loader = torch.utils.data.DataLoader(
        WindowStream(train_docs, tok, args.T, args.seed, args.fim_rate, args.ctx_rate), batch_size=args.batch,
        num_workers=args.workers, pin_memory=device.type == "cuda",
        prefetch_factor=8 if args.workers > 0 else None, persistent_workers=args.workers > 0)
    it = iter(loader)
    model = GPT(cfg)
    if init_sd is not None:
        model.load_state_dict(init_sd)
    model = model.to(device)
    sdpa = hasattr(F, "scaled_dot_product_attention")  # torch >= 2.0 (the CPU machine's 1.13 has none)
    if sdpa:
        original = model_mod.Attention.forward
        probe = torch.randint(0, cfg.vocab_size, (2, 64), device=device)
        with torch.no_grad():
            ref = model(probe)
            model_mod.Attention.forward = sdpa_attention_forward(original)
            diff = (model(probe) - ref).abs().max().item()
        if diff > 1e-3:  # keep model.py's attention (slower, known correct) and say why
            model_mod.Attention.forward = original
            print("SDPA attention differs from model.py's attention (max abs diff %g): using model.py's" % diff,
                  flush=True)
            sdpa = False
    gpu_name = torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu"
    log(log_path, {"event": "start", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "step": 0, "init": prior,
                   "config": cfg.to_dict(), "params": model.n_params(), "non_emb_params": model.n_params(True),
                   "args": vars(args), "device": gpu_name, "torch": torch.__version__, "tokenizer": tok_kind, "sdpa": sdpa,
                   "train_docs": len(train_docs), "shards": [os.path.basename(p) for p in shards],
                   "setup_seconds": round(time.time() - t_start, 1)})
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    fused = {"fused": True} if device.type == "cuda" else {}
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.wd},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95), eps=1e-8, **fused)
    run_model = model if args.no_compile else torch.compile(model)
    compiled = not args.no_compile
    reserve = 20.0 + 0.0005 * model.n_params() / 1e3  # final eval + checkpoint (measured ~10 s at 8.5M)
    t_end = t_start + budget - reserve
    plan = {"lr": args.lr, "warmup": args.warmup, "min_lr_frac": args.min_lr_frac, "seg_start": 0,
            "total_steps": 10 ** 9, "history": []}

    t_decay0 = [None]  # when warm-up ended: the cosine runs on wall time from there to t_end

    def lr_at(step):
        # the cosine follows wall time, not a step count planned from early steps: on the first device run
        # the loader's prefetched queue made steps 20-50 look 2.3x faster than the data-bound steady state,
        # and the step plan ended with the LR at 64% of its peak
        if step < plan["warmup"]:
            return args.lr * (step + 1) / plan["warmup"]
        if t_decay0[0] is None:
            t_decay0[0] = time.time()
        prog = min(1.0, (time.time() - t_decay0[0]) / max(1.0, t_end - t_decay0[0]))
        mn = args.lr * args.min_lr_frac
        return mn + 0.5 * (args.lr - mn) * (1 + math.cos(math.pi * prog))

    step, tokens, tokens_real = 0, 0, 0
    t_mark, s_mark, loss_acc, n_acc = None, 0, 0.0, 0
    wait_data = 0.0
    t_train0 = t_saved = time.time()
    def forward_backward(m, X, Y):
        with torch.autocast(device.type, dtype=torch.bfloat16):
            _, loss = m(X, Y)
        loss.backward()
        return loss

    while time.time() <= t_end:
        t0 = time.time()
        X, Y = next(it)
        wait_data += time.time() - t0
        X, Y = X.to(device, non_blocking=True), Y.to(device, non_blocking=True)
        cur_lr = lr_at(step)
        for g in opt.param_groups:
            g["lr"] = cur_lr
        if compiled and step == 0:
            # the first call compiles; an unsupported graph on this image falls back to eager (logged)
            try:
                loss = forward_backward(run_model, X, Y)
            except Exception as e:  # noqa: BLE001 - torch.compile raises many backend-specific types
                log(log_path, {"event": "compile_failed", "error": repr(e)[:500]})
                opt.zero_grad(set_to_none=True)
                run_model, compiled = model, False
                loss = forward_backward(run_model, X, Y)
        else:
            loss = forward_backward(run_model, X, Y)
        gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        tokens += X.numel()
        tokens_real += int((Y != -100).sum().item()) if step % 10 == 0 else 0
        if step % 10 == 0:
            loss_acc += loss.item()
            n_acc += 1
        if step == 20:  # after compile and warm-up of the loader: time the steady state
            if device.type == "cuda":
                torch.cuda.synchronize()
            t_mark, s_mark = time.time(), step
        if t_mark is not None and step == s_mark + 30 and plan["total_steps"] == 10 ** 9:
            if device.type == "cuda":
                torch.cuda.synchronize()
            sps = (time.time() - t_mark) / 30
            left = budget - reserve - (time.time() - t_start)
            plan["total_steps"] = step + max(1, int(left / sps))  # an estimate, logged; the LR follows time
            plan["history"].append({"step": step, "sec_per_step": round(sps, 4), "total_steps": plan["total_steps"]})
            log(log_path, {"event": "plan", "step": step, "sec_per_step": round(sps, 4),
                           "tok_s": round(X.numel() / sps), "total_steps": plan["total_steps"],
                           "data_wait_frac": round(wait_data / (time.time() - t_train0), 3)})
        if step % 50 == 0:
            el = time.time() - t_train0
            log(log_path, {"step": step, "tokens": tokens, "loss": round(loss_acc / max(1, n_acc), 4),
                           "lr": cur_lr, "gnorm": round(float(gn), 3), "tok_s": round(tokens / el),
                           "elapsed": round(el, 1), "data_wait_frac": round(wait_data / el, 3)})
            loss_acc, n_acc = 0.0, 0
        if args.save_every_min > 0 and time.time() - t_saved > args.save_every_min * 60:
            save_checkpoint(model, cfg, args, plan, step, tokens, time.time() - t_train0, gpu_name, args.out,
                            prior=prior)
            t_saved = time.time()
        if args.eval_every and step % args.eval_every == 0:
            log(log_path, {"step": step, "tokens": tokens, "eval": evaluate(model, eval_sets, tok.fim_pad, device=device)})
    train_seconds = time.time() - t_train0
    ev = evaluate(model, eval_sets, tok.fim_pad, device=device)
    log(log_path, {"step": step, "tokens": tokens, "eval": ev, "final": True})
    nbytes, nparts = save_checkpoint(model, cfg, args, plan, step, tokens, train_seconds, gpu_name, args.out,
                                     tokens_real * 10, prior=prior)
    log(log_path, {"event": "end", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "step": step,
                   "tokens": tokens, "train_seconds": round(train_seconds, 1),
                   "wall_seconds": round(time.time() - t_start, 1), "ckpt_bytes": nbytes, "ckpt_parts": nparts})
    with open(os.path.join(args.out, "gpu_summary.json"), "w") as f:
        json.dump({"device": gpu_name, "params": model.n_params(), "tokens": tokens, "steps": step,
                   "train_seconds": round(train_seconds, 1), "eval": ev, "config": cfg.to_dict(),
                   "tokenizer": tok_kind}, f, indent=1)


if __name__ == "__main__":
    main()
