"""Run every benchmark and rewrite bench/RESULTS.md (what ``make bench`` does).

Each benchmark runs in fresh Python processes, once with one BLAS thread and once with two
(the thread variables are set before NumPy loads); the course and the explorers run with
one, the course's setting. The report gathers a table per benchmark, the goals of the
benchmarks issue met or not, the machine, NumPy's BLAS as threadpoolctl reports it and the
package versions. A peer that is not installed is reported as skipped.

Usage::

    python bench/run_all.py                      # everything, writes bench/RESULTS.md
    python bench/run_all.py --quick --out /tmp/r.md
    python bench/run_all.py --only training logreg --threads 1
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _harness as H  # noqa: E402
import bench_course  # noqa: E402
import bench_logreg  # noqa: E402
import bench_training  # noqa: E402
import bench_vectorize  # noqa: E402

SECTIONS = {  # name: (title, module, thread counts it runs at, or None for the course's one)
    "training": ("1. Network training per epoch: lessons_lib, scikit-learn, PyTorch",
                 bench_training, None),
    "logreg": ("2. Logistic-regression step against its two matrix-vector products",
               bench_logreg, None),
    "vectorize": ("3. Vectorization (notebook 05): Python loops against matrix products",
                  bench_vectorize, None),
    "course": ("4. The course itself: notebooks, kernel start, imports", bench_course, (1,)),
}
EXPLORERS = HERE / "bench_explorers.py"


def run_section(name, threads, quick):
    """``(results by thread count, markdown)``; a failing benchmark becomes a message."""
    _, module, fixed = SECTIONS[name]
    results = {}
    try:
        for n in fixed or threads:
            results[str(n)] = H.run_child(module.__file__, n, ["--quick"] if quick else [])
        return results, module.render(results)
    except Exception as exc:  # report it and carry on with the other benchmarks
        return None, f"**Failed**: `{type(exc).__name__}`\n\n```\n{str(exc)[-2000:]}\n```"


def run_explorers(quick):
    """The explorers' frame benchmark (bench/bench_explorers.py, its own script), as Markdown."""
    if not EXPLORERS.exists():
        return None, "Skipped: bench/bench_explorers.py is not there yet."
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "explorers.md"
        args = ["--frames", "2", "--repeats", "2", "--steps", "20"] if quick else []
        proc = subprocess.run([sys.executable, str(EXPLORERS), "--out", str(out), *args],
                              env=H.thread_env(1), capture_output=True, text=True, timeout=900)
        if proc.returncode != 0 or not out.exists():
            return None, f"**Failed** ({proc.returncode}):\n\n```\n{proc.stderr[-2000:]}\n```"
        text = out.read_text(encoding="utf-8")
    lines = text.strip().splitlines()
    if lines and lines[0].startswith("# "):  # its own title: our section heading replaces it
        lines = lines[1:]
    return text, "\n".join(lines).strip()


# --- goals -----------------------------------------------------------------------------

def _worst(rows, pick):
    values = [(pick(r), r) for r in rows if pick(r) is not None]
    return max(values, key=lambda v: v[0]) if values else (None, None)


def _describe(r):
    return f"{r['data']}, batch {r['batch']}, {r['dtype']}, {r['threads']} thread(s)"


def training_goals(results):
    rows = [r for t in results.values() for r in t["rows"]]
    out = []
    checks = [
        ("training ≤ 0.5 × scikit-learn, everywhere", "sklearn", lambda r: True,
         bench_training.GOALS["sklearn"]),
        ("training ≤ 1.0 × torch, mini-batch 128", "torch", lambda r: r["batch"] != "full",
         bench_training.GOALS["torch_minibatch"]),
        ("training ≤ 1.35 × torch, full batch, MNIST-shaped", "torch",
         lambda r: r["batch"] == "full" and r["data"] == "MNIST-shaped",
         bench_training.GOALS["torch_full_mnist"]),
    ]
    for label, peer, where, goal in checks:
        chosen = [r for r in rows if where(r)]
        value, row = _worst(chosen, lambda r: (r["ratios"].get(peer) or {}).get("median"))
        if row is None:
            out.append([label, "skipped (peer not installed)", "–"])
            continue
        met = sum(r["ratios"][peer]["median"] <= goal for r in chosen if peer in r["ratios"])
        out.append([label, f"{met} of {len(chosen)} configurations met; worst {value:.2f} "
                           f"({_describe(row)})", "✅" if met == len(chosen) else "❌"])
    agree = all(r["agree"] for r in rows)
    out.append(["same cost after one epoch as the peers", "all agree" if agree else
                "some differ (see table)", "✅" if agree else "❌"])
    return out


