"""Tests for lessons_lib.depth (wide against deep on the folding task) and its plots.

Independent references: a closed form of the sawtooth (distance to the nearest integer),
parameter counts written out by hand, a brute-force width search, a dynamic programme for the
best classifier with a given number of class changes, and a hand-built shallow network that
reaches the ceiling. The registered experiments' claims are checked on the seeds they used.
"""

import numpy as np
import pytest
from matplotlib.figure import Figure

from lessons_lib import depth
from lessons_lib.depth import (ROOMY, TIGHT, class_changes, compare_wide_deep, dense_n_params,
                               make_sawtooth, sawtooth, sawtooth_grid, sawtooth_network,
                               select_lr, shallow_accuracy_ceiling, width_for_budget)
from lessons_lib.models import DenseNetwork
from lessons_lib.plots.depth import SawtoothArtists, plot_predictions_1d, plot_sawtooth_task


def closed_form(x, k):
    """g^k(x) = 4 dist(2^(k-2) (x + 1), Z) - 1: the tent map T(t) = 2 dist(t, Z) in t = (x+1)/2."""
    s = 2.0 ** (k - 2) * (np.asarray(x) + 1.0)
    return 4.0 * np.abs(s - np.round(s)) - 1.0


def best_with_changes(y, s):
    """Most points of the sorted labels ``y`` a classifier with ≤ s class changes gets right."""
    edges = np.flatnonzero(np.diff(y)) + 1
    runs = zip(y[np.r_[0, edges]], np.diff(np.r_[0, edges, y.size]))
    best = np.full((s + 1, 2), -np.inf)
    best[0] = 0.0
    for value, n in runs:  # best[c, l]: c changes used, current predicted label l
        stay, switch = best, np.vstack([np.full((1, 2), -np.inf), best[:-1, ::-1]])
        best = np.maximum(stay, switch) + n * (np.arange(2) == value)
    return best.max()


# --- the task ------------------------------------------------------------------------------

@pytest.mark.parametrize("k", [1, 2, 3, 4, 6])
def test_sawtooth_matches_the_closed_form_and_changes_class_2_to_the_k_times(k):
    x = np.random.default_rng(k).uniform(-1, 1, size=500)
    np.testing.assert_allclose(sawtooth(x, k), closed_form(x, k), atol=1e-12)
    X, y = sawtooth_grid(2048, k)
    assert np.array_equal(X[:, 0], np.sort(X[:, 0])) and class_changes(y) == 2 ** k
    assert y.mean() == 0.5 and y[0] == y[-1] == 0
    X, y = make_sawtooth(300, k, rng=k)
    assert X.shape == (300, 1) and y.dtype == np.int64
    assert np.array_equal(y, (closed_form(X[:, 0], k) > 0).astype(int))


def test_make_sawtooth_is_repeatable_and_seeded():
    assert np.array_equal(make_sawtooth(50, rng=3)[0], make_sawtooth(50, rng=3)[0])
    assert not np.array_equal(make_sawtooth(50, rng=3)[0], make_sawtooth(50, rng=4)[0])


# --- parameter counts ----------------------------------------------------------------------

@pytest.mark.parametrize("sizes, by_hand", [
    ([1, 8, 1], 1 * 8 + 8 + 8 * 1 + 1),
    ([1, 2, 2, 2, 2, 1], (2 + 2) + 3 * (4 + 2) + (2 + 1)),
    ([1, 33, 1], 33 + 33 + 33 + 1),
    ([1, 5, 5, 5, 5, 1], (5 + 5) + 3 * (25 + 5) + (5 + 1)),
    ([1, 8, 8, 1], 16 + 72 + 9), ([1, 6, 6, 6, 1], 12 + 2 * 42 + 7), ([3, 4, 1], 16 + 5),
])
def test_dense_n_params_by_hand_and_against_the_model(sizes, by_hand):
    assert dense_n_params(sizes) == by_hand == DenseNetwork(sizes, rng=0).n_params


@pytest.mark.parametrize("budget", [4, 13, 25, 37, 100, 301])
@pytest.mark.parametrize("n_hidden", [1, 2, 3, 4, 6])
def test_width_for_budget_is_the_nearest_by_brute_force(budget, n_hidden):
    def count(w):  # first layer, middle layers, output layer
        return (1 + 1) * w + (n_hidden - 1) * (w + 1) * w + (w + 1) * 1
    errors = [abs(count(w) - budget) for w in range(1, 400)]
    assert width_for_budget(budget, n_hidden) == 1 + int(np.argmin(errors))


def test_the_registered_architectures_and_their_sizes():
    tight = compare_wide_deep(**{**TIGHT, "num_epochs": 0})
    roomy = compare_wide_deep(**{**ROOMY, "num_epochs": 0})
    assert tight.layer_sizes == ((1, 8, 1), (1, 2, 2, 2, 2, 1)) and tight.n_params == (25, 25)
    assert roomy.layer_sizes == ((1, 33, 1), (1, 8, 8, 1), (1, 6, 6, 6, 1))
    assert roomy.n_params == (100, 97, 103) and ROOMY["num_epochs"] * 256 // 32 == 6000
    assert compare_wide_deep(budget=100, num_epochs=0).n_params == (100, 106)


