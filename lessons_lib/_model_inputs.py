"""Input checks shared by the models: ``X``'s columns, a probability threshold, a dtype.

Private: :mod:`lessons_lib.models` (``LogisticRegression``) and
:mod:`lessons_lib._dense_network` (``DenseNetwork``) call them at their boundaries, and
``models`` re-exports them (``from lessons_lib.models import _check_X`` keeps working).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_2d, check_positive, describe


def _check_X(X, n_features):
    X = as_2d(X, "X")
    if X.shape[1] != n_features:
        raise ValueError(
            f"`X` must have {n_features} columns (features), got shape {X.shape}. "
            "Rows are examples: if your data are (n_features, m), pass X.T."
        )
    return X


def _check_threshold(threshold):
    threshold = check_positive(threshold, "threshold", allow_zero=True)
    if threshold > 1:
        raise ValueError(f"`threshold` is a probability and must be in [0, 1], got {threshold!r}. "
                         "The usual choice is 0.5.")
    return threshold


def _check_dtype(dtype):
    """``np.dtype('float64')`` or ``np.dtype('float32')`` from a name, a NumPy type or a dtype."""
    is_type = isinstance(dtype, type) and (issubclass(dtype, np.generic) or dtype is float)
    if not (isinstance(dtype, (str, np.dtype)) or is_type):
        raise TypeError(f"`dtype` must be 'float64' or 'float32', got {describe(dtype)}. "
                        "float64 is the course's default; float32 halves the memory.")
    name = dtype if isinstance(dtype, str) else np.dtype(dtype).name
    if name not in ("float64", "float32"):
        raise ValueError(f"`dtype` must be 'float64' or 'float32', got {dtype!r}. float64 is "
                         "the course's default; float32 halves the memory.")
    return np.dtype(name)


def _as_X(X, n_features, dtype):
    """``X`` validated and in ``dtype``.

    An array that already has the model's dtype and shape is returned as is when its sum is
    finite (then no value is NaN or infinite: they would propagate into the sum), one pass
    without a temporary; anything else goes through the full checks and their messages.
    """
    if (isinstance(X, np.ndarray) and X.dtype == dtype and X.ndim == 2
            and X.shape[1] == n_features and X.size):
        with np.errstate(over="ignore", invalid="ignore"):  # overflow: the full checks decide
            if np.isfinite(np.add.reduce(X, axis=None)):
                return X
    return _check_X(X, n_features).astype(dtype, copy=False)
