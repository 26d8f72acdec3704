#!/usr/bin/env python3
"""Which shards a GPU run takes (gpu_run.sh): shards no run has consumed first (manifest order), then the ones
consumed longest ago, until every device call's carry budget is full; `mark` records a finished run's shards in
the committed gpu_shards_consumed.tsv (run id, shard, sha256), so the next run starts with data the model has
not seen.

  python3 gpu_shards.py plan --shards work/shards --calls 2 --budget-bytes 58000000 --out work
  python3 gpu_shards.py mark --plan work/gpu-plan.json --run RUN_ID --consumed gpu_shards_consumed.tsv
"""
import argparse
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
COMMON = ("valid.jsonl.xz", "tokenizer.json", "shards.json")


def read_consumed(path):
    """{sha256: order of its last use} (higher = more recent)."""
    last = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f):
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 3 and parts[0] != "run":
                    last[parts[2]] = n
    return last


def order_shards(shards, consumed):
    unseen = [s for s in shards if s["sha256"] not in consumed]
    seen = sorted((s for s in shards if s["sha256"] in consumed), key=lambda s: consumed[s["sha256"]])
    return unseen, seen


def plan(shards_dir, calls, budget, out, consumed_path):
    with open(os.path.join(shards_dir, "shards.json")) as f:
        manifest = json.load(f)
    unseen, seen = order_shards(manifest["shards"], read_consumed(consumed_path))
    queue = unseen + seen
    common = sum(os.path.getsize(os.path.join(shards_dir, c)) for c in COMMON)
    result = {"calls": [], "unseen": len(unseen), "reused": 0}
    for k in range(1, calls + 1):
        d = os.path.join(out, "gpu-call%d" % k)
        os.makedirs(d, exist_ok=True)
        room = budget - (common if k == 1 else 0)
        if k == 1:
            for c in COMMON:
                shutil.copy(os.path.join(shards_dir, c), d)
        taken = []
        while queue and queue[0]["xz_bytes"] <= room:
            s = queue.pop(0)
            room -= s["xz_bytes"]
            os.link(os.path.join(shards_dir, s["name"]), os.path.join(d, s["name"]))
            taken.append({"name": s["name"], "sha256": s["sha256"], "seen_before": s in seen})
        result["calls"].append(taken)
    result["reused"] = sum(t["seen_before"] for c in result["calls"] for t in c)
    with open(os.path.join(out, "gpu-plan.json"), "w") as f:
        json.dump(result, f, indent=1)
    n = sum(len(c) for c in result["calls"])
    print("%d shards in %d calls (%d never consumed before, %d reused); %d shards left unseen"
          % (n, calls, n - result["reused"], result["reused"], max(0, len(unseen) - (n - result["reused"]))))
    return result


def mark(plan_path, run_id, consumed_path):
    with open(plan_path) as f:
        p = json.load(f)
    new = not os.path.exists(consumed_path)
    with open(consumed_path, "a", encoding="utf-8") as f:
        if new:
            f.write("run\tshard\tsha256\n")
        for call in p["calls"]:
            for s in call:
                f.write("%s\t%s\t%s\n" % (run_id, s["name"], s["sha256"]))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("plan")
    a.add_argument("--shards", required=True)
    a.add_argument("--calls", type=int, default=2)
    a.add_argument("--budget-bytes", type=int, required=True)
    a.add_argument("--out", required=True)
    a.add_argument("--consumed", default=os.path.join(HERE, "gpu_shards_consumed.tsv"))
    b = sub.add_parser("mark")
    b.add_argument("--plan", required=True)
    b.add_argument("--run", required=True)
    b.add_argument("--consumed", default=os.path.join(HERE, "gpu_shards_consumed.tsv"))
    args = ap.parse_args()
    if args.cmd == "plan":
        plan(args.shards, args.calls, args.budget_bytes, args.out, args.consumed)
    else:
        mark(args.plan, args.run, args.consumed)


if __name__ == "__main__":
    main()
