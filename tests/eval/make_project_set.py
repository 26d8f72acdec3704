#!/usr/bin/env python3
"""Builds the project evaluation set: a frozen snapshot of one real multi-file C# project and tasks on it.

The visible set (make_visible_set.py) is 60 unrelated mono files, so cross-file context, retrieval and the workspace
cache LM cannot show what they do there. This set is one project: FimComplete's own src/ (its .cs and .csproj files,
bytes unchanged; the default model was trained only on Debian's mono source, never on this code) as committed at a
pinned commit (--commit, read with git, so the set does not depend on the working tree), stored with
the same layout in tests/eval/project/src.tar.gz (project_snapshot.py; extracted into .cache/eval-project/src when an
evaluation needs it), so the workspace sees the projects and their references. At the end the extracted snapshot is
restored (`dotnet restore`; --no-restore to skip) so that the MSBuild workspace binds the package references as it
would in a user's checkout.

Tasks (tests/eval/project/tasks.jsonl, same schema and kinds as the visible set):

  single-line  the rest of a line from a token boundary
  multi-line   the whole body of a braced block of 2-6 lines (cursor after the first body line's indentation)
  member       the rest of a line right after `identifier.`, only where the member's name is declared in ANOTHER
               file of the project and not in the task's own file (a regex approximation of "the symbol lives in
               another file"; names of common BCL members are left out) -- the tasks where Roslyn's cross-file
               context and member list should win

Split: files are split in two halves by a hash of their path; tasks-tune.jsonl holds the tasks of one half (for
tuning, e.g. the cache LM) and tasks-test.jsonl those of the other (report on it). tasks.jsonl holds all.

The snapshot is frozen: re-running this script with the same --commit and --seed reproduces it byte for byte; a
new --commit refreshes the set (say so next to any numbers).
Offsets are UTF-16 code units into the file's text as .NET reads it (UTF-8, BOM dropped, CRLF kept).
Usage: python3 tests/eval/make_project_set.py [--per-kind 100] [--seed 20261126]
"""
import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_visible_set import choose_tasks, line_spans, single_line_tasks, multi_line_tasks, member_tasks  # noqa: E402
from project_snapshot import extract, write_archive  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMMIT = "2c8094790f704d6585858123f119a2d01aad01da"
OUT = os.path.join(ROOT, "tests", "eval", "project")
MAX_BYTES = 1_500_000

# Member declarations: `Name(` after a type or modifier (methods, constructors), `Name {` / `Name =>` (properties),
# `Name;` / `Name =` after a type (fields), enum members, record positional parameters.
DECL = [
    re.compile(r"\b(?:public|internal|private|protected|static|override|virtual|abstract|async|sealed|readonly|const|required|partial|unsafe|extern|new)\b[^=;(){}]*?\b([A-Z_a-z]\w*)\s*(?:<[^<>()]*>)?\s*(?:\(|\{|=>|;|=)"),
    re.compile(r"\b(?:record|class|struct|interface|enum)\s+([A-Za-z_]\w*)"),
    re.compile(r"^\s*([A-Z]\w*)\s*(?:=\s*[^,]+)?,?\s*(?://.*)?$"),  # enum members on their own line
]
RECORD_PARAMS = re.compile(r"\brecord\s+(?:class\s+|struct\s+)?\w+\s*(?:<[^>]*>)?\s*\(([^)]*)\)", re.S)
PARAM_NAME = re.compile(r"(?:\[[^\]]*\]\s*)*[\w<>\[\]?,. ]+?\s([A-Z]\w*)\s*(?:=[^,]*)?$")
# Names that also exist all over the base class library: a match there says nothing about cross-file symbols.
COMMON = {
    "Count", "Length", "Add", "Remove", "Contains", "ToString", "Equals", "GetHashCode", "Dispose", "Value", "Name",
    "Text", "Start", "End", "Key", "Keys", "Values", "Item", "Items", "Clear", "Get", "Set", "Create", "Path", "Kind",
    "Message", "Result", "Options", "Id", "Type", "Span", "Length", "Position", "Line", "Token", "Tokens", "Data",
    "Write", "WriteLine", "Read", "Run", "Invoke", "Elapsed", "State", "Status", "Tree", "Root", "Info", "Model",
    "Parent", "Source", "Target", "Index", "Current", "Default", "Empty", "Document", "Documents", "Project",
    "Append", "AppendLine", "Min", "Max", "Abs", "Combine", "Join", "Format", "StartsWith", "EndsWith", "Substring",
    "Split", "Trim", "Select", "Where", "ToList", "ToArray", "First", "Last", "Any", "All", "Sum", "Average", "OrderBy",
    "Concat", "ContainsKey", "TryGetValue", "GetValue", "Wait", "WaitAsync", "ConfigureAwait", "Exists", "Delete",
    "Slice", "CopyTo", "Insert", "IndexOf", "Replace", "Parse", "TryParse", "Close", "Flush", "Cancel", "Release",
    "Total", "Order", "Size", "Offset", "Mode", "Range", "Reset", "Update", "Process", "Build", "Load", "Save",
}
# Receivers that are BCL or Roslyn types: their members are not the project's.
BCL_RECEIVERS = {
    "Math", "MathF", "Path", "File", "Directory", "string", "String", "Console", "Environment", "Task", "Enumerable",
    "Interlocked", "Volatile", "StringComparer", "StringComparison", "Encoding", "Convert", "BitConverter", "Stopwatch",
    "TimeSpan", "DateTime", "SyntaxFactory", "SyntaxKind", "Array", "Buffer", "MemoryMarshal", "Marshal", "GC",
    "CultureInfo", "JsonSerializer", "Regex", "Guid", "Debug", "Trace", "Thread", "ThreadPool", "Span", "sb", "builder",
    "TensorPrimitives", "Unsafe", "BinaryPrimitives", "Comparer", "EqualityComparer", "Activator", "Type", "Enum", "char",
    "int", "long", "double", "float", "Char", "Int32", "Double", "Process", "OperatingSystem", "RuntimeInformation",
}


