#!/usr/bin/env python3
"""Train the FIM model on CPU (bf16 autocast), resumable, time-budgeted.

Schedule: each *session segment* plans its steps from measured throughput x time budget:
linear warm-up (from 0, or a short re-warm-up when continuing from an earlier segment's
checkpoint with --new-segment) then cosine decay to min_lr_frac*lr at the planned last step.
The plan (segment start step, planned total steps, warm-up, lr, budget, re-plans) is stored
in every checkpoint. While running, the plan is re-estimated at each checkpoint from the
recent step time (only if it moves by > 2%), so the cosine ends on time even when other
jobs slow the machine down; each re-plan is logged and kept in plan["history"].

Checkpoints:
  work/checkpoints/last.pt                   full fp32 weights + fp32 AdamW moments, exact resume
  work/compact/latest-bf16.pt                compact: bf16 weights + bf16 moments + all state
Both hold step, plan, data position (epoch, doc, line, RNG state) and torch/python RNG states.
  --resume work/checkpoints/last.pt                 continue the same segment exactly
  --resume work/compact/latest-bf16.pt --new-segment  fresh segment: re-warm-up + cosine over
                                                    this session's --time-budget-min
The committed resume point is the shipped model's weights-only checkpoint, checkpoints/default-bf16.pt
(weights_bf16.py; sessions 1-3 committed the compact file with moments, which for the 8.5M model would be 51 MB):
  --resume checkpoints/default-bf16.pt --new-segment
"""
import argparse
import copy
import json
import math
import os
import random
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bpe import Tokenizer  # noqa: E402
from data import make_context_eval_sets, Stream, load_texts, make_eval_sets  # noqa: E402
from model import GPT, Config  # noqa: E402


def log_json(path, rec):
    with open(path, "a") as f:
        f.write(json.dumps(rec) + "\n")


def lr_at(step, plan):
    s = step - plan["seg_start"]
    total = max(1, plan["total_steps"] - plan["seg_start"])
    w = plan["warmup"]
    if s < w:
        return plan["lr"] * (s + 1) / w
    prog = min(1.0, (s - w) / max(1, total - w))
    mn = plan["lr"] * plan["min_lr_frac"]
    return mn + 0.5 * (plan["lr"] - mn) * (1 + math.cos(math.pi * prog))


@torch.no_grad()
def evaluate(model, sets, pad_id, bs=16, device=None):
    """Valid bits per byte per mode; device None = CPU (gpu_train.py passes its CUDA device)."""
    device = device or torch.device("cpu")
    model.eval()
    out = {}
    for mode, items in sets.items():
        bits, nbytes = 0.0, 0
        for i in range(0, len(items), bs):
            chunk = items[i:i + bs]
            L = max(len(x) for x, _, _ in chunk)
            X = torch.full((len(chunk), L), pad_id, dtype=torch.long)
            Y = torch.full((len(chunk), L), -100, dtype=torch.long)
            for r, (x, y, nb) in enumerate(chunk):
                X[r, :len(x)] = torch.tensor(x)
                Y[r, :len(y)] = torch.tensor(y)
                nbytes += nb
            X, Y = X.to(device), Y.to(device)
            with torch.autocast(device.type, dtype=torch.bfloat16):
                logits = model(X)
            loss = torch.nn.functional.cross_entropy(logits.float().view(-1, logits.size(-1)), Y.view(-1),
                                                     ignore_index=-100, reduction="sum")
            bits += loss.item() / math.log(2)
        out[mode] = round(bits / max(1, nbytes), 4)
    model.train()
    return out


