#!/usr/bin/env bash
# End-to-end test of the extension in a real VS Code (code-server + headless chromium).
#
#   vscode-client/test/e2e/run-e2e.sh [path/to/fimcomplete.vsix]
#
# FIMCOMPLETE_E2E_SERVER=real (default): the packaged server and model (`npm run package` builds the
#   .vsix unless one is given).
# FIMCOMPLETE_E2E_SERVER=stub: a stand-in LSP server in node (test/e2e/stub-server.js) set through
#   fimComplete.serverPath; the .vsix is packaged without server and model. Proves the plumbing.
# E2E_SCENARIO=session: instead of the test, the user-session benchmark (session.mjs) on the two sample projects in
#   test/e2e/projects (real server only); its report goes to test-output/e2e/session-report.{json,md}.
# E2E_SCENARIO=restricted: Restricted Mode (real server only; restricted.mjs): workspace trust on and the folder
#   (test/e2e/restricted plus a Directory.Build.targets whose Exec writes a marker file outside it) not trusted: ghost
#   text works, the status tooltip says restricted mode, no marker appears; then trust is granted and the marker does.
# E2E_CACHE: where tools are installed (default <repo>/.cache/e2e). E2E_KEEP=1 keeps the run folder.
# E2E_CHROMIUM: the Chromium/Chrome to drive (default: found on PATH, see scripts/lib.sh find_chromium).
# Screenshots go to <repo>/test-output/e2e/. The last line printed is `N passed, N failed`.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLIENT="$(cd "$HERE/../.." && pwd)"
REPO="$(cd "$CLIENT/.." && pwd)"
P="${E2E_CACHE:-$REPO/.cache/e2e}"
MODE="${FIMCOMPLETE_E2E_SERVER:-real}"
SCENARIO="${E2E_SCENARIO:-test}"
VSIX="${1:-}"
OUT="$REPO/test-output/e2e"
START=$(date +%s)

fail() {
  echo "e2e: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}
case "$MODE" in real | stub) ;; *) fail "FIMCOMPLETE_E2E_SERVER must be real or stub, not '$MODE'" ;; esac
case "$SCENARIO" in
  test) ;;
  session | restricted) [ "$MODE" = real ] || fail "the $SCENARIO scenario needs the real server" ;;
  *) fail "E2E_SCENARIO must be test, session or restricted" ;;
esac

bash "$HERE/setup-e2e.sh" || fail "installing the e2e tools failed"
ROOT="$REPO"
source "$REPO/scripts/lib.sh"
ensure_node
CHROMIUM="$(find_chromium)"
[ -n "$CHROMIUM" ] || fail "no chromium found (set E2E_CHROMIUM)"
CODE_SERVER="$P/cs/node_modules/.bin/code-server"

if [ ! -d "$CLIENT/node_modules/vscode-languageclient" ]; then
  (cd "$CLIENT" && npm ci --no-fund --no-audit) || fail "npm ci failed"
fi

RUN="$P/runs/run-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$RUN/data/User" "$RUN/exts" "$RUN/xdg/config" "$RUN/xdg/data" "$RUN/xdg/cache" "$RUN/ws" "$OUT"
# Each scenario's files carry its name (the plain test: the server mode), so that one run does not delete another's.
TAG="$MODE"
[ "$SCENARIO" = test ] || TAG="$SCENARIO"
rm -f "$OUT/$TAG-"*.png "$OUT/$TAG-"*.log "$OUT/$TAG-"*.out "$OUT/$TAG-"*.jsonl

if [ -z "$VSIX" ]; then
  if [ "$MODE" = stub ]; then
    VSIX="$RUN/fimcomplete-stub.vsix"
    (cd "$CLIENT" && npm run package -- --skip-server --skip-model --out "$VSIX") || fail "packaging failed"
  else
    VERSION=$(node -p "require('$CLIENT/package.json').version")
    VSIX="$CLIENT/fimcomplete-$VERSION.vsix"
    (cd "$CLIENT" && npm run package -- --out "$VSIX") || fail "packaging failed (is the server buildable and models/default/fim.json there?)"
  fi
fi
[ -f "$VSIX" ] || fail "no .vsix at $VSIX"
VSIX="$(cd "$(dirname "$VSIX")" && pwd)/$(basename "$VSIX")"
echo "e2e: mode=$MODE vsix=$VSIX ($(du -h "$VSIX" | cut -f1)) run=$RUN"

# A fresh copy of the workspace fixture and fresh user data for every run.
MARKERS="$RUN/markers"
TRUST_ENABLED=false
case "$SCENARIO" in
  session) cp -R "$HERE/projects/." "$RUN/ws/" ;;
  restricted)
    TRUST_ENABLED=true
    cp -R "$HERE/restricted/." "$RUN/ws/"
    mkdir -p "$MARKERS"
    # Restored first (nothing is downloaded: no package references), so that only a project load can run the target
    # written next; a trusted load then gets as far as ResolveAssemblyReferences.
    timeout 300 dotnet restore "$RUN/ws/Restricted.csproj" --nologo -v q >"$RUN/restore.log" 2>&1 ||
      { cat "$RUN/restore.log"; fail "restoring the restricted fixture failed"; }
    # What a hostile repository can hold: MSBuild's design-time build (a project load) runs this target.
    cat >"$RUN/ws/Directory.Build.targets" <<EOF
<Project>
  <Target Name="FimCompleteE2eMarker" BeforeTargets="ResolveAssemblyReferences;CoreCompile">
    <Exec Command="date &gt; '$MARKERS/marker-\$(MSBuildProjectName)'" />
  </Target>
</Project>
EOF
    ;;
  *) cp -R "$HERE/workspace/." "$RUN/ws/" ;;
