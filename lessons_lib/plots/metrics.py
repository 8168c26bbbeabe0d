"""A confusion matrix as a picture: one cell per (true, predicted) pair, its count written in it.

Library style (see :mod:`lessons_lib.plots`): :func:`plot_confusion_matrix` takes ``ax=None``
(an axes is made only when none is given) and returns the artists it added. Drawing a matrix
needs three things of the axes it draws in: one tick per class, the image's square cells,
and no grid lines through the cells (the course style turns the grid on); it sets those, and
fills in axis labels only where they are still empty.

The diagonal (correct predictions) is shaded blue and the mistakes vermillion, each on its own
scale from a pale tint to the full colour, so a single mistake among thirty-odd correct
examples still shows; zero cells stay white and empty. Introduced in ``09_capstone``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import describe
from ..metrics import _check_counts
from ..style import PALETTE
from ._common import axes_or_new as _axes, label_if_empty as _label_if_empty

__all__ = ["ConfusionArtists", "plot_confusion_matrix"]


class ConfusionArtists(NamedTuple):
    """What :func:`plot_confusion_matrix` adds: ``correct`` (AxesImage of the diagonal),
    ``errors`` (AxesImage of the off-diagonal cells) and ``texts`` (one Text per non-zero
    cell, row by row)."""

    correct: object
    errors: object
    texts: list


def _tint_to(color):
    """A colormap from a pale tint of ``color`` (a count of 1 still shows) to ``color``."""
    from matplotlib.colors import LinearSegmentedColormap, to_rgb

    pale = 0.7 + 0.3 * np.array(to_rgb(color))  # 30 % of the colour on white
    return LinearSegmentedColormap.from_list(f"tint_to_{color}", [tuple(pale), color])


def _check_names(class_names, n):
    if class_names is None:
        return [str(i) for i in range(n)]
    if isinstance(class_names, str) or not hasattr(class_names, "__len__") \
            or len(class_names) != n:
        raise ValueError(f"`class_names` must be a sequence of {n} names, one per class (row "
                         f"of `C`), got {describe(class_names)}.")
    return [str(name) for name in class_names]


def _layer(ax, C, mask, color):
    """One image of the non-zero cells where ``mask`` holds, pale (a count near 0) to
    ``color`` (the largest count); every other cell is left transparent."""
    shown = mask & (C > 0)
    top = max(int(C[shown].max(initial=0)), 1)
    return ax.imshow(np.ma.masked_where(~shown, C), cmap=_tint_to(color), vmin=0, vmax=top,
                     interpolation="nearest"), top


def _write_counts(ax, C, tops, fontsize):
    texts, diagonal = [], np.eye(C.shape[0], dtype=bool)
    for (i, j), count in np.ndenumerate(C):
        if count == 0:
            continue
        shade = count / tops[diagonal[i, j]]
        texts.append(ax.text(j, i, str(count), ha="center", va="center", fontsize=fontsize,
                             color="white" if shade > 0.55 else "black"))
    return texts


def plot_confusion_matrix(C, ax=None, class_names=None, fontsize=None):
    """Draw a confusion matrix with its counts: rows are true classes, columns predictions.

    Parameters
    ----------
    C : array_like of shape (n_classes, n_classes)
        Counts, e.g. ``metrics.confusion_matrix(y_true, y_pred, n_classes)``.
    ax : Axes, optional
        Where to draw; a new (pyplot-free) figure's axes when None.
    class_names : sequence of str, optional
        Tick labels, one per class; default ``"0"``, ``"1"``, ...
    fontsize : float, optional
        Size of the counts; default 90 % of the current font size.

    Returns
    -------
    ConfusionArtists

    Examples
    --------
    >>> art = plot_confusion_matrix([[5, 1], [0, 4]], class_names=["cat", "dog"])
    >>> [t.get_text() for t in art.texts]
    ['5', '1', '4']
    """
    import matplotlib

    C = _check_counts(C)
    names = _check_names(class_names, C.shape[0])
    ax = _axes(ax, figsize=(5.0, 4.5))
    diagonal = np.eye(C.shape[0], dtype=bool)
    correct, top_correct = _layer(ax, C, diagonal, PALETTE["blue"])
    errors, top_errors = _layer(ax, C, ~diagonal, PALETTE["vermillion"])
    size = 0.9 * matplotlib.rcParams["font.size"] if fontsize is None else fontsize
    texts = _write_counts(ax, C, {True: top_correct, False: top_errors}, size)
    ticks = np.arange(C.shape[0])
    ax.set_xticks(ticks, names)
    ax.set_yticks(ticks, names)
    ax.grid(False)
    _label_if_empty(ax, "predicted class", "true class")
    return ConfusionArtists(correct, errors, texts)
