#!/usr/bin/env python3
"""The project set's frozen source snapshot, stored as tests/eval/project/src.tar.gz.

The snapshot is a copy of FimComplete's own src/ at a pinned commit; kept as loose files it doubled every search hit
of the source tree, so it lives in one deterministic archive (sorted names, mtime 0) and is extracted when an
evaluation needs it.

Usage: python3 tests/eval/project_snapshot.py [--restore]
  extracts into .cache/eval-project/src (skipped when the archive is unchanged) and prints that folder;
  --restore also runs `dotnet restore` on the snapshot's CLI project, which the MSBuild workspace
  (`fimcomplete eval --trust-workspace`) needs to bind package references.
"""
import argparse
import gzip
import hashlib
import io
import os
import shutil
import subprocess
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARCHIVE = os.path.join(ROOT, "tests", "eval", "project", "src.tar.gz")
CACHE = os.path.join(ROOT, ".cache", "eval-project")


def write_archive(files, path=ARCHIVE):
    """files: {relative path under src/: bytes}. Same input, same bytes out."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for rel in sorted(files):
            info = tarfile.TarInfo("src/" + rel)
            info.size, info.mtime, info.mode = len(files[rel]), 0, 0o644
            tar.addfile(info, io.BytesIO(files[rel]))
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue())


def read_archive(path=ARCHIVE):
    """Yields (relative path under src/, bytes) for every file of the snapshot."""
    with tarfile.open(path, "r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile():
                yield member.name[len("src/"):], tar.extractfile(member).read()


def extract(path=ARCHIVE, cache=CACHE):
    """Extracts the snapshot once per archive content; returns the src folder."""
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    stamp = os.path.join(cache, ".stamp")
    src = os.path.join(cache, "src")
    if os.path.exists(stamp) and open(stamp).read() == digest:
        return src
    shutil.rmtree(cache, ignore_errors=True)
    for rel, data in read_archive(path):
        dest = os.path.join(src, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(data)
    with open(stamp, "w") as f:
        f.write(digest)
    return src


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--restore", action="store_true")
    args = ap.parse_args()
    src = extract()
    if args.restore:
        cli = os.path.join(src, "FimComplete.Cli", "FimComplete.Cli.csproj")
        subprocess.run(["dotnet", "restore", cli, "--nologo", "-v", "q"], check=True)
    print(src)


if __name__ == "__main__":
    main()
