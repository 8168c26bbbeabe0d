"""Every claim that notebook 06_activation_functions makes in words, checked numerically.

The notebook's computations are repeated here with the same seeds and the same order of random
draws (the circles first, then the 1000 pairs of scores); the numbers its markdown states are
compared with the recomputed ones, so a changed computation or a changed sentence fails a test.
"""

import inspect
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import activations, datasets, descent, gradcheck, models

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_activation_functions.ipynb"
DEEP_SIZES = [2] + [16] * 8 + [1]
SAT_SLOPE = 0.025  # "a tenth of its largest value": 0.1 · σ′(0)


@pytest.fixture(scope="module")
def markdown():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


@pytest.fixture(scope="module")
def circles():
    rng = np.random.default_rng(0)
    X, y = datasets.make_circles(m=200, noise=0.05, rng=rng)
    return X, y


def in_markdown(markdown, *phrases):
    for phrase in phrases:
        assert phrase in markdown, f"the notebook no longer says {phrase!r}"


# --- the four functions -------------------------------------------------------------------------

def test_the_printed_values_and_the_table():
    z = np.array([-2.0, 0.0, 2.0])
    np.testing.assert_array_equal(np.round(activations.sigmoid(z), 3), [0.119, 0.5, 0.881])
    np.testing.assert_array_equal(np.round(activations.sigmoid_derivative(z), 3), [0.105, 0.25, 0.105])
    np.testing.assert_array_equal(np.round(activations.tanh(z), 3), [-0.964, 0, 0.964])
    np.testing.assert_array_equal(np.round(activations.tanh_derivative(z), 3), [0.071, 1, 0.071])
    np.testing.assert_array_equal(activations.leaky_relu(z), [-0.02, 0, 2])  # default α = 0.01
    np.testing.assert_array_equal(activations.leaky_relu_derivative(z), [0.01, 0.01, 1])
    wide = np.linspace(-40, 40, 80_001)
    s, t = activations.sigmoid(wide), activations.tanh(wide)
    assert np.all((s >= 0) & (s <= 1)) and np.all((t >= -1) & (t <= 1))
    assert np.all(activations.relu(wide) >= 0)
    assert activations.leaky_relu(-1e6) < 0  # "any number"


def test_slopes_sigmoid_at_most_a_quarter_tanh_reaches_one_both_flatten_relu_stays_one():
    z = np.linspace(-30, 30, 60_001)
    sig, tan = activations.sigmoid_derivative(z), activations.tanh_derivative(z)
    assert sig.max() == 0.25 and tan.max() == 1.0 and z[np.argmax(tan)] == 0.0
    assert np.all(sig <= 0.25) and np.all(tan <= 1.0)
    assert sig[0] < 1e-12 and tan[0] < 1e-12 and sig[-1] < 1e-12  # tend to 0 for large |z|
    positive = np.array([1e-9, 0.5, 3.0, 1e6, 1e300])
    np.testing.assert_array_equal(activations.relu_derivative(positive), 1.0)


def test_tanh_is_a_stretched_sigmoid_with_four_times_the_slope(markdown):
    z = np.linspace(-10, 10, 2001)
    gap = np.max(np.abs(activations.tanh(z) - (2 * activations.sigmoid(2 * z) - 1)))
    slope_gap = np.max(np.abs(4 * activations.sigmoid_derivative(2 * z) - (1 - np.tanh(z) ** 2)))
    assert 1e-16 <= gap < 1e-15 and 1e-16 <= slope_gap < 1e-15  # "both gaps a few times 1e-16"
    # the library's tanh′ against NumPy's tanh (the notebook's table: 1 − tanh²)
    np.testing.assert_allclose(activations.tanh_derivative(z), 1 - np.tanh(z) ** 2, rtol=0,
                               atol=1e-15)
    np.testing.assert_allclose(activations.tanh_derivative(z),
                               4 * activations.sigmoid_derivative(2 * z), rtol=1e-12, atol=1e-300)
    for z0 in (-3.0, -0.4, 0.0, 1.7):  # tanh' against central differences
        num = gradcheck.numerical_gradient(lambda v: float(activations.tanh(v)), z0)
        assert math.isclose(float(num), float(activations.tanh_derivative(z0)), rel_tol=1e-7)
    in_markdown(markdown, "a few times $10^{-16}$", r"\tanh'(z) = 4\,\sigma'(2z)")


