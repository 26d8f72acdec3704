#!/usr/bin/env bash
# The VS Code extension: unit tests, then the end-to-end test in a real VS Code (code-server + chromium) with the
# packaged extension, the real server and the default model.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
ensure_node
cd "$ROOT/vscode-client"
npm ci --no-audit --no-fund --silent
npm test
bash "$ROOT/vscode-client/test/e2e/run-e2e.sh"
