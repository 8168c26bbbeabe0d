"""The course itself: each notebook's Run All, the kernel start, and ``import lessons_lib``.

- **kernel floor**: Run All of a notebook with one empty cell, the same way (a fresh kernel
  of this Python started, connected, one cell executed, shut down): what every notebook
  pays before its first line of work;
- **Run All** of every notebook in ``notebooks/`` (``NN_topic.ipynb``), each in a fresh
  kernel, as ``make execute`` does (tools/execute_notebooks.py's kernel manager), without
  writing anything back; the work is Run All minus the floor;
- **import**: ``import lessons_lib`` in a fresh Python that has already imported NumPy, and
  the explorers on top (``from lessons_lib import widgets``: matplotlib and ipywidgets).

Kernels and imports run with one BLAS thread, the course's setting. Notebooks and the
floor are interleaved round by round; rounds are added while the whole stays short.
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


def time_notebooks(paths, quick):
    """``({name: [seconds]}, {name: error})`` with the floor under the name "kernel floor"."""
    import nbformat
    jobs = [("kernel floor", empty_notebook, NOTEBOOKS)]
    jobs += [(p.name, lambda p=p: nbformat.read(p, as_version=4), p.parent) for p in paths]
    times, errors = {name: [] for name, _, _ in jobs}, {}
    start, rounds = time.perf_counter(), 0
    while True:
        rounds += 1
        for name, load, folder in jobs:
            if name in errors:
                continue
            try:
                times[name].append(run_all_cells(load(), folder))
            except Exception as exc:  # a notebook being written may fail: report, go on
                errors[name] = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:120]}"
        elapsed = time.perf_counter() - start
        if quick or rounds >= 3 or elapsed / rounds * (rounds + 1) > BUDGET_SECONDS:
            return times, errors


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


def run(threads=1, quick=False):
    paths = [] if quick else notebook_paths()
    times, errors = time_notebooks(paths, quick)
    return {"notebooks": {k: H.summarize(v)._asdict() for k, v in times.items() if v},
            "errors": errors, "imports": time_imports(2 if quick else IMPORT_RUNS),
            "threads": threads}


def render(results):
    r = results[min(results)]
    nbs, floor = r["notebooks"], r["notebooks"].get("kernel floor")
    header = ["notebook", "Run All (median, min–max)", "runs", "work (minus the floor)"]
    body = []
    for name in sorted(nbs, key=lambda n: (n != "kernel floor", n)):
        t = nbs[name]
        work = "–" if name == "kernel floor" or floor is None else H.fmt_seconds(
            max(t["median"] - floor["median"], 0.0))
        body.append([name, H.fmt_timing(t), len(t["times"]), work])
    for name, error in sorted(r["errors"].items()):
        body.append([name, f"failed: {error}", 0, "–"])
    imp = r["imports"]
    heavy = ", ".join(imp["heavy_modules"]) or "none"
    lines = [
        H.table(header, body), "",
        f"- Kernel floor: Run All of a notebook with one empty cell (a fresh kernel of this "
        f"Python: start, connect, execute, shut down). {len(nbs) - (floor is not None)} "
        "notebook(s) found in notebooks/.",
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
