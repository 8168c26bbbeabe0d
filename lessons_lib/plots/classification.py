"""Pictures of binary classification: loss branches, 2-D data, decision boundaries, cost curves.

Library style (see :mod:`lessons_lib.plots`): every function takes ``ax=None`` (an axes
is made only when none is given), adds artists without restyling the axes it was handed
(it only fills in axis labels that are still empty, and sets a log scale where asked),
and returns the artists so that an explorer can update them.

Colours follow :mod:`lessons_lib.style`: class 0 (``y = 0``) is blue with round markers,
class 1 orange with triangles, so the classes stay apart without colour too.
Introduced in ``02_loss_and_cost`` (loss branches), ``01_logistic_regression`` (data),
``08_deep_networks`` (decision boundaries).
"""

from __future__ import annotations

from typing import NamedTuple

import contourpy
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgb
from matplotlib.ticker import FuncFormatter, NullFormatter

from .. import losses
from .._validation import as_2d, as_float_array, check_int, check_positive
from ..style import CLASS_COLORS, PALETTE
from ._common import axes_or_new as _axes, label_if_empty as _label_if_empty

__all__ = ["LOSS_NAMES", "loss_branch", "plot_loss_branches", "plot_data_2d", "probability_cmap",
           "ProbabilityGrid", "probability_grid", "BoundaryArtists", "plot_decision_boundary",
           "update_decision_boundary", "cost_scale", "plain_log_labels", "plot_cost_curve"]

LOSS_NAMES = {"cross_entropy": "cross-entropy", "squared_error": "squared error"}
_LOSS_FORMULA = {("cross_entropy", 0): "−log(1 − ŷ)", ("cross_entropy", 1): "−log ŷ",
                 ("squared_error", 0): "½ŷ²", ("squared_error", 1): "½(1 − ŷ)²"}
_MARKERS = ("o", "^")


# --- loss branches ------------------------------------------------------------------

def loss_branch(loss, y, y_hat, eps=1e-12):
    """Loss and its derivative w.r.t. ``y_hat`` for one label, through :mod:`lessons_lib.losses`.

    Parameters
    ----------
    loss : {"cross_entropy", "squared_error"}
        Cross-entropy (``y_hat`` clipped to ``[eps, 1 - eps]`` by the library) or ½(ŷ − y)².
    y : {0, 1}
    y_hat : array_like of shape (k,), probabilities in [0, 1]

    Returns
    -------
    (ndarray of shape (k,), ndarray of shape (k,))
        ``L(y, ŷ)`` and ``∂L/∂ŷ`` for each value of ``y_hat``.
    """
    if y not in (0, 1):
        raise ValueError(f"`y` must be 0 or 1, got {y!r}.")
    y_hat = as_float_array(y_hat, "y_hat", ndim=1)
    labels = np.full(y_hat.shape, float(y))
    if loss == "cross_entropy":
        # the cost of k examples is the mean, so its gradient is the derivative / k
        return (losses.binary_cross_entropy(labels, y_hat, eps),
                losses.bce_cost_gradient(labels, y_hat, eps) * y_hat.size)
    if loss == "squared_error":
        return (losses.squared_error(labels, y_hat),
                losses.squared_error_cost_gradient(labels, y_hat) * y_hat.size)
    raise ValueError(f"`loss` must be one of {tuple(LOSS_NAMES)}, got {loss!r}.")


def plot_loss_branches(ax=None, *, labels=(0, 1), slope=False, num=999, eps=1e-12, **line_kw):
    r"""Draw cross-entropy and squared error against ``ŷ`` in (0, 1) for ``y = 0`` and ``y = 1``.

    .. math:: L_{CE} = -\log \hat y \ (y = 1), \ -\log(1 - \hat y) \ (y = 0); \qquad
              L_{SE} = \tfrac12 (\hat y - y)^2

    Cross-entropy is solid, squared error dashed; each label in its class colour.

    Parameters
    ----------
    ax : matplotlib Axes, optional
    labels : sequence of {0, 1}, default (0, 1)
        Which branches to draw.
    slope : bool, default False
        Draw the push ``|∂L/∂ŷ|`` instead (use a log y-axis: cross-entropy's is unbounded).
    num : int, default 999
        Points on the open interval (0, 1) (the ends, where the clip acts, are left out).
    eps : float, default 1e-12, the clip of :func:`lessons_lib.losses.binary_cross_entropy`

    Returns
    -------
    dict
        ``{(loss, y): Line2D}`` with ``loss`` in ``"cross_entropy"``, ``"squared_error"``.
    """
    ax = _axes(ax)
    y_hat = np.linspace(0.0, 1.0, check_int(num, "num", minimum=2) + 2)[1:-1]
    lines = {}
    for loss, style in (("cross_entropy", "-"), ("squared_error", "--")):
        for y in labels:
            value, derivative = loss_branch(loss, y, y_hat, eps)
            label = f"{LOSS_NAMES[loss]}, y = {y}: {_LOSS_FORMULA[loss, y]}"
            kw = {"color": CLASS_COLORS[y], "linestyle": style, "label": label, **line_kw}
            lines[loss, y], = ax.plot(y_hat, np.abs(derivative) if slope else value, **kw)
    _label_if_empty(ax, "prediction ŷ", "push |∂L/∂ŷ|" if slope else "loss L(y, ŷ)")
    return lines


