#!/usr/bin/env bash
# Runs inside `unshare -m` (started by run-vsix-tests.sh): hides every dotnet install location under an empty
# tmpfs, unsets the DOTNET_* location variables, proves that no .NET is reachable, then tests the unpacked
# package. Last line: `inner: N passed, N failed`.
set -uo pipefail
passed=0
failed=0
record() {
  if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "== PASS: $2"; else failed=$((failed + 1)); echo "== FAIL: $2"; fi
}
done_() {
  echo "inner: $passed passed, $failed failed"
  exit 0
}

for d in $FIM_VSIX_HIDE; do
  if [ -d "$d" ]; then
    mount -t tmpfs -o size=1m,mode=0755 fim-no-dotnet "$d" || { record 1 "hiding $d"; done_; }
  fi
done
unset DOTNET_ROOT DOTNET_ROOT_X64 DOTNET_ROOT_ARM64 DOTNET_HOST_PATH DOTNET_INSTALL_DIR MSBuildExtensionsPath MSBUILD_EXE_PATH

echo "---- proof: no .NET reachable ----"
echo "\$ which dotnet"
which dotnet
which_rc=$?
echo "(exit code $which_rc)"
echo "\$ command -v dotnet; dotnet --info"
command -v dotnet
dotnet --info >/dev/null 2>&1
info_rc=$?
echo "(dotnet --info exit code $info_rc)"
empty=0
for d in $FIM_VSIX_HIDE; do
  if [ -e "$d" ]; then
    echo "\$ ls -A $d"
    ls -A "$d"
    [ -z "$(ls -A "$d")" ] || empty=1
  else
    echo "$d: does not exist"
  fi
done
echo "\$ env | grep -E '^DOTNET_(ROOT|HOST_PATH)'"
env | grep -E '^DOTNET_(ROOT|HOST_PATH)'
env_rc=$?
echo "---- end of proof ----"
[ $which_rc -ne 0 ] && [ $info_rc -ne 0 ] && [ $empty -eq 0 ] && [ $env_rc -ne 0 ]
record $? "no .NET reachable (which dotnet fails, dotnet --info fails, install folders empty, no DOTNET_ROOT)"
[ $failed -eq 0 ] || done_

EXE="$FIM_VSIX_EXT/server/fimcomplete"
echo "---- the unpacked package's server over LSP ----"
ls -la "$EXE"
node "$FIM_VSIX_HERE/lsp-smoke.mjs" --exe "$EXE" --model "$FIM_VSIX_EXT/model" --json "$FIM_VSIX_OUT/lsp-smoke.json" 2>&1 | tee "$FIM_VSIX_OUT/lsp-smoke.log"
record "${PIPESTATUS[0]}" "the unpacked linux-x64 server answers initialize + inlineCompletion with items (no .NET)"

echo "---- end-to-end in real VS Code with the linux-x64 package ----"
FIMCOMPLETE_E2E_SERVER=real E2E_READY_TIMEOUT_MS=${E2E_READY_TIMEOUT_MS:-480000} E2E_GHOST_TIMEOUT_MS=${E2E_GHOST_TIMEOUT_MS:-240000} timeout 1500 bash "$FIM_VSIX_REPO/vscode-client/test/e2e/run-e2e.sh" "$FIM_VSIX_FILE" 2>&1 | tail -40
record "${PIPESTATUS[0]}" "e2e: ghost text in code-server with the linux-x64 package (no .NET)"
LOG="$FIM_VSIX_REPO/test-output/e2e/real-extension.log"
if grep -E "Starting the server: .*/server/fimcomplete serve" "$LOG"; then
  ! grep -E "Starting the server: .*dotnet" "$LOG"
  record $? "the extension started the bundled executable directly (extension log)"
else
  record 1 "the extension started the bundled executable directly (no 'Starting the server' line in $LOG)"
fi
if [ "${FIM_VSIX_LSP_SUITE:-0}" = 1 ]; then
  echo "---- LSP integration suite (tests/lsp-node) against the self-contained server ----"
  (cd "$FIM_VSIX_REPO/tests/lsp-node" &&
    FIMCOMPLETE_SERVER="\"$EXE\" serve --model \"$FIM_VSIX_EXT/model\"" timeout 1200 npm test) >"$FIM_VSIX_OUT/lsp-node.log" 2>&1
  rc=$?
  grep -E '^# (tests|pass|fail|skipped)' "$FIM_VSIX_OUT/lsp-node.log"
  record $rc "tests/lsp-node suite against the trimmed self-contained server (no .NET)"
fi

done_
