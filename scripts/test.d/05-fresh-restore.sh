#!/usr/bin/env bash
# Restore and build as on a machine without this build machine's extras: a copy of the working tree (tracked and
# not-ignored files, no bin/obj) in a mount namespace where every machine-wide NuGet folder under /opt (a build machine's
# pre-filled package store; found by name, none is assumed) is an empty tmpfs, with an empty NUGET_PACKAGES,
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

HIDDEN="$(shopt -s nullglob nocaseglob; for d in /opt/*nuget*; do [ -d "$d" ] && printf '%s ' "$d"; done)"
HIDE='for d in $HIDDEN; do mount -t tmpfs none "$d"; done'
BUILD='
set -euo pipefail
export NUGET_PACKAGES="$WORK/packages" MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
cd "$WORK/src"
for d in $HIDDEN; do echo "-- fresh restore: $d hidden (entries: $(ls -A "$d" | wc -l))"; done
echo "-- fresh restore: NUGET_PACKAGES=$NUGET_PACKAGES"
dotnet restore FimComplete.sln --nologo -v quiet
dotnet build FimComplete.sln -c Release --no-restore --nologo -v quiet -nodeReuse:false
echo "-- fresh restore and build: OK ($(ls "$NUGET_PACKAGES" | wc -l) packages from the configured sources)"
'
export WORK BUILD HIDDEN
if [ -z "$HIDDEN" ]; then
  bash -c "$BUILD"
elif [ "$(id -u)" = 0 ]; then
  unshare -m --propagation private bash -c "$HIDE; $BUILD"
elif unshare -rm true 2>/dev/null; then
  # A user namespace: the mount is private to it, and files stay the caller's.
  unshare -rm --propagation private bash -c "$HIDE; $BUILD"
else
  # No unprivileged user namespaces (e.g. Ubuntu 24.04's AppArmor default): hide as root, build as the caller.
  as_root unshare -m --propagation private env WORK="$WORK" BUILD="$BUILD" HIDDEN="$HIDDEN" HOME="$HOME" PATH="$PATH" \
    bash -c "$HIDE; exec setpriv --reuid=$(id -u) --regid=$(id -g) --init-groups bash -c \"\$BUILD\""
fi
