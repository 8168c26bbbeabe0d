"""Tests for lessons_lib.descent: gradient descent on functions and training of models."""

import math

import numpy as np
import pytest

from lessons_lib.activations import _sigmoid
from lessons_lib.datasets import load_breast_cancer, make_blobs
from lessons_lib.descent import History, Snapshot, StepInfo, Trajectory, gradient_descent, train
from lessons_lib.models import DenseNetwork, LogisticRegression


# --- gradient_descent --------------------------------------------------------------------

def quadratic(d, seed):
    """f(x) = ½ (x - c)ᵀ A (x - c) with a random SPD A; minimiser c, eigenvalues in [0.5, 2]."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    A = Q @ np.diag(np.linspace(0.5, 2.0, d)) @ Q.T
    c = rng.normal(size=d)
    return (lambda x: 0.5 * (x - c) @ A @ (x - c)), (lambda x: A @ (x - c)), A, c


@pytest.mark.parametrize("d", [1, 2, 5])
def test_gd_path_matches_closed_form_and_converges(d):
    """On a quadratic, x_k - c = (I - lr A)^k (x_0 - c) exactly; with lr = 1/λ_max = 0.5 the
    error shrinks by (1 - 0.5·0.5) = 0.75 per step, so 200 steps reach ≤ 0.75^200 ≈ 1e-25 (float64
    rounding dominates: we ask 1e-12)."""
    f, grad, A, c = quadratic(d, seed=d)
    x0 = np.full(d, 3.0)
    traj = gradient_descent(f, grad, x0, lr=0.5, num_steps=200)
    assert isinstance(traj, Trajectory) and traj.diverged is False
    assert traj.params.shape == (201, d) and traj.costs.shape == traj.grad_norms.shape == (201,)
    np.testing.assert_array_equal(traj.params[0], x0)
    M = np.eye(d) - 0.5 * A
    for k in (1, 2, 10):
        np.testing.assert_allclose(traj.params[k] - c, np.linalg.matrix_power(M, k) @ (x0 - c),
                                   rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(traj.params[-1], c, atol=1e-12)
    assert traj.costs[-1] < 1e-20
    np.testing.assert_allclose(traj.costs, [f(x) for x in traj.params], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(traj.grad_norms, [np.linalg.norm(grad(x)) for x in traj.params])


def test_gd_does_not_alias_x0_and_accepts_lists_and_numbers():
    x0 = np.array([1.0, 2.0])
    traj = gradient_descent(lambda x: x @ x, lambda x: 2 * x, x0, lr=0.1, num_steps=3)
    np.testing.assert_array_equal(x0, [1.0, 2.0])
    traj = gradient_descent(lambda x: float(x[0] ** 2), lambda x: 2 * x, 4, lr=0.25, num_steps=2)
    np.testing.assert_allclose(traj.params[:, 0], [4.0, 2.0, 1.0])
    assert gradient_descent(lambda x: x @ x, lambda x: 2 * x, [1, 1], 0.1, 0).params.shape == (1, 2)


@pytest.mark.filterwarnings("error")
def test_gd_divergence_is_a_state():
    """f = x², lr = 1.5: x_k = (-2)^k x_0, cost 4^k; stops before cost > 1e6 · max(|J_0|, 1)."""
    traj = gradient_descent(lambda x: float(x @ x), lambda x: 2 * x, [1.0], lr=1.5, num_steps=1000)
    assert traj.diverged is True
    k = len(traj.costs) - 1
    assert k == 9  # 4^9 = 262144 ≤ 1e6 < 4^10
    np.testing.assert_array_equal(traj.params[:, 0], (-2.0) ** np.arange(k + 1))
    assert np.all(np.isfinite(traj.costs)) and np.all(np.isfinite(traj.params))


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("fun, grad, x0, lr, n_points", [
    # np.exp(1000.0) overflows to inf (RuntimeWarning: overflow): stop at x0
    (lambda x: np.exp(x[0]), lambda x: -np.ones(1), [0.0], 1000.0, 1),
    # np.sqrt(-1.0) is NaN (RuntimeWarning: invalid value): stop at x0
    (lambda x: np.sqrt(x[0]), lambda x: 0.5 / np.sqrt(x), [1.0], 4.0, 1),
    # a Python OverflowError: exp(709) is finite, exp(711) overflows
    (lambda x: math.exp(x[0]), lambda x: -np.ones(1), [705.0], 2.0, 3),
])
def test_gd_overflow_and_nan_never_escape(fun, grad, x0, lr, n_points):
    with pytest.raises((RuntimeWarning, OverflowError)):
        fun(np.asarray(x0) - 5 * lr * grad(np.asarray(x0, dtype=float)))  # the hazard is real
    traj = gradient_descent(fun, grad, x0, lr, num_steps=100)
    assert traj.diverged and len(traj.costs) == n_points
    assert np.all(np.isfinite(traj.costs)) and np.all(np.isfinite(traj.grad_norms))


def test_gd_at_the_minimum_stays_put_and_is_not_divergence():
    traj = gradient_descent(lambda x: x @ x, lambda x: 2 * x, [0.0, 0.0], lr=0.1, num_steps=5)
    assert not traj.diverged and not traj.params.any() and not traj.costs.any()


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(fun=3), TypeError, "fun"),
        (dict(grad=None), TypeError, "grad"),
        (dict(x0=[[1.0, 2.0]]), ValueError, "x0"),
        (dict(x0=[np.nan, 1.0]), ValueError, "NaN"),
        (dict(x0="1"), TypeError, "x0"),
        (dict(lr=0.0), ValueError, "lr"),
        (dict(lr=-1), ValueError, "lr"),
        (dict(num_steps=-1), ValueError, "num_steps"),
        (dict(num_steps=2.0), TypeError, "num_steps"),
        (dict(fun=lambda x: np.inf), ValueError, "fun"),
        (dict(fun=lambda x: x), ValueError, "one finite number"),
        (dict(grad=lambda x: np.zeros(3)), ValueError, "grad"),
    ],
)
def test_gd_bad_input(kwargs, error, match):
    args = dict(fun=lambda x: x @ x, grad=lambda x: 2 * x, x0=[1.0, 2.0], lr=0.1, num_steps=3)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        gradient_descent(**args)


# --- train -----------------------------------------------------------------------------

class SpyModel:
    """A minimal protocol model (least squares, no validate_data) that records each batch's rows.

    Column 0 of X holds the row number, so ``seen`` tells which examples every step used.
    """

    def __init__(self, n):
        self.w = np.zeros(n)
        self.seen = []

    @property
    def params(self):
        return [self.w]

    def cost(self, X, y):
        return float(0.5 * np.mean((X @ self.w - y) ** 2))

    def loss_and_grads(self, X, y):
        self.seen.append(X[:, 0].astype(int))
        return self.cost(X, y), [X.T @ (X @ self.w - y) / len(y)]


def spy_data(m):
    rng = np.random.default_rng(m)
    X = np.column_stack([np.arange(m), rng.normal(size=(m, 2))])
    return X, rng.normal(size=m)


@pytest.mark.parametrize("m, batch_size", [(10, 3), (12, 4), (7, 1), (5, 5), (5, 50)])
def test_mini_batches_cover_every_example_once_per_epoch(m, batch_size):
    X, y = spy_data(m)
    model = SpyModel(3)
    history = train(model, X, y, lr=1e-3, num_epochs=4, batch_size=batch_size, rng=0)
    per_epoch = math.ceil(m / min(batch_size, m))
    assert len(model.seen) == len(history.costs) == 4 * per_epoch
    orders = []
    for e in range(4):
        batches = model.seen[e * per_epoch:(e + 1) * per_epoch]
        assert all(len(b) == min(batch_size, m) for b in batches[:-1])
        order = np.concatenate(batches)
        np.testing.assert_array_equal(np.sort(order), np.arange(m))
        orders.append(order)
    if m > 1 and batch_size < m:
        assert any(not np.array_equal(orders[0], o) for o in orders[1:])  # reshuffled


def test_full_batch_uses_all_rows_in_order_once_per_epoch():
    X, y = spy_data(6)
    model = SpyModel(3)
    history = train(model, X, y, lr=1e-3, num_epochs=3)
    assert len(model.seen) == 3 and all(np.array_equal(s, np.arange(6)) for s in model.seen)
    assert isinstance(history, History) and history.epoch_costs.shape == (3,)


def test_train_matches_a_handwritten_loop():
    """Full batch: p -= lr * g, so three steps equal three hand-written updates."""
    X, y = make_blobs(m=40, rng=1)
    model, w, b = LogisticRegression(2), np.zeros(2), 0.0
    history = train(model, X, y, lr=0.3, num_epochs=3)
    costs = []
    for _ in range(3):
        a = _sigmoid(X @ w + b)
        costs.append(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))
        w, b = w - 0.3 * X.T @ (a - y) / 40, b - 0.3 * np.mean(a - y)
    np.testing.assert_allclose(history.costs, costs, rtol=1e-12)
    np.testing.assert_allclose(model.w, w, rtol=1e-12)
    assert model.b == pytest.approx(b, rel=1e-12, abs=1e-15)
    # epoch cost e is the full-data cost after epoch e, i.e. the next step's cost
    np.testing.assert_allclose(history.epoch_costs[:2], history.costs[1:], rtol=1e-13)


@pytest.mark.parametrize("make_model", [
    lambda: LogisticRegression(2),
    lambda: DenseNetwork([2, 8, 1], "tanh", rng=0),
    lambda: DenseNetwork([2, 6, 6, 2], "relu", "softmax", rng=0),
])
@pytest.mark.parametrize("batch_size", [None, 16])
def test_cost_decreases_on_blobs(make_model, batch_size):
    X, y = make_blobs(m=120, rng=3)
    model = make_model()
    start = model.cost(X, y)
    history = train(model, X, y, lr=0.2, num_epochs=40, batch_size=batch_size, rng=0)
    assert not history.diverged and history.epoch_costs[-1] < 0.5 * start
    assert (model.predict(X) == y).mean() > 0.9


def test_full_batch_logistic_cost_decreases_every_step():
    """With lr ≤ 1/L (L = λ_max(X̃ᵀX̃)/(4m), X̃ = [X, 1]) gradient descent on the convex
    cross-entropy never increases the cost."""
    X, y = make_blobs(m=80, rng=5)
    Xa = np.column_stack([X, np.ones(80)])
    L = np.linalg.eigvalsh(Xa.T @ Xa / (4 * 80)).max()
    history = train(LogisticRegression(2), X, y, lr=1 / L, num_epochs=50)
    assert np.all(np.diff(history.costs) <= 1e-15)


def test_same_seed_same_history():
    X, y = make_blobs(m=90, rng=2)
    runs = []
    for seed in (7, 7, 8):
        model = DenseNetwork([2, 5, 1], "relu", rng=1)
        h = train(model, X, y, lr=0.1, num_epochs=5, batch_size=10, rng=seed, snapshot_every=9)
        runs.append((h, model.params))
    (h1, p1), (h2, p2), (h3, _) = runs
    np.testing.assert_array_equal(h1.costs, h2.costs)
    np.testing.assert_array_equal(h1.epoch_costs, h2.epoch_costs)
    for a, b in zip(p1, p2):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(h1.costs, h3.costs)


def test_callback_receives_step_info_and_can_stop():
    X, y = make_blobs(m=50, rng=4)
    infos = []

    def callback(info):
        infos.append(info)
        return info.step == 7

    history = train(LogisticRegression(2), X, y, lr=0.1, num_epochs=10, batch_size=20, rng=0,
                    callback=callback)
    assert history.stopped_early and not history.diverged
    assert len(history.costs) == len(infos) == 7
    assert all(isinstance(i, StepInfo) for i in infos)
    assert [i.step for i in infos] == list(range(1, 8))
    assert [i.epoch for i in infos] == [0, 0, 0, 1, 1, 1, 2]  # 3 batches per epoch
    np.testing.assert_array_equal([i.cost for i in infos], history.costs)
    assert len(history.epoch_costs) == 2  # epoch 2 was cut short
    assert all(i.grad_norm > 0 for i in infos)


def test_callback_returning_none_does_not_stop():
    X, y = make_blobs(m=30, rng=4)
    history = train(LogisticRegression(2), X, y, lr=0.1, num_epochs=4, callback=lambda info: None)
    assert len(history.costs) == 4 and not history.stopped_early


def test_snapshots_are_copies_taken_at_the_right_steps():
    X, y = make_blobs(m=40, rng=6)
    model = DenseNetwork([2, 3, 1], "tanh", rng=0)
    initial = [p.copy() for p in model.params]
    history = train(model, X, y, lr=0.5, num_epochs=10, snapshot_every=4)
    assert [s.step for s in history.snapshots] == [0, 4, 8]
    assert all(isinstance(s, Snapshot) for s in history.snapshots)
    for a, b in zip(history.snapshots[0].params, initial):
        np.testing.assert_array_equal(a, b)
    # the snapshot at step 4 equals a fresh run of 4 full-batch steps
    fresh = DenseNetwork([2, 3, 1], "tanh", rng=0)
    train(fresh, X, y, lr=0.5, num_epochs=4)
    for a, b in zip(history.snapshots[1].params, fresh.params):
        np.testing.assert_array_equal(a, b)
    # copies: neither the model's later updates nor edits to the model reach them
    for snap in history.snapshots:
        assert not any(np.shares_memory(a, p) for a in snap.params for p in model.params)
    model.params[0][...] = 99.0
    assert not np.any(history.snapshots[-1].params[0] == 99.0)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("make_model, lr", [
    (lambda: LogisticRegression(2), 1e9),
    (lambda: DenseNetwork([2, 16, 16, 1], "relu", rng=0), 1e6),
    (lambda: DenseNetwork([2, 16, 3], "identity", "softmax", rng=0), 1e8),
])
def test_train_divergence_is_a_state(make_model, lr):
    X = 10 * make_blobs(m=60, rng=8)[0]
    # labels unrelated to X: no separating direction, so huge steps make the cost explode
    y = np.arange(60) % (3 if make_model().predict_proba(X).ndim == 2 else 2)
    model = make_model()
    history = train(model, X, y, lr=lr, num_epochs=50)
    assert history.diverged and len(history.costs) < 50
    assert np.all(np.isfinite(history.costs)) and np.all(np.isfinite(history.epoch_costs))
    # the model is left at the last finite parameters, whose cost was the last one stored
    assert all(np.all(np.isfinite(p)) for p in model.params)
    assert model.cost(X, y) == pytest.approx(history.costs[-1], rel=1e-12)


class LogModel:
    """J(w) = log(w), dJ/dw = 1/w: from w = 0.5 with lr = 1 the next w is -1.5, whose log is NaN."""

    def __init__(self):
        self.w = np.array([0.5])

    @property
    def params(self):
        return [self.w]

    def cost(self, X, y):
        return float(np.log(self.w[0]))

    def loss_and_grads(self, X, y):
        return self.cost(X, y), [1.0 / self.w]


@pytest.mark.filterwarnings("error")
def test_train_nan_cost_is_divergence_and_restores_the_last_finite_params():
    model = LogModel()
    with pytest.raises(RuntimeWarning):
        np.log(np.array(-1.5))  # the hazard is real
    history = train(model, np.zeros((3, 1)), np.zeros(3), lr=1.0, num_epochs=10, snapshot_every=1)
    # step 1 runs at w = 0.5; the full-data cost after epoch 0 is NaN -> roll back to w = 0.5
    assert history.diverged and history.costs.tolist() == [pytest.approx(np.log(0.5))]
    assert history.epoch_costs.shape == (0,)
    np.testing.assert_array_equal(model.w, [0.5])
    assert [s.step for s in history.snapshots] == [0]  # the undone step's snapshot is dropped


def test_zero_epochs_is_a_no_op():
    model = LogisticRegression(2)
    history = train(model, [[1.0, 2.0]], [1], lr=0.1, num_epochs=0, snapshot_every=1)
    assert history.costs.shape == (0,) and history.epoch_costs.shape == (0,)
    assert len(history.snapshots) == 1 and not model.w.any()


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(model=object()), TypeError, "model"),
        (dict(X=[[1.0, 2.0, 3.0]]), ValueError, "2 columns"),
        (dict(y=[2]), ValueError, "labels"),
        (dict(y=[1, 0]), ValueError, "1 rows"),
        (dict(lr=0), ValueError, "lr"),
        (dict(num_epochs=-1), ValueError, "num_epochs"),
        (dict(num_epochs=1.5), TypeError, "num_epochs"),
        (dict(batch_size=0), ValueError, "batch_size"),
        (dict(snapshot_every=0), ValueError, "snapshot_every"),
        (dict(callback="stop"), TypeError, "callback"),
    ],
)
def test_train_bad_input(kwargs, error, match):
    args = dict(model=LogisticRegression(2), X=[[1.0, 2.0]], y=[1], lr=0.1, num_epochs=2)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        train(**args)


def test_train_validates_generic_models_too():
    with pytest.raises(ValueError, match="same number of rows"):
        train(SpyModel(3), np.zeros((4, 3)), np.zeros(3), lr=0.1, num_epochs=1)


# --- an independent optimiser: Newton's method (IRLS) -------------------------------------

FEATURES = ["radius (mean)", "texture (mean)", "smoothness (mean)"]


def newton_logistic(X, y, max_iter=50):
    """Newton's method on the mean cross-entropy, written independently of the library:
    θ ← θ - H⁻¹ g with g = X̃ᵀ(p - y)/m, H = X̃ᵀ diag(p(1-p)) X̃ / m, X̃ = [X, 1]."""
    Xa = np.column_stack([X, np.ones(len(X))])
    theta = np.zeros(Xa.shape[1])
    for iteration in range(max_iter):
        p = 1.0 / (1.0 + np.exp(-(Xa @ theta)))
        g = Xa.T @ (p - y) / len(y)
        H = (Xa * (p * (1 - p))[:, None]).T @ Xa / len(y)
        step = np.linalg.solve(H, g)
        theta -= step
        if np.linalg.norm(step) < 1e-13:
            break
    p = 1.0 / (1.0 + np.exp(-(Xa @ theta)))
    cost = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    return theta, cost, iteration, np.linalg.norm(Xa.T @ (p - y) / len(y)), np.linalg.eigvalsh(H)


def test_logistic_regression_by_descent_reaches_newtons_optimum():
    """Breast cancer (569 tumours), 3 standardised features: radius, texture, smoothness (means).

    These classes overlap (about 93 % accuracy at the optimum), so the unregularised optimum is
    finite: Newton converges in < 15 iterations to a point with gradient norm < 1e-12 and a
    Hessian whose smallest eigenvalue is > 1e-3 (asserted). Gradient descent with the safe step
    lr = 1/L, L = λ_max(X̃ᵀX̃)/(4m), for 1500 full-batch epochs must then agree with Newton:
    final cost within 1e-9 (absolute), every coefficient (w and b) within 1e-5 relative.
    (Measured: 1000 epochs already give ~1e-15 and ~5e-7.)
    """
    data = load_breast_cancer()
    cols = [data.feature_names.index(name) for name in FEATURES]
    X = data.X[:, cols]
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = data.y.astype(float)
    theta, newton_cost, iterations, grad_norm, hessian_eigs = newton_logistic(X, y)
    assert iterations < 15 and grad_norm < 1e-12 and hessian_eigs.min() > 1e-3
    assert newton_cost > 0.1  # not separable: the optimum is not at cost 0

    Xa = np.column_stack([X, np.ones(len(X))])
    lr = 1.0 / np.linalg.eigvalsh(Xa.T @ Xa / (4 * len(y))).max()
    model = LogisticRegression(len(FEATURES))
    history = train(model, X, y, lr=lr, num_epochs=1500)
    assert not history.diverged
    assert abs(history.epoch_costs[-1] - newton_cost) < 1e-9
    assert abs(model.cost(X, y) - newton_cost) < 1e-9
    np.testing.assert_allclose(np.r_[model.w, model.b], theta, rtol=1e-5)
