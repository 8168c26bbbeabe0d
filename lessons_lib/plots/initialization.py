"""Pictures of initialisation: hidden units' weights over training, and a signal's spread by layer.

Library style (see :mod:`lessons_lib.plots`): every function takes ``ax=None`` (an axes is
made only when none is given), adds artists without restyling the axes it was handed (it only
fills in axis labels that are still empty, and sets a log scale where asked), and returns the
artists so that an explorer can update them.

Rows are examples, so hidden unit ``j``'s incoming weights are **column** ``j`` of ``W[0]``
(shape ``(n_in, n_hidden)``). Introduced in ``07_initialization``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import as_float_array, check_positive
from ..style import CMAP_DIVERGING
from ._common import axes_or_new as _axes, label_if_empty as _label_if_empty, scaled_lw

__all__ = ["weight_history_rows", "WeightHistoryArtists", "plot_weight_history",
           "plot_layer_profile"]

def weight_history_rows(W_history):
    """Rearrange weights over time into heat-map rows, grouped by hidden unit.

    Parameters
    ----------
    W_history : array_like of shape (k, n_in, n_hidden)
        ``W[0]`` at ``k`` moments of training (e.g. ``[s.params[0] for s in history.snapshots]``).

    Returns
    -------
    ndarray of shape (n_hidden * n_in, k)
        Row ``j * n_in + i`` is the weight from input ``i`` to hidden unit ``j`` (``W[0][i, j]``)
        over time: unit ``j``'s weights (column ``j``) are the ``n_in`` consecutive rows of band ``j``.

    Examples
    --------
    >>> weight_history_rows(np.arange(12.0).reshape(2, 2, 3))[:, 0]
    array([0., 3., 1., 4., 2., 5.])
    """
    W_history = as_float_array(W_history, "W_history", ndim=3)  # finite, non-empty
    k, n_in, n_hidden = W_history.shape
    return W_history.transpose(2, 1, 0).reshape(n_hidden * n_in, k)


class WeightHistoryArtists(NamedTuple):
    """What :func:`plot_weight_history` drew: the heat map and the lines between units' bands."""

    image: object
    separators: list


def plot_weight_history(W_history, ax=None, *, steps=None, vmax=None, cmap=CMAP_DIVERGING):
    """Heat map of every first-layer weight over training, one band of rows per hidden unit.

    Two hidden units that are copies of each other show the same band pattern; a weight that
    never moves is a row of one colour. The colour scale is symmetric around 0.

    Parameters
    ----------
    W_history : array_like of shape (k, n_in, n_hidden)
        ``W[0]`` at ``k`` moments of training.
    ax : matplotlib Axes, optional
    steps : array_like of shape (k,), optional
        The step of each moment (default ``0 .. k - 1``); sets the horizontal axis.
    vmax : float, optional
        Colour limit, the map spans ``[-vmax, vmax]`` (default: the largest ``|w|``, at least 1e-12).
    cmap : str or Colormap, default the course's diverging map

    Returns
    -------
    WeightHistoryArtists
        ``image`` (an AxesImage, for a colour bar) and ``separators`` (``n_hidden - 1`` lines).
    """
    rows = weight_history_rows(W_history)
    n_in = np.shape(W_history)[1]
    n_hidden = rows.shape[0] // n_in
    steps = np.arange(rows.shape[1]) if steps is None else as_float_array(steps, "steps", ndim=1)
    if steps.shape != (rows.shape[1],):
        raise ValueError(f"`steps` must have one entry per moment ({rows.shape[1]}), "
                         f"got shape {steps.shape}.")
    vmax = max(float(np.max(np.abs(rows))), 1e-12) if vmax is None else check_positive(vmax, "vmax")
    ax = _axes(ax)
    half = (steps[-1] - steps[0]) / max(2 * (len(steps) - 1), 1) or 0.5
    image = ax.imshow(rows, cmap=cmap, vmin=-vmax, vmax=vmax, aspect="auto",
                      interpolation="nearest", origin="upper",
                      extent=(steps[0] - half, steps[-1] + half, rows.shape[0] - 0.5, -0.5))
    separators = [ax.axhline(j * n_in - 0.5, color="black", linewidth=scaled_lw(1.0))
                  for j in range(1, n_hidden)]
    ax.set_yticks([j * n_in + (n_in - 1) / 2 for j in range(n_hidden)],
                  [f"unit {j + 1}" for j in range(n_hidden)])
    ax.grid(False)
    _label_if_empty(ax, "step", "")
    return WeightHistoryArtists(image=image, separators=separators)


def plot_layer_profile(values, ax=None, *, log=True, **line_kw):
    """One number per layer (e.g. the spread of its activations) against the layer's index.

    Parameters
    ----------
    values : array_like of shape (L + 1,)
        ``values[l]`` belongs to layer ``l``; index 0 is the input.
    ax : matplotlib Axes, optional
    log : bool, default True
        Use a logarithmic vertical axis (values must then be > 0).
    **line_kw
        Passed to ``ax.plot`` (``label``, ``color``, ``marker``, ...).

    Returns
    -------
    matplotlib.lines.Line2D
    """
    values = as_float_array(values, "values", ndim=1)
    if log and np.any(values <= 0):
        raise ValueError("`values` must be > 0 on a log scale, got a value ≤ 0. "
                         "Pass log=False, or plot a positive quantity such as a standard deviation.")
    ax = _axes(ax)
    line_kw.setdefault("marker", "o")
    line_kw.setdefault("markersize", 4)
    (line,) = ax.plot(np.arange(len(values)), values, **line_kw)
    if log:
        ax.set_yscale("log")
    _label_if_empty(ax, "layer l (0 = the input)", "")
    return line