# --- ReLU's kink ----------------------------------------------------------------------------------

def test_relu_at_zero_one_sided_slopes_central_difference_and_subgradients(markdown):
    h = 1e-6
    assert (activations.relu(0.0) - activations.relu(-h)) / h == 0.0
    assert round(float((activations.relu(h) - activations.relu(0.0)) / h), 2) == 1.0
    assert math.isclose(float(gradcheck.numerical_gradient(activations.relu, 0.0)), 0.5)
    assert activations.relu_derivative(0.0) == 0.0
    z = np.linspace(-5, 5, 10_001)
    for c in np.linspace(0, 1, 21):  # every c in [0, 1]: c·z ≤ relu(z), equal at 0
        assert np.all(c * z <= activations.relu(z))
    for c in (-0.1, 1.1):  # and nothing outside [0, 1]
        assert not np.all(c * z <= activations.relu(z))
    assert 0 <= 0.5 <= 1 and 0.5 != activations.relu_derivative(0.0)  # a subgradient, not 0
    in_markdown(markdown, "Every $c$ between 0 and 1 qualifies",
                "difference at 0 gives 0.5, the average of the two sides: a subgradient too")


# --- linear layers collapse -----------------------------------------------------------------------

def trained(X, y, sizes, activation, lr, num_epochs, seed=1):
    net = models.DenseNetwork(sizes, activation=activation, rng=seed)
    history = descent.train(net, X, y, lr=lr, num_epochs=num_epochs)
    return net, history


def test_a_stack_of_linear_layers_is_one_linear_layer(circles, markdown):
    X, y = circles
    assert np.sum(y == 0) == np.sum(y == 1) == 100  # guessing gives 50 %
    linear, _ = trained(X, y, [2, 8, 8, 1], "identity", 0.5, 300)
    W1, W2, W3 = linear.W
    b1, b2, b3 = linear.b
    Z_net = linear.forward(X).caches[-1].Z
    Z_one = X @ (W1 @ W2 @ W3) + (b1 @ W2 @ W3 + b2 @ W3 + b3)
    assert np.max(np.abs(Z_net - Z_one)) < 1e-12
    # a second, independent check: the network is affine, f(x + t·d) is a line in t
    d, x0 = np.array([0.3, -0.7]), np.array([0.1, 0.2])
    f = [float(linear.forward(x0[None] + t * d[None]).caches[-1].Z[0, 0]) for t in (0.0, 1.0, 2.0)]
    assert math.isclose(f[2] - f[1], f[1] - f[0], rel_tol=1e-9, abs_tol=1e-12)
    relu, _ = trained(X, y, [2, 8, 8, 1], "relu", 0.5, 300)
    assert round(np.mean(linear.predict(X) == y) * 100, 1) == 54.5
    assert np.mean(relu.predict(X) == y) == 1.0
    in_markdown(markdown, "54.5 %", "inner circle: 100 %")


# --- vanishing gradients --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def grad_norms(circles):
    X, y = circles
    norms, first_weights = {}, {}
    for name in ("sigmoid", "tanh", "relu", "leaky_relu"):
        deep = models.DenseNetwork(DEEP_SIZES, activation=name, rng=1)
        first_weights[name] = [W.copy() for W in deep.W]
        _, grads = deep.loss_and_grads(X, y)
        norms[name] = np.array([np.linalg.norm(dW) for dW in grads[0::2]])
    return norms, first_weights


