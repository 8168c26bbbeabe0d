"""Tests for lessons_lib.activations: closed forms, finite differences, properties, bad input."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lessons_lib import activations as act

pytestmark = pytest.mark.filterwarnings("error")  # any warning (overflow, ...) fails a test

SHAPES = [(1,), (7,), (5, 3), (2, 3, 4)]
PROPS = settings(deadline=None, max_examples=50)

# (public function, public derivative, naive reference of the function, kwargs)
ELEMENTWISE = {
    "sigmoid": (act.sigmoid, act.sigmoid_derivative, lambda z: 1 / (1 + np.exp(-z)), {}),
    "tanh": (act.tanh, act.tanh_derivative, np.tanh, {}),
    "relu": (act.relu, act.relu_derivative, lambda z: z * (z > 0), {}),
    "leaky_relu": (act.leaky_relu, act.leaky_relu_derivative,
                   lambda z: np.where(z > 0, z, 0.01 * z), {}),
    "leaky_relu_0.2": (act.leaky_relu, act.leaky_relu_derivative,
                       lambda z: np.where(z > 0, z, 0.2 * z), {"alpha": 0.2}),
    "identity": (act.identity, act.identity_derivative, lambda z: z, {}),
}
PUBLIC = [act.sigmoid, act.sigmoid_derivative, act.tanh, act.tanh_derivative, act.relu,
          act.relu_derivative, act.leaky_relu, act.leaky_relu_derivative, act.identity,
          act.identity_derivative, act.softmax, act.softmax_jacobian]

finite = st.floats(-1e3, 1e3, allow_nan=False)
any_finite = st.floats(allow_nan=False, allow_infinity=False)


def z_arrays(elements=finite, min_dims=0):
    return arrays(np.float64, array_shapes(min_dims=min_dims, max_dims=3, max_side=5),
                  elements=elements)


@pytest.fixture
def rng():
    return np.random.default_rng(20240601)


def rel_err(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    denom = max(np.linalg.norm(a) + np.linalg.norm(b), np.finfo(float).tiny)
    return np.linalg.norm(a - b) / denom


def away_from_kink(rng, shape):
    """Random z with 1e-2 <= |z| <= 4, so relu's kink stays out of the difference."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(1e-2, 4.0, size=shape)


# --- closed forms -------------------------------------------------------------------

def test_sigmoid_known_values():
    assert act.sigmoid(0.0) == 0.5
    np.testing.assert_allclose(act.sigmoid([math.log(3), -math.log(3)]), [0.75, 0.25], rtol=1e-15)
    np.testing.assert_array_equal(act.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])


def test_sigmoid_derivative_known_values():
    assert act.sigmoid_derivative(0.0) == 0.25
    assert act.sigmoid_derivative(math.log(3)) == pytest.approx(0.75 * 0.25, rel=1e-15)
    # accurate in the tail, where s * (1 - s) would round to 0
    assert act.sigmoid_derivative(40.0) == pytest.approx(math.exp(-40), rel=1e-14, abs=0)


def test_tanh_derivative_known_values():
    assert act.tanh_derivative(0.0) == 1.0
    assert act.tanh_derivative(20.0) == pytest.approx(4 * math.exp(-40), rel=1e-14, abs=0)
    np.testing.assert_array_equal(act.tanh_derivative([-1e308, 1e308]), [0.0, 0.0])


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("shape", SHAPES)
def test_matches_naive_reference_and_keeps_shape(name, shape, rng):
    fn, _, reference, kw = ELEMENTWISE[name]
    z = rng.normal(scale=3.0, size=shape)
    out = fn(z, **kw)
    assert out.shape == shape and out.dtype == np.float64
    np.testing.assert_allclose(out, reference(z), rtol=1e-14, atol=1e-300)


def test_derivatives_match_textbook_forms(rng):
    z = rng.normal(scale=3.0, size=50)
    s = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(act.sigmoid_derivative(z), s * (1 - s), rtol=1e-9)
    np.testing.assert_allclose(act.tanh_derivative(z), 1 - np.tanh(z) ** 2, rtol=1e-9)
    np.testing.assert_allclose(act.tanh_derivative(z), 4 * act.sigmoid_derivative(2 * z),
                               rtol=1e-14)


