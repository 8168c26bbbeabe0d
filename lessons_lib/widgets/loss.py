"""LossExplorer: cross-entropy against squared error, as the prediction ŷ slides from 0 to 1.

Introduced in ``02_loss_and_cost``. The left panel shows the losses, the right panel the
size of their derivatives ``|∂L/∂ŷ|`` (log scale): how hard each loss pushes ŷ toward y.
Cross-entropy's push grows without bound when the prediction is confidently wrong;
squared error's never exceeds 1. That is the push on ŷ. The weights act on ŷ = σ(z)
through the sigmoid, and the chain rule multiplies both by σ′(z) = ŷ(1 − ŷ): on z,
cross-entropy's gradient is ŷ − y (at most 1 in size, never vanishing while wrong),
squared error's is (ŷ − y)·ŷ(1 − ŷ), which vanishes when the prediction is confidently
wrong. The readout below the figure shows both. The curves and markers are animated artists over a
static background (axes, ticks, legend), so every update, ŷ or y, is a blit.
"""

from __future__ import annotations

from typing import NamedTuple

import ipywidgets as widgets
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from .. import style
from .._validation import check_choice, check_positive
from ..plots.classification import loss_branch, plot_loss_branches
from ._base import Explorer, FigureView

__all__ = ["LossState", "LossExplorer"]

EPS = 1e-12  # the clip of lessons_lib.losses.binary_cross_entropy (its default)
LOSS_YLIM = (0.0, 5.0)
SLOPE_YLIM = (1e-3, 1e5)  # room above the curves for the readout


class LossState(NamedTuple):
    """The explorer's state: ``y``, ``y_hat``, both losses and their derivatives w.r.t. ŷ."""

    y: int
    y_hat: float
    cross_entropy: float
    squared_error: float
    d_cross_entropy: float
    d_squared_error: float

    @property
    def sigmoid_slope(self):
        """σ′(z) = ŷ(1 − ŷ), the chain-rule factor from ∂L/∂ŷ to ∂L/∂z when ŷ = σ(z)."""
        return self.y_hat * (1.0 - self.y_hat)

    @property
    def d_cross_entropy_dz(self):
        """Cross-entropy's gradient on the logit z: ∂L/∂ŷ·σ′(z) = ŷ − y."""
        return self.y_hat - self.y

    @property
    def d_squared_error_dz(self):
        """Squared error's gradient on the logit z: ∂L/∂ŷ·σ′(z) = (ŷ − y)·ŷ(1 − ŷ)."""
        return (self.y_hat - self.y) * self.sigmoid_slope + 0.0  # + 0.0: never "-0"

    @property
    def clipped(self):
        """Whether the library's clip ``[eps, 1 - eps]`` changed the cross-entropy."""
        return not EPS <= self.y_hat <= 1.0 - EPS


def loss_state(y, y_hat):
    """Both losses and their derivatives w.r.t. ``y_hat`` at one point, via lessons_lib.losses."""
    ce, d_ce = (v[0] for v in loss_branch("cross_entropy", y, [y_hat], EPS))
    se, d_se = (v[0] for v in loss_branch("squared_error", y, [y_hat], EPS))
    return LossState(int(y), float(y_hat), float(ce), float(se), float(d_ce), float(d_se))


def _on_scale(value, ylim, marker):
    """Clamp ``value`` into ``ylim``; off the scale the marker becomes an arrow head ▲/▼."""
    if value > ylim[1]:
        return ylim[1], "^"
    if value < ylim[0]:
        return ylim[0], "v"
    return value, marker


