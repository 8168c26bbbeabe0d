"""The figure and the run status of :class:`lessons_lib.widgets.DescentExplorer` (private).

Three panels in one persistent figure: the cost surface with the path (left), the cost
against the step (top right) and, for logistic regression, the data with the model's
curve (bottom right; for the other surfaces the cost panel takes the whole right side).
Everything that moves with the step is animated (blitted); the rest is the background,
redrawn only when the surface, the number of steps or the cost panel's range changes.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure

from .. import style
from ..plots.descent import (plot_cost_contour, plot_path, plot_sigmoid_fit, plot_step_costs,
                             update_path, update_sigmoid_fit, update_step_costs)

# Axes positions (left, bottom, width, height) in figure fractions, for FIGSIZE["explorer"].
SURFACE_BOX = (0.065, 0.125, 0.34, 0.75)
LEGEND_BOX = (0.415, 0.875)
DATA_LEGEND_BOX = (0.415, 0.435)
COST_BOX_SHORT = (0.635, 0.585, 0.345, 0.29)
COST_BOX_TALL = (0.635, 0.125, 0.345, 0.75)
DATA_BOX = (0.635, 0.125, 0.345, 0.31)
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


def _inside(surface, p):
    return (surface.w_range[0] <= p[0] <= surface.w_range[1]
            and surface.b_range[0] <= p[1] <= surface.b_range[1])


class RunStatus(NamedTuple):
    """How a run went: ``kind`` is one of ``"diverged"``, ``"off_map"``, ``"rising"``,
    ``"oscillating"``, ``"minimum"``, ``"local_minimum"``, ``"descending"``; ``words`` says
    it for a learner."""

    kind: str
    words: str

    @property
    def bad(self):
        """Whether the learning rate is the problem (shown in vermillion)."""
        return self.kind in ("diverged", "off_map", "rising", "oscillating")


def zigzag_fraction(params):
    """Fraction of consecutive steps that turn back (negative dot product): overshooting."""
    d = np.diff(params, axis=0)
    if len(d) < 2:
        return 0.0
    return float(np.mean(np.sum(d[1:] * d[:-1], axis=1) < 0))


def run_status(surface, trajectory, num_steps):
    """Say in words how a run of ``num_steps`` steps on ``surface`` went, as a :class:`RunStatus`.

    Diverged (the cost blew up: the path stops at the last finite point), flew off the
    map, cost went up, reached a minimum (which one, when there are several; zigzagging
    or not), oscillating, or still descending.
    """
    end, done = trajectory.params[-1], len(trajectory.params) - 1
    after = f"After {num_steps} steps:"
    zigzag = zigzag_fraction(trajectory.params) > 0.3
    if trajectory.diverged:
        return RunStatus("diverged", f"Diverged at step {done + 1}: the cost blew up. The path "
                                     f"ends at step {done}.")
    if not _inside(surface, end):
        return RunStatus("off_map", f"{after} flew off the map (the steps overshoot).")
    if trajectory.costs[-1] > trajectory.costs[0]:
        return RunStatus("rising", f"{after} not converging, the cost went up (overshooting).")
    index = surface.nearest_minimum(end)
    if index is not None and trajectory.grad_norms[-1] < 1e-3:
        how = ", zigzagging (each step overshoots)" if zigzag else ""
        if index == 0:
            which = "the minimum" if len(surface.minima) == 1 else "the global minimum"
            return RunStatus("minimum", f"{after} reached {which}{how}.")
        return RunStatus("local_minimum", f"{after} stuck in a local minimum (J = "
                         f"{surface._cost(surface.minima[index]):.3g}), not the global one.")
    if zigzag:
        return RunStatus("oscillating", f"{after} oscillating: each step overshoots.")
    return RunStatus("descending", f"{after} still descending (more steps or a larger rate "
                                   "would help).")



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
        self.words = self.fig.text(0.415, 0.915, "", ha="left", va="top")
        for artist in (self.path.line, self.path.marker, self.costs.done, self.costs.marker):
            artist.set_animated(True)
        self.note = self.ax_cost.text(0.98, 0.96, "", transform=self.ax_cost.transAxes,
                                      ha="right", va="top", color=style.PALETTE["vermillion"],
                                      bbox={"facecolor": "white", "alpha": 0.85,
                                            "edgecolor": "none", "pad": 2})
        self.kept = [self.path.whole, self.path.start, self.costs.full, self.status, self.words,
                     self.note]
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
        self.ylim = None

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
        self.status.set_text(f"learning rate {lr:.3g}, {num_steps} steps from "
                             f"(w₀, b₀) = ({w0:.2f}, {b0:.2f})".replace("-", "−"))
        self.words.set_text(status.words)
        self.words.set_color(style.PALETTE["vermillion"] if status.bad else "black")
        changed = self._set_cost_limits(surface, trajectory, num_steps)
        top = trajectory.costs.max()
        self.note.set_text(f"↑ the cost leaves the chart: up to {top:.3g}"
                           if top > self.ylim[1] else "")
        return changed

    def show_step(self, trajectory, step):
        """Move the path, the markers and the model's curve to ``step`` (the frame's artists)."""
        params, last = trajectory.params, trajectory.params.shape[0] - 1
        k = min(step, last) + 1
        self.path.line.set_data(params[:k, 0], params[:k, 1])
        self.path.marker.set_data(params[k - 1:k, 0], params[k - 1:k, 1])
        self.path.marker.set_marker("X" if trajectory.diverged and step >= last else "o")
        self.costs.done.set_data(np.arange(k), trajectory.costs[:k])
        self.costs.marker.set_data([k - 1], trajectory.costs[k - 1:k])
        if self.fit is not None:
            update_sigmoid_fit(self.fit, *params[k - 1])

    def _set_cost_limits(self, surface, trajectory, num_steps):
        ylim = cost_ylim(surface, trajectory.costs[0])
        xlim = (-0.02 * num_steps, num_steps * 1.02)
        if self.ylim == ylim and self.ax_cost.get_xlim() == xlim:
            return False
        self.ylim = ylim
        self.ax_cost.set_ylim(ylim)
        self.ax_cost.set_xlim(xlim)
        return True
