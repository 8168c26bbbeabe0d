"""Gradient checking: compare an analytic gradient with central finite differences.

Introduced in ``05_backprop_logistic_regression`` and used again in ``08_deep_networks``.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, check_positive, describe

__all__ = [
    "numerical_gradient", "relative_error", "check_gradients", "check_model_gradients",
    "GradCheckResult", "ModelGradCheck",
]


class GradCheckResult(NamedTuple):
    """Outcome of :func:`check_gradients`."""

    relative_error: float
    numerical: np.ndarray
    analytic: np.ndarray

    def passed(self, tol=1e-7):
        """Return True if the relative error is below ``tol``."""
        return self.relative_error < tol


class ModelGradCheck(NamedTuple):
    """Outcome of :func:`check_model_gradients`: one relative error per parameter array."""

    max_relative_error: float
    relative_errors: list

    def passed(self, tol=1e-7):
        """Return True if every parameter's relative error is below ``tol``."""
        return self.max_relative_error < tol


def _call_scalar(f, x, index):
    value = f(x)
    if np.ndim(value) != 0 or not isinstance(np.asarray(value).item(), numbers.Real):
        raise TypeError(f"`f` must return one number (the cost), got {describe(value)}. "
                        "Return e.g. float(np.sum(...)).")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"`f` returned {value} with x[{index}] perturbed; the cost must be "
                         "finite near x. Try a smaller `eps` or another point x.")
    return value


def _numerical_gradient(f, x, eps):
    """Central differences on the float64 array ``x``, perturbed in place and restored."""
    grad = np.empty_like(x)
    for index in np.ndindex(x.shape):  # works for any strides and for 0-d arrays
        old = x[index]
        x[index] = x_plus = old + eps
        try:
            f_plus = _call_scalar(f, x, index)
            x[index] = x_minus = old - eps
            f_minus = _call_scalar(f, x, index)
        finally:
            x[index] = old  # assign the saved value: restores x bit for bit
        grad[index] = (f_plus - f_minus) / (x_plus - x_minus)  # the step actually taken
    return grad


def numerical_gradient(f, x, eps=1e-5):
    r"""Gradient of the scalar function ``f`` at ``x`` by central differences.

    .. math:: \frac{\partial f}{\partial x_i} \approx
        \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

    The error is :math:`O(\varepsilon^2)`, against :math:`O(\varepsilon)` for the
    one-sided difference. Rounding adds an error of about :math:`10^{-16} |f| / \varepsilon`,
    which dominates when gradients are small (deep sigmoid networks): the default
    ``eps=1e-5`` balances the two better than 1e-6 does in float64 (on a 5-layer
    sigmoid network, relative errors of 8e-8 against 1.2e-6 for correct gradients). The division uses the step actually taken,
    ``(x_i + eps) - (x_i - eps)`` after rounding, rather than ``2 * eps``.

    A float64 ndarray ``x`` is perturbed **in place**, one entry at a time, so ``f``
    may ignore its argument and read ``x`` (e.g. a model's live weights); every entry
    is restored to its exact original value, even if ``f`` raises. Any other input
    (a list, an int or read-only array) is converted to a new float64 array first.
    Introduced in ``05_backprop_logistic_regression``.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : array_like of any shape (0-d included)
    eps : float > 0, default 1e-5

    Returns
    -------
    ndarray of the shape of ``x``

    Examples
    --------
    >>> g = numerical_gradient(lambda x: float(np.sum(x ** 2)), np.array([1.0, -2.0]))
    >>> np.round(g, 6).tolist()
    [2.0, -4.0]
    """
    if not callable(f):
        raise TypeError(f"`f` must be a function x -> float, got {describe(f)}.")
    return _numerical_gradient(f, _as_point(x), check_positive(eps, "eps"))


def _as_point(x):
    x = as_float_array(x, "x")
    return x if x.flags.writeable else x.copy()


def _relative_error(a, b):
    denom = max(np.linalg.norm(a) + np.linalg.norm(b), np.finfo(np.float64).tiny)
    return float(np.linalg.norm(a - b) / denom)


