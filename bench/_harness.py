"""Shared machinery of the benchmarks: interleaved timing, medians, ratios, the environment.

These machines are shared and noisy, so every comparison is a ratio measured within one run:
the contenders run interleaved (A B C, B C A, C A B, ...) for several rounds, each round
times every contender once, and a ratio is the median over rounds of the per-round ratio
(both sides of a round saw the same machine state). Times are quoted as medians with
their min–max.

Thread counts are fixed per process: :func:`run_child` starts a fresh Python with
``OPENBLAS_NUM_THREADS`` (and the OpenMP/MKL equivalents) set before NumPy loads, since
a BLAS reads them only once.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable, NamedTuple

THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
# Seconds between contenders when several threads run: longer than OpenBLAS's idle spin
# (2**28 cycles by default, about 0.1 s) and libgomp's, so one library's spinning threads
# do not slow the next one down (an artefact of running them in one process).
PAUSE = 0.15
PACKAGES = ("numpy", "lessons_lib", "scikit-learn", "torch", "threadpoolctl", "matplotlib",
            "ipywidgets", "ipykernel", "nbclient")


class Contender(NamedTuple):
    """One side of a comparison: ``run`` is timed, ``setup`` (untimed) runs before each run.

    ``number``: how many repetitions of the measured thing one ``run`` makes (the time is
    divided by it), so that quick things are timed over a run long enough to measure.
    """

    name: str
    run: Callable[[], object]
    setup: Callable[[], object] | None = None
    number: int = 1


class Timing(NamedTuple):
    """Seconds per run of one contender: every round's time, the median, min and max."""

    times: list
    median: float
    lo: float
    hi: float


def summarize(times):
    """A :class:`Timing` from a list of seconds."""
    times = [float(t) for t in times]
    return Timing(times, statistics.median(times), min(times), max(times))


def interleave(contenders, repeats, warmup=1, pause=0.0, inner=1, clock=time.perf_counter):
    """Time ``contenders`` interleaved: ``warmup`` untimed rounds, then ``repeats`` rounds.

    Round ``r`` runs the contenders in the order rotated by ``r`` (A B C, B C A, ...), so
    none always runs first. Each turn sleeps ``pause`` seconds first (with several BLAS or
    OpenMP threads, the previous contender's idle threads spin for a while: the pause lets
    them go to sleep so they do not steal the next one's cores), then runs the contender
    ``inner`` times and keeps the median of the runs after the first (the warm ones; with
    ``inner == 1`` the only one). Returns ``{name: Timing}`` (seconds per run).
    """
    contenders = list(contenders)
    times = {c.name: [] for c in contenders}
    for r in range(warmup + repeats):
        k = r % len(contenders)
        for c in contenders[k:] + contenders[:k]:
            if pause:
                time.sleep(pause)
            runs = []
            for _ in range(inner):
                if c.setup is not None:
                    c.setup()
                start = clock()
                c.run()
                runs.append((clock() - start) / c.number)
            if r >= warmup:
                times[c.name].append(statistics.median(runs[1:] or runs))
    return {name: summarize(ts) for name, ts in times.items()}


def ratio(timings, a, b):
    """Median over rounds of ``time(a) / time(b)`` with its min and max, as a :class:`Timing`."""
    pairs = [ta / tb for ta, tb in zip(timings[a].times, timings[b].times)]
    return summarize(pairs)


def calls_for(fn, seconds, clock=time.perf_counter, limit=100_000):
    """How many calls of ``fn`` last about ``seconds`` (at least 1); ``fn`` is called to find out."""
    start, n = clock(), 0
    while n < limit:
        fn()
        n += 1
        if clock() - start >= seconds / 4:
            break
    per_call = (clock() - start) / n
    return max(1, min(limit, round(seconds / max(per_call, 1e-9))))


def repeat(fn, number):
    """``fn`` called ``number`` times in a row (a contender's run)."""
    def run():
        for _ in range(number):
            fn()
    return run


# --- formatting ------------------------------------------------------------------------

def fmt_seconds(t):
    """A duration with a unit that keeps three significant figures (µs, ms or s)."""
    if t is None:
        return "–"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if t >= scale or unit == "µs":
            return f"{_sig(t / scale)} {unit}"


def _sig(x):
    return f"{x:.3g}" if x < 1000 else f"{x:.0f}"


