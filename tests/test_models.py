"""Tests for lessons_lib.models: forward values, every gradient, stability, validation."""

import numpy as np
import pytest

from lessons_lib.gradcheck import check_model_gradients
from lessons_lib.models import (DenseNetwork, Forward, LayerCache, LayerGrads, LogisticCache,
                                LogisticGrads, LogisticRegression)

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]
TOL = 1e-7  # the project's bar for a gradient against central differences (float64)
EPS = 1e-5
# Finite-difference step of the gradient checks. In float64 a central difference has truncation
# error ~ EPS**2 |J'''| / 6 ≈ 1e-11 and rounding error ~ 1e-16 |J| / EPS ≈ 1e-11 here; 1e-5 is near
# the optimum (cube root of machine epsilon ≈ 6e-6). With gradcheck's default 1e-6 the rounding
# term is 10x larger and small-gradient deep sigmoid nets reach relative errors of ~2e-7.


def naive_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def naive_bce(y, p):
    """Cross-entropy from probabilities, the textbook form (fine for moderate logits)."""
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_data(rng, m, n):
    X = rng.normal(size=(m, n))
    y = (rng.random(m) < 0.5).astype(float)
    return X, y


def randomise_biases(net, rng):
    """Biases start at zero; make them non-zero so db is checked at a generic point."""
    for b in net.b:
        b[...] = 0.3 * rng.normal(size=b.shape)


# --- LogisticRegression ----------------------------------------------------------------

def make_logistic(rng, n):
    model = LogisticRegression(n)
    model.w = rng.normal(size=n)
    model.b = rng.normal()
    return model


