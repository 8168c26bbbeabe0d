"""bench/run_all.py folds the browser test's latency measurement into RESULTS.md."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import run_all  # noqa: E402


def write(tmp_path, explorer, naive):
    path = tmp_path / "latency.json"
    path.write_text(json.dumps({
        "what": "key press -> new frame", "presses": 3, "chromium": "test",
        "explorer_median_ms": explorer, "naive_median_ms": naive,
        "ratio": round(explorer / naive, 3),
        "explorer_ms": [explorer - 1, explorer, explorer + 1], "naive_ms": [naive] * 3,
    }))
    return path


def test_browser_latency_goal_met_and_missed(tmp_path):
    rows, text = run_all.browser_latency(write(tmp_path, 40.0, 200.0))
    assert rows[0][2] == "✅" and "| DescentExplorer | 40.0 | 39.0–41.0 |" in text
    rows, _ = run_all.browser_latency(write(tmp_path, 90.0, 200.0))
    assert rows[0][2] == "❌"  # over 60 ms
    rows, _ = run_all.browser_latency(write(tmp_path, 50.0, 100.0))
    assert rows[0][2] == "❌"  # ratio 0.5 > 0.4


def test_browser_latency_absent_is_said_not_invented(tmp_path):
    rows, text = run_all.browser_latency(tmp_path / "missing.json")
    assert rows == [] and text.startswith("Not measured")


def test_browser_suite_goal_is_the_jupyterlab_time_not_the_whole_run(tmp_path):
    """A `make test` run records the JupyterLab suite's own time (wall_s), and the time of all
    browser tests beside it; the goal is judged on the first (it once took the whole run's)."""
    path = tmp_path / "timing.json"
    suite = {"wall_s": 240.0, "all_browser_s": 372.0, "tests": 34,
             "modules": ["test_jupyterlab_notebooks.py", "test_voila.py"]}
    path.write_text(json.dumps({"notebooks": {}, "suite": {"last_run": suite}}))
    goals, text = run_all.browser_notebooks(path)
    assert goals[-1][1].startswith("4.0 min") and goals[-1][2] == "✅"
    assert "all browser tests 6.2 min" in text
    suite["wall_s"] = 301.0
    path.write_text(json.dumps({"notebooks": {}, "suite": {"last_run": suite}}))
    assert run_all.browser_notebooks(path)[0][-1][2] == "❌"