def fmt_timing(timing):
    """``median (min–max)`` of a :class:`Timing` (or a dict with those keys)."""
    if timing is None:
        return "skipped"
    t = Timing(**timing) if isinstance(timing, dict) else timing
    return f"{fmt_seconds(t.median)} ({fmt_seconds(t.lo)}–{fmt_seconds(t.hi)})"


def fmt_ratio(timing, goal=None):
    """``0.83 (0.80–0.90)`` and a mark ✅/❌ when a ``goal`` (upper bound) is given."""
    if timing is None:
        return "skipped"
    t = Timing(**timing) if isinstance(timing, dict) else timing
    text = f"{t.median:.2f} ({t.lo:.2f}–{t.hi:.2f})"
    if goal is not None:
        text += " ✅" if t.median <= goal else " ❌"
    return text


def table(header, rows):
    """A Markdown table from a header list and rows of cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# --- environment -----------------------------------------------------------------------

def versions():
    """Installed versions of the packages that matter here (``None`` when absent)."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def machine():
    """CPU model, logical CPUs, memory, OS and Python."""
    cpu = platform.processor() or platform.machine()
    mem = None
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f
                        if line.startswith("model name")), cpu)
        with open("/proc/meminfo") as f:
            kib = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
            mem = f"{kib / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {"cpu": cpu, "logical_cpus": os.cpu_count(), "usable_cpus": usable, "memory": mem,
            "os": platform.platform(), "python": platform.python_version()}


def blas_info():
    """NumPy's BLAS as threadpoolctl reports it (kernel, version, threads), or "unknown"."""
    import numpy as np  # after the thread variables are set
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return {"summary": "unknown (threadpoolctl is not installed)"}
    numpy_dir = os.path.dirname(os.path.dirname(np.__file__))
    libs = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    ours = [i for i in libs if i["filepath"].startswith(os.path.join(numpy_dir, "numpy"))]
    info = (ours or libs or [None])[0]
    if info is None:
        return {"summary": "unknown (threadpoolctl found no BLAS)"}
    summary = (f"{info.get('internal_api')} {info.get('version')}, kernel "
               f"{info.get('architecture', '?')}, threading {info.get('threading_layer', '?')}")
    return {"summary": summary, "num_threads": info.get("num_threads")}


def blas_threads():
    """The thread count NumPy's BLAS uses now (None if threadpoolctl is absent)."""
    return blas_info().get("num_threads")


# --- child processes -------------------------------------------------------------------

def thread_env(threads, base=None):
    """A copy of the environment with every BLAS/OpenMP thread variable set to ``threads``."""
    env = dict(os.environ if base is None else base)
    env.update({name: str(threads) for name in THREAD_VARS})
    return env


def run_child(script, threads, args=(), timeout=900):
    """Run ``python script --child --threads N --json FILE *args`` in a fresh process.

    The thread variables are set before the child imports NumPy. Returns the JSON the child
    wrote. A child that fails raises ``RuntimeError`` with its stderr.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        cmd = [sys.executable, str(script), "--child", "--threads", str(threads),
               "--json", out, *args]
        proc = subprocess.run(cmd, env=thread_env(threads), capture_output=True, text=True,
                              timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
        with open(out) as f:
            return json.load(f)


def child_main(run, argv=None):
    """The command line of a benchmark module.

    ``--child --threads N --json FILE [--quick]`` runs ``run(threads=N, quick=...)`` and
    writes its JSON (what :func:`run_child` starts). Without ``--child``, the module runs
    itself once per ``--threads`` value (default 1 and 2) in fresh processes and prints the
    JSON results.
    """
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--json")
    parser.add_argument("--quick", action="store_true")
    ns = parser.parse_args(argv)
    if ns.child:
        result = run(threads=ns.threads[0], quick=ns.quick)
        with open(ns.json, "w") as f:
            json.dump(result, f)
        return result
    script = sys.modules["__main__"].__file__
    extra = ["--quick"] if ns.quick else []
    results = {str(n): run_child(script, n, extra) for n in ns.threads}
    if ns.json:
        with open(ns.json, "w") as f:
            json.dump(results, f, indent=1)
    return results


def setup_threads(threads):
    """In a child: make torch (if present) use ``threads`` too; return the BLAS thread count."""
    try:
        import torch
        torch.set_num_threads(threads)
    except ImportError:
        pass
    return blas_threads()


def optional(module):
    """Import ``module`` or return None (a peer that is not installed is skipped)."""
    try:
        return __import__(module)
    except ImportError:
        return None
