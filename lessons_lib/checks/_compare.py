"""Finding the first thing wrong with what a learner's function did, as a :class:`Problem`.

The order: an exception, an input changed in place, a NumPy warning, then the result's form
(a tuple of the right length, numbers, not None), its shape, its dtype and its values; or, for
cases with a ``key``, named features of the result.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .._validation import describe
from ._format import show, value_lines

__all__ = ["Problem", "diagnose"]


class Problem(NamedTuple):
    """The first thing wrong: its kind, which output, what identifies it, lines to print, and
    the value the function returned (to break ties between mistakes)."""

    kind: str
    output: str
    detail: Any
    lines: tuple
    value: Any = None


def _as_numbers(x):
    try:
        a = np.asarray(x)
    except Exception:  # noqa: BLE001 - ragged lists and odd objects are a "form" problem
        return None
    return a if a.dtype.kind in "biuf" else None


def _close(a, b, rtol, atol):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype.kind not in "biuf" or b.dtype.kind not in "biuf":
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(a.astype(float), b.astype(float), rtol=rtol, atol=atol))


def _same_feature(a, b, rtol, atol):
    if isinstance(a, (bool, str, tuple, type(None))) or isinstance(b, (bool, str, tuple)):
        return a == b
    return _close(a, b, rtol, atol)


def _compare_value(ex, case, name, got, want):
    rtol = ex.rtol if case.rtol is None else case.rtol
    label = f"{name}: " if name else ""
    if isinstance(want, list):
        if not isinstance(got, (list, tuple)) or len(got) != len(want):
            return Problem("form", name, describe(got),
                           (f"{label}expected a list of {len(want)} arrays, got {describe(got)}.",))
        for i, (g, w) in enumerate(zip(got, want)):
            problem = _compare_value(ex, case, f"{name}[{i}]", g, w)
            if problem:
                return problem
        return None
    if got is None:
        return Problem("none", name, None, (f"{label}your function returned None.",))
    arr, want = _as_numbers(got), np.asarray(want)
    if arr is None:
        return Problem("form", name, describe(got),
                       (f"{label}expected numbers, got {describe(got)}.",))
    if arr.shape != want.shape:
        return Problem("shape", name, (arr, want.shape),
                       (f"{label}expected shape {want.shape}, got shape {arr.shape}.",))
    if arr.dtype.kind not in ex.kinds:
        return Problem("dtype", name, arr.dtype.kind,
                       (f"{label}expected dtype {want.dtype}, got dtype {arr.dtype}.",), arr)
    if not _close(arr, want, rtol, ex.atol):
        return Problem("value", name, arr, value_lines(name, want, arr, rtol, ex.atol))
    return None


def _compare_outputs(ex, case, got, want):
    if not ex.outputs:
        return _compare_value(ex, case, "", got, want)
    n = len(ex.outputs)
    if not isinstance(got, (tuple, list)) or len(got) != n:
        return Problem("form", "", describe(got),
                       (f"expected {n} values ({', '.join(ex.outputs)}), got {describe(got)}.",))
    for name, g, w in zip(ex.outputs, got, want):
        problem = _compare_value(ex, case, name, g, w)
        if problem:
            return problem
    return None


def _compare_features(ex, case, got, want):
    rtol = ex.rtol if case.rtol is None else case.rtol
    try:
        have = case.key(got, case.args)
    except Exception:  # noqa: BLE001 - the learner returned something the key cannot read
        what = f"{len(ex.outputs)} values ({', '.join(ex.outputs)})" if ex.outputs else "an array"
        return Problem("form", "", describe(got), (f"expected {what}, got {describe(got)}.",))
    for feature, value in case.key(want, case.args).items():
        if not _same_feature(have.get(feature), value, rtol, ex.atol):
            return Problem("value", feature, have,
                           (f"{feature}: expected {show(value)}, got {show(have.get(feature))}.",))
    return None


def diagnose(ex, case, outcome, want):
    """The first problem of ``outcome`` against the expected value ``want``, or None."""
    if outcome.error is not None:
        error = outcome.error
        message = " ".join(str(error).split())[:300]
        return Problem("raised", "", (type(error), str(error)),
                       (f"your function raised {type(error).__name__}: {message}",))
    if outcome.mutated:
        return Problem("mutated", "", outcome.mutated,
                       (f"your function changed its argument `{outcome.mutated}` in place.",),
                       outcome.value)
    if outcome.warning:
        return Problem("warned", "", outcome.warning, (f'NumPy warned: "{outcome.warning}".',),
                       outcome.value)
    if case.key is not None:
        return _compare_features(ex, case, outcome.value, want)
    return _compare_outputs(ex, case, outcome.value, want)
