"""Preparing data for training: a (stratified) train/test split and feature standardisation.

* ``train_test_split`` shuffles the rows into a training and a test part, keeping each
  class's share (stratified) by default, and returns a :class:`Split`.
* ``Standardizer`` learns each feature's mean and standard deviation on the training
  data and applies them to any data; ``standardize`` does both parts in one call.

The data themselves come from :mod:`lessons_lib.datasets`, which re-exports these
names (``lessons_lib.datasets.train_test_split`` is this function). Introduced in
``01_logistic_regression`` (split) and ``03_gradient_descent`` (standardisation).
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, as_rng, describe

__all__ = ["Split", "train_test_split", "Standardizer", "Standardized", "standardize"]


# ----------------------------------------------------------------------------- splitting
class Split(NamedTuple):
    """The result of :func:`train_test_split`."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


def _n_test(test_size, m):
    """Number of test rows: a fraction in (0, 1) rounds up; an int is a count."""
    if isinstance(test_size, (bool, np.bool_)) or not isinstance(test_size, numbers.Real):
        raise TypeError(f"`test_size` must be a fraction like 0.25 or a count like 50, "
                        f"got {describe(test_size)}.")
    if isinstance(test_size, numbers.Integral):
        n_test = int(test_size)
    elif not 0.0 < test_size < 1.0:
        raise ValueError(f"`test_size` as a fraction must be strictly between 0 and 1, got "
                         f"{test_size!r}. Use e.g. 0.25, or an integer count of test rows.")
    else:
        n_test = int(np.ceil(test_size * m))
    if not 1 <= n_test <= m - 1:
        raise ValueError(f"`test_size` gives {n_test} test rows out of {m}; both parts need at "
                         f"least one row. Choose between 1 and {m - 1} rows.")
    return n_test


def _stratified_test_rows(y, n_test, rng):
    """Pick ``n_test`` rows so each class keeps its share (largest-remainder rounding)."""
    classes, y_index, counts = np.unique(y, return_inverse=True, return_counts=True)
    quota = n_test * counts / len(y)
    take = np.floor(quota).astype(int)
    extra = np.argsort(-(quota - take), kind="stable")[: n_test - take.sum()]
    take[extra] += 1
    rows = [rng.permutation(np.flatnonzero(y_index == c))[:t] for c, t in enumerate(take)]
    return np.concatenate(rows)


def train_test_split(X, y, test_size=0.25, rng=None, stratify=True):
    """Split rows at random into a training and a test part, keeping class shares.

    Parameters
    ----------
    X : array_like of shape (m, ...)
        Examples (rows). Lists are accepted.
    y : array_like of shape (m,)
        Labels (or targets, with ``stratify=False``).
    test_size : float in (0, 1) or int, default 0.25
        Fraction of rows for the test part (rounded up) or their number.
    rng : None, int or numpy.random.Generator
    stratify : bool, default True
        Keep each class's share equal in both parts (to within one row); needs
        integer-valued ``y``.

    Returns
    -------
    Split
        ``X_train, X_test, y_train, y_test`` (new arrays, rows in random order,
        dtypes as given). Every row lands in exactly one part.

    See Also
    --------
    lessons_lib.datasets : the data sets to split (``make_blobs``, ``load_digits``, ...).
    standardize : scale the features, with the statistics of the training part only.

    Examples
    --------
    >>> from lessons_lib.datasets import make_blobs
    >>> X, y = make_blobs(m=100, rng=0)
    >>> split = train_test_split(X, y, test_size=0.2, rng=0)
    >>> split.X_train.shape, np.bincount(split.y_test).tolist()
    ((80, 2), [10, 10])
    """
    X_checked = as_float_array(X, "X")
    if X_checked.ndim == 0:
        raise ValueError(f"`X` must hold one row per example, got a single number {X!r}.")
    y_checked = as_float_array(y, "y", ndim=1)
    if X_checked.shape[0] != y_checked.shape[0]:
        raise ValueError(f"`X` has {X_checked.shape[0]} rows but `y` has {y_checked.shape[0]} "
                         f"labels; they must match, one label per example (row).")
    m = y_checked.shape[0]
    if m < 2:
        raise ValueError(f"`X` needs at least 2 rows to split, got {m}.")
    n_test = _n_test(test_size, m)
    rng = as_rng(rng)
    if not isinstance(stratify, (bool, np.bool_)):
        raise TypeError(f"`stratify` must be True or False, got {describe(stratify)}.")
    if stratify:
        fractional = y_checked[y_checked != np.round(y_checked)]
        if fractional.size:
            raise ValueError(f"`y` must hold class labels (integers) to stratify, got "
                             f"non-integer values such as {fractional[:3].tolist()}; for "
                             "continuous targets pass stratify=False.")
        test = rng.permutation(_stratified_test_rows(y_checked, n_test, rng))
    else:
        test = rng.permutation(m)[:n_test]
    train = rng.permutation(np.setdiff1d(np.arange(m), test))
    X, y = np.asarray(X), np.asarray(y)
    return Split(X[train], X[test], y[train], y[test])


