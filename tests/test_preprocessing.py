"""Tests for lessons_lib.preprocessing: stratified train/test split, standardisation."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import datasets as ds
from lessons_lib import preprocessing as pp


# ----------------------------------------------------------------------------- split
def check_split(split, X, y, test_size_rows):
    m = len(y)
    rows_train, rows_test = split.X_train[:, 0].astype(int), split.X_test[:, 0].astype(int)
    assert len(rows_test) == test_size_rows and len(rows_train) == m - test_size_rows
    assert np.intersect1d(rows_train, rows_test).size == 0
    np.testing.assert_array_equal(np.sort(np.concatenate([rows_train, rows_test])), np.arange(m))
    np.testing.assert_array_equal(split.X_train, X[rows_train])  # rows stay whole, y with X
    np.testing.assert_array_equal(split.y_test, y[rows_test])


@pytest.mark.parametrize("m, test_size, n_test", [(100, 0.25, 25), (101, 0.25, 26), (10, 3, 3),
                                                  (2, 0.5, 1), (50, 0.01, 1)])
def test_split_sizes_no_overlap_full_cover(m, test_size, n_test):
    X = np.column_stack([np.arange(m), np.random.default_rng(0).normal(size=m)])
    y = np.arange(m) % 2
    for stratify in (True, False):
        split = pp.train_test_split(X, y, test_size=test_size, rng=1, stratify=stratify)
        assert isinstance(split, pp.Split)
        check_split(split, X, y, n_test)


def test_split_stratified_proportions_multiclass():
    data = ds.load_digits()
    split = pp.train_test_split(data.X, data.y, test_size=0.3, rng=0)
    counts = np.bincount(data.y)
    test_counts = np.bincount(split.y_test, minlength=10)
    assert np.all(np.abs(test_counts - 0.3 * counts) < 1)
    assert split.y_train.dtype == np.int64 and split.X_train.dtype == np.float64


def test_split_unstratified_can_drift_but_stratified_cannot():
    y = np.r_[np.zeros(90, int), np.ones(10, int)]
    X = np.arange(100.0)[:, None]
    shares = [pp.train_test_split(X, y, 0.2, rng=s, stratify=False).y_test.sum()
              for s in range(30)]
    assert len(set(shares)) > 1
    assert {pp.train_test_split(X, y, 0.2, rng=s).y_test.sum() for s in range(30)} == {2}


@settings(deadline=None, max_examples=40)
@given(sizes=st.lists(st.integers(1, 30), min_size=1, max_size=4),
       fraction=st.floats(0.05, 0.95), seed=st.integers(0, 2**32 - 1))
def test_split_properties(sizes, fraction, seed):
    y = np.repeat(np.arange(len(sizes)), sizes)
    m = len(y)
    n_test = int(np.ceil(fraction * m))
    X = np.arange(m, dtype=float)[:, None]
    if m < 2 or not 1 <= n_test <= m - 1:
        with pytest.raises(ValueError, match="test_size|at least 2 rows"):
            pp.train_test_split(X, y, fraction, rng=seed)
        return
    split = pp.train_test_split(X, y, fraction, rng=seed)
    check_split(split, X, y, n_test)
    got = np.bincount(split.y_test, minlength=len(sizes))
    assert np.all(np.abs(got - n_test * np.array(sizes) / m) < 1)


def test_split_seeded_reproducible_and_lists_accepted():
    X, y = ds.make_moons(m=40, rng=0)
    a = pp.train_test_split(X.tolist(), y.tolist(), rng=3)
    b = pp.train_test_split(X, y, rng=np.random.default_rng(3))
    c = pp.train_test_split(X, y, rng=4)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(b.X_train, c.X_train)


def test_split_continuous_targets_need_stratify_false():
    X = np.arange(20.0)[:, None]
    y = np.linspace(0, 1, 20)
    with pytest.raises(ValueError, match="stratify=False"):
        pp.train_test_split(X, y)
    assert len(pp.train_test_split(X, y, stratify=False, rng=0).y_test) == 5


@pytest.mark.parametrize(
    "X, y, test_size, error, pattern",
    [
        (np.zeros((10, 2)), np.zeros(9), 0.25, ValueError, "`X` has 10 rows but `y` has 9"),
        (np.zeros((10, 2)), np.zeros(10), 0.0, ValueError, "`test_size`"),
        (np.zeros((10, 2)), np.zeros(10), 1.0, ValueError, "`test_size`"),
        (np.zeros((10, 2)), np.zeros(10), -0.2, ValueError, "`test_size`"),
        (np.zeros((10, 2)), np.zeros(10), 10, ValueError, "`test_size`"),
        (np.zeros((10, 2)), np.zeros(10), 0, ValueError, "`test_size`"),
        (np.zeros((10, 2)), np.zeros(10), "0.2", TypeError, "`test_size`"),
        (np.zeros((10, 2)), np.zeros(10), True, TypeError, "`test_size`"),
        (np.zeros((1, 2)), np.zeros(1), 0.5, ValueError, "at least 2 rows"),
        ([[0.0], [np.nan]], [0, 1], 0.5, ValueError, "`X` contains NaN"),
        (np.zeros((4, 1)), np.zeros((4, 1)), 0.5, ValueError, "`y` must be 1-D"),
        (np.zeros((0, 2)), np.zeros(0), 0.5, ValueError, "`X` is empty"),
        (["a", "b"], [0, 1], 0.5, TypeError, "`X`"),
    ],
)
def test_split_bad_inputs(X, y, test_size, error, pattern):
    with pytest.raises(error, match=re.escape(pattern)):
        pp.train_test_split(X, y, test_size=test_size)


# ----------------------------------------------------------------------------- scaling
@pytest.mark.parametrize("shape", [(5, 1), (50, 3), (200, 30)])
def test_standardizer_train_mean_zero_std_one_and_test_uses_train_stats(shape):
    rng = np.random.default_rng(shape[1])
    X_train = rng.normal(3.0, 5.0, size=shape) * np.arange(1, shape[1] + 1)
    X_test = rng.normal(size=(7, shape[1]))
    X_train_s, X_test_s, scaler = pp.standardize(X_train, X_test)
    np.testing.assert_allclose(X_train_s.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X_train_s.std(axis=0), 1.0, rtol=1e-12)
    reference = (X_test - X_train.mean(axis=0)) / np.sqrt(X_train.var(axis=0))
    np.testing.assert_allclose(X_test_s, reference, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(scaler.inverse_transform(X_test_s), X_test, atol=1e-12)


def test_standardizer_constant_columns_become_zero_without_warnings():
    X = np.column_stack([np.full(10, 0.1), np.arange(10.0), np.zeros(10)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scaler = pp.Standardizer().fit(X)
        X_s = scaler.transform(X)
    assert scaler.constant_.tolist() == [True, False, True]
    np.testing.assert_array_equal(scaler.scale_[[0, 2]], [1.0, 1.0])
    np.testing.assert_array_equal(X_s[:, [0, 2]], 0.0)
    assert np.all(np.isfinite(X_s))


def test_standardize_without_test_and_inputs_untouched():
    X = np.array([[1.0, 2.0], [3.0, 6.0]])
    before = X.copy()
    result = pp.standardize(X)
    assert result.X_test is None and isinstance(result.standardizer, pp.Standardizer)
    np.testing.assert_array_equal(result.X_train, [[-1.0, -1.0], [1.0, 1.0]])
    np.testing.assert_array_equal(X, before)


def test_standardizer_errors():
    with pytest.raises(ValueError, match="fit"):
        pp.Standardizer().transform([[1.0]])
    scaler = pp.Standardizer().fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="3 features .* fitted on 2"):
        scaler.transform(np.ones((3, 3)))
    with pytest.raises(ValueError, match="`X` must be 2-D"):
        pp.Standardizer().fit([1.0, 2.0])
    with pytest.raises(ValueError, match="`X_train` contains infinity"):
        pp.standardize([[1.0], [np.inf]])
    with pytest.raises(ValueError, match="`X_test` has 3 features"):
        pp.standardize(np.ones((3, 2)), np.ones((1, 3)))
