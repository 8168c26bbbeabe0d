"""Network training per epoch: lessons_lib against scikit-learn's MLPClassifier and PyTorch.

Every contender does the same work from the same weights on the same batches: one epoch
of plain mini-batch SGD (no momentum, no regularisation), then the mean cost over the
whole training set with the updated weights. That second part is what
``descent.train`` records in ``History.epoch_costs``; the peers compute it with their own
forward pass, and the three costs are compared (the networks must compute the same thing).

- lessons_lib: ``descent.train(net, X, y, lr, num_epochs=1, batch_size, rng=SEED)``; the
  rows are shuffled with ``default_rng(SEED).permutation(m)``, cut into batches.
- torch: ``nn.Sequential`` of ``Linear``/``ReLU``, ``BCEWithLogitsLoss``/``CrossEntropyLoss``,
  ``optim.SGD(lr)``; each batch gathered with the same permutation.
- scikit-learn: ``MLPClassifier(solver="sgd", momentum=0, alpha=0, shuffle=False,
  max_iter=1, warm_start=True)`` fed the rows already in the permutation's order (so it
  slices contiguous batches and skips the gather the others pay: in its favour).

Weights are reset in place before each run (untimed), so a run is a steady-state epoch.
Run ``python bench/bench_training.py [--quick]``; ``bench/run_all.py`` collects it.
"""

from __future__ import annotations

import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _harness as H  # noqa: E402

SEED = 7
LR = 0.05
DATASETS = {  # name: (m, layer sizes); quick sizes keep the smoke test fast
    "digits": (1797, [64, 32, 16, 1]),
    "MNIST-shaped": (60000, [784, 64, 32, 10]),
}
QUICK_M = {"digits": 300, "MNIST-shaped": 500}
BATCHES = (128, None)
DTYPES = ("float64", "float32")
GOALS = {"sklearn": 0.5, "torch_minibatch": 1.0, "torch_full_mnist": 1.35}
AGREE = {"float64": 1e-6, "float32": 1e-3}  # relative difference of the costs after one epoch


def make_data(name, quick):
    """``(X, y, sizes)``: real digits (is the digit ≥ 5?) or uniform random MNIST-shaped data."""
    import numpy as np
    m, sizes = DATASETS[name]
    if name == "digits":
        from lessons_lib.datasets import load_digits
        digits = load_digits()
        X, y = digits.X / 16.0, (digits.y >= 5).astype(np.int64)
    else:
        rng = np.random.default_rng(0)
        X, y = rng.random((m, sizes[0])), rng.integers(0, sizes[-1], m)
    if quick:
        X, y = X[:QUICK_M[name]], y[:QUICK_M[name]]
    return np.ascontiguousarray(X), y, sizes


def initial_weights(sizes):
    """He-initialised ``(W, b)`` from lessons_lib (float64), shared by every contender."""
    from lessons_lib.initializers import init_layers
    return init_layers(sizes, "he", rng=SEED)


def batches(m, batch_size):
    """The batches ``descent.train`` makes in its first epoch with ``rng=SEED``."""
    import numpy as np
    if batch_size is None:
        return [slice(None)]
    order = np.random.default_rng(SEED).permutation(m)
    return [order[i:i + batch_size] for i in range(0, m, batch_size)]


# --- contenders: make(...) returns (setup, run, last_cost) -----------------------------

def ours(X, y, sizes, W0, b0, batch_size, dtype):
    import numpy as np
    from lessons_lib.descent import train
    from lessons_lib.models import DenseNetwork
    output = "sigmoid" if sizes[-1] == 1 else "softmax"
    net = DenseNetwork(sizes, activation="relu", output=output, dtype=dtype)
    result = {}

    def setup():
        for p, p0 in zip(net.params, [a for pair in zip(W0, b0) for a in pair]):
            p[...] = p0

    def run():
        history = train(net, X, y, lr=LR, num_epochs=1, batch_size=batch_size, rng=SEED)
        result["cost"] = float(history.epoch_costs[0])

    return setup, run, lambda: result.get("cost", np.nan)


