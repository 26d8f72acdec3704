#!/usr/bin/env bash
# The VS Code extension: unit tests, then the end-to-end test in a real VS Code (code-server + chromium) twice: with
# the stub server (the extension's plumbing: missing server, crash and restart, one notification per error burst,
# debounce; fast) and with the packaged extension, the real server and the default model; then Restricted Mode with
# the same package (workspace trust on, an untrusted folder whose project would run code when loaded: ghost text, no
# marker file; trust granted: the project loads).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
ensure_node
cd "$ROOT/vscode-client"
npm ci --no-audit --no-fund --silent
npm test
rc=0
echo "-- e2e: stub server"
FIMCOMPLETE_E2E_SERVER=stub bash "$ROOT/vscode-client/test/e2e/run-e2e.sh" || rc=1
echo "-- e2e: real server and default model"
# The real run packages the .vsix here; the Restricted Mode run installs the same one (none left from an older run).
VSIX="$ROOT/vscode-client/fimcomplete-$(node -p "require('./package.json').version").vsix"
rm -f "$VSIX"
FIMCOMPLETE_E2E_SERVER=real bash "$ROOT/vscode-client/test/e2e/run-e2e.sh" || rc=1
echo "-- e2e: Restricted Mode (untrusted folder), real server"
[ -f "$VSIX" ] || VSIX=""
FIMCOMPLETE_E2E_SERVER=real E2E_SCENARIO=restricted bash "$ROOT/vscode-client/test/e2e/run-e2e.sh" $VSIX || rc=1
exit "$rc"
