"""SymmetryExplorer: how the starting weights decide whether hidden units can differ.

Introduced in ``07_initialization``. Choose how the weights start (scheme and scale) and
the hidden activation: a ``[2, hidden_units, 1]`` network is trained once on the moons
(:func:`lessons_lib.symmetry.train_recording_weights`, full batch, seeded), and Play walks
through the recorded training. A frame only draws (a) every hidden unit's parameters over
training, a heat map with one row per parameter (weight from x₁, weight from x₂, bias)
grouped by unit, time to the right, so units that are copies show as identical bands;
(b) the hidden layer at the current step, a row per unit and a column per parameter;
(c) the cost so far; and a status line in words ("all 6 units identical (spread 0)").

Rows are examples in this course: ``W[0]`` has shape ``(n_in, n_hidden)`` and unit ``j``'s
incoming weights are column ``j`` of ``W[0]``. The pictures show unit ``j`` as row ``j``
(as in Andrew Ng's ``(n_out, n_in)`` convention): ``W[0].T`` with the bias ``b[0]`` last.

Here: the controls, the training and a frame's update. The figure (building it, and the
heat map, colours and cost reset for each new training) is the private mixin
:class:`._symmetry_figure.SymmetryFigure`.
"""

from __future__ import annotations


import ipywidgets as widgets
import numpy as np

from .. import datasets, style
from .._validation import check_choice, check_int
from ..symmetry import DEFAULT_SCALES, SCHEMES, train_recording_weights
from ._controls import check_ranges
from ._base import Explorer
from ._symmetry_figure import SymmetryFigure

__all__ = ["ACTIVATION_NAMES", "RANGES", "M_EXAMPLES", "status_text", "SymmetryExplorer"]

ACTIVATION_NAMES = ("tanh", "sigmoid", "relu", "leaky_relu")
#: The constructor's ranges (the scale slider's range included): a value outside is an error.
RANGES = {"scale": (1e-3, 10.0), "hidden_units": (1, 8), "lr": (1e-3, 10.0),
          "num_steps": (10, 2000)}
N_SNAPSHOTS = 100
#: 201 moons: 101 of class 0, 100 of class 1. With exactly balanced classes, zeros with
#: sigmoid hidden units would be a stationary point (the first output-weight gradient,
#: 0.5 · Σ(ŷ - y) / m, is exactly 0), left only through a rounding error of ~1e-19 after
#: hundreds of steps; one extra example makes the units move for a real reason.
M_EXAMPLES = 201
_WIDE = {"description_width": "initial"}
_START = {"zeros": "weights start at 0", "constant": "weights start at {s}",
          "random": "weights start ~ N(0, {s}²)", "xavier": "Xavier start (× {s})",
          "he": "He start (× {s})"}


def _check_arguments(scheme, scale, activation, seed, **values):
    """Each argument a valid choice or within its range: a clear error, never a clamp."""
    check_choice(scheme, "scheme", SCHEMES)
    check_choice(activation, "activation", ACTIVATION_NAMES)
    check_int(seed, "seed", minimum=0)
    if scale is not None:
        values["scale"] = scale
    check_ranges(RANGES, values, notes={"scale": "It multiplies the scheme's weights (for "
                                                "'constant' it is the value)."})


def status_text(spread, n_units, all_zero=False):
    """The state of the hidden units in words, e.g. ``"units differ by up to 0.84"``."""
    if n_units == 1:
        return "one hidden unit: nothing to compare"
    if spread == 0:
        if all_zero:
            return f"all {n_units} units identical, every parameter still exactly 0"
        return f"all {n_units} units identical (spread 0)"
    return f"units differ by up to {spread:.2g}"


def _cell(value):
    """A parameter as its cell shows it: exactly 0 as "0", so that a tiny value never looks
    like an exact zero ("-4e-03", not "-0.00")."""
    if value == 0:
        return "0"
    return f"{value:.2f}" if abs(value) >= 0.005 else f"{value:.0e}"


