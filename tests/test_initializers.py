"""Tests for lessons_lib.initializers: shapes, seeds, variances, errors."""

import numpy as np
import pytest

from lessons_lib import initializers as ini

SCHEMES = ["zeros", "random_normal", "xavier", "he"]


def expected_std(name, n_in, n_out):
    """The standard deviation each scheme promises (closed form, written again here)."""
    return {
        "zeros": 0.0,
        "random_normal": 0.01,
        "xavier": np.sqrt(2.0 / (n_in + n_out)),
        "he": np.sqrt(2.0 / n_in),
    }[name]


@pytest.mark.parametrize("name", SCHEMES)
@pytest.mark.parametrize("shape", [(1, 1), (3, 5), (7, 2), (1, 10)])
def test_shape_and_dtype(name, shape):
    W = ini.get_initializer(name)(*shape, rng=0)
    assert W.shape == shape
    assert W.dtype == np.float64
    assert np.all(np.isfinite(W))


@pytest.mark.parametrize("name", ["random_normal", "xavier", "he"])
def test_same_seed_same_weights_other_seed_other_weights(name):
    f = ini.get_initializer(name)
    np.testing.assert_array_equal(f(4, 6, rng=7), f(4, 6, rng=7))
    np.testing.assert_array_equal(
        f(4, 6, rng=np.random.default_rng(7)), f(4, 6, rng=np.random.default_rng(7))
    )
    assert not np.array_equal(f(4, 6, rng=7), f(4, 6, rng=8))


@pytest.mark.parametrize("name", ["random_normal", "xavier", "he"])
@pytest.mark.parametrize("n_in, n_out", [(300, 200), (50, 1200), (1000, 60)])
def test_empirical_mean_and_variance(name, n_in, n_out):
    """Sample mean and variance match the promised N(0, std²).

    With N = n_in * n_out = 60 000 iid normal draws, the sample mean has standard
    deviation std / sqrt(N) and the sample variance has relative standard
    deviation sqrt(2 / (N - 1)) ≈ 0.0058. We allow 5 of those standard
    deviations (a false alarm about once in 1.7 million runs; the seed is fixed anyway),
    which still catches a wrong formula: a tolerance of ±2.9 % on the variance
    against, e.g., 1/n_in instead of 2/n_in (a factor 2) or xavier's 2/(n_in+n_out)
    instead of he's 2/n_in (a factor ≥ 1.06 for these shapes).
    """
    W = ini.get_initializer(name)(n_in, n_out, rng=np.random.default_rng(2024))
    N, std = W.size, expected_std(name, n_in, n_out)
    assert abs(W.mean()) < 5 * std / np.sqrt(N)
    assert W.var(ddof=1) / std**2 == pytest.approx(1.0, abs=5 * np.sqrt(2 / (N - 1)))


def test_random_normal_scale_argument():
    W = ini.random_normal(200, 300, scale=3.0, rng=1)
    assert W.std() == pytest.approx(3.0, rel=5 * np.sqrt(0.5 / W.size))


def test_zeros_are_zeros_and_ignore_rng():
    W = ini.zeros(3, 4, rng=123)
    assert W.shape == (3, 4)
    assert not W.any()


def test_aliases_and_registry():
    assert set(ini.INITIALIZERS) == set(SCHEMES)
    assert ini.get_initializer("glorot") is ini.xavier
    assert ini.get_initializer("random") is ini.random_normal
    assert ini.get_initializer("kaiming") is ini.he


@pytest.mark.parametrize("sizes", [[2, 1], [3, 5, 1], [4, 8, 8, 3], [1, 1, 1, 1, 1]])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_init_layers_shapes_and_zero_biases(sizes, scheme):
    W, b = ini.init_layers(sizes, scheme, rng=0)
    assert [w.shape for w in W] == list(zip(sizes[:-1], sizes[1:]))
    assert [v.shape for v in b] == [(n,) for n in sizes[1:]]
    assert all(not v.any() for v in b)


def test_init_layers_reproducible_and_layers_differ():
    W1, _ = ini.init_layers([5, 5, 5], "he", rng=3)
    W2, _ = ini.init_layers([5, 5, 5], "he", rng=3)
    for a, c in zip(W1, W2):
        np.testing.assert_array_equal(a, c)
    # One generator draws every layer in turn, so equal-shaped layers differ.
    assert not np.array_equal(W1[0], W1[1])


def test_init_layers_uses_the_scheme_variance():
    W, _ = ini.init_layers([400, 100, 300], "xavier", rng=5)
    for w in W:
        n_in, n_out = w.shape
        assert w.var() * (n_in + n_out) / 2 == pytest.approx(1.0, abs=5 * np.sqrt(2 / w.size))


def test_init_layers_accepts_numpy_ints_and_tuples():
    W, b = ini.init_layers((np.int64(2), 3), "he", rng=0)
    assert W[0].shape == (2, 3)


@pytest.mark.parametrize(
    "args, error, match",
    [
        ((0, 3), ValueError, "n_in"),
        ((3, 0), ValueError, "n_out"),
        ((2.5, 3), TypeError, "n_in"),
        (("2", 3), TypeError, "n_in"),
        ((True, 3), TypeError, "n_in"),
    ],
)
@pytest.mark.parametrize("name", SCHEMES)
def test_bad_sizes_raise(name, args, error, match):
    with pytest.raises(error, match=match):
        ini.get_initializer(name)(*args)


@pytest.mark.parametrize(
    "scale, error", [(0.0, ValueError), (-1.0, ValueError), (np.nan, ValueError), ("a", TypeError)]
)
def test_bad_scale_raises(scale, error):
    with pytest.raises(error, match="scale"):
        ini.random_normal(2, 2, scale=scale)


@pytest.mark.parametrize(
    "sizes, error, match",
    [
        ([3], ValueError, "at least an input and an output"),
        ([], ValueError, "at least an input and an output"),
        ([3, 0, 1], ValueError, r"layer_sizes\[1\]"),
        ([3, 2.0, 1], TypeError, r"layer_sizes\[1\]"),
        ("3,1", TypeError, "layer_sizes"),
        (5, TypeError, "layer_sizes"),
    ],
)
def test_init_layers_bad_sizes(sizes, error, match):
    with pytest.raises(error, match=match):
        ini.init_layers(sizes)


def test_unknown_scheme_names_valid_ones():
    with pytest.raises(ValueError, match="'he'"):
        ini.init_layers([2, 1], scheme="hee")
    with pytest.raises(TypeError, match="scheme"):
        ini.get_initializer(ini.he)