def test_per_layer_gradient_norms(grad_norms, markdown):
    norms, first_weights = grad_norms
    for name in ("tanh", "relu", "leaky_relu"):  # "the same initial weights"
        for W, W_sig in zip(first_weights[name], first_weights["sigmoid"]):
            np.testing.assert_array_equal(W, W_sig)
    # "random: DenseNetwork draws them at He's scale": the default init is He's, std sqrt(2 / n_in)
    assert inspect.signature(models.DenseNetwork).parameters["init"].default == "he"
    he_net = models.DenseNetwork(DEEP_SIZES, activation="sigmoid", init="he", rng=1)
    for W, W_sig in zip(he_net.W, first_weights["sigmoid"]):
        np.testing.assert_array_equal(W, W_sig)
    in_markdown(" ".join(markdown.split()),
                "(random: `DenseNetwork` draws them at He's scale, which notebook 07 derives)")
    ratio = norms["sigmoid"][0] / norms["sigmoid"][-1]
    assert f"{ratio:.1e}" == "1.9e-05" and 45_000 < 1 / ratio < 55_000  # "about 50 000"
    assert np.all(np.diff(norms["sigmoid"]) > 0)  # smaller at every layer further back
    for name in ("tanh", "relu", "leaky_relu"):  # "within a factor of 20 of one another"
        assert norms[name].max() / norms[name].min() < 20
    in_markdown(markdown, "about 50 000 times smaller", "$1.9 \\times 10^{-5}$",
                "within a factor of 20")


def backward_dZ(net, X, y, scale=1.0):
    """dZ of every layer of a sigmoid network, by the notebook's recursion: {l: dZ⁽ˡ⁾}."""
    A_out, caches = net.forward(X)
    dZ = {len(net.W): (A_out - y[:, None]) / len(y)}
    for l in range(len(net.W), 1, -1):
        slope = activations.sigmoid_derivative(caches[l - 2].Z)
        dZ[l - 1] = (dZ[l] @ net.W[l - 1].T) * slope
    return dZ, caches


def test_the_recursion_is_the_librarys_backward_pass(circles):
    X, y = circles
    net = models.DenseNetwork(DEEP_SIZES, activation="sigmoid", rng=1)
    dZ, caches = backward_dZ(net, X, y)
    _, grads = net.loss_and_grads(X, y)
    for l in range(1, 10):  # db⁽ˡ⁾ = Σ dZ⁽ˡ⁾ and dW⁽ˡ⁾ = A⁽ˡ⁻¹⁾ᵀ dZ⁽ˡ⁾
        np.testing.assert_allclose(grads[2 * (l - 1) + 1], dZ[l].sum(axis=0), rtol=1e-10, atol=1e-22)
        np.testing.assert_allclose(grads[2 * (l - 1)], caches[l - 1].A_prev.T @ dZ[l],
                                   rtol=1e-10, atol=1e-22)


def test_shrink_factors_obey_the_bound_but_not_the_quarter(circles, markdown):
    X, y = circles
    net = models.DenseNetwork(DEEP_SIZES, activation="sigmoid", rng=1)
    dZ, _ = backward_dZ(net, X, y)
    shrink = {l: np.linalg.norm(dZ[l - 1]) / np.linalg.norm(dZ[l]) for l in range(9, 1, -1)}
    stretch = {l: np.linalg.norm(net.W[l - 1], 2) for l in range(9, 1, -1)}
    bound = {l: 0.25 * s for l, s in stretch.items()}
    assert all(shrink[l] <= bound[l] for l in shrink)  # "every measured factor stays below"
    assert all(b > 0.25 for b in bound.values())  # "the bounds are all above 1/4"
    assert round(max(stretch.values()), 1) == 3.1  # "stretch by up to 3.1"
    assert sum(f > 0.25 for f in shrink.values()) == 6  # "six of the eight steps"
    total = np.prod(list(shrink.values()))
    assert math.isclose(total, np.linalg.norm(dZ[1]) / np.linalg.norm(dZ[9]), rel_tol=1e-12)
    assert f"{total:.1e}" == "8.0e-05" and f"{0.25 ** 8:.1e}" == "1.5e-05"
    assert round(total / 0.25 ** 8) == 5  # "five times more"
    assert total <= np.prod(list(bound.values()))
    assert 4 ** 8 == 65_536  # the quiz's "4⁸ ≈ 65 000"
    in_markdown(markdown, "$8.0 \\times 10^{-5}$", "five times", "1.5 \\times 10^{-5}",
                "up to 3.1", "six of the eight steps")


