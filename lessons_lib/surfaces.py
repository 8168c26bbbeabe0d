"""Cost surfaces of two parameters ``p = (w, b)``, to watch gradient descent on a map.

Each :class:`Surface` has ``cost(p)`` and ``grad(p)`` for one point, ``cost_grid(w, b)``
for a whole grid at once (for contour plots), a plotting window, a start that makes a
good first picture, four learning-rate presets (``"too small"``, ``"good"``,
``"too large"``, ``"divergent"``) chosen so each one shows what its name says, and its
local minima. :func:`make_surface` builds one by name:

- ``"logistic"``: the mean cost of logistic regression :math:`\\hat y = \\sigma(w x + b)`
  on a one-feature data set (:func:`one_feature_data`), with ``loss="cross_entropy"``
  (convex) or ``loss="squared_error"`` (squared error after a sigmoid: not convex, with
  flat plateaus where the sigmoid saturates);
- ``"bowl"``: a round bowl :math:`\\tfrac12\\lVert p - c\\rVert^2`;
- ``"ravine"``: an elongated, tilted bowl (curvatures 1 and 25: condition number 25);
- ``"wells"``: three Gaussian wells of different depths in a shallow bowl: three basins,
  one global minimum; where descent ends depends on the start.

Pure NumPy: nothing here imports matplotlib. Introduced in ``03_gradient_descent``;
:class:`lessons_lib.widgets.DescentExplorer` draws these surfaces.
"""

from __future__ import annotations

import functools
import types
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import numpy as np

from ._validation import as_float_array, as_rng, check_choice, check_int
from .activations import _sigmoid, _sigmoid_derivative
from .descent import gradient_descent
from .losses import _binary_cross_entropy_with_logits

__all__ = ["SURFACES", "LOSSES", "PRESETS", "DATA_SEED", "Grid", "Surface", "one_feature_data",
           "make_surface"]

SURFACES = ("logistic", "bowl", "ravine", "wells")
LOSSES = ("cross_entropy", "squared_error")
PRESETS = ("too small", "good", "too large", "divergent")
DATA_SEED = 7  # the seed of the course's one-feature data set (see one_feature_data)


class Grid(NamedTuple):
    """Costs on a regular grid: ``w`` of shape (n,), ``b`` of shape (n,), ``J`` of shape (n, n)
    with ``J[i, j] = cost(w[j], b[i])`` (rows follow ``b``, as ``contour`` expects)."""

    w: np.ndarray
    b: np.ndarray
    J: np.ndarray


@dataclass(frozen=True, eq=False)
class Surface:
    """A cost ``J(w, b)`` with its gradient, plotting window, start and presets.

    Build one with :func:`make_surface`. ``cost_wb(w, b)`` and ``grad_wb(w, b)`` are the
    private vectorised forms: ``w`` and ``b`` are arrays of one shape (a grid), and they
    return the costs, and the pair ``(dJ/dw, dJ/db)``, of that shape.
    """

    name: str
    title: str
    cost_wb: Callable = field(repr=False)
    grad_wb: Callable = field(repr=False)
    w_range: tuple
    b_range: tuple
    start: tuple
    lr_presets: types.MappingProxyType = field(repr=False)
    loss: str | None = None
    X: np.ndarray | None = field(default=None, repr=False)
    y: np.ndarray | None = field(default=None, repr=False)

    # --- one point -------------------------------------------------------------
    def _cost(self, p):
        return float(self.cost_wb(p[0], p[1]))

    def _grad(self, p):
        dw, db = self.grad_wb(p[0], p[1])
        return np.array([dw, db], dtype=np.float64)

    def cost(self, p):
        """Cost at ``p``: array_like of shape (2,) holding ``(w, b)``. Returns a float."""
        return self._cost(_as_point(p))

    def grad(self, p):
        """Gradient ``(dJ/dw, dJ/db)`` at ``p``, an ndarray of shape (2,)."""
        return self._grad(_as_point(p))

    # --- grids, paths, minima ---------------------------------------------------
    def cost_grid(self, w, b):
        """Costs at many points at once: ``w`` and ``b`` broadcast together; returns their shape."""
        w = as_float_array(w, "w")
        b = as_float_array(b, "b")
        with np.errstate(all="ignore"):  # far corners of a grid may overflow: inf there is fine
            return np.asarray(self.cost_wb(*np.broadcast_arrays(w, b)), dtype=np.float64)

    def grid(self, n=121):
        """The cost on an ``n`` by ``n`` grid over the plotting window, as a :class:`Grid`."""
        n = check_int(n, "n", minimum=2)
        w = np.linspace(*self.w_range, n)
        b = np.linspace(*self.b_range, n)
        W, B = np.meshgrid(w, b)
        return Grid(w, b, self.cost_grid(W, B))

    def descend(self, lr=None, num_steps=50, start=None):
        """Gradient descent from ``start`` (default: the surface's start) with ``lr``
        (default: the ``"good"`` preset), via :func:`lessons_lib.descent.gradient_descent`.

        Returns
        -------
        Trajectory
            ``params`` of shape (k + 1, 2), ``costs``, ``grad_norms`` and ``diverged``.
        """
        lr = self.lr_presets["good"] if lr is None else lr
        start = self.start if start is None else start
        return gradient_descent(self._cost, self._grad, start, lr, num_steps)

    @functools.cached_property
    def minima(self):
        """The local minima inside the window, ndarray of shape (k, 2), lowest cost first."""
        return _find_minima(self)

    @functools.cached_property
    def stable_limits(self):
        """The largest stable learning rate at each minimum, ``2 / λ_max``, ndarray of shape (k,).

        ``λ_max`` is the largest eigenvalue (curvature) of the Hessian there. Near a minimum,
        gradient descent with ``lr < 2 / λ_max`` settles into it; with ``lr > 2 / λ_max`` the
        minimum repels it: the zigzag along the steepest direction grows by ``|1 − lr λ_max|``
        per step. (See ``03_gradient_descent``.)
        """
        curvatures = [np.linalg.eigvalsh(_hessian(self, p))[-1] for p in self.minima]
        return 2.0 / np.array(curvatures, dtype=np.float64).reshape(-1)

    def nearest_minimum(self, p, tol=0.05):
        """Index (into :attr:`minima`) of the minimum within ``tol`` of ``p``, or None."""
        p = _as_point(p)
        if len(self.minima) == 0:
            return None
        distances = np.linalg.norm(self.minima - p, axis=1)
        index = int(np.argmin(distances))
        return index if distances[index] <= tol else None


