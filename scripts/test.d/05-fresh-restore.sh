#!/usr/bin/env bash
# Restore and build as on a machine without this build machine's extras: a copy of the working tree (tracked and
# not-ignored files, no bin/obj) in a mount namespace where /opt/nuget is an empty tmpfs, with an empty NUGET_PACKAGES,
# so a package that only a local folder or a warm package cache provides fails here instead of on a user's machine.
# Packages come from NuGet.Config's sources (nuget.org); NuGet's HTTP cache is kept (it only holds what those sources
# served), so this takes about as long as a restore and build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
ensure_dotnet

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fimcomplete-fresh.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/src" "$WORK/packages"
# models/ is not needed to build (only to run).
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard -- . ':!models' | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
  tar --null -T - -cf - | tar -xf - -C "$WORK/src")

HIDE='if [ -d /opt/nuget ]; then mount -t tmpfs none /opt/nuget; fi'
BUILD='
set -euo pipefail
export NUGET_PACKAGES="$WORK/packages" MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
cd "$WORK/src"
echo "-- fresh restore: /opt/nuget $( [ -d /opt/nuget ] && echo "hidden (entries: $(ls -A /opt/nuget | wc -l))" || echo absent), NUGET_PACKAGES=$NUGET_PACKAGES"
dotnet restore FimComplete.sln --nologo -v quiet
dotnet build FimComplete.sln -c Release --no-restore --nologo -v quiet -nodeReuse:false
echo "-- fresh restore and build: OK ($(ls "$NUGET_PACKAGES" | wc -l) packages from the configured sources)"
'
export WORK BUILD
if [ ! -d /opt/nuget ]; then
  bash -c "$BUILD"
elif [ "$(id -u)" = 0 ]; then
  unshare -m --propagation private bash -c "$HIDE; $BUILD"
elif unshare -rm true 2>/dev/null; then
  # A user namespace: the mount is private to it, and files stay the caller's.
  unshare -rm --propagation private bash -c "$HIDE; $BUILD"
else
  # No unprivileged user namespaces (e.g. Ubuntu 24.04's AppArmor default): hide as root, build as the caller.
  as_root unshare -m --propagation private env WORK="$WORK" BUILD="$BUILD" HOME="$HOME" PATH="$PATH" \
    bash -c "$HIDE; exec setpriv --reuid=$(id -u) --regid=$(id -g) --init-groups bash -c \"\$BUILD\""
fi
