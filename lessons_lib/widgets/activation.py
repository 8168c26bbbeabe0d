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

Here: the controls, the training and a frame's update. The figure (building it, and its
axes reset for each new training) is the private mixin
:class:`._activation_figure.ActivationFigure`.
"""

from __future__ import annotations


import ipywidgets as widgets
import numpy as np

from .. import datasets, style
from .._validation import check_choice, check_int
from ..diagnostics import Diagnostics, ratio_sentence, saturation_rule, train_with_diagnostics
from ._activation_figure import _SHARE_LABEL, ActivationFigure
from ._activation_figure import _cost_limits, _decade_label, _log_limits  # noqa: F401 (re-exported)
from ._controls import check_ranges
from ._base import Explorer

__all__ = ["ACTIVATION_NAMES", "INITS", "RANGES", "make_data", "run_explorer_training",
           "ActivationExplorer"]

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu")
INITS = {"he": "He", "xavier": "Xavier", "random_normal": "small N(0, 0.01²)"}
# The controls' ranges, which the constructor's arguments must respect (ints: int sliders).
RANGES = {"depth": (1, 10), "hidden_units": (2, 16), "lr": (0.01, 10.0), "num_steps": (20, 1000)}
N_FRAMES = 50
_WIDE = {"description_width": "initial"}


def _check_arguments(seed, **values):
    """Each constructor argument within its control's range: a clear error, never a clamp."""
    check_int(seed, "seed", minimum=0)
    check_ranges(RANGES, values)


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


class ActivationExplorer(ActivationFigure, Explorer):
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

    # --- updates (the figure is built and reset by ActivationFigure) ----------------

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
