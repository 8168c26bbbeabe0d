"""The training benchmarks' harness at tiny sizes (so bench/ cannot rot; no timing is
asserted), and the library's fast training paths they rely on: the same numbers as the
textbook formulas bit for bit, float32 support, scratch arrays reused between steps."""

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest

from lessons_lib.activations import _sigmoid, _softmax
from lessons_lib.descent import train
from lessons_lib.losses import (_binary_cross_entropy_with_logits, _one_hot,
                                _softmax_cross_entropy_with_logits)
from lessons_lib.models import DenseNetwork

BENCH = Path(__file__).resolve().parents[1] / "bench"


# --- a second implementation: the textbook formulas, one allocation per operation ---------

def ref_forward(net, X):
    A, caches, last = X, [], len(net.W) - 1
    for l, (W, b) in enumerate(zip(net.W, net.b)):
        Z = A @ W + b
        if l < last:
            A_new = net.activations[l].fn(Z)
        else:
            A_new = _sigmoid(Z) if net.output == "sigmoid" else _softmax(Z, axis=1)
        caches.append((A, Z, A_new))
        A = A_new
    return A, caches


def ref_grads(net, y, A_out, caches):
    m = A_out.shape[0]
    Y = y[:, None] if net.output == "sigmoid" else _one_hot(y, A_out.shape[1])
    dZ = (A_out - Y) / m
    grads = []
    for l in range(len(net.W) - 1, -1, -1):
        grads = [caches[l][0].T @ dZ, dZ.sum(axis=0)] + grads
        if l > 0:
            dZ = (dZ @ net.W[l].T) * net.activations[l - 1].derivative(caches[l - 1][1])
    return grads


def ref_cost(net, y, Z):
    if net.output == "sigmoid":
        return float(_binary_cross_entropy_with_logits(y, Z[:, 0]).mean())
    return float(_softmax_cross_entropy_with_logits(y, Z).mean())


def ref_train(net, X, y, lr, num_epochs, batch_size, seed):
    rng, m = np.random.default_rng(seed), X.shape[0]
    costs, epoch_costs = [], []
    for _ in range(num_epochs):
        order = rng.permutation(m)
        for i in range(0, m, batch_size):
            idx = order[i:i + batch_size]
            A_out, caches = ref_forward(net, X[idx])
            costs.append(ref_cost(net, y[idx], caches[-1][1]))
            for p, g in zip(net.params, ref_grads(net, y[idx], A_out, caches)):
                p -= lr * g
        epoch_costs.append(ref_cost(net, y, ref_forward(net, X)[1][-1][1]))
    return np.array(costs), np.array(epoch_costs)


CASES = [([5, 7, 1], "relu", "sigmoid"), ([5, 8, 6, 1], ["relu", "tanh"], "sigmoid"),
         ([4, 9, 3], "relu", "softmax"), ([4, 6, 5, 3], "leaky_relu", "softmax"),
         ([3, 4, 1], "sigmoid", "sigmoid"), ([3, 1], "relu", "sigmoid"),
         ([4, 5, 3], "identity", "softmax")]


def data(sizes, output, m, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, sizes[0])) * 2.0
    y = rng.integers(0, 2 if output == "sigmoid" else sizes[-1], m)
    return X, (y.astype(float) if output == "sigmoid" else y)


@pytest.mark.parametrize("m", [1, 13, 64])
@pytest.mark.parametrize("sizes, activation, output", CASES)
def test_passes_give_the_textbook_numbers_bit_for_bit(sizes, activation, output, m):
    net = DenseNetwork(sizes, activation, output, rng=3)
    X, y = data(sizes, output, m, seed=m)
    A_ref, caches_ref = ref_forward(net, X)
    grads_ref = ref_grads(net, y, A_ref, caches_ref)
    cost_ref = ref_cost(net, y, caches_ref[-1][1])
    A_out, caches = net.forward(X)
    assert all(np.array_equal(a, b) for c, r in zip(caches, caches_ref) for a, b in zip(c, r))
    backward = [g for pair in net.backward(y, A_out, caches) for g in pair]
    cost, public = net.loss_and_grads(X, y)
    for _ in range(2):  # the second call reuses the scratch arrays of the first
        cost_fast, fast = net._loss_and_grads(X, y)
        assert cost_fast == cost == cost_ref
        for got in (backward, public, fast):
            assert all(np.array_equal(g, r) for g, r in zip(got, grads_ref))
    assert net.cost(X, y) == cost_ref
    np.testing.assert_array_equal(net.predict_proba(X), A_ref[:, 0] if output == "sigmoid"
                                  else A_ref)


