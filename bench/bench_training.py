"""Network training per epoch: lessons_lib against scikit-learn's MLPClassifier and PyTorch.

Every contender does the same work from the same weights: epochs of plain mini-batch SGD
(no momentum, no regularisation, rows reshuffled every epoch), each followed by the mean
cost over the whole training set, which ``descent.train`` records in
``History.epoch_costs`` (the peers compute it with their own forward pass). A timed run
trains ``EPOCHS`` epochs from the initial weights (several for the small data set, so a
library's fixed per-call overhead is spread as it is in real training); times are per epoch.

- lessons_lib: ``descent.train(net, X, y, lr, num_epochs, batch_size, rng=SEED)``.
- torch: ``nn.Sequential`` of ``Linear``/``ReLU``, ``BCEWithLogitsLoss``/``CrossEntropyLoss``,
  ``optim.SGD(lr)``, batches gathered with the same permutations as ours, and a
  ``no_grad`` full-data cost after every epoch.
- scikit-learn: ``MLPClassifier(solver="sgd", momentum=0, alpha=0, shuffle=True,
  max_iter=EPOCHS, warm_start=True)`` (full batch: no shuffle), then one full-data
  ``predict_proba`` and cost per epoch.
- BLAS floor: the same matrix products alone (forward, ``dW``, ``dA`` per batch, the
  full-data forward), into preallocated arrays, on contiguous batches: what any NumPy
  implementation pays, sklearn's and ours alike.

The networks must compute the same thing: after the timing, one epoch from the initial
weights on the same batches (sklearn gets the rows in our permutation's order and
``shuffle=False``) gives costs that are compared.
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
EPOCHS = {"digits": 10, "MNIST-shaped": 1}
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


def epoch_orders(m, batch_size, epochs):
    """The row orders ``descent.train`` uses, epoch by epoch, with ``rng=SEED`` (None: no shuffle)."""
    import numpy as np
    rng = np.random.default_rng(SEED)
    return [None if batch_size is None else rng.permutation(m) for _ in range(epochs)]


# --- contenders: make(...) returns (setup, run, cost after the first epoch) ---------------

def ours(X, y, sizes, W0, b0, batch_size, dtype, epochs):
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
        history = train(net, X, y, lr=LR, num_epochs=epochs, batch_size=batch_size, rng=SEED)
        result["cost"] = float(history.epoch_costs[0])

    return setup, run, lambda: result.get("cost", np.nan)


def torch_peer(X, y, sizes, W0, b0, batch_size, dtype, epochs):
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
        rng = np.random.default_rng(SEED)
        costs = []
        for _ in range(epochs):
            if batch_size is None:
                parts = [(Xt, yt)]
            else:
                order = torch.from_numpy(rng.permutation(len(yt)))
                parts = ((Xt[idx], yt[idx]) for idx in order.split(batch_size))
            for xb, yb in parts:
                opt.zero_grad()
                loss_fn(out(model(xb)), yb).backward()
                opt.step()
            with torch.no_grad():
                costs.append(float(loss_fn(out(model(Xt)), yt)))
        result["cost"] = costs[0]

    return setup, run, lambda: result.get("cost", np.nan)


def sklearn_peer(X, y, sizes, W0, b0, batch_size, dtype, epochs):
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    def classifier(max_iter, shuffle):
        return MLPClassifier(
            hidden_layer_sizes=tuple(sizes[1:-1]), activation="relu", solver="sgd", alpha=0.0,
            batch_size=batch_size or len(y), learning_rate="constant", learning_rate_init=LR,
            momentum=0.0, nesterovs_momentum=False, max_iter=max_iter, shuffle=shuffle,
            tol=0.0, n_iter_no_change=10**9, warm_start=True, random_state=0)

    def fit(clf, X_, y_):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X_, y_)

    def reset(clf):
        clf.coefs_ = [W.astype(dtype) for W in W0]
        clf.intercepts_ = [b.astype(dtype) for b in b0]
        clf.n_iter_, clf.t_, clf.loss_curve_ = 0, 0, []
        clf._no_improvement_count, clf.best_loss_ = 0, np.inf

    def cost(clf, X_, y_):
        P = clf.predict_proba(X_).astype(np.float64)
        return float(-np.mean(np.log(P[np.arange(len(y_)), y_])))

    timed = classifier(epochs, shuffle=batch_size is not None)
    fit(timed, X, y)  # builds the layers; the weights are replaced before every run

    def run():
        fit(timed, X, y)
        for _ in range(epochs):  # the full-data cost every epoch, as train records it
            cost(timed, X, y)

    def check():
        """One epoch on our first epoch's batches (rows in that order, no shuffle)."""
        order = epoch_orders(len(y), batch_size, 1)[0]
        Xs, ys = (X, y) if order is None else (np.ascontiguousarray(X[order]), y[order])
        clf = classifier(1, shuffle=False)
        fit(clf, Xs, ys)
        reset(clf)
        fit(clf, Xs, ys)
        return cost(clf, Xs, ys)

    return lambda: reset(timed), run, check


