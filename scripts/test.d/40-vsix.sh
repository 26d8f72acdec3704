#!/usr/bin/env bash
# The per-platform VS Code package: packages linux-x64 (self-contained, trimmed server; a few minutes), checks its
# content, then, with every dotnet install location hidden in a mount namespace, drives the unpacked server over
# LSP (smoke test; the tests/lsp-node suite with FIM_VSIX_LSP_SUITE=1) and runs the end-to-end test in real VS Code.
# Then packages every other target and checks its content (vscode-client/test/vsix/package-all.sh: executable and
# ONNX Runtime library formats and architectures from their headers, size <= 50 MB; the targets that cannot be built
# are refused with the reason); FIM_VSIX_ALL_TARGETS=0 skips that part.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
ensure_dotnet
ensure_node
export MSBUILDDISABLENODEREUSE=1
bash "$ROOT/vscode-client/test/vsix/run-vsix-tests.sh"
if [ "${FIM_VSIX_ALL_TARGETS:-1}" = 1 ]; then
  start=$(date +%s)
  bash "$ROOT/vscode-client/test/vsix/package-all.sh" linux-arm64 win32-x64 darwin-arm64
  echo "vsix: the other targets took $(($(date +%s) - start)) s"
fi