def _span(values, fmt="{:.2f}"):
    values = sorted(values)
    return fmt.format(values[0]) if values[0] == values[-1] else (
        f"{fmt.format(values[0])}–{fmt.format(values[-1])}")


def training_why(results):
    """Why the scikit-learn goal is (not) within reach, from this run's BLAS floor ratios."""
    rows = [r for t in results.values() for r in t["rows"] if "sklearn" in r["ratios"]]
    if not rows or all(r["ratios"]["sklearn"]["median"] <= bench_training.GOALS["sklearn"]
                       for r in rows):
        return []

    def over_floor(data, who):
        return [r["peer_over_floor"][who]["median"] for r in rows if r["data"] == data]

    text = ("Training ≤ 0.5 × scikit-learn: scikit-learn's MLP is itself NumPy calling the "
            "same OpenBLAS for the same matrix products (the BLAS floor column).")
    big, small = over_floor("MNIST-shaped", "sklearn"), over_floor("digits", "sklearn")
    if big:
        text += (f" MNIST-shaped: the products are most of the work; scikit-learn takes "
                 f"{_span(big)} × the floor, so a library doing nothing else would still need "
                 f"{_span([1 / v for v in big])} × scikit-learn's time (lessons_lib: "
                 f"{_span(over_floor('MNIST-shaped', 'lessons_lib'))} × the floor).")
    if small:
        text += (f" digits: the products are small and the per-step overhead of a few dozen "
                 f"NumPy calls on 128-row arrays dominates: lessons_lib "
                 f"{_span(over_floor('digits', 'lessons_lib'))} × the floor, scikit-learn "
                 f"{_span(small)} ×.")
    return [text]


def logreg_why(results):
    rows = [r for t in results.values() for r in t["rows"]]
    if not rows:
        return []
    grad = [r["gradient_step"]["median"] for r in rows]
    step = [r["train_step"]["median"] for r in rows]
    return [
        f"Logistic step: beyond the two products a step does elementwise work on m-vectors, "
        f"the sigmoid (a vectorised `exp`) and, in train's step, the cost (`np.logaddexp`, "
        f"scalar `exp` and `log1p` per example). The gradient step alone is {_span(grad)} × "
        f"the bound, train's step {_span(step)} ×; with n = 30 or 100 the two products are "
        f"only 2·n multiply-adds per example, the same order as those functions."]


def logreg_goals(results):
    rows = [r for t in results.values() for r in t["rows"]]
    out = []
    for label, where in (("logistic step ≤ 1.5 × bound, n = 30", lambda r: r["n"] < 100),
                         ("logistic step ≤ 1.15 × bound, n ≥ 100", lambda r: r["n"] >= 100)):
        chosen = [r for r in rows if where(r)]
        if not chosen:
            continue
        met = sum(r["train_step"]["median"] <= bench_logreg.goal(r["n"]) for r in chosen)
        value, row = _worst(chosen, lambda r: r["train_step"]["median"])
        out.append([label, f"{met} of {len(chosen)} met; worst {value:.2f} (m = {row['m']}, "
                           f"n = {row['n']}, {row['threads']} thread(s)); gradient step alone "
                           f"worst {max(r['gradient_step']['median'] for r in chosen):.2f}",
                    "✅" if met == len(chosen) else "❌"])
    return out


def explorer_goals(text):
    if text is None:
        return [["explorer frame goals", "not measured", "–"]]
    rows = [line for line in text.splitlines() if "goal" in line and line.startswith("|")]
    out = []
    for line in rows:
        cells = [c.strip() for c in line.strip("|").split("|")]
        met = "NOT met" not in cells[-1]
        out.append([f"explorers: {cells[0]}", f"median {cells[1]} ms; {cells[-1]}",
                    "✅" if met else "❌"])
    return out