def save_checkpoints(model, opt, step, plan, stream, cfg, args, extra, full_path, compact_path):
    sd = model.state_dict()
    common = {"step": step, "plan": plan, "data_state": stream.state(), "config": cfg.to_dict(),
              "args": vars(args), "torch_rng": torch.get_rng_state(), "py_rng": random.getstate(),
              "extra": extra}
    tmp = full_path + ".tmp"
    torch.save(dict(common, model=sd, optimizer=opt.state_dict(), precision="fp32"), tmp)
    os.replace(tmp, full_path)
    osd = opt.state_dict()
    cst = {}
    for k, v in osd["state"].items():
        cst[k] = {kk: (vv.to(torch.bfloat16) if torch.is_tensor(vv) and vv.dim() > 0 else vv) for kk, vv in v.items()}
    osd = {"state": cst, "param_groups": osd["param_groups"]}
    tmp = compact_path + ".tmp"
    torch.save(dict(common, model={k: v.to(torch.bfloat16) for k, v in sd.items()}, optimizer=osd,
                    precision="bf16"), tmp)
    os.replace(tmp, compact_path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-dir", default=os.path.join(HERE, "work/corpus"))
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "work/tokenizer/tokenizer.json"))
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--n-layer", type=int, default=4)
    ap.add_argument("--n-head", type=int, default=4)
    ap.add_argument("--T", type=int, default=512)
    ap.add_argument("--pos", choices=("rope", "alibi"), default="rope", help="position scheme (new runs)")
    ap.add_argument("--fim-rate", type=float, default=0.9, help="FIM rate; 0 = left-to-right only")
    ap.add_argument("--ctx-rate", type=float, default=0.0,
                    help="share of pieces that get a cross-file context block before the prefix (context_aug.py); 0 = none")
    ap.add_argument("--eval-2t", action="store_true",
                    help="also evaluate valid bits/byte on windows of 2T (pieces >= T tokens), logged as eval_2t")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=150)
    ap.add_argument("--rewarmup", type=int, default=50)
    ap.add_argument("--wd", type=float, default=0.1)
    ap.add_argument("--time-budget-min", type=float, required=True)
    ap.add_argument("--max-steps", type=int, default=0, help="cap planned steps (smoke tests)")
    ap.add_argument("--eval-every", type=int, default=200)
    ap.add_argument("--eval-n", type=int, default=64)
    ap.add_argument("--ckpt-every-min", type=float, default=10)
    ap.add_argument("--snapshot-every-min", type=float, default=20)
    ap.add_argument("--snapshot-dir", default=os.path.join(HERE, "work/snapshots"))
    ap.add_argument("--ckpt-dir", default=os.path.join(HERE, "work/checkpoints"))
    ap.add_argument("--compact-dir", default=os.path.join(HERE, "work/compact"))
    ap.add_argument("--log", default=os.path.join(HERE, "logs/train_log.jsonl"))
    ap.add_argument("--resume", default=None)
    ap.add_argument("--new-segment", action="store_true")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--stop-after-steps", type=int, default=0, help="exit (with checkpoint) after N steps this run (resume test)")
    args = ap.parse_args()

    t_start = time.time()
    budget = args.time_budget_min * 60
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    for d in (args.ckpt_dir, args.compact_dir, os.path.dirname(args.log), args.snapshot_dir):
        os.makedirs(d, exist_ok=True)

    tok = Tokenizer(args.tokenizer)
    train_docs = load_texts(os.path.join(args.corpus_dir, "train.jsonl"))
    valid_docs = load_texts(os.path.join(args.corpus_dir, "valid.jsonl"))
    ctx_index = None
    if args.ctx_rate > 0:
        from context_aug import ContextIndex
        ctx_index = ContextIndex(train_docs)
    stream = Stream(train_docs, tok, T=args.T, seed=args.seed, fim_rate=args.fim_rate, ctx_index=ctx_index,
                    ctx_rate=args.ctx_rate)
    eval_sets = make_eval_sets(valid_docs, tok, T=args.T, n=args.eval_n)
    if args.ctx_rate > 0:
        from context_aug import ContextIndex
        all_docs = train_docs + valid_docs
        eval_sets.update(make_context_eval_sets(all_docs, ContextIndex(all_docs), len(train_docs), tok, T=args.T,
                                                n=args.eval_n))
    eval_sets_2t = make_eval_sets(valid_docs, tok, T=2 * args.T, n=args.eval_n, min_tokens=args.T) if args.eval_2t else None

    ck = None
    if args.resume:
        ck = torch.load(args.resume, map_location="cpu")
        cfg = Config(**ck["config"])
    else:
        cfg = Config(vocab_size=tok.vocab_size, d_model=args.d_model, n_layer=args.n_layer,
                     n_head=args.n_head, max_len=args.T, pos=args.pos)
    model = GPT(cfg)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.wd},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    step = 0
    extra = {"tokens_seen": 0, "tokens_real": 0, "train_seconds": 0.0, "segments": []}
    plan = None
    if ck is not None:
        model.load_state_dict({k: v.float() for k, v in ck["model"].items()})
        step = ck["step"]
        if "optimizer" in ck:
            osd = ck["optimizer"]
            for st in osd["state"].values():
                for k, v in st.items():
                    if torch.is_tensor(v) and v.dim() > 0:
                        st[k] = v.float()
            opt.load_state_dict(osd)
        if "data_state" in ck:  # also in a weights-only checkpoint of a CPU run (weights_bf16.py keeps it)
            stream.restore(ck["data_state"])
            torch.set_rng_state(ck["torch_rng"])
            random.setstate(ck["py_rng"])
        if "optimizer" not in ck and not args.new_segment:
            raise SystemExit("%s holds weights only (gpu_train.py / onnx_to_ckpt.py): resume it with --new-segment "
                             "(fresh AdamW and data stream)" % args.resume)
        extra = dict(extra, **ck["extra"])  # a weights-only checkpoint may lack some counters
        if not args.new_segment:
            plan = ck["plan"]
            plan["resumed_at"] = plan.get("resumed_at", []) + [step]
        print("resumed from %s at step %d (%s)" % (args.resume, step, "new segment" if args.new_segment else "same plan"), flush=True)
    print("model: %s params=%d non_emb=%d" % (cfg.to_dict(), model.n_params(), model.n_params(True)), flush=True)
    print("eval sets:", {k: len(v) for k, v in eval_sets.items()}, flush=True)
    log_json(args.log, {"event": "start", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        "step": step, "config": cfg.to_dict(), "params": model.n_params(),
                        "non_emb_params": model.n_params(True), "args": vars(args)})

    tokens_per_step = args.batch * args.T
    pad_id = tok.fim_pad

    def get_batch():
        xs, ys = [], []
        for _ in range(args.batch):
            x, y = stream.next_window()
            xs.append(x)
            ys.append(y)
        return torch.tensor(xs), torch.tensor(ys)

    def train_step(lr):
        for g in opt.param_groups:
            g["lr"] = lr
        X, Y = get_batch()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            _, loss = model(X, Y)
        loss.backward()
        gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss.item(), gn.item()

    # ---- eval at start (also measures eval cost)
    def eval_long():
        return evaluate(model, eval_sets_2t, pad_id) if eval_sets_2t else None

    te = time.time()
    ev = evaluate(model, eval_sets, pad_id)
    ev2 = eval_long()
    eval_sec = time.time() - te
    print("step %d eval %s%s (%.1fs)" % (step, ev, " 2T %s" % ev2 if ev2 else "", eval_sec), flush=True)
    log_json(args.log, dict({"step": step, "tokens": extra["tokens_seen"], "eval": ev, "eval_sec": round(eval_sec, 1)},
                            **({"eval_2t": ev2} if ev2 else {})))

    def plan_steps(sec_per_step, now_elapsed, cur_step):
        remaining = budget - now_elapsed - 90  # final eval + checkpoint + export margin
        eff = sec_per_step * (1 + eval_sec / max(1e-6, args.eval_every * sec_per_step))
        eff *= 1.03  # checkpoints / snapshots
        n = cur_step + max(1, int(remaining / eff))
        if args.max_steps:
            n = min(n, plan["seg_start"] + args.max_steps if plan else step + args.max_steps)
        return n

    calibrating = plan is None or not plan.get("calibrated", plan["total_steps"] < 10 ** 9)
    if plan is None:
        warm = args.rewarmup if (ck is not None) else args.warmup
        plan = {"seg_start": step, "total_steps": step + (args.max_steps or 10 ** 9), "calibrated": False,
                "warmup": warm, "lr": args.lr,
                "min_lr_frac": args.min_lr_frac, "budget_sec": budget, "tokens_per_step": tokens_per_step,
                "start_time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "history": []}
        extra["segments"].append({"start_step": step, "start_time": plan["start_time"]})

    last_ckpt = time.time()
    last_snap = time.time()
    win_t, win_steps = time.time(), 0
    run_steps = 0
    calib_t0 = None
    loss_acc, n_acc = 0.0, 0
    while True:
        if step >= plan["total_steps"]:
            break
        elapsed = time.time() - t_start
        if elapsed > budget + 120:
            print("time budget exceeded; stopping early", flush=True)
            break
        lr = lr_at(step, plan)
        t0 = time.time()
        loss, gn = train_step(lr)
        dt = time.time() - t0
        step += 1
        run_steps += 1
        win_steps += 1
        extra["tokens_seen"] += tokens_per_step
        extra["train_seconds"] += dt
        loss_acc += loss
        n_acc += 1
        if calibrating:
            if run_steps == 3:
                calib_t0 = time.time()
            elif run_steps == 23:
                sps = (time.time() - calib_t0) / 20
                plan["total_steps"] = plan_steps(sps, time.time() - t_start, step)
                plan["calibrated"] = True
                plan["history"].append({"step": step, "sec_per_step": round(sps, 3), "total_steps": plan["total_steps"]})
                plan["measured_tok_s"] = round(tokens_per_step / sps)
                calibrating = False
                print("plan: %.2fs/step (%d tok/s) -> total_steps %d" % (sps, tokens_per_step / sps, plan["total_steps"]), flush=True)
                log_json(args.log, {"event": "plan", "step": step, "plan": plan})
        if step % 10 == 0:
            now = time.time()
            tps = tokens_per_step * win_steps / (now - win_t)
            rec = {"step": step, "tokens": extra["tokens_seen"], "loss": round(loss_acc / n_acc, 4), "lr": lr,
                   "gnorm": round(gn, 3), "tok_s": round(tps), "elapsed": round(now - t_start, 1)}
            log_json(args.log, rec)
            if step % 50 == 0:
                print(json.dumps(rec), flush=True)
            loss_acc, n_acc = 0.0, 0
        if step % args.eval_every == 0:
            te = time.time()
            ev = evaluate(model, eval_sets, pad_id)
            ev2 = eval_long()
            eval_sec = time.time() - te
            print("step %d eval %s%s (%.1fs)" % (step, ev, " 2T %s" % ev2 if ev2 else "", eval_sec), flush=True)
            log_json(args.log, dict({"step": step, "tokens": extra["tokens_seen"], "eval": ev, "eval_sec": round(eval_sec, 1)},
                                    **({"eval_2t": ev2} if ev2 else {})))
        done = step >= plan["total_steps"]
        stop_now = args.stop_after_steps and run_steps >= args.stop_after_steps
        if time.time() - last_ckpt > args.ckpt_every_min * 60 or done or stop_now:
            # re-plan from the recent step time
            if not calibrating and not done and win_steps >= 20:
                sps = (time.time() - win_t) / win_steps
                newt = plan_steps(sps, time.time() - t_start, step)
                if abs(newt - plan["total_steps"]) > 0.02 * (plan["total_steps"] - plan["seg_start"]):
                    print("re-plan at step %d: %.2fs/step -> total %d (was %d)" % (step, sps, newt, plan["total_steps"]), flush=True)
                    plan["history"].append({"step": step, "sec_per_step": round(sps, 3), "total_steps": newt})
                    plan["total_steps"] = newt
                    log_json(args.log, {"event": "replan", "step": step, "plan": plan})
                win_t, win_steps = time.time(), 0
            save_checkpoints(model, opt, step, plan, stream, cfg, args, extra,
                             os.path.join(args.ckpt_dir, "last.pt"),
                             os.path.join(args.compact_dir, "latest-bf16.pt"))
            last_ckpt = time.time()
            log_json(args.log, {"event": "checkpoint", "step": step, "tokens": extra["tokens_seen"],
                                "data_state": {k: v for k, v in stream.state().items() if k != "rng"}})
        if stop_now:
            print("stop-after-steps reached at step %d" % step, flush=True)
            return
        if time.time() - last_snap > args.snapshot_every_min * 60 and not done:
            try:
                import export_onnx
                ts = time.time()
                export_onnx.export_package(copy.deepcopy(model).float().eval(), cfg, args.tokenizer,
                                           args.snapshot_dir, note="snapshot step %d" % step, verify=False)
                print("snapshot exported to %s at step %d (%.1fs)" % (args.snapshot_dir, step, time.time() - ts), flush=True)
                log_json(args.log, {"event": "snapshot", "step": step, "dir": args.snapshot_dir})
            except Exception as e:  # never kill the run for a snapshot
                print("snapshot failed:", repr(e), flush=True)
            last_snap = time.time()
    # final
    ev = evaluate(model, eval_sets, pad_id)
    ev2 = eval_long()
    print("final step %d eval %s%s" % (step, ev, " 2T %s" % ev2 if ev2 else ""), flush=True)
    log_json(args.log, dict({"step": step, "tokens": extra["tokens_seen"], "eval": ev, "final": True},
                            **({"eval_2t": ev2} if ev2 else {})))
    save_checkpoints(model, opt, step, plan, stream, cfg, args, extra,
                     os.path.join(args.ckpt_dir, "last.pt"), os.path.join(args.compact_dir, "latest-bf16.pt"))
    log_json(args.log, {"event": "end", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "step": step,
                        "tokens": extra["tokens_seen"], "tokens_real": stream.tokens_real,
                        "train_seconds": round(extra["train_seconds"], 1), "wall_seconds": round(time.time() - t_start, 1)})
    print("done", flush=True)


if __name__ == "__main__":
    main()
