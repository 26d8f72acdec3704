#!/usr/bin/env python3
"""Build the mixed training corpus for model v2: mono + the allowed Debian source packages + the modern
corpus (../shared/corpus), minus every held-out project of the evaluation suite, exact- and near-deduplicated
across sources and decontaminated against every evaluation set.

Sources (read as tarballs, nothing is unpacked):
  mono     mono_*.orig.tar.xz (corpus.py finds or fetches it); paths stay as in corpus.py (the visible set's
           test split is keyed on them)
  debian   <debian-dir>/<pkg>_*.orig.tar.* for the packages in ALLOWED_DEBIAN (issue 18's list; no other
           Debian package); paths "debian/<pkg>/<path>"
  corpus   <corpus-dir>/<owner>__<repo>.tar.xz; paths "corpus/<owner>__<repo>/<path>"

Held-out projects come from tests/eval/projects/projects.tsv (source=debian -> package name in `ref`,
source=corpus -> owner/repo in `ref`). Their files never enter training (stage `heldout_project`), and they
are the references of the decontamination, together with tests/eval/visible/src, tests/eval/project/src.tar.gz and
any --heldout-src folder (the suite's extracted sources): a training file is dropped when its normalised text
equals a reference file's, or its 3-line shingle set has Jaccard >= DECONTAM_JACCARD with one, or is contained
in one to >= DECONTAM_CONTAIN (stage `decontaminated`). This catches vendored copies (mono's external/,
copies of Newtonsoft.Json or NUnit in other repositories) wherever they sit.

Then exact duplicates (sha256 of the bytes) and near duplicates (Jaccard >= NEAR_DUP_JACCARD) are removed
across all sources, keeping the first in the order corpus, debian, mono (upstream repositories before copies).

Outputs: <out>/{train,valid,test}.jsonl ({"path","text","source"}), <out>/funnel_samples.jsonl (every
TOKEN_SAMPLE-th file of each (source, stage) for the token counts) and mix_funnel.json (files, bytes per source
and stage; tokens once `--tokenizer` exists or with `--tokens-only`).
"""
import argparse
import csv
import glob
import hashlib
import json
import os
import re
import sys
import tarfile
import time
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
WORK = os.path.join(HERE, "work")
sys.path.insert(0, HERE)
from corpus import EXCLUDED_DIRS, MAX_BYTES, find_tarball, is_generated, is_tabular  # noqa: E402

ALLOWED_DEBIAN = (
    "bless boogie cecil coco-cs dafny de4dot dnlib gdata-sharp gio-sharp gkeyfile-sharp gnome-subtitles hexbox "
    "hyena leveldb-sharp mono-addins mono-tools mono-upnp mono-zeroconf newtonsoft-json nini notify-sharp-3.0 "
    "nrefactory nuget nunit openmcdf opentk sdb themonospot widemargin xsddiagram xsp yahtzeesharp").split()
SOURCE_ORDER = ("corpus", "debian", "mono")
# Held-out Debian packages whose upstream repositories are also in ../shared/corpus: holding the package out means
# holding the corpus copy out too (issue 18; tests/eval/projects/README.md).
UPSTREAM_IN_CORPUS = {"newtonsoft-json": ["JamesNK__Newtonsoft.Json"], "nunit": ["nunit__nunit"]}
STAGES = ("excluded_dir", "too_large", "not_utf8", "empty", "generated", "long_lines", "numeric",
          "heldout_project", "decontaminated", "exact_dup", "near_dup")
NEAR_DUP_JACCARD = 0.85
DECONTAM_JACCARD = 0.5
DECONTAM_CONTAIN = 0.8
TOKEN_SAMPLE = 20
SKIP_DIRS = re.compile(r"(^|/)(obj|bin|node_modules)/", re.I)


