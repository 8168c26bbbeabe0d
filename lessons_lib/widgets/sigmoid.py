"""SigmoidExplorer: slide w and b of ŷ = σ(w x + b) over a small one-feature data set.

Introduced in ``01_logistic_regression``. The picture shows the data (class 0 at height 0,
class 1 at height 1), the curve, the 0.5 threshold, the decision point x = −b/w where the
curve crosses it, the side predicted as class 1 (shaded), and rings around the examples
the threshold gets wrong. Moving a slider only moves those (blitted frames).

With many examples (more than ``CROWDED`` = 150) the points are spread a little up and down
for display only (a fixed-seed jitter of at most ±``JITTER``; accuracy and rings use the
data as given) and the rings are thinner and semi-transparent, so that overlapping points
stay visible instead of merging into a black band; a note under the legend says so.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import style
from .._validation import as_labels
from ..activations import _sigmoid
from ..models import _check_X
from ..plots.descent import _lw, _ms, decision_point, plot_sigmoid_fit, update_sigmoid_fit
from ..surfaces import DATA_SEED, one_feature_data
from ._base import Explorer, FigureView

__all__ = ["SigmoidState", "sigmoid_state", "SigmoidExplorer"]

W_RANGE = B_RANGE = (-6.0, 6.0)
FIGSIZE = (8.0, 4.0)
AXES_BOX = (0.09, 0.14, 0.6, 0.72)
CROWDED = 150      # more examples than this: jittered points, light rings
JITTER = 0.04      # largest vertical display offset (the y axis is a probability, 0 to 1)
JITTER_SEED = 0
DEFAULT_CLASS_NAMES = ("class 0", "class 1")


class SigmoidState(NamedTuple):
    """``w``, ``b``, the decision point ``x0 = −b/w`` (None when w = 0), the predictions
    ``y_pred`` (shape (m,)) at the 0.5 threshold and their ``accuracy``."""

    w: float
    b: float
    x0: float | None
    y_pred: np.ndarray
    accuracy: float


def sigmoid_state(X, y, w, b):
    """Predictions and accuracy of ŷ = σ(w x + b) ≥ 0.5 on ``X`` of shape (m, 1), ``y`` (m,)."""
    y_pred = (_sigmoid(w * X[:, 0] + b) >= 0.5).astype(np.float64)
    return SigmoidState(float(w), float(b), decision_point(w, b), y_pred,
                        float(np.mean(y_pred == y)))


def _state_words(s, m, class_names=DEFAULT_CLASS_NAMES):
    correct = int(round(s.accuracy * m))
    if s.x0 is None:
        side = class_names[1] if s.y_pred[0] == 1 else class_names[0]
        where = f"w = 0: the curve is flat at σ(b) = {_sigmoid(np.float64(s.b)):.3f}, so every x is {side}"
    else:
        where = f"decision point x = −b/w = {s.x0:.3g}"
    return f"{where};  accuracy {s.accuracy:.0%} ({correct} of {m})"


class SigmoidExplorer(Explorer):
    """Slide ``w`` and ``b`` and watch σ(w x + b), its decision point and its accuracy.

    Parameters
    ----------
    X : array_like of shape (m, 1), optional
        One feature; default ``surfaces.one_feature_data(rng=DATA_SEED)`` (60 examples).
    y : array_like of shape (m,), optional
        Labels 0 and 1.
    w, b : float, default 1.0 and 0.0
    x_label : str, default "feature x"
        The x axis label, e.g. ``"radius (standardised)"``.
    class_names : (str, str), default ("class 0", "class 1")
        Names of the classes y = 0 and y = 1, used in the legend and the readout,
        e.g. ``("benign", "malignant")``.

    Examples
    --------
    >>> from lessons_lib.widgets import SigmoidExplorer   # doctest: +SKIP
    >>> SigmoidExplorer(w=2.0, b=-1.0)                      # doctest: +SKIP
    """

    def __init__(self, X=None, y=None, w=1.0, b=0.0, *, x_label="feature x",
                 class_names=DEFAULT_CLASS_NAMES):
        self.X, self.y = self._data(X, y)
        self._x_label = _label(x_label)
        self.class_names = _class_names(class_names)
        slider = {"step": 0.05, "continuous_update": True, "layout": widgets.Layout(width="360px")}
        self._w = widgets.FloatSlider(value=_number(w, "w"), min=W_RANGE[0], max=W_RANGE[1],
                                      description="weight w", style={"description_width": "initial"},
                                      **slider)
        self._b = widgets.FloatSlider(value=_number(b, "b"), min=B_RANGE[0], max=B_RANGE[1],
                                      description="bias b", style={"description_width": "initial"},
                                      **slider)
        self._readout = widgets.HTML()
        self._build_figure()
        super().__init__(children=[widgets.HBox([self._w, self._b]), self._view.image,
                                   self._readout])
        self._update()
        self._view.redraw()
        self._w.observe(self._on_change, names="value")
        self._b.observe(self._on_change, names="value")

    @staticmethod
    def _data(X, y):
        if X is None and y is None:
            return one_feature_data(rng=DATA_SEED)
        X = _check_X(X, 1)
        return X, as_labels(y, "y", n_samples=X.shape[0])

    @property
    def state(self):
        """The current :class:`SigmoidState`."""
        return sigmoid_state(self.X, self.y, self._w.value, self._b.value)

    def _build_figure(self):
        with style.course_style():
            fig = Figure(figsize=np.multiply(FIGSIZE, _scale()))
            ax = self._ax = fig.add_axes(AXES_BOX)
            self._fit = plot_sigmoid_fit(self.X, self.y, self._w.value, self._b.value, ax)
            self._label_and_spread(ax)
            self._shade = Rectangle((0, 0), 0, 1, transform=ax.get_xaxis_transform(),
                                    color=style.CLASS_COLORS[1], alpha=0.15, linewidth=0,
                                    label=f"predicted {self.class_names[1]}")
            ax.add_patch(self._shade)
            crowded = self.y.size > CROWDED
            self._wrong = ax.scatter([], [], s=_ms(8 if crowded else 12) ** 2, facecolors="none",
                                     edgecolors=style.PALETTE["black"],
                                     linewidths=_lw(0.8 if crowded else 1.4),
                                     alpha=0.55 if crowded else 1.0, label="misclassified",
                                     zorder=4)
            self._title = ax.set_title("", loc="left")
            for artist in (self._fit.curve, self._fit.boundary, self._shade, self._wrong,
                           self._title):
                artist.set_animated(True)
            legend = ax.legend(loc="upper left", bbox_to_anchor=(1.03, 1.0), frameon=False,
                               borderaxespad=0.0)
            if crowded:
                self._note_jitter(ax, legend)
        self._view = FigureView(fig)

    def _label_and_spread(self, ax):
        """Name the axis and the classes; spread crowded points vertically (display only)."""
        ax.set_xlabel(self._x_label)
        self._y_shown = self.y + _display_jitter(self.y.size)
        for k, points in enumerate(self._fit.points):
            points.set_label(self.class_names[k])
            if self.y.size > CROWDED:
                points.set_sizes([_ms(4.5) ** 2])
            points.set_offsets(np.column_stack([self.X[self.y == k, 0], self._y_shown[self.y == k]]))

    @staticmethod
    def _note_jitter(ax, legend):
        ax.annotate(f"points spread up/down by\nat most ±{JITTER:g} for display only",
                    xy=(0.0, 0.0), xycoords=legend, xytext=(0, -6), textcoords="offset points",
                    va="top", ha="left", fontsize="small", color=style.PALETTE["black"],
                    alpha=0.7)

    def _update(self):
        s = self.state
        update_sigmoid_fit(self._fit, s.w, s.b)
        low, high = self._ax.get_xlim()
        if s.x0 is None:
            left, right = (low, high) if s.y_pred[0] == 1 else (low, low)
        else:
            left, right = (max(s.x0, low), high) if s.w > 0 else (low, min(s.x0, high))
        self._shade.set_x(left)
        self._shade.set_width(max(right - left, 0.0))
        wrong = s.y_pred != self.y
        self._wrong.set_offsets(np.column_stack([self.X[wrong, 0], self._y_shown[wrong]]))
        w_text = f"{s.w:.2f}".replace("-", "−")
        flat = ", flat: no decision point" if s.x0 is None else ""
        self._title.set_text(f"ŷ = σ({w_text} x {'+' if s.b >= 0 else '−'} {abs(s.b):.2f}){flat}"
                             f";  accuracy {s.accuracy:.0%}")
        self._readout.value = f"<b>{_state_words(s, self.y.size, self.class_names)}</b>"

    def _on_change(self, change):
        self._update()
        self._view.blit()


def _scale():
    """Figure scale: in presentation mode text grows by 1.6, so the figure does too (the
    layout, in figure fractions, stays as designed; the image has more pixels)."""
    return 1.6 if style.is_presentation() else 1.0


def _number(value, name, bounds=W_RANGE):
    """``value`` as a float after checking it is a real number within the slider's ``bounds``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise TypeError(f"`{name}` must be a finite number, got {value!r}. Example: {name}=1.5.")
    if not bounds[0] <= value <= bounds[1]:
        raise ValueError(f"`{name}` must be between {bounds[0]:g} and {bounds[1]:g} (the slider's "
                         f"range), got {value!r}.")
    return float(value)


