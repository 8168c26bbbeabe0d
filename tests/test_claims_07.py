"""Every claim that notebook 07_initialization makes in words, checked numerically.

The notebook's experiments are recomputed here with the same seeds and the same order of random
draws; the numbers its markdown states are compared with the recomputed ones, so a changed
experiment or a changed sentence fails a test. Where the notebook shows one seeded run, the
repeats it reports (10 seeds, 30 networks) are recomputed too.
"""

import functools
import inspect
import json
import math
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from lessons_lib import activations, checks, datasets, descent, initializers, models

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "07_initialization.ipynb"
LOG2 = math.log(2)
SCHEMES = {"N(0, 0.01²)": functools.partial(initializers.random_normal, scale=0.01),
           "Xavier": initializers.xavier, "He": initializers.he,
           "N(0, 1)": functools.partial(initializers.random_normal, scale=1.0)}


@pytest.fixture(scope="module")
def markdown():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return " ".join(text.split())  # one space between words: sentences may wrap anywhere


@pytest.fixture(scope="module")
def code_cells():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.fixture(scope="module")
def moons():
    return datasets.make_moons(m=200, noise=0.2, rng=0)


def spread(W0):
    """The notebook's "largest difference between two units' weights": per input (row of W0),
    the largest weight minus the smallest over the units (columns), then the largest of those."""
    return float(np.ptp(W0, axis=1).max())


class Run(NamedTuple):
    net: object
    history: object
    W0_history: np.ndarray


def train_from(X, y, W0, W1, num_epochs=300, activation="tanh", lr=1.0):
    """The notebook's train_from: a [n_in, k, 1] network from W0, W1 (biases 0)."""
    net = models.DenseNetwork([W0.shape[0], W0.shape[1], 1], activation=activation, init="zeros")
    net.W[0][...], net.W[1][...] = W0, W1
    history = descent.train(net, X, y, lr=lr, num_epochs=num_epochs, snapshot_every=1)
    return Run(net, history, np.array([s.params[0] for s in history.snapshots]))


@pytest.fixture(scope="module")
def starts(moons):
    """The three runs of the heat map, with the notebook's order of draws from rng = 0."""
    X, y = moons
    rng = np.random.default_rng(0)
    zero = train_from(X, y, np.zeros((2, 4)), np.zeros((4, 1)))
    half = train_from(X, y, np.full((2, 4), 0.5), np.full((4, 1), 0.5))
    rand = train_from(X, y, initializers.random_normal(2, 4, scale=0.5, rng=rng),
                      initializers.random_normal(4, 1, scale=0.5, rng=rng))
    return {"zero": zero, "half": half, "random": rand, "rng": rng}


# --- starting from zero ---------------------------------------------------------------------

def test_data_and_shapes(moons, markdown):
    X, y = moons
    assert X.shape == (200, 2) and int(y.sum()) == 100  # "200 points, 100 of each class"
    net = models.DenseNetwork([2, 4, 1], activation="tanh", init="zeros")
    assert net.W[0].shape == (2, 4) and net.W[1].shape == (4, 1)
    assert "200 points, 100 of each class" in markdown
    assert "column $j$ of `W[0]`" in markdown and "row $j$" in markdown


def test_zero_start_never_moves(starts, markdown):
    run = starts["zero"]
    assert np.allclose([run.history.costs[0], run.history.epoch_costs[-1]], LOG2, rtol=1e-15)
    assert all(np.all(W == 0) for W in run.net.W) and np.all(run.net.b[0] == 0)
    assert np.all(run.W0_history == 0) and run.W0_history.shape == (301, 2, 4)
    assert abs(run.net.b[1][0]) < 1e-15  # the output bias: mean(1/2 - y) = 0, up to rounding
    assert f"{LOG2:.4f}" == "0.6931" and "\\log 2 \\approx 0.6931" in markdown


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_zero_start_is_still_exactly_zero_after_1000_steps(moons, activation):
    """Quiz 1: after 1000 steps W[0] is still exactly 0 (tanh and ReLU alike)."""
    X, y = moons
    run = train_from(X, y, np.zeros((2, 4)), np.zeros((4, 1)), num_epochs=1000,
                     activation=activation)
    assert np.all(run.net.W[0] == 0) and np.all(run.net.W[1] == 0)


