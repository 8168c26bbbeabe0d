"""Tests of lessons_lib.diagnostics: the saturation thresholds against closed forms and a
bisection on the derivatives, the gradient norms against finite differences and the model's
own gradients, the recorded training against an independent re-training, and the teaching
claim of 06 (vanishing gradients through sigmoid layers) with the seeded settings."""

import warnings

import numpy as np
import pytest

from lessons_lib import activations, datasets
from lessons_lib.descent import train
from lessons_lib.diagnostics import (SATURATION_LEVEL, hidden_saturation, is_saturated,
                                     layer_gradient_norms, ratio_sentence, saturation_fraction,
                                     saturation_rule, train_with_diagnostics)
from lessons_lib.gradcheck import numerical_gradient, relative_error
from lessons_lib.models import DenseNetwork

DERIVATIVES = {"sigmoid": activations.sigmoid_derivative, "tanh": activations.tanh_derivative,
               "relu": activations.relu_derivative,
               "leaky_relu": activations.leaky_relu_derivative,
               "identity": activations.identity_derivative}


def _bisect(f, low, high, n=200):
    """The root of the decreasing f on [low, high] (f(low) > 0 > f(high))."""
    for _ in range(n):
        mid = (low + high) / 2
        low, high = (mid, high) if f(mid) > 0 else (low, mid)
    return (low + high) / 2


@pytest.mark.parametrize("name, closed_form, rounded", [
    ("sigmoid", np.log((1 + np.sqrt(0.9)) / (1 - np.sqrt(0.9))), 3.6369),
    ("tanh", 0.5 * np.log((1 + np.sqrt(0.9)) / (1 - np.sqrt(0.9))), 1.8184)])
def test_thresholds_match_a_closed_form_and_a_bisection_on_the_derivative(name, closed_form,
                                                                         rounded):
    rule = saturation_rule(name)
    derivative = DERIVATIVES[name]
    peak = float(derivative(0.0))  # both peak at z = 0
    assert rule.peak == peak and rule.side == "both"
    root = _bisect(lambda z: float(derivative(z)) - SATURATION_LEVEL * peak, 0.0, 20.0)
    assert rule.z_threshold == pytest.approx(closed_form, rel=1e-14)
    assert rule.z_threshold == pytest.approx(root, rel=1e-12)
    assert round(rule.z_threshold, 4) == rounded
    assert f"|z| > {rounded:.2f}" in rule.text


@pytest.mark.parametrize("name", list(DERIVATIVES))
def test_peak_is_the_largest_slope_on_a_fine_grid(name):
    z = np.linspace(-10, 10, 200_001)  # holds 0 and points on both sides
    assert saturation_rule(name).peak == pytest.approx(DERIVATIVES[name](z).max(), rel=1e-12)


@pytest.mark.parametrize("name", list(DERIVATIVES))
def test_is_saturated_is_the_closed_form_region(name):
    rng = np.random.default_rng(1)
    rule = saturation_rule(name)
    edge = rule.z_threshold if np.isfinite(rule.z_threshold) else 5.0
    near = edge * (1 + np.array([-1e-9, 1e-9]))  # just inside and just outside the edge
    Z = np.concatenate([rng.normal(0, 4, size=500), [0.0, -0.0, 1e-300, -1e-300], near, -near])
    expected = {"both": np.abs(Z) > rule.z_threshold, "negative": Z <= 0,
                "never": np.zeros(Z.shape, bool)}[rule.side]
    np.testing.assert_array_equal(is_saturated(Z, name), expected)
    assert saturation_fraction(Z.reshape(-1, 2), name) == pytest.approx(expected.mean())


def test_rules_in_words_say_what_passes():
    assert saturation_rule("relu").text.startswith("z ≤ 0 (inactive: slope 0")
    assert "1% of the gradient passes" in saturation_rule("leaky_relu").text
    assert saturation_rule("identity").side == "never"
    assert is_saturated([[0.0, 3.0, -4.0]], "sigmoid").tolist() == [[False, False, True]]


