"""Tests for lessons_lib.gradcheck, against analytic derivatives and hand-written fake models."""

import math

import numpy as np
import pytest

from lessons_lib import gradcheck as gc

pytestmark = pytest.mark.filterwarnings("error")

SHAPES = [(), (1,), (7,), (5, 3), (2, 3, 4)]


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def rel_err(a, b):  # independent of gc.relative_error, which is itself under test
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300)


# f, its analytic gradient
FUNCTIONS = {
    "sum_squares": (lambda x: float(np.sum(x ** 2)), lambda x: 2 * x),
    "sum_sin": (lambda x: float(np.sum(np.sin(x))), np.cos),
    "exp_of_mean": (lambda x: float(np.exp(np.mean(x))),
                    lambda x: np.full_like(x, np.exp(np.mean(x)) / x.size)),
    "cubic": (lambda x: float(np.sum(x ** 3) + np.sum(x) ** 2),
              lambda x: 3 * x ** 2 + 2 * np.sum(x)),
}


# --- numerical_gradient -------------------------------------------------------------

@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("shape", SHAPES)
def test_numerical_gradient_matches_analytic_derivatives(name, shape, rng):
    f, grad = FUNCTIONS[name]
    x = rng.normal(size=shape)
    numeric = gc.numerical_gradient(f, x)
    assert numeric.shape == shape
    assert rel_err(numeric, grad(x)) < 1e-7


def test_numerical_gradient_uses_central_differences():
    # d/dx x^3 at 1 is 3; the central difference gives 3 + eps^2 (forward: 3 + 3 eps)
    g = gc.numerical_gradient(lambda x: float(x[0] ** 3), np.array([1.0]), eps=1e-3)
    assert g[0] == pytest.approx(3 + 1e-6, rel=1e-9)


@pytest.mark.parametrize("shape", SHAPES)
def test_numerical_gradient_restores_x_exactly(shape, rng):
    x = rng.normal(size=shape) + 0.1  # values where x + eps - eps != x in floating point
    before = x.copy()
    gc.numerical_gradient(lambda t: float(np.sum(np.sin(t))), x)
    assert np.array_equal(x, before) and x.tobytes() == before.tobytes()


def test_x_is_perturbed_in_place_so_closures_see_it(rng):
    w = rng.normal(size=(3, 4))
    A = rng.normal(size=(4, 4))

    def cost(_):  # reads w, not its argument, like a model reading its own weights
        return float(np.sum((w @ A) ** 2)) / 2

    g = gc.numerical_gradient(cost, w)
    assert rel_err(g, (w @ A) @ A.T) < 1e-7


def test_non_contiguous_view_is_perturbed_and_restored(rng):
    base = rng.normal(size=(4, 3))
    view = base.T  # not C-contiguous
    before = base.copy()
    g = gc.numerical_gradient(lambda _: float(np.sum(base ** 2)), view)
    assert rel_err(g, 2 * view) < 1e-7
    assert np.array_equal(base, before)


def test_x_restored_even_when_f_raises():
    x = np.array([0.3, 0.7])
    calls = []

    def f(t):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return float(np.sum(t))

    with pytest.raises(RuntimeError, match="boom"):
        gc.numerical_gradient(f, x)
    assert x.tolist() == [0.3, 0.7]


def test_lists_ints_and_read_only_arrays_accepted():
    f = lambda x: float(np.sum(x ** 2))  # noqa: E731
    np.testing.assert_allclose(gc.numerical_gradient(f, [1, 2]), [2.0, 4.0], rtol=1e-9)
    np.testing.assert_allclose(gc.numerical_gradient(f, np.array([3])), [6.0], rtol=1e-9)
    x = np.array([1.0, -1.0])
    x.setflags(write=False)
    np.testing.assert_allclose(gc.numerical_gradient(f, x), [2.0, -2.0], rtol=1e-9)
    g0 = gc.numerical_gradient(lambda x: float(x) ** 2, 1.5)  # a 0-d point
    assert g0.shape == () and g0 == pytest.approx(3.0, rel=1e-9)


@pytest.mark.parametrize("f, x, eps, error, message", [
    ("not callable", [1.0], 1e-6, TypeError, "`f` must be a function"),
    (lambda x: x, [1.0, 2.0], 1e-6, TypeError, "`f` must return one number"),
    (lambda x: "cost", [1.0], 1e-6, TypeError, "`f` must return one number"),
    (lambda x: float("nan"), [1.0], 1e-6, ValueError, "`f` returned nan"),
    (lambda x: 0.0, "abc", 1e-6, TypeError, "`x` must be numbers"),
    (lambda x: 0.0, [np.nan], 1e-6, ValueError, "`x` contains NaN"),
    (lambda x: 0.0, [np.inf], 1e-6, ValueError, "`x` contains infinity"),
    (lambda x: 0.0, [], 1e-6, ValueError, "`x` is empty"),
    (lambda x: 0.0, [1.0], 0.0, ValueError, "`eps` must be > 0"),
    (lambda x: 0.0, [1.0], "1e-6", TypeError, "`eps` must be a number"),
])
def test_numerical_gradient_bad_input(f, x, eps, error, message):
    with pytest.raises(error, match=message):
        gc.numerical_gradient(f, x, eps=eps)


