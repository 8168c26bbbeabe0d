"""lessons_lib.symmetry: starting weights, the unit spread, and training that records W[0].

References: the library's initialisers drawn from the same seed, DenseNetwork.loss_and_grads
(the reference backward pass), central finite differences, a step computed by hand, and
descent.train on a plain DenseNetwork."""

import itertools
import warnings

import numpy as np
import pytest

from lessons_lib import initializers
from lessons_lib.datasets import make_moons
from lessons_lib.descent import train
from lessons_lib.gradcheck import check_model_gradients
from lessons_lib.models import DenseNetwork
from lessons_lib.symmetry import (DEFAULT_SCALES, SCHEMES, _UnitExactNetwork, init_network,
                                  initial_weights, train_recording_weights, unit_spread)

ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu")


@pytest.fixture(scope="module")
def moons():
    return make_moons(m=201, rng=0)


# --- starting weights ------------------------------------------------------------------

@pytest.mark.parametrize("n_in, n_out", [(1, 1), (2, 6), (5, 3)])
def test_initial_weights_are_scale_times_the_library_schemes(n_in, n_out):
    assert np.array_equal(initial_weights(n_in, n_out, "zeros", 3.0), np.zeros((n_in, n_out)))
    assert np.array_equal(initial_weights(n_in, n_out, "constant", 0.25),
                          np.full((n_in, n_out), 0.25))
    draw = np.random.default_rng(7).standard_normal((n_in, n_out))
    np.testing.assert_allclose(initial_weights(n_in, n_out, "random", 0.3, rng=7), 0.3 * draw,
                               rtol=1e-15)
    for name, scheme in (("xavier", initializers.xavier), ("he", initializers.he)):
        np.testing.assert_allclose(initial_weights(n_in, n_out, name, 2.0, rng=7),
                                   2.0 * scheme(n_in, n_out, rng=7), rtol=1e-15)


def test_default_scales():
    assert set(DEFAULT_SCALES) == set(SCHEMES)
    W = initial_weights(400, 50, "random", rng=0)  # default scale 0.01: std 0.01
    assert W.std() == pytest.approx(0.01, rel=0.02)
    assert np.array_equal(initial_weights(2, 2, "constant"), np.full((2, 2), 0.5))


def test_init_network_draws_every_layer_in_order_and_zero_biases():
    net = init_network([2, 4, 3, 1], "random", 0.1, activation="sigmoid", rng=5)
    rng = np.random.default_rng(5)
    for W, shape in zip(net.W, [(2, 4), (4, 3), (3, 1)]):
        np.testing.assert_allclose(W, 0.1 * rng.standard_normal(shape), rtol=1e-15)
    assert all(not b.any() for b in net.b)
    assert [a.name for a in net.activations] == ["sigmoid", "sigmoid"]


# --- unit spread ---------------------------------------------------------------------------

def test_unit_spread_closed_forms():
    assert unit_spread([[0.0, 3.0], [0.0, 4.0]], [0.0, 0.0]) == 5.0
    assert unit_spread([[1.0, 1.0, 1.0]], [2.0, 2.0, 2.0]) == 0.0
    assert unit_spread([[1.0, 1.0]], [0.0, 2.0]) == 2.0  # the bias counts
    assert unit_spread([[1.5]], [0.5]) == 0.0              # one unit: nothing to compare


def test_unit_spread_is_the_largest_pairwise_distance():
    rng = np.random.default_rng(0)
    W, b = rng.standard_normal((3, 5)), rng.standard_normal(5)
    theta = np.vstack([W, b])
    expected = max(np.linalg.norm(theta[:, i] - theta[:, j])
                   for i, j in itertools.combinations(range(5), 2))
    assert unit_spread(W, b) == pytest.approx(expected, rel=1e-14)
    order = rng.permutation(5)
    assert unit_spread(W[:, order], b[order]) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("W, b, error, message", [
    ([[1.0, 2.0]], [0.0], ValueError, r"`b` must have one bias per unit .*\(2,\), got shape \(1,\)"),
    ([1.0, 2.0], [0.0, 0.0], ValueError, r"`W` must be 2-D"),
    ([[1.0, np.nan]], [0.0, 0.0], ValueError, r"`W` contains NaN"),
    ([[1.0, 2.0]], "ab", TypeError, r"`b` must be numbers"),
])
def test_unit_spread_bad_input(W, b, error, message):
    with pytest.raises(error, match=message):
        unit_spread(W, b)


