"""SigmoidExplorer: slide w and b of ŷ = σ(w x + b) over a small one-feature data set.

Introduced in ``01_logistic_regression``. The picture shows the data (class 0 at height 0,
class 1 at height 1), the curve, the 0.5 threshold, the decision point x = −b/w where the
curve crosses it, the side predicted as class 1 (shaded), and rings around the examples
the threshold gets wrong. Moving a slider only moves those (blitted frames).
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


def _state_words(s, m):
    correct = int(round(s.accuracy * m))
    if s.x0 is None:
        side = "1" if s.y_pred[0] == 1 else "0"
        where = f"w = 0: the curve is flat at σ(b) = {_sigmoid(np.float64(s.b)):.3f}, so every x is class {side}"
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

    Examples
    --------
    >>> from lessons_lib.widgets import SigmoidExplorer   # doctest: +SKIP
    >>> SigmoidExplorer(w=2.0, b=-1.0)                      # doctest: +SKIP
    """

    def __init__(self, X=None, y=None, w=1.0, b=0.0):
        self.X, self.y = self._data(X, y)
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
            self._shade = Rectangle((0, 0), 0, 1, transform=ax.get_xaxis_transform(),
                                    color=style.CLASS_COLORS[1], alpha=0.15, linewidth=0,
                                    label="predicted class 1")
            ax.add_patch(self._shade)
            self._wrong = ax.scatter([], [], s=_ms(12) ** 2, facecolors="none",
                                     edgecolors=style.PALETTE["black"], linewidths=_lw(1.4),
                                     label="misclassified", zorder=4)
            self._title = ax.set_title("", loc="left")
            for artist in (self._fit.curve, self._fit.boundary, self._shade, self._wrong,
                           self._title):
                artist.set_animated(True)
            ax.legend(loc="upper left", bbox_to_anchor=(1.03, 1.0), frameon=False,
                      borderaxespad=0.0)
        self._view = FigureView(fig)

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
        self._wrong.set_offsets(np.column_stack([self.X[wrong, 0], self.y[wrong]]))
        w_text = f"{s.w:.2f}".replace("-", "−")
        flat = ", flat: no decision point" if s.x0 is None else ""
        self._title.set_text(f"ŷ = σ({w_text} x {'+' if s.b >= 0 else '−'} {abs(s.b):.2f}){flat}"
                             f";  accuracy {s.accuracy:.0%}")
        self._readout.value = f"<b>{_state_words(s, self.y.size)}</b>"

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