# --- expressivity --------------------------------------------------------------------------

@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_hand_set_deep_network_computes_the_sawtooth_exactly(k):
    net = sawtooth_network(k, scale=3.0)
    assert net.layer_sizes == (1,) + (2,) * k + (1,) and net.n_params == 6 * k + 1
    X, y = sawtooth_grid(2048, k)  # dyadic points: every operation is exact
    logit = net.forward(X).caches[-1].Z[:, 0]
    assert np.array_equal(logit, 3.0 * closed_form(X[:, 0], k))
    assert np.mean(net.predict(X) == y) == 1.0 and class_changes(net.predict(X)) == 2 ** k
    x = np.random.default_rng(0).uniform(-1, 1, size=(400, 1))
    np.testing.assert_allclose(net.forward(x).caches[-1].Z[:, 0], 3 * closed_form(x[:, 0], k),
                               atol=1e-12)


@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_ceiling_equals_the_best_classifier_with_width_plus_one_changes(k):
    _, y = sawtooth_grid(1024, k)
    for width in range(1, 2 ** k + 2):
        best = best_with_changes(y, width + 1) / y.size
        assert shallow_accuracy_ceiling(k, width) == pytest.approx(best, abs=1e-12)
    assert shallow_accuracy_ceiling(4, 8) == 25 / 32


def test_a_one_hidden_layer_net_never_changes_class_more_than_width_plus_one_times():
    rng, (X, _) = np.random.default_rng(1), sawtooth_grid(4096, 1)
    for width in (1, 2, 3, 5, 8):
        for _ in range(40):
            net = DenseNetwork([1, width, 1], rng=rng)
            net.b[0][...] = rng.uniform(-1, 1, width) * np.abs(net.W[0][0])  # kinks in [-1, 1]
            net.W[1][...] = rng.standard_normal((width, 1))
            net.b[1][...] = rng.standard_normal(1) * 0.3
            assert class_changes(net.predict(X)) <= width + 1


