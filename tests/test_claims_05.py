"""Every claim that notebook 05_backprop_logistic_regression makes in words, checked numerically.

The notebook's pipeline is recomputed here with the same seed and the same order of random draws
(split, then the point (w, b) for gradient checking); the numbers its markdown states are
compared with the recomputed ones, so a changed pipeline or a changed sentence fails a test.
"""

import json
import math
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import activations, datasets, descent, gradcheck, losses, models, preprocessing

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "05_backprop_logistic_regression.ipynb"


class Pipeline(NamedTuple):
    split: object
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    w: np.ndarray
    b: float


@pytest.fixture(scope="module")
def pipe():
    rng = np.random.default_rng(0)
    data = datasets.load_breast_cancer()
    split = preprocessing.train_test_split(data.X, data.y, test_size=0.25, rng=rng)
    scaled = preprocessing.standardize(split.X_train, split.X_test)
    w = 0.1 * rng.normal(size=data.X.shape[1])
    return Pipeline(split, scaled.X_train, scaled.X_test, split.y_train, split.y_test, w, 0.2)


@pytest.fixture(scope="module")
def markdown():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def train(X, y, lr, num_epochs=100, **kw):
    model = models.LogisticRegression(X.shape[1])
    return model, descent.train(model, X, y, lr=lr, num_epochs=num_epochs, **kw)


def accuracy(model, X, y):
    return float(np.mean(model.predict(X) == y))


def cost(p, w, b):
    return losses.bce_cost_with_logits(p.y_train, p.X_train @ w + b)


def analytic(p):
    a = activations.sigmoid(p.X_train @ p.w + p.b)
    dz = a - p.y_train
    return a, dz, p.X_train.T @ dz / len(dz), float(np.mean(dz))


# --- the data ---------------------------------------------------------------------------------

def test_data_sizes_scales_and_standardisation(pipe, markdown):
    assert pipe.X_train.shape == (426, 30) and pipe.X_test.shape == (143, 30)
    assert "569 examples" in markdown and "30 measurements" in markdown
    stds = pipe.split.X_train.std(axis=0)
    assert round(stds.min(), 4) == 0.0026 and round(stds.max()) == 556
    names = list(datasets.load_breast_cancer().feature_names)
    area = pipe.split.X_train[:, names.index("area (mean)")].mean()
    smoothness = pipe.split.X_train[:, names.index("smoothness (mean)")].mean()
    assert 100 <= area < 1000 and abs(smoothness - 0.1) < 0.02  # "in the hundreds", "around 0.1"
    assert np.allclose(pipe.X_train.mean(axis=0), 0, atol=1e-12)
    assert np.allclose(pipe.X_train.std(axis=0), 1, atol=1e-12)
    # the test set's own statistics differ from the training set's (quiz: "different μ and σ")
    assert not np.allclose(pipe.split.X_test.mean(axis=0), pipe.split.X_train.mean(axis=0))


# --- gradients and gradient checking ------------------------------------------------------------

def test_vectorised_gradient_matches_finite_differences_and_the_library(pipe):
    a, dz, dw, db = analytic(pipe)
    assert a.shape == dz.shape == (426,) and dw.shape == (30,)
    num_dw = gradcheck.numerical_gradient(lambda v: cost(pipe, v, pipe.b), pipe.w.copy())
    num_db = gradcheck.numerical_gradient(lambda v: cost(pipe, pipe.w, v), pipe.b)
    assert gradcheck.relative_error(dw, num_dw) < 1e-9  # "both below 1e-9", "around 1e-11"
    assert gradcheck.relative_error(db, num_db) < 1e-9
    model = models.LogisticRegression(30)
    model.w, model.b = pipe.w, pipe.b
    grads = model.backward(pipe.X_train, pipe.y_train, model.forward(pipe.X_train))
    assert np.allclose(grads.dw, dw, rtol=1e-12) and math.isclose(grads.db, db, rel_tol=1e-12)


def test_the_two_bugs_have_the_stated_relative_errors(pipe):
    a, dz, dw, db = analytic(pipe)
    m = len(dz)
    num_dw = gradcheck.numerical_gradient(lambda v: cost(pipe, v, pipe.b), pipe.w.copy())
    correct = gradcheck.relative_error(dw, num_dw)
    forgot = gradcheck.relative_error(pipe.X_train.T @ dz, num_dw)
    minus_one = gradcheck.relative_error(pipe.X_train.T @ dz / (m - 1), num_dw)
    assert math.isclose(forgot, (m - 1) / (m + 1), rel_tol=1e-6) and round(forgot, 3) == 0.995
    assert math.isclose(minus_one, 1 / (2 * m - 1), rel_tol=1e-5)
    assert round(minus_one, 4) == 0.0012  # "≈ 1.2 × 10⁻³"
    assert 0.002 <= 1 / (m - 1) < 0.0025  # "changes every entry by only about 0.2 %"
    assert minus_one > 1e6 * correct  # "millions of times that of the correct gradient"
    assert minus_one > 1e-3 and correct < 1e-7  # the rule of thumb separates them


