#!/usr/bin/env bash
# LSP integration tests: the server process over stdio, driven by vscode-languageserver-protocol (node).
# Runs against the fake-model server and then against the real server with the bundled default model.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
ensure_node
cd "$ROOT/tests/lsp-node"
npm ci --no-audit --no-fund --silent
export FIMCOMPLETE_ARTIFACTS="$ROOT/artifacts"
dotnet build fake-server --artifacts-path "$FIMCOMPLETE_ARTIFACTS" --nologo -v quiet >/dev/null
echo "-- lsp-node: fake model"
npm test
if [ -f "$ROOT/models/default/fim.json" ]; then
  publish_cli
  echo "-- lsp-node: real server and default model"
  FIMCOMPLETE_SERVER="dotnet $ROOT/.cache/cli/fimcomplete.dll serve --model $ROOT/models/default --enable-debug-requests" npm test
fi
