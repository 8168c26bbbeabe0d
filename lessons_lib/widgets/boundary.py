"""BoundaryExplorer: train a small network on a 2-D data set and play through training.

A notebook-native cousin of TensorFlow Playground, introduced in ``08_deep_networks``.
Choose the data set, its noise, the hidden layers, units, activation and learning rate:
the network (:class:`lessons_lib.models.DenseNetwork`) is trained once, full batch and
seeded, with :func:`lessons_lib.descent.train`, keeping snapshots of the parameters. The
probability grid of every snapshot is computed right then, so a frame of the animation
only draws: the decision boundary at that step, and the cost curve up to it.
"""

from __future__ import annotations

import inspect
import time
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import datasets, style
from .._validation import check_choice, check_int
from ..descent import train
from ..models import DenseNetwork
from ..plots.classification import (cost_scale, plain_log_labels, plot_cost_curve,
                                    plot_decision_boundary, probability_grid,
                                    update_decision_boundary)
from ._controls import check_ranges
from ._base import Explorer, FigureView

__all__ = ["DATASETS", "ACTIVATION_NAMES", "Training", "train_snapshots", "BoundaryExplorer"]

DATASETS = {"moons": datasets.make_moons, "circles": datasets.make_circles,
            "xor": datasets.make_xor, "spiral": datasets.make_spiral,
            "flower": datasets.make_flower, "blobs": datasets.make_blobs}
ACTIVATION_NAMES = ("tanh", "relu", "leaky_relu", "sigmoid", "identity")
N_FRAMES = 50
_BOX = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 2}
_WIDE = {"description_width": "initial"}
# The sliders' ranges, which the constructor's arguments must respect (ints: int sliders).
RANGES = {"hidden_units": (1, 16), "depth": (1, 3), "num_steps": (100, 2000),
          "lr": (1e-3, 100.0), "noise": (0.0, 3.0)}


def _slider(kind, value, low, high, step, description):
    """A slider that retrains on release, not on every pixel of a drag."""
    return kind(value=value, min=low, max=high, step=step, description=description,
                continuous_update=False, style=_WIDE)


def _check_arguments(seed, **values):
    """Each constructor argument within its slider's range: a clear error, never a clamp."""
    check_int(seed, "seed", minimum=0)
    check_ranges(RANGES, values)


class Training(NamedTuple):
    """Everything one setting of the controls produces; a frame only reads it.

    ``steps`` (k,): the snapshot steps; ``grids``: one ProbabilityGrid per snapshot;
    ``accuracies`` (k,): training accuracy at each snapshot; ``costs`` (n + 1,): the cost
    after 0 .. n updates (n the last step reached); ``diverged``; ``seconds``: the time
    it took (training and grids).
    """

    X: np.ndarray
    y: np.ndarray
    steps: np.ndarray
    grids: list
    accuracies: np.ndarray
    costs: np.ndarray
    diverged: bool
    seconds: float


def make_data(dataset, noise=1.0, rng=0):
    """The data set ``dataset`` (a key of :data:`DATASETS`) with ``noise`` times its usual noise.

    Returns
    -------
    X : ndarray of shape (m, 2)
    y : ndarray of shape (m,)
    """
    make = DATASETS[check_choice(dataset, "dataset", tuple(DATASETS))]
    usual = inspect.signature(make).parameters["noise"].default
    return make(noise=noise * usual, rng=rng)


def _snapshot_frames(net, history, X, y, resolution):
    """Probability grid and training accuracy of every snapshot (and of the final state)."""
    snapshots = list(history.snapshots)
    last = len(history.costs) - (1 if history.diverged else 0)
    if not snapshots or snapshots[-1].step != last:
        snapshots.append(type(snapshots[0])(last, [p.copy() for p in net.params]))
    grids, accuracies = [], []
    with np.errstate(all="ignore"):
        for snapshot in snapshots:
            for p, saved in zip(net.params, snapshot.params):
                p[...] = saved
            grid = probability_grid(net.predict_proba, X, resolution=resolution)
            grids.append(grid._replace(P=np.nan_to_num(grid.P, nan=0.5)))
            accuracies.append(np.mean(net.predict(X) == y))
    return np.array([s.step for s in snapshots]), grids, np.array(accuracies)


