"""Input checks shared by every public function of lessons_lib.

Each check validates once, at the boundary, and raises ``TypeError`` or
``ValueError`` with a message that says what was expected, what came and how
to fix it (the style of scikit-learn's ``utils/validation.py``).
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_float_array",
    "as_2d",
    "as_labels",
    "check_same_length",
    "check_positive",
    "check_int",
    "check_probabilities",
    "check_choice",
    "as_rng",
    "describe",
]


def describe(value) -> str:
    """Return a short description of ``value`` for error messages."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    return f"{type(value).__name__} {value!r}"[:80]


def as_float_array(x, name, *, ndim=None, allow_empty=False):
    """Convert ``x`` to a finite float64 array, checking its dimensions.

    Parameters
    ----------
    x : array_like
        Numbers: an ndarray, a Python list, a scalar.
    name : str
        The argument's name, used in error messages.
    ndim : int or tuple of int, optional
        The allowed numbers of dimensions.
    allow_empty : bool, default False
        Whether an array with no elements is allowed.

    Returns
    -------
    ndarray of dtype float64
        A new array if ``x`` needed conversion, otherwise ``x`` itself.

    Raises
    ------
    TypeError
        If ``x`` holds strings, objects or booleans-as-text.
    ValueError
        If ``x`` has the wrong number of dimensions, is empty, or holds NaN or
        infinity.
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(
            f"`{name}` must be numbers (an array, a list or a number), "
            f"got {describe(x)}. Convert text to numbers first, e.g. float(s)."
        )
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(
            f"`{name}` must be a rectangular array of numbers, got {describe(x)} "
            f"whose rows have different lengths ({exc}). Make every row the same length."
        ) from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"`{name}` must hold numbers, got {_what_it_holds(x, arr)}. "
            f"Pass numeric values, e.g. np.asarray({name}, dtype=float)."
        )
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None:
        _check_ndim(arr, name, ndim)
    if arr.size == 0 and not allow_empty:
        raise ValueError(
            f"`{name}` is empty (shape {arr.shape}); it needs at least one value."
        )
    if not np.all(np.isfinite(arr)):
        bad = "NaN" if np.isnan(arr).any() else "infinity"
        raise ValueError(
            f"`{name}` contains {bad} (shape {arr.shape}); every value must be finite. "
            f"Find it with np.argwhere(~np.isfinite({name}))."
        )
    return arr


_KINDS = {"U": "text", "S": "bytes", "O": "Python objects", "c": "complex numbers",
          "M": "dates", "m": "time differences", "V": "records"}


def _what_it_holds(x, arr):
    """Describe a non-numeric input: its container, what it holds, and a first value."""
    holds = _KINDS.get(arr.dtype.kind, "non-numbers")
    values = arr.ravel()[:1000].tolist()
    odd = [v for v in values if not isinstance(v, numbers.Number)] or values
    first = f", e.g. {repr(odd[0])[:30]}" if odd else ""
    container = (f"an array of shape {arr.shape}" if isinstance(x, np.ndarray)
                 else describe(x))
    return f"{container} holding {holds} (dtype {arr.dtype}){first}"


def _check_ndim(arr, name, ndim):
    allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if arr.ndim in allowed:
        return
    want = " or ".join(f"{d}-D" for d in allowed)
    hint = ""
    if 2 in allowed and arr.ndim == 1:
        hint = (
            f" Rows are examples: reshape with {name}.reshape(-1, 1) for one feature "
            f"or {name}.reshape(1, -1) for one example."
        )
    elif 1 in allowed and arr.ndim == 2 and 1 in arr.shape:
        hint = f" Flatten it with {name}.ravel()."
    raise ValueError(
        f"`{name}` must be {want}, got a {arr.ndim}-D array of shape {arr.shape}.{hint}"
    )


def as_2d(X, name="X"):
    """Return ``X`` as a finite 2-D float array of shape (m, n_features)."""
    return as_float_array(X, name, ndim=2)


def as_labels(y, name="y", *, n_samples=None, n_classes=2, rows_of="X"):
    """Return class labels as a 1-D float array (binary) or int array (multiclass).

    Parameters
    ----------
    y : array_like of shape (m,)
        Labels: 0 or 1 when ``n_classes == 2``, else integers in
        ``0 .. n_classes - 1``.
    name : str
        The argument's name, used in error messages.
    n_samples : int, optional
        The number of examples ``y`` must have (the rows of ``X``).
    n_classes : int, default 2
        How many classes there are.
    rows_of : str, default "X"
        The name of the argument whose rows ``n_samples`` counts (for messages).
    """
    arr = as_float_array(y, name, ndim=1)
    if n_samples is not None and arr.shape[0] != n_samples:
        raise ValueError(
            f"`{name}` has {arr.shape[0]} labels but `{rows_of}` has {n_samples} rows; "
            f"they must match, one label per example (row)."
        )
    allowed = np.arange(n_classes)
    bad = ~np.isin(arr, allowed)
    if bad.any():
        found = np.unique(arr[bad])[:5]
        raise ValueError(
            f"`{name}` must hold labels in {{{', '.join(map(str, allowed[:10]))}"
            f"{', …' if n_classes > 10 else ''}}}, got {found.tolist()}. "
            + ("Map your two classes to 0 and 1, e.g. y = (labels == positive).astype(float)."
               if n_classes == 2 else "Encode classes as 0 .. n_classes - 1.")
        )
    return arr if n_classes == 2 else arr.astype(np.int64)


def check_same_length(a, b, name_a, name_b):
    """Raise if arrays ``a`` and ``b`` have different first dimensions."""
    if np.shape(a)[:1] != np.shape(b)[:1]:
        raise ValueError(
            f"`{name_a}` and `{name_b}` must have the same number of rows (examples), "
            f"got {np.shape(a)} and {np.shape(b)}."
        )


def _check_real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a number, got {describe(value)}.")
    if not np.isfinite(value):
        raise ValueError(f"`{name}` must be finite, got {value!r}.")


def check_positive(value, name, *, allow_zero=False):
    """Return ``value`` as a float after checking it is a finite positive number."""
    _check_real(value, name)
    if value < 0 or (value == 0 and not allow_zero):
        need = "≥ 0" if allow_zero else "> 0"
        raise ValueError(f"`{name}` must be {need}, got {value!r}.")
    return float(value)


def check_int(value, name, *, minimum=None):
    """Return ``value`` as an int after checking it is an integer ≥ ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"`{name}` must be an integer, got {describe(value)}. Use int({name})."
        )
    if minimum is not None and value < minimum:
        raise ValueError(f"`{name}` must be ≥ {minimum}, got {value}.")
    return int(value)