# ------------------------------------------------------------------ held-out list
def read_heldout(projects_tsv):
    """{"debian": {package,...}, "corpus": {"owner__repo",...}} from the suite's committed list."""
    out = {"debian": set(), "corpus": set()}
    with open(projects_tsv, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["source"] == "debian":
                out["debian"].add(row["ref"].strip())
            elif row["source"] == "corpus":
                out["corpus"].add(row["ref"].strip().replace("/", "__"))
            else:
                raise ValueError("unknown source %r in %s" % (row["source"], projects_tsv))
    for pkg in out["debian"]:
        out["corpus"].update(UPSTREAM_IN_CORPUS.get(pkg, ()))
    return out


# ------------------------------------------------------------------ shingles and MinHash
NPERM = 64
_rng = np.random.RandomState(12345)
_A = _rng.randint(1, 1 << 31, size=NPERM, dtype=np.int64).astype(np.uint64)
_B = _rng.randint(0, 1 << 31, size=NPERM, dtype=np.int64).astype(np.uint64)
DEDUP_BANDS = (16, 4)    # 16 bands x 4 rows: a pair at Jaccard 0.85 is a candidate with p > 0.999
DECONTAM_BANDS = (21, 3)  # 21 x 3: Jaccard 0.5 -> p 0.94, 0.6 -> p 0.994 (exact check follows)


def norm_lines(text):
    return [ln for ln in (l.strip() for l in text.split("\n")) if ln]


def shingles(text):
    """Sorted unique crc32 of every 3 consecutive non-empty stripped lines (whitespace and line endings
    do not matter)."""
    ls = norm_lines(text)
    if len(ls) < 3:
        hs = [zlib.crc32("\n".join(ls).encode())]
    else:
        hs = [zlib.crc32(("\n".join(ls[i:i + 3])).encode()) for i in range(len(ls) - 2)]
    return np.unique(np.array(hs, dtype=np.uint32))


def norm_hash(text):
    return hashlib.sha1("\n".join(norm_lines(text)).encode()).hexdigest()


def minhash(sh):
    v = (sh.astype(np.uint64)[None, :] * _A[:, None] + _B[:, None]) >> np.uint64(16)
    return v.min(axis=1)


def band_keys(sig, bands):
    nb, rows = bands
    return [(b, sig[b * rows:(b + 1) * rows].tobytes()) for b in range(nb)]


def overlap(a, b):
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / max(1, len(a) + len(b) - inter), inter / max(1, len(a))


class RefIndex:
    """Evaluation files: exact normalised hashes + an LSH index of their shingle sets."""

    def __init__(self):
        self.hashes, self.shs, self.names, self.buckets = set(), [], [], {}

    def add(self, name, text):
        self.hashes.add(norm_hash(text))
        sh = shingles(text)
        i = len(self.shs)
        self.shs.append(sh)
        self.names.append(name)
        for k in band_keys(minhash(sh), DECONTAM_BANDS):
            self.buckets.setdefault(k, []).append(i)

    def match(self, text, sh, sig):
        """Name of the reference the text copies (exact or near), else None."""
        if norm_hash(text) in self.hashes:
            return "exact"
        cands = set()
        for k in band_keys(sig, DECONTAM_BANDS):
            cands.update(self.buckets.get(k, ()))
        for j in cands:
            jac, contain = overlap(sh, self.shs[j])
            if jac >= DECONTAM_JACCARD or (contain >= DECONTAM_CONTAIN and len(sh) >= 3):
                return self.names[j]
        return None


# ------------------------------------------------------------------ reading the sources
def tar_members(path):
    """(relative path, bytes) of every .cs file in a tarball, first folder level stripped."""
    with tarfile.open(path, "r|*") as tf:
        for m in tf:
            if not m.isfile() or not m.name.lower().endswith(".cs"):
                continue
            rel = m.name.split("/", 1)[1] if "/" in m.name else m.name
            yield rel, tf.extractfile(m).read()


def debian_tarballs(debian_dir):
    """{package: orig tarball path} for the allowed packages present in debian_dir."""
    out = {}
    if not debian_dir or not os.path.isdir(debian_dir):
        return out
    for p in sorted(glob.glob(os.path.join(debian_dir, "*.orig.tar.*"))):
        pkg = os.path.basename(p).split("_", 1)[0]
        if pkg in ALLOWED_DEBIAN:
            out.setdefault(pkg, p)
    return out


def corpus_tarballs(corpus_dir):
    out = {}
    for p in sorted(glob.glob(os.path.join(corpus_dir or "", "*.tar.xz"))):
        out[os.path.basename(p)[:-len(".tar.xz")]] = p
    return out


def iter_sources(mono_tarball, debian_dir, corpus_dir):
    """(source, project, path, bytes) over every .cs file of every source, in SOURCE_ORDER."""
    for name, p in corpus_tarballs(corpus_dir).items():
        for rel, data in tar_members(p):
            yield "corpus", name, "corpus/%s/%s" % (name, rel), data
    for pkg, p in debian_tarballs(debian_dir).items():
        for rel, data in tar_members(p):
            yield "debian", pkg, "debian/%s/%s" % (pkg, rel), data
    if mono_tarball:
        for rel, data in tar_members(mono_tarball):
            yield "mono", "mono", rel, data


def eval_files(dirs):
    """The .cs files of each folder, or of each .tar.gz snapshot (the project set is stored as one)."""
    for d in dirs:
        if d.endswith(".tar.gz"):
            with tarfile.open(d, "r:gz") as tar:
                for member in sorted(tar.getmembers(), key=lambda m: m.name):
                    if member.isfile() and member.name.endswith(".cs"):
                        yield os.path.join(d, member.name), tar.extractfile(member).read()
            continue
        for p in sorted(glob.glob(os.path.join(d, "**", "*.cs"), recursive=True)):
            with open(p, "rb") as f:
                yield p, f.read()


def basic_filter(source, path, data):
    """The first stage that removes this file, or None (corpus.py's filters)."""
    if source == "mono" and any(path.startswith(d) or ("/" + d) in path for d in EXCLUDED_DIRS):
        return "excluded_dir", None
    if SKIP_DIRS.search(path):
        return "excluded_dir", None
    if len(data) > MAX_BYTES:
        return "too_large", None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not_utf8", None
    if not text.strip():
        return "empty", None
    if is_generated(path.lower(), text[:3000].lower()):
        return "generated", None
    tab = is_tabular(text)
    if tab:
        return tab, None
    return None, text


def split_of(path):
    r = int(hashlib.sha1(path.encode()).hexdigest(), 16) % 100
    return "test" if r == 0 else ("valid" if r == 1 else "train")


# ------------------------------------------------------------------ the pipeline
def build(mono_tarball, debian_dir, corpus_dir, projects_tsv, eval_dirs, out_dir, heldout_src=(), log=print):
    t0 = time.time()
    heldout = read_heldout(projects_tsv)
    os.makedirs(out_dir, exist_ok=True)
    sources = ("corpus", "debian", "mono")
    funnel = {s: {"all": [0, 0], **{k: [0, 0] for k in STAGES}} for s in sources}
    per_project = {}
    samples = open(os.path.join(out_dir, "funnel_samples.jsonl"), "w", encoding="utf-8")
    nsamp = {}

    def count(source, stage, data, text):
        funnel[source][stage][0] += 1
        funnel[source][stage][1] += len(data)
        key = (source, stage)
        nsamp[key] = nsamp.get(key, 0) + 1
        if text is not None and nsamp[key] % TOKEN_SAMPLE == 1:
            samples.write(json.dumps({"source": source, "stage": stage, "text": text}, ensure_ascii=False) + "\n")

    refs = RefIndex()
    ref_sources = {"eval_dirs": 0, "heldout_projects": {}, "heldout_src": 0}
    for p, data in eval_files(eval_dirs):
        try:
            refs.add(p, data.decode("utf-8"))
            ref_sources["eval_dirs"] += 1
        except UnicodeDecodeError:
            pass
    for p, data in eval_files(heldout_src):
        try:
            refs.add(p, data.decode("utf-8"))
            ref_sources["heldout_src"] += 1
        except UnicodeDecodeError:
            pass

    kept = []  # (source, project, path, text, bytes)
    for source, project, path, data in iter_sources(mono_tarball, debian_dir, corpus_dir):
        text = None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        count(source, "all", data, text)
        pp = per_project.setdefault(source + ":" + project, [0, 0])
        if project in heldout.get(source, ()):
            if text is not None and text.strip():
                refs.add(path, text)
                ref_sources["heldout_projects"][project] = ref_sources["heldout_projects"].get(project, 0) + 1
            count(source, "heldout_project", data, text)
            continue
        stage, text2 = basic_filter(source, path, data)
        if stage:
            count(source, stage, data, text)
            continue
        kept.append((source, project, path, text2, data))
        pp[0] += 1
        pp[1] += len(data)
    log("scanned %d files in %.1fs, %d pass the filters; %d reference files"
        % (sum(f["all"][0] for f in funnel.values()), time.time() - t0, len(kept), len(refs.shs)))

    order = {s: i for i, s in enumerate(SOURCE_ORDER)}
    kept.sort(key=lambda d: (order[d[0]], d[2]))
    seen, final, buckets, sigs, shs = set(), [], {}, [], []
    t1 = time.time()
    decontam_hits = {}
    for source, project, path, text, data in kept:
        sh = shingles(text)
        sig = minhash(sh)
        hit = refs.match(text, sh, sig)
        if hit:
            count(source, "decontaminated", data, text)
            decontam_hits.setdefault(source + ":" + project, []).append(path)
            continue
        h = hashlib.sha256(data).hexdigest()
        if h in seen:
            count(source, "exact_dup", data, text)
            continue
        seen.add(h)
        keys = band_keys(sig, DEDUP_BANDS)
        cands = set()
        for k in keys:
            cands.update(buckets.get(k, ()))
        if any(overlap(sh, shs[j])[0] >= NEAR_DUP_JACCARD for j in cands):
            count(source, "near_dup", data, text)
            continue
        i = len(shs)
        shs.append(sh)
        for k in keys:
            buckets.setdefault(k, []).append(i)
        final.append((source, path, text))
    log("decontamination + dedupe %.1fs, %d kept" % (time.time() - t1, len(final)))

    splits = {"train": [], "valid": [], "test": []}
    for source, path, text in final:
        splits[split_of(path)].append((source, path, text))
    split_stats = {}
    for s, docs in splits.items():
        with open(os.path.join(out_dir, s + ".jsonl"), "w", encoding="utf-8") as f:
            for source, p, t in docs:
                f.write(json.dumps({"path": p, "text": t, "source": source}, ensure_ascii=False) + "\n")
        split_stats[s] = {"files": len(docs), "bytes": sum(len(t.encode("utf-8")) for _, _, t in docs)}
    samples.close()
    for s in sources:
        funnel[s]["kept"] = [0, 0]
    for source, path, text in final:
        funnel[source]["kept"][0] += 1
        funnel[source]["kept"][1] += len(text.encode("utf-8"))
    # kept-file token samples, for tokens per source
    with open(os.path.join(out_dir, "funnel_samples.jsonl"), "a", encoding="utf-8") as f:
        for n, (source, path, text) in enumerate(final):
            if n % TOKEN_SAMPLE == 0:
                f.write(json.dumps({"source": source, "stage": "kept", "text": text}, ensure_ascii=False) + "\n")
    return {
        "heldout": {k: sorted(v) for k, v in heldout.items()},
        "references": {"files": len(refs.shs), **ref_sources},
        "decontaminated": {k: len(v) for k, v in sorted(decontam_hits.items())},
        "decontaminated_examples": {k: v[:5] for k, v in sorted(decontam_hits.items())},
        "funnel": funnel, "splits": split_stats,
        "debian_packages_read": sorted(debian_tarballs(debian_dir)),
        "debian_packages_missing": sorted(set(ALLOWED_DEBIAN) - set(debian_tarballs(debian_dir))),
        "corpus_repos_read": len(corpus_tarballs(corpus_dir)),
        "seconds": round(time.time() - t0, 1),
        "rules": {"near_dup_jaccard": NEAR_DUP_JACCARD, "decontam_jaccard": DECONTAM_JACCARD,
                  "decontam_containment": DECONTAM_CONTAIN, "shingles": "3 consecutive non-empty stripped lines",
                  "minhash": "%d perms; LSH dedupe %dx%d, decontamination %dx%d, every candidate checked exactly"
                             % ((NPERM,) + DEDUP_BANDS + DECONTAM_BANDS),
                  "keep_order": list(SOURCE_ORDER)},
    }


def add_tokens(stats, samples_path, tokenizer_path, cap_bytes=300_000):
    """tokens per (source, stage) = bytes x the tokens-per-byte of every TOKEN_SAMPLE-th file of the group (at most
    cap_bytes of sampled text per group: the pure-Python encoder runs at ~1 MB/s)."""
    from bpe import Tokenizer
    tok = Tokenizer(tokenizer_path)
    total = {}
    with open(samples_path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            k = (d["source"], d["stage"])
            total[k] = total.get(k, 0) + len(d["text"].encode("utf-8"))
    every = {k: max(1, -(-v // cap_bytes)) for k, v in total.items()}  # spread the capped sample over the group
    nb, nt, seen = {}, {}, {}
    with open(samples_path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            k = (d["source"], d["stage"])
            seen[k] = seen.get(k, 0) + 1
            if (seen[k] - 1) % every[k]:
                continue
            nb[k] = nb.get(k, 0) + len(d["text"].encode("utf-8"))
            nt[k] = nt.get(k, 0) + len(tok.encode(d["text"]))
    for s, stages in stats["funnel"].items():
        for stage, v in stages.items():
            r = nt.get((s, stage), 0) / nb[(s, stage)] if nb.get((s, stage)) else None
            if r is None and stage != "all":
                r = nt.get((s, "all"), 0) / nb[(s, "all")] if nb.get((s, "all")) else 0.0
            v[2:] = [round(v[1] * (r or 0.0))]
    stats["token_estimate"] = ("tokens = bytes x tokens-per-byte of every %dth file of each (source, stage) group "
                               "(<= %d sampled bytes per group), tokenizer %s"
                               % (TOKEN_SAMPLE, cap_bytes, os.path.relpath(tokenizer_path, HERE)))


def table(stats):
    rows = ["| source | stage | files | MB | tokens (est.) |", "|---|---|---|---|---|"]
    for s, stages in stats["funnel"].items():
        for stage in ("all",) + STAGES + ("kept",):
            v = stages.get(stage)
            if not v or (not v[0] and stage not in ("all", "kept")):
                continue
            tok = "%.1fM" % (v[2] / 1e6) if len(v) > 2 else "-"
            label = stage if stage in ("all", "kept") else "removed: " + stage
            rows.append("| %s | %s | %d | %.1f | %s |" % (s, label, v[0], v[1] / 1e6, tok))
    return "\n".join(rows)


def default_corpus_dir():
    for d in (os.path.join(REPO, "..", "shared", "corpus"), os.path.join(REPO, "shared", "corpus"),
              os.path.join(REPO, "..", "..", "shared", "corpus")):
        if os.path.isdir(d):
            return os.path.abspath(d)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mono-dir", default=None, help="dir holding mono_*.orig.tar.xz (else corpus.py's search)")
    ap.add_argument("--debian-dir", default=os.path.join(WORK, "src", "debian"),
                    help="dir of `apt-get source --download-only` for the allowed packages (fetch_debian.sh)")
    ap.add_argument("--corpus-dir", default=default_corpus_dir())
    ap.add_argument("--projects", default=os.path.join(REPO, "tests/eval/projects/projects.tsv"))
    ap.add_argument("--eval-dir", nargs="*", default=[os.path.join(REPO, "tests/eval/visible/src"),
                                                       os.path.join(REPO, "tests/eval/project/src.tar.gz")])
    suite_cache = os.path.join(REPO, ".cache", "eval-projects")  # tests/eval/projects/extract.py writes it
    ap.add_argument("--heldout-src", nargs="*", default=[suite_cache] if os.path.isdir(suite_cache) else [],
                    help="extracted held-out project sources (default: the suite's cache when it exists)")
    ap.add_argument("--out", default=os.path.join(WORK, "mix"))
    ap.add_argument("--stats", default=os.path.join(HERE, "mix_funnel.json"))
    ap.add_argument("--tokenizer", default=None, help="count tokens with this tokenizer.json")
    ap.add_argument("--tokens-only", action="store_true", help="only add token counts to an existing --stats")
    args = ap.parse_args()
    if args.tokens_only:
        with open(args.stats) as f:
            stats = json.load(f)
    else:
        tb = find_tarball(args.mono_dir)
        if tb is None:
            print("mono tarball not found (run corpus.py once, or pass --mono-dir)", file=sys.stderr)
            sys.exit(2)
        stats = build(tb, args.debian_dir, args.corpus_dir, args.projects, args.eval_dir, args.out, args.heldout_src)
    if args.tokenizer:
        add_tokens(stats, os.path.join(args.out, "funnel_samples.jsonl"), args.tokenizer)
    with open(args.stats, "w") as f:
        json.dump(stats, f, indent=1)
    print(table(stats))


if __name__ == "__main__":
    main()