@settings(deadline=None, max_examples=40)
@given(seed=st.integers(0, 10_000), scale=st.floats(0.1, 10.0), depth=st.integers(2, 6))
def test_one_backward_step_never_exceeds_a_quarter_of_the_spectral_norm(seed, scale, depth):
    """‖dZ⁽ˡ⁻¹⁾‖ ≤ ¼‖W⁽ˡ⁾‖₂‖dZ⁽ˡ⁾‖ for random sigmoid networks of any weight scale."""
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(30, 3)), rng.integers(0, 2, size=30).astype(float)
    net = models.DenseNetwork([3] + [5] * depth + [1], activation="sigmoid", rng=seed)
    for W in net.W:
        W *= scale
    dZ, _ = backward_dZ(net, X, y)
    for l in range(len(net.W), 1, -1):
        bound = 0.25 * np.linalg.norm(net.W[l - 1], 2) * np.linalg.norm(dZ[l])
        assert np.linalg.norm(dZ[l - 1]) <= bound * (1 + 1e-12)


def test_large_weights_offset_the_quarter_but_saturate_the_units(circles, markdown):
    X, y = circles
    net = models.DenseNetwork(DEEP_SIZES, activation="sigmoid", rng=1)
    for W in net.W:
        W *= 8
    dZ, caches = backward_dZ(net, X, y)
    ratio = np.linalg.norm(dZ[1]) / np.linalg.norm(dZ[9])
    assert round(ratio, 1) == 2.1  # "about twice the output's"
    hidden = np.concatenate([c.Z.ravel() for c in caches[:-1]])
    saturated = np.mean(activations.sigmoid_derivative(hidden) < SAT_SLOPE)
    assert round(saturated * 100) == 58  # over (example, unit) pairs, as diagnostics counts
    edge = 2 * math.atanh(math.sqrt(0.9))  # σ′(z) = 0.025 exactly there
    assert round(edge, 2) == 3.64
    assert math.isclose(float(activations.sigmoid_derivative(edge)), SAT_SLOPE, rel_tol=1e-12)
    in_markdown(markdown, "multiplied by 8", "about twice the output's", r"$|z| > 3.64$",
                r"$\sigma'(z) < 0.025$", "less than 2.5 % of the gradient",
                "58 % of the (example, unit) pairs")


# --- dead ReLUs -------------------------------------------------------------------------------------

def test_a_dead_relu_unit_is_frozen_and_a_leaky_one_is_not(circles):
    X, y = circles
    results = {}
    for name in ("relu", "leaky_relu"):
        net = models.DenseNetwork([2, 8, 8, 1], activation=name, rng=1)
        net.b[0][3] = -5.0
        before = net.W[0][:, 3].copy()
        assert round(float(np.max(X @ before - 5.0)), 2) == -3.52
        A_out, caches = net.forward(X)
        _, grads = net.loss_and_grads(X, y)
        # dA⁽¹⁾ by hand; with slope 1 instead of g′(z) unit 3 would get X.T @ dA⁽¹⁾[:, 3]
        dA1 = ((A_out - y[:, None]) / len(y) @ net.W[2].T
               * activations.get_activation(name).derivative(caches[1].Z)) @ net.W[1].T
        full = X.T @ dA1[:, 3]
        descent.train(net, X, y, lr=0.5, num_epochs=300)
        results[name] = (grads[0][:, 3], full, np.array_equal(before, net.W[0][:, 3]))
    relu_grad, _, relu_frozen = results["relu"]
    assert np.all(relu_grad == 0.0) and relu_frozen
    leaky_grad, full, leaky_frozen = results["leaky_relu"]
    assert f"{np.linalg.norm(leaky_grad):.1e}" == "8.4e-05" and not leaky_frozen
    np.testing.assert_allclose(leaky_grad, 0.01 * full, rtol=1e-12)  # "α = 0.01 times"


def dead_units(net, X):
    """Units per hidden layer whose z ≤ 0 on every example."""
    return [int(np.sum(np.all(c.Z <= 0, axis=0))) for c in net.forward(X).caches[:-1]]