def train_snapshots(dataset="moons", noise=1.0, hidden_units=8, depth=1, activation="tanh",
                    lr=1.0, num_steps=500, rng=0, resolution=60, n_frames=N_FRAMES):
    """Train a :class:`DenseNetwork` on a 2-D data set once, keeping about ``n_frames`` snapshots.

    Full-batch gradient descent (:func:`lessons_lib.descent.train`), seeded by ``rng`` (data
    and initial weights). A snapshot is kept every ``num_steps // n_frames`` steps, plus
    the last state reached (the last finite one if training diverged).

    Parameters
    ----------
    dataset : str
        A key of :data:`DATASETS`; ``noise`` is times its usual noise.
    hidden_units, depth : int
        ``depth`` hidden layers of ``hidden_units`` units each.
    activation : str
        Hidden activation, one of :data:`ACTIVATION_NAMES`.
    lr : float
    num_steps : int
    rng : int
    resolution : int
        Grid points per axis of the probability grids.

    Returns
    -------
    Training
    """
    start = time.perf_counter()
    X, y = make_data(dataset, noise, rng)
    net = DenseNetwork([2] + [hidden_units] * depth + [1], activation=activation, rng=rng)
    every = max(1, num_steps // n_frames)
    history = train(net, X, y, lr=lr, num_epochs=num_steps, snapshot_every=every)
    steps, grids, accuracies = _snapshot_frames(net, history, X, y, resolution)
    costs = np.asarray(history.costs, dtype=float)
    if not history.diverged:
        costs = np.append(costs, net.cost(X, y))
    return Training(X, y, steps, grids, accuracies, costs, bool(history.diverged),
                    time.perf_counter() - start)


class BoundaryExplorer(Explorer):
    """Watch a small network learn a decision boundary on a 2-D data set.

    Parameters
    ----------
    dataset : {"moons", "circles", "xor", "spiral", "flower", "blobs"}, default "moons"
    hidden_units : int in [1, 16], default 8
    depth : int in [1, 3], default 1
        Hidden layers, all with ``hidden_units`` units.
    activation : str, default "tanh"
    lr : float in [0.001, 100], default 1.0
    num_steps : int in [100, 2000], default 500
        Full-batch gradient-descent steps.
    noise : float in [0, 3], default 1.0
        Times the data set's usual noise.
    seed : int ≥ 0, default 0
        Seeds the data and the initial weights.

    The ranges are the sliders' (:data:`RANGES`); a value outside one is an error, not clamped.

    Examples
    --------
    >>> BoundaryExplorer(dataset="xor", activation="relu")   # doctest: +SKIP
    """

    def __init__(self, dataset="moons", hidden_units=8, depth=1, activation="tanh", lr=1.0,
                 num_steps=500, noise=1.0, seed=0):
        check_choice(dataset, "dataset", tuple(DATASETS))
        check_choice(activation, "activation", ACTIVATION_NAMES)
        _check_arguments(seed, hidden_units=hidden_units, depth=depth, lr=lr,
                         num_steps=num_steps, noise=noise)
        self.seed, self._busy, self._layout_key = seed, False, None
        self._dataset = widgets.Dropdown(options=list(DATASETS), value=dataset,
                                         description="data set", style=_WIDE)
        self._activation = widgets.Dropdown(options=list(ACTIVATION_NAMES), value=activation,
                                            description="activation", style=_WIDE)
        self._noise = _slider(widgets.FloatSlider, noise, *RANGES["noise"], 0.25, "noise ×")
        self._depth = _slider(widgets.IntSlider, depth, *RANGES["depth"], 1, "hidden layers")
        self._units = _slider(widgets.IntSlider, hidden_units, *RANGES["hidden_units"], 1, "units")
        low, high = (float(np.log10(v)) for v in RANGES["lr"])  # 10^-3 .. 10^2
        self._lr = _slider(widgets.FloatLogSlider, lr, low, high, 0.25, "learning rate")
        self._num_steps = _slider(widgets.IntSlider, num_steps, *RANGES["num_steps"], 100, "steps")
        self._play = widgets.Play(interval=80, description="play")
        self._step = widgets.SelectionSlider(options=[0], description="step",
                                             layout=widgets.Layout(width="420px"))
        widgets.link((self._play, "value"), (self._step, "index"))
        self._readout = widgets.HTML()
        run = self._train()
        self._build_figure(run)
        super().__init__(children=[
            widgets.HBox([self._dataset, self._noise, self._activation]),
            widgets.HBox([self._depth, self._units, self._lr]),
            widgets.HBox([self._num_steps, self._play, self._step]),
            self._view.image, self._readout])
        for control in self._parameters:
            control.observe(self._on_parameters, names="value")
        self._step.observe(self._on_step, names="value")
        self._show(run)

    @property
    def _parameters(self):
        return (self._dataset, self._noise, self._depth, self._units, self._activation, self._lr,
                self._num_steps)

    @property
    def frame(self):
        """Index of the snapshot shown now (``training.steps[frame]`` is its step)."""
        return self._step.index

    @property
    def step(self):
        """The training step shown now."""
        return int(self.training.steps[self._step.index])

    # --- figure -------------------------------------------------------------------

    def _build_figure(self, run):
        with style.course_style():
            fig = Figure(figsize=style.FIGSIZE["explorer"], layout="constrained")
            self._ax_data, self._ax_cost = fig.subplots(1, 2, width_ratios=[1.1, 1])
            self._boundary = plot_decision_boundary(run.grids[0], run.X, run.y, ax=self._ax_data)
            self._ax_data.set(title="Decision boundary", aspect="auto")
            self._ax_data.grid(False)
            fig.colorbar(self._boundary.image, ax=self._ax_data, label="P(y = 1)", shrink=0.9)
            self._whole = plot_cost_curve(run.costs, ax=self._ax_cost, color=style.PALETTE["grey"],
                                          alpha=0.5, linewidth=1.5, label="whole run")
            self._progress, = self._ax_cost.plot([], [], color=style.PALETTE["vermillion"],
                                                 label="so far")
            self._marker, = self._ax_cost.plot([], [], "o", color=style.PALETTE["vermillion"],
                                               markeredgecolor="black", markersize=8, clip_on=False)
            self._text = self._ax_cost.text(0.97, 0.97, "", transform=self._ax_cost.transAxes,
                                            ha="right", va="top", bbox=_BOX)
            self._note = self._ax_cost.text(0.97, 0.04, "", transform=self._ax_cost.transAxes,
                                            ha="right", color=style.PALETTE["vermillion"],
                                            fontweight="bold")  # a diverged run ends on the left
            self._ax_cost.set_title("Cost")
            handles = [*self._boundary.points, self._boundary.boundary, self._whole, self._progress]
            fig.legend(handles=handles, loc="outside lower center", frameon=False,
                       ncols=3 if style.is_presentation() else 5, markerscale=1.5)
        for artist in (self._boundary.image, self._boundary.boundary, *self._boundary.points,
                       self._progress, self._marker, self._text):
            artist.set_animated(True)
        self._view = FigureView(fig)

    # --- updates ------------------------------------------------------------------

    def _train(self):
        return train_snapshots(self._dataset.value, self._noise.value, self._units.value,
                               self._depth.value, self._activation.value, self._lr.value,
                               self._num_steps.value, rng=self.seed)

    def _on_parameters(self, change=None):
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

    def _relayout_if_needed(self):
        """Constrained layout costs as much as the draw itself; it only changes when a tick
        label or an axis label does, so run it only then (about 4 ms to check)."""
        key = tuple(tuple(label.get_text() for label in axis.get_ticklabels(which="both"))
                    for ax in (self._ax_data, self._ax_cost) for axis in (ax.xaxis, ax.yaxis))
        key += (self._ax_cost.get_ylabel(),)
        self._view.fig.set_layout_engine("none" if key == self._layout_key else "constrained")
        self._layout_key = key

    def _show_training(self, run):
        """What changes only with a new training: data, extent, the whole cost curve, the note."""
        for k, points in enumerate(self._boundary.points):
            points.set_offsets(run.X[run.y == k])
        self._boundary.image.set_extent(run.grids[0].extent)
        self._ax_data.set(xlim=run.grids[0].extent[:2], ylim=run.grids[0].extent[2:])
        steps = np.arange(run.costs.size)
        self._whole.set_data(steps, run.costs)
        scale = cost_scale(run.costs)
        self._ax_cost.set_yscale(scale)
        if scale == "log":
            plain_log_labels(self._ax_cost.yaxis, run.costs)
        self._ax_cost.set_ylabel("cost J" + (" (log scale)" if scale == "log" else ""))
        self._ax_cost.set_xlim(0, self._num_steps.value)
        self._ax_cost.relim()
        self._ax_cost.autoscale_view(scalex=False)
        self._note.set_text(f"diverged at step {steps[-1] + 1}\n(learning rate too large)"
                            if run.diverged else "")

    def _on_step(self, change=None):
        if not self._busy:
            self._update_frame()
            self._view.blit()

    def _update_frame(self):
        run, i = self.training, self._step.index
        step = int(run.steps[i])
        update_decision_boundary(self._boundary, run.grids[i])
        self._progress.set_data(np.arange(step + 1), run.costs[:step + 1])
        self._marker.set_data([step], [run.costs[step]])
        self._text.set_text(f"step {step}\ncost {run.costs[step]:.3g}\n"
                            f"accuracy {run.accuracies[i]:.1%}")
        state = (f"<b style='color:{style.PALETTE['vermillion']}'>diverged</b> at step "
                 f"{run.steps[-1] + 1}: the cost stopped being finite or exploded, so training "
                 f"stopped at step {run.steps[-1]}, the last finite point. Try a smaller learning "
                 "rate." if run.diverged else "trained")
        self._readout.value = (f"step <b>{step}</b> of {run.steps[-1]} · cost "
                               f"<b>{run.costs[step]:.4g}</b> · train accuracy "
                               f"<b>{run.accuracies[i]:.1%}</b> · {state} "
                               f"(training took {run.seconds * 1000:.0f} ms)")
