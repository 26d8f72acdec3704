"""The mixed corpus never trains on a held-out project: the suite's list is read, held-out projects are
dropped whole, and copies of their files (or of evaluation files) elsewhere are dropped by decontamination.
Fixtures are tiny tarballs made here; no network. Run: python3 -m unittest discover -s models/training/tests"""
import io
import json
import os
import random
import sys
import tarfile
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import mix_corpus  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def cs_file(name, seed, lines=40):
    rng = random.Random(seed)
    body = ["namespace %s {" % name, "    public class %s {" % name]
    for i in range(lines):
        body.append("        public int M%d_%d(int x) { return x * %d + %d; }" % (i, rng.randint(0, 10**6), rng.randint(2, 99), i))
    body += ["    }", "}", ""]
    return "\n".join(body)


def write_tar(path, top, files):
    mode = "w:xz" if path.endswith(".xz") else "w:gz"
    with tarfile.open(path, mode) as tf:
        for rel, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo("%s/%s" % (top, rel))
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))


def touch_up(text):
    """A vendored copy: CRLF, other indentation, a licence header and one changed line."""
    lines = text.split("\n")
    lines[5] = "        // patched locally"
    return "// Copyright (c) someone else\r\n" + "\r\n".join("\t" + l.strip() for l in lines)


class HeldOutListTest(unittest.TestCase):
    def test_committed_list_is_read_whole(self):
        path = os.path.join(REPO, "tests/eval/projects/projects.tsv")
        held = mix_corpus.read_heldout(path)
        with open(path, encoding="utf-8") as f:
            rows = [l.split("\t") for l in f.read().splitlines()[1:] if l.strip()]
        self.assertGreater(len(rows), 0)
        for row in rows:
            name, source, ref = row[0], row[1], row[2]
            key = ref.replace("/", "__") if source == "corpus" else ref
            self.assertIn(key, held[source], name)
        for pkg in held["debian"]:
            self.assertIn(pkg, mix_corpus.ALLOWED_DEBIAN)

    def test_project_set_snapshot_archive_is_a_decontamination_reference(self):
        archive = os.path.join(REPO, "tests/eval/project/src.tar.gz")
        files = list(mix_corpus.eval_files([archive]))
        self.assertGreater(len(files), 50)
        self.assertTrue(all(p.endswith(".cs") and data for p, data in files))

    def test_corpus_copy_of_a_heldout_debian_package_is_held_out_too(self):
        with tempfile.TemporaryDirectory() as t:
            tsv = os.path.join(t, "projects.tsv")
            with open(tsv, "w") as f:
                f.write("name\tsource\tref\tversion\tsplit\tstyle\nnunit\tdebian\tnunit\t2.6.4\ttune\told\n")
            held = mix_corpus.read_heldout(tsv)
        self.assertIn("nunit", held["debian"])
        self.assertIn("nunit__nunit", held["corpus"])


class MixCorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        t = cls.tmp.name
        cls.held_modern = cs_file("Widget", 1)
        cls.held_old = cs_file("IniConfig", 2)
        cls.visible = cs_file("Visible", 3)
        cls.unique = cs_file("Unique", 4)
        cls.cecil_own = cs_file("Cecil", 5)
        cls.mono_own = cs_file("MonoOwn", 6)
        near = cls.unique.split("\n")
        near[10] = "        public int Changed() { return 1; }"
        corpus, debian, evald = (os.path.join(t, d) for d in ("corpus", "debian", "eval"))
        for d in (corpus, debian, evald):
            os.makedirs(d)
        write_tar(os.path.join(corpus, "acme__Held.tar.xz"), "acme__Held", {"src/Widget.cs": cls.held_modern})
        write_tar(os.path.join(corpus, "other__Fork.tar.xz"), "other__Fork", {
            "lib/Vendored/Widget.cs": touch_up(cls.held_modern),
            "src/Unique.cs": cls.unique,
            "src/Again/Unique.cs": cls.unique,
            "src/Near.cs": "\n".join(near),
        })
        write_tar(os.path.join(debian, "nini_1.1.0.orig.tar.gz"), "nini-1.1.0", {"Source/IniConfig.cs": cls.held_old})
        write_tar(os.path.join(debian, "cecil_0.9.5.orig.tar.gz"), "cecil-0.9.5", {
            "Mono.Cecil/Cecil.cs": cls.cecil_own,
            "external/nini/IniConfig.cs": touch_up(cls.held_old),
        })
        write_tar(os.path.join(debian, "notallowed_1.0.orig.tar.gz"), "notallowed-1.0", {"X.cs": cs_file("X", 7)})
        mono = os.path.join(t, "mono_6.8.orig.tar.xz")
        write_tar(mono, "mono-6.8", {
            "mcs/class/Own.cs": cls.mono_own,
            "mcs/tools/VisibleCopy.cs": touch_up(cls.visible),
            "mcs/errors/cs0001.cs": cs_file("Err", 8),
        })
        with open(os.path.join(evald, "Visible.cs"), "w") as f:
            f.write(cls.visible)
        tsv = os.path.join(t, "projects.tsv")
        with open(tsv, "w") as f:
            f.write("name\tsource\tref\tversion\tsplit\tstyle\n"
                    "nini\tdebian\tnini\t1.1.0\ttest\told\n"
                    "held\tcorpus\tacme/Held\tabc\ttest\tmodern\n")
        cls.out = os.path.join(t, "out")
        cls.stats = mix_corpus.build(mono, debian, corpus, tsv, [evald], cls.out, log=lambda *a: None)
        cls.docs = []
        for s in ("train", "valid", "test"):
            with open(os.path.join(cls.out, s + ".jsonl"), encoding="utf-8") as f:
                cls.docs += [json.loads(l) for l in f]
        cls.paths = {d["path"] for d in cls.docs}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_heldout_projects_are_excluded_whole(self):
        self.assertFalse([p for p in self.paths if p.startswith("corpus/acme__Held/") or p.startswith("debian/nini/")])
        self.assertEqual(self.stats["funnel"]["corpus"]["heldout_project"][0], 1)
        self.assertEqual(self.stats["funnel"]["debian"]["heldout_project"][0], 1)

    def test_vendored_copies_of_heldout_and_eval_files_are_dropped(self):
        self.assertNotIn("corpus/other__Fork/lib/Vendored/Widget.cs", self.paths)
        self.assertNotIn("debian/cecil/external/nini/IniConfig.cs", self.paths)
        self.assertNotIn("mcs/tools/VisibleCopy.cs", self.paths)
        self.assertEqual(sum(f["decontaminated"][0] for f in self.stats["funnel"].values()), 3)
        for d in self.docs:
            for ref in (self.held_modern, self.held_old, self.visible):
                jac, _ = mix_corpus.overlap(mix_corpus.shingles(d["text"]), mix_corpus.shingles(ref))
                self.assertLess(jac, mix_corpus.DECONTAM_JACCARD, d["path"])

    def test_duplicates_removed_and_own_code_kept(self):
        self.assertEqual(self.stats["funnel"]["corpus"]["exact_dup"][0], 1)
        self.assertEqual(self.stats["funnel"]["corpus"]["near_dup"][0], 1)
        self.assertIn("debian/cecil/Mono.Cecil/Cecil.cs", self.paths)
        self.assertIn("mcs/class/Own.cs", self.paths)
        self.assertEqual(len(self.docs), 3)  # Unique (one copy), Cecil, mono's own file

    def test_only_allowed_debian_packages_are_read(self):
        self.assertFalse([p for p in self.paths if p.startswith("debian/notallowed/")])
        self.assertNotIn("notallowed", self.stats["debian_packages_read"])
        self.assertEqual(self.stats["funnel"]["mono"]["excluded_dir"][0], 1)


if __name__ == "__main__":
    unittest.main()