@pytest.mark.parametrize("m, n", [(1, 1), (5, 3), (40, 7)])
def test_logistic_forward_matches_formula(m, n):
    rng = np.random.default_rng(m * 100 + n)
    model, (X, y) = make_logistic(rng, n), binary_data(rng, m, n)
    cache = model.forward(X)
    assert isinstance(cache, LogisticCache)
    z = np.array([sum(X[i, j] * model.w[j] for j in range(n)) + model.b for i in range(m)])
    np.testing.assert_allclose(cache.z, z, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(cache.a, naive_sigmoid(z), rtol=1e-12)
    np.testing.assert_allclose(model.predict_proba(X), naive_sigmoid(z), rtol=1e-12)
    assert model.cost(X, y) == pytest.approx(naive_bce(y, naive_sigmoid(z)), rel=1e-12)


@pytest.mark.parametrize("m, n", [(1, 1), (5, 3), (40, 7), (13, 2)])
def test_logistic_gradients_match_finite_differences(m, n):
    rng = np.random.default_rng(7 * m + n)
    model, (X, y) = make_logistic(rng, n), binary_data(rng, m, n)
    check = check_model_gradients(model, X, y, eps=EPS)
    assert check.max_relative_error < TOL
    # and the closed forms of the brief
    grads = model.backward(X, y, model.forward(X))
    assert isinstance(grads, LogisticGrads) and isinstance(grads.db, float)
    a = naive_sigmoid(X @ model.w + model.b)
    np.testing.assert_allclose(grads.dw, X.T @ (a - y) / m, rtol=1e-12, atol=1e-15)
    assert grads.db == pytest.approx(np.mean(a - y), rel=1e-12, abs=1e-15)


def test_logistic_loss_and_grads_follow_params():
    rng = np.random.default_rng(0)
    model, (X, y) = make_logistic(rng, 3), binary_data(rng, 10, 3)
    cost, grads = model.loss_and_grads(X, y)
    assert cost == pytest.approx(model.cost(X, y), rel=1e-14)
    assert [g.shape for g in grads] == [p.shape for p in model.params] == [(3,), ()]
    g = model.backward(X, y, model.forward(X))
    np.testing.assert_array_equal(grads[0], g.dw)
    assert float(grads[1]) == g.db


def test_logistic_params_are_live():
    model = LogisticRegression(2)
    w_arr, b_arr = model.params
    w_arr -= 1.0
    b_arr -= 0.5
    np.testing.assert_array_equal(model.w, [-1.0, -1.0])
    assert model.b == -0.5 and isinstance(model.b, float)
    model.w = [3.0, 4.0]
    model.b = 2
    assert model.params[0] is w_arr and model.params[1] is b_arr
    np.testing.assert_array_equal(w_arr, [3.0, 4.0])
    assert float(b_arr) == 2.0 and model.n_params == 3


def test_logistic_starts_at_zero_and_random_init_is_seeded():
    assert not LogisticRegression(4).w.any()
    a = LogisticRegression(4, rng=3, init="random_normal").w
    np.testing.assert_array_equal(a, LogisticRegression(4, rng=3, init="random_normal").w)
    assert a.any()


def test_logistic_cost_is_stable_for_huge_logits():
    model = LogisticRegression(1)
    model.w = [1.0]
    X = np.array([[1000.0], [-1000.0], [800.0]])
    y = np.array([0.0, 1.0, 1.0])
    # logaddexp(0, 1000) = 1000 exactly in float64; the naive form gives log(0) = -inf
    assert model.cost(X, y) == pytest.approx((1000.0 + 1000.0 + 0.0) / 3, rel=1e-12)
    cost, grads = model.loss_and_grads(X, y)
    assert np.isfinite(cost) and all(np.all(np.isfinite(g)) for g in grads)


def test_logistic_predict_threshold():
    model = LogisticRegression(1)
    model.w = [1.0]
    X = [[-2.0], [0.0], [0.5], [3.0]]
    np.testing.assert_array_equal(model.predict(X), [0, 1, 1, 1])
    np.testing.assert_array_equal(model.predict(X, threshold=0.7), [0, 0, 0, 1])
    assert model.predict(X).dtype.kind == "i"


@pytest.mark.parametrize(
    "X, y, error, match",
    [
        ([[1.0, 2.0, 3.0]], [1], ValueError, "2 columns"),
        ([1.0, 2.0], [1], ValueError, "reshape"),
        ([[1.0, 2.0]], [2], ValueError, "labels"),
        ([[1.0, 2.0]], [0, 1], ValueError, "1 rows"),
        ([[np.nan, 2.0]], [1], ValueError, "NaN"),
        ([["a", "b"]], [1], TypeError, "numbers"),
        (np.empty((0, 2)), [], ValueError, "empty"),
    ],
)
def test_logistic_bad_data(X, y, error, match):
    model = LogisticRegression(2)
    for method in (model.cost, model.loss_and_grads):
        with pytest.raises(error, match=match):
            method(X, y)


def test_logistic_bad_constructor_and_setters():
    with pytest.raises(ValueError, match="n_features"):
        LogisticRegression(0)
    with pytest.raises(TypeError, match="n_features"):
        LogisticRegression(2.0)
    model = LogisticRegression(2)
    with pytest.raises(ValueError, match="shape"):
        model.w = [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match="cache"):
        model.backward([[1.0, 2.0]], [1], cache=None)


# --- DenseNetwork: values ---------------------------------------------------------------

def reference_forward(net, X):
    """A second, deliberately plain forward pass written from the formulas."""
    hidden = {"sigmoid": naive_sigmoid, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0),
              "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z), "identity": lambda z: z}
    A = X
    for l, (W, b) in enumerate(zip(net.W, net.b)):
        Z = A @ W + b
        if l < len(net.W) - 1:
            A = hidden[net.activations[l].name](Z)
        elif net.output == "sigmoid":
            A = naive_sigmoid(Z)
        else:
            A = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    return A


@pytest.mark.parametrize("activation", HIDDEN)
@pytest.mark.parametrize("output, sizes", [("sigmoid", [3, 4, 1]), ("softmax", [3, 5, 2, 4])])
def test_dense_forward_matches_reference(activation, output, sizes):
    rng = np.random.default_rng(1)
    net = DenseNetwork(sizes, activation, output, init="xavier", rng=2)
    randomise_biases(net, rng)
    X = rng.normal(size=(6, sizes[0]))
    result = net.forward(X)
    assert isinstance(result, Forward) and all(isinstance(c, LayerCache) for c in result.caches)
    np.testing.assert_allclose(result.A_out, reference_forward(net, X), rtol=1e-12, atol=1e-15)
    assert result.caches[0].A_prev is not None and result.caches[-1].A is result.A_out
    assert [c.Z.shape for c in result.caches] == [(6, n) for n in sizes[1:]]


def test_dense_without_hidden_layer_is_logistic_regression():
    rng = np.random.default_rng(3)
    X, y = binary_data(rng, 20, 4)
    lr_model = make_logistic(rng, 4)
    net = DenseNetwork([4, 1], output="sigmoid")
    net.W[0][:, 0] = lr_model.w
    net.b[0][0] = lr_model.b
    assert net.cost(X, y) == pytest.approx(lr_model.cost(X, y), rel=1e-13)
    _, (dW, db) = net.loss_and_grads(X, y)
    _, (dw, db_l) = lr_model.loss_and_grads(X, y)
    np.testing.assert_allclose(dW[:, 0], dw, rtol=1e-12)
    np.testing.assert_allclose(db[0], db_l, rtol=1e-12)


def test_two_class_softmax_equals_sigmoid_of_the_logit_difference():
    """softmax(0, z) = (1 - σ(z), σ(z)): a 2-unit softmax with a zero first column is logistic."""
    rng = np.random.default_rng(4)
    X, y = binary_data(rng, 15, 3)
    sig = DenseNetwork([3, 1], output="sigmoid", rng=5)
    soft = DenseNetwork([3, 2], output="softmax")
    soft.W[0][:, 0] = 0.0
    soft.W[0][:, 1] = sig.W[0][:, 0]
    assert soft.cost(X, y.astype(int)) == pytest.approx(sig.cost(X, y), rel=1e-13)
    np.testing.assert_allclose(soft.predict_proba(X)[:, 1], sig.predict_proba(X), rtol=1e-13)


# --- DenseNetwork: every gradient ------------------------------------------------------

def min_hidden_abs_Z(net, X):
    caches = net.forward(X).caches[:-1]
    return min((np.abs(c.Z).min() for c in caches), default=np.inf)


def check_preconditions(net, X, y, activation):
    """The gradient check is meaningful only if (1) no relu/leaky_relu unit sits within
    reach of its kink at 0 (a step of EPS moves Z by ~1e-4 at most here) and (2) no parameter
    array has a near-zero gradient (relative error of a ~0 vector measures only rounding).
    Asserted, so an unlucky seed fails loudly instead of testing nothing."""
    if activation in ("relu", "leaky_relu"):
        assert min_hidden_abs_Z(net, X) > 1e-3
    assert min(np.linalg.norm(g) for g in net.loss_and_grads(X, y)[1]) > 1e-3


def random_architecture(seed, output):
    """0-3 hidden layers of width 2-5, 1-4 inputs, 3-10 examples, drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(0, 4))
    n_out = 1 if output == "sigmoid" else int(rng.integers(2, 5))
    sizes = [int(rng.integers(1, 5))] + [int(rng.integers(2, 6)) for _ in range(depth)] + [n_out]
    return sizes, int(rng.integers(3, 11))


# Seeds whose architectures cover depths 0-3 and satisfy check_preconditions for every case:
# 23: [3,1] / [2,4]; 1: [3,5,1] / [4,5,3]; 5: [4,2,5,1] / [1,5,3,4];
# 10: [4,3,2,5,1] / [2,2,5,5,4]; 26: [2,4,2,3,1] / [3,2,3,2,3].
ARCH_SEEDS = [23, 1, 5, 10, 26]


@pytest.mark.parametrize("seed", ARCH_SEEDS)
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("activation", HIDDEN)
def test_dense_gradients_match_finite_differences(activation, output, seed):
    """Every dW and db against central differences: relative error < 1e-7 (float64)."""
    sizes, m = random_architecture(seed, output)
    rng = np.random.default_rng(100 + seed)
    net = DenseNetwork(sizes, activation, output, init="xavier", rng=rng)
    randomise_biases(net, rng)
    X = rng.normal(size=(m, sizes[0]))
    y = rng.integers(0, 2 if output == "sigmoid" else sizes[-1], size=m)
    check_preconditions(net, X, y, activation)
    check = check_model_gradients(net, X, y, eps=EPS)
    assert len(check.relative_errors) == 2 * (len(sizes) - 1)
    assert check.max_relative_error < TOL


def test_dense_gradients_with_mixed_activations_and_kink_check():
    rng = np.random.default_rng(11)
    net = DenseNetwork([4, 6, 5, 5, 3], ["relu", "tanh", "leaky_relu"], "softmax", rng=rng)
    randomise_biases(net, rng)
    X, y = rng.normal(size=(9, 4)), rng.integers(0, 3, size=9)
    check_preconditions(net, X, y, "relu")
    assert check_model_gradients(net, X, y, eps=EPS).max_relative_error < TOL


def test_dense_backward_returns_layer_grads_matching_loss_and_grads():
    rng = np.random.default_rng(12)
    net = DenseNetwork([3, 4, 2], "tanh", "softmax", rng=rng)
    X, y = rng.normal(size=(5, 3)), np.array([0, 1, 1, 0, 1])
    A_out, caches = net.forward(X)
    grads = net.backward(y, A_out, caches)
    assert all(isinstance(g, LayerGrads) for g in grads)
    assert [(g.dW.shape, g.db.shape) for g in grads] == [(W.shape, b.shape)
                                                         for W, b in zip(net.W, net.b)]
    flat = net.loss_and_grads(X, y)[1]
    for got, want in zip(flat, [a for g in grads for a in g]):
        np.testing.assert_array_equal(got, want)
    # output layer: the combined gradient dZ = (A - Y) / m
    Y = np.eye(2)[y]
    np.testing.assert_allclose(grads[-1].db, ((A_out - Y) / 5).sum(axis=0), rtol=1e-13)


# --- DenseNetwork: the rest --------------------------------------------------------------

def test_dense_shapes_params_and_n_params():
    net = DenseNetwork([3, 5, 4, 2], output="softmax", rng=0)
    assert [W.shape for W in net.W] == [(3, 5), (5, 4), (4, 2)]
    assert [b.shape for b in net.b] == [(5,), (4,), (2,)]
    assert net.n_params == 3 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2
    expected = [net.W[0], net.b[0], net.W[1], net.b[1], net.W[2], net.b[2]]
    assert all(p is q for p, q in zip(net.params, expected))
    before = net.W[0].copy()
    net.params[0] -= 1.0  # live: in-place changes are seen by the model
    np.testing.assert_array_equal(net.W[0], before - 1.0)


def test_dense_same_seed_same_network():
    a, b = DenseNetwork([2, 3, 1], rng=4), DenseNetwork([2, 3, 1], rng=4)
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p, q)


def test_dense_predict_and_proba():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(7, 2))
    soft = DenseNetwork([2, 3, 4], "tanh", "softmax", rng=0)
    P = soft.predict_proba(X)
    assert P.shape == (7, 4)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_array_equal(soft.predict(X), P.argmax(axis=1))
    sig = DenseNetwork([2, 3, 1], "tanh", "sigmoid", rng=0)
    p = sig.predict_proba(X)
    assert p.shape == (7,)
    np.testing.assert_array_equal(sig.predict(X), (p >= 0.5).astype(int))
    np.testing.assert_array_equal(sig.predict(X, threshold=0.0), np.ones(7, dtype=int))


@pytest.mark.parametrize("output, sizes, y",
                         [("sigmoid", [1, 3, 1], [0, 1]), ("softmax", [1, 3, 3], [2, 0])])
def test_dense_cost_is_stable_for_huge_weights(output, sizes, y):
    net = DenseNetwork(sizes, "relu", output, rng=0)
    for W in net.W:
        W[...] = np.abs(W) * 1e4
    X = np.array([[50.0], [40.0]])
    cost, grads = net.loss_and_grads(X, y)
    assert np.isfinite(cost) and cost > 1e3  # confidently wrong: large, but finite
    assert all(np.all(np.isfinite(g)) for g in grads)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(layer_sizes=[3]), ValueError, "at least an input and an output"),
        (dict(layer_sizes=[3, 0, 1]), ValueError, r"layer_sizes\[1\]"),
        (dict(layer_sizes=[3, 2.5, 1]), TypeError, r"layer_sizes\[1\]"),
        (dict(layer_sizes=[3, 2]), ValueError, "end in 1"),
        (dict(layer_sizes=[3, 1], output="softmax"), ValueError, "number of classes"),
        (dict(layer_sizes=[3, 1], output="linear"), ValueError, "output"),
        (dict(layer_sizes=[3, 4, 1], activation="relux"), ValueError, "'relu'"),
        (dict(layer_sizes=[3, 4, 4, 1], activation=["relu"]), ValueError, "list of 2"),
        (dict(layer_sizes=[3, 4, 1], init="nope"), ValueError, "scheme"),
    ],
)
def test_dense_bad_construction(kwargs, error, match):
    with pytest.raises(error, match=match):
        DenseNetwork(**kwargs)


@pytest.mark.parametrize(
    "output, sizes, X, y, match",
    [
        ("sigmoid", [2, 1], [[1.0, 2.0, 3.0]], [1], "2 columns"),
        ("sigmoid", [2, 1], [[1.0, 2.0]], [2], "labels"),
        ("sigmoid", [2, 1], [[1.0, 2.0]], [0.5], "labels"),
        ("softmax", [2, 3], [[1.0, 2.0]], [3], "labels"),
        ("softmax", [2, 3], [[1.0, 2.0], [0.0, 1.0]], [1], "2 rows"),
        ("softmax", [2, 3], [[1.0, np.inf]], [1], "infinity"),
    ],
)
def test_dense_bad_data(output, sizes, X, y, match):
    net = DenseNetwork(sizes, output=output, rng=0)
    for method in (net.cost, net.loss_and_grads):
        with pytest.raises(ValueError, match=match):
            method(X, y)


def test_dense_backward_rejects_wrong_caches():
    net = DenseNetwork([2, 3, 1], rng=0)
    A_out, caches = net.forward([[1.0, 2.0]])
    with pytest.raises(ValueError, match="caches"):
        net.backward([1], A_out, caches[:1])


def test_network_classes_are_named_from_the_public_module():
    """DenseNetwork lives in a private module since the split; its repr, help() and pickle
    still name lessons_lib.models, where learners import it from."""
    import pickle

    from lessons_lib import models

    for cls in (models.DenseNetwork, models.Forward, models.LayerCache, models.LayerGrads):
        assert cls.__module__ == "lessons_lib.models", cls
    net = models.DenseNetwork([2, 3, 1], rng=0)
    assert np.array_equal(pickle.loads(pickle.dumps(net)).W[0], net.W[0])