def test_constant_start_moves_but_as_copies(starts):
    run = starts["half"]
    assert np.array_equal(np.round(run.net.W[0], 2), [[0.33] * 4, [-0.92] * 4])  # as notebook 03
    assert max(spread(W) for W in run.W0_history) < 1e-12  # the same at every step
    assert np.max(np.abs(run.W0_history - run.W0_history[0])) > 1.0  # the weights move
    assert f"{spread(run.net.W[0]):.2f}" == "0.00"
    W0 = run.net.W[0]  # the definition: the largest gap over all pairs of units and inputs
    assert spread(W0) == np.abs(W0[:, :, None] - W0[:, None, :]).max()


def test_rounding_differences_from_the_half_start_do_not_grow(moons, markdown):
    """BLAS may round the units' sums differently on another machine (~1e-16). A relative error
    of 1e-12 put into every gradient entry at every step leaves the units within 1e-11 of each
    other after 300 steps, so the printed 0.00 (and the heat map) is the same on any machine."""
    X, y = moons
    net = models.DenseNetwork([2, 4, 1], activation="tanh", init="zeros")
    net.W[0][...], net.W[1][...] = 0.5, 0.5
    noise = np.random.default_rng(0)
    for _ in range(300):
        _, grads = net.loss_and_grads(X, y)
        for p, g in zip(net.params, grads):
            p -= 1.0 * g * (1 + 1e-12 * noise.uniform(-1, 1, size=g.shape))
    assert 0 < spread(net.W[0]) < 1e-11 and np.ptp(net.b[0]) < 1e-11 and np.ptp(net.W[1]) < 1e-11
    assert f"{spread(net.W[0]):.2f}" == "0.00"
    for stated in ("a relative error of $10^{-12}$", "within $10^{-11}$ of each other",
                   "after 300 steps, so the 0.00 above is 0.00 on any machine"):
        assert stated in markdown


def test_random_start_gives_every_unit_its_own_weights(starts, markdown):
    run = starts["random"]
    assert f"{spread(run.net.W[0]):.2f}" == "0.96"
    for W0 in run.W0_history:  # every band its own pattern, at every step
        gaps = np.abs(W0[:, :, None] - W0[:, None, :]).max(axis=0)
        assert np.all(gaps[~np.eye(4, dtype=bool)] > 0.01)
    assert "$\\mathcal{N}(0, 0.5^2)$" in markdown


@pytest.mark.parametrize("scale", [0.01, 0.1, 0.5])
def test_with_one_hidden_layer_almost_any_small_scale_works(moons, scale):
    X, y = moons
    rng = np.random.default_rng(1)
    run = train_from(X, y, initializers.random_normal(2, 4, scale=scale, rng=rng),
                     initializers.random_normal(4, 1, scale=scale, rng=rng))
    assert run.history.epoch_costs[-1] < 0.31 and spread(run.net.W[0]) > 0.1


# --- why: the symmetry argument ---------------------------------------------------------------

