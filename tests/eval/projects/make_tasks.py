#!/usr/bin/env python3
"""Makes the held-out suite's tasks: tests/eval/projects/<name>.jsonl for every project of projects.tsv.

Reads the sources extract.py put in .cache/eval-projects/<name>/ and writes tasks in the format `fimcomplete eval`
reads (id, file, start, end, kind; file relative to the project's folder; UTF-16 offsets into the text as .NET reads
it: UTF-8, BOM dropped, CRLF kept). Four kinds, --per-kind of each (60 tasks a project by default):

  single-line  the rest of a line from a token boundary (make_visible_set.py)
  multi-line   the whole body of a braced block of 2-6 lines (make_visible_set.py)
  member       the rest of a line right after `identifier.`, where the member's name is declared in another file of
               the project and not in the task's own file (make_project_set.py's approximation)
  statement    a whole one-line statement inside a method body, cursor on its line after the indentation: the user
               has just opened an empty line in a method and waits for the next statement

Task files are chosen among the project's hand-written code: test, sample, benchmark and example folders are left
out (they stay in the workspace), as are AssemblyInfo.cs and files that are not valid UTF-8 (their offsets would
depend on the decoder's replacement rule). Deterministic: the same sources and --seed give the same bytes (the
seed is mixed with the project's name so projects do not share a random stream).

Usage: python3 tests/eval/projects/make_tasks.py [--per-kind 15] [--per-file 2] [--seed 20261203] [--only NAME ...]
"""
import argparse
import hashlib
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
from make_visible_set import choose_tasks, line_spans, single_line_tasks, multi_line_tasks, member_tasks  # noqa: E402
from make_project_set import declared_names, COMMON, BCL_RECEIVERS  # noqa: E402
from extract import read_projects, ROOT  # noqa: E402

KINDS = ("single-line", "multi-line", "member", "statement")
SKIP_DIR = re.compile(r"(?i)^(tests?|.*[._-]tests?|unittests?|testing|samples?|examples?|benchmarks?|.*\.benchmarks?|testdata)$")
STRING_OR_CHAR = re.compile(r'@"(?:[^"]|"")*"|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)+\'')
# Headers of blocks whose lines are statements: methods, constructors, accessors, local functions, lambdas and
# control statements; not types or namespaces (their lines are declarations).
TYPE_HEADER = re.compile(r"\b(class|struct|interface|enum|record|namespace)\b")
BODY_HEADER = re.compile(r"\)\s*(?:where\b.*)?$|=>\s*$|^(?:get|set|init|add|remove|else|try|finally|do|unsafe|checked|unchecked)$|\b(?:get|set|init)$")
STATEMENT_START = re.compile(r"^(?:[A-Za-z_@(]|\+\+|--)")
NOT_STATEMENT = re.compile(r"^(?:case\b|default\s*:|break;|continue;|return;|else\b|using\s+[\w.]+\s*;|base\s*\(|this\s*\()")


def task_file(rel):
    parts = rel.split("/")
    return not any(SKIP_DIR.match(p) for p in parts[:-1]) and parts[-1] != "AssemblyInfo.cs" \
        and not re.search(r"(?i)tests?\.cs$", parts[-1])


def code_only(line):
    """The line with strings, chars and // comments blanked (braces inside them do not count)."""
    line = STRING_OR_CHAR.sub('""', line)
    i = line.find("//")
    return line if i < 0 else line[:i]


def statement_tasks(text):
    """(start, end) of one-line statements in method-like blocks: the line holds exactly one statement ending in `;`,
    the previous code line ended one (or opened/closed a block), and the innermost open block is a body."""
    tasks = []
    stack = []  # header text of each open brace
    previous_code = ""
    in_block_comment = False
    for start, end in line_spans(text):
        raw = text[start:end]
        stripped = raw.strip()
        if in_block_comment:
            if "*/" in stripped:
                in_block_comment = False
            continue
        if stripped.startswith("/*") and "*/" not in stripped:
            in_block_comment = True
            continue
        if not stripped or stripped.startswith(("//", "#", "*", "[")):
            continue
        code = code_only(stripped).rstrip()
        inside_body = bool(stack) and stack[-1] == "body"
        if (inside_body and code.endswith(";") and code.count(";") == 1 and "{" not in code and "}" not in code
                and STATEMENT_START.match(stripped) and not NOT_STATEMENT.match(stripped)
                and 10 <= len(stripped) <= 120 and (previous_code.endswith((";", "{", "}")) or previous_code == "")
                and code.count("(") == code.count(")")):
            indent = len(raw) - len(raw.lstrip())
            tasks.append((start + indent, end))
        for ch in code:
            if ch == "{":
                header = code[:code.index("{")].strip() or previous_code
                kind = "type" if TYPE_HEADER.search(header) and "(" not in header.split("{")[0][-1:] and not BODY_HEADER.search(header) else (
                    "body" if BODY_HEADER.search(header) or (stack and stack[-1] == "body") else "other")
                stack.append(kind)
            elif ch == "}" and stack:
                stack.pop()
        previous_code = code
    return tasks


def read_text(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text.lstrip("\ufeff")


def make(project, cache, seed, per_kind, per_file):
    root = os.path.join(cache, project["name"])
    if not os.path.isfile(os.path.join(root, ".stamp")):
        sys.exit(f"{project['name']}: not extracted (run tests/eval/projects/extract.py)")
    texts = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith(".cs"):
                rel = os.path.relpath(os.path.join(dirpath, fn), root).replace(os.sep, "/")
                text = read_text(os.path.join(dirpath, fn))
                if text is not None:
                    texts[rel] = text
    declared = {rel: declared_names(t) for rel, t in texts.items()}
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

    rng = random.Random(f"{seed}:{project['name']}")
    pools = {k: [] for k in KINDS}
    for rel in sorted(texts):
        if not task_file(rel):
            continue
        text = texts[rel]
        pools["single-line"] += [(rel, text, s, e) for s, e in single_line_tasks(text, rng)]
        pools["multi-line"] += [(rel, text, s, e) for s, e in multi_line_tasks(text)]
        pools["member"] += [(rel, text, s, e) for s, e in member_tasks(text) if cross_file(rel, text, s)]
        pools["statement"] += [(rel, text, s, e) for s, e in statement_tasks(text)]
    tasks = choose_tasks(pools, rng, per_kind, per_file)
    out = os.path.join(HERE, f"{project['name']}.jsonl")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for t in tasks:
            f.write(json.dumps({k: t[k] for k in ("id", "file", "start", "end", "kind")}, ensure_ascii=False) + "\n")
    counts = ", ".join(f"{k} {sum(1 for t in tasks if t['kind'] == k)}/{len(pools[k])}" for k in KINDS)
    print(f"{project['name']}: {len(texts)} files, {sum(1 for r in texts if task_file(r))} task files; tasks (chosen/pool): {counts}")
    return tasks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-kind", type=int, default=15)
    ap.add_argument("--per-file", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--cache", default=os.path.join(ROOT, ".cache", "eval-projects"))
    ap.add_argument("--show", type=int, default=0, help="Print N expected texts of each kind per project.")
    args = ap.parse_args()
    for p in read_projects():
        if args.only and p["name"] not in args.only:
            continue
        tasks = make(p, args.cache, args.seed, args.per_kind, args.per_file)
        for k in KINDS:
            for t in [t for t in tasks if t["kind"] == k][:args.show]:
                print(f"  {k:11} {t['file']}: {t['expected'][:110]!r}")


if __name__ == "__main__":
    main()
