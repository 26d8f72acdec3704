#!/bin/bash
# Controlled experiments for issue 3 (see controls/RESULTS.md):
#   rope_fim   RoPE  + FIM rate 0.9  (the shipped recipe, small)
#   alibi_fim  ALiBi + FIM rate 0.9  -> position scheme, judged by valid bits/byte at 2T
#   rope_l2r   RoPE  + FIM rate 0    -> left-to-right-only control (the paper's "FIM for free" claim)
# Same model size, seed, document order, step count (= equal tokens), lr schedule; run one after the
# other. Each run is then evaluated at T and 2T by controls_eval.py, and controls/results.json is written.
# Outputs: logs + eval.json under controls/<run>/ (committed); checkpoints under $CTL_TMP (not committed).
# Usage: models/training/controls.sh [run ...]      (default: all three)
# Env: STEPS (600), D (128), L (4), H (2), T (256), BATCH (16), THREADS (1), NICE ("nice -n 15"), EVAL_N (200)
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
STEPS="${STEPS:-600}"; D="${D:-128}"; L="${L:-4}"; H="${H:-2}"; T="${T:-256}"; BATCH="${BATCH:-16}"
THREADS="${THREADS:-1}"; NICE="${NICE:-nice -n 15}"; EVAL_N="${EVAL_N:-200}"
CTL_TMP="${CTL_TMP:-/tmp/controls}"
RUNS=("$@")
[ ${#RUNS[@]} -gt 0 ] || RUNS=(rope_fim alibi_fim rope_l2r)

for run in "${RUNS[@]}"; do
  case "$run" in
    rope_fim)  POS=rope;  FIM=0.9 ;;
    alibi_fim) POS=alibi; FIM=0.9 ;;
    rope_l2r)  POS=rope;  FIM=0 ;;
    *) echo "unknown run $run" >&2; exit 2 ;;
  esac
  mkdir -p "controls/$run" "$CTL_TMP/$run"
  rm -f "controls/$run/log.jsonl"   # a fresh run, not appended to an old one
  echo "== $run (pos=$POS fim=$FIM) $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  # --time-budget-min is only a safety net: --max-steps fixes the plan (cosine over exactly STEPS steps)
  $NICE $PY train.py --d-model "$D" --n-layer "$L" --n-head "$H" --T "$T" --batch "$BATCH" \
      --pos "$POS" --fim-rate "$FIM" --lr 2e-3 --warmup 60 --seed 1234 \
      --time-budget-min 100000 --max-steps "$STEPS" --eval-every 200 --eval-n 32 --eval-2t \
      --threads "$THREADS" --snapshot-every-min 100000 \
      --log "controls/$run/log.jsonl" --ckpt-dir "$CTL_TMP/$run/ck" --compact-dir "$CTL_TMP/$run/compact" \
      --snapshot-dir "$CTL_TMP/$run/snap" > "$CTL_TMP/$run/train.out" 2>&1
  tail -n 3 "$CTL_TMP/$run/train.out"
  $NICE $PY controls_eval.py eval --ckpt "$CTL_TMP/$run/ck/last.pt" --log "controls/$run/log.jsonl" \
      --name "$run" --out "controls/$run/eval.json" --n "$EVAL_N" --threads "$THREADS" > "$CTL_TMP/$run/eval.out" 2>&1
  echo "   eval done $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
done

done_runs=()
for r in rope_fim alibi_fim rope_l2r; do [ -s "controls/$r/eval.json" ] && done_runs+=("$r"); done
$PY controls_eval.py report --runs "${done_runs[@]}" --compare rope_fim:alibi_fim rope_fim:rope_l2r \
    --out controls/results.json --md controls/tables.md > /dev/null
echo "wrote controls/results.json ($(date -u +%H:%M:%S))"
