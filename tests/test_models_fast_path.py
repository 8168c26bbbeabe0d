"""DenseNetwork's fast training path (lessons_lib._fast_network) computes exactly what the readable
reference (forward, backward, loss_and_grads, cost) computes: bit for bit in float64, to ~1e-6
relative in float32, for every output, every hidden activation, full batch and mini-batches,
over several steps of training (the buffers reused from step to step)."""

import numpy as np
import pytest

from lessons_lib._fast_network import Buffers
from lessons_lib.descent import train
from lessons_lib.gradcheck import relative_error
from lessons_lib.models import DenseNetwork

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "identity", ["relu", "tanh"], []]
F32_TOL = 1e-6  # relative_error (project definition) per array in float32


def make(hidden, output, dtype, seed=0):
    """A network with two hidden layers of ``hidden`` (a name or a list), or none for ``[]``."""
    names = [hidden] * 2 if isinstance(hidden, str) else hidden
    sizes = [5] + [7, 6][:len(names)] + [1 if output == "sigmoid" else 3]
    net = DenseNetwork(sizes, names or "relu", output, rng=seed, dtype=dtype)
    rng = np.random.default_rng(seed + 1)
    for b in net.b:  # biases start at zero: make them generic
        b[...] = 0.3 * rng.standard_normal(b.shape)
    return net


def data(output, m, dtype, seed=2):
    rng = np.random.default_rng(seed)
    X = (2.0 * rng.standard_normal((m, 5))).astype(dtype)
    y = rng.integers(0, 2 if output == "sigmoid" else 3, m)
    return X, (y.astype(dtype) if output == "sigmoid" else y)


def assert_same(got, want, dtype):
    """Equal bit for bit in float64; relative error ≤ F32_TOL and the same dtype in float32."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape and got.dtype == want.dtype == np.dtype(dtype)
    if dtype == "float64":
        np.testing.assert_array_equal(got, want)
    else:
        assert relative_error(got, want) <= F32_TOL


def epochs_of_batches(m, batch_size, epochs, seed):
    """The batches descent.train visits with ``rng=seed``, epoch by epoch (full batch: all rows)."""
    rng = np.random.default_rng(seed)
    if batch_size is None:
        return [[slice(None)]] * epochs
    orders = [rng.permutation(m) for _ in range(epochs)]
    return [[order[i:i + batch_size] for i in range(0, m, batch_size)] for order in orders]


def reference_step(net, X, y):
    """The readable reference: cost and grads from forward/backward and from loss_and_grads."""
    A_out, caches = net.forward(X)
    grads = [g for layer in net.backward(y, A_out, caches) for g in layer]
    cost, public = net.loss_and_grads(X, y)
    for g, p in zip(grads, public):
        np.testing.assert_array_equal(g, p)
    return cost, grads


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("batch_size", [None, 8])
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("hidden", HIDDEN, ids=str)
def test_fast_step_equals_the_reference_over_training(hidden, output, batch_size, dtype):
    net = make(hidden, output, dtype)
    X, y = data(output, 37, dtype)  # mini-batches of 8 and a last one of 5
    steps = [idx for epoch in epochs_of_batches(37, batch_size, 3, seed=4) for idx in epoch]
    for idx in steps:
        cost, grads = reference_step(net, X[idx], y[idx])
        cost_fast, grads_fast = net._loss_and_grads(X[idx], y[idx])
        assert_same(cost_fast, cost, "float64")  # costs are Python floats
        for g_fast, g in zip(grads_fast, grads):
            assert_same(g_fast, g, dtype)
        for p, g in zip(net.params, grads_fast):
            p -= 0.1 * g
    assert isinstance(net._buffers, Buffers)  # the steps ran on reused buffers


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("hidden", HIDDEN, ids=str)
def test_lean_cost_and_predictions_equal_the_reference(hidden, output, dtype):
    net = make(hidden, output, dtype)
    X, y = data(output, 23, dtype)
    A_out, caches = net.forward(X)
    assert_same(net._cost(X, y), net._cost_from_logits(y, caches[-1].Z), "float64")
    assert_same(net.cost(X, y), net.loss_and_grads(X, y)[0], "float64")
    assert_same(net.predict_proba(X), A_out[:, 0] if output == "sigmoid" else A_out, dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("batch_size", [None, 8])
@pytest.mark.parametrize("output, hidden", [("sigmoid", "relu"), ("softmax", "tanh"),
                                            ("softmax", ["relu", "tanh"])])
def test_train_runs_the_fast_path_and_follows_the_reference(output, hidden, batch_size, dtype):
    net, ref = make(hidden, output, dtype), make(hidden, output, dtype)
    X, y = data(output, 37, dtype)
    history = train(net, X, y, lr=0.3, num_epochs=3, batch_size=batch_size, rng=9)
    assert isinstance(net._buffers, Buffers)  # train took the fast path
    costs, epoch_costs = [], []
    for epoch in epochs_of_batches(37, batch_size, 3, seed=9):
        for idx in epoch:
            cost, grads = ref.loss_and_grads(X[idx], y[idx])
            costs.append(cost)
            for p, g in zip(ref.params, grads):
                p -= 0.3 * g
        epoch_costs.append(ref.loss_and_grads(X, y)[0])  # the readable cost
    assert_same(history.costs, costs, "float64")  # Python floats, equal in both dtypes
    assert_same(history.epoch_costs, epoch_costs, "float64")
    for p, q in zip(net.params, ref.params):
        assert_same(p, q, dtype)