@pytest.mark.parametrize("call, error, message", [
    (lambda: is_saturated([1.0], "softplus"), ValueError, "`activation` must be one of"),
    (lambda: is_saturated([1.0], 3), TypeError, "`activation` must be one of"),
    (lambda: saturation_fraction([np.nan], "tanh"), ValueError, "`Z` contains NaN"),
    (lambda: saturation_fraction("z", "tanh"), TypeError, "`Z` must be numbers"),
    (lambda: saturation_fraction([], "tanh"), ValueError, "`Z` is empty"),
    (lambda: layer_gradient_norms("net", [[1.0, 2.0]], [1]), TypeError, "`net` must be a"),
    (lambda: hidden_saturation(None, [[1.0, 2.0]]), TypeError, "`net` must be a"),
    (lambda: layer_gradient_norms(DenseNetwork([2, 3, 1], rng=0), [[1.0, 2.0]], [2]),
     ValueError, "`y` must hold labels in"),
    (lambda: ratio_sentence([]), ValueError, "`norms` is empty"),
])
def test_bad_inputs_are_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def _data(m, rng):
    X = rng.normal(size=(m, 3))
    return X, (X[:, 0] + 0.5 * X[:, 1] > 0).astype(float)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "leaky_relu", "relu"])
@pytest.mark.parametrize("sizes", [[3, 4, 1], [3, 5, 4, 3, 1]])
def test_gradient_norms_equal_finite_differences_and_the_models_grads(activation, sizes):
    rng = np.random.default_rng(len(sizes))
    X, y = _data(7, rng)
    net = DenseNetwork(sizes, activation=activation, init="xavier", rng=2)
    norms = layer_gradient_norms(net, X, y)
    _, grads = net.loss_and_grads(X, y)
    np.testing.assert_array_equal(norms, [np.linalg.norm(g) for g in grads[0::2]])
    for l, W in enumerate(net.W):
        numeric = numerical_gradient(lambda _: net.cost(X, y), W, eps=1e-6)
        assert relative_error(numeric, grads[2 * l]) < 1e-7
        assert norms[l] == pytest.approx(np.linalg.norm(numeric), rel=1e-7)


def test_hidden_saturation_matches_the_caches_and_the_closed_form():
    rng = np.random.default_rng(3)
    X, _ = _data(40, rng)
    net = DenseNetwork([3, 6, 6, 1], activation=["sigmoid", "tanh"], rng=3)
    for W in net.W:
        W *= 3.0  # so that some units saturate
    stats = hidden_saturation(net, X)
    _, caches = net.forward(X)
    for l, name in enumerate(["sigmoid", "tanh"]):
        expected = np.mean(np.abs(caches[l].Z) > saturation_rule(name).z_threshold)
        assert 0 < expected < 1 and stats.saturated[l] == pytest.approx(expected)
        assert stats.mean_slope[l] == pytest.approx(DERIVATIVES[name](caches[l].Z).mean())


@pytest.fixture(scope="module")
def moons():
    return datasets.make_moons(rng=0)


def test_records_equal_an_independent_retraining(moons):
    X, y = moons
    run = train_with_diagnostics(X, y, "tanh", depth=3, hidden_units=5, lr=0.5, num_steps=30,
                                 rng=4, every=10)
    assert run.steps.tolist() == [0, 10, 20, 30] and not run.diverged
    assert run.grad_norms.shape == (4, 4) and run.saturated.shape == run.mean_slope.shape == (4, 3)
    assert run.costs.shape == (31,) and run.seconds > 0
    for i, step in enumerate(run.steps):
        net = DenseNetwork([2, 5, 5, 5, 1], activation="tanh", rng=4)
        train(net, X, y, lr=0.5, num_epochs=int(step))
        np.testing.assert_allclose(run.grad_norms[i], layer_gradient_norms(net, X, y), rtol=1e-12)
        stats = hidden_saturation(net, X)
        np.testing.assert_allclose(run.saturated[i], stats.saturated, rtol=1e-12)
        np.testing.assert_allclose(run.mean_slope[i], stats.mean_slope, rtol=1e-12)
        assert run.accuracy[i] == np.mean(net.predict(X) == y)
        assert run.costs[step] == pytest.approx(net.cost(X, y), rel=1e-12)


def test_default_records_about_fifty_steps_and_zero_steps_work(moons):
    X, y = moons
    run = train_with_diagnostics(X, y, num_steps=100, rng=0)
    assert run.steps.tolist() == list(range(0, 101, 2))
    still = train_with_diagnostics(X, y, num_steps=0, rng=0)
    assert still.steps.tolist() == [0] and still.costs.shape == (1,)
    assert still.grad_norms.shape == (1, 6)


