#!/usr/bin/env bash
# Packages per-platform .vsix files and content-checks each (binary formats and architectures from the headers,
# the one ONNX Runtime library, size <= 50 MB). Cannot run them: they are for other platforms.
#
#   vscode-client/test/vsix/package-all.sh [target...]     default: every target; darwin-x64 is refused (no
#                                                          ONNX Runtime library for osx-x64)
# Each self-contained publish takes a few minutes (the first for a platform also restores its runtime pack).
# Logs: <repo>/test-output/vsix/package-<target>.log, check-<target>.log. Last line: `N passed, N failed`.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLIENT="$(cd "$HERE/../.." && pwd)"
REPO="$(cd "$CLIENT/.." && pwd)"
OUT="$REPO/test-output/vsix"
mkdir -p "$OUT"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(linux-x64 linux-arm64 win32-x64 win32-arm64 darwin-arm64)
cd "$CLIENT"
[ -d node_modules/@vscode/vsce ] || npm ci --no-audit --no-fund --silent
VERSION=$(node -p "require('./package.json').version")
passed=0
failed=0
for t in "${TARGETS[@]}"; do
  vsix="$CLIENT/fimcomplete-$t-$VERSION.vsix"
  start=$(date +%s)
  if node scripts/package.mjs --target "$t" --out "$vsix" >"$OUT/package-$t.log" 2>&1; then
    echo "package $t: $(($(date +%s) - start)) s, $(stat -c %s "$vsix") bytes"
    if node "$HERE/check-vsix.mjs" "$vsix" "$t" >"$OUT/check-$t.log" 2>&1; then
      passed=$((passed + 1)); echo "== PASS: $t"
    else
      failed=$((failed + 1)); echo "== FAIL: $t (content)"; grep FAIL "$OUT/check-$t.log"
    fi
  else
    failed=$((failed + 1)); echo "== FAIL: $t (packaging)"; tail -5 "$OUT/package-$t.log"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