# --- the unit-by-unit gradients ------------------------------------------------------------

@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("n_in, hidden", [(2, 1), (2, 6), (3, 5)])
def test_gradients_equal_the_reference_backward_pass(activation, n_in, hidden):
    rng = np.random.default_rng(hidden)
    X, y = rng.standard_normal((31, n_in)), rng.integers(0, 2, 31)
    net = init_network([n_in, hidden, 1], "random", 0.8, activation=activation, rng=1)
    cost, grads = _UnitExactNetwork(net).loss_and_grads(X, y)
    ref_cost, ref_grads = net.loss_and_grads(X, y)
    assert cost == pytest.approx(ref_cost, rel=1e-13)
    for g, ref in zip(grads, ref_grads):
        assert g.shape == ref.shape
        np.testing.assert_allclose(g, ref, rtol=1e-11, atol=1e-15)


@pytest.mark.parametrize("activation", ("tanh", "sigmoid"))
def test_gradients_match_finite_differences(activation):
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((12, 2)), rng.integers(0, 2, 12)
    model = _UnitExactNetwork(init_network([2, 4, 1], "random", 0.7, activation, rng=2))
    assert check_model_gradients(model, X, y, eps=1e-6).max_relative_error < 1e-7


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("hidden", [2, 5, 6, 7, 13])
def test_equal_units_get_bit_for_bit_equal_gradients(activation, hidden):
    """The point of the unit-by-unit sums: no unit is rounded differently from another."""
    rng = np.random.default_rng(hidden)
    X, y = rng.standard_normal((200, 2)), rng.integers(0, 2, 200)
    net = init_network([2, hidden, 1], "constant", 0.37, activation=activation)
    net.b[0][...] = 0.11
    _, (dW0, db0, dW1, _) = _UnitExactNetwork(net).loss_and_grads(X, y)
    assert np.all(dW0 == dW0[:, :1]) and np.all(db0 == db0[0]) and np.all(dW1 == dW1[0])
    assert np.abs(dW0).min() > 0  # the units do move


# --- training ------------------------------------------------------------------------------

def test_one_step_by_hand(moons):
    X, y = moons
    run = train_recording_weights(X, y, "random", 0.5, hidden_units=3, lr=0.7, num_steps=1,
                                  rng=4)
    net = init_network([2, 3, 1], "random", 0.5, rng=4)
    np.testing.assert_array_equal(run.W_hidden[0], net.W[0])
    cost, (dW0, db0, *_) = net.loss_and_grads(X, y)
    np.testing.assert_allclose(run.W_hidden[1], net.W[0] - 0.7 * dW0, rtol=1e-12)
    np.testing.assert_allclose(run.b_hidden[1], -0.7 * db0, rtol=1e-12)
    assert run.costs[0] == pytest.approx(cost, rel=1e-13)
    assert list(run.steps) == [0, 1] and run.costs.shape == (2,)


def test_training_follows_descent_train_on_a_plain_network(moons):
    X, y = moons
    run = train_recording_weights(X, y, "xavier", 1.0, hidden_units=4, activation="sigmoid",
                                  lr=1.0, num_steps=60, rng=2, n_snapshots=6)
    assert list(run.steps) == [0, 10, 20, 30, 40, 50, 60]
    net = init_network([2, 4, 1], "xavier", 1.0, activation="sigmoid", rng=2)
    history = train(net, X, y, lr=1.0, num_epochs=60)
    np.testing.assert_allclose(run.W_hidden[-1], net.W[0], rtol=1e-9)
    np.testing.assert_allclose(run.costs[:-1], history.costs, rtol=1e-11)
    assert run.costs[-1] == pytest.approx(net.cost(X, y), rel=1e-11)
    assert run.accuracies[-1] == np.mean(net.predict(X) == y)
    assert run.W_hidden.shape == (7, 2, 4) and run.b_hidden.shape == (7, 4)
    np.testing.assert_allclose(run.unit_spread, [unit_spread(W, b) for W, b in
                                                 zip(run.W_hidden, run.b_hidden)], rtol=1e-14)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_zeros_never_move_the_hidden_layer(moons, activation):
    """A1 = g(0) = 0, so dW[1] = A1ᵀ dZ = 0 and dA1 = dZ W[1]ᵀ = 0: W[0] stays exactly 0."""
    X, y = moons
    run = train_recording_weights(X, y, "zeros", activation=activation, num_steps=200)
    assert not run.W_hidden.any() and not run.b_hidden.any() and not run.unit_spread.any()
    p = np.mean(y)  # only the output bias learns: the cost of predicting the base rate
    assert run.costs[-1] == pytest.approx(-(p * np.log(p) + (1 - p) * np.log(1 - p)), rel=1e-6)