def blas_floor(X, y, sizes, W0, b0, batch_size, dtype, epochs):
    """The matrix products of training alone, on contiguous batches, into preallocated arrays."""
    import numpy as np
    W = [w.astype(dtype) for w in W0]
    m, B = X.shape[0], batch_size or X.shape[0]
    bounds = [(i, min(i + B, m)) for i in range(0, m, B)]
    rows = sorted({hi - lo for lo, hi in bounds})
    Z = {(r, l): np.empty((r, w.shape[1]), dtype) for r in rows for l, w in enumerate(W)}
    dA = {(r, l): np.empty((r, w.shape[0]), dtype) for r in rows for l, w in enumerate(W)}
    dW = [np.empty_like(w) for w in W]
    dZ = {r: np.full((r, sizes[-1]), 0.01, dtype) for r in rows}
    Z_full = [np.empty((m, w.shape[1]), dtype) for w in W]

    def run():
        for _ in range(epochs):
            for lo, hi in bounds:
                r, A = hi - lo, X[lo:hi]
                acts = [A]
                for l, w in enumerate(W):
                    acts.append(np.matmul(acts[-1], w, out=Z[r, l]))
                g = dZ[r]
                for l in range(len(W) - 1, -1, -1):
                    np.matmul(acts[l].T, g, out=dW[l])
                    if l > 0:
                        g = np.matmul(g, W[l].T, out=dA[r, l])
            A = X
            for l, w in enumerate(W):
                A = np.matmul(A, w, out=Z_full[l])

    return None, run, lambda: np.nan


PEERS = {"sklearn": ("sklearn", sklearn_peer), "torch": ("torch", torch_peer)}


