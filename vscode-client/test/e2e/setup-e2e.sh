#!/usr/bin/env bash
# Installs what the end-to-end test needs into $E2E_CACHE (default: <repo>/.cache/e2e), idempotently:
# Chromium (Debian `chromium`, Ubuntu `chromium-browser`; or E2E_CHROMIUM) and build tools for code-server's native
# modules (apt-get, as root or through sudo), the project's pinned node (scripts/lib.sh ensure_node),
# code-server 4.139.1 (with its postinstall), playwright-core. Steps already done are skipped.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
ROOT="$REPO"
source "$REPO/scripts/lib.sh"
P="${E2E_CACHE:-$REPO/.cache/e2e}"
mkdir -p "$P"
export npm_config_cache="$P/npm-cache" npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

log() { echo "[setup-e2e] $*"; }

need_apt=()
[ -n "$(find_chromium)" ] || need_apt+=("$(chromium_package)")
command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || need_apt+=(build-essential)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt_install "${need_apt[@]}"
  [ -n "$(find_chromium)" ] || { log "no chromium after installing $(chromium_package): set E2E_CHROMIUM to a Chromium or Chrome"; exit 1; }
else
  log "apt packages present"
fi

ensure_node
log "node $(node -v) at $NODE_HOME"
# node-gyp (code-server's native modules) takes its headers from the pinned node instead of downloading them.
export npm_config_nodedir="$NODE_HOME"

CS="$P/cs/node_modules/code-server"
if [ ! -f "$P/cs/.postinstall-done" ]; then
  if [ ! -d "$CS" ]; then
    log "installing code-server@4.139.1"
    mkdir -p "$P/cs" && (cd "$P/cs" && npm install --no-save --silent --ignore-scripts code-server@4.139.1)
  fi
  log "running code-server postinstall (native modules, ~75 s+)"
  (cd "$CS" && npm run postinstall)
  touch "$P/cs/.postinstall-done"
else
  log "code-server present"
fi

if [ ! -f "$P/tools/node_modules/playwright-core/package.json" ]; then
  log "installing playwright-core"
  mkdir -p "$P/tools" && (cd "$P/tools" && npm install --no-save --silent playwright-core)
else
  log "playwright-core present"
fi
log "done: $P"