@pytest.mark.parametrize("sizes, activation, output", CASES[:4])
def test_train_follows_the_textbook_loop_bit_for_bit(sizes, activation, output):
    X, y = data(sizes, output, 37, seed=1)
    net, ref = (DenseNetwork(sizes, activation, output, rng=5) for _ in range(2))
    history = train(net, X, y, lr=0.3, num_epochs=3, batch_size=8, rng=11)
    costs, epoch_costs = ref_train(ref, X, y, 0.3, 3, 8, seed=11)
    np.testing.assert_array_equal(history.costs, costs)
    np.testing.assert_array_equal(history.epoch_costs, epoch_costs)
    assert all(np.array_equal(p, q) for p, q in zip(net.params, ref.params))


def test_sigmoid_keeps_its_formula():
    z = np.random.default_rng(0).standard_normal(1000) * 30
    e = np.exp(-np.abs(z))
    np.testing.assert_array_equal(_sigmoid(z), np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)))


def test_public_results_are_not_overwritten_by_later_steps():
    net = DenseNetwork([4, 6, 3], output="softmax", rng=0)
    X, y = data([4, 6, 3], "softmax", 10, seed=2)
    cost, grads = net.loss_and_grads(X, y)
    keep = [g.copy() for g in grads]
    first = net._loss_and_grads(X, y)[1]
    second = net._loss_and_grads(X * 2, y)[1]
    assert all(np.shares_memory(a, b) for a, b in zip(first, second))  # scratch reused
    assert all(np.array_equal(g, k) for g, k in zip(grads, keep))  # public copies untouched
    assert not any(np.shares_memory(g, s) for g in grads for s in second)


@pytest.mark.parametrize("output, sizes", [("sigmoid", [6, 8, 1]), ("softmax", [6, 8, 4])])
def test_float32_networks_compute_in_float32(output, sizes):
    X, y = data(sizes, output, 50, seed=4)
    net64 = DenseNetwork(sizes, output=output, rng=1)
    net32 = DenseNetwork(sizes, output=output, rng=1, dtype="float32")
    assert all(p.dtype == np.float32 for p in net32.params) and "float32" in repr(net32)
    X32 = X.astype(np.float32)
    assert net32.validate_data(X32, y)[0] is X32  # no float64 round trip
    A_out, caches = net32.forward(X)
    assert A_out.dtype == np.float32 and all(c.Z.dtype == np.float32 for c in caches)
    grads = [g for pair in net32.backward(y, A_out, caches) for g in pair]
    cost32, fast = net32._loss_and_grads(*net32.validate_data(X32, y))
    assert all(g.dtype == np.float32 for g in grads + fast + net32.loss_and_grads(X, y)[1])
    cost64, grads64 = net64.loss_and_grads(X, y)
    assert cost32 == pytest.approx(cost64, rel=1e-5)
    for g32, g64 in zip(fast, grads64):
        np.testing.assert_allclose(g32, g64, rtol=1e-3, atol=1e-5)
    h32 = train(net32, X32, y, lr=0.1, num_epochs=3, batch_size=16, rng=0)
    h64 = train(net64, X, y, lr=0.1, num_epochs=3, batch_size=16, rng=0)
    np.testing.assert_allclose(h32.epoch_costs, h64.epoch_costs, rtol=1e-4)
    assert all(p.dtype == np.float32 for p in net32.params)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_fast_validation_still_rejects_non_finite_X(dtype, bad):
    net = DenseNetwork([3, 4, 1], rng=0, dtype=dtype)
    X = np.ones((5, 3), dtype=dtype)
    X[2, 1] = bad
    with pytest.raises(ValueError, match="`X` contains"):
        net.validate_data(X, [0, 1, 0, 1, 1])


