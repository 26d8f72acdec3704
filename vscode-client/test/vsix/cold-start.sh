#!/usr/bin/env bash
# Cold start of a self-contained server at the LSP level (docs/benchmarks.md): process start -> `initialize` answered
# -> model ready (fimComplete/status) -> first textDocument/inlineCompletion items, for several variants (a server
# build and runtime settings given as environment variables, which override the runtimeconfig.json values:
# DOTNET_TieredPGO, DOTNET_TC_QuickJit, DOTNET_TieredCompilation, DOTNET_ReadyToRun, ...).
# The variants take turns run by run, so a load that changes during the measurement touches all of them alike.
# Prints one line per run with the 1-minute load average, then the median of each variant; timings only, no assertions.
#
#   vscode-client/test/vsix/cold-start.sh [-n runs] 'label|<extension folder>|VAR=1 VAR=2' ...
#
# <extension folder> is an unpacked .vsix's extension/ folder (server/fimcomplete, model/). Without variants: the
# runtime-setting matrix on the folder given by FIM_COLD_START_EXT.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUNS=3
if [ "${1:-}" = "-n" ]; then
  RUNS="$2"
  shift 2
fi
VARIANTS=("$@")
if [ ${#VARIANTS[@]} -eq 0 ]; then
  EXT="${FIM_COLD_START_EXT:?give variants, or FIM_COLD_START_EXT=<unpacked extension folder>}"
  VARIANTS=(
    "runtimeconfig (QuickJit off, TieredPGO off)|$EXT|"
    "QuickJit on|$EXT|DOTNET_TC_QuickJit=1"
    "QuickJit on + TieredPGO on|$EXT|DOTNET_TC_QuickJit=1 DOTNET_TieredPGO=1"
    "TieredCompilation off|$EXT|DOTNET_TieredCompilation=0"
  )
fi
RESULTS="$(mktemp)"
trap 'rm -f "$RESULTS"' EXIT
for i in $(seq 1 "$RUNS"); do
  for v in "${VARIANTS[@]}"; do
    IFS='|' read -r name ext vars <<<"$v"
    load=$(cut -d' ' -f1 /proc/loadavg)
    json="$(mktemp)"
    # shellcheck disable=SC2086 # vars is a list of VAR=value words
    env $vars node "$HERE/lsp-smoke.mjs" --exe "$ext/server/fimcomplete" --model "$ext/model" --json "$json" >/dev/null 2>&1
    rc=$?
    t=$(node -e 'const t=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).timings; console.log([t.initializeMs,t.readyMs,t.firstItemsMs].join(" "))' "$json" 2>/dev/null)
    rm -f "$json"
    echo "$name | run $i | rc $rc | initialize/ready/first items ms: ${t:-none} | load $load"
    [ "$rc" -eq 0 ] && [ -n "$t" ] && echo "$name|$t|$load" >>"$RESULTS"
  done
done
echo
echo "median of $RUNS runs (ms; only runs that passed): variant | initialize | ready | first items | n | load range"
for v in "${VARIANTS[@]}"; do
  IFS='|' read -r name _ _ <<<"$v"
  grep -F "$name|" "$RESULTS" | awk -F'|' -v name="$name" '
    $1 == name { split($2, t, " "); n++; a[n] = t[1]; b[n] = t[2]; c[n] = t[3]; l[n] = $3 }
    function median(x, n,   i, j, s) {
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] + 0 < x[i] + 0) { s = x[i]; x[i] = x[j]; x[j] = s }
      return n % 2 ? x[(n + 1) / 2] : int((x[n / 2] + x[n / 2 + 1]) / 2)
    }
    END {
      if (n == 0) { print name " | no run passed"; exit }
      lo = l[1]; hi = l[1]; for (i = 2; i <= n; i++) { if (l[i] + 0 < lo + 0) lo = l[i]; if (l[i] + 0 > hi + 0) hi = l[i] }
      print name " | " median(a, n) " | " median(b, n) " | " median(c, n) " | " n " | " lo "-" hi
    }'
done
