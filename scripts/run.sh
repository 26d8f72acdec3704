#!/usr/bin/env bash
# Builds everything and runs the main job on the bundled default model (models/default): ranked completions for a
# cursor in a sample C# file, then the evaluation harness on the visible set when present.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/lib.sh"

ensure_dotnet
dotnet build FimComplete.sln -c Release --nologo -v quiet
publish_cli
FIM="dotnet $ROOT/.cache/cli/fimcomplete.dll"

sample="$ROOT/tests/fixtures/samples/Inventory.cs"
echo "== fimcomplete complete $sample (line 25, column 26)"
# This repository (just built above) is trusted: its solution loads with MSBuild, as before workspace trust existed.
$FIM complete "$sample" --line 25 --column 26 --candidates 3 --trust-workspace

if [ -f "$ROOT/tests/eval/visible/tasks.jsonl" ]; then
  echo "== fimcomplete eval (visible set)"
  # No project files in the visible set: ad-hoc either way, so no --trust-workspace.
  $FIM eval --root "$ROOT/tests/eval/visible/src" --tasks "$ROOT/tests/eval/visible/tasks.jsonl" --out "$ROOT/.cache/eval-visible.json"
fi