def torch_peer(X, y, sizes, W0, b0, batch_size, dtype):
    import numpy as np
    import torch
    tdtype = getattr(torch, dtype)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(torch.nn.Linear(n_in, n_out, dtype=tdtype))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    linears = [layer for layer in layers if isinstance(layer, torch.nn.Linear)]
    binary = sizes[-1] == 1
    Xt = torch.from_numpy(X)
    yt = torch.from_numpy(y.astype(dtype) if binary else y.astype(np.int64))
    loss_fn = torch.nn.BCEWithLogitsLoss() if binary else torch.nn.CrossEntropyLoss()
    out = (lambda o: o[:, 0]) if binary else (lambda o: o)
    result = {}

    def setup():
        with torch.no_grad():
            for layer, W, b in zip(linears, W0, b0):
                layer.weight.copy_(torch.from_numpy(W.T.astype(dtype)))
                layer.bias.copy_(torch.from_numpy(b.astype(dtype)))

    def run():
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        if batch_size is None:
            parts = [(Xt, yt)]
        else:
            order = torch.from_numpy(np.random.default_rng(SEED).permutation(len(yt)))
            parts = ((Xt[idx], yt[idx]) for idx in order.split(batch_size))
        for xb, yb in parts:
            opt.zero_grad()
            loss_fn(out(model(xb)), yb).backward()
            opt.step()
        with torch.no_grad():
            result["cost"] = float(loss_fn(out(model(Xt)), yt))

    return setup, run, lambda: result.get("cost", np.nan)


