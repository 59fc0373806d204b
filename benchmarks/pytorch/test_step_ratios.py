#!/usr/bin/env python3
"""step_ratios.py on made-up JMH and twin output (python3 benchmarks/pytorch/test_step_ratios.py)."""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import step_ratios  # noqa: E402


def jmh(config, *iterations):
    params = {"backend": "cpu"} if config is None else {"backend": "cpu", "config": config}
    return {"params": params, "primaryMetric": {"score": sum(iterations) / len(iterations), "rawData": [list(iterations)]}}


class StepRatiosTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def round(self, n, results, twin_lines, jmh_text="# Warmup Iteration   1: myelin: 431080 parameters\n"):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            step_ratios.round_lines(n, self.write("jmh.json", json.dumps(results)), self.write("jmh.txt", jmh_text),
                                    self.write("twin.jsonl", "".join(json.dumps(t) + "\n" for t in twin_lines)))
        return out.getvalue()

    def test_ours_is_the_median_of_the_iterations_per_config_batch(self):
        text = self.round("1", [jmh("lenet-16", 90.0, 30.0, 100.0, 95.0, 99.0), jmh("lenet-4", 10.0, 12.0, 11.0)],
                          [{"batch": 4, "steps_per_s": 2.0, "parameters": 431080},
                           {"batch": 16, "steps_per_s": 40.0, "parameters": 431080}])
        self.assertIn("parameters: ours [431080], pytorch [431080]\n", text)
        self.assertRegex(text, r"batch 4: ours 11.00, pytorch 2.00 steps/s, ratio 5.50\n")
        self.assertRegex(text, r"batch 16: ours 95.00, pytorch 40.00 steps/s, ratio 2.38\n")
        self.assertLess(text.index("batch 4:"), text.index("batch 16:"))

    def test_a_benchmark_of_one_batch_pairs_with_the_twins_only_line(self):
        text = self.round("2", [jmh(None, 30.0, 20.0, 40.0)], [{"batch": 64, "steps_per_s": 10.0, "parameters": 5306}])
        self.assertNotIn("parameters", text)
        self.assertRegex(text, r"round 2 .* batch 64: ours 30.00, pytorch 10.00 steps/s, ratio 3.00\n")

    def test_a_missing_twin_batch_prints_a_dash(self):
        text = self.round("1", [jmh("lenet-1", 5.0)], [{"batch": 4, "steps_per_s": 2.0, "parameters": 5}], jmh_text="")
        self.assertIn("parameters: ours [], pytorch [5] (they differ)", text)
        self.assertRegex(text, r"batch 1: ours 5.00, pytorch - steps/s, ratio -\n")

    def test_summary_takes_the_median_ratio_per_batch(self):
        log = self.write("log", "parameters: ours [1], pytorch [1]\n"
                                "round 1 01:00:00 batch 1: ours 9.00, pytorch 3.00 steps/s, ratio 3.00\n"
                                "round 1 01:00:00 batch 64: ours 2.00, pytorch 1.00 steps/s, ratio 2.00\n"
                                "round 2 01:02:00 batch 1: ours 5.00, pytorch 5.00 steps/s, ratio 1.00\n"
                                "round 2 01:02:00 batch 64: ours 1.00, pytorch -, ratio -\n"
                                "round 3 01:04:00 batch 1: ours 8.00, pytorch 4.00 steps/s, ratio 2.00\n")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            step_ratios.summary(log)
        self.assertEqual("median ratio ours / pytorch over 3 rounds, batch 1: 2.00 (lowest 1.00, highest 3.00)\n"
                         "median ratio ours / pytorch over 1 rounds, batch 64: 2.00 (lowest 2.00, highest 2.00)\n",
                         out.getvalue())


if __name__ == "__main__":
    unittest.main()
