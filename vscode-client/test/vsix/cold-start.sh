#!/usr/bin/env bash
# Cold start of a self-contained server at the LSP level (docs/benchmarks.md): process start -> initialize answered
# -> model ready -> first inline completion items, under runtime settings given as environment variables
# (they override the runtimeconfig.json values: DOTNET_TieredPGO, DOTNET_TC_QuickJit, DOTNET_TieredCompilation,
# DOTNET_ReadyToRun). Prints one line per run with the load average; timings only, no assertions.
#
#   vscode-client/test/vsix/cold-start.sh <extension-folder> [runs]   (an unpacked .vsix's extension/ folder)
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
EXT="$1"
RUNS="${2:-2}"
CONFIGS=(
  "default (runtimeconfig: QuickJit off, TieredPGO off)|"
  "QuickJit on|DOTNET_TC_QuickJit=1"
  "QuickJit on + TieredPGO on|DOTNET_TC_QuickJit=1 DOTNET_TieredPGO=1"
  "TieredCompilation off|DOTNET_TieredCompilation=0"
  "ReadyToRun code ignored|DOTNET_ReadyToRun=0"
)
for c in "${CONFIGS[@]}"; do
  name="${c%%|*}"
  vars="${c#*|}"
  for i in $(seq 1 "$RUNS"); do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    json=$(mktemp)
    env $vars node "$HERE/lsp-smoke.mjs" --exe "$EXT/server/fimcomplete" --model "$EXT/model" --json "$json" >/dev/null 2>&1
    rc=$?
    echo "$name | run $i | rc $rc | $(cat "$json" 2>/dev/null | tr -d ' \n') | load $load"
    rm -f "$json"
  done
done