def test_fast_validation_accepts_finite_X_whose_sum_overflows():
    net = DenseNetwork([3, 4, 1], rng=0)
    X = np.full((4, 3), 1e308)
    assert net.validate_data(X, [0, 1, 0, 1])[0] is X


@pytest.mark.parametrize("dtype, error", [("float16", ValueError), ("int64", ValueError),
                                          (np.int32, ValueError), (3, TypeError),
                                          (None, TypeError)])
def test_dtype_must_be_float64_or_float32(dtype, error):
    with pytest.raises(error, match=r"`dtype` must be 'float64' or 'float32'"):
        DenseNetwork([2, 3, 1], dtype=dtype)


@pytest.mark.parametrize("dtype", ["float32", np.float32, np.dtype("float64"), float])
def test_dtype_spellings(dtype):
    assert DenseNetwork([2, 3, 1], dtype=dtype).W[0].dtype == np.dtype(dtype)


# --- the benchmarks at tiny sizes ---------------------------------------------------------

@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCH))
    try:
        yield {name: importlib.import_module(name) for name in
               ("_harness", "bench_training", "bench_logreg", "bench_vectorize", "bench_course",
                "run_all")}
    finally:
        sys.path.remove(str(BENCH))


def test_harness_interleaves_and_summarizes(bench):
    H = bench["_harness"]
    order = []
    contenders = [H.Contender(n, lambda n=n: order.append(n), number=2) for n in "ABC"]
    timings = H.interleave(contenders, repeats=3, warmup=1)
    assert order == list("ABCBCACABABC")  # rotated every round
    assert all(len(t.times) == 3 and t.lo <= t.median <= t.hi for t in timings.values())
    ratio = H.ratio(timings, "A", "B")
    assert ratio.lo <= ratio.median <= ratio.hi
    assert H.fmt_seconds(0.0123) == "12.3 ms" and H.fmt_seconds(2.5e-6) == "2.5 µs"
    assert H.fmt_ratio({"times": [1], "median": 0.4, "lo": 0.3, "hi": 0.5}, 0.5).endswith("✅")


def test_benchmarks_run_at_tiny_sizes_and_report(bench, tmp_path):
    training, run_all = bench["bench_training"], bench["run_all"]
    rows = [training.run_config("digits", 128, "float64", quick=True, repeats=1),
            training.run_config("MNIST-shaped", None, "float32", quick=True, repeats=1)]
    for row in rows:
        assert row["agree"], row["rel_diff"]  # the peers compute what we compute
        assert set(row["timings"]) == {"lessons_lib", "sklearn", "torch", "BLAS floor"} - set(
            row["skipped"])
        row.update(threads=1, blas_threads=1)
    sections = {"training": {"1": {"rows": rows}}}
    for name in ("logreg", "vectorize"):
        module = bench[f"bench_{name}"]
        sections[name] = {"1": module.run(threads=1, quick=True)}
    assert all(r["agree"] for r in sections["vectorize"]["1"]["rows"])
    course = bench["bench_course"]
    sections["course"] = {"1": {"notebooks": {}, "errors": {}, "threads": 1,
                                "imports": course.time_imports(1)}}
    assert sections["course"]["1"]["imports"]["heavy_modules"] == []
    rendered = {name: (results, bench[f"bench_{name}"].render(results))
                for name, results in sections.items()}
    import datetime
    text = run_all.build_report(datetime.datetime.now(), 1.0, True, rendered,
                                explorers=(None, "Skipped."))
    for title, _, _ in run_all.SECTIONS.values():
        assert f"## {title}" in text
    assert "## Goals" in text and "| training ≤ 1.0 × torch, mini-batch 128 |" in text
    assert "NumPy's BLAS (threadpoolctl)" in text and "| digits (" in text