def relative_error(a, b):
    r"""Relative error between two arrays of the same shape.

    .. math:: \frac{\lVert a - b\rVert_2}{\max(\lVert a\rVert_2 + \lVert b\rVert_2, \text{tiny})}

    The 2-norm runs over all elements. The result is in [0, 1]; it is 0 when both
    are zero. As a rule of thumb in float64, below 1e-7 is a correct gradient and
    above 1e-3 is almost surely a bug. Introduced in ``05_backprop_logistic_regression``.

    Parameters
    ----------
    a, b : array_like of the same shape

    Returns
    -------
    float

    Examples
    --------
    >>> relative_error([1.0, 0.0], [1.0, 0.0])
    0.0
    >>> relative_error([1.0], [-1.0])
    1.0
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"`a` and `b` must have the same shape, got {a.shape} and {b.shape}.")
    return _relative_error(a, b)


def check_gradients(f, grad, x, eps=1e-5):
    """Compare the analytic gradient ``grad(x)`` with :func:`numerical_gradient` of ``f``.

    Introduced in ``05_backprop_logistic_regression``.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    grad : callable
        ``grad(x) -> ndarray`` of the shape of ``x``, the gradient to check.
    x : array_like of any shape
        The point; a float64 ndarray is perturbed in place and restored exactly.
    eps : float > 0, default 1e-5

    Returns
    -------
    GradCheckResult
        ``(relative_error, numerical, analytic)``.

    Examples
    --------
    >>> r = check_gradients(lambda x: float(np.sum(x ** 3)), lambda x: 3 * x ** 2, [1.0, 2.0])
    >>> r.relative_error < 1e-7
    True
    """
    for name, fn in (("f", f), ("grad", grad)):
        if not callable(fn):
            raise TypeError(f"`{name}` must be a function of x, got {describe(fn)}.")
    x, eps = _as_point(x), check_positive(eps, "eps")
    analytic = np.array(as_float_array(grad(x), "grad(x)"))  # a copy: grad may return x
    if analytic.shape != x.shape:
        raise ValueError(f"`grad` returned shape {analytic.shape} but `x` has shape {x.shape}; "
                         "a gradient has one entry per entry of x.")
    numerical = _numerical_gradient(f, x, eps)
    return GradCheckResult(_relative_error(numerical, analytic), numerical, analytic)


def _model_arrays(model):
    if not (hasattr(model, "params") and callable(getattr(model, "loss_and_grads", None))):
        raise TypeError("`model` must have .params and .loss_and_grads(X, y) (the model "
                        f"protocol), got {describe(model)}.")
    params = list(model.params)
    for i, p in enumerate(params):
        if not (isinstance(p, np.ndarray) and p.dtype == np.float64):
            raise TypeError(f"`model.params[{i}]` must be a float64 ndarray (perturbed in "
                            f"place), got {describe(p)}.")
        as_float_array(p, f"model.params[{i}]")  # finite, not empty
    return params


def _model_grads(model, params, X, y):
    cost, grads = model.loss_and_grads(X, y)
    grads = list(grads)
    if len(grads) != len(params):
        raise ValueError(f"`model.loss_and_grads` returned {len(grads)} gradients for "
                         f"{len(params)} parameter arrays; they must match one to one.")
    for i, (g, p) in enumerate(zip(grads, params)):
        if np.shape(g) != p.shape:
            raise ValueError(f"`model.loss_and_grads` gradient {i} has shape {np.shape(g)}, "
                             f"but model.params[{i}] has shape {p.shape}.")
    return [np.array(g, dtype=np.float64) for g in grads]


def check_model_gradients(model, X, y, eps=1e-5):
    """Check a model's backward pass against finite differences of its cost.

    Each array in ``model.params`` is perturbed in place, entry by entry, and the
    cost from ``model.loss_and_grads(X, y)`` recomputed; every entry is restored
    exactly. Costs 2 forward-backward passes per parameter entry: use a tiny model
    and a few examples. Introduced in ``08_deep_networks``.

    Parameters
    ----------
    model : object
        Follows the model protocol: ``model.params`` (list of live float64 arrays)
        and ``model.loss_and_grads(X, y) -> (cost, grads)``.
    X : array_like of shape (m, n_features)
    y : array_like of shape (m,)
    eps : float > 0, default 1e-5

    Returns
    -------
    ModelGradCheck
        ``(max_relative_error, relative_errors)``, one error per parameter array.

    Examples
    --------
    >>> from lessons_lib.models import LogisticRegression  # doctest: +SKIP
    >>> check_model_gradients(LogisticRegression(2, rng=0), X, y).passed()  # doctest: +SKIP
    True
    """
    eps = check_positive(eps, "eps")
    params = _model_arrays(model)
    analytic = _model_grads(model, params, X, y)

    def cost(_):
        return model.loss_and_grads(X, y)[0]

    errors = [_relative_error(_numerical_gradient(cost, p, eps), g)
              for p, g in zip(params, analytic)]
    return ModelGradCheck(max(errors, default=0.0), errors)