def test_too_large_a_learning_rate_kills_units(circles, markdown):
    X, y = circles
    counts = {}
    for lr in (0.5, 5.0):
        counts[lr] = []
        for seed in range(5):
            net, history = trained(X, y, [2, 16, 16, 1], "relu", lr, 200, seed=seed)
            per_layer = dead_units(net, X)
            counts[lr].append(sum(per_layer))
            if lr == 5.0:  # "always all 16 of the second layer": then nothing but b⁽³⁾ learns
                assert per_layer[1] == 16
                _, grads = net.loss_and_grads(X, y)
                assert all(np.all(g == 0) for g in grads[:-1]) and grads[-1][0] != 0
            if seed == 1:
                cost = history.epoch_costs[-1]
                if lr == 0.5:
                    assert counts[lr][-1] == 0 and round(cost, 3) == 0.006
                else:
                    assert per_layer == [10, 16] and round(cost, 3) == 0.693
                    assert round(math.log(2), 3) == 0.693
                    p = net.predict_proba(X)
                    assert np.ptp(p) < 1e-9 and round(float(p[0]), 3) == 0.5  # "outputs 1/2"
    assert min(counts[5.0]) == 26 and max(counts[5.0]) == 31 and max(counts[0.5]) == 2
    assert round(float(np.mean(y)), 3) == 0.5  # "the share of class 1"
    in_markdown(markdown, "26 of\nthe 32 units died, every unit of the second layer among them",
                "(cost 0.006)", "$0.693 \\approx \\log 2$", "26 to 31 units dead, always all 16",
                "at\nmost 2")


# --- softmax --------------------------------------------------------------------------------------

def test_softmax_jacobian_matches_finite_differences_and_rows_sum_to_zero():
    z = np.array([2.0, 1.0, 0.1])
    np.testing.assert_array_equal(np.round(activations.softmax(z), 4), [0.659, 0.2424, 0.0986])
    J = activations.softmax_jacobian(z)
    numerical = np.column_stack([gradcheck.numerical_gradient(
        lambda v: float(activations.softmax(v)[i]), z.copy()) for i in range(3)]).T
    assert gradcheck.relative_error(J, numerical) < 1e-10
    s = activations.softmax(z)
    np.testing.assert_allclose(J, np.diag(s) - np.outer(s, s), rtol=1e-15)
    np.testing.assert_allclose(J.sum(axis=1), 0, atol=1e-15)


def test_softmax_prose(markdown):
    in_markdown(markdown, "The relative error is below $10^{-10}$", "the row\nsums of $J$, are 0")


@settings(deadline=None, max_examples=60)
@given(st.lists(st.floats(-50, 50), min_size=2, max_size=6), st.floats(-500, 500))
def test_adding_a_constant_changes_nothing(z, c):
    z = np.array(z)
    np.testing.assert_allclose(activations.softmax(z + c), activations.softmax(z), rtol=1e-12,
                               atol=1e-15)