# --- data and decision boundaries ---------------------------------------------------

def plot_data_2d(X, y, ax=None, *, colors=CLASS_COLORS, **scatter_kw):
    """Scatter 2-D data, one colour and marker per class (0: blue circles, 1: orange triangles).

    Parameters
    ----------
    X : array_like of shape (m, 2)
    y : array_like of shape (m,), class labels 0, 1 (, ...)
    ax : matplotlib Axes, optional

    Returns
    -------
    list of PathCollection, one per class, labelled ``"class k"``
    """
    X, y = as_2d(X, "X"), as_float_array(y, "y", ndim=1)
    if X.shape[1] != 2 or y.shape[0] != X.shape[0]:
        raise ValueError(f"`X` must have shape (m, 2) and `y` shape (m,), got {X.shape} and "
                         f"{y.shape}. Pick two columns, e.g. X[:, :2].")
    if np.any(y < 0) or np.any(y != np.round(y)):
        raise ValueError(f"`y` must hold class labels 0, 1, ..., got values {np.unique(y)[:5]}.")
    ax = _axes(ax)
    kw = {"s": 28, "edgecolors": "white", "linewidths": 0.6, **scatter_kw}
    points = [ax.scatter(X[y == k, 0], X[y == k, 1], color=colors[k % len(colors)],
                         marker=_MARKERS[k % 2], label=f"class {k}", **kw)
              for k in range(int(y.max()) + 1 if y.size else 0)]
    _label_if_empty(ax, "$x_1$", "$x_2$")
    return points


def probability_cmap(strength=0.55):
    """Colormap for P(y = 1): pale class-0 blue at 0, white at 0.5, pale class-1 orange at 1."""
    pale = [np.array(to_rgb(c)) * strength + (1 - strength) for c in CLASS_COLORS]
    return LinearSegmentedColormap.from_list("course_probability", [pale[0], (1, 1, 1), pale[1]])


class ProbabilityGrid(NamedTuple):
    """``P[i, j]`` = P(y = 1) at ``(x1[j], x2[i])``; ``extent`` = (x1[0], x1[-1], x2[0], x2[-1])."""

    x1: np.ndarray
    x2: np.ndarray
    P: np.ndarray
    extent: tuple


def probability_grid(predict_proba, X, resolution=80, margin=0.15):
    """Evaluate ``predict_proba`` on a regular grid covering the data ``X`` (plus a margin).

    Parameters
    ----------
    predict_proba : callable
        ``(k, 2) -> (k,)`` probabilities of class 1 (e.g. ``model.predict_proba``).
    X : array_like of shape (m, 2)
    resolution : int, default 80
        Grid points per axis.
    margin : float, default 0.15
        Added around the data, as a fraction of its range.

    Returns
    -------
    ProbabilityGrid
    """
    X = as_2d(X, "X")
    resolution = check_int(resolution, "resolution", minimum=2)
    low, high = X.min(axis=0), X.max(axis=0)
    pad = check_positive(margin, "margin", allow_zero=True) * np.maximum(high - low, 1e-9)
    x1 = np.linspace(low[0] - pad[0], high[0] + pad[0], resolution)
    x2 = np.linspace(low[1] - pad[1], high[1] + pad[1], resolution)
    G1, G2 = np.meshgrid(x1, x2)
    P = np.asarray(predict_proba(np.column_stack([G1.ravel(), G2.ravel()])), dtype=float)
    return ProbabilityGrid(x1, x2, P.reshape(G1.shape), (x1[0], x1[-1], x2[0], x2[-1]))


