"""Pictures of gradient descent on a two-parameter cost surface, and of a sigmoid fit.

Library style (see :mod:`lessons_lib.plots`): every function takes ``ax=None`` (an axes is
made only when none is given), adds artists without restyling the axes it was handed (it
only fills in axis labels that are still empty), and returns the artists so that an
explorer can move them with the ``update_*`` functions here.

- :func:`plot_cost_contour`: the cost J(w, b) of a :class:`lessons_lib.surfaces.Surface`
  as filled contours, with its minima as stars;
- :func:`plot_path`: a descent path (``Trajectory.params``) up to a step, with a start
  and a current-step marker;
- :func:`plot_step_costs`: the cost against the step, with a current-step marker;
- :func:`plot_sigmoid_fit`: one-feature data (class 0 blue circles at y = 0, class 1
  orange triangles at y = 1), the curve σ(w x + b), the 0.5 threshold and the decision
  point x = −b/w.

Introduced in ``01_logistic_regression`` (sigmoid fit) and ``03_gradient_descent``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import as_float_array, check_int
from ..activations import _sigmoid
from ..style import CLASS_COLORS, CMAP_SEQUENTIAL, PALETTE
from ._common import axes_or_new as _axes, label_if_empty as _label_if_empty
from ._common import scaled_lw as _lw, scaled_ms as _ms

__all__ = ["ContourArtists", "PathArtists", "CostArtists", "SigmoidArtists", "contour_levels",
           "plot_cost_contour", "plot_path", "update_path", "plot_step_costs",
           "update_step_costs", "decision_point", "plot_sigmoid_fit", "update_sigmoid_fit"]

PATH_COLOR = PALETTE["vermillion"]
_MARKERS = ("o", "^")


def _upto(n_points, step):
    """Number of points drawn when showing ``step`` (clamped to the path)."""
    return n_points if step is None else int(np.clip(step, 0, n_points - 1)) + 1


# --- the cost surface -------------------------------------------------------------------

class ContourArtists(NamedTuple):
    """``filled`` (QuadContourSet), ``lines`` (QuadContourSet), ``minima`` (Line2D)."""

    filled: object
    lines: object
    minima: object


def contour_levels(J, n=14, top=0.95):
    """Contour levels from the lowest finite cost of ``J`` to its ``top`` quantile, spaced
    quadratically (dense near the minimum, so a bowl shows evenly spaced rings and the
    floor of a valley keeps its detail). Returns ``n`` increasing levels."""
    finite = np.asarray(J, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    low, high = finite.min(), np.quantile(finite, top)
    high = high if high > low else low + 1.0
    return low + (high - low) * np.linspace(0.0, 1.0, check_int(n, "n", minimum=2)) ** 2


def plot_cost_contour(surface, ax=None, *, n=121, levels=14, cmap=CMAP_SEQUENTIAL):
    """Draw the cost of ``surface`` over its window as filled contours (dark = low cost).

    Parameters
    ----------
    surface : lessons_lib.surfaces.Surface
    ax : matplotlib Axes, optional
    n : int, default 121
        Grid points per axis.
    levels : int, default 14
        Number of contour levels (see :func:`contour_levels`).
    cmap : str, default the course's sequential colormap (cividis)

    Returns
    -------
    ContourArtists
    """
    ax = _axes(ax)
    grid = surface.grid(n)
    lv = contour_levels(grid.J, levels)
    filled = ax.contourf(grid.w, grid.b, grid.J, levels=lv, cmap=cmap, extend="max")
    lines = ax.contour(grid.w, grid.b, grid.J, levels=lv, colors="white", linewidths=_lw(0.5),
                       alpha=0.45)
    minima, = ax.plot(surface.minima[:, 0], surface.minima[:, 1], linestyle="none",
                      marker="*", markersize=_ms(16), color="white", markeredgecolor="black",
                      label="minimum", zorder=3)
    ax.set_xlim(surface.w_range)
    ax.set_ylim(surface.b_range)
    _label_if_empty(ax, "weight w", "bias b")
    return ContourArtists(filled, lines, minima)


class PathArtists(NamedTuple):
    """``whole`` (the whole path, faint), ``line`` (the path so far), ``start`` and
    ``marker`` (the current step), all Line2D."""

    whole: object
    line: object
    start: object
    marker: object


def plot_path(params, ax=None, *, step=None, color=PATH_COLOR):
    """Draw a descent path ``params`` (shape (k + 1, 2), rows (w, b)): faint as a whole,
    solid up to ``step``, with markers at the start and at ``step``.

    Returns
    -------
    PathArtists
    """
    params = as_float_array(params, "params", ndim=2)
    ax = _axes(ax)
    whole, = ax.plot([], [], color=color, linewidth=_lw(1.2), alpha=0.45, zorder=3)
    line, = ax.plot([], [], color=color, linewidth=_lw(1.8), marker="o", markersize=_ms(3.5),
                    label="descent path", zorder=4)
    start, = ax.plot([], [], linestyle="none", marker="o", markersize=_ms(9), color="white",
                     markeredgecolor="black", markeredgewidth=_lw(1.5), label="start", zorder=5)
    marker, = ax.plot([], [], linestyle="none", marker="o", markersize=_ms(10), color=color,
                      markeredgecolor="white", markeredgewidth=_lw(1.5), label="current step",
                      zorder=6)
    artists = PathArtists(whole, line, start, marker)
    update_path(artists, params, step)
    return artists


def update_path(artists, params, step=None):
    """Show ``params`` up to ``step`` (None: the whole path) on :class:`PathArtists`."""
    k = _upto(len(params), step)
    artists.whole.set_data(params[:, 0], params[:, 1])
    artists.line.set_data(params[:k, 0], params[:k, 1])
    artists.start.set_data(params[:1, 0], params[:1, 1])
    artists.marker.set_data(params[k - 1:k, 0], params[k - 1:k, 1])


class CostArtists(NamedTuple):
    """``full`` (the whole run, faint), ``done`` (up to the step), ``marker``: all Line2D."""

    full: object
    done: object
    marker: object


def plot_step_costs(costs, ax=None, *, step=None, color=PATH_COLOR):
    """Draw the cost against the step: the whole run faint, solid up to ``step``, a marker at it.

    Returns
    -------
    CostArtists
    """
    costs = as_float_array(costs, "costs", ndim=1)
    ax = _axes(ax)
    full, = ax.plot([], [], color=PALETTE["grey"], linewidth=_lw(1.2), label="whole run")
    done, = ax.plot([], [], color=color, linewidth=_lw(2.0), label="cost so far")
    marker, = ax.plot([], [], linestyle="none", marker="o", markersize=_ms(9), color=color,
                      markeredgecolor="white", markeredgewidth=_lw(1.2))
    artists = CostArtists(full, done, marker)
    update_step_costs(artists, costs, step)
    _label_if_empty(ax, "step", "cost J")
    return artists


def update_step_costs(artists, costs, step=None):
    """Show ``costs`` up to ``step`` on :class:`CostArtists`."""
    k = _upto(len(costs), step)
    steps = np.arange(len(costs))
    artists.full.set_data(steps, costs)
    artists.done.set_data(steps[:k], costs[:k])
    artists.marker.set_data(steps[k - 1:k], costs[k - 1:k])


# --- the sigmoid over one-feature data ----------------------------------------------------

class SigmoidArtists(NamedTuple):
    """``points`` (list of two PathCollection, class 0 and 1), ``curve``, ``threshold`` and
    ``boundary`` (Line2D; the boundary is hidden when w = 0)."""

    points: list
    curve: object
    threshold: object
    boundary: object


def decision_point(w, b):
    """Where σ(w x + b) crosses 0.5: x = −b / w, or None when w = 0 (the curve is flat)."""
    return None if w == 0 else -b / w + 0.0  # + 0.0 turns -0.0 into 0.0


def plot_sigmoid_fit(X, y, w, b, ax=None, *, x_range=None, color=PALETTE["green"]):
    """Draw one-feature data, the model's curve ŷ = σ(w x + b), the threshold and x = −b/w.

    Parameters
    ----------
    X : array_like of shape (m, 1)
    y : array_like of shape (m,), labels 0 and 1 (drawn at height y)
    w, b : float
    ax : matplotlib Axes, optional
    x_range : (float, float), optional
        Where to draw the curve; default: the data's range plus 10 %.

    Returns
    -------
    SigmoidArtists
    """
    x, y = as_float_array(X, "X", ndim=2)[:, 0], as_float_array(y, "y", ndim=1)
    ax = _axes(ax)
    if x_range is None:
        pad = 0.1 * max(np.ptp(x), 1e-9)
        x_range = (x.min() - pad, x.max() + pad)
    points = [ax.scatter(x[y == k], y[y == k], s=_ms(6) ** 2, color=CLASS_COLORS[k], marker=_MARKERS[k],
                         edgecolors="white", linewidths=_lw(0.6), label=f"class {k}", zorder=3)
              for k in (0, 1)]
    curve, = ax.plot(np.linspace(*x_range, 200), np.zeros(200), color=color, linewidth=_lw(2.2),
                     label="ŷ = σ(w x + b)", zorder=2)
    threshold = ax.axhline(0.5, color=PALETTE["grey"], linestyle="--", linewidth=_lw(1.2),
                           label="threshold 0.5")
    boundary = ax.axvline(0.0, color=PALETTE["black"], linestyle=":", linewidth=_lw(1.6),
                          label="x = −b / w")
    artists = SigmoidArtists(points, curve, threshold, boundary)
    update_sigmoid_fit(artists, w, b)
    ax.set_xlim(x_range)
    ax.set_ylim(-0.08, 1.08)
    _label_if_empty(ax, "feature x", "ŷ = P(y = 1 | x)")
    return artists


def update_sigmoid_fit(artists, w, b):
    """Move the curve and the decision point of :class:`SigmoidArtists` to ``(w, b)``."""
    x_curve = artists.curve.get_xdata()
    with np.errstate(all="ignore"):  # w x + b may overflow for huge w: the sigmoid handles inf
        artists.curve.set_ydata(_sigmoid(w * x_curve + b))
    x0 = decision_point(w, b)
    artists.boundary.set_visible(x0 is not None and bool(np.isfinite(x0)))
    if artists.boundary.get_visible():
        artists.boundary.set_xdata([x0, x0])