def check_probabilities(p, name):
    """Return ``p`` as a float array after checking 0 ≤ p ≤ 1 everywhere."""
    arr = as_float_array(p, name)
    if arr.min() < 0 or arr.max() > 1:
        raise ValueError(
            f"`{name}` must hold probabilities in [0, 1], got values from "
            f"{arr.min():.4g} to {arr.max():.4g}. Pass sigmoid(z), not the raw score z."
        )
    return arr


def check_choice(value, name, choices):
    """Return ``value`` after checking it is one of ``choices``.

    A value that is not a string where the choices are names raises ``TypeError``;
    any other value not among the choices raises ``ValueError``.
    """
    valid = ", ".join(map(repr, choices))
    if all(isinstance(c, str) for c in choices) and not isinstance(value, str):
        raise TypeError(f"`{name}` must be one of {valid} (a str); got {describe(value)}.")
    if value not in choices:
        raise ValueError(f"`{name}` must be one of {valid}; got {value!r}.")
    return value


def as_rng(rng, name="rng"):
    """Return ``np.random.default_rng(rng)`` after checking ``rng`` is a seed or a generator.

    Accepted: None (fresh entropy), an integer seed ≥ 0 (or a list of them), a
    ``numpy.random.Generator`` (returned as is, so draws continue its stream), a
    ``BitGenerator`` or a ``SeedSequence``.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    seedlike = (numbers.Integral, list, tuple, np.ndarray, np.random.BitGenerator,
                np.random.SeedSequence)
    if isinstance(rng, (bool, np.bool_)) or not (rng is None or isinstance(rng, seedlike)):
        raise TypeError(
            f"`{name}` must be None, an integer seed ≥ 0 or a numpy.random.Generator, "
            f"got {describe(rng)}. Example: {name}=0 or {name}=np.random.default_rng(0)."
        )
    if isinstance(rng, numbers.Integral) and rng < 0:
        raise ValueError(f"`{name}` as a seed must be an integer ≥ 0, got {rng}.")
    try:
        return np.random.default_rng(rng)
    except (TypeError, ValueError) as exc:  # e.g. a list holding a negative number or text
        raise type(exc)(
            f"`{name}` must be None, an integer seed ≥ 0 (or a list of them) or a "
            f"numpy.random.Generator, got {describe(rng)} ({exc})."
        ) from None
