"""A GPU run takes shards no run has consumed before, within each device call's carry budget, and a finished
run is recorded so that the next one starts elsewhere. Fixtures are small files made here."""
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import gpu_shards  # noqa: E402


class GpuShardsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        t = self.tmp.name
        self.shards = os.path.join(t, "shards")
        os.makedirs(self.shards)
        manifest = {"shards": []}
        for i in range(6):
            name = "train-%04d.jsonl.xz" % i
            with open(os.path.join(self.shards, name), "wb") as f:
                f.write(b"x" * 1000)
            manifest["shards"].append({"name": name, "sha256": "sha%d" % i, "xz_bytes": 1000})
        for c in ("valid.jsonl.xz", "tokenizer.json"):
            with open(os.path.join(self.shards, c), "wb") as f:
                f.write(b"y" * 100)
        with open(os.path.join(self.shards, "shards.json"), "w") as f:
            json.dump(manifest, f)
        self.consumed = os.path.join(t, "consumed.tsv")

    def tearDown(self):
        self.tmp.cleanup()

    def run_plan(self, out):
        return gpu_shards.plan(self.shards, 2, 2600, os.path.join(self.tmp.name, out), self.consumed)

    def test_second_run_starts_with_unseen_shards(self):
        first = self.run_plan("a")
        names1 = [s["name"] for c in first["calls"] for s in c]
        # manifest order; call 1 also holds the common files (valid set, tokenizer, manifest), so fewer shards
        self.assertEqual(names1, ["train-%04d.jsonl.xz" % i for i in range(len(names1))])
        self.assertEqual(len(first["calls"][1]), 2)
        self.assertLess(len(names1), 6)
        self.assertEqual(first["reused"], 0)
        gpu_shards.mark(os.path.join(self.tmp.name, "a", "gpu-plan.json"), "run1", self.consumed)
        second = self.run_plan("b")
        names2 = [s["name"] for c in second["calls"] for s in c]
        unseen = ["train-%04d.jsonl.xz" % i for i in range(len(names1), 6)]
        self.assertEqual(names2[:len(unseen)], unseen)
        self.assertEqual(names2[len(unseen):], names1[:len(names2) - len(unseen)])  # then the oldest consumed
        self.assertEqual(second["reused"], len(names2) - len(unseen))
        for k, call in enumerate(second["calls"], 1):
            d = os.path.join(self.tmp.name, "b", "gpu-call%d" % k)
            size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
            self.assertLessEqual(size, 2600)
            self.assertTrue(call)


if __name__ == "__main__":
    unittest.main()
