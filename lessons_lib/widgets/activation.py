"""ActivationExplorer: choose the activation and the depth, train, and watch each layer's gradient.

Introduced in ``06_activation_functions`` (vanishing gradients). A network with ``depth``
hidden layers is trained once per setting on the two moons
(:func:`lessons_lib.diagnostics.train_with_diagnostics`, full batch, seeded); a frame only
draws what was recorded at one step:

(a) the gradient norm ``||dW⁽ˡ⁾||`` (the code's ``dW[l - 1]``) of every layer (layer 1 next to
the input, the last one the output layer), log scale, over faint lines for every recorded step;
(b) each hidden layer's share of saturated units (bars; the course's one definition,
``g'(z) < 10 %`` of the activation's peak slope, see :mod:`lessons_lib.diagnostics`) and
its mean slope ``g'(z)`` (diamonds);
(c) the cost up to that step.
"""

from __future__ import annotations

import numbers

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator

from .. import datasets, style
from .._validation import check_choice, check_int, describe
from ..diagnostics import (_SUPERSCRIPT, Diagnostics, ratio_sentence, saturation_rule,
                           train_with_diagnostics)
from ..plots.classification import cost_scale, plain_log_labels
from ._base import Explorer, FigureView

__all__ = ["ACTIVATION_NAMES", "INITS", "RANGES", "make_data", "run_explorer_training",
           "ActivationExplorer"]

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu")
INITS = {"he": "He", "xavier": "Xavier", "random_normal": "small N(0, 0.01²)"}
# The controls' ranges, which the constructor's arguments must respect (ints: int sliders).
RANGES = {"depth": (1, 10), "hidden_units": (2, 16), "lr": (0.01, 10.0), "num_steps": (20, 1000)}
_SHARE_LABEL = {"sigmoid": "share saturated", "tanh": "share saturated",
                "relu": "share inactive", "leaky_relu": "share at z ≤ 0"}
N_FRAMES = 50
_WIDE = {"description_width": "initial"}
_BOX = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 2}
_SATURATED_TITLE = {"sigmoid": "Saturated: |z| > {z:.2f}", "tanh": "Saturated: |z| > {z:.2f}",
                    "relu": "Inactive: z ≤ 0 (slope 0)", "leaky_relu": "z ≤ 0 (slope 0.01)"}


def _check_arguments(seed, **values):
    """Each constructor argument within its control's range: a clear error, never a clamp."""
    check_int(seed, "seed", minimum=0)
    for name, value in values.items():
        low, high = RANGES[name]
        if isinstance(low, int):
            check_int(value, name)
        elif isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"`{name}` must be a number, got {describe(value)}.")
        if not low <= value <= high:
            raise ValueError(f"`{name}` must be between {low:g} and {high:g} (the control's "
                             f"range), got {value!r}.")


def make_data(seed=0):
    """The explorer's data, ``make_moons(m=200, rng=seed)``: X (200, 2), y (200,)."""
    return datasets.make_moons(m=200, rng=seed)


