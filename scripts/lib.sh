# Shared helpers for the project's scripts (sourced).
mkdir -p "$ROOT/.cache"

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required (dotnet not found on PATH)." >&2
    exit 1
  fi
}

# Debian's node 20 is enough for the LSP client tests and the extension build.
ensure_node() {
  if ! command -v node >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
  fi
}

publish_cli() {
  # The fimcomplete executable (framework-dependent) into .cache/cli.
  dotnet publish "$ROOT/src/FimComplete.Cli/FimComplete.Cli.csproj" -c Release -o "$ROOT/.cache/cli" --nologo -v quiet >/dev/null
}
