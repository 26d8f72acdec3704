#!/usr/bin/env bash
# One GPU training run of the default model within the device limits (issue 20, item 4). README section 11.
#
# Limits it is built for: a device call copies at most 64 MiB of working tree (tracked files + carried paths);
# a call returns at most 8 files of 16 MiB; the machine goes back when idle; ~15 device minutes a session,
# start-up included. So: data travels as xz shards over several calls and stays on the device in /tmp/fimdata;
# training runs in the background (setsid) and is polled by short calls; the checkpoint comes back in parts.
#
# Here (before the device calls):
#   gpu_run.sh prepare [CALLS]   pick shards (unseen first, gpu_shards_consumed.tsv), fill work/gpu-call1..N,
#                                decide resume vs fresh (run.env), move big tracked files out of the tree
# Device calls (`run` tool, from the repo root; carry ["models/training/work/gpu-callK"]):
#   bash models/training/gpu_run.sh device-data K            unpack call K's shards into /tmp/fimdata
#   bash models/training/gpu_run.sh device-start             start training in the background (reads run.env)
#   bash models/training/gpu_run.sh device-poll              progress (last log lines), never blocks
#   bash models/training/gpu_run.sh device-collect [WAIT_S]  wait for the end, copy parts + logs to $OUT
# Here (after):
#   gpu_run.sh finish FILES_AT   reassemble, export, 8-bit package in work/candidate, mark shards consumed,
#                                put the moved files back
#   gpu_run.sh restore           put the moved files back (without a result)
#
# Model shape and schedule: env D L H T BATCH LR WARMUP MINUTES WORKERS DEVICE EXTRA. Defaults: v2 as chosen in README
# section 11 (g1's shape d256/L8/H4, trained at T=1024, 64 x 1024 tokens a step, the 12k tokenizer-v2 -> a fresh start).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="$HERE/work"
PY="${PY:-python3}"
D="${D:-256}"; L="${L:-8}"; H="${H:-4}"; T="${T:-1024}"; BATCH="${BATCH:-64}"; LR="${LR:-2e-3}"
WARMUP="${WARMUP:-200}"; MINUTES="${MINUTES:-8}"; DEVICE="${DEVICE:-cuda}"; EXTRA="${EXTRA:-}"
CALL_BUDGET_MB="${CALL_BUDGET_MB:-60}"   # MiB per call for tracked tree + carried shards (limit 64)
DATA_DIR="${DATA_DIR:-/tmp/fimdata}"; RUN_DIR="${RUN_DIR:-/tmp/fimrun}"
STASH="$WORK/stash"
CONSUMED="${CONSUMED:-$HERE/gpu_shards_consumed.tsv}"   # committed record of the shards earlier runs trained on
BIG=("models/default/model.onnx" "models/training/checkpoints/default-bf16.pt")

tracked_mb() {  # MiB of the files that travel anyway (tracked, present in the tree)
  (cd "$REPO" && git ls-files -z | xargs -0 stat -c %s 2>/dev/null | awk '{s+=$1} END {printf "%.1f", s/1048576}')
}