def test_relu_and_leaky_relu_values_and_kink_choice():
    np.testing.assert_array_equal(act.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(act.relu_derivative([-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(act.leaky_relu([-2.0, 0.0, 3.0], alpha=0.1), [-0.2, 0.0, 3.0])
    np.testing.assert_array_equal(act.leaky_relu_derivative([-2.0, 0.0, 3.0], 0.1),
                                  [0.1, 0.1, 1.0])
    np.testing.assert_array_equal(act.leaky_relu([-2.0, 3.0], alpha=0.0), act.relu([-2.0, 3.0]))
    np.testing.assert_array_equal(act.leaky_relu([-2.0, 3.0], alpha=1.0), [-2.0, 3.0])


def test_identity_returns_a_float_copy():
    z = np.array([1.0, -2.0])
    out = act.identity(z)
    np.testing.assert_array_equal(out, z)
    assert out is not z and not np.shares_memory(out, z)
    np.testing.assert_array_equal(act.identity_derivative([[3, 4]]), [[1.0, 1.0]])


def test_python_lists_and_scalars_accepted():
    np.testing.assert_array_equal(act.relu([[-1, 2], [3, -4]]), [[0, 2], [3, 0]])
    assert act.sigmoid(0).shape == ()
    np.testing.assert_allclose(act.softmax([[1, 1], [2, 2]]), 0.5)


# --- softmax ----------------------------------------------------------------------

def test_softmax_known_values_and_axis(rng):
    np.testing.assert_allclose(act.softmax([0.0, math.log(2)]), [1 / 3, 2 / 3], rtol=1e-15)
    Z = rng.normal(size=(4, 3))
    naive = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(act.softmax(Z), naive, rtol=1e-14)
    np.testing.assert_allclose(act.softmax(Z, axis=0), act.softmax(Z.T).T, rtol=1e-15)
    np.testing.assert_allclose(act.softmax(Z, axis=0).sum(axis=0), 1.0, rtol=1e-15)


@pytest.mark.parametrize("shape", SHAPES)
def test_softmax_rows_sum_to_one_and_shift_invariance_is_exact(shape, rng):
    z = rng.integers(-20, 20, size=shape).astype(float)
    s = act.softmax(z)
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=1e-15)
    # integers: z + c is exact, so (z + c) - max(z + c) == z - max(z) bit for bit
    np.testing.assert_array_equal(act.softmax(z + 1000.0), s)
    np.testing.assert_array_equal(act.softmax(z - 12345.0), s)


@pytest.mark.parametrize("z, expected", [
    ([1000.0, 0.0], [1.0, 0.0]),
    ([-1000.0, -1000.0], [0.5, 0.5]),
    ([1e300, 0.0, -1e300], [1.0, 0.0, 0.0]),
    ([1.7e308, -1.7e308], [1.0, 0.0]),  # z - max overflows to -inf: exp gives 0, no warning
    ([1e300, 1e300], [0.5, 0.5]),
])
def test_softmax_is_stable_for_huge_scores(z, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(act.softmax(z), expected)


@pytest.mark.parametrize("shape", SHAPES)
def test_softmax_jacobian_equals_diag_minus_outer(shape, rng):
    z = rng.normal(size=shape)
    J = act.softmax_jacobian(z)
    assert J.shape == shape + shape[-1:]
    s = act.softmax(z).reshape(-1, shape[-1])
    expected = np.stack([np.diag(row) - np.outer(row, row) for row in s])
    np.testing.assert_allclose(J.reshape(expected.shape), expected, rtol=1e-15, atol=1e-17)


# --- finite differences -----------------------------------------------------------

def central_diff_elementwise(fn, z, h=1e-6):
    return (fn(z + h) - fn(z - h)) / ((z + h) - (z - h))


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("shape", SHAPES)
def test_derivative_matches_central_differences(name, shape, rng):
    fn, derivative, _, kw = ELEMENTWISE[name]
    z = away_from_kink(rng, shape)
    numeric = central_diff_elementwise(lambda t: fn(t, **kw), z)
    assert rel_err(derivative(z, **kw), numeric) < 1e-7


@pytest.mark.parametrize("name", list(act.ACTIVATIONS))
def test_registry_private_functions_match_public_and_differences(name, rng):
    entry = act.get_activation(name)
    assert entry is act.ACTIVATIONS[name] and entry.name == name
    public_fn, public_derivative = ELEMENTWISE[name][:2]
    z = away_from_kink(rng, (6, 2))
    np.testing.assert_array_equal(entry.fn(z), public_fn(z))
    np.testing.assert_array_equal(entry.derivative(z), public_derivative(z))
    assert rel_err(entry.derivative(z), central_diff_elementwise(entry.fn, z)) < 1e-7


@pytest.mark.parametrize("shape", SHAPES)
def test_softmax_jacobian_matches_central_differences(shape, rng):
    z = rng.normal(size=shape)
    n, h = shape[-1], 1e-6
    numeric = np.empty(shape + (n,))
    for j in range(n):  # perturb column j of every row at once: rows are independent
        step = np.zeros(n)
        step[j] = h
        numeric[..., j] = (act.softmax(z + step) - act.softmax(z - step)) / (2 * h)
    assert rel_err(act.softmax_jacobian(z), numeric) < 1e-7


# --- properties ---------------------------------------------------------------------

@PROPS
@given(z_arrays())
def test_ranges(z):
    s, t, r = act.sigmoid(z), act.tanh(z), act.relu(z)
    assert np.all((s >= 0) & (s <= 1)) and np.all((t >= -1) & (t <= 1)) and np.all(r >= 0)


@PROPS
@given(z_arrays(min_dims=1))
def test_monotone_non_decreasing(z):
    z = np.sort(z.ravel())
    for fn in (act.sigmoid, act.tanh, act.relu, act.leaky_relu, act.identity):
        assert np.all(np.diff(fn(z)) >= 0), fn.__name__


@PROPS
@given(z_arrays())
def test_sigmoid_symmetry(z):
    np.testing.assert_allclose(act.sigmoid(-z), 1 - act.sigmoid(z), rtol=0, atol=3e-16)


@PROPS
@given(z_arrays(any_finite))
def test_derivative_bounds_over_all_finite_floats(z):
    ds, dt = act.sigmoid_derivative(z), act.tanh_derivative(z)
    assert np.all((ds >= 0) & (ds <= 0.25)) and np.all((dt >= 0) & (dt <= 1))
    assert np.all(ds <= act.sigmoid_derivative(0.0)) and np.all(dt <= act.tanh_derivative(0.0))


@PROPS
@given(z_arrays(st.one_of(st.sampled_from([-1e3, 1e3, -1e300, 1e300]), any_finite)))
def test_stable_and_silent_for_extreme_inputs(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fn in PUBLIC[:-2]:
            assert np.all(np.isfinite(fn(z))), fn.__name__
        if z.ndim:
            assert np.all(np.isfinite(act.softmax(z)))


@PROPS
@given(z_arrays(min_dims=1), st.floats(-1e3, 1e3))
def test_softmax_sums_to_one_and_is_shift_invariant(z, c):
    s = act.softmax(z)
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=1e-13)
    # z + c rounds (by up to 1e3 * 2**-53), so equality holds up to that rounding
    np.testing.assert_allclose(act.softmax(z + c), s, rtol=1e-9, atol=1e-12)


# --- bad input ----------------------------------------------------------------------

@pytest.mark.parametrize("fn", PUBLIC, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad, error, message", [
    ("abc", TypeError, "`z`.*numbers"),
    ([["a", "b"]], TypeError, "`z`.*numbers"),
    ([1.0, np.nan], ValueError, "`z` contains NaN"),
    ([np.inf, 1.0], ValueError, "`z` contains infinity"),
    ([], ValueError, "`z` is empty"),
    ([[1.0, 2.0], [3.0]], ValueError, "`z` must be a rectangular"),
])
def test_bad_z_is_rejected_with_its_name(fn, bad, error, message):
    with pytest.raises(error, match=message):
        fn(bad)


@pytest.mark.parametrize("fn", [act.softmax, act.softmax_jacobian])
def test_softmax_needs_an_axis(fn):
    with pytest.raises(ValueError, match="`z` must have at least 1 dimension"):
        fn(3.0)


@pytest.mark.parametrize("axis, error", [(2, ValueError), (-3, ValueError), (1.0, TypeError),
                                         ("1", TypeError), (True, TypeError)])
def test_softmax_bad_axis(axis, error):
    with pytest.raises(error, match="`axis`"):
        act.softmax([[1.0, 2.0]], axis=axis)


@pytest.mark.parametrize("fn", [act.leaky_relu, act.leaky_relu_derivative])
@pytest.mark.parametrize("alpha, error", [(-0.1, ValueError), (1.5, ValueError),
                                          (np.nan, ValueError), ("0.1", TypeError),
                                          (None, TypeError)])
def test_leaky_relu_bad_alpha(fn, alpha, error):
    with pytest.raises(error, match="`alpha`"):
        fn([1.0, -1.0], alpha=alpha)


def test_get_activation_bad_names():
    with pytest.raises(ValueError, match="`name` must be one of 'sigmoid', 'tanh', 'relu'"):
        act.get_activation("softplus")
    with pytest.raises(TypeError, match="`name`"):
        act.get_activation(3)
    entry = act.ACTIVATIONS["tanh"]
    assert act.get_activation(entry) is entry
