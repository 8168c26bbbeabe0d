"""Pictures of the folding task of :mod:`lessons_lib.depth` (wide against deep).

Library style (see :mod:`lessons_lib.plots`): each function takes ``ax=None``, adds artists
without restyling a given axes (it fills in empty axis labels only) and returns them.
The stretches of ``[-1, 1]`` where the label is 1 are shaded in class 1's colour.
Introduced in ``08_deep_networks``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import as_2d, as_labels, check_int
from ..depth import _check_k, _sawtooth, sawtooth_grid
from ..style import CLASS_COLORS, PALETTE
from ._common import axes_or_new as _axes, label_if_empty as _label_if_empty, scaled_lw, scaled_ms

__all__ = ["SawtoothArtists", "plot_sawtooth_task", "plot_predictions_1d"]

_LINE_COLORS = (PALETTE["vermillion"], PALETTE["green"], PALETTE["purple"], PALETTE["black"],
                PALETTE["sky"])


class SawtoothArtists(NamedTuple):
    """What :func:`plot_sawtooth_task` added: the curve ``g^k(x)``, the line at 0, the shaded
    class-1 stretches and the training points (None when no data were given)."""

    curve: object
    zero_line: object
    regions: object
    points: object


def _shade_class_1(ax, k, num):
    """Shade (full height) where ``g^k(x) > 0``; returns the PolyCollection."""
    X, y = sawtooth_grid(num, k)
    return ax.fill_between(X[:, 0], 0, 1, where=y == 1, step="mid", color=CLASS_COLORS[1],
                           alpha=0.15, linewidth=0, transform=ax.get_xaxis_transform(),
                           label="class 1 (y = 1)")


def plot_sawtooth_task(k=4, ax=None, *, X=None, y=None, num=2048):
    """Draw the folded value ``g^k(x)`` on ``[-1, 1]``, shade where it is > 0 (class 1), and
    optionally the training points on the curve in their class colours.

    Parameters
    ----------
    k : int
        Number of folds.
    ax : matplotlib Axes, optional
    X : array_like of shape (m, 1), optional; y : array_like of shape (m,), labels 0 or 1
    num : int
        Points of the curve.

    Returns
    -------
    SawtoothArtists
    """
    k, num = _check_k(k), check_int(num, "num", minimum=2)
    ax = _axes(ax)
    regions = _shade_class_1(ax, k, num)
    x = np.linspace(-1.0, 1.0, num + 1)
    (curve,) = ax.plot(x, _sawtooth(x, k), color=PALETTE["black"], lw=scaled_lw(1.6),
                       label=f"$g^{{{k}}}(x)$, the line folded {k} times")
    zero_line = ax.axhline(0.0, color="0.45", lw=scaled_lw(1.0), ls="--")
    points = None
    if X is not None:
        X = as_2d(X, "X")
        y = as_labels(y, "y", n_samples=X.shape[0])
        colors = np.array(CLASS_COLORS)[y.astype(int)]
        points = ax.scatter(X[:, 0], _sawtooth(np.clip(X[:, 0], -1, 1), k), c=colors,
                            s=scaled_ms(4.5) ** 2, zorder=3, edgecolors="white", linewidths=0.5)
    _label_if_empty(ax, "x", f"$g^{{{k}}}(x)$")
    return SawtoothArtists(curve, zero_line, regions, points)


def plot_predictions_1d(models, k=4, ax=None, *, labels=None, num=2048):
    """Draw each model's ``P(y = 1 | x)`` on ``[-1, 1]`` over the shaded class-1 stretches.

    Parameters
    ----------
    models : sequence of models with ``predict_proba(X)`` for ``X`` of shape (num, 1)
    k : int
        Folds of the task (for the shading).
    ax : matplotlib Axes, optional
    labels : sequence of str, optional
        One legend entry per model.
    num : int
        Points per curve.

    Returns
    -------
    list of Line2D
        One per model, then the dotted line at probability 0.5.
    """
    k, num = _check_k(k), check_int(num, "num", minimum=2)
    models = list(models)
    labels = [None] * len(models) if labels is None else list(labels)
    if len(labels) != len(models):
        raise ValueError(f"`labels` must have one entry per model ({len(models)}), "
                         f"got {len(labels)}.")
    ax = _axes(ax)
    _shade_class_1(ax, k, num)
    x = np.linspace(-1.0, 1.0, num + 1)
    lines = [ax.plot(x, model.predict_proba(x[:, None]), label=label, lw=scaled_lw(1.8),
                     color=_LINE_COLORS[i % len(_LINE_COLORS)])[0]
             for i, (model, label) in enumerate(zip(models, labels))]
    lines.append(ax.axhline(0.5, color="0.45", lw=scaled_lw(1.0), ls=":"))
    _label_if_empty(ax, "x", "P(y = 1 | x)")
    return lines
