"""The course itself: each notebook's Run All, the kernel start, and ``import lessons_lib``.

- **kernel floor**: Run All of a notebook with one empty cell, the same way (a fresh kernel
  of this Python started, connected, one cell executed, shut down): what every notebook
  pays before its first line of work. The very first start (a warm-up: cold files, first
  imports) is timed but discarded; the floor is the median of the later starts, since now and
  then a kernel misses its shutdown request and jupyter_client ends it with SIGTERM after
  ``shutdown_wait_time / 2`` = 2.5 s (seen with this one-cell notebook), a run of ~4 s;
- **Run All** of every notebook in ``notebooks/`` (``NN_topic.ipynb``), each in a fresh
  kernel, as ``make execute`` does (tools/execute_notebooks.py's kernel manager), without
  writing anything back. Floor runs and Run Alls alternate (floor, A, floor, B, ...), so
  both sample the same stretch of time; a notebook's work is its Run All minus the floor;
- **import**: ``import lessons_lib`` in a fresh Python that has already imported NumPy, and
  the explorers on top (``from lessons_lib import widgets``: matplotlib and ipywidgets).

Kernels and imports run with one BLAS thread, the course's setting. Rounds (up to
``MAX_ROUNDS``) are added while the whole stays within ``BUDGET_SECONDS``.
Run ``python bench/bench_course.py [--quick]``; ``bench/run_all.py`` collects it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _harness as H  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
BUDGET_SECONDS = 120  # another round of Run All only while the first rounds stayed within this
MAX_ROUNDS = 7
QUICK_ROUNDS = 2
IMPORT_RUNS = 7

IMPORT_SNIPPET = """
import sys, time
import numpy
t0 = time.perf_counter()
import lessons_lib
t1 = time.perf_counter()
heavy = sorted(m for m in ("matplotlib", "ipywidgets", "IPython") if m in sys.modules)
from lessons_lib import widgets
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, ",".join(heavy) or "-")
"""


def notebook_paths():
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _kernel_manager():
    sys.path.insert(0, str(ROOT / "tools"))
    from execute_notebooks import CurrentEnvKernelManager
    return CurrentEnvKernelManager


def run_all_cells(nb, path):
    """Seconds for Run All of ``nb`` in a fresh kernel; raises on a failing cell."""
    from nbclient import NotebookClient
    client = NotebookClient(nb, kernel_name="python3", kernel_manager_class=_kernel_manager(),
                            timeout=600, record_timing=False,
                            resources={"metadata": {"path": str(path)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def empty_notebook():
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("pass"))
    return nb


def _error(exc):
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:120]}"


def _load_notebook(path):
    import nbformat
    return nbformat.read(path, as_version=4)


def time_notebooks(paths, quick, run=run_all_cells, clock=time.perf_counter):
    """Run All of each notebook, each right after a floor run, round after round.

    Returns ``{"first start": s, "floor": [s], "times": {name: [s]}, "errors": {name: message}}``:
    the first kernel start (a warm-up, discarded), the later floor runs and each notebook's
    Run Alls. ``run(nb, folder) -> seconds`` runs a notebook (a fake in the tests).
    """
    out = {"first start": None, "floor": [], "times": {p.name: [] for p in paths}, "errors": {}}
    try:
        out["first start"] = run(empty_notebook(), NOTEBOOKS)
    except Exception as exc:  # no kernel at all: nothing else can run
        out["errors"]["kernel floor"] = _error(exc)
        return out
    start, rounds = clock(), 0
    while True:
        rounds += 1
        for path in paths or [None]:
            if path is not None and path.name in out["errors"]:
                continue
            floor = run(empty_notebook(), NOTEBOOKS)
            out["floor"].append(floor)
            if path is not None:
                try:
                    seconds = run(_load_notebook(path), path.parent)
                except Exception as exc:  # a notebook being written may fail: report, go on
                    out["errors"][path.name] = _error(exc)
                    continue
                out["times"][path.name].append(seconds)
        elapsed = clock() - start
        if (rounds >= (QUICK_ROUNDS if quick else MAX_ROUNDS)
                or elapsed / rounds * (rounds + 1) > BUDGET_SECONDS):
            return out


def time_imports(runs):
    """Seconds of ``import lessons_lib`` after NumPy, and of the widgets on top, per process."""
    base, widgets, heavy = [], [], set()
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", IMPORT_SNIPPET], capture_output=True,
                             text=True, check=True, cwd=ROOT, env=H.thread_env(1)).stdout
        a, b, loaded = out.split()
        base.append(float(a))
        widgets.append(float(b))
        heavy.update(x for x in loaded.split(",") if x != "-")
    return {"lessons_lib": H.summarize(base)._asdict(),
            "widgets": H.summarize(widgets)._asdict(), "heavy_modules": sorted(heavy)}


def _summaries(runs):
    return {name: H.summarize(times)._asdict() for name, times in runs.items() if times}


def summarize_course(t):
    """The floor (median of the starts after the first), each notebook's Run All, and its work:
    each Run All minus the floor's median."""
    floor = H.summarize(t["floor"]) if t["floor"] else None
    base = floor.median if floor else 0.0
    return {"kernel floor": floor and floor._asdict(), "first start": t["first start"],
            "floor outliers": sum(f > base + 2.5 for f in t["floor"]),
            "notebooks": _summaries(t["times"]),
            "work": _summaries({k: [s - base for s in v] for k, v in t["times"].items()}),
            "errors": t["errors"]}


