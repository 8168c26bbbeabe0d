"""Curvature of logistic regression's cost over ``(w, b)``: Hessians, minima, a search.

For one feature, ŷ = σ(z) with z = w x + b, and a cost J(w, b) = (1/m) Σ L(y_i, σ(z_i)), the
chain rule gives the Hessian (the matrix of second derivatives) as a weighted sum of the
outer products of u_i = (x_i, 1):

.. math:: \\nabla^2 J = \\frac1m \\sum_i \\ell''(z_i)\\, u_i u_i^\\top

- cross-entropy: ℓ''(z) = a(1 − a) ≥ 0 (a = σ(z)), so ∇²J = Uᵀ S U / m with S = diag(a(1 − a)):
  positive semi-definite everywhere, the cost is convex;
- squared error ½(a − y)²: ℓ''(z) = a(1 − a) [a(1 − a) + (a − y)(1 − 2a)], negative for a
  confidently wrong example, so the Hessian can have a negative eigenvalue.

:func:`logistic_hessian` evaluates it on a grid, :func:`curvature_grid` gives the smallest
eigenvalue and the gradient's size over a surface's window, :func:`local_minima` finds and
verifies the minima (gradient ≈ 0, Hessian positive definite), and
:func:`search_spurious_minima` looks, with a seeded search, for small data sets whose
squared-error cost has a local minimum that is not the global one. Pure NumPy.
Introduced in ``02_loss_and_cost``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_labels, as_rng, check_choice, check_int
from .activations import _sigmoid
from .surfaces import LOSSES, _logistic_surface

__all__ = ["CriticalPoint", "CurvatureGrid", "SpuriousCase", "SearchResult", "logistic_hessian",
           "min_eigenvalue", "curvature_grid", "local_minima", "random_one_feature_set",
           "search_spurious_minima"]


class CriticalPoint(NamedTuple):
    """A verified minimum: ``w``, ``b``, its ``cost``, ``grad_norm`` and Hessian ``eigenvalues``
    (ascending, shape (2,))."""

    w: float
    b: float
    cost: float
    grad_norm: float
    eigenvalues: np.ndarray


class CurvatureGrid(NamedTuple):
    """On an n by n grid (rows follow ``b``): the cost ``J``, the smallest Hessian eigenvalue
    ``min_eigenvalue`` and the gradient's length ``grad_norm``, all of shape (n, n)."""

    w: np.ndarray
    b: np.ndarray
    J: np.ndarray
    min_eigenvalue: np.ndarray
    grad_norm: np.ndarray


class SpuriousCase(NamedTuple):
    """A data set (``X`` of shape (m, 1), ``y``) and its minima, lowest cost first."""

    X: np.ndarray
    y: np.ndarray
    minima: tuple


class SearchResult(NamedTuple):
    """``num_datasets`` searched and the ``cases`` with more than one minimum."""

    num_datasets: int
    cases: tuple


# --- the Hessian ------------------------------------------------------------------------

def _second_derivative(z, y, loss):
    """d²L/dz² per example, for L(y, σ(z))."""
    a = _sigmoid(z)
    s = a * (1.0 - a)
    if loss == "cross_entropy":
        return s
    return s * (s + (a - y) * (1.0 - 2.0 * a))


def _hessian_entries(x, y, w, b, loss):
    """(∂²J/∂w², ∂²J/∂w∂b, ∂²J/∂b²), each of the broadcast shape of ``w`` and ``b``."""
    z = np.asarray(w)[..., None] * x + np.asarray(b)[..., None]
    d2 = _second_derivative(z, y, loss)
    return np.mean(d2 * x * x, axis=-1), np.mean(d2 * x, axis=-1), np.mean(d2, axis=-1)


def _min_eigenvalue(hww, hwb, hbb):
    """Smaller eigenvalue of the symmetric 2 × 2 matrix [[hww, hwb], [hwb, hbb]]."""
    return 0.5 * (hww + hbb) - np.hypot(0.5 * (hww - hbb), hwb)


def _data(X, y):
    from .models import _check_X

    X = _check_X(X, 1)
    return X, as_labels(y, "y", n_samples=X.shape[0])


def logistic_hessian(X, y, w, b, loss="cross_entropy"):
    """Hessian of the mean cost of one-feature logistic regression with respect to (w, b).

    .. math:: \\nabla^2 J(w, b) = \\frac1m \\sum_i \\ell''(z_i) \\begin{pmatrix} x_i^2 & x_i \\\\
              x_i & 1 \\end{pmatrix}

    Parameters
    ----------
    X : array_like of shape (m, 1)
    y : array_like of shape (m,), labels 0 and 1
    w, b : float or array_like
        Broadcast together: one Hessian per point.
    loss : {"cross_entropy", "squared_error"}
        Squared error is ½(ŷ − y)², as in :mod:`lessons_lib.losses`.

    Returns
    -------
    ndarray of shape (*broadcast shape of w and b, 2, 2)

    Examples
    --------
    >>> H = logistic_hessian([[1.0], [-1.0]], [1, 0], 0.0, 0.0)
    >>> H.tolist()
    [[0.25, 0.0], [0.0, 0.25]]
    """
    X, y = _data(X, y)
    check_choice(loss, "loss", LOSSES)
    w, b = np.broadcast_arrays(np.asarray(w, dtype=float), np.asarray(b, dtype=float))
    hww, hwb, hbb = _hessian_entries(X[:, 0], y, w, b, loss)
    return np.stack([np.stack([hww, hwb], -1), np.stack([hwb, hbb], -1)], -2)