# --- report ----------------------------------------------------------------------------

def header(started, seconds, quick):
    env = H.versions()
    machine = H.machine()
    blas = H.blas_info()["summary"]
    versions = ", ".join(f"{k} {v}" if v else f"{k} not installed" for k, v in env.items())
    mode = " (--quick: tiny sizes, not a measurement)" if quick else ""
    return "\n".join([
        "# Benchmarks", "",
        f"Written by `make bench` (`python bench/run_all.py`) on {started:%Y-%m-%d %H:%M} in "
        f"{seconds / 60:.1f} min{mode}. Do not edit by hand.", "",
        f"- Machine: {machine['cpu']}, {machine['logical_cpus']} logical CPUs "
        f"({machine['usable_cpus']} usable), {machine['memory']}, {machine['os']}, "
        f"Python {machine['python']}; load average at the end "
        f"{os.getloadavg()[0]:.2f} (a shared machine).",
        f"- NumPy's BLAS (threadpoolctl): {blas}.",
        f"- Versions: {versions}.",
        "- How to read: contenders run interleaved (A B C, B C A, …) in one process per "
        "thread count; times are medians (min–max) over the rounds; a ratio is the median "
        "of the per-round ratios, lower is faster for lessons_lib. Threads = the BLAS/OpenMP "
        "threads every library was allowed (`OPENBLAS_NUM_THREADS` etc. set before NumPy "
        "loads, `torch.set_num_threads`).",
    ])


BROWSER_JSON = HERE.parent / "build" / "browser" / "latency.json"


def browser_latency(path=BROWSER_JSON):
    """``(goal rows, markdown)`` from the browser test's last measurement, if there is one."""
    if not path.exists():
        return [], ("Not measured in this checkout: the browser test writes it "
                    "(`make test` with Chromium installed, see the README).")
    data = json.loads(path.read_text(encoding="utf-8"))
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
    met = data["explorer_median_ms"] <= 60 and data["ratio"] <= 0.4
    row = [f"explorers in the browser: slider key press → new frame",
           f"median {data['explorer_median_ms']} ms, naive {data['naive_median_ms']} ms, "
           f"ratio {data['ratio']} (goal ≤ 60 ms and ≤ 0.4)", "✅" if met else "❌"]
    text = (f"From the browser test of {when} (`tests/browser/test_jupyterlab_descent.py`): "
            f"{data['what']}, {data['presses']} presses each, DescentExplorer and a naive "
            f"`interactive_output` widget in the same JupyterLab, Chromium {data['chromium']}.\n\n"
            + H.table(["widget", "median (ms)", "min–max (ms)"], [
                ["DescentExplorer", data["explorer_median_ms"],
                 f"{min(data['explorer_ms'])}–{max(data['explorer_ms'])}"],
                ["naive interactive_output", data["naive_median_ms"],
                 f"{min(data['naive_ms'])}–{max(data['naive_ms'])}"]]))
    return [row], text


BROWSER_TIMING_JSON = HERE.parent / "build" / "browser" / "timing.json"
BROWSER_SUITE_GOAL_S = 300  # every notebook, course and learner versions, on 2 cores


def _num(value, digits=1):
    return "–" if value is None else f"{value:.{digits}f}"