class LossExplorer(Explorer):
    """Slide ŷ and toggle y: cross-entropy and squared error, their values and their pull.

    Parameters
    ----------
    y : {0, 1}, default 1
    y_hat : float in [0, 1], default 0.1
        At exactly 0 or 1 the cross-entropy is capped by the library's clip (eps = 1e-12):
        the readout says so.

    Examples
    --------
    >>> explorer = LossExplorer(y=1, y_hat=0.05)   # doctest: +SKIP
    >>> explorer                                   # doctest: +SKIP
    """

    def __init__(self, y=1, y_hat=0.1):
        check_choice(y, "y", (0, 1))
        if not 0.0 <= check_positive(y_hat, "y_hat", allow_zero=True) <= 1.0:
            raise ValueError(f"`y_hat` must be a probability in [0, 1], got {y_hat!r}.")
        self._y = widgets.ToggleButtons(options=[("y = 0", 0), ("y = 1", 1)], value=int(y),
                                        description="label", style={"button_width": "70px"})
        self._y_hat = widgets.FloatSlider(value=float(y_hat), min=0.0, max=1.0, step=0.001,
                                          readout_format=".3f", description="ŷ",
                                          continuous_update=True,
                                          layout=widgets.Layout(width="420px"))
        self._readout = widgets.HTML()
        self._build_figure()
        super().__init__(children=[widgets.HBox([self._y, self._y_hat]), self._view.image,
                                   self._readout])
        self._y.observe(self._on_y, names="value")
        self._y_hat.observe(self._on_y_hat, names="value")
        self._on_y()

    @property
    def state(self):
        """The current :class:`LossState`."""
        return loss_state(self._y.value, self._y_hat.value)

    # --- figure -------------------------------------------------------------------

    def _build_figure(self):
        with style.course_style():
            fig = Figure(figsize=style.FIGSIZE["explorer"], layout="constrained")
            self._ax_loss, self._ax_slope = fig.subplots(1, 2)
            self._lines = {"loss": plot_loss_branches(self._ax_loss, eps=EPS),
                           "slope": plot_loss_branches(self._ax_slope, slope=True, eps=EPS)}
            self._ax_loss.set(ylim=LOSS_YLIM, xlim=(0, 1), title="Loss")
            self._ax_slope.set(yscale="log", ylim=SLOPE_YLIM, xlim=(0, 1),
                               title="Push toward y (log scale)")
            self._ax_slope.yaxis.set_major_locator(LogLocator(base=10.0, numticks=5))
            self._markers = {key: self._make_markers(ax) for key, ax in
                             (("loss", self._ax_loss), ("slope", self._ax_slope))}
            self._width = self._lines["loss"]["cross_entropy", 0].get_linewidth()
            for lines in self._lines.values():  # restyled when y changes: blitted too
                for line in lines.values():
                    line.set_animated(True)
            handles = [self._lines["loss"][k] for k in sorted(self._lines["loss"])]
            fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
        self._view = FigureView(fig)

    def _make_markers(self, ax):
        cursor = ax.axvline(0.0, color=style.PALETTE["grey"], linewidth=1, animated=True)
        kw = {"markeredgecolor": "black", "animated": True, "clip_on": False, "zorder": 5}
        ce, = ax.plot([], [], "o", markersize=10, **kw)
        se, = ax.plot([], [], "s", markersize=9, **kw)
        text = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top",
                       fontsize="small", animated=True, bbox={"facecolor": "white", "alpha": 0.85,
                                            "edgecolor": "none", "pad": 2})
        return {"cursor": cursor, "cross_entropy": ce, "squared_error": se, "text": text}

    def _emphasise(self, y):
        """The branches of the current label in full, the other label's faded."""
        for lines in self._lines.values():
            for (_, label), line in lines.items():
                on = label == y
                line.set_alpha(1.0 if on else 0.3)
                line.set_linewidth(self._width if on else 0.5 * self._width)
                line.set_zorder(3 if on else 2)

    # --- updates ------------------------------------------------------------------

    def _on_y(self, change=None):
        self._emphasise(self._y.value)
        self._update_markers()
        self._view.blit()

    def _on_y_hat(self, change=None):
        self._update_markers()
        self._view.blit()

    def _update_markers(self):
        s = self.state
        color = style.CLASS_COLORS[s.y]
        points = {"loss": (s.cross_entropy, s.squared_error),
                  "slope": (abs(s.d_cross_entropy), abs(s.d_squared_error))}
        for key, (ce, se) in points.items():
            markers = self._markers[key]
            ylim = SLOPE_YLIM if key == "slope" else LOSS_YLIM
            markers["cursor"].set_xdata([s.y_hat, s.y_hat])
            for name, value, marker in (("cross_entropy", ce, "o"), ("squared_error", se, "s")):
                shown, marker = _on_scale(value, ylim, marker)
                markers[name].set(data=([s.y_hat], [shown]), marker=marker, color=color,
                                  markeredgecolor="black")
        capped = " (capped)" if s.clipped else ""
        self._markers["loss"]["text"].set_text(
            f"cross-entropy {s.cross_entropy:.4g}{capped}\nsquared error {s.squared_error:.4g}")
        self._markers["slope"]["text"].set_text(_push_text(s))
        self._readout.value = _readout_html(s)


def _push_text(s):
    ce, se = abs(s.d_cross_entropy), abs(s.d_squared_error)
    text = f"|∂CE/∂ŷ| {ce:.4g}   |∂SE/∂ŷ| {se:.4g}"
    if se > 0:
        text += f"\ncross-entropy pushes {ce / se:.3g}× harder"
    return text


def _readout_html(s):
    formula = "−log ŷ" if s.y == 1 else "−log(1 − ŷ)"
    wrong = abs(s.y_hat - s.y) > 0.5
    cap = (f"<br><b>capped</b>: the library clips ŷ = {s.y_hat:g} to [1e-12, 1 − 1e-12], so it "
           f"never takes log 0; the exact loss here is {'+∞' if wrong else '0'}"
           f"{_infinite_push(s) if wrong else ''}."
           if s.clipped else "")
    return (f"<div style='font-size:1.05em;line-height:1.5'>y = {s.y}, ŷ = {s.y_hat:.3f}<br>"
            f"cross-entropy {formula} = <b>{s.cross_entropy:.4g}</b>, "
            f"∂L/∂ŷ = <b>{s.d_cross_entropy:.4g}</b>{cap}<br>"
            f"squared error ½(ŷ − y)² = <b>{s.squared_error:.4g}</b>, "
            f"∂L/∂ŷ = ŷ − y = <b>{s.d_squared_error:.4g}</b><br>"
            f"{_through_sigmoid_html(s)}</div>")


def _infinite_push(s):
    return (f" and the exact push on ŷ is infinite; through the sigmoid (σ′ → 0) its limit "
            f"on z is ŷ − y = {s.d_cross_entropy_dz:g}")


def _through_sigmoid_html(s):
    """The gradients on the logit z (ŷ = σ(z)): each ∂L/∂ŷ times σ′(z) = ŷ(1 − ŷ)."""
    note = (" Confidently wrong: squared error's gradient has all but vanished; "
            "cross-entropy's has not." if abs(s.y_hat - s.y) > 0.9 else "")
    return (f"through the sigmoid ŷ = σ(z), each ∂L/∂ŷ is multiplied by "
            f"σ′(z) = ŷ(1 − ŷ) = {s.sigmoid_slope:.4g}:<br>"
            f"cross-entropy ∂L/∂z = ŷ − y = <b>{s.d_cross_entropy_dz:.4g}</b>, squared error "
            f"∂L/∂z = (ŷ − y)·ŷ(1 − ŷ) = <b>{s.d_squared_error_dz:.4g}</b>.{note}")
