"""The vectorization demo of notebook 05: Python loops against matrix products.

The gradient of the mean cross-entropy of logistic regression,

    dw = Xᵀ (σ(X w + b) - y) / m,   db = mean(σ(X w + b) - y),

computed three ways on the same data (m = 1000 examples, n = 30 and 100 features):

- **two loops**: over examples and, inside, over features (every product a Python float);
- **one loop**: over examples, each a NumPy dot product of length n;
- **vectorized**: two matrix-vector products for the whole batch.

The three results are checked to agree; the speed-ups are per-round ratios, interleaved.
Run ``python bench/bench_vectorize.py [--quick]``; ``bench/run_all.py`` collects it.
"""

from __future__ import annotations

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _harness as H  # noqa: E402

M = 1000
SIZES_N = (30, 100)


def gradient_two_loops(X, y, w, b):
    """Loops over examples and features, as the math is written per example."""
    m, n = len(X), len(w)
    dw, db = [0.0] * n, 0.0
    for i in range(m):
        z = b
        for j in range(n):
            z += w[j] * X[i][j]
        a = 1.0 / (1.0 + math.exp(-z))
        dz = a - y[i]
        for j in range(n):
            dw[j] += X[i][j] * dz
        db += dz
    return [d / m for d in dw], db / m


def gradient_one_loop(X, y, w, b):
    """One loop over examples; the features are a NumPy dot product."""
    import numpy as np
    m = X.shape[0]
    dw, db = np.zeros(X.shape[1]), 0.0
    for i in range(m):
        a = 1.0 / (1.0 + math.exp(-(X[i] @ w + b)))
        dz = a - y[i]
        dw += X[i] * dz
        db += dz
    return dw / m, db / m


def gradient_vectorized(X, y, w, b):
    """``X @ w`` for all examples at once, then ``Xᵀ @ (a - y)``."""
    from lessons_lib.activations import _sigmoid
    diff = _sigmoid(X @ w + b) - y
    return X.T @ diff / X.shape[0], float(diff.mean())


def run(threads=1, quick=False):
    import numpy as np
    blas_threads = H.setup_threads(threads)
    rows = []
    for n in ((10,) if quick else SIZES_N):
        m = 100 if quick else M
        rng = np.random.default_rng(n)
        X, w, b = rng.standard_normal((m, n)), rng.standard_normal(n) * 0.3, 0.1
        y = (rng.random(m) < 0.5).astype(np.float64)
        X_list, y_list, w_list = X.tolist(), y.tolist(), w.tolist()
        ref = gradient_vectorized(X, y, w, b)
        results = {"two loops": gradient_two_loops(X_list, y_list, w_list, b),
                   "one loop": gradient_one_loop(X, y, w, b)}
        agree = all(np.allclose(r[0], ref[0], rtol=1e-10, atol=1e-13)
                    and math.isclose(r[1], ref[1], rel_tol=1e-10, abs_tol=1e-13)
                    for r in results.values())
        fns = {"two loops": lambda: gradient_two_loops(X_list, y_list, w_list, b),
               "one loop": lambda: gradient_one_loop(X, y, w, b),
               "vectorized": lambda: gradient_vectorized(X, y, w, b)}
        contenders = []
        for name, fn in fns.items():
            number = H.calls_for(fn, 0.002 if quick else 0.02)
            contenders.append(H.Contender(name, H.repeat(fn, number), number=number))
        timings = H.interleave(contenders, repeats=3 if quick else 9)
        rows.append({"m": m, "n": n, "threads": threads, "blas_threads": blas_threads,
                     "agree": bool(agree),
                     "timings": {k: t._asdict() for k, t in timings.items()},
                     "speedups": {k: H.ratio(timings, k, "vectorized")._asdict()
                                  for k in ("two loops", "one loop")}})
    return {"rows": rows}


def render(results):
    rows = [r for threads in sorted(results) for r in results[threads]["rows"]]
    header = ["m", "n", "threads", "two loops", "one loop", "vectorized",
              "speed-up over two loops", "speed-up over one loop", "same gradient"]
    body = []
    for r in sorted(rows, key=lambda r: (r["n"], r["threads"])):
        t, s = r["timings"], r["speedups"]
        body.append([r["m"], r["n"], r["threads"], H.fmt_timing(t["two loops"]),
                     H.fmt_timing(t["one loop"]), H.fmt_timing(t["vectorized"]),
                     f"{s['two loops']['median']:.0f}×", f"{s['one loop']['median']:.0f}×",
                     "✅" if r["agree"] else "❌"])
    note = ("- Logistic-regression gradient (dw, db) per call; speed-ups are medians of "
            "per-round ratios (loops / vectorized). The loops run over Python lists "
            "(two loops) or over the rows of the NumPy array (one loop).")
    return H.table(header, body) + "\n\n" + note


if __name__ == "__main__":
    results = H.child_main(run)
    if "--child" not in sys.argv:
        print(render(results))