esac
STUB_LOG="$RUN/stub-events.jsonl"
SERVER_PATH_SETTING=""
if [ "$MODE" = stub ]; then
  SERVER_PATH_SETTING="\"fimComplete.serverPath\": \"$HERE/stub-server.js\","
  export FIMCOMPLETE_STUB_LOG="$STUB_LOG"
fi
cat >"$RUN/data/User/settings.json" <<EOF
{
  $SERVER_PATH_SETTING
  "fimComplete.logLevel": "debug",
  "files.autoSave": "off",
  "files.hotExit": "off",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "security.workspace.trust.enabled": $TRUST_ENABLED,
  "security.workspace.trust.startupPrompt": "never",
  "security.workspace.trust.banner": "always",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "editor.inlineSuggest.enabled": true,
  "editor.quickSuggestions": { "other": false, "comments": false, "strings": false },
  "editor.suggestOnTriggerCharacters": false,
  "editor.wordBasedSuggestions": "off",
  "editor.parameterHints.enabled": false,
  "chat.disableAIFeatures": true,
  "[jsonc]": { "editor.autoClosingBrackets": "never", "editor.autoClosingQuotes": "never", "editor.autoIndent": "none", "editor.formatOnType": false, "editor.formatOnPaste": false }
}
EOF

PORT="${E2E_PORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" >"$RUN/config.yaml"
export XDG_CONFIG_HOME="$RUN/xdg/config" XDG_DATA_HOME="$RUN/xdg/data" XDG_CACHE_HOME="$RUN/xdg/cache"
CS_ARGS=(--config "$RUN/config.yaml" --user-data-dir "$RUN/data" --extensions-dir "$RUN/exts")

"$CODE_SERVER" "${CS_ARGS[@]}" --install-extension "$VSIX" >"$RUN/install.log" 2>&1 ||
  { cat "$RUN/install.log"; fail "installing the .vsix into code-server failed"; }

CS_PID=""
cleanup() {
  if [ -n "$CS_PID" ] && kill -0 "$CS_PID" 2>/dev/null; then
    # code-server leads its own process group (setsid): end it with the extension host and server.
    kill -TERM -- "-$CS_PID" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$CS_PID" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$CS_PID" 2>/dev/null
    wait "$CS_PID" 2>/dev/null
  fi
  CS_PID=""
}
trap cleanup EXIT INT TERM

# Workspace trust is off for every scenario but the one that tests Restricted Mode.
TRUST_ARGS=(--disable-workspace-trust)
[ "$TRUST_ENABLED" = true ] && TRUST_ARGS=()
# VS Code at log level debug: its default, info, keeps the server's per-request lines out of the FimComplete output
# channel's log file (kept as <scenario>-extension.log), which then shows what each request got.
setsid "$CODE_SERVER" "${CS_ARGS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry \
  --disable-update-check "${TRUST_ARGS[@]}" --log debug --disable-getting-started-override "$RUN/ws" \
  >"$RUN/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CS_PID" 2>/dev/null || { cat "$RUN/code-server.log"; fail "code-server exited"; }
  sleep 0.5
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" || { cat "$RUN/code-server.log"; fail "code-server did not come up on port $PORT"; }

if [ "$SCENARIO" = session ]; then
  echo "e2e: session benchmark, load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
  node "$HERE/session.mjs" --url "http://127.0.0.1:$PORT" --workspace "$RUN/ws" --settings "$RUN/data/User/settings.json" \
    --out "$OUT" --playwright "$P/tools/node_modules/playwright-core" --chromium "$CHROMIUM" 2>&1 | tee "$OUT/$TAG-e2e.out"
elif [ "$SCENARIO" = restricted ]; then
  node "$HERE/restricted.mjs" --url "http://127.0.0.1:$PORT" --workspace "$RUN/ws" --markers "$MARKERS" \
    --logs "$RUN/data/logs" --out "$OUT" --playwright "$P/tools/node_modules/playwright-core" --chromium "$CHROMIUM" 2>&1 |
    tee "$OUT/$TAG-e2e.out"
else
  node "$HERE/e2e.mjs" --url "http://127.0.0.1:$PORT" --workspace "$RUN/ws" --settings "$RUN/data/User/settings.json" \
    --out "$OUT" --mode "$MODE" --stub-log "$STUB_LOG" --playwright "$P/tools/node_modules/playwright-core" \
    --chromium "$CHROMIUM" 2>&1 | tee "$OUT/$MODE-e2e.out"
fi
RC=${PIPESTATUS[0]}
cleanup

# Keep the extension's output channel next to the screenshots.
EXT_LOG=$(find "$RUN/data/logs" -name '*FimComplete*.log' 2>/dev/null | head -1)
[ -n "$EXT_LOG" ] && cp "$EXT_LOG" "$OUT/$TAG-extension.log"
[ -f "$STUB_LOG" ] && cp "$STUB_LOG" "$OUT/$TAG-stub-events.jsonl"
cp "$RUN/code-server.log" "$OUT/$TAG-code-server.log" 2>/dev/null

# Old runs are not needed; keep this one only when asked (or when it failed).
if [ "${E2E_KEEP:-0}" != 1 ] && [ "$RC" = 0 ]; then rm -rf "$RUN"; fi
find "$P/runs" -mindepth 1 -maxdepth 1 -type d -mmin +120 -exec rm -rf {} + 2>/dev/null

echo "e2e: $(($(date +%s) - START)) s in all; logs and screenshots in $OUT"
# The test's own output ends with `N passed, N failed`: repeat it as the last line.
SUMMARY=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$OUT/$TAG-e2e.out" | tail -1)
echo "${SUMMARY:-0 passed, 1 failed}"
[ -n "$SUMMARY" ] || RC=1
exit $RC