# --- relative_error ---------------------------------------------------------------------

@pytest.mark.parametrize("a, b, expected", [
    ([1.0, 2.0], [1.0, 2.0], 0.0),
    ([0.0, 0.0], [0.0, 0.0], 0.0),
    ([1.0], [-1.0], 1.0),
    ([3.0, 4.0], [0.0, 0.0], 1.0),
    ([[3.0, 0.0]], [[0.0, 4.0]], 5.0 / 7.0),
    (2.0, 1.0, 1.0 / 3.0),
    ([1.0, 0.0], [1.0, 1e-3], 1e-3 / (1 + math.sqrt(1 + 1e-6))),
])
def test_relative_error_closed_forms(a, b, expected):
    assert gc.relative_error(a, b) == pytest.approx(expected, rel=1e-14, abs=0)
    assert gc.relative_error(b, a) == gc.relative_error(a, b)


@pytest.mark.parametrize("a, b, error, message", [
    ([1.0, 2.0], [1.0], ValueError, "`a` and `b` must have the same shape"),
    ([[1.0, 2.0]], [1.0, 2.0], ValueError, "`a` and `b` must have the same shape"),
    ([np.nan], [1.0], ValueError, "`a` contains NaN"),
    ([1.0], [np.inf], ValueError, "`b` contains infinity"),
    ([], [], ValueError, "`a` is empty"),
    ("1", [1.0], TypeError, "`a` must be numbers"),
])
def test_relative_error_bad_input(a, b, error, message):
    with pytest.raises(error, match=message):
        gc.relative_error(a, b)


# --- check_gradients ----------------------------------------------------------------

@pytest.mark.parametrize("shape", SHAPES)
def test_check_gradients_passes_correct_and_fails_wrong_gradients(shape, rng):
    f, grad = FUNCTIONS["cubic"]
    x = rng.normal(size=shape)
    ok = gc.check_gradients(f, grad, x)
    assert isinstance(ok, gc.GradCheckResult) and ok.passed() and ok.relative_error < 1e-7
    assert ok.numerical.shape == ok.analytic.shape == shape
    np.testing.assert_array_equal(ok.analytic, grad(x))
    bad = gc.check_gradients(f, lambda t: 3 * t ** 2, x)  # forgot the 2 * sum(x) term
    assert bad.relative_error > 1e-2 and not bad.passed()


def test_check_gradients_copies_an_aliased_gradient():
    x = np.array([1.0, 2.0])
    r = gc.check_gradients(lambda t: float(np.sum(t ** 2)) / 2, lambda t: t, x)
    assert r.analytic is not x and r.relative_error < 1e-7


@pytest.mark.parametrize("grad, error, message", [
    ("nope", TypeError, "`grad` must be a function"),
    (lambda x: np.zeros(3), ValueError, r"`grad` returned shape \(3,\)"),
    (lambda x: [np.nan, 0.0], ValueError, r"`grad\(x\)` contains NaN"),
])
def test_check_gradients_bad_grad(grad, error, message):
    with pytest.raises(error, match=message):
        gc.check_gradients(lambda x: float(np.sum(x)), grad, [1.0, 2.0])


# --- check_model_gradients ---------------------------------------------------------------

class QuadraticModel:
    """cost = 1/(2m) sum_i (sum_j (X W + b)_ij + c - y_i)^2; params W (n, k), b (k,), c ()."""

    def __init__(self, n, k, rng, bug=None):
        self.W, self.b, self.c = rng.normal(size=(n, k)), rng.normal(size=k), np.array(0.3)
        self.bug = bug

    @property
    def params(self):
        return [self.W, self.b, self.c]

    def loss_and_grads(self, X, y):
        m = X.shape[0]
        r = (X @ self.W + self.b).sum(axis=1) + self.c - y  # (m,)
        dW = np.outer(X.T @ r, np.ones(self.W.shape[1])) / m
        db = np.full(self.b.shape, r.sum() / m)
        dc = np.array(r.sum() / m)
        if self.bug == "db_forgets_1/m":
            db = db * m
        if self.bug == "dW_sign":
            dW = -dW
        return float(r @ r / (2 * m)), [dW, db, dc]