def run_config(name, batch_size, dtype, quick, repeats, threads=1):
    """Time one configuration; returns timings, ratios, the costs and their agreement."""
    import numpy as np
    X, y, sizes = make_data(name, quick)
    X = X.astype(dtype)
    W0, b0 = initial_weights(sizes)
    epochs = 2 if quick and name == "digits" else EPOCHS[name]
    makers = {"lessons_lib": ours}
    skipped = [peer for peer, (module, _) in PEERS.items() if H.optional(module) is None]
    makers.update({peer: make for peer, (_, make) in PEERS.items() if peer not in skipped})
    makers["BLAS floor"] = blas_floor
    built = {n: make(X, y, sizes, W0, b0, batch_size, dtype, epochs)
             for n, make in makers.items()}
    contenders = [H.Contender(n, run, setup, number=epochs)
                  for n, (setup, run, _) in built.items()]
    small = name == "digits" or quick
    timings = H.interleave(contenders, repeats=repeats, warmup=1,
                           pause=H.PAUSE if threads > 1 else 0.0, inner=3 if small else 1)
    costs = {n: cost() for n, (_, _, cost) in built.items() if n != "BLAS floor"}
    ref = costs["lessons_lib"]
    agree = {n: abs(c - ref) / abs(ref) for n, c in costs.items() if n != "lessons_lib"}
    return {
        "data": name, "m": int(X.shape[0]), "layers": "-".join(map(str, sizes)),
        "batch": batch_size or "full", "dtype": dtype, "epochs": epochs, "skipped": skipped,
        "timings": {n: t._asdict() for n, t in timings.items()},
        "ratios": {n: H.ratio(timings, "lessons_lib", n)._asdict() for n in timings
                   if n != "lessons_lib"},
        "peer_over_floor": {n: H.ratio(timings, n, "BLAS floor")._asdict() for n in timings
                            if n != "BLAS floor"},
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
                repeats = 2 if quick else (5 if big else 9)
                row = run_config(name, batch_size, dtype, quick, repeats, threads)
                rows.append(row | {"threads": threads, "blas_threads": blas_threads})
    return {"rows": rows}


# --- report ----------------------------------------------------------------------------

def torch_goal(row):
    if row["batch"] != "full":
        return GOALS["torch_minibatch"]
    return GOALS["torch_full_mnist"] if row["data"] == "MNIST-shaped" else None


def _config(r):
    return [f"{r['data']} ({r['m']}, {r['layers']})", r["batch"], r["dtype"],
            f"{r['threads']} (BLAS {r.get('blas_threads') or '?'})"]


def render(results):
    """Markdown: a table of ratios and one of times (a row per configuration and threads)."""
    rows = sorted((r for threads in sorted(results) for r in results[threads]["rows"]),
                  key=lambda r: (r["data"], str(r["batch"]), r["dtype"], r["threads"]))
    config = ["data (m, layers)", "batch", "dtype", "threads"]
    ratios, times = [], []
    for r in rows:
        t, q, f = r["timings"], r["ratios"], r["peer_over_floor"]
        goal = torch_goal(r)
        diffs = ", ".join(f"{n} {d:.0e}" for n, d in r["rel_diff"].items()) or "no peer"
        ratios.append(_config(r) + [
            H.fmt_ratio(q.get("sklearn"), GOALS["sklearn"]),
            H.fmt_ratio(q.get("torch"), goal) + (f" (≤ {goal})" if goal and "torch" in q else ""),
            H.fmt_ratio(f["lessons_lib"]), H.fmt_ratio(f.get("sklearn")),
            ("✅ " if r["agree"] else "❌ ") + diffs])
        times.append(_config(r) + [H.fmt_timing(t.get(n)) for n in
                                   ("lessons_lib", "sklearn", "torch", "BLAS floor")])
    skipped = sorted({p for r in rows for p in r["skipped"]})
    epochs = ", ".join(f"{name} {e}" for name, e in EPOCHS.items())
    notes = [
        f"Per epoch: plain SGD (lr = {LR}) over shuffled batches, then the full-data cost; a "
        f"timed run trains from identical He weights for {epochs} epoch(s). Ratios are "
        "medians over interleaved rounds of the per-round ratio (min–max in brackets); "
        "below 1, lessons_lib is faster.",
        "BLAS floor: the same matrix products alone (see bench/bench_training.py); "
        "`/ floor` says how much a library spends beyond them.",
        f"Costs after one epoch on the same batches agree when their relative difference is "
        f"≤ {AGREE['float64']:g} (float64) or ≤ {AGREE['float32']:g} (float32).",
    ]
    if skipped:
        notes.append(f"Skipped (not installed): {', '.join(skipped)}. Install the `bench` extra.")
    return "\n\n".join([
        H.table(config + ["ours / sklearn (goal ≤ 0.5)", "ours / torch (goal)", "ours / floor",
                          "sklearn / floor", "cost after one epoch agrees (rel. diff)"], ratios),
        "Times per epoch, median (min–max):",
        H.table(config + ["lessons_lib", "scikit-learn", "torch", "BLAS floor"], times),
        "\n".join(f"- {n}" for n in notes)])


if __name__ == "__main__":
    results = H.child_main(run)
    if "--child" not in sys.argv:
        print(render(results))
