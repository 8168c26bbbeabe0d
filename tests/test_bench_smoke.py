"""The benchmark's harness runs at tiny sizes, so bench/bench_explorers.py cannot rot.
(Timings are not asserted: this is not a timed test; see bench/RESULTS.md.)"""

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_explorers.py"


def test_harness_runs_and_reports(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("bench_explorers", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    out = tmp_path / "RESULTS.md"
    assert bench.main(["--frames", "2", "--repeats", "2", "--steps", "20", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Explorer benchmark") and text in capsys.readouterr().out
    for row in ("explorer frame (blit + JPEG)", "naive frame (pyplot re-plot + PNG)",
                "learning-rate change, 20-step run", "the 20-step trajectory alone"):
        assert f"| {row} |" in text
    assert "Versions: Python" in text and "ratio explorer/naive" in text