@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "leaky_relu"])
@pytest.mark.parametrize("seed", [0, 1])
def test_units_that_start_equal_get_equal_gradients_and_stay_equal(activation, seed):
    """The proof, on random data and a random symmetric start, for every activation."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(50, 3))
    y = (rng.random(50) < 0.4).astype(float)
    net = models.DenseNetwork([3, 4, 1], activation=activation, init="zeros")
    net.W[0][...] = rng.normal(size=(3, 1))
    net.W[1][...] = rng.normal()
    net.b[0][...] = rng.normal()
    _, (dW0, db0, dW1, _) = net.loss_and_grads(X, y)
    assert np.allclose(dW0, dW0[:, :1], rtol=1e-12, atol=1e-15) and np.ptp(db0) < 1e-15
    assert np.allclose(dW1, dW1[0], rtol=1e-12, atol=1e-15) and np.abs(dW0).max() > 1e-6
    descent.train(net, X, y, lr=0.5, num_epochs=200)
    assert spread(net.W[0]) < 1e-10 and np.ptp(net.b[0]) < 1e-10 and np.ptp(net.W[1]) < 1e-10


def test_copies_draw_a_straight_boundary(starts, moons):
    """The output depends on x only through z_1 = x·w_1 + b_1: a threshold on z_1."""
    X, y = moons
    net = starts["half"].net
    z1 = X @ net.W[0][:, 0] + net.b[0][0]
    order = np.argsort(z1)
    p = net.predict_proba(X)[order]
    assert np.all(np.diff(p) >= -1e-15) or np.all(np.diff(p) <= 1e-15)
    labels = net.predict(X)[order]
    assert np.count_nonzero(np.diff(labels)) == 1  # one switch along z_1: one straight line


def test_gradient_at_the_half_start_has_equal_columns(moons):
    X, y = moons
    net = models.DenseNetwork([2, 4, 1], activation="tanh", init="zeros")
    net.W[0][...], net.W[1][...] = 0.5, 0.5
    _, (dW0, db0, dW1, _) = net.loss_and_grads(X, y)
    # equal up to the last digit (exactly equal with this machine's BLAS; another may round a
    # column differently): the printed 4 decimals are the same everywhere
    assert np.allclose(dW0, dW0[:, :1], rtol=1e-13, atol=0) and np.ptp(db0) < 1e-15
    assert np.allclose(dW1, dW1[0], rtol=1e-13, atol=0) and np.all(np.abs(dW0) > 0.01)
    assert np.round(dW0[:, 0], 4).tolist() == [-0.0488, 0.0873]
    assert round(float(db0[0]), 4) == 0.0453 and round(float(dW1[0, 0]), 4) == 0.0473


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_all_zero_start_gets_exactly_zero_gradient(moons, activation):
    X, y = moons
    net = models.DenseNetwork([2, 4, 1], activation=activation, init="zeros")
    _, (dW0, db0, dW1, db1) = net.loss_and_grads(X, y)
    assert not (dW0.any() or db0.any() or dW1.any())
    assert abs(db1[0]) < 1e-15 and np.isclose(np.mean(0.5 - y), 0)  # balanced: mean(1/2 - y) = 0
    assert activations.tanh(0.0) == 0 and activations.relu(0.0) == 0


def test_on_unbalanced_data_a_zero_start_learns_only_the_class_share(moons):
    X, y = moons
    keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:50]]  # 100 of class 0, 50 of 1
    run = train_from(X[keep], y[keep], np.zeros((2, 4)), np.zeros((4, 1)), num_epochs=500)
    assert all(np.all(W == 0) for W in run.net.W) and np.all(run.net.b[0] == 0)
    assert np.allclose(run.net.predict_proba(X), 1 / 3, atol=1e-4)


def test_sigmoid_units_from_zero_move_but_as_copies(moons):
    """σ(0) = 1/2: the gradients are not forced to 0 (on unbalanced data they are not 0)."""
    X, y = moons
    assert activations.sigmoid(0.0) == 0.5
    keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:80]]
    run = train_from(X[keep], y[keep], np.zeros((2, 4)), np.zeros((4, 1)), activation="sigmoid")
    W0 = run.net.W[0]
    assert np.abs(W0).max() > 0.1 and spread(W0) < 1e-10 and np.ptp(run.net.W[1]) < 1e-10


def test_random_weights_with_zero_biases_break_the_symmetry(moons):
    X, y = moons
    net = models.DenseNetwork([2, 4, 1], activation="tanh", init="he", rng=0)
    assert all(np.all(b == 0) for b in net.b)
    W, b = initializers.init_layers([2, 4, 1], "he", rng=0)
    assert all(np.all(v == 0) for v in b)  # "the library starts every bias at 0"
    _, (dW0, _, _, _) = net.loss_and_grads(X, y)
    gaps = np.abs(dW0[:, :, None] - dW0[:, None, :]).max(axis=0)
    assert np.all(gaps[~np.eye(4, dtype=bool)] > 1e-4)


# --- the variance argument ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def wide(starts):
    rng = starts["rng"]  # the notebook's rng, after the heat map's draws
    X_wide = rng.standard_normal((2000, 100))
    W_wide = initializers.random_normal(100, 100, scale=0.2, rng=rng)
    return X_wide @ W_wide


def test_sampled_variance_and_relu_half_match_the_printed_numbers(wide, markdown):
    assert f"{100 * 0.2**2:.2f}" == "4.00" and f"{wide.var():.2f}" == "4.01"
    assert f"{wide.var() / 2:.2f}" == "2.01" and f"{np.mean(activations.relu(wide) ** 2):.2f}" == "2.00"
    assert "100 \\cdot 0.04 \\cdot 1 = 4" in markdown


def test_var_z_needs_only_independent_mean_zero_weights_even_for_correlated_inputs(markdown):
    """Var(z) = n_in Var(w) E[x²]: inputs correlated and not centred, averaged over weight draws."""
    assert ("derive $\\operatorname{Var}(z) = n_\\text{in} \\operatorname{Var}(w)\\, E[x^2]$ "
            "($= n_\\text{in} \\operatorname{Var}(w) \\operatorname{Var}(x)$ for inputs of mean 0)"
            in markdown)  # the learning goal states the form the section derives
    rng = np.random.default_rng(3)
    n_in, m = 20, 400
    mix = rng.normal(size=(n_in, n_in)) / np.sqrt(n_in)
    X = rng.normal(size=(m, n_in)) @ mix + 0.7  # correlated inputs, mean 0.7
    W = rng.normal(0.0, 0.3, size=(n_in, 20_000))  # many independent weight vectors
    Z = X @ W
    predicted = n_in * 0.3**2 * np.mean(X**2)
    assert np.mean(Z**2) == pytest.approx(predicted, rel=0.02)
    assert np.mean(Z) == pytest.approx(0, abs=0.02 * math.sqrt(predicted))


def test_backward_variance_is_n_out_var_w_var_dz():
    rng = np.random.default_rng(4)
    n_in, n_out = 30, 50
    dZ = rng.normal(0, 1.5, size=(4000, n_out))
    W = rng.normal(0, 0.1, size=(n_in, n_out))
    dX = dZ @ W.T  # dx_i = Σ_j w_ij dz_j
    assert dX.var() == pytest.approx(n_out * 0.01 * 1.5**2, rel=0.1)


@pytest.mark.parametrize("draw", ["normal", "uniform", "laplace"])
def test_relu_keeps_exactly_half_of_a_symmetric_second_moment(draw):
    rng = np.random.default_rng(5)
    args = (-1.0, 1.0) if draw == "uniform" else ()  # symmetric around 0
    z = getattr(rng, draw)(*args, size=1_000_000)
    assert np.mean(np.maximum(z, 0) ** 2) == pytest.approx(np.mean(z**2) / 2, rel=0.01)
    # closed form for z ~ N(0, s²): E[relu(z)²] = s²/2, by quadrature
    s = 1.7
    grid = np.linspace(0, 12 * s, 200_001)
    density = np.exp(-grid**2 / (2 * s * s)) / (s * math.sqrt(2 * math.pi))
    assert np.trapezoid(grid**2 * density, grid) == pytest.approx(s * s / 2, rel=1e-9)


def test_xavier_and_he_variances_and_defaults(markdown):
    rng = np.random.default_rng(6)
    assert initializers.xavier(100, 100, rng=rng).var() == pytest.approx(1 / 100, rel=0.03)
    assert initializers.xavier(300, 100, rng=rng).var() == pytest.approx(2 / 400, rel=0.03)
    assert initializers.he(100, 100, rng=rng).var() == pytest.approx(2 / 100, rel=0.03)
    assert inspect.signature(models.DenseNetwork).parameters["init"].default == "he"
    assert activations.tanh_derivative(0.0) == 1.0
    assert abs(activations.tanh(0.05) - 0.05) < 1e-4  # tanh(z) ≈ z near 0
    assert "2 / (100 + 100) = 1/100" in markdown


def test_saturation_threshold_is_a_tenth_of_the_largest_slope(markdown):
    a_edge = math.sqrt(0.9)  # 1 − a² = 0.1
    assert round(a_edge, 2) == 0.95 and activations.tanh_derivative(0.0) == 1.0
    z_edge = math.atanh(a_edge)
    assert activations.tanh_derivative(z_edge) == pytest.approx(0.1)
    assert "1 - a^2 < 0.1" in markdown and "|a| > \\sqrt{0.9} \\approx 0.95" in markdown


# --- measured: 20 layers ------------------------------------------------------------------------

def layer_stats(g, init, num_layers=20, width=100, m=500, rng=1):
    rng = np.random.default_rng(rng)
    A = rng.standard_normal((m, width))
    stds, saturated = [A.std()], [0.0]
    for _ in range(num_layers):
        A = g(A @ init(width, width, rng=rng))
        stds.append(A.std())
        saturated.append(np.mean(1 - A**2 < 0.1))
    return np.array(stds), np.array(saturated)


@pytest.fixture(scope="module")
def stats():
    return {(g, name): layer_stats(getattr(activations, g), init)
            for g in ("tanh", "relu") for name, init in SCHEMES.items()}


def factor(stds):
    """The average factor per layer from layer 1 to layer 20 (geometric mean)."""
    return (stds[20] / stds[1]) ** (1 / 19)


def test_too_small_vanishes(stats, markdown):
    tanh_stds, relu_stds = stats["tanh", "N(0, 0.01²)"][0], stats["relu", "N(0, 0.01²)"][0]
    assert factor(tanh_stds) == pytest.approx(0.1, rel=0.02)
    assert factor(relu_stds) == pytest.approx(0.1 / math.sqrt(2), rel=0.03)
    assert 1e-21 < tanh_stds[20] < 1e-19 and relu_stds[20] < 1e-23
    assert "about $10^{-20}$ with tanh, below $10^{-23}$ with ReLU" in markdown


def test_too_large_explodes_or_saturates(stats, markdown):
    relu_stds = stats["relu", "N(0, 1)"][0]
    assert factor(relu_stds) == pytest.approx(math.sqrt(50), rel=0.05) and round(math.sqrt(50)) == 7
    assert relu_stds[20] > 1e16
    tanh_stds, saturated = stats["tanh", "N(0, 1)"]
    assert np.all(tanh_stds[1:] < 1) and np.all((0.83 <= saturated[1:]) & (saturated[1:] <= 0.87))
    assert "more than $10^{16}$ after 20 layers" in markdown
    assert "about 85 % of the units are saturated, in every layer" in markdown


def test_xavier_shrinks_tanh_slowly_and_halves_relu_variance(stats, markdown):
    tanh_stds = stats["tanh", "Xavier"][0]
    assert f"{tanh_stds[1]:.2f}" == "0.62" and f"{tanh_stds[20]:.2f}" == "0.18"
    assert np.all(np.diff(tanh_stds[1::4]) < 0) and np.all(np.diff(tanh_stds[1:]) < 0.01)  # shrinks
    relu_stds = stats["relu", "Xavier"][0]
    assert factor(relu_stds) ** 2 == pytest.approx(0.5, rel=0.05)  # variance halves per layer
    assert f"{relu_stds[20]:.0e}" == "6e-04"
    assert "from 0.62 to 0.18" in markdown and "about 0.0006" in markdown
    assert np.all(np.abs(np.tanh(np.linspace(-3, 3, 61))) <= np.abs(np.linspace(-3, 3, 61)))


def test_he_keeps_relu_and_tanh_spreads(stats, markdown):
    relu_stds = stats["relu", "He"][0]
    assert f"{relu_stds[1]:.2f}" == "0.82" and f"{relu_stds[20]:.2f}" == "0.57"
    tanh_stds, saturated = stats["tanh", "He"]
    assert np.all(np.abs(tanh_stds[5:] - 0.56) < 0.015)  # "about 0.56 from layer 5 on"
    assert f"{saturated[1]:.0%}" == "19%" and f"{saturated[20]:.0%}" == "2%"
    assert "0.82 at layer 1, 0.57 at layer 20" in markdown and "about 0.56 from layer 5 on" in markdown
    assert "19 % of the first layer's units are saturated (2 % of the last layer's)" in markdown


def test_he_relu_spread_at_layer_20_over_30_networks(markdown):
    last = [layer_stats(activations.relu, initializers.he, rng=seed)[0][20] for seed in range(30)]
    assert round(min(last), 1) == 0.3 and round(max(last), 1) == 1.5
    assert "drawn with seeds 0 to 29, the spread at layer 20 ranged from 0.3 to 1.5" in markdown


def test_each_he_layer_multiplies_the_variance_by_a_random_factor_of_average_one():
    rng = np.random.default_rng(7)
    A = activations.relu(rng.standard_normal((200, 100)))
    factors = [np.mean((A @ initializers.he(100, 100, rng=rng)) ** 2) / (2 * np.mean(A**2))
               for _ in range(400)]
    assert np.mean(factors) == pytest.approx(1, abs=0.01) and np.std(factors) > 0.02


# --- training a deep ReLU network ---------------------------------------------------------------

def deep_relu_net(scheme, seed=0):
    net = models.DenseNetwork([2] + [16] * 10 + [1], activation="relu", init="zeros")
    seeded = np.random.default_rng(seed)
    for W in net.W:
        W[...] = SCHEMES[scheme](*W.shape, rng=seeded)
    return net


def costs_of(history):
    return history.costs if history.diverged else np.append(history.costs, history.epoch_costs[-1])


@pytest.fixture(scope="module")
def deep(moons):
    X, y = moons
    out = {}
    for name in SCHEMES:
        net = deep_relu_net(name)
        start = net.forward(X).caches[-1].Z
        cost, grads = net.loss_and_grads(X, y)
        norms = np.array([np.linalg.norm(g) for g in grads[0::2]])
        history = descent.train(net, X, y, lr=0.1, num_epochs=150)
        out[name] = (start, norms, history)
    return out


def test_the_four_starts_draw_the_same_numbers_and_start_with_the_same_boundary(moons, markdown):
    X, _ = moons
    z = {name: deep_relu_net(name).forward(X).caches[-1].Z[:, 0] for name in SCHEMES}
    for name in SCHEMES:
        ratio = z[name] / z["He"]
        assert np.allclose(ratio, ratio[0], rtol=1e-9) and ratio[0] > 0
    c = 3.0
    v = np.linspace(-2, 2, 9)
    assert np.array_equal(activations.relu(c * v), c * activations.relu(v))
    assert "(seed 0)" in markdown


def test_too_small_never_leaves_log_2(deep, markdown):
    start, norms, history = deep["N(0, 0.01²)"]
    assert np.allclose(costs_of(history), LOG2, atol=1e-12) and not history.diverged
    assert 1e-19 < start.std() < 1e-17 and np.all(norms < 1e-16)
    assert "about $10^{-18}$" in markdown and "below $10^{-16}$" in markdown


def test_too_large_diverges_at_the_first_step(deep, moons, markdown):
    X, y = moons
    start, norms, history = deep["N(0, 1)"]
    assert round(start.std(), -3) == 7000 and round(history.costs[0]) == 6663
    assert round(norms.min(), -2) == 3600 and round(norms.max(), -3) == 16000
    assert "norms from 3600 to 16 000" in markdown and "norms in the thousands" in markdown
    assert history.diverged and len(history.costs) == 1
    net = deep_relu_net("N(0, 1)")
    _, grads = net.loss_and_grads(X, y)
    for p, g in zip(net.params, grads):
        p -= 0.1 * g
    assert 1e23 < net.cost(X, y) < 1e25  # "about 10^24"
    assert "a cost of 6663" in markdown and "about $10^{24}$" in markdown


def test_xavier_starts_slowly_and_he_learns_first(deep, moons, markdown):
    X, _ = moons
    start, norms, history = deep["Xavier"]
    assert f"{start.std():.3f}" == "0.003" and np.all(norms < 0.01)
    p = deep_relu_net("Xavier").predict_proba(X)
    assert np.max(np.abs(p - 0.5)) < 0.005  # "every answer close to 1/2"
    xavier, he = costs_of(history), costs_of(deep["He"][2])
    assert np.argmax(xavier < 0.6) == 103 and np.argmax(he < 0.6) == 5
    assert np.all(np.abs(xavier[:81] - LOG2) < 0.03) and abs(xavier[100] - LOG2) > 0.03
    assert "within 0.03 of $\\log 2$ for 80 steps" in markdown
    assert f"{xavier[-1]:.3f}" == "0.290" and f"{he[-1]:.3f}" == "0.147"
    assert 20 + np.argmax(he[20:]) == 107 and f"{he[107]:.2f}" == "0.70"
    assert he[110] < 0.21  # recovers within a few steps
    for stated in ("at step 103 (He's at step 5)", "0.290 after 150 steps, against He's 0.147",
                   "at step 107, to 0.70", "spread of 0.003", "gradients below 0.01"):
        assert stated in markdown


def test_ten_seeds_tell_the_same_story(moons, markdown):
    X, y = moons
    he_first, xavier_first = [], []
    for seed in range(10):
        assert descent.train(deep_relu_net("N(0, 1)", seed), X, y, lr=0.1, num_epochs=150).diverged
        small = descent.train(deep_relu_net("N(0, 0.01²)", seed), X, y, lr=0.1, num_epochs=150)
        assert np.allclose(costs_of(small), LOG2, atol=1e-9)
        xavier = costs_of(descent.train(deep_relu_net("Xavier", seed), X, y, lr=0.1,
                                        num_epochs=150))
        he = costs_of(descent.train(deep_relu_net("He", seed), X, y, lr=0.1, num_epochs=150))
        assert np.any(he < 0.6) and np.any(xavier < 0.6)  # argmax below means "first step"
        he_first.append(int(np.argmax(he < 0.6)))
        xavier_first.append(int(np.argmax(xavier < 0.6)))
        assert he[-1] < xavier[-1]
    assert max(he_first) == 12 and (min(xavier_first), max(xavier_first)) == (29, 134)
    assert "within 12 steps every time" in markdown and "after 29 to 134 steps" in markdown


# --- exercise and quiz --------------------------------------------------------------------------

def test_the_notebook_solution_passes_its_checker(code_cells, capsys):
    source = next(c for c in code_cells if c.startswith("def initialize("))
    namespace = {"np": np}
    exec(source, namespace)
    assert checks.check_initialize(namespace["initialize"]) is True
    W, b = namespace["initialize"]([3, 5, 2], "he", rng=0)
    W_lib, _ = initializers.init_layers([3, 5, 2], "he", rng=0)
    assert all(np.allclose(w, v, rtol=1e-12) for w, v in zip(W, W_lib))


def test_quiz_numbers():
    assert math.sqrt(2 / 200) == pytest.approx(0.1) and math.sqrt(2 / 50) == pytest.approx(0.2)
    assert 2 / 200 == 0.01 and round(math.sqrt(2 / 250), 3) == 0.089


# --- the explorer's paragraph -------------------------------------------------------------------

@pytest.fixture(scope="module")
def explorer_data():
    from lessons_lib import symmetry

    defaults = inspect.signature(symmetry.train_recording_weights).parameters
    assert defaults["hidden_units"].default == 6 and defaults["lr"].default == 1.5
    assert defaults["num_steps"].default == 600
    from lessons_lib.widgets import symmetry as explorer

    assert explorer.M_EXAMPLES == 201
    X, y = datasets.make_moons(m=201, rng=0)
    return X, y, functools.partial(symmetry.train_recording_weights, X, y)


def test_explorer_data_and_settings_are_as_described(explorer_data, markdown):
    _, y, _ = explorer_data
    assert sorted([int(np.sum(y == 0)), int(np.sum(y == 1))]) == [100, 101]
    assert "201 moons (101 of one class, 100 of the other)" in markdown
    assert "`[2, 6, 1]`" in markdown and "600 full-batch steps with `lr = 1.5`" in markdown


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_explorer_zeros_with_tanh_or_relu_stay_flat(explorer_data, activation, markdown):
    run = explorer_data[2]("zeros", activation=activation)
    assert np.all(run.W_hidden == 0) and np.all(run.b_hidden == 0)
    assert f"{run.costs[-1]:.4f}" == "0.6931" and abs(run.costs[-1] - LOG2) < 1e-4
    assert "cost about $\\log 2$ (0.6931)" in markdown


def test_explorer_zeros_with_sigmoid_move_as_copies_and_stop_at_a_straight_line(explorer_data,
                                                                                markdown):
    run = explorer_data[2]("zeros", activation="sigmoid")
    assert np.abs(run.W_hidden[-1]).max() > 1 and np.all(run.unit_spread == 0)
    assert f"{run.accuracies[-1]:.1%}" == "87.1%" and "87.1 %" in markdown
    X, y, _ = explorer_data  # "the same as logistic regression on these points"
    logistic = models.LogisticRegression(2)
    descent.train(logistic, X, y, lr=1.0, num_epochs=3000)
    assert np.mean(logistic.predict(X) == y) == run.accuracies[-1]
    assert "the same as logistic regression on these points" in markdown
    constant = explorer_data[2]("constant", 0.5)
    assert np.all(constant.unit_spread == 0) and np.ptp(constant.W_hidden, axis=0).max() > 0.1


def test_balanced_classes_make_the_sigmoid_zero_start_stationary(moons):
    X, y = moons
    net = models.DenseNetwork([2, 4, 1], activation="sigmoid", init="zeros")
    _, grads = net.loss_and_grads(X, y)
    assert max(np.abs(g).max() for g in grads) < 1e-15  # 0 up to rounding


def test_explorer_random_scales_all_break_the_symmetry(explorer_data, markdown):
    first_below = {}
    for scale in (0.01, 0.5, 5.0):
        run = explorer_data[2]("random", scale)
        assert run.unit_spread[-1] > 1 and np.all(run.unit_spread[1:] > 0)
        first_below[scale] = int(np.argmax(run.costs < 0.1))
    assert first_below == {0.01: 459, 0.5: 382, 5.0: 91}
    assert "after 91 steps, against 382 at 0.5 and 459 at 0.01" in markdown


def test_unit_by_unit_sums_keep_copies_bit_for_bit(moons, markdown):
    from lessons_lib import symmetry

    X, y = moons
    for activation in ("tanh", "sigmoid"):
        run = symmetry.train_recording_weights(X, y, "constant", 0.5, hidden_units=6,
                                               activation=activation, lr=1.0, num_steps=300)
        assert np.all(run.unit_spread == 0)
    assert "adds unit by unit, so that its copies stay bit-for-bit equal" in markdown


@pytest.mark.parametrize("c", [0.1, 3.0])
def test_scaling_every_relu_layer_by_c_scales_every_weight_gradient_by_c_to_the_10(moons, c,
                                                                                    markdown):
    """Activations entering layer l scale by c^(l-1), dZ by c^(11-l): dW by c^10 in every layer,
    exactly when ŷ - y is held fixed; with the real ŷ - y only "up to" its change."""
    X, y = moons
    net, scaled = deep_relu_net("He"), deep_relu_net("He")
    for W in scaled.W:
        W *= c
    A_out, caches = net.forward(X)
    _, caches_c = scaled.forward(X)
    for l, cache in enumerate(caches_c[:-1]):  # hidden activations: c^(l + 1) times
        np.testing.assert_allclose(cache.A, c ** (l + 1) * caches[l].A, rtol=1e-9, atol=0)
    grads, grads_c = net.backward(y, A_out, caches), scaled.backward(y, A_out, caches_c)
    for g, g_c in zip(grads, grads_c):  # the same ŷ - y: dW times c^10 in every layer
        np.testing.assert_allclose(g_c.dW, c**10 * g.dW, rtol=1e-9, atol=0)
    assert "the same $c^{10}$ (up to the change in $\\hat y - y$)" in markdown


def test_relu_gradients_are_alike_across_layers_and_the_scale_sets_their_size(deep, markdown):
    for name, (_, norms, _) in deep.items():
        assert len(norms) == 11 and norms.max() / norms.min() < 5
    small, he = deep["N(0, 0.01²)"][1], deep["He"][1]
    assert np.all((1e-17 <= small) & (small < 1e-16))
    assert round(he.min(), 1) == 0.1 and round(he.max(), 1) == 0.4
    for stated in ("within a factor of 5 of each other", "He's 0.1 to 0.4 suit `lr = 0.1`",
                   "$10^{-17}$ moves nothing"):
        assert stated in markdown


def test_the_explorer_as_it_opens(explorer_data, markdown):
    run = explorer_data[2]("random", 0.5)
    plateau = run.costs[20:301]
    assert np.all((0.265 <= plateau) & (plateau < 0.295)) and run.costs[-1] < 0.1
    assert run.accuracies[-1] == 1.0 and run.steps[-1] == 600
    assert "plateau between 0.27 and 0.29 from step 20 to step 300" in markdown
    at = dict(zip(run.steps.tolist(), run.unit_spread))
    assert f"{at[300]:.1f}" == "2.6" and f"{at[600]:.1f}" == "8.4"
    assert "rises from 2.6 at step 300 to 8.4 at step 600" in markdown