def run(threads=1, quick=False):
    paths = [] if quick else notebook_paths()
    return {**summarize_course(time_notebooks(paths, quick)),
            "imports": time_imports(2 if quick else IMPORT_RUNS), "threads": threads}


def _fmt_signed(timing):
    """``median (min–max)`` like ``H.fmt_timing``, for differences that noise may make negative."""
    if timing is None:
        return "–"
    one = lambda t: ("−" if t < 0 else "") + H.fmt_seconds(abs(t))  # noqa: E731
    return f"{one(timing['median'])} ({one(timing['lo'])} to {one(timing['hi'])})"


def render(results):
    r = results[min(results)]
    nbs, floor, work = r["notebooks"], r.get("kernel floor"), r.get("work", {})
    header = ["notebook", "Run All (median, min–max)", "runs", "work: Run All − floor"]
    body = [["kernel floor (starts after the first)", H.fmt_timing(floor), len(floor["times"]),
             "–"]] if floor else []
    for name in sorted(nbs):
        body.append([name, H.fmt_timing(nbs[name]), len(nbs[name]["times"]),
                     _fmt_signed(work.get(name))])
    for name, error in sorted(r["errors"].items()):
        body.append([name, f"failed: {error}", 0, "–"])
    imp = r["imports"]
    heavy = ", ".join(imp["heavy_modules"]) or "none"
    first, outliers = r.get("first start"), r.get("floor outliers", 0)
    lines = [
        H.table(header, body), "",
        "- Kernel floor: Run All of a notebook with one empty cell (a fresh kernel of this "
        "Python: start, connect, execute, shut down), run before every notebook; the median "
        "of the starts after the first"
        + (f" (the first, a warm-up, discarded: {H.fmt_seconds(first)})" if first else "")
        + (f"; {outliers} of them 2.5 s or more above the median: a kernel that missed its "
           "shutdown request, ended by SIGTERM after jupyter_client's shutdown_wait_time / 2"
           if outliers else "")
        + f". {len(nbs) + len(set(r['errors']) - {'kernel floor'})} notebook(s) found in "
        "notebooks/.",
        f"- `import lessons_lib` after NumPy, in a fresh process: "
        f"{H.fmt_timing(imp['lessons_lib'])} over {len(imp['lessons_lib']['times'])} processes; "
        f"matplotlib, ipywidgets or IPython loaded by it: {heavy}.",
        f"- `from lessons_lib import widgets` on top (matplotlib, ipywidgets): "
        f"{H.fmt_timing(imp['widgets'])}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    results = H.child_main(run, sys.argv[1:] + ([] if "--threads" in sys.argv else ["--threads", "1"]))
    if "--child" not in sys.argv:
        print(render(results))