def browser_notebooks(path=BROWSER_TIMING_JSON):
    """``(goal rows, markdown)``: every notebook in JupyterLab, from the browser tests'
    ``timing.json`` (open → kernel idle, Run All → idle, slider → frame median), if any."""
    if not path.exists():
        return [], ("Not measured in this checkout: the browser tests write it "
                    "(`tests/browser/test_jupyterlab_notebooks.py` and "
                    "`test_jupyterlab_student.py`, `make test` with Chromium installed).")
    data = json.loads(path.read_text(encoding="utf-8"))
    course, learner = data.get("notebooks", {}), data.get("learner", {})
    rows = []
    for name in sorted(set(course) | set(learner)):
        c, s = course.get(name, {}), learner.get(name, {})
        explorers = ", ".join(f"{k.split('@')[0]} {v}" for k, v in c.get("explorers", {}).items())
        rows.append([name.removesuffix(".ipynb"), _num(c.get("open_s")), _num(c.get("run_all_s")),
                     _num(c.get("frame_median_ms")), explorers or "–",
                     _num(s.get("open_s")), _num(s.get("run_all_s"))])
    text = (f"From the browser tests of {data.get('updated', '?')}: each notebook opened in a "
            f"new page of one JupyterLab (a learner version: of another, serving `make "
            f"student`'s output), Run All, every widget and explorer checked. Times include a "
            f"fresh kernel and JupyterLab's own start in the page, on a shared 2-core "
            f"machine.\n\n" + H.table(
                ["notebook", "open → idle (s)", "Run All → idle (s)",
                 "slider → frame, median (ms)", "per explorer (ms)",
                 "learner open → idle (s)", "learner Run All (s)"], rows))
    goals = []
    suite = data.get("suite", {}).get("last_run")
    if suite:
        met = suite["wall_s"] <= BROWSER_SUITE_GOAL_S
        total = suite.get("all_browser_s")
        text += (f"\n\nLast browser run: {suite['tests']} tests "
                 f"({', '.join(suite['modules'])}); the JupyterLab notebooks, course and learner "
                 f"versions, took {suite['wall_s'] / 60:.1f} min"
                 + (f", all browser tests {total / 60:.1f} min." if total else "."))
        goals.append(["browser suite: every notebook in JupyterLab, course and learner versions",
                      f"{suite['wall_s'] / 60:.1f} min (goal ≤ "
                      f"{BROWSER_SUITE_GOAL_S / 60:.0f} min)", "✅" if met else "❌"])
    return goals, text


def build_report(started, seconds, quick, sections, explorers=None):
    """The Markdown of RESULTS.md from ``{name: (results or None, markdown)}`` per section
    and the explorers' ``(raw markdown or None, markdown)``."""
    parts, goals, why = [], [], []
    for name, (results, text) in sections.items():
        parts.append(f"## {SECTIONS[name][0]}\n\n{text}")
        if results is not None and name == "training":
            goals += training_goals(results)
            why += training_why(results)
        if results is not None and name == "logreg":
            goals += logreg_goals(results)
            why += logreg_why(results)
    if explorers is not None:
        parts.append(f"## 5. The explorers' frames (issue 3)\n\n{explorers[1]}")
        goals += explorer_goals(explorers[0])
        rows, text = browser_latency()
        parts.append(f"## 6. The explorers in JupyterLab, in Chromium (issue 3)\n\n{text}")
        goals += rows
        rows, text = browser_notebooks()
        parts.append(f"## 7. Every notebook in JupyterLab, in Chromium (issue 8)\n\n{text}")
        goals += rows
    summary = "## Goals\n\n" + H.table(["goal", "measured", "met"], goals)
    if why:
        summary += "\n\nGoals not met, and why (from this run's measurements):\n\n" + "\n".join(
            f"- {line}" for line in why)
    return "\n\n".join([header(started, seconds, quick), summary, *parts]) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes (the smoke test)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--only", nargs="*", choices=[*SECTIONS, "explorers"])
    parser.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args(argv)
    wanted = args.only or [*SECTIONS, "explorers"]
    started, t0 = datetime.datetime.now(), time.perf_counter()
    sections, explorers = {}, None
    for name in (n for n in SECTIONS if n in wanted):
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        sections[name] = run_section(name, args.threads, args.quick)
    if "explorers" in wanted:
        print("bench: explorers …", file=sys.stderr, flush=True)
        explorers = run_explorers(args.quick)
    seconds = time.perf_counter() - t0
    args.out.write_text(build_report(started, seconds, args.quick, sections, explorers),
                        encoding="utf-8")
    if args.json:
        raw = {"sections": {name: results for name, (results, _) in sections.items()},
               "explorers": explorers and explorers[0], "seconds": seconds}
        args.json.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    print(f"bench: wrote {args.out} in {seconds / 60:.1f} min", file=sys.stderr)
    failed = any(results is None for results, _ in sections.values()) or (
        explorers is not None and explorers[0] is None and EXPLORERS.exists())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
