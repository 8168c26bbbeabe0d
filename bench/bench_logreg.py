"""Logistic-regression step against the bound of its two matrix-vector products.

A gradient step must read ``X`` twice: ``z = X @ w`` and ``dw = Xᵀ @ r`` (``r = a - y``).
The bound is those two products alone, timed on the same arrays; the library's step should
cost little more. Contenders, interleaved:

- **bound**: ``X @ w`` and ``X.T @ r``;
- **train step**: the step :func:`lessons_lib.descent.train` takes (``_Run.step``): cost,
  gradient, the divergence checks and ``p -= lr * g``;
- **gradient step**: forward, backward and the update only (no cost, no checks).

Run ``python bench/bench_logreg.py [--quick]``; ``bench/run_all.py`` collects it.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _harness as H  # noqa: E402

SIZES_M = (5000, 50000)
SIZES_N = (30, 100, 300)
LR = 0.1
RUN_SECONDS = 0.03  # each timed run repeats a step for about this long


def goal(n):
    """≤ 1.5 × the bound for n = 30, ≤ 1.15 × for n ≥ 100 (the issue's goals)."""
    return 1.15 if n >= 100 else 1.5


def contenders(X, y, quick):
    import numpy as np
    from lessons_lib.descent import _Run
    from lessons_lib.models import LogisticRegression
    model = LogisticRegression(X.shape[1], init="random_normal", rng=0)
    r = np.random.default_rng(1).standard_normal(X.shape[0])
    w = model.w
    run = _Run(model, LR, None, None)

    def bound():
        X @ w
        X.T @ r

    def train_step():
        run.step(X, y, 0)

    def gradient_step():
        grads = model._backward(X, y, model._forward(X))
        model._w -= LR * grads.dw
        model._b -= LR * grads.db

    seconds = 0.002 if quick else RUN_SECONDS
    out = []
    for name, fn in (("bound", bound), ("train step", train_step),
                     ("gradient step", gradient_step)):
        number = H.calls_for(fn, seconds)
        out.append(H.Contender(name, H.repeat(fn, number), number=number))
    return out


def run(threads=1, quick=False):
    import numpy as np
    blas_threads = H.setup_threads(threads)
    rows = []
    for m in ((500,) if quick else SIZES_M):
        for n in ((30, 100) if quick else SIZES_N):
            rng = np.random.default_rng(m + n)
            X = rng.standard_normal((m, n))
            y = (rng.random(m) < 1 / (1 + np.exp(-X[:, 0]))).astype(np.float64)
            timings = H.interleave(contenders(X, y, quick), repeats=3 if quick else 11)
            rows.append({"m": m, "n": n, "threads": threads, "blas_threads": blas_threads,
                         "timings": {k: t._asdict() for k, t in timings.items()},
                         "train_step": H.ratio(timings, "train step", "bound")._asdict(),
                         "gradient_step": H.ratio(timings, "gradient step", "bound")._asdict()})
    return {"rows": rows}


def render(results):
    rows = [r for threads in sorted(results) for r in results[threads]["rows"]]
    header = ["m", "n", "threads", "bound (X @ w, Xᵀ @ r)", "train step", "gradient step",
              "train step / bound (goal)", "gradient step / bound"]
    body = []
    for r in sorted(rows, key=lambda r: (r["m"], r["n"], r["threads"])):
        t = r["timings"]
        body.append([r["m"], r["n"], r["threads"], H.fmt_timing(t["bound"]),
                     H.fmt_timing(t["train step"]), H.fmt_timing(t["gradient step"]),
                     H.fmt_ratio(r["train_step"], goal(r["n"])) + f" (≤ {goal(r['n'])})",
                     H.fmt_ratio(r["gradient_step"])])
    notes = [
        "Times per step (median, min–max over interleaved rounds); ratios are medians of "
        "per-round ratios.",
        "The train step also computes the cost, `log(1 + exp(∓z))` per example "
        "(`np.logaddexp`, which NumPy evaluates with scalar `exp` and `log1p`, about 10 ns "
        "an example here), and the sigmoid (one vectorised `exp`): per example that is "
        "comparable to the two products' 2·n multiply-adds when n is small.",
    ]
    return H.table(header, body) + "\n\n" + "\n".join(f"- {n}" for n in notes)


if __name__ == "__main__":
    results = H.child_main(run)
    if "--child" not in sys.argv:
        print(render(results))