def run_explorer_training(activation="sigmoid", depth=5, hidden_units=8, init="he", lr=0.5,
                          num_steps=200, seed=0):
    """What the explorer trains for one setting: about 50 records on its data, seeded.

    Returns
    -------
    Diagnostics
    """
    X, y = make_data(seed)
    return train_with_diagnostics(X, y, activation, depth, hidden_units, lr, num_steps,
                                  init, rng=seed, every=max(1, num_steps // N_FRAMES))


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


class ActivationExplorer(Explorer):
    """Train a deep network and watch each layer's gradient and saturated units as it learns.

    Parameters
    ----------
    activation : {"sigmoid", "tanh", "relu", "leaky_relu"}, default "sigmoid"
        The hidden layers' activation (the output is a sigmoid).
    depth : int in [1, 10], default 5
        Hidden layers.
    hidden_units : int in [2, 16], default 8
        Units per hidden layer.
    init : {"he", "xavier", "random_normal"}, default "he"
        Initial weights (``"random_normal"``: N(0, 0.01²)); biases start at 0.
    lr : float in [0.01, 10], default 0.5
    num_steps : int in [20, 1000], default 200
        Full-batch gradient-descent steps.
    seed : int ≥ 0, default 0
        Seeds the data and the initial weights.

    The ranges are the controls' (:data:`RANGES`); a value outside one is an error.

    Examples
    --------
    >>> ActivationExplorer(activation="sigmoid", depth=6)   # doctest: +SKIP
    """

    def __init__(self, activation="sigmoid", depth=5, hidden_units=8, init="he", lr=0.5,
                 num_steps=200, seed=0):
        check_choice(activation, "activation", ACTIVATION_NAMES)
        check_choice(init, "init", tuple(INITS))
        _check_arguments(seed, depth=depth, hidden_units=hidden_units, lr=lr,
                         num_steps=num_steps)
        self.seed, self.num_steps, self._busy = seed, num_steps, False
        self._scale = 1.6 if style.is_presentation() else 1.0  # text size, fixed at creation
        self._make_controls(activation, depth, hidden_units, init, lr)
        run = self._train()
        self._build_figure()
        super().__init__(children=[
            widgets.HBox([self._activation, self._init, self._depth]),
            widgets.HBox([self._units, self._lr]),
            widgets.HBox([self._play, self._step]), self._view.image, self._readout])
        for control in self._parameters:
            control.observe(self._on_parameters, names="value")
        self._step.observe(self._on_step, names="value")
        self._show(run)

    def _make_controls(self, activation, depth, hidden_units, init, lr):
        def slider(kind, value, low, high, step, description):
            return kind(value=value, min=low, max=high, step=step, description=description,
                        continuous_update=False, style=_WIDE)

        self._activation = widgets.Dropdown(options=list(ACTIVATION_NAMES), value=activation,
                                            description="activation", style=_WIDE)
        self._init = widgets.Dropdown(options=[(label, key) for key, label in INITS.items()],
                                      value=init, description="initial weights", style=_WIDE)
        self._depth = slider(widgets.IntSlider, depth, *RANGES["depth"], 1, "hidden layers")
        self._units = slider(widgets.IntSlider, hidden_units, *RANGES["hidden_units"], 1,
                             "units per layer")
        low, high = (float(np.log10(v)) for v in RANGES["lr"])
        self._lr = slider(widgets.FloatLogSlider, lr, low, high, 0.25, "learning rate")
        self._play = widgets.Play(interval=80, description="play")
        self._step = widgets.SelectionSlider(options=[0], description="step",
                                             layout=widgets.Layout(width="420px"))
        widgets.link((self._play, "value"), (self._step, "index"))
        self._readout = widgets.HTML()

    @property
    def _parameters(self):
        return (self._activation, self._init, self._depth, self._units, self._lr)

    @property
    def frame(self):
        """Index of the record shown now (``training.steps[frame]`` is its step)."""
        return self._step.index

    @property
    def step(self):
        """The training step shown now."""
        return int(self.training.steps[self._step.index])

    # --- figure -------------------------------------------------------------------

    def _build_figure(self):
        top = RANGES["depth"][1]
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

    # --- updates ------------------------------------------------------------------

    def _train(self):
        return run_explorer_training(self._activation.value, self._depth.value,
                                     self._units.value, self._init.value, self._lr.value,
                                     self.num_steps, self.seed)

    def _on_parameters(self, change=None):
        self._show(self._train())

    def _show(self, run: Diagnostics):
        """Show a new training at step 0, as initialised (a full redraw); play trains it."""
        self.training = run
        self._busy = True
        try:
            self._play.playing = False
            self._step.options = [int(s) for s in run.steps]
            self._play.max = len(run.steps) - 1
            self._step.index = 0
        finally:
            self._busy = False
        with style.course_style(self._scale):  # labels made now get the figure's sizes
            self._show_training(run)
        self._update_frame()
        self._view.redraw()

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

    def _on_step(self, change=None):
        if not self._busy:
            self._update_frame()
            self._view.blit()

    def _update_frame(self):
        run, i = self.training, self._step.index
        step, norms = int(run.steps[i]), run.grad_norms[i]
        layers = np.arange(1, norms.size + 1)
        self._current.set_data(layers, np.where(norms > 0, norms, np.nan))
        for bar, share in zip(self._bars, run.saturated[i]):
            bar.set_height(share)
        self._slope.set_data(layers[:-1], run.mean_slope[i])
        self._progress.set_data(np.arange(step + 1), run.costs[:step + 1])
        self._marker.set_data([step], [run.costs[step]])
        self._text.set_text(f"step {step}\ncost {run.costs[step]:.3g}\n"
                            f"accuracy {run.accuracy[i]:.0%}")
        sentence = ratio_sentence(norms)
        self._status.set_text(f"{self._activation.value}, {norms.size - 1} hidden layers, "
                              f"step {step}:" + ("\n" if self._scale > 1 else " ") + sentence)
        self._readout.value = self._readout_html(run, i, sentence)

    def _readout_html(self, run, i, sentence):
        step, norms = int(run.steps[i]), run.grad_norms[i]
        rule = saturation_rule(self._activation.value)
        state = (f"<b style='color:{style.PALETTE['vermillion']}'>diverged</b> at step "
                 f"{run.steps[-1] + 1}: training stopped at step {run.steps[-1]}, the last "
                 "finite point. Try a smaller learning rate." if run.diverged else "trained")
        return (f"step <b>{step}</b> of {run.steps[-1]} · cost <b>{run.costs[step]:.4g}</b> · "
                f"train accuracy <b>{run.accuracy[i]:.1%}</b> · {state} (training took "
                f"{run.seconds * 1000:.0f} ms)<br>{sentence[0].upper() + sentence[1:]} "
                f"(‖dW‖ {norms[0]:.2g} against {norms[-1]:.2g}) · hidden units, "
                f"{_SHARE_LABEL[rule.activation]}: <b>{run.saturated[i].mean():.0%}</b> · mean "
                f"slope g′(z) <b>{run.mean_slope[i].mean():.2f}</b> (peak {rule.peak:g})<br>"
                "<small>A unit counts as saturated on an example when its slope g′(z) is below "
                f"10% of the activation's peak slope: for {rule.activation}, {rule.text}."
                "</small>")