cmd="${1:-}"; shift || true
case "$cmd" in
prepare)
  calls="${1:-2}"
  [ -f "$WORK/shards/shards.json" ] || { echo "no work/shards: run make_shards.py first" >&2; exit 2; }
  # resume from the committed bf16 checkpoint only when its architecture is the one asked for
  ckpt="$HERE/checkpoints/default-bf16.pt"; [ -f "$ckpt" ] || ckpt="$STASH/models/training/checkpoints/default-bf16.pt"
  # (the checkpoint was trained with the shipped package's tokenizer: a different BPE of the same size is no match)
  mode=$("$PY" - "$ckpt" "$WORK/shards/tokenizer.json" "$REPO/models/default/tokenizer.json" "$D" "$L" "$H" <<'EOF'
import json, sys, torch
ck = torch.load(sys.argv[1], map_location="cpu")
c = ck["config"]
tok = json.load(open(sys.argv[2], encoding="utf-8"))["model"]
shipped = json.load(open(sys.argv[3], encoding="utf-8"))["model"]
same_tok = tok["merges"] == shipped["merges"] and tok["vocab"] == shipped["vocab"]
want = (len(tok["vocab"]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
have = (c["vocab_size"], c["d_model"], c["n_layer"], c["n_head"])
print("resume" if want == have and same_tok else "fresh")
print("checkpoint vocab/d/L/H %s, asked %s, same tokenizer as the shipped model: %s" % (have, want, same_tok),
      file=sys.stderr)
EOF
)
  echo "mode: $mode"
  rm -rf "$WORK"/gpu-call*; mkdir -p "$STASH"
  if [ "$mode" = resume ] && [ ! -f "$HERE/checkpoints/default-bf16.pt" ]; then "$0" restore > /dev/null; fi
  for f in "${BIG[@]}"; do
    if [ "$mode" = resume ] && [ "$f" = "models/training/checkpoints/default-bf16.pt" ]; then continue; fi
    if [ -f "$REPO/$f" ]; then mkdir -p "$STASH/$(dirname "$f")"; mv "$REPO/$f" "$STASH/$f"; fi
  done
  budget=$(awk -v b="$CALL_BUDGET_MB" -v t="$(tracked_mb)" 'BEGIN {printf "%d", (b - t) * 1048576}')
  "$PY" "$HERE/gpu_shards.py" plan --shards "$WORK/shards" --calls "$calls" --budget-bytes "$budget" --out "$WORK" \
    --consumed "$CONSUMED"
  {
    echo "MODE=$mode"; echo "D=$D"; echo "L=$L"; echo "H=$H"; echo "T=$T"; echo "BATCH=$BATCH"; echo "LR=$LR"
    echo "WARMUP=$WARMUP"; echo "MINUTES=$MINUTES"; echo "EXTRA=\"$EXTRA\""
  } > "$WORK/gpu-call1/run.env"
  du -sh "$WORK"/gpu-call*; echo "tracked tree now: $(tracked_mb) MiB (moved out: $STASH)"
  ;;
device-data)
  k="$1"; src="$HERE/work/gpu-call$k"
  mkdir -p "$DATA_DIR"; cp -a "$src"/. "$DATA_DIR"/
  ls -la "$DATA_DIR"; nproc; nvidia-smi --query-gpu=name,memory.used --format=csv 2>/dev/null || true
  ;;
device-start)
  # shellcheck disable=SC1091
  source "$DATA_DIR/run.env"
  mkdir -p "$RUN_DIR"
  init=""
  if [ "$MODE" = resume ]; then init="--init-ckpt $HERE/checkpoints/default-bf16.pt --warmup 30"; fi
  cd "$HERE"
  setsid nohup env PYTHONUNBUFFERED=1 "$PY" gpu_train.py --data "$DATA_DIR" --out "$RUN_DIR" --device "$DEVICE" \
    --minutes "$MINUTES" --d-model "$D" --n-layer "$L" --n-head "$H" --T "$T" --batch "$BATCH" --lr "$LR" \
    --warmup "$WARMUP" ${WORKERS:+--workers "$WORKERS"} $init $EXTRA > "$RUN_DIR/stdout.log" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/pid"; sleep 2
  echo "started pid $(cat "$RUN_DIR/pid") mode $MODE ($D/$L/$H, T $T, batch $BATCH, $MINUTES min)"; tail -n 3 "$RUN_DIR/stdout.log"
  ;;
device-poll)
  if kill -0 "$(cat "$RUN_DIR/pid")" 2>/dev/null; then echo running; else echo ended; fi
  tail -n "${1:-4}" "$RUN_DIR/stdout.log" | cut -c1-400
  ;;
device-collect)
  wait_s="${1:-540}"; t0=$(date +%s)
  while kill -0 "$(cat "$RUN_DIR/pid")" 2>/dev/null && [ $(( $(date +%s) - t0 )) -lt "$wait_s" ]; do sleep 5; done
  if kill -0 "$(cat "$RUN_DIR/pid")" 2>/dev/null; then echo "still running: collecting the latest interim checkpoint"; fi
  out="${OUT:?OUT is set by the device tool}"
  cp "$RUN_DIR"/gpu-ckpt.pt.part* "$RUN_DIR"/gpu_log.jsonl "$out"/ 2>/dev/null || true
  cp "$RUN_DIR"/gpu_summary.json "$out"/ 2>/dev/null || true
  ls -la "$out"; tail -n 3 "$RUN_DIR/stdout.log" | cut -c1-600
  ;;
finish)
  at="$1"; run_id="${RUN_ID:-$(date -u +%Y%m%dT%H%MZ)}"
  mkdir -p "$WORK/run-$run_id"
  cat "$at"/gpu-ckpt.pt.part* > "$WORK/run-$run_id/gpu-ckpt.pt"
  cp "$at"/gpu_log.jsonl "$WORK/run-$run_id/" 2>/dev/null || true
  cp "$at"/gpu_summary.json "$WORK/run-$run_id/" 2>/dev/null || true
  "$PY" "$HERE/export_onnx.py" --ckpt "$WORK/run-$run_id/gpu-ckpt.pt" --tokenizer "$WORK/shards/tokenizer.json" \
    --out "$WORK/run-$run_id/fp32"
  "$PY" "$HERE/quantize_int8.py" --model "$WORK/run-$run_id/fp32" --out "$WORK/run-$run_id/candidate" --op nbits --bits 8
  "$PY" "$HERE/gpu_shards.py" mark --plan "$WORK/gpu-plan.json" --run "$run_id" --consumed "$CONSUMED"
  "$0" restore
  echo "candidate package: $WORK/run-$run_id/candidate (evaluate with fimcomplete eval --model ...; ship only if better)"
  ;;
restore)
  if [ -d "$STASH" ]; then
    (cd "$STASH" && find . -type f) | while read -r f; do mkdir -p "$REPO/$(dirname "$f")"; mv "$STASH/$f" "$REPO/$f"; done
    rm -rf "$STASH"
  fi
  (cd "$REPO" && git status --short -- models | head)
  ;;
*)
  sed -n 2,25p "$0"; exit 2
  ;;
esac
