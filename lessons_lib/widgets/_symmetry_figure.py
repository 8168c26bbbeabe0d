"""The figure of :class:`lessons_lib.widgets.SymmetryExplorer` (private): building it, and
what changes with a new training.

:class:`SymmetryFigure` is a mixin of the explorer: its methods read the explorer's
``hidden_units``, ``X`` and ``num_steps`` and keep the artists as the explorer's attributes
(``_ax_time``, ``_now``, ``_values``, ``_mesh``, ``_theta``, ``_status``, …), which the
explorer's frame update (:mod:`lessons_lib.widgets.symmetry`) moves. Three panels: (a) every
hidden unit's parameters over training as a heat map, (b) the hidden layer at the current
step, (c) the cost. Constrained layout runs again only when a tick label's width changes
(:meth:`SymmetryFigure._relayout_if_needed`).
"""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from .. import style
from ..plots.classification import cost_scale, plain_log_labels, plot_cost_curve
from ._base import FigureView

_BOX = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 2}


def _edges(steps):
    """Cell edges around the snapshot steps (halfway between neighbours) for the heat map."""
    steps = np.asarray(steps, dtype=float)
    if steps.size == 1:
        return steps[0] + np.array([-0.5, 0.5])
    mids = (steps[1:] + steps[:-1]) / 2
    return np.concatenate([[2 * steps[0] - mids[0]], mids, [2 * steps[-1] - mids[-1]]])


class SymmetryFigure:
    """The explorer's figure: built once; the heat map, colours and cost reset for every
    new training (a mixin)."""

    def _build_figure(self, run):
        grow = 1.6 if style.is_presentation() else 1.0
        with style.course_style():
            fig = Figure(figsize=np.multiply(style.FIGSIZE["explorer"], grow),
                         layout="constrained")
            self._ax_time, self._ax_now, self._ax_cost = fig.subplots(
                1, 3, width_ratios=[1.45, 0.62, 1.1])
            self._build_heatmaps(fig, run)
            self._build_cost(run)
            fig.suptitle(" ", fontweight="bold")  # keeps the room for the two texts below
            top = {"y": 0.99, "va": "top", "fontweight": "bold",
                   "fontsize": matplotlib.rcParams["figure.titlesize"]}
            self._start = fig.text(0.01, ha="left", s="", **top)
            self._status = fig.text(0.99, ha="right", s="", **top)
        for artist in (self._marker_line, self._now, *self._values, self._progress,
                       self._marker, self._text, self._status):
            artist.set_animated(True)
        self._view = FigureView(fig)
        self._view.keep_with_background(self._start)

    def _build_heatmaps(self, fig, run):
        n, per = self.hidden_units, self.X.shape[1] + 1
        ax = self._ax_time
        ax.set(title="(a) each unit's w₁, w₂, b over training", xlabel="step",
               ylim=(n * per - 0.5, -0.5))
        ax.set_yticks(np.arange(n) * per + (per - 1) / 2, [f"unit {j + 1}" for j in range(n)])
        ax.tick_params(axis="y", length=0)
        ax.grid(False)
        for g in range(1, n):
            ax.axhline(g * per - 0.5, color="white", linewidth=3)
        self._marker_line = ax.axvline(0, color="black", linewidth=2)
        now = self._ax_now
        self._now = now.imshow(np.zeros((n, per)), cmap=style.CMAP_DIVERGING, aspect="auto")
        now.set_title("(b) the hidden layer now")
        now.set_xticks(range(per), ["w₁", "w₂", "b"])  # the data are 2-D
        now.set_yticks(range(n), [f"unit {j + 1}" for j in range(n)])
        now.set_xlabel("weights from x₁, x₂\nand bias b")
        now.tick_params(length=0)
        now.grid(False)
        self._values = [now.text(k, j, "", ha="center", va="center", fontsize="small")
                        for j in range(n) for k in range(per)]
        fig.colorbar(self._now, ax=now, label="parameter value", shrink=0.9)

    def _build_cost(self, run):
        ax = self._ax_cost
        self._whole = plot_cost_curve(run.costs, ax=ax, color=style.PALETTE["grey"], alpha=0.5,
                                      linewidth=1.5, label="whole run")
        self._progress, = ax.plot([], [], color=style.PALETTE["vermillion"], label="so far")
        self._marker, = ax.plot([], [], "o", color=style.PALETTE["vermillion"],
                                markeredgecolor="black", markersize=8, clip_on=False)
        self._text = ax.text(0.97, 0.97, "", transform=ax.transAxes, ha="right", va="top",
                             bbox=_BOX)
        ax.set_title("(c) cost")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2, frameon=False)

    def _relayout_if_needed(self):
        """Constrained layout costs as much as the draw: run it only when an axis' widest
        tick label (its length: digits are equally wide) or the cost's label changes."""
        fig = self._view.fig
        key = tuple(max((len(label.get_text()) for label in axis.get_ticklabels(which="both")),
                        default=0) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis))
        key += (self._ax_cost.get_ylabel(),)
        if key != self._layout_key:
            fig.set_layout_engine("constrained", wspace=0.06)
        else:
            fig.set_layout_engine("none")
        self._layout_key = key

    def _show_heatmap(self, run):
        # each unit's parameters (w₁, w₂, b) at each snapshot: (k, 3, n_units)
        self._theta = np.concatenate([run.W_hidden, run.b_hidden[:, None, :]], axis=1)
        rows = self._theta.transpose(2, 1, 0).reshape(-1, len(run.steps))  # unit by unit
        vmax = float(np.abs(rows).max()) or 1.0
        edges = _edges(run.steps)
        if self._mesh is not None:
            self._mesh.remove()
        self._mesh = self._ax_time.pcolormesh(edges, np.arange(rows.shape[0] + 1) - 0.5, rows,
                                              cmap=style.CMAP_DIVERGING, vmin=-vmax, vmax=vmax,
                                              zorder=0)
        self._ax_time.set_xlim(edges[0], edges[-1])
        self._now.set_clim(-vmax, vmax)

    def _show_cost(self, run):
        self._whole.set_data(np.arange(run.costs.size), run.costs)
        for line in (self._progress, self._marker):  # the old run's must not set the limits
            line.set_data([0], run.costs[:1])
        ax, scale = self._ax_cost, cost_scale(run.costs)
        ax.set_yscale(scale)
        if scale == "log":
            plain_log_labels(ax.yaxis, run.costs)
        else:
            ax.ticklabel_format(axis="y", useOffset=False)
        ax.set_ylabel("cost J" + (" (log scale)" if scale == "log" else ""))
        ax.set_xlim(0, self.num_steps)
        ax.relim()
        ax.set_autoscaley_on(True)  # a flat cost's limits below were set by hand
        ax.autoscale_view(scalex=False)
        low, high = run.costs.min(), run.costs.max()
        if scale == "linear" and high - low < 0.05:  # a nearly flat cost: no zoom into noise
            ax.set_ylim((low + high) / 2 - 0.03, (low + high) / 2 + 0.03)