def test_loop_and_matrix_products_give_the_same_gradient(pipe):
    a, dz, dw, db = analytic(pipe)
    X, y = pipe.X_train, pipe.y_train
    m, n = X.shape
    assert m * n == 12_780
    loop_dw, loop_db = np.zeros(n), 0.0
    for i in range(m):
        for j in range(n):
            loop_dw[j] += X[i, j] * (a[i] - y[i])
        loop_db += a[i] - y[i]
    assert np.allclose(loop_dw / m, dw, rtol=1e-12, atol=1e-15)
    assert math.isclose(loop_db / m, db, rel_tol=1e-12, abs_tol=1e-15)


# --- training ---------------------------------------------------------------------------------

def test_training_reaches_the_stated_costs_and_accuracies(pipe, markdown):
    model, history = train(pipe.X_train, pipe.y_train, 0.1, snapshot_every=1)
    assert math.isclose(history.costs[0], math.log(2), rel_tol=1e-12)
    assert round(history.epoch_costs[-1], 2) == 0.09  # "falls to about 0.09"
    correct = int(np.sum(model.predict(pipe.X_test) == pipe.y_test))
    assert correct >= 140 and len(pipe.y_test) == 143  # "140 of the 143 test examples"
    assert round(correct / 143 * 100, 1) >= 97.9
    assert round(accuracy(model, pipe.X_train, pipe.y_train) * 100, 1) == 98.1
    assert "140 of the 143 test examples correctly (97.9 %)" in markdown
    assert "(98.1 %)" in markdown and "97.9 % test" in markdown


def test_test_cost_falls_with_the_training_cost_and_stays_above_it(pipe):
    _, history = train(pipe.X_train, pipe.y_train, 0.1, snapshot_every=1)
    test = np.array([losses.bce_cost_with_logits(pipe.y_test, pipe.X_test @ s.params[0]
                                                 + s.params[1]) for s in history.snapshots])
    train_costs = np.append(history.costs, history.epoch_costs[-1])
    assert len(test) == len(train_costs) == 101
    assert np.all(np.diff(test) < 0) and np.all(np.diff(train_costs) < 0)
    assert np.all(test[1:] > train_costs[1:])


def test_raw_features_train_badly(pipe, markdown):
    results = {}
    for lr in (1e-6, 1e-4):
        model, history = train(pipe.split.X_train, pipe.y_train, lr)
        results[lr] = (history.epoch_costs[-1], model.predict(pipe.split.X_test))
    cost_small, pred_small = results[1e-6]
    assert round(cost_small, 2) == 0.63 and round(np.mean(pred_small == pipe.y_test) * 100, 1) == 59.4
    cost_large, pred_large = results[1e-4]
    assert 8 < cost_large < 12  # "ends near 10"
    assert np.all(pred_large == 1)  # "labels every test example malignant"
    assert round(np.mean(pipe.y_test == 1) * 100, 1) == 37.1
    assert "59.4 %" in markdown and "(37.1 %" in markdown


def test_no_learning_rate_trains_the_raw_features_well(pipe, markdown):
    """"Across 121 learning rates from 1e-8 to 1e-2, none brings the cost below 0.45 ... or the
    test accuracy above 90.2 %" (100 epochs each, from w = 0)."""
    costs, accs = [], []
    for lr in np.logspace(-8, -2, 121):
        model, history = train(pipe.split.X_train, pipe.y_train, lr)
        costs.append(history.epoch_costs[-1])
        accs.append(accuracy(model, pipe.split.X_test, pipe.y_test))
    assert 0.45 <= min(costs) < 0.46 and round(max(accs) * 100, 1) == 90.2
    assert "121 learning rates from $10^{-8}$ to $10^{-2}$" in markdown
    assert "cost below 0.45" in markdown and "above 90.2 %" in markdown


@pytest.fixture(scope="module")
def lr_runs(pipe):
    return {lr: train(pipe.X_train, pipe.y_train, lr, snapshot_every=1 if lr == 30.0 else None)
            for lr in (0.01, 0.1, 1.0, 30.0)}


