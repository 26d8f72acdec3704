#!/usr/bin/env bash
# Runs every test of the project: .NET (xunit), the LSP integration tests with a node client, the VS Code
# extension's unit tests and its end-to-end test in a real VS Code (code-server + chromium).
# Installs what it needs first (idempotent). Prints a final "N passed, N failed" line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/lib.sh"

ensure_dotnet
passed=0; failed=0
record() { if [ "$1" -eq 0 ]; then passed=$((passed+1)); echo "== PASS: $2"; else failed=$((failed+1)); echo "== FAIL: $2"; fi; }

set +e
dotnet test FimComplete.sln -c Release --nologo 2>&1 | tee "$ROOT/.cache/dotnet-test.log" | grep -E "Passed!|Failed!|error|\[FAIL\]|Failed " ; rc=${PIPESTATUS[0]}
record "$rc" "dotnet test"

for suite in "$ROOT"/scripts/test.d/*.sh; do
  [ -e "$suite" ] || continue
  bash "$suite"; record $? "$(basename "$suite")"
done
set -e

echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