def test_the_naive_form_overflows_and_agrees_to_rounding_where_it_does_not():
    z = np.array([1000.0, 1001.0, 1002.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(z) / np.sum(np.exp(z))
    assert np.all(np.isnan(naive))
    np.testing.assert_array_equal(np.round(activations.softmax(z), 4), [0.09, 0.2447, 0.6652])
    np.testing.assert_allclose(activations.softmax(z), activations.softmax(z - 1000), rtol=1e-15)
    moderate = np.random.default_rng(3).normal(scale=5, size=(200, 4))
    naive = np.exp(moderate) / np.sum(np.exp(moderate), axis=1, keepdims=True)
    np.testing.assert_allclose(naive, activations.softmax(moderate, axis=1), rtol=1e-14)


def test_two_class_softmax_is_the_sigmoid_of_the_difference():
    rng = np.random.default_rng(0)
    datasets.make_circles(m=200, noise=0.05, rng=rng)  # the notebook's rng after the circles
    Z2 = rng.normal(scale=3, size=(1000, 2))
    p_softmax = activations.softmax(Z2, axis=1)[:, 1]
    p_sigmoid = activations.sigmoid(Z2[:, 1] - Z2[:, 0])
    assert np.allclose(p_softmax, p_sigmoid, rtol=0, atol=1e-15)
    wide = np.random.default_rng(4).normal(scale=300, size=(1000, 2))  # also far out
    np.testing.assert_allclose(activations.softmax(wide, axis=1)[:, 1],
                               activations.sigmoid(wide[:, 1] - wide[:, 0]), rtol=1e-12, atol=1e-300)


# --- the explorer -----------------------------------------------------------------------------------

def test_what_the_notebook_says_about_the_activation_explorer(markdown):
    from lessons_lib.diagnostics import ratio_sentence
    from lessons_lib.widgets.activation import make_data, run_explorer_training

    X, y = make_data(0)
    assert X.shape == (200, 2)  # "the two moons (200 points)"
    runs = {name: run_explorer_training(name, depth=6) for name in ("sigmoid", "tanh", "relu")}
    sig = runs["sigmoid"]
    assert sig.steps[1] == 4 and sig.steps[-1] == 200 and len(sig.costs) == 201  # 200 steps
    assert ratio_sentence(sig.grad_norms[0]) == "layer 1's gradient is 1/510 of the output layer's"
    assert sig.saturated[0].max() == 0.0  # "no unit is saturated"
    assert np.all((sig.mean_slope[0] >= 0.21) & (sig.mean_slope[0] < 0.23))
    assert round(sig.costs[0], 3) == 0.696 and round(sig.costs[-1], 3) == 0.693
    assert round(runs["tanh"].costs[-1], 3) == 0.003 and round(runs["relu"].costs[-1], 3) == 0.057
    # panel (a) later: the output layer's gradient shrinks, all stay small, the ratio climbs
    at_20 = list(sig.steps).index(20)
    assert f"{sig.grad_norms[0, -1]:.2f}" == "0.04"
    assert f"{sig.grad_norms[at_20, -1]:.0e}" == "4e-04"
    assert sig.grad_norms[at_20:].max() < 5e-4
    assert ratio_sentence(sig.grad_norms[-1]) == "layer 1's gradient is 0.18× the output layer's"
    net = models.DenseNetwork([2] + [8] * 6 + [1], activation="sigmoid", init="he", rng=0)
    history = descent.train(net, X, y, lr=0.5, num_epochs=200)  # the same run, to its end
    assert math.isclose(history.costs[-1], sig.costs[-2], rel_tol=1e-12)
    assert np.all(np.abs(net.predict_proba(X) - 0.5) < 1e-3)  # "predicting about 1/2"
    in_markdown(markdown, "1/510 of the output layer's", "between 0.21 and 0.23",
                "from 0.04 to $4 \\times 10^{-4}$", "stays below\n$5 \\times 10^{-4}$",
                "climbs to 0.18× by step 200",
                "0.696 to 0.693", "0.003 (tanh) or 0.057 (ReLU)", "recorded every 4 steps")


def test_the_quiz_quotes_the_numbers_checked_above():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    quiz_source = "".join(next("".join(c["source"]) for c in nb["cells"]
                               if c["cell_type"] == "code" and "quiz.Quiz(" in "".join(c["source"])))
    for phrase in ("8.0e-5", "(1/4)⁸ ≈ 1.5e-5", "six of eight steps", "54.5 %", "4⁸ ≈ 65 000"):
        assert phrase in quiz_source, phrase


def test_leaky_alpha_is_a_slope_and_the_learning_rate_is_always_lr(markdown):
    """"this α is a slope, not the learning rate α of notebook 05, which the code here calls lr"."""
    assert inspect.signature(activations.leaky_relu).parameters["alpha"].default == 0.01
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    for src in code:  # alpha only ever sets leaky ReLU's slope; every learning rate is lr
        assert "alpha" not in src or "plot_activation(" in src, src
        assert "descent.train(" not in src or "lr=" in src, src
    in_markdown(" ".join(markdown.split()),
                "this $\\alpha$ is a slope, not the learning rate $\\alpha$ of notebook 05, which the "
                "code here always calls `lr`")
