"""Pictures of a function of one variable: its tangent lines, and descent steps along it.

Library style (see :mod:`lessons_lib.plots`): every function takes ``ax=None`` (an axes is
made only when none is given), adds artists without restyling the axes it was handed (it
only fills in axis labels that are still empty), and returns the artists it added.

- :func:`plot_tangents`: a curve J(w) with the tangent line at a few points, each labelled
  with its slope J'(w), and (optionally) the step −α J'(w) that gradient descent takes
  from there drawn as an arrow;
- :func:`plot_steps_1d`: a descent path w₀, w₁, … drawn on the curve as points (w_t, J(w_t))
  joined in order, so overshooting shows as a zigzag from one side to the other.

Introduced in ``03_gradient_descent``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import as_float_array, check_positive, describe
from ..style import PALETTE
from ._common import axes_or_new as _axes, label_if_empty as _label_if_empty
from ._common import scaled_lw as _lw

__all__ = ["TangentArtists", "tangent_segment", "plot_tangents", "plot_steps_1d"]


def _check_callable(f, name):
    if not callable(f):
        raise TypeError(f"`{name}` must be a function of one number, got {describe(f)}. "
                        "Example: lambda w: (w - 2) ** 2.")


def tangent_segment(f, df, w0, half_width):
    """The tangent line of ``f`` at ``w0`` over ``[w0 − half_width, w0 + half_width]``.

    .. math:: t(w) = f(w_0) + f'(w_0)\\,(w - w_0)

    Returns
    -------
    w, t : ndarray of shape (2,)
        The segment's end points.
    """
    w = np.array([w0 - half_width, w0 + half_width], dtype=np.float64)
    return w, float(f(w0)) + float(df(w0)) * (w - w0)


class TangentArtists(NamedTuple):
    """``curve`` (Line2D), ``tangents`` and ``points`` (lists of Line2D, one per point),
    ``labels`` (list of Text) and ``steps`` (list of FancyArrow; empty without ``lr``)."""

    curve: object
    tangents: list
    points: list
    labels: list
    steps: list


def _step_arrow(ax, w0, y0, step, color):
    return ax.annotate("", xy=(w0 + step, y0), xytext=(w0, y0), zorder=5,
                       arrowprops=dict(arrowstyle="-|>", color=color, lw=_lw(2.0),
                                       shrinkA=0, shrinkB=0, mutation_scale=14))


def _slope_label(ax, w0, y0, slope):
    """"slope −2.0" beside the point, on the outer side of the curve (below the tangent)."""
    text = "slope 0" if slope == 0 else f"slope {slope:+.1f}".replace("-", "−")
    if slope == 0:
        return ax.annotate(text, (w0, y0), xytext=(0, 10), textcoords="offset points",
                           ha="center", va="bottom", color=PALETTE["black"])
    side = -1 if slope < 0 else 1
    return ax.annotate(text, (w0, y0), xytext=(side * 10, -12), textcoords="offset points",
                       ha="left" if side > 0 else "right", va="top", color=PALETTE["black"])


def plot_tangents(f, df, points, ax=None, *, x_range=None, half_width=0.8, lr=None,
                  color=PALETTE["blue"], tangent_color=PALETTE["vermillion"]):
    """Draw ``f`` with its tangent line at each of ``points``, labelled with the slope.

    Parameters
    ----------
    f, df : callable
        The function J(w) and its derivative J'(w); both take and return numbers (``f`` must
        also accept an ndarray, to draw the curve).
    points : array_like of shape (k,)
        Where to draw tangents.
    ax : matplotlib Axes, optional
    x_range : (float, float), optional
        Where to draw the curve; default the points' range widened by 1.5 each side.
    half_width : float, default 0.8
        Each tangent segment spans ``w0 ± half_width``.
    lr : float, optional
        If given, an arrow from each point shows the descent step −lr · J'(w0) along w.

    Returns
    -------
    TangentArtists

    Examples
    --------
    >>> artists = plot_tangents(lambda w: w ** 2, lambda w: 2 * w, [-1.0, 0.5])  # doctest: +SKIP
    """
    _check_callable(f, "f")
    _check_callable(df, "df")
    points = as_float_array(points, "points", ndim=1)
    half_width = check_positive(half_width, "half_width")
    lr = None if lr is None else check_positive(lr, "lr")
    ax = _axes(ax)
    low, high = (points.min() - 1.5, points.max() + 1.5) if x_range is None else x_range
    grid = np.linspace(low, high, 300)
    curve, = ax.plot(grid, f(grid), color=color, label="J(w)", zorder=2)
    tangents, markers, labels, steps = [], [], [], []
    for i, w0 in enumerate(points):
        w, t = tangent_segment(f, df, w0, half_width)
        slope = float(df(w0))
        tangents.append(ax.plot(w, t, color=tangent_color, linewidth=_lw(1.6),
                                label="tangent line" if i == 0 else None, zorder=3)[0])
        markers.append(ax.plot([w0], [f(w0)], "o", color=tangent_color, markeredgecolor="white",
                               zorder=4)[0])
        labels.append(_slope_label(ax, w0, float(f(w0)), slope))
        if lr is not None:
            steps.append(_step_arrow(ax, w0, float(f(w0)), -lr * slope,
                                     PALETTE["green"]))
    if steps:  # a legend entry for the arrows
        ax.plot([], [], color=PALETTE["green"], label="step −α · J′(w)")
    _label_if_empty(ax, "w", "J(w)")
    return TangentArtists(curve, tangents, markers, labels, steps)


def plot_steps_1d(f, ws, ax=None, *, color=PALETTE["vermillion"], label=None):
    """Draw a descent path ``ws`` (shape (k + 1,)) on the curve: the points (w_t, f(w_t)),
    joined in order, the start as a larger open marker.

    Returns
    -------
    Line2D
        The path (the start marker is a second, unlabelled Line2D).
    """
    _check_callable(f, "f")
    ws = as_float_array(ws, "ws", ndim=1)
    ax = _axes(ax)
    J = np.array([float(f(w)) for w in ws])
    path, = ax.plot(ws, J, color=color, linewidth=_lw(1.4), marker="o", markersize=4,
                    label=label, zorder=4)
    ax.plot(ws[:1], J[:1], "o", markersize=9, color="white", markeredgecolor=color,
            markeredgewidth=_lw(2.0), zorder=5)
    _label_if_empty(ax, "w", "J(w)")
    return path
