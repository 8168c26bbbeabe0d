"""The figure of :class:`lessons_lib.widgets.ActivationExplorer` (private): building it and
redrawing what changes with a new training.

:class:`ActivationFigure` is a mixin of the explorer: its methods read the explorer's
``_scale``, ``_depth`` and ``_activation`` controls and ``num_steps``, and keep the artists
as the explorer's attributes (``_ax_grad``, ``_bars``, ``_current``, ``_status``, …), which
the explorer's frame update (:mod:`lessons_lib.widgets.activation`) moves. Three panels:
(a) each layer's gradient norm ``||dW||`` (log scale, faint lines for the other steps),
(b) each hidden layer's share of saturated units and its mean slope, (c) the cost. The
layout is computed once (:meth:`ActivationFigure._freeze_layout`) and then kept.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator

from .. import style
from ..diagnostics import _SUPERSCRIPT, saturation_rule
from ..plots.classification import cost_scale, plain_log_labels
from ._base import FigureView

_SHARE_LABEL = {"sigmoid": "share saturated", "tanh": "share saturated",
                "relu": "share inactive", "leaky_relu": "share at z ≤ 0"}
_BOX = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 2}
_SATURATED_TITLE = {"sigmoid": "Saturated: |z| > {z:.2f}", "tanh": "Saturated: |z| > {z:.2f}",
                    "relu": "Inactive: z ≤ 0 (slope 0)", "leaky_relu": "z ≤ 0 (slope 0.01)"}


def _log_limits(values):
    """Decade-aligned limits holding every positive finite value with a little room (the
    axis stays fixed for a whole run, so a frame never rescales it)."""
    v = values[np.isfinite(values) & (values > 0)]
    if v.size == 0:
        return 1e-6, 1.0
    lo, hi = np.log10(v.min()), np.log10(v.max())
    pad = max(0.08, 0.04 * (hi - lo))  # markers at the ends stay whole
    low, high = np.floor(lo - pad), np.ceil(hi + pad)
    return 10.0 ** low, 10.0 ** max(high, low + 1)


def _cost_limits(costs):
    """Linear limits for the cost: its range with room above for the text, at least 0.05
    tall (a flat run would otherwise show rounding noise as a slope)."""
    low, high = float(costs.min()), float(costs.max())
    span = max(high - low, 0.05)
    return max(0.0, low - 0.08 * span), low + 1.25 * span


def _decade_label(value, _):
    """``10⁻³`` in plain text (mathtext costs ~5 ms a label to draw)."""
    exponent = np.log10(value) if value > 0 else 0.5
    if abs(exponent - round(exponent)) > 1e-9:
        return ""
    return "10" + str(int(round(exponent))).translate(_SUPERSCRIPT)


class ActivationFigure:
    """The explorer's figure: built once, its axes reset for every new training (a mixin)."""

    def _build_figure(self):
        top = self._depth.max  # the depth slider's end, RANGES["depth"][1]: a bar each
        with style.course_style(self._scale):
            size = (12.5, 6.6) if self._scale > 1 else (11.0, 4.6)
            fig = Figure(figsize=size, layout="constrained")
            self._ax_grad, self._ax_sat, self._ax_cost = fig.subplots(
                1, 3, width_ratios=[1.15, 1, 1])
            self._build_grad_axes()
            self._bars = self._ax_sat.bar(np.arange(1, top + 1), np.zeros(top), width=0.7,
                                          color=style.PALETTE["orange"], label="share saturated")
            self._slope, = self._ax_sat.plot([], [], "D", color=style.PALETTE["black"],
                                             markersize=7 * self._scale,
                                             label="mean slope g′(z)")
            self._peak = self._ax_sat.axhline(1.0, color=style.PALETTE["grey"], linestyle="--",
                                              linewidth=1.5, label="peak slope")
            self._ax_sat.set(ylim=(0, 1.05), xlabel="hidden layer", ylabel="share or slope")
            self._build_cost_axes()
            self._status = fig.suptitle(" ", fontsize="large")
            handles = [self._current, self._faint, self._bars, self._slope, self._peak,
                       self._whole, self._progress]
            self._legend = fig.legend(handles=handles, loc="outside lower center",
                                      frameon=False, ncols=4)
        for artist in (self._current, *self._bars, self._slope, self._progress, self._marker,
                       self._text, self._status):
            artist.set_animated(True)
        self._view = FigureView(fig)
        self._freeze_layout(fig)

    def _freeze_layout(self, fig):
        """Lay the figure out once, with the widest labels a run can bring (10⁻²³ on the
        gradient axis, 0.001 on a log cost axis, 1000 steps), then keep it: constrained
        layout costs as much as a draw, and a layout that never moves cannot jitter."""
        self._ax_grad.set(ylim=(1e-23, 1.0), xlabel="layer (11 = output)")
        self._ax_cost.set_yscale("log")
        self._ax_cost.set(xlim=(0, 1000), ylim=(1e-3, 10.0), ylabel="cost J (log scale)")
        self._status.set_text("sigmoid, 10 hidden layers, step 1000:" + (
            "\n" if self._scale > 1 else " ") + "layer 1's gradient")
        fig.get_layout_engine().execute(fig)  # on FigureView's Agg canvas, without drawing
        fig.set_layout_engine("none")

    def _build_grad_axes(self):
        ax = self._ax_grad
        self._faint = LineCollection([], colors=style.PALETTE["grey"], alpha=0.35,
                                     linewidths=1.0, label="‖dW‖ at other steps")
        ax.add_collection(self._faint)
        self._current, = ax.plot([], [], "o-", color=style.PALETTE["blue"],
                                 label="‖dW‖ now")
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(_decade_label))
        ax.yaxis.set_minor_locator(NullLocator())  # 8 minor ticks a decade cost 30 ms a draw
        ax.set_title("(a) Gradient norm per layer")
        ax.set_ylabel("‖dW⁽ˡ⁾‖ (log scale)")

    def _build_cost_axes(self):
        ax = self._ax_cost
        self._whole, = ax.plot([], [], color=style.PALETTE["grey"], alpha=0.8, linewidth=1.5,
                               label="cost, whole run")
        self._progress, = ax.plot([], [], color=style.PALETTE["vermillion"], label="cost so far")
        self._marker, = ax.plot([], [], "o", color=style.PALETTE["vermillion"],
                                markeredgecolor="black", markersize=8 * self._scale, clip_on=False)
        self._marker.set_in_layout(False)  # empty at layout time: it would sit at pixel (0, 0)
        self._text = ax.text(0.97, 0.97, "", transform=ax.transAxes, ha="right", va="top",
                             bbox=_BOX)
        self._note = ax.text(0.97, 0.04, "", transform=ax.transAxes, ha="right",
                             color=style.PALETTE["vermillion"], fontweight="bold")
        ax.set(title="(c) Cost", xlabel="step")

    def _show_training(self, run):
        """What changes only with a new training: axes, faint lines, whole cost, labels."""
        L = run.grad_norms.shape[1]
        layers = np.arange(1, L + 1)
        shown = np.where(run.grad_norms > 0, run.grad_norms, np.nan)  # log axis: 0 is a gap
        self._faint.set_segments([np.column_stack([layers, row]) for row in shown])
        self._ax_grad.set(xlim=(0.7, L + 0.3), ylim=_log_limits(run.grad_norms),
                          xticks=layers, xlabel=f"layer ({L} = output)")
        self._show_saturation_axes(run)
        steps = np.arange(run.costs.size)
        self._whole.set_data(steps, run.costs)
        scale = cost_scale(run.costs)
        self._ax_cost.set_yscale(scale)
        if scale == "log":
            plain_log_labels(self._ax_cost.yaxis, run.costs)
        self._ax_cost.set_ylabel("cost J" + (" (log scale)" if scale == "log" else ""))
        self._ax_cost.set_xlim(0, self.num_steps)
        if scale == "log":
            self._ax_cost.set_ylim(run.costs.min() / 1.5, run.costs.max() * 2.5)
        else:
            self._ax_cost.set_ylim(*_cost_limits(run.costs))
        self._note.set_text(f"diverged at step {steps[-1] + 1}\n(learning rate too large)"
                            if run.diverged else "")

    def _show_saturation_axes(self, run):
        depth = run.saturated.shape[1]
        rule = saturation_rule(self._activation.value)
        for k, bar in enumerate(self._bars):
            bar.set_visible(k < depth)
        self._legend.get_texts()[2].set_text(_SHARE_LABEL[rule.activation])
        self._peak.set_ydata([rule.peak, rule.peak])
        self._ax_sat.set(xlim=(0.4, depth + 0.6), xticks=np.arange(1, depth + 1),
                         title="(b) " + _SATURATED_TITLE[rule.activation].format(
                             z=rule.z_threshold))