@pytest.mark.parametrize("scheme, activation", [("constant", "tanh"), ("constant", "sigmoid"),
                                                ("constant", "relu"), ("zeros", "sigmoid")])
def test_equal_starts_move_but_the_units_stay_exact_copies(moons, scheme, activation):
    X, y = moons
    run = train_recording_weights(X, y, scheme, activation=activation, hidden_units=6,
                                  num_steps=600)
    W, b = run.W_hidden[-1], run.b_hidden[-1]
    assert np.abs(W - run.W_hidden[0]).max() > 0.1  # they moved …
    assert np.all(W == W[:, :1]) and np.all(b == b[0]) and not run.unit_spread.any()  # … alike
    assert run.accuracies[-1] < 0.9  # six copies draw one unit's boundary


def test_small_random_starts_break_the_symmetry(moons):
    X, y = moons
    run = train_recording_weights(X, y, "random", 0.01, num_steps=600)
    copies = train_recording_weights(X, y, "constant", 0.01, num_steps=600)
    assert np.all(run.unit_spread > 0) and run.unit_spread[-1] > 100 * run.unit_spread[0]
    assert run.costs[-1] < 0.1 < copies.costs[-1] and run.accuracies[-1] > 0.97


def test_divergence_is_a_state(moons):
    X, y = moons
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = train_recording_weights(X, y, "random", 10.0, activation="relu", lr=1e4,
                                      num_steps=50)
    assert run.diverged and run.steps[-1] == run.costs.size - 1 < 50
    assert np.all(np.isfinite(run.costs)) and np.all(np.isfinite(run.W_hidden))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"scheme": "ones"}, ValueError, r"`scheme` must be one of 'zeros', 'constant'"),
    ({"scheme": 0}, TypeError, r"`scheme` must be one of"),
    ({"scale": 0.0}, ValueError, r"`scale` must be > 0, got 0.0"),
    ({"scale": "big"}, TypeError, r"`scale` must be a number"),
    ({"hidden_units": 0}, ValueError, r"`hidden_units` must be ≥ 1"),
    ({"lr": -1.0}, ValueError, r"`lr` must be > 0"),
    ({"num_steps": 0}, ValueError, r"`num_steps` must be ≥ 1"),
    ({"activation": "softplus"}, ValueError, r"`activation` must be one of"),
    ({"rng": -1}, ValueError, r"`rng` as a seed must be an integer ≥ 0"),
])
def test_bad_arguments_are_clear_errors(moons, kwargs, error, message):
    X, y = moons
    with pytest.raises(error, match=message):
        train_recording_weights(X, y, **{"num_steps": 5, **kwargs})


@pytest.mark.parametrize("X, y, message", [
    ([1.0, 2.0], [0, 1], r"`X` must be 2-D"),
    ([[1.0, 2.0]], [2], r"`y` must hold labels in \{0, 1\}"),
    ([[1.0, 2.0], [3.0, 4.0]], [0], r"`y` has 1 labels but `X` has 2 rows"),
])
def test_bad_data_are_clear_errors(X, y, message):
    with pytest.raises(ValueError, match=message):
        train_recording_weights(X, y, num_steps=5)


def test_init_network_bad_arguments():
    with pytest.raises(ValueError, match="`layer_sizes` must end in 1"):
        init_network([2, 3, 2])
    with pytest.raises(ValueError, match="`scale` must be > 0"):
        init_network([2, 3, 1], "he", -1.0)
    with pytest.raises(ValueError, match="`n_in` must be ≥ 1"):
        initial_weights(0, 2)
