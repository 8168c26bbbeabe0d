"""The figure of :class:`lessons_lib.widgets.DescentExplorer` (private; the run's status in
words is :mod:`._descent_status`).

Three panels in one persistent figure: the cost surface with the path (left), the cost
against the step (top right) and, for logistic regression, the data with the model's
curve (bottom right; for the other surfaces the cost panel takes the whole right side).
Everything that moves with the step is animated (blitted); the rest is the background,
redrawn only when the surface, the number of steps or the cost panel's range changes.
"""

from __future__ import annotations

import textwrap
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .. import style
from ..plots.descent import (plot_cost_contour, plot_path, plot_sigmoid_fit, plot_step_costs,
                             update_path, update_sigmoid_fit, update_step_costs)

# Axes positions (left, bottom, width, height) in figure fractions, for FIGSIZE["explorer"].
# The status takes two lines at the top right (WORDS_WIDTH characters each), above the panels.
SURFACE_BOX = (0.065, 0.125, 0.34, 0.75)
LEGEND_BOX = (0.415, 0.8)
DATA_LEGEND_BOX = (0.415, 0.415)
COST_BOX_SHORT = (0.635, 0.555, 0.345, 0.245)
COST_BOX_TALL = (0.635, 0.125, 0.345, 0.675)
DATA_BOX = (0.635, 0.125, 0.345, 0.29)
WORDS_WIDTH = 70
LINEAR_REACH = 10.0  # the cost panel stretches linearly up to this many times its usual range
_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceil(x):
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is ≥ x > 0."""
    power = 10.0 ** np.floor(np.log10(x))
    return next(n * power for n in _NICE if n * power >= x * (1 - 1e-12))


def cost_ylim(surface, start_cost):
    """A range for the cost panel that depends only on the surface and the start, so that
    changing the learning rate never moves the axes (frames stay blits)."""
    low = min(surface._cost(p) for p in surface.minima) if len(surface.minima) else 0.0
    span = max(start_cost - low, 1e-9)
    high = low + nice_ceil(1.1 * span)
    return low - 0.04 * (high - low), high


class CostView(NamedTuple):
    """The cost panel's y axis: ``scale`` (``"linear"`` or ``"symlog"``), ``ylim``, ``label``."""

    scale: str
    ylim: tuple
    label: str


def cost_view(surface, costs):
    """How the cost panel shows a run's ``costs`` (the whole run always fits).

    Usually on :func:`cost_ylim`'s range. When the cost climbs above it: linear up to the
    run's highest cost if that takes at most ``LINEAR_REACH`` times the usual range (a
    saw-tooth stays a saw-tooth), else a log scale beyond ±1 ("symlog": a cost that blows
    up grows by a factor per step, a straight line there).
    """
    low, high = cost_ylim(surface, costs[0])
    top = float(np.max(costs))
    if top <= high:
        return CostView("linear", (low, high), "cost J")
    wide = cost_ylim(surface, top)
    if wide[1] - wide[0] <= LINEAR_REACH * (high - low):
        return CostView("linear", wide, "cost J")
    return CostView("symlog", (low, 10.0 ** np.ceil(np.log10(top) + 0.3)), "cost J (log scale)")


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def cost_tick(value, _position=None):
    """A cost axis tick label: plain below 1000 (−1, 0, 10, 100), a power of ten above (10⁴)."""
    if abs(value) < 1000:
        return f"{value:g}".replace("-", "−")
    sign = "−" if value < 0 else ""
    return f"{sign}10{str(round(np.log10(abs(value)))).translate(_SUPERSCRIPTS)}"