class SymmetryExplorer(SymmetryFigure, Explorer):
    """Watch equal starting weights keep hidden units identical, and random ones break the tie.

    Parameters
    ----------
    scheme : {"zeros", "constant", "random", "xavier", "he"}, default "random"
        How every layer's weights start (:func:`lessons_lib.symmetry.initial_weights`);
        biases start at 0.
    scale : float in [0.001, 10], optional
        Multiplies the scheme's weights: the standard deviation for "random", the value
        for "constant", a multiplier of the Xavier or He weights; ignored by "zeros".
        Default :data:`lessons_lib.symmetry.DEFAULT_SCALES` (0.01 for "random").
        Choosing another scheme in the dropdown resets the slider to that scheme's default.
    activation : {"tanh", "sigmoid", "relu", "leaky_relu"}, default "tanh"
        The hidden units' activation.
    hidden_units : int in [1, 8], default 6
    lr : float in [0.001, 10], default 1.5
    num_steps : int in [10, 2000], default 600
        Full-batch gradient-descent steps.
    seed : int ≥ 0, default 0
        Seeds the data (201 moons, :data:`M_EXAMPLES`) and the random starting weights.

    Examples
    --------
    >>> SymmetryExplorer(scheme="zeros")   # doctest: +SKIP
    """

    def __init__(self, scheme="random", scale=None, activation="tanh", hidden_units=6, lr=1.5,
                 num_steps=600, seed=0):
        _check_arguments(scheme, scale, activation, seed, hidden_units=hidden_units, lr=lr,
                         num_steps=num_steps)
        self.hidden_units, self.lr, self.num_steps, self.seed = hidden_units, lr, num_steps, seed
        self.X, self.y = datasets.make_moons(m=M_EXAMPLES, rng=seed)
        self._busy, self._mesh, self._layout_key, self._theta = False, None, None, None
        self._make_controls(scheme, DEFAULT_SCALES[scheme] if scale is None else scale,
                            activation)
        run = self._train()
        self._build_figure(run)
        super().__init__(children=[
            widgets.HBox([self._scheme, self._scale, self._activation]),
            widgets.HBox([self._play, self._step]), self._view.image, self._readout])
        for control in (self._scheme, self._scale, self._activation):
            control.observe(self._on_parameters, names="value")
        self._step.observe(self._on_step, names="value")
        self._show(run)

    def _make_controls(self, scheme, scale, activation):
        self._scheme = widgets.Dropdown(options=list(SCHEMES), value=scheme,
                                        description="start", style=_WIDE)
        low, high = (float(np.log10(v)) for v in RANGES["scale"])
        self._scale = widgets.FloatLogSlider(value=scale, min=low, max=high, step=0.05,
                                             description="scale", readout_format=".3g",
                                             continuous_update=False, style=_WIDE,
                                             disabled=scheme == "zeros")
        self._activation = widgets.Dropdown(options=list(ACTIVATION_NAMES), value=activation,
                                            description="hidden activation", style=_WIDE)
        self._play = widgets.Play(interval=60, description="play")
        self._step = widgets.SelectionSlider(options=[0], description="step",
                                             layout=widgets.Layout(width="420px"))
        widgets.link((self._play, "value"), (self._step, "index"))
        self._readout = widgets.HTML()

    @property
    def frame(self):
        """Index of the snapshot shown now (``training.steps[frame]`` is its step)."""
        return self._step.index

    @property
    def step(self):
        """The training step shown now."""
        return int(self.training.steps[self._step.index])

    @property
    def start_text(self):
        """How the weights start, in words (e.g. "weights start ~ N(0, 0.01²)")."""
        return _START[self._scheme.value].format(s=f"{self._scale.value:.3g}")

    # --- updates (the figure is built and reset by SymmetryFigure) -----------------

    def _train(self):
        return train_recording_weights(self.X, self.y, self._scheme.value, self._scale.value,
                                       self.hidden_units, self._activation.value, self.lr,
                                       self.num_steps, rng=self.seed, n_snapshots=N_SNAPSHOTS)

    def _on_parameters(self, change=None):
        if self._busy:
            return
        if change is not None and change["owner"] is self._scheme:
            self._busy = True
            try:  # the scale means something else for each scheme: start from its default
                self._scale.value = DEFAULT_SCALES[self._scheme.value]
                self._scale.disabled = self._scheme.value == "zeros"
            finally:
                self._busy = False
        self._show(self._train())

    def _show(self, run):
        """Show a new training at its last step (a full redraw)."""
        self.training = run
        self._busy = True
        try:
            self._play.playing = False
            self._step.options = [int(s) for s in run.steps]
            self._play.max = len(run.steps) - 1
            self._step.index = len(run.steps) - 1
        finally:
            self._busy = False
        self._show_training(run)
        self._update_frame()
        self._relayout_if_needed()
        self._view.redraw()

    def _show_training(self, run):
        """What changes only with a new training: the heat map (a), colours, the whole cost."""
        self._show_heatmap(run)
        self._start.set_text(f"{self.start_text}, {self._activation.value} units")
        self._show_cost(run)

    def _on_step(self, change=None):
        if not self._busy:
            self._update_frame()
            self._view.blit()

    def _update_frame(self):
        run, i = self.training, self._step.index
        step, params = int(run.steps[i]), self._theta[i].T  # a row per unit
        vmax = self._now.get_clim()[1]
        self._marker_line.set_xdata([step, step])
        self._now.set_data(params)
        for text, value in zip(self._values, params.ravel()):
            text.set_text(_cell(value))
            text.set_color("white" if abs(value) > 0.6 * vmax else "black")
        self._progress.set_data(np.arange(step + 1), run.costs[:step + 1])
        self._marker.set_data([step], [run.costs[step]])
        self._text.set_text(f"cost {run.costs[step]:.3g}\naccuracy {run.accuracies[i]:.0%}")
        words = status_text(run.unit_spread[i], self.hidden_units, not params.any())
        self._status.set_text(f"step {step}: {words}")
        copies = run.unit_spread[i] == 0 and self.hidden_units > 1
        self._status.set_color(style.PALETTE["vermillion"] if copies else "black")
        self._readout.value = (
            f"step <b>{step}</b> of {run.steps[-1]} · {self.start_text} · cost "
            f"<b>{run.costs[step]:.4g}</b> · train accuracy <b>{run.accuracies[i]:.1%}</b> · "
            f"largest distance between two units' (weights, bias): "
            f"<b>{run.unit_spread[i]:.3g}</b>" + (" · diverged: stopped at the last finite "
                                                   "step" if run.diverged else "")
            + f" (training took {run.seconds * 1000:.0f} ms)")