def _boundary_segments(grid, level=0.5):
    P = np.nan_to_num(grid.P, nan=level)
    return contourpy.contour_generator(grid.x1, grid.x2, P).lines(level)


class BoundaryArtists(NamedTuple):
    """What :func:`plot_decision_boundary` adds: the probability ``image``, the 0.5
    ``boundary`` (a LineCollection) and the data ``points`` (list, one per class)."""

    image: object
    boundary: object
    points: list


def plot_decision_boundary(grid, X=None, y=None, ax=None, *, cmap=None, **image_kw):
    """Draw P(y = 1) over a grid as an image, its 0.5 contour, and optionally the data.

    Parameters
    ----------
    grid : ProbabilityGrid
        From :func:`probability_grid`.
    X, y : array_like, optional
        Data drawn on top with :func:`plot_data_2d`.
    ax : matplotlib Axes, optional
    cmap : Colormap, optional
        Defaults to :func:`probability_cmap`.

    Returns
    -------
    BoundaryArtists
        Update a new grid with :func:`update_decision_boundary`.
    """
    ax = _axes(ax)
    kw = {"origin": "lower", "extent": grid.extent, "aspect": "auto", "interpolation": "bilinear",
          "interpolation_stage": "data", "cmap": cmap or probability_cmap(), "vmin": 0.0,
          "vmax": 1.0, **image_kw}
    image = ax.imshow(grid.P, **kw)
    boundary = LineCollection(_boundary_segments(grid), colors=PALETTE["black"], linewidths=1.8,
                              label="boundary P = 0.5")
    ax.add_collection(boundary, autolim=False)
    points = plot_data_2d(X, y, ax=ax) if X is not None else []
    ax.set_xlim(grid.extent[:2])
    ax.set_ylim(grid.extent[2:])
    return BoundaryArtists(image, boundary, points)


def update_decision_boundary(artists, grid):
    """Show a new :class:`ProbabilityGrid` (same extent) in the artists of a decision boundary."""
    artists.image.set_data(grid.P)
    artists.boundary.set_segments(_boundary_segments(grid))
    return artists


# --- cost curve --------------------------------------------------------------------

def _plain(value, _):
    return f"{value:g}"


def _plain_235(value, _):
    return f"{value:g}" if f"{value:.0e}"[0] in "235" else ""


def plain_log_labels(axis, values):
    """Label a log axis with plain numbers (0.3, 0.05, 1e+06) rather than 3×10⁻¹.

    When ``values`` span less than two decades, the minor ticks at 2, 3 and 5 × 10^k are
    labelled too (otherwise such an axis may show a single label).
    """
    values = np.asarray(values, dtype=float)
    axis.set_major_formatter(FuncFormatter(_plain))
    few_decades = values.size > 0 and values.max() < 100 * values.min()
    axis.set_minor_formatter(FuncFormatter(_plain_235) if few_decades else NullFormatter())


def cost_scale(costs):
    """``"log"`` when all costs are positive and span a factor of 10 or more, else ``"linear"``."""
    costs = np.asarray(costs, dtype=float)
    positive = costs.size > 1 and np.all(costs > 0)
    return "log" if positive and costs.max() >= 10 * costs.min() else "linear"


def plot_cost_curve(costs, ax=None, *, steps=None, log=None, **line_kw):
    """Draw the cost against the step (or epoch).

    Parameters
    ----------
    costs : array_like of shape (k,)
    ax : matplotlib Axes, optional
    steps : array_like of shape (k,), optional
        The x values; default ``0 .. k - 1``.
    log : bool, optional
        Log y-axis. Default: when every cost is positive and they span a factor ≥ 10.

    Returns
    -------
    Line2D
    """
    costs = as_float_array(costs, "costs", ndim=1, allow_empty=True)
    steps = np.arange(costs.size) if steps is None else as_float_array(steps, "steps", ndim=1)
    if steps.shape != costs.shape:
        raise ValueError(f"`steps` must have the shape of `costs` {costs.shape}, got "
                         f"{steps.shape}. Pass one step per cost, or leave steps out.")
    ax = _axes(ax)
    if log is None:
        log = cost_scale(costs) == "log"
    if log:
        ax.set_yscale("log")
        plain_log_labels(ax.yaxis, costs)
    line, = ax.plot(steps, costs, **{"color": PALETTE["vermillion"], "label": "cost", **line_kw})
    _label_if_empty(ax, "step", "cost J" + (" (log scale)" if log else ""))
    return line