def _display_jitter(m):
    """Vertical display offsets for ``m`` points: zeros up to ``CROWDED`` points, else a
    fixed-seed uniform draw in [−JITTER, JITTER] (the same picture every run)."""
    if m <= CROWDED:
        return np.zeros(m)
    return np.random.default_rng(JITTER_SEED).uniform(-JITTER, JITTER, size=m)


def _label(value, name="x_label"):
    """``value`` as a non-empty string label."""
    if not isinstance(value, str):
        raise TypeError(f"`{name}` must be a string (the axis label), got {value!r} of type "
                        f"{type(value).__name__}. Example: {name}=\"radius (standardised)\".")
    if not value.strip():
        raise ValueError(f"`{name}` must not be empty (every axis is labelled), got {value!r}. "
                         f"Example: {name}=\"radius (standardised)\".")
    return value


def _class_names(value, name="class_names"):
    """``value`` as a pair of distinct, non-empty strings (names of y = 0 and y = 1)."""
    example = f'Example: {name}=("benign", "malignant") for y = 0 and y = 1.'
    if isinstance(value, str) or not isinstance(value, (tuple, list)):
        raise TypeError(f"`{name}` must be a pair of strings (a tuple or list), got {value!r} "
                        f"of type {type(value).__name__}. {example}")
    if len(value) != 2:
        raise ValueError(f"`{name}` must name exactly 2 classes (y = 0 and y = 1), got "
                         f"{len(value)}: {value!r}. {example}")
    for k, item in enumerate(value):
        if not isinstance(item, str):
            raise TypeError(f"`{name}[{k}]` must be a string, got {item!r} of type "
                            f"{type(item).__name__}. {example}")
        if not item.strip():
            raise ValueError(f"`{name}[{k}]` must not be empty, got {item!r}. {example}")
    if value[0] == value[1]:
        raise ValueError(f"`{name}` must name the two classes differently, got {value!r}: "
                         f"both are the same. {example}")
    return tuple(value)
