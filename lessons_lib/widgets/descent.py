"""DescentExplorer: gradient descent on a cost surface, step by step, with linked panels.

Introduced in ``03_gradient_descent``. The left panel is the cost J(w, b) as a contour map
with the descent path; the right panels show the cost against the step and, for logistic
regression, the data with the current model's curve σ(w x + b). Play, the step buttons and
the scrubber only move markers (blitted frames); the path is computed once, with
:func:`lessons_lib.descent.gradient_descent`, when the learning rate, start, number of
steps, surface or loss changes.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np

from .. import style
from .._validation import as_float_array, check_choice, check_int, check_positive
from ..surfaces import LOSSES, PRESETS, SURFACES, make_surface
from ._base import Explorer, FigureView
from ._descent_figure import DescentFigure
from ._descent_status import RunStatus, run_status, two_cycle, zigzag_fraction

__all__ = ["DescentState", "RunStatus", "zigzag_fraction", "two_cycle", "run_status",
           "DescentExplorer"]

LR_EXPONENTS = (-3.0, 3.5)  # the learning-rate slider spans 1e-3 .. ~3e3
MAX_STEPS = 300
SURFACE_OPTIONS = (("logistic regression", "logistic"), ("round bowl", "bowl"),
                   ("ravine", "ravine"), ("three wells", "wells"))
LOSS_OPTIONS = (("cross-entropy", "cross_entropy"), ("squared error", "squared_error"))
_WIDE = {"description_width": "initial"}


class DescentState(NamedTuple):
    """What the explorer shows: the ``step`` of ``last`` (the path's last index), the point
    ``(w, b)``, its ``cost`` and ``grad_norm``, and the run's :class:`RunStatus`."""

    step: int
    last: int
    w: float
    b: float
    cost: float
    grad_norm: float
    status: RunStatus


def _check_run(surface, lr, start, num_steps):
    """Validate the constructor's run arguments against the sliders' ranges."""
    low, high = 10.0 ** LR_EXPONENTS[0], 10.0 ** LR_EXPONENTS[1]
    lr = surface.lr_presets["good"] if lr is None else check_positive(lr, "lr")
    if not low <= lr <= high:
        raise ValueError(f"`lr` must be between {low:g} and {high:.4g} (the slider's range), "
                         f"got {lr!r}.")
    num_steps = check_int(num_steps, "num_steps", minimum=1)
    if num_steps > MAX_STEPS:
        raise ValueError(f"`num_steps` must be at most {MAX_STEPS}, got {num_steps}.")
    if start is None:
        return lr, surface.start, num_steps
    start = as_float_array(start, "start", ndim=1)
    window = (surface.w_range, surface.b_range)
    if start.shape != (2,) or not all(a <= v <= c for v, (a, c) in zip(start, window)):
        raise ValueError(f"`start` must be (w₀, b₀) inside the map, w₀ in {surface.w_range} and "
                         f"b₀ in {surface.b_range}, got {start.tolist()}.")
    return lr, (float(start[0]), float(start[1])), num_steps


class DescentExplorer(Explorer):
    """Watch gradient descent walk down a cost surface J(w, b), one step at a time.

    Parameters
    ----------
    surface : {"logistic", "bowl", "ravine", "wells"}, default "logistic"
        See :func:`lessons_lib.surfaces.make_surface`.
    loss : {"cross_entropy", "squared_error"}, default "cross_entropy"
        For the logistic-regression surface.
    lr : float, optional
        Learning rate; default the surface's ``"good"`` preset.
    start : (float, float), optional
        Starting point (w₀, b₀); default the surface's start.
    num_steps : int, default 50

    Examples
    --------
    >>> from lessons_lib.widgets import DescentExplorer   # doctest: +SKIP
    >>> DescentExplorer(surface="ravine", lr=0.079)        # doctest: +SKIP
    """

    def __init__(self, surface="logistic", loss="cross_entropy", lr=None, start=None,
                 num_steps=50):
        check_choice(surface, "surface", SURFACES)
        check_choice(loss, "loss", LOSSES)
        self._surfaces, self._busy = {}, False
        self.surface = self._get_surface(surface, loss)
        lr, start, num_steps = _check_run(self.surface, lr, start, num_steps)
        self._make_controls(surface, loss, lr, start, num_steps)
        with style.course_style():  # presentation mode: text ×1.6, so the figure too
            scale = 1.6 if style.is_presentation() else 1.0
            self._figure = DescentFigure(self.surface, np.multiply(style.FIGSIZE["explorer"], scale))
        self._view = FigureView(self._figure.fig)
        self._view.keep_with_background(*self._figure.kept)
        self._t = 0  # the whole path shows faintly; Play draws it step by step
        self._compute()
        self._sync_scrubber(at_end=False)
        self._draw_run(redraw=True)
        super().__init__(children=self._layout())
        self._observe()

    # --- controls ---------------------------------------------------------------------
    def _make_controls(self, surface, loss, lr, start, num_steps):
        self._play = widgets.Play(min=0, max=num_steps, interval=120, description="play")
        self._step = widgets.IntSlider(min=0, max=num_steps, description="step",
                                       continuous_update=True)
        widgets.jslink((self._play, "value"), (self._step, "value"))
        self._back = widgets.Button(icon="step-backward", tooltip="step back",
                                    layout=widgets.Layout(width="40px"))
        self._forward = widgets.Button(icon="step-forward", tooltip="step forward",
                                       layout=widgets.Layout(width="40px"))
        self._readout = widgets.HTML()
        self._lr = widgets.FloatLogSlider(value=lr, base=10, min=LR_EXPONENTS[0],
                                          max=LR_EXPONENTS[1], step=0.01, readout_format=".3g",
                                          description="learning rate", style=_WIDE)
        self._preset = widgets.ToggleButtons(options=PRESETS, value=self._preset_of(lr),
                                             style={"button_width": "auto"})
        self._surface = widgets.Dropdown(options=SURFACE_OPTIONS, value=surface,
                                         description="surface")
        self._loss = widgets.ToggleButtons(options=LOSS_OPTIONS, value=loss,
                                           disabled=surface != "logistic",
                                           style={"button_width": "auto"})
        self._w0 = widgets.FloatSlider(value=start[0], min=self.surface.w_range[0],
                                       max=self.surface.w_range[1], step=0.05,
                                       description="start w₀")
        self._b0 = widgets.FloatSlider(value=start[1], min=self.surface.b_range[0],
                                       max=self.surface.b_range[1], step=0.05,
                                       description="start b₀")
        self._num_steps = widgets.IntSlider(value=num_steps, min=1, max=MAX_STEPS,
                                            description="number of steps", style=_WIDE)

    def _layout(self):
        row = widgets.HBox
        return [self._view.image,
                row([self._play, self._back, self._forward, self._step, self._readout]),
                row([self._lr, self._preset]),
                row([self._w0, self._b0, self._num_steps]),
                row([self._surface, self._loss])]

    def _observe(self):
        self._play.observe(self._on_play, names="value")
        self._step.observe(self._on_step, names="value")
        self._back.on_click(lambda _: self._nudge(-1))
        self._forward.on_click(lambda _: self._nudge(+1))
        self._preset.observe(self._on_preset, names="value")
        for control in (self._lr, self._w0, self._b0, self._num_steps):
            control.observe(self._on_parameter, names="value")
        for control in (self._surface, self._loss):
            control.observe(self._on_surface, names="value")

    def _preset_of(self, lr):
        matches = [name for name, value in self.surface.lr_presets.items()
                   if math.isclose(value, lr, rel_tol=0.02)]
        return matches[0] if matches else None

    def _set_start_ranges(self):
        for slider, (low, high) in ((self._w0, self.surface.w_range),
                                    (self._b0, self.surface.b_range)):
            value = slider.value
            slider.min, slider.max = -1e9, 1e9  # widen first, so min <= max at every moment
            slider.min, slider.max = low, high
            slider.value = float(np.clip(value, low, high))

    # --- state --------------------------------------------------------------------------
    def _get_surface(self, name, loss):
        key = (name, loss if name == "logistic" else None)
        if key not in self._surfaces:
            self._surfaces[key] = make_surface(name, loss)
        return self._surfaces[key]

    def _compute(self):
        """Run gradient descent once for the current parameters."""
        self.trajectory = self.surface.descend(self._lr.value, self._num_steps.value,
                                               (self._w0.value, self._b0.value))
        self._status = run_status(self.surface, self.trajectory, self._num_steps.value,
                                  self._lr.value)

    @property
    def state(self):
        """The current :class:`DescentState`."""
        t, last = self._t, self.trajectory.params.shape[0] - 1
        w, b = self.trajectory.params[min(t, last)]
        return DescentState(t, last, float(w), float(b), float(self.trajectory.costs[min(t, last)]),
                            float(self.trajectory.grad_norms[min(t, last)]), self._status)

    # --- reactions ----------------------------------------------------------------------
    def _on_play(self, change):
        if self._play._property_lock:  # from the browser: jslink moves the slider there
            self._show(change["new"])
        else:  # from Python: no browser, so keep the slider in step here
            self._step.value = change["new"]

    def _on_step(self, change):
        if not self._step._property_lock and self._play.value != change["new"]:
            self._play.value = change["new"]
        self._show(change["new"])

    def _show(self, step):
        if not self._busy and step != self._t:
            self._t = step
            self._draw_frame()
            self._view.blit()

    def _nudge(self, delta):
        self._step.value = int(np.clip(self._step.value + delta, 0, self._step.max))

    def _on_preset(self, change):
        if change["new"] is not None and not self._busy:
            self._lr.value = self.surface.lr_presets[change["new"]]

    def _on_parameter(self, change):
        if self._busy:
            return
        if change["owner"] is self._lr:
            self._preset.value = self._preset_of(change["new"])
        self._recompute()

    def _on_surface(self, change):
        if self._busy:
            return
        self.surface = self._get_surface(self._surface.value, self._loss.value)
        self._busy = True
        try:
            self._loss.disabled = self.surface.name != "logistic"
            self._set_start_ranges()
            self._w0.value, self._b0.value = self.surface.start
            self._lr.value = self.surface.lr_presets["good"]
            self._preset.value = "good"
        finally:
            self._busy = False
        with style.course_style():
            self._figure.set_surface(self.surface)
        self._recompute(redraw=True)

    def _recompute(self, redraw=False):
        at_end = self._t >= self._step.max
        self._compute()
        self._sync_scrubber(at_end)
        self._draw_run(redraw)

    def _sync_scrubber(self, at_end):
        """Fit Play and the step slider to the new path; stay at the end if we were there."""
        last = self.trajectory.params.shape[0] - 1
        self._t = last if at_end else min(self._t, last)
        self._busy = True
        try:
            for control in (self._play, self._step):
                control.max = last
                control.value = self._t
        finally:
            self._busy = False

    def _draw_run(self, redraw=False):
        """Show a new run: what the run changes, then the frame. The static background is
        redrawn only when asked (new surface); when the cost panel's range changed, only
        that panel is."""
        changed = self._figure.show_run(self.surface, self.trajectory, self._status,
                                        self._lr.value, self._num_steps.value)
        self._draw_frame()
        if redraw:
            self._view.redraw()
        elif changed:
            self._view.redraw_axes(self._figure.ax_cost)  # only the cost panel's range moved
        else:
            self._view.refresh()

    def _draw_frame(self):
        self._figure.show_step(self.trajectory, self._t)
        self._readout.value = self._readout_html(self.state)

    @staticmethod
    def _readout_html(state):
        color = style.PALETTE["vermillion"] if state.status.bad else "inherit"
        return (f"<b>step {state.step}</b> of {state.last} &nbsp; cost J = {state.cost:.4g} "
                f"&nbsp; |∇J| = {state.grad_norm:.3g}<br>"
                f"<span style='color:{color}'>{state.status.words}</span>")
