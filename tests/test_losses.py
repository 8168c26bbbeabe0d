"""Tests for lessons_lib.losses: closed forms, finite differences, properties, bad input."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons_lib import losses as L

pytestmark = pytest.mark.filterwarnings("error")

SIZES = [1, 2, 7, 20]
MULTI_SHAPES = [(1, 2), (7, 3), (5, 4), (2, 10)]
PROPS = settings(deadline=None, max_examples=50)
LOG2 = math.log(2)


@pytest.fixture
def rng():
    return np.random.default_rng(7)


def rel_err(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    denom = max(np.linalg.norm(a) + np.linalg.norm(b), np.finfo(float).tiny)
    return np.linalg.norm(a - b) / denom


def central_diff(f, x, h=1e-6):
    """Central differences of the scalar f, one entry of x at a time (x is copied)."""
    x = np.array(x, dtype=float)
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        grad[i] = (f(xp) - f(xm)) / (xp[i] - xm[i])
    return grad


def binary_data(rng, m):
    y = rng.integers(0, 2, size=m).astype(float)
    return y, rng.uniform(0.05, 0.95, size=m), rng.normal(scale=3.0, size=m)


# --- closed forms -------------------------------------------------------------------

def test_bce_known_values():
    np.testing.assert_allclose(L.binary_cross_entropy([1, 0], [0.5, 0.5]), [LOG2, LOG2],
                               rtol=1e-15)
    np.testing.assert_allclose(L.binary_cross_entropy([0, 1], [0.25, 0.25]),
                               [-math.log(0.75), -math.log(0.25)], rtol=1e-15)
    # a perfect prediction is clipped to 1 - eps (or eps): its loss is about eps, not 0
    np.testing.assert_allclose(L.binary_cross_entropy([1, 0], [1.0, 0.0]), 1e-12, rtol=1e-4)


def test_bce_matches_naive_formula(rng):
    y, y_hat, _ = binary_data(rng, 30)
    naive = -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))
    np.testing.assert_allclose(L.binary_cross_entropy(y, y_hat), naive, rtol=1e-13)


def test_bce_clip_caps_the_loss_at_minus_log_eps():
    cap = -math.log(1e-12)
    assert cap == pytest.approx(27.631, abs=1e-3)
    # y = 1: exactly -log(eps); y = 0: -log(1 - fl(1 - eps)), fl() rounding adds ~2e-5
    np.testing.assert_allclose(L.binary_cross_entropy([1, 0], [0.0, 1.0]), cap, rtol=1e-6)
    assert L.binary_cross_entropy([1], [0.0], eps=1e-3)[0] == pytest.approx(-math.log(1e-3))
    g = L.bce_cost_gradient([1, 0], [0.0, 1.0])  # finite: evaluated at the clipped y_hat
    np.testing.assert_allclose(g, [-1e12 / 2, 1e12 / 2], rtol=1e-3)


@pytest.mark.parametrize("fn", [L.binary_cross_entropy, L.bce_cost])
@pytest.mark.parametrize("y, y_hat", [([1], [0.0]), ([0], [1.0])])
def test_default_clip_is_eps_1e_minus_12(fn, y, y_hat):
    # the documented default: y_hat clipped to [1e-12, 1 - 1e-12], so a certain, wrong
    # prediction costs -log(1e-12) ~ 27.63 (1e-6 would give ~13.8). For y = 0, the clip's
    # 1 - eps rounds in float64: the loss is -log(1 - fl(1 - 1e-12)), within 1e-4 of the cap.
    cap = -math.log(1e-12)
    expected = cap if y == [1] else -math.log1p(-(1.0 - 1e-12))
    assert expected == pytest.approx(cap, rel=1e-4)
    assert float(np.mean(fn(y, y_hat))) == pytest.approx(expected, rel=1e-12)


def test_bce_with_logits_known_values_and_tails():
    np.testing.assert_allclose(L.binary_cross_entropy_with_logits([1, 0], [0.0, 0.0]), LOG2)
    out = L.binary_cross_entropy_with_logits([1, 0, 0, 1], [1e3, -1e3, 1e3, -1e3])
    np.testing.assert_array_equal(out, [0.0, 0.0, 1e3, 1e3])
    # tiny losses keep their relative accuracy: log(1 + e^-40) = e^-40 to 1e-17
    assert L.binary_cross_entropy_with_logits([1], [40.0])[0] == pytest.approx(
        math.exp(-40), rel=1e-14, abs=0)
    np.testing.assert_array_equal(L.binary_cross_entropy_with_logits([0, 1], [1e300, 1e300]),
                                  [1e300, 0.0])


@pytest.mark.parametrize("m", SIZES)
def test_bce_from_probabilities_equals_from_logits_without_clipping(m, rng):
    y, _, z = binary_data(rng, m)
    y_hat = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(L.binary_cross_entropy(y, y_hat),
                               L.binary_cross_entropy_with_logits(y, z), rtol=1e-10)


def test_squared_error_values_and_real_targets():
    np.testing.assert_allclose(L.squared_error([1.0, 0.0, 2.5], [0.0, 0.5, -0.5]),
                               [0.5, 0.125, 4.5], rtol=1e-15)
    np.testing.assert_allclose(L.squared_error_cost_gradient([2.5, 1.0], [0.5, 1.0]), [-1.0, 0.0])


@pytest.mark.parametrize("m", SIZES)
def test_costs_are_means_of_losses(m, rng):
    y, y_hat, z = binary_data(rng, m)
    assert L.bce_cost(y, y_hat) == pytest.approx(np.mean(L.binary_cross_entropy(y, y_hat)),
                                                 rel=1e-15)
    assert L.bce_cost_with_logits(y, z) == pytest.approx(
        np.mean(L.binary_cross_entropy_with_logits(y, z)), rel=1e-15)
    assert L.squared_error_cost(y, y_hat) == pytest.approx(
        np.mean(L.squared_error(y, y_hat)), rel=1e-15)
    for cost in (L.bce_cost(y, y_hat), L.bce_cost_with_logits(y, z), L.squared_error_cost(y, z)):
        assert type(cost) is float


def test_one_hot():
    Y = L.one_hot([0, 2, 1, 2], 3)
    np.testing.assert_array_equal(Y, [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]])
    assert Y.dtype == np.float64
    np.testing.assert_array_equal(L.one_hot([1, 0], 2), [[0, 1], [1, 0]])
    np.testing.assert_array_equal(L.one_hot(np.array([3]), 5), [[0, 0, 0, 1, 0]])


@pytest.mark.parametrize("shape", MULTI_SHAPES)
def test_softmax_cross_entropy_closed_forms(shape, rng):
    m, k = shape
    y = rng.integers(0, k, size=m)
    np.testing.assert_allclose(L.softmax_cross_entropy_with_logits(y, np.zeros(shape)),
                               math.log(k), rtol=1e-15)
    Z = rng.normal(scale=2.0, size=shape)
    naive = -np.log(np.exp(Z[np.arange(m), y]) / np.exp(Z).sum(axis=1))
    losses = L.softmax_cross_entropy_with_logits(y, Z)
    np.testing.assert_allclose(losses, naive, rtol=1e-12)
    assert L.softmax_cross_entropy_cost(y, Z) == pytest.approx(np.mean(losses), rel=1e-15)


def test_softmax_cross_entropy_with_two_classes_is_binary_cross_entropy(rng):
    y = rng.integers(0, 2, size=9)
    z = rng.normal(scale=3.0, size=9)
    Z = np.column_stack([np.zeros(9), z])  # softmax([0, z])[1] = sigmoid(z)
    np.testing.assert_allclose(L.softmax_cross_entropy_with_logits(y, Z),
                               L.binary_cross_entropy_with_logits(y, z), rtol=1e-12)


def test_softmax_cross_entropy_is_stable_for_huge_scores():
    Z = [[1e3, 0.0], [1e3, 0.0], [1e300, -1e300], [-1e300, 1e300]]
    np.testing.assert_array_equal(L.softmax_cross_entropy_with_logits([0, 1, 0, 1], Z),
                                  [0.0, 1e3, 0.0, 0.0])


# --- gradients against finite differences -------------------------------------------

@pytest.mark.parametrize("m", SIZES)
def test_binary_gradients_match_central_differences(m, rng):
    y, y_hat, z = binary_data(rng, m)
    cases = [(L.bce_cost, L.bce_cost_gradient, y_hat),
             (L.bce_cost_with_logits, L.bce_cost_with_logits_gradient, z),
             (L.squared_error_cost, L.squared_error_cost_gradient, y_hat)]
    for cost, gradient, at in cases:
        analytic = gradient(y, at)
        assert analytic.shape == (m,)
        assert rel_err(analytic, central_diff(lambda p: cost(y, p), at)) < 1e-7, cost.__name__


def test_squared_error_gradient_with_real_targets(rng):
    y, y_hat = rng.normal(size=6), rng.normal(size=6)
    numeric = central_diff(lambda p: L.squared_error_cost(y, p), y_hat)
    assert rel_err(L.squared_error_cost_gradient(y, y_hat), numeric) < 1e-7


@pytest.mark.parametrize("shape", MULTI_SHAPES)
def test_softmax_cross_entropy_gradient_matches_central_differences(shape, rng):
    y = rng.integers(0, shape[1], size=shape[0])
    Z = rng.normal(scale=2.0, size=shape)
    analytic = L.softmax_cross_entropy_gradient(y, Z)
    assert analytic.shape == shape
    numeric = central_diff(lambda P: L.softmax_cross_entropy_cost(y, P), Z)
    assert rel_err(analytic, numeric) < 1e-7
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(analytic, (P - L.one_hot(y, shape[1])) / shape[0], atol=1e-16)


def test_logit_gradient_closed_form(rng):
    y, _, z = binary_data(rng, 8)
    np.testing.assert_allclose(L.bce_cost_with_logits_gradient(y, z),
                               (1 / (1 + np.exp(-z)) - y) / 8, rtol=1e-12, atol=1e-18)


# --- properties ---------------------------------------------------------------------

labels_and = st.integers(1, 8).flatmap(lambda m: st.tuples(
    arrays(np.float64, m, elements=st.sampled_from([0.0, 1.0])),
    arrays(np.float64, m, elements=st.floats(0.0, 1.0)),
    arrays(np.float64, m, elements=st.floats(-1e3, 1e3)),
    arrays(np.float64, m, elements=st.floats(allow_nan=False, allow_infinity=False)),
))


@PROPS
@given(labels_and)
def test_bce_non_negative_and_bounded(data):
    y, y_hat, _, _ = data
    loss = L.binary_cross_entropy(y, y_hat)
    assert np.all(loss >= 0) and np.all(loss <= -math.log(1e-12) + 1e-4)


@PROPS
@given(labels_and)
def test_bce_from_logits_finite_non_negative_silent(data):
    y, _, z, z_any = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for logits in (z, z_any):
            loss = L.binary_cross_entropy_with_logits(y, logits)
            assert np.all(np.isfinite(loss)) and np.all(loss >= 0)
            assert np.all(np.isfinite(L.bce_cost_with_logits_gradient(y, logits)))


@PROPS
@given(st.integers(1, 5), st.integers(2, 5), st.data())
def test_softmax_cross_entropy_finite_non_negative(m, k, data):
    Z = data.draw(arrays(np.float64, (m, k), elements=st.floats(-1e3, 1e3)))
    y = data.draw(arrays(np.int64, m, elements=st.integers(0, k - 1)))
    loss = L.softmax_cross_entropy_with_logits(y, Z)
    assert np.all(np.isfinite(loss)) and np.all(loss >= 0)
    np.testing.assert_allclose(L.softmax_cross_entropy_gradient(y, Z).sum(axis=1), 0, atol=1e-15)


# --- bad input ----------------------------------------------------------------------

PROB_FUNCTIONS = [L.binary_cross_entropy, L.bce_cost, L.bce_cost_gradient]
LOGIT_FUNCTIONS = [L.binary_cross_entropy_with_logits, L.bce_cost_with_logits,
                   L.bce_cost_with_logits_gradient]
SQUARED_FUNCTIONS = [L.squared_error, L.squared_error_cost, L.squared_error_cost_gradient]
MULTI_FUNCTIONS = [L.softmax_cross_entropy_with_logits, L.softmax_cross_entropy_cost,
                   L.softmax_cross_entropy_gradient]
ids = lambda f: getattr(f, "__name__", None)  # noqa: E731

COMMON_BAD = [  # (y, prediction, error, message); {p} is the prediction's name
    ("ab", [0.5, 0.5], TypeError, "`y` must be numbers"),
    ([0, 1], "ab", TypeError, "`{p}` must be numbers"),
    ([0, np.nan], [0.5, 0.5], ValueError, "`y` contains NaN"),
    ([0, 1], [0.5, np.nan], ValueError, "`{p}` contains NaN"),
    ([0, 1], [0.5, np.inf], ValueError, "`{p}` contains infinity"),
    ([], [], ValueError, "`y` is empty"),
    ([0, 1], [[0.5, 0.5]], ValueError, "`{p}` must be 1-D"),
    ([[0, 1]], [0.5, 0.5], ValueError, "`y` must be 1-D"),
    ([0, 1, 1], [0.5, 0.5], ValueError, "`y` and `{p}` must have the same number"),
]


@pytest.mark.parametrize("fn", PROB_FUNCTIONS + LOGIT_FUNCTIONS + SQUARED_FUNCTIONS, ids=ids)
@pytest.mark.parametrize("y, pred, error, message", COMMON_BAD)
def test_bad_inputs_name_the_argument(fn, y, pred, error, message):
    p = "z" if fn in LOGIT_FUNCTIONS else "y_hat"
    with pytest.raises(error, match=message.format(p=p)):
        fn(y, pred)


@pytest.mark.parametrize("fn", PROB_FUNCTIONS + LOGIT_FUNCTIONS, ids=ids)
@pytest.mark.parametrize("y", [[0, 2], [0.5, 1], [-1, 0]])
def test_binary_labels_must_be_0_or_1(fn, y):
    with pytest.raises(ValueError, match=r"`y` must hold labels in \{0, 1\}"):
        fn(y, [0.5, 0.5])


@pytest.mark.parametrize("fn", PROB_FUNCTIONS, ids=ids)
def test_y_hat_must_be_probabilities_and_eps_valid(fn):
    with pytest.raises(ValueError, match=r"`y_hat` must hold probabilities in \[0, 1\]"):
        fn([0, 1], [0.5, 1.5])
    with pytest.raises(ValueError, match=r"`y_hat` must hold probabilities"):
        fn([0, 1], [-0.1, 0.5])
    for eps, error in [(0.0, ValueError), (0.5, ValueError), (-1e-3, ValueError),
                       ("1e-12", TypeError)]:
        with pytest.raises(error, match="`eps`"):
            fn([0, 1], [0.5, 0.5], eps=eps)


def test_python_lists_and_bool_labels_accepted():
    assert L.bce_cost([True, False], [0.5, 0.5]) == pytest.approx(LOG2)
    assert L.squared_error_cost([1, 2], [1, 2]) == 0.0
    assert L.softmax_cross_entropy_cost([1], [[0, 0]]) == pytest.approx(LOG2)


@pytest.mark.parametrize("fn", MULTI_FUNCTIONS, ids=ids)
@pytest.mark.parametrize("y, Z, error, message", [
    ([0, 3], [[0, 1, 2], [0, 1, 2]], ValueError, r"`y` must hold labels in \{0, 1, 2\}"),
    ([0, 0.5], [[0, 1], [0, 1]], ValueError, "`y` must hold labels"),
    ([0, 1], [0.0, 1.0], ValueError, "`Z` must be 2-D"),
    ([0, 0], [[1.0], [2.0]], ValueError, "`Z` must have one column per class"),
    ([0, 1, 1], [[0, 1], [0, 1]], ValueError, "`y` and `Z` must have the same number"),
    ([0, 1], [[0, np.nan], [0, 1]], ValueError, "`Z` contains NaN"),
    ([0, 1], [[0, np.inf], [0, 1]], ValueError, "`Z` contains infinity"),
    ([], np.zeros((0, 2)), ValueError, "`Z` is empty"),
    ("ab", [[0, 1]], TypeError, "`y` must be numbers"),
    ([0], [["a", "b"]], TypeError, "`Z` must hold numbers"),
    ([[0]], [[0, 1]], ValueError, "`y` must be 1-D"),
])
def test_multiclass_bad_inputs(fn, y, Z, error, message):
    with pytest.raises(error, match=message):
        fn(y, Z)


@pytest.mark.parametrize("y, n_classes, error, message", [
    ([0, 3], 3, ValueError, "`y` must hold labels"),
    ([0, 1], 1, ValueError, "`n_classes` must be ≥ 2"),
    ([0, 1], 2.0, TypeError, "`n_classes` must be an integer"),
    ([], 2, ValueError, "`y` is empty"),
    ([0, np.nan], 2, ValueError, "`y` contains NaN"),
    ("01", 2, TypeError, "`y` must be numbers"),
    ([[0, 1]], 2, ValueError, "`y` must be 1-D"),
])
def test_one_hot_bad_inputs(y, n_classes, error, message):
    with pytest.raises(error, match=message):
        L.one_hot(y, n_classes)
