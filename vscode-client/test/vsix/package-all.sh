#!/usr/bin/env bash
# Packages per-platform .vsix files and content-checks each (binary formats and architectures from the headers,
# the one ONNX Runtime library, size <= 50 MB; check-vsix.mjs). Cannot run them: they are for other platforms.
# Also checks that the targets that cannot be built (darwin-x64, win32-arm64: scripts/targets.mjs) are refused with
# the reason.
#
#   vscode-client/test/vsix/package-all.sh [target...]     default: linux-x64 linux-arm64 win32-x64 darwin-arm64
#
# The targets are packaged one after the other into one build folder: the first publish compiles the whole server,
# each further one compiles only the executable's project, then restores, trims and bundles its runtime.
# Logs: <repo>/test-output/vsix/package-<target>.log, check-<target>.log. Last line: `N passed, N failed`.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLIENT="$(cd "$HERE/../.." && pwd)"
REPO="$(cd "$CLIENT/.." && pwd)"
OUT="$REPO/test-output/vsix"
mkdir -p "$OUT"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(linux-x64 linux-arm64 win32-x64 darwin-arm64)
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
for t in darwin-x64 win32-arm64; do
  node scripts/package.mjs --target "$t" --skip-server --skip-model --out "$OUT/refused-$t.vsix" >"$OUT/refused-$t.log" 2>&1
  rc=$?
  if [ "$rc" -eq 2 ] && grep -q "no package for --target $t: " "$OUT/refused-$t.log" && [ ! -e "$OUT/refused-$t.vsix" ]; then
    passed=$((passed + 1)); echo "== PASS: $t is refused with the reason: $(cut -c1-160 "$OUT/refused-$t.log")"
  else
    failed=$((failed + 1)); echo "== FAIL: $t is refused with the reason (exit $rc)"; cat "$OUT/refused-$t.log"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