class DescentFigure:
    """The explorer's figure: build once, then :meth:`set_surface` and :meth:`show`."""

    def __init__(self, surface, figsize=style.FIGSIZE["explorer"]):
        self.fig = Figure(figsize=figsize)
        self.ax_surface = self.fig.add_axes(SURFACE_BOX)
        self.ax_cost = self.fig.add_axes(COST_BOX_SHORT)
        self.ax_data = self.fig.add_axes(DATA_BOX)
        self.contour = self.fit = None
        empty = np.zeros((1, 2))
        self.path = plot_path(empty, self.ax_surface)
        self.costs = plot_step_costs(empty[:, 0], self.ax_cost)
        self.status = self.fig.text(0.415, 0.975, "", ha="left", va="top", fontweight="bold")
        self.words = self.fig.text(0.415, 0.925, "", ha="left", va="top", linespacing=1.15)
        for artist in (self.path.line, self.path.marker, self.costs.done, self.costs.marker):
            artist.set_animated(True)
        self.kept = [self.path.whole, self.path.start, self.costs.full, self.status, self.words]
        for artist in self.kept:
            artist.set_animated(True)
        self.set_surface(surface)

    def set_surface(self, surface):
        """Draw ``surface``'s contours (and its data, for logistic regression)."""
        if self.contour is not None:
            for part in (self.contour.filled, self.contour.lines, self.contour.minima):
                part.remove()
        self.contour = plot_cost_contour(surface, self.ax_surface)
        self.ax_surface.set_title(surface.title, loc="left")
        self._legend()
        self._set_data(surface)
        self.view = None

    def _legend(self):
        if self.ax_surface.get_legend() is None:
            handles = [self.path.start, self.path.line, self.path.marker, self.contour.minima]
            self.ax_surface.legend(handles=handles, loc="upper left",
                                   bbox_to_anchor=LEGEND_BOX, bbox_transform=self.fig.transFigure,
                                   frameon=False, borderaxespad=0.0, handlelength=1.5)

    def _set_data(self, surface):
        if self.fit is not None:
            for artist in (*self.fit.points, self.fit.curve, self.fit.threshold,
                           self.fit.boundary):
                artist.remove()
            self.ax_data.get_legend().remove()
            self.fit = None
        logistic = surface.X is not None
        self.ax_data.set_visible(logistic)
        self.ax_cost.set_position(COST_BOX_SHORT if logistic else COST_BOX_TALL)
        if logistic:
            self.fit = plot_sigmoid_fit(surface.X, surface.y, *surface.start, self.ax_data)
            self.fit.curve.set_animated(True)
            self.fit.boundary.set_animated(True)
            self.ax_data.legend(loc="upper left", bbox_to_anchor=DATA_LEGEND_BOX,
                                bbox_transform=self.fig.transFigure, frameon=False,
                                borderaxespad=0.0, handlelength=1.5)

    def show_run(self, surface, trajectory, status, lr, num_steps):
        """Draw what changes with a run (whole cost curve, start, status); return True when
        the background must be redrawn too (the cost panel's range changed)."""
        update_step_costs(self.costs, trajectory.costs, None)
        update_path(self.path, trajectory.params, None)
        w0, b0 = trajectory.params[0]
        self.status.set_text(f"learning rate {lr:.4g}, {num_steps} steps from "
                             f"(w₀, b₀) = ({w0:.2f}, {b0:.2f})".replace("-", "−"))
        self.words.set_text(textwrap.fill(status.words, WORDS_WIDTH))
        self.words.set_color(style.PALETTE["vermillion"] if status.bad else "black")
        return self._set_cost_limits(surface, trajectory, num_steps)

    def show_step(self, trajectory, step):
        """Move the path, the markers and the model's curve to ``step`` (the frame's artists)."""
        params, last = trajectory.params, trajectory.params.shape[0] - 1
        k = min(step, last) + 1
        self.path.line.set_data(params[:k, 0], params[:k, 1])
        self.path.marker.set_data(params[k - 1:k, 0], params[k - 1:k, 1])
        marker = "X" if trajectory.diverged and step >= last else "o"
        self.path.marker.set_marker(marker)
        self.costs.marker.set_marker(marker)
        self.costs.done.set_data(np.arange(k), trajectory.costs[:k])
        self.costs.marker.set_data([k - 1], trajectory.costs[k - 1:k])
        if self.fit is not None:
            update_sigmoid_fit(self.fit, *params[k - 1])

    def _set_cost_limits(self, surface, trajectory, num_steps):
        view = cost_view(surface, trajectory.costs)
        xlim = (-0.02 * num_steps, num_steps * 1.02)
        if self.view == view and self.ax_cost.get_xlim() == xlim:
            return False
        if self.ax_cost.get_yscale() != view.scale:
            symlog = view.scale == "symlog"
            self.ax_cost.set_yscale(view.scale, **({"linthresh": 1.0, "linscale": 0.5}
                                                   if symlog else {}))
            if symlog:
                self.ax_cost.yaxis.set_major_formatter(FuncFormatter(cost_tick))
        self.view = view
        self.ax_cost.set_ylim(view.ylim)
        self.ax_cost.set_ylabel(view.label)
        self.ax_cost.set_xlim(xlim)
        return True