def test_divergence_is_a_state_without_warnings(moons):
    X, y = moons
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = train_with_diagnostics(X, y, "relu", depth=3, lr=300.0, num_steps=100, rng=0)
    assert run.diverged and run.steps[-1] < 100 and run.costs.size == run.steps[-1] + 1
    assert np.all(np.isfinite(run.grad_norms)) and np.all(np.isfinite(run.costs))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"depth": 0}, ValueError, "`depth` must be ≥ 1"),
    ({"hidden_units": "8"}, TypeError, "`hidden_units` must be an integer"),
    ({"lr": -1.0}, ValueError, "`lr` must be > 0"),
    ({"num_steps": 2.5}, TypeError, "`num_steps` must be an integer"),
    ({"every": 0}, ValueError, "`every` must be ≥ 1"),
    ({"activation": "softplus"}, ValueError, "`activation` must be one of"),
    ({"init": "bogus"}, ValueError, "`init` must name an initialisation scheme"),
    ({"rng": -1}, ValueError, "`rng` as a seed"),
])
def test_bad_training_options_are_clear_errors(moons, kwargs, error, message):
    X, y = moons
    with pytest.raises(error, match=message):
        train_with_diagnostics(X, y, **{"num_steps": 5, **kwargs})


def test_bad_training_data_are_clear_errors():
    with pytest.raises(ValueError, match="`y` has 2 labels but `X` has 3 rows"):
        train_with_diagnostics([[0.0, 1.0]] * 3, [0, 1])
    with pytest.raises(ValueError, match="`X` must be 2-D"):
        train_with_diagnostics([0.0, 1.0], [0, 1])


@pytest.mark.parametrize("norms, sentence", [
    ([2e-5, 1e-3, 0.06], "layer 1's gradient is 1/3,000 of the output layer's"),
    ([1.0, 3247.0], "layer 1's gradient is 1/3,200 of the output layer's"),
    ([1e-22, 5.5e-3], "layer 1's gradient is 10⁻²⁰ of the output layer's"),
    ([6.25e-6, 1.0], "layer 1's gradient is 1/160,000 of the output layer's"),
    ([1.0, 9.9e6], "layer 1's gradient is 1/9,900,000 of the output layer's"),
    ([0.44, 1.0], "layer 1's gradient is 0.44× the output layer's"),
    ([3.0, 1.0], "layer 1's gradient is 3× the output layer's"),
    ([0.0, 1.0], "layer 1's gradient is exactly 0: no gradient reaches it"),
    ([0.0, 0.0], "no gradient reaches the output layer"),
])
def test_ratio_sentence(norms, sentence):
    assert ratio_sentence(norms) == sentence


def test_teaching_claim_sigmoid_gradients_vanish_toward_the_input(moons):
    """06's claim, with the explorer's seeded settings (moons seed 0, 8 units, He, step 0):
    through sigmoid layers layer 1's gradient is hundreds of times smaller than the output
    layer's, with NO unit saturated and every layer's mean slope above 3/4 of σ's peak 1/4
    (σ' ≤ 1/4 everywhere does it, not saturation); tanh, ReLU and leaky
    ReLU stay within a factor of 5. Measured: depth 5 sigmoid 1/690; depth 6 sigmoid 1/510,
    tanh 0.38, relu 0.23, leaky_relu 0.21; depth 10 sigmoid 6.3e-6."""
    X, y = moons
    ratio = {}
    for depth, activation in [(5, "sigmoid"), (6, "sigmoid"), (6, "tanh"), (6, "relu"),
                              (6, "leaky_relu"), (10, "sigmoid")]:
        net = DenseNetwork([2] + [8] * depth + [1], activation=activation, rng=0)
        norms = layer_gradient_norms(net, X, y)
        ratio[depth, activation] = norms[0] / norms[-1]
        if activation == "sigmoid":
            stats = hidden_saturation(net, X)
            assert stats.saturated.max() == 0.0 and np.all(stats.mean_slope > 0.75 * 0.25)
    assert ratio[5, "sigmoid"] < 1 / 500 and ratio[6, "sigmoid"] < 1 / 400
    assert ratio[10, "sigmoid"] < 1e-5
    assert all(ratio[6, a] > 0.2 for a in ("tanh", "relu", "leaky_relu"))
    assert ratio_sentence([ratio[6, "sigmoid"], 1.0]).endswith("1/510 of the output layer's")
    assert ratio_sentence([ratio[5, "sigmoid"], 1.0]).endswith("1/690 of the output layer's")