def sklearn_peer(X, y, sizes, W0, b0, batch_size, dtype):
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    order = np.concatenate([np.arange(len(y))[idx] for idx in batches(len(y), batch_size)])
    Xs, ys = np.ascontiguousarray(X[order]), y[order]
    clf = MLPClassifier(hidden_layer_sizes=tuple(sizes[1:-1]), activation="relu", solver="sgd",
                        alpha=0.0, batch_size=batch_size or len(y), learning_rate="constant",
                        learning_rate_init=LR, momentum=0.0, nesterovs_momentum=False,
                        max_iter=1, shuffle=False, tol=0.0, n_iter_no_change=10**9,
                        warm_start=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(Xs, ys)  # builds the layers; the weights are replaced before every run
    result = {}

    def setup():
        clf.coefs_ = [W.astype(dtype) for W in W0]
        clf.intercepts_ = [b.astype(dtype) for b in b0]
        clf.n_iter_, clf.t_, clf.loss_curve_ = 0, 0, []
        clf._no_improvement_count, clf.best_loss_ = 0, np.inf

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(Xs, ys)
        P = clf.predict_proba(Xs).astype(np.float64)
        result["cost"] = float(-np.mean(np.log(P[np.arange(len(ys)), ys])))

    return setup, run, lambda: result.get("cost", np.nan)


PEERS = {"sklearn": ("sklearn", sklearn_peer), "torch": ("torch", torch_peer)}


def run_config(name, batch_size, dtype, quick, repeats, threads=1):
    """Time one configuration; returns timings, ratios, the costs and their agreement."""
    import numpy as np
    X, y, sizes = make_data(name, quick)
    X = X.astype(dtype)
    W0, b0 = initial_weights(sizes)
    makers = {"lessons_lib": ours}
    skipped = [peer for peer, (module, _) in PEERS.items() if H.optional(module) is None]
    makers.update({peer: make for peer, (_, make) in PEERS.items() if peer not in skipped})
    built = {name_: make(X, y, sizes, W0, b0, batch_size, dtype) for name_, make in makers.items()}
    contenders = [H.Contender(n, run, setup) for n, (setup, run, _) in built.items()]
    small = name == "digits" or quick
    timings = H.interleave(contenders, repeats=repeats, warmup=1,
                           pause=H.PAUSE if threads > 1 else 0.0, inner=3 if small else 1)
    costs = {n: cost() for n, (_, _, cost) in built.items()}
    ref = costs["lessons_lib"]
    agree = {n: abs(c - ref) / abs(ref) for n, c in costs.items() if n != "lessons_lib"}
    return {
        "data": name, "m": int(X.shape[0]), "layers": "-".join(map(str, sizes)),
        "batch": batch_size or "full", "dtype": dtype, "skipped": skipped,
        "timings": {n: t._asdict() for n, t in timings.items()},
        "ratios": {n: H.ratio(timings, "lessons_lib", n)._asdict() for n in timings
                   if n != "lessons_lib"},
        "costs": costs, "rel_diff": agree,
        "agree": all(d <= AGREE[dtype] for d in agree.values()),
    }


def run(threads=1, quick=False):
    """Every configuration at this process's thread count (set before NumPy loaded)."""
    blas_threads = H.setup_threads(threads)
    rows = []
    for name in DATASETS:
        for batch_size in BATCHES:
            for dtype in DTYPES:
                big = name == "MNIST-shaped" and not quick
                repeats = 2 if quick else (5 if big else 11)
                row = run_config(name, batch_size, dtype, quick, repeats, threads)
                rows.append(row | {"threads": threads, "blas_threads": blas_threads})
    return {"rows": rows}


# --- report ----------------------------------------------------------------------------

def torch_goal(row):
    if row["batch"] != "full":
        return GOALS["torch_minibatch"]
    return GOALS["torch_full_mnist"] if row["data"] == "MNIST-shaped" else None


def render(results):
    """Markdown: the ratio table (one row per configuration and thread count) and notes."""
    rows = [r for threads in sorted(results) for r in results[threads]["rows"]]
    header = ["data (m, layers)", "batch", "dtype", "threads", "lessons_lib per epoch",
              "scikit-learn", "torch", "ours / sklearn (goal ≤ 0.5)", "ours / torch (goal)",
              "costs agree (rel. diff)"]
    body = []
    for r in sorted(rows, key=lambda r: (r["data"], str(r["batch"]), r["dtype"], r["threads"])):
        t, q = r["timings"], r["ratios"]
        goal = torch_goal(r)
        diffs = ", ".join(f"{n} {d:.1e}" for n, d in r["rel_diff"].items()) or "no peer"
        body.append([
            f"{r['data']} ({r['m']}, {r['layers']})", r["batch"], r["dtype"],
            f"{r['threads']} (BLAS {r.get('blas_threads') or '?'})",
            H.fmt_timing(t["lessons_lib"]), H.fmt_timing(t.get("sklearn")),
            H.fmt_timing(t.get("torch")), H.fmt_ratio(q.get("sklearn"), GOALS["sklearn"]),
            H.fmt_ratio(q.get("torch"), goal) + (f" (≤ {goal})" if goal and "torch" in q else ""),
            ("✅ " if r["agree"] else "❌ ") + diffs])
    skipped = sorted({p for r in rows for p in r["skipped"]})
    notes = [
        "One epoch of plain SGD (lr = {lr}) from identical He weights, then the full-data "
        "cost, per contender; ratios are medians over interleaved rounds of ours / peer "
        "(min–max in brackets), lower is faster for lessons_lib.".format(lr=LR),
        f"Costs agree when their relative difference is ≤ {AGREE['float64']:g} (float64) or "
        f"≤ {AGREE['float32']:g} (float32).",
    ]
    if skipped:
        notes.append(f"Skipped (not installed): {', '.join(skipped)}. Install the `bench` extra.")
    return H.table(header, body) + "\n\n" + "\n".join(f"- {n}" for n in notes)


if __name__ == "__main__":
    results = H.child_main(run)
    if "--child" not in sys.argv:
        print(render(results))