def test_a_1x8_network_reaches_the_ceiling_25_of_32():
    """Nine changes (four class-1 stretches, then class 1 from 13/16 on) with eight units.

    Piece i is f = s_i (x - z_i), slopes alternating in sign with sizes a_i; a kink between
    z_(i-1) and z_i joins them. Units 1 and 4 face left (relu(t - x)): a unit's linear part
    then cancels the left slope when a_1 = a_3 + a_4."""
    X, y = sawtooth_grid(2048, 4)
    z = np.array([-15, -13, -7, -5, 1, 3, 9, 11, 13]) / 16
    a = np.array([1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    slope = a * (-1.0) ** np.arange(9)  # f(-1) < 0: class 0 at the left end
    t = (a[1:] * z[1:] + a[:-1] * z[:-1]) / (a[1:] + a[:-1])  # where pieces meet
    d = np.diff(slope)  # slope change at each kink
    left = np.isin(np.arange(8), [0, 3])
    net = DenseNetwork([1, 8, 1], rng=0)
    net.W[0][...], net.b[0][...] = np.where(left, -1.0, 1.0), np.where(left, t, -t)
    net.W[1][...], net.b[1][...] = d[:, None], 0.0
    net.b[1][...] = -net.forward([[z[0]]]).caches[-1].Z[0, 0]
    pieces = np.searchsorted(t, X[:, 0])
    np.testing.assert_allclose(net.forward(X).caches[-1].Z[:, 0],
                               slope[pieces] * (X[:, 0] - z[pieces]), atol=1e-12)
    assert net.n_params == 25 and class_changes(net.predict(X)) == 9
    assert np.mean(net.predict(X) == y) == shallow_accuracy_ceiling(4, 8) == 25 / 32


# --- the experiment ------------------------------------------------------------------------

def test_compare_is_repeatable_and_each_seed_is_independent_of_the_others():
    a = compare_wide_deep(seeds=(0, 5), num_epochs=3)
    b = compare_wide_deep(seeds=(5,), num_epochs=3)
    assert np.array_equal(a.test_accuracy, compare_wide_deep(seeds=(0, 5), num_epochs=3).test_accuracy)
    assert np.array_equal(a.test_accuracy[:, 1], b.test_accuracy[:, 0])
    assert np.array_equal(a.networks[1][1].W[2], b.networks[1][0].W[2])
    assert a.num_steps == 3 * 8 and a.lr == (0.03, 0.03) and a.names == ("1 × 8", "4 × 2")
    assert "± " in a.table() and a.table().count("\n") == 2


@pytest.fixture(scope="module")
def tight10():
    return compare_wide_deep(**TIGHT, seeds=range(10))


def test_tight_claims_with_seeds_0_to_9(tight10):
    """25 parameters, 1200 steps: gradient descent finds neither solution. Every run stays near
    chance, finds at most 3 of the 16 class changes; the 4 × 2 net predicts one class in 6 of
    10 seeds and never changes class more than once."""
    r = tight10
    assert r.num_steps == 1200 and not r.diverged.any()
    assert np.all((r.test_accuracy > 0.45) & (r.test_accuracy < 0.6))
    assert r.n_changes.max() == 3 and r.n_changes[1].max() == 1
    assert np.sum(r.n_changes[1] == 0) == 6
    shallow, deep = r.test_accuracy.mean(axis=1)
    assert 0.50 < shallow < 0.54 and 0.48 < deep < 0.52
    assert r.train_accuracy.max() < 0.62
    # the notebook runs seeds 0, 1, 2: the first three columns (seeds are independent, above)
    assert np.all(r.n_changes[:, :3] <= 2) and np.all(r.test_accuracy[:, :3] < 0.57)


def test_roomy_claims_with_seeds_0_to_2():
    """About 100 parameters, 6000 steps, k = 3: the 2 × 8 net beat the 1 × 33 net on every seed
    (all 10 in the full run; 3 checked here to keep the test short)."""
    r = compare_wide_deep(**{**ROOMY, "depths": (1, 2), "lr": ROOMY["lr"][:2]}, seeds=(0, 1, 2))
    assert not r.diverged.any()
    assert np.all(r.test_accuracy[1] > r.test_accuracy[0])
    assert r.test_accuracy[1].mean() - r.test_accuracy[0].mean() > 0.1
    assert np.all(r.n_changes[1] > r.n_changes[0]) and r.n_changes.max() <= 8


def test_select_lr_picks_the_best_mean_validation_accuracy():
    s = select_lr(k=2, budget=13, lrs=(0.1, 1.0), seeds=[100], num_epochs=2)
    assert s.layer_sizes == ((1, 4, 1), (1, 2, 2, 1)) and s.val_accuracy.shape == (2, 2)
    assert s.best_lr == tuple(s.lrs[i] for i in np.argmax(s.val_accuracy, axis=1))


# --- validation ----------------------------------------------------------------------------

@pytest.mark.parametrize("call, error, match", [
    (lambda: sawtooth([0.5, 1.5], 2), ValueError, r"\[-1, 1\]"),
    (lambda: sawtooth([0.5], 0), ValueError, "k"),
    (lambda: sawtooth([0.5], 13), ValueError, "≤ 12"),
    (lambda: sawtooth([0.5], True), TypeError, "k"),
    (lambda: sawtooth("x", 2), TypeError, "x"),
    (lambda: make_sawtooth(0), ValueError, "m"),
    (lambda: width_for_budget(0, 1), ValueError, "budget"),
    (lambda: dense_n_params([3]), ValueError, "layer_sizes"),
    (lambda: sawtooth_network(3, scale=-1.0), ValueError, "scale"),
    (lambda: compare_wide_deep(k=3), ValueError, "No tuned learning rate"),
    (lambda: compare_wide_deep(lr=(0.1,)), ValueError, "one per architecture"),
    (lambda: compare_wide_deep(lr=0.1, seeds=()), ValueError, "seeds"),
    (lambda: compare_wide_deep(lr=0.1, seeds=(-1,)), ValueError, "seeds"),
    (lambda: compare_wide_deep(lr=0.1, depths=()), ValueError, "depths"),
    (lambda: compare_wide_deep(lr=0.1, batch_size=0), ValueError, "batch_size"),
    (lambda: class_changes([[0, 1]]), ValueError, "y_pred"),
    (lambda: plot_predictions_1d([sawtooth_network(2)], 2, labels=["a", "b"]), ValueError,
     "labels"),
])
def test_bad_input_gets_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_tuned_learning_rates_are_read_only():
    with pytest.raises(TypeError):
        depth.TUNED_LR[4, (1, 8, 1)] = 1.0


# --- plots ---------------------------------------------------------------------------------

def test_plot_sawtooth_task_draws_the_curve_regions_and_points():
    ax = Figure().add_subplot()
    ax.set_ylabel("mine")
    X, y = make_sawtooth(40, 3, rng=0)
    art = plot_sawtooth_task(3, ax, X=X, y=y)
    assert isinstance(art, SawtoothArtists)
    x, g = art.curve.get_data()
    np.testing.assert_allclose(g, closed_form(x, 3), atol=1e-12)
    assert art.points.get_offsets().shape == (40, 2) and art.regions is not None
    assert ax.get_ylabel() == "mine" and ax.get_xlabel() == "x"
    assert plot_sawtooth_task(2).points is None  # makes its own axes


def test_plot_predictions_1d_draws_each_models_probability():
    ax = Figure().add_subplot()
    nets = [sawtooth_network(2), DenseNetwork([1, 3, 1], rng=0)]
    lines = plot_predictions_1d(nets, 2, ax, labels=["deep", "shallow"])
    assert len(lines) == 3 and lines[0].get_label() == "deep"
    x, p = lines[1].get_data()
    np.testing.assert_allclose(p, nets[1].predict_proba(x[:, None]))
    assert ax.get_ylabel() == "P(y = 1 | x)"