# ----------------------------------------------------------------------------- scaling
class Standardizer:
    """Shift and scale each feature with statistics of the *training* data.

    .. math:: x'_j = (x_j - \\mu_j) / \\sigma_j

    ``fit`` stores ``mean_`` (:math:`\\mu`) and ``scale_`` (:math:`\\sigma`, the
    standard deviation with ``ddof=0``); ``transform`` applies them to any data,
    so test data uses the training statistics. A column that is constant in the
    training data (``constant_`` is True) gets ``scale_ = 1``: it becomes all zeros
    instead of 0/0, and no warning is raised.

    Examples
    --------
    >>> scaler = Standardizer().fit([[1.0, 5.0], [3.0, 5.0]])
    >>> scaler.transform([[2.0, 5.0], [5.0, 6.0]]).tolist()
    [[0.0, 0.0], [3.0, 1.0]]
    """

    def __init__(self):
        self.mean_ = self.scale_ = self.constant_ = None

    def fit(self, X):
        """Learn ``mean_``, ``scale_`` from X of shape (m, n_features); return self."""
        X = as_float_array(X, "X", ndim=2)
        self.constant_ = X.max(axis=0) == X.min(axis=0)
        # a constant column's mean is its value, exactly (X.mean can be off by a rounding)
        self.mean_ = np.where(self.constant_, X[0], X.mean(axis=0))
        self.scale_ = np.where(self.constant_, 1.0, X.std(axis=0))
        return self

    def transform(self, X):
        """Return the standardised copy of X of shape (m, n_features)."""
        return self._transform(self._checked(X, "X"))

    def _transform(self, X):
        return (X - self.mean_) / self.scale_

    def fit_transform(self, X):
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X):
        """Undo :meth:`transform`: ``X * scale_ + mean_``."""
        return self._checked(X, "X") * self.scale_ + self.mean_

    def _checked(self, X, name):
        if self.mean_ is None:
            raise ValueError("This Standardizer is not fitted yet: call fit(X_train) first.")
        X = as_float_array(X, name, ndim=2)
        if X.shape[1] != self.mean_.shape[0]:
            raise ValueError(f"`{name}` has {X.shape[1]} features but the Standardizer was fitted "
                             f"on {self.mean_.shape[0]}; pass data with the same columns.")
        return X


class Standardized(NamedTuple):
    """The result of :func:`standardize`."""

    X_train: np.ndarray
    X_test: np.ndarray | None
    standardizer: Standardizer


def standardize(X_train, X_test=None):
    """Standardise ``X_train`` with its own statistics and ``X_test`` with the same ones.

    Parameters
    ----------
    X_train : array_like of shape (m, n_features)
    X_test : array_like of shape (m_test, n_features), optional

    Returns
    -------
    Standardized
        ``X_train`` (each column mean 0, std 1, constant columns 0), ``X_test``
        (None if not given) and the fitted ``standardizer`` for new data.

    See Also
    --------
    Standardizer : the same, one step at a time (``fit``, then ``transform``).
    train_test_split : make ``X_train`` and ``X_test`` first.

    Examples
    --------
    >>> X_train_s, X_test_s, scaler = standardize([[0.0], [2.0]], [[4.0]])
    >>> X_train_s.ravel().tolist(), X_test_s.ravel().tolist()
    ([-1.0, 1.0], [3.0])
    """
    X_train = as_float_array(X_train, "X_train", ndim=2)
    scaler = Standardizer().fit(X_train)
    X_test_s = None if X_test is None else scaler._transform(scaler._checked(X_test, "X_test"))
    return Standardized(scaler._transform(X_train), X_test_s, scaler)