def declared_names(text):
    names = set()
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("//") or s.startswith("*") or s.startswith("///"):
            continue
        for rx in DECL:
            for m in rx.finditer(line):
                names.add(m.group(1))
    for m in RECORD_PARAMS.finditer(text):
        for part in m.group(1).split(","):
            pm = PARAM_NAME.search(" " + part.strip())
            if pm:
                names.add(pm.group(1))
    return names


def git(*args):
    return subprocess.run(["git", "-C", ROOT, *args], check=True, capture_output=True).stdout


def source_files(commit):
    """Paths under src/ at the commit (relative to src/), .cs and .csproj only, bin/obj skipped."""
    names = git("ls-tree", "-r", "--name-only", commit, "--", "src").decode("utf-8").splitlines()
    keep = [n for n in names if n.endswith((".cs", ".csproj")) and not {"bin", "obj"} & set(n.split("/"))]
    return sorted(n[len("src/"):] for n in keep)


def split_of(rel):
    return "tune" if hashlib.sha1(rel.encode()).digest()[0] % 2 == 0 else "test"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-kind", type=int, default=100)
    ap.add_argument("--per-file", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20261126)
    ap.add_argument("--commit", default=COMMIT)
    ap.add_argument("--no-restore", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    rels = source_files(args.commit)
    texts = {rel: git("show", f"{args.commit}:src/{rel}").decode("utf-8") for rel in rels}
    total = sum(len(t.encode("utf-8")) for t in texts.values())
    if total > MAX_BYTES:
        sys.exit(f"snapshot would be {total} bytes (> {MAX_BYTES})")

    write_archive({rel: text.encode("utf-8") for rel, text in texts.items()})
    if not args.no_restore:
        src = extract()
        cli = os.path.join(src, "FimComplete.Cli", "FimComplete.Cli.csproj")
        subprocess.run(["dotnet", "restore", cli, "--nologo", "-v", "q"], check=True)

    cs = {rel: texts[rel].lstrip("\ufeff") for rel in rels if rel.endswith(".cs")}
    declared = {rel: declared_names(text) for rel, text in cs.items()}
    declared_anywhere = {}
    for rel, names in declared.items():
        for n in names:
            declared_anywhere.setdefault(n, set()).add(rel)

    def cross_file(rel, text, start):
        m = re.match(r"[A-Za-z_]\w*", text[start:])
        if not m:
            return False
        name = m.group(0)
        receiver = re.search(r"([A-Za-z_]\w*)\.$", text[max(0, start - 80):start])
        if receiver is None or receiver.group(1) in BCL_RECEIVERS:
            return False
        return name not in COMMON and name not in declared[rel] and bool(declared_anywhere.get(name, set()) - {rel})

    pools = {"single-line": [], "multi-line": [], "member": []}
    for rel in sorted(cs):
        text = cs[rel]
        pools["single-line"] += [(rel, text, s, e) for s, e in single_line_tasks(text, rng)]
        pools["multi-line"] += [(rel, text, s, e) for s, e in multi_line_tasks(text)]
        pools["member"] += [(rel, text, s, e) for s, e in member_tasks(text) if cross_file(rel, text, s)]

    tasks = choose_tasks(pools, rng, args.per_kind, args.per_file)

    def write(name, subset):
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            for t in subset:
                f.write(json.dumps({k: t[k] for k in ("id", "file", "start", "end", "kind")}, ensure_ascii=False) + "\n")

    write("tasks.jsonl", tasks)
    write("tasks-tune.jsonl", [t for t in tasks if split_of(t["file"]) == "tune"])
    write("tasks-test.jsonl", [t for t in tasks if split_of(t["file"]) == "test"])
    kinds = ", ".join(f"{k} {sum(1 for t in tasks if t['kind'] == k)}" for k in pools)
    tune = sum(1 for t in tasks if split_of(t["file"]) == "tune")
    print(f"commit {args.commit}: {len(cs)} .cs files + {len(rels) - len(cs)} .csproj ({total / 1024:.0f} KB), tasks: {kinds}; tune {tune}, test {len(tasks) - tune}")
    for t in tasks[:2] + tasks[100:102] + tasks[-3:]:
        print(t["kind"], t["file"], repr(t["expected"][:100]))


if __name__ == "__main__":
    main()