def _as_point(p):
    p = as_float_array(p, "p", ndim=1)
    if p.shape != (2,):
        raise ValueError(f"`p` must hold two numbers (w, b), got shape {p.shape}. "
                         "Example: surface.cost([1.0, -0.5]).")
    return p


# --- finding the minima: grid local minima, polished by Newton's method ---------------

def _grid_local_minima(J):
    """Indices (i, j) of interior grid cells lower than their 8 neighbours."""
    inner = J[1:-1, 1:-1]
    lower = np.ones_like(inner, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                lower &= inner < J[1 + di:J.shape[0] - 1 + di, 1 + dj:J.shape[1] - 1 + dj]
    return np.argwhere(lower) + 1


def _hessian(surface, p, h=1e-5):
    """The Hessian at ``p``: central differences of the analytic gradient, symmetrised."""
    H = np.column_stack([(surface._grad(p + h * e) - surface._grad(p - h * e)) / (2 * h)
                         for e in np.eye(2)])
    return (H + H.T) / 2


def _newton(surface, p, num_steps=30):
    """Newton's method with a finite-difference Hessian of the analytic gradient."""
    for _ in range(num_steps):
        g = surface._grad(p)
        H = _hessian(surface, p)
        if not (np.all(np.isfinite(H)) and np.linalg.eigvalsh(H)[0] > 0):
            return None  # not near a minimum (or wandered off where the cost overflows)
        p = p - np.linalg.solve(H, g)
    return p if np.linalg.norm(surface._grad(p)) < 1e-8 else None


def _find_minima(surface):
    grid = surface.grid(61)
    found = []
    with np.errstate(all="ignore"):
        for i, j in _grid_local_minima(grid.J):
            p = _newton(surface, np.array([grid.w[j], grid.b[i]]))
            if p is not None and not any(np.linalg.norm(p - q) < 1e-4 for q in found):
                found.append(p)
    found.sort(key=surface._cost)
    return np.array(found).reshape(-1, 2)


# --- the surfaces ----------------------------------------------------------------------

def one_feature_data(m=60, rng=None):
    """A one-feature, two-class data set for logistic regression (classes overlap).

    Class 0 is drawn from N(-0.5, 1) and class 1 from N(1.5, 1), ``m // 2`` each (class 1
    gets the extra example if ``m`` is odd). The course uses ``rng=DATA_SEED``.

    Returns
    -------
    X : ndarray of shape (m, 1)
    y : ndarray of shape (m,), labels 0.0 and 1.0

    Examples
    --------
    >>> X, y = one_feature_data(m=40, rng=DATA_SEED)
    >>> X.shape, y.shape
    ((40, 1), (40,))
    """
    m = check_int(m, "m", minimum=2)
    rng = as_rng(rng)
    y = np.repeat([0.0, 1.0], [m // 2, m - m // 2])
    x = np.where(y == 1, rng.normal(1.5, 1.0, m), rng.normal(-0.5, 1.0, m))
    return x.reshape(-1, 1), y


def _logistic_parts(X, y, loss):
    x = X[:, 0]

    def z_of(w, b):
        return np.asarray(w)[..., None] * x + np.asarray(b)[..., None]  # (..., m)

    if loss == "cross_entropy":
        def cost(w, b):
            return np.mean(_binary_cross_entropy_with_logits(y, z_of(w, b)), axis=-1)

        def dz(w, b):  # dJ/dz per example, times m
            return _sigmoid(z_of(w, b)) - y
    else:
        def cost(w, b):
            return np.mean(0.5 * (_sigmoid(z_of(w, b)) - y) ** 2, axis=-1)

        def dz(w, b):
            z = z_of(w, b)
            return (_sigmoid(z) - y) * _sigmoid_derivative(z)

    def grad(w, b):
        r = dz(w, b)
        return np.mean(r * x, axis=-1), np.mean(r, axis=-1)
    return cost, grad


def _quadratic(center, H):
    """J = ½ (p − c)ᵀ H (p − c), vectorised over grids of w and b."""
    (cw, cb), ((a, c), (_, d)) = center, H

    def cost(w, b):
        u, v = w - cw, b - cb
        return 0.5 * (a * u * u + 2 * c * u * v + d * v * v)

    def grad(w, b):
        u, v = w - cw, b - cb
        return a * u + c * v, c * u + d * v
    return cost, grad


_WELLS = ((1.5, 1.0, 2.0, 0.9), (-1.6, -1.2, 1.3, 0.7), (-1.4, 1.7, 0.9, 0.6))  # w, b, depth, width
_BOWL_CURVATURE = 0.3


def _wells():
    """J = ½ k ‖p‖² − Σᵢ dᵢ exp(−‖p − cᵢ‖² / (2 sᵢ²))."""
    def cost(w, b):
        J = 0.5 * _BOWL_CURVATURE * (w * w + b * b)
        for cw, cb, depth, s in _WELLS:
            J = J - depth * np.exp(-((w - cw) ** 2 + (b - cb) ** 2) / (2 * s * s))
        return J

    def grad(w, b):
        dw, db = _BOWL_CURVATURE * w, _BOWL_CURVATURE * b
        for cw, cb, depth, s in _WELLS:
            e = depth * np.exp(-((w - cw) ** 2 + (b - cb) ** 2) / (2 * s * s)) / (s * s)
            dw, db = dw + e * (w - cw), db + e * (b - cb)
        return dw, db
    return cost, grad


def _ravine_hessian(curvatures=(1.0, 25.0), angle=np.deg2rad(-30.0)):
    R = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return R @ np.diag(curvatures) @ R.T


def _presets(too_small, good, too_large, divergent):
    return types.MappingProxyType(dict(zip(PRESETS, (too_small, good, too_large, divergent))))


def _logistic_surface(loss, X, y):
    cost, grad = _logistic_parts(X, y, loss)
    if loss == "cross_entropy":
        title, start, presets = "Logistic regression, cross-entropy", (-3.0, 3.0), \
            _presets(0.05, 4.0, 25.0, 150.0)
    else:
        title, start, presets = "Logistic regression, squared error", (-4.0, -3.0), \
            _presets(1.0, 40.0, 300.0, 3000.0)
    return Surface("logistic", title, cost, grad, (-5.0, 7.0), (-5.0, 5.0), start, presets,
                   loss=loss, X=X, y=y)


def make_surface(name="logistic", loss="cross_entropy", X=None, y=None):
    """Build one of the course's cost surfaces.

    Parameters
    ----------
    name : {"logistic", "bowl", "ravine", "wells"}
    loss : {"cross_entropy", "squared_error"}, default "cross_entropy"
        Used by ``"logistic"`` only.
    X : array_like of shape (m, 1), optional
        Data for ``"logistic"``; default ``one_feature_data(rng=DATA_SEED)``.
    y : array_like of shape (m,), optional
        Labels 0/1 for ``X``.

    Returns
    -------
    Surface

    Examples
    --------
    >>> bowl = make_surface("bowl")
    >>> bowl.cost(bowl.minima[0]) < 1e-12
    True
    """
    check_choice(name, "name", SURFACES)
    check_choice(loss, "loss", LOSSES)
    if name == "logistic":
        X, y = _logistic_data(X, y)
        return _logistic_surface(loss, X, y)
    if name == "bowl":
        cost, grad = _quadratic((1.0, 0.5), np.eye(2).tolist())
        return Surface("bowl", "Round bowl", cost, grad, (-3.0, 3.0), (-3.0, 3.0),
                       (-2.5, -2.0), _presets(0.02, 0.3, 1.8, 2.5))
    if name == "ravine":
        cost, grad = _quadratic((1.0, 0.5), _ravine_hessian().tolist())
        return Surface("ravine", "Ravine (condition number 25)", cost, grad, (-3.0, 3.0),
                       (-3.0, 3.0), (-2.0, 2.5), _presets(0.004, 0.05, 0.079, 0.1))
    cost, grad = _wells()
    return Surface("wells", "Three wells (non-convex)", cost, grad, (-3.0, 3.0), (-3.0, 3.0),
                   (-0.2, -2.6), _presets(0.02, 0.2, 0.9, 7.5))


def _logistic_data(X, y):
    if X is None and y is None:
        return one_feature_data(rng=DATA_SEED)
    from .models import _check_X
    from ._validation import as_labels
    X = _check_X(X, 1)
    return X, as_labels(y, "y", n_samples=X.shape[0])