def test_learning_rate_comparison_says_what_the_text_says(pipe, lr_runs, markdown):
    final = {lr: h.epoch_costs[-1] for lr, (_, h) in lr_runs.items()}
    assert round(final[0.01], 3) == 0.237 and round(final[1.0], 3) == 0.044
    assert round(final[30.0], 3) == 0.054
    assert final[1.0] == min(final.values())  # "lr = 1 reaches the lowest cost"
    assert final[30.0] > final[1.0]  # "ends above lr = 1"
    for lr in (0.1, 1.0):  # "fall steadily": the cost falls at every step
        h = lr_runs[lr][1]
        assert np.all(np.diff(np.append(h.costs, h.epoch_costs[-1])) < 0)
    h30 = lr_runs[30.0][1]
    assert h30.costs[0] < h30.epoch_costs[0] and round(h30.epoch_costs[0], 2) == 1.85
    assert not h30.diverged
    accs = {lr: accuracy(model, pipe.X_test, pipe.y_test) for lr, (model, _) in lr_runs.items()}
    assert max(accs, key=accs.get) == 0.1 and round(accs[0.1] * 100, 1) == 97.9
    assert sorted(accs.values()).count(accs[0.1]) == 1  # the best, not a tie
    correct = {lr: int(np.sum(model.predict(pipe.X_test) == pipe.y_test))
               for lr, (model, _) in lr_runs.items()}
    assert correct[0.1] - correct[1.0] == 2  # "only by two of the 143 test examples over lr = 1"
    for stated in ("still 0.237", "lowest cost, 0.044", "from 0.69 to 1.85",
                   "0.054, above lr = 1", "only by two of the 143 test examples over lr = 1"):
        assert stated in markdown


def test_no_step_moves_w_by_more_than_lr_times_the_largest_row_norm(pipe, lr_runs):
    bound = 30.0 * np.max(np.linalg.norm(pipe.X_train, axis=1))
    ws = [s.params[0] for s in lr_runs[30.0][1].snapshots]
    steps = [np.linalg.norm(b - a) for a, b in zip(ws, ws[1:])]
    assert len(steps) == 100 and max(steps) <= bound


# --- the sigmoid's slope ------------------------------------------------------------------------

def test_sigmoid_slope_is_at_most_a_quarter_with_the_maximum_at_zero():
    z = np.linspace(-30, 30, 60_001)
    slope = activations.sigmoid_derivative(z)
    assert np.all(slope > 0) and np.all(slope <= 0.25)
    assert z[np.argmax(slope)] == 0.0 and activations.sigmoid_derivative(0.0) == 0.25
    assert round(float(activations.sigmoid_derivative(5.0)), 4) == 0.0066
    assert round(float(activations.sigmoid_derivative(10.0)), 6) == 0.000045
    big = np.array([8.0, 15.0, 30.0])  # σ'(z) ≈ e^(−|z|) for large |z|
    assert np.allclose(activations.sigmoid_derivative(-big) / np.exp(-big), 1, rtol=1e-3)


@settings(deadline=None, max_examples=60)
@given(st.floats(-700, 700))
def test_sigmoid_slope_never_exceeds_a_quarter(z):
    assert 0 <= activations.sigmoid_derivative(z) <= 0.25


@pytest.mark.parametrize("y, z", [(1.0, -6.0), (0.0, 3.0), (1.0, 0.5)])
def test_cross_entropy_cancels_the_slope(y, z):
    """dL/da · σ'(z) equals a − y, and central differences of the loss on z agree."""
    a = float(activations.sigmoid(z))
    assert math.isclose((a - y) / (a * (1 - a)) * a * (1 - a), a - y, rel_tol=1e-12)
    num = gradcheck.numerical_gradient(
        lambda v: float(losses.binary_cross_entropy_with_logits([y], [float(v)])[0]), z)
    assert math.isclose(float(num), a - y, rel_tol=1e-7)


def test_a_confident_mistake_gets_a_strong_push_only_from_cross_entropy():
    a = float(activations.sigmoid(-6.0))
    assert round(a - 1, 3) == -0.998
    assert round((a - 1) * a * (1 - a), 4) == -0.0025
    assert 0.25 ** 5 < 0.001 < 0.25 ** 5 * 1.03  # "(1/4)^5 ≈ 0.001"


def test_central_difference_error_shrinks_like_eps_squared(pipe):
    """"Its error shrinks like ε²": ten times smaller ε, about a hundred times smaller error."""
    dw = analytic(pipe)[2]
    errors = [np.linalg.norm(gradcheck.numerical_gradient(
        lambda v: cost(pipe, v, pipe.b), pipe.w.copy(), eps=eps) - dw) for eps in (1e-1, 1e-2)]
    assert 70 < errors[0] / errors[1] < 130