def min_eigenvalue(H):
    """Smallest eigenvalue of each symmetric 2 × 2 matrix in ``H`` (shape (..., 2, 2))."""
    H = np.asarray(H, dtype=float)
    if H.shape[-2:] != (2, 2):
        raise ValueError(f"`H` must have shape (..., 2, 2), got {H.shape}.")
    return _min_eigenvalue(H[..., 0, 0], 0.5 * (H[..., 0, 1] + H[..., 1, 0]), H[..., 1, 1])


def curvature_grid(surface, n=61):
    """Cost, smallest Hessian eigenvalue and gradient length over a logistic surface's window.

    Parameters
    ----------
    surface : lessons_lib.surfaces.Surface
        Made by ``make_surface("logistic", loss, X, y)``.
    n : int, default 61

    Returns
    -------
    CurvatureGrid
    """
    if surface.loss is None:
        raise ValueError("`surface` must be a logistic surface: make_surface('logistic', loss).")
    n = check_int(n, "n", minimum=2)
    w, b = np.linspace(*surface.w_range, n), np.linspace(*surface.b_range, n)
    W, B = np.meshgrid(w, b)
    dw, db = surface.grad_wb(W, B)
    lam = _min_eigenvalue(*_hessian_entries(surface.X[:, 0], surface.y, W, B, surface.loss))
    return CurvatureGrid(w, b, surface.cost_wb(W, B), lam, np.hypot(dw, db))


# --- minima ---------------------------------------------------------------------------------

def _hessian_at(surface, p):
    hww, hwb, hbb = _hessian_entries(surface.X[:, 0], surface.y, p[0], p[1], surface.loss)
    return np.array([[hww, hwb], [hwb, hbb]], dtype=float)


def _newton(surface, p, box, tol, num_steps=60):
    """Newton's method with the exact Hessian; None unless it ends at a strict minimum."""
    for _ in range(num_steps):
        H, g = _hessian_at(surface, p), surface._grad(p)
        if _min_eigenvalue(H[0, 0], H[0, 1], H[1, 1]) <= tol:
            return None  # not in a minimum's basin (a saddle, a ridge or a saturated plateau)
        if np.linalg.norm(g) < 1e-13:
            return p
        p = p - np.linalg.solve(H, g)
        if np.abs(p).max() > box:
            return None
    return p if np.linalg.norm(surface._grad(p)) < 1e-12 else None


def _grid_starts(J):
    """Indices (i, j) of interior grid cells lower than their 8 neighbours."""
    inner, lower = J[1:-1, 1:-1], np.ones((J.shape[0] - 2, J.shape[1] - 2), dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                lower &= inner < J[1 + di:J.shape[0] - 1 + di, 1 + dj:J.shape[1] - 1 + dj]
    return np.argwhere(lower) + 1


def _minima(surface, radius, n, tol):
    w = b = np.linspace(-radius, radius, n)
    W, B = np.meshgrid(w, b)
    found = []
    for i, j in _grid_starts(surface.cost_wb(W, B)):
        p = _newton(surface, np.array([w[j], b[i]]), 2 * radius, tol)
        if p is not None and all(np.linalg.norm(p - (q.w, q.b)) > 1e-6 for q in found):
            eig = np.linalg.eigvalsh(_hessian_at(surface, p))
            found.append(CriticalPoint(float(p[0]), float(p[1]), surface._cost(p),
                                       float(np.linalg.norm(surface._grad(p))), eig))
    return tuple(sorted(found, key=lambda c: c.cost))


def local_minima(X, y, loss="squared_error", radius=10.0, n=101, tol=1e-6):
    """The strict local minima of logistic regression's cost in the square |w|, |b| ≤ radius.

    Starts Newton's method (exact Hessian) from every grid cell lower than its neighbours and
    keeps the points where it converges with ‖∇J‖ < 1e-12 and both Hessian eigenvalues > ``tol``
    (so flat, saturated plateaus far out never count as minima).

    Returns
    -------
    tuple of CriticalPoint
        Lowest cost first.
    """
    X, y = _data(X, y)
    check_choice(loss, "loss", LOSSES)
    with np.errstate(under="ignore"):
        return _minima(_logistic_surface(loss, X, y), float(radius), check_int(n, "n", minimum=3),
                       float(tol))


# --- the search -----------------------------------------------------------------------------

def random_one_feature_set(rng=None, m_range=(4, 8), x_max=4.0):
    """A small random data set: m in ``m_range`` distinct x on a grid of step 0.5 in
    [−x_max, x_max], labels 0/1 drawn at random (both classes present).

    Returns
    -------
    X : ndarray of shape (m, 1)
    y : ndarray of shape (m,)
    """
    rng = as_rng(rng)
    grid = np.arange(-2 * x_max, 2 * x_max + 1) / 2.0
    while True:
        m = int(rng.integers(m_range[0], m_range[1] + 1))
        x, y = np.sort(rng.choice(grid, m, replace=False)), rng.integers(0, 2, m).astype(float)
        if 0 < y.sum() < m:
            return x.reshape(-1, 1), y


def search_spurious_minima(num_datasets=200, rng=0, loss="squared_error", n=81):
    """Seeded search: draw ``num_datasets`` sets with :func:`random_one_feature_set` and keep
    those whose cost has more than one strict local minimum (found by :func:`local_minima`
    with radius 10 and an ``n`` by ``n`` grid of starts).

    Returns
    -------
    SearchResult
    """
    rng = as_rng(rng)
    check_choice(loss, "loss", LOSSES)
    cases = []
    with np.errstate(under="ignore"):
        for _ in range(check_int(num_datasets, "num_datasets", minimum=1)):
            X, y = random_one_feature_set(rng)
            found = _minima(_logistic_surface(loss, X, y), 10.0, n, 1e-6)
            if len(found) > 1:
                cases.append(SpuriousCase(X, y, found))
    return SearchResult(int(num_datasets), tuple(cases))