class LogisticModel:
    """Logistic regression with the library's stable loss, gradients written by hand."""

    def __init__(self, n, rng):
        self.w, self.b = rng.normal(size=n), np.zeros(())

    @property
    def params(self):
        return [self.w, self.b]

    def loss_and_grads(self, X, y):
        from lessons_lib.losses import _binary_cross_entropy_with_logits

        z = X @ self.w + self.b
        dz = (1 / (1 + np.exp(-z)) - y) / X.shape[0]
        return float(np.mean(_binary_cross_entropy_with_logits(y, z))), [X.T @ dz, dz.sum()]


def test_check_model_gradients_passes_and_restores_params(rng):
    model = QuadraticModel(4, 3, rng)
    X, y = rng.normal(size=(6, 4)), rng.normal(size=6)
    ids_before = [id(p) for p in model.params]
    values_before = [p.copy() for p in model.params]
    cost_before = model.loss_and_grads(X, y)[0]
    result = gc.check_model_gradients(model, X, y)
    assert isinstance(result, gc.ModelGradCheck) and result.passed()
    assert len(result.relative_errors) == 3 and result.max_relative_error < 1e-7
    assert result.max_relative_error == max(result.relative_errors)
    assert [id(p) for p in model.params] == ids_before
    for p, v in zip(model.params, values_before):
        assert p.tobytes() == v.tobytes()
    assert model.loss_and_grads(X, y)[0] == cost_before


def test_check_model_gradients_on_a_logistic_model(rng):
    X = rng.normal(size=(10, 3))
    y = (rng.uniform(size=10) < 0.5).astype(float)
    result = gc.check_model_gradients(LogisticModel(3, rng), X, y)
    assert result.max_relative_error < 1e-7


@pytest.mark.parametrize("bug, index", [("db_forgets_1/m", 1), ("dW_sign", 0)])
def test_check_model_gradients_catches_a_wrong_gradient(bug, index, rng):
    model = QuadraticModel(4, 3, rng, bug=bug)
    X, y = rng.normal(size=(6, 4)), rng.normal(size=6)
    result = gc.check_model_gradients(model, X, y)
    assert result.max_relative_error > 0.1 and not result.passed()
    assert int(np.argmax(result.relative_errors)) == index
    assert sorted(result.relative_errors)[0] < 1e-7  # the correct ones still pass


class _Broken(QuadraticModel):
    def __init__(self, rng, kind):
        super().__init__(2, 2, rng)
        self.kind = kind

    @property
    def params(self):
        return [self.W.astype(int)] if self.kind == "int" else [self.W, self.b, self.c]

    def loss_and_grads(self, X, y):
        cost, grads = super().loss_and_grads(X, y)
        return (cost, grads[:2]) if self.kind == "count" else (cost, [grads[0].T] + grads[1:])


@pytest.mark.parametrize("kind, error, message", [
    ("int", TypeError, r"`model.params\[0\]` must be a float64 ndarray"),
    ("count", ValueError, "returned 2 gradients for 3 parameter arrays"),
    ("shape", ValueError,
     r"gradient 0 has shape \(3, 2\), but model.params\[0\] has shape \(2, 3\)"),
])
def test_check_model_gradients_rejects_broken_protocols(kind, error, message, rng):
    model = _Broken(rng, kind)
    if kind == "shape":
        model.W = rng.normal(size=(2, 3))
        model.b = rng.normal(size=3)
    with pytest.raises(error, match=message):
        gc.check_model_gradients(model, rng.normal(size=(3, 2)), rng.normal(size=3))


def test_check_model_gradients_rejects_non_models_and_bad_eps(rng):
    with pytest.raises(TypeError, match="`model` must have .params and .loss_and_grads"):
        gc.check_model_gradients(object(), np.zeros((2, 2)), np.zeros(2))
    with pytest.raises(ValueError, match="`eps` must be > 0"):
        gc.check_model_gradients(QuadraticModel(2, 2, rng), np.zeros((2, 2)), np.zeros(2), eps=-1)


def test_default_step_suits_small_gradients_of_deep_sigmoid_networks():
    """With eps = 1e-6, rounding noise (≈1e-16 |f| / eps) swamped the tiny gradients of a
    deep sigmoid network: a correct backward measured 1.2e-6. The default now passes."""
    from lessons_lib.models import DenseNetwork

    rng = np.random.default_rng(25)
    net = DenseNetwork([4, 3, 3, 3, 3, 1], activation="sigmoid", init="xavier", rng=25)
    X, y = rng.normal(size=(10, 4)), (rng.random(10) < 0.5).astype(float)
    assert gc.check_model_gradients(net, X, y, eps=1e-6).max_relative_error > 1e-7
    assert gc.check_model_gradients(net, X, y).max_relative_error < 1e-7
