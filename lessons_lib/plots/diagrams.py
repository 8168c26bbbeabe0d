"""Diagrams drawn with matplotlib: logistic regression as a network of one neuron.

Library style (see :mod:`lessons_lib.plots`): :func:`draw_neuron` takes ``ax=None`` (it
makes an axes, with its frame turned off, only when none is given), adds artists in the
axes' own coordinates (0 to 1 both ways), so it changes neither the data limits nor the
aspect of an axes it was handed, and returns the artists it added. Nodes are text boxes
with a round outline, so they stay round whatever the axes' shape; arrows end at the
outline of the node they point to. Introduced in ``01_logistic_regression``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import as_float_array, check_int
from ..style import PALETTE

__all__ = ["NeuronArtists", "subscript", "draw_neuron"]

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_MAX_DRAWN = 5  # more inputs than this: x₁, x₂, x₃, ⋮, xₙ
_X_IN, _X_SUM, _X_SIGMA, _X_OUT = 0.07, 0.45, 0.68, 0.91
_Y_MID = 0.5


class NeuronArtists(NamedTuple):
    """The artists of :func:`draw_neuron`.

    ``inputs``, ``edges`` and ``weight_labels`` hold one Text / Annotation / Text per
    input drawn (``n_inputs`` of them, or 4 when inputs are elided); ``ellipsis`` is the
    "⋮" Text or None; ``bias`` and ``bias_edge`` the bias label and its arrow into Σ;
    ``sum_node``, ``sigma_node``, ``output`` the three nodes after the inputs (Text);
    ``links`` the arrows Σ → σ → ŷ (Annotation); ``formulas`` the Text under Σ, σ and ŷ, then the "z" on the arrow Σ → σ;
    ``neuron_box`` the rounded frame around Σ and σ (FancyBboxPatch) with its ``neuron_label``.
    """

    inputs: list
    edges: list
    weight_labels: list
    ellipsis: object
    bias: object
    bias_edge: object
    sum_node: object
    sigma_node: object
    output: object
    links: list
    formulas: list
    neuron_box: object
    neuron_label: object


def subscript(i):
    """``i`` written with Unicode subscript digits: ``subscript(12) == '₁₂'``."""
    return str(i).translate(_SUBSCRIPTS)


def _axes(ax):
    if ax is None:
        from matplotlib.figure import Figure

        ax = Figure(figsize=(8.0, 4.0), layout="constrained").add_subplot()
        ax.set_axis_off()
    return ax


def _shown_indices(n_inputs):
    """1-based indices of the inputs drawn; more than 5 inputs shows 1, 2, 3 and n."""
    if n_inputs <= _MAX_DRAWN:
        return list(range(1, n_inputs + 1))
    return [1, 2, 3, n_inputs]


def _heights(n_shown, elided):
    slots = n_shown + (1 if elided else 0)
    spread = min(0.84, 0.25 * (slots - 1))
    ys = list(np.linspace(_Y_MID + spread / 2, _Y_MID - spread / 2, slots)) if slots > 1 else [_Y_MID]
    if elided:  # the slot before the last input holds the "⋮"
        return ys[:-2] + ys[-1:], ys[-2]
    return ys, None


def _node(ax, x, y, text, *, size, color, zorder=3, fill="white"):
    return ax.text(x, y, text, transform=ax.transAxes, ha="center", va="center", fontsize=size,
                   zorder=zorder, bbox=dict(boxstyle="circle,pad=0.35", facecolor=fill,
                                            edgecolor=color, linewidth=1.6))


def _arrow(ax, source, target, *, color=PALETTE["black"]):
    """An arrow from the outline of Text ``source`` to the outline of Text ``target``.

    Drawn above the nodes (zorder 4): a node positions its outline when it is drawn, and
    the arrow is clipped to both outlines when it is drawn after them.
    """
    return ax.annotate("", xy=target.get_position(), xycoords=ax.transAxes,
                       xytext=source.get_position(), textcoords=ax.transAxes, zorder=4,
                       arrowprops=dict(arrowstyle="-|>", color=color, linewidth=1.4,
                                       mutation_scale=14, shrinkA=1, shrinkB=1,
                                       patchA=source.get_bbox_patch(),
                                       patchB=target.get_bbox_patch()))


def _weight_text(i, weights, k):
    name = f"w{subscript(i)}"
    return name if weights is None else f"{name} = {weights[k]:.2g}".replace("-", "−")


def _check_weights(weights, n_inputs):
    if weights is None:
        return None
    weights = as_float_array(weights, "weights", ndim=1)
    if weights.size != n_inputs:
        raise ValueError(f"`weights` must hold one weight per input ({n_inputs}), got "
                         f"{weights.size}. Pass n_inputs=len(weights).")
    return weights


def _check_bias(bias):
    return None if bias is None else float(as_float_array(bias, "bias", ndim=0))


def _draw_inputs(ax, n_inputs, weights, sum_node, size):
    shown = _shown_indices(n_inputs)
    ys, dots_y = _heights(len(shown), n_inputs > _MAX_DRAWN)
    inputs, edges, labels = [], [], []
    for k, (i, y) in enumerate(zip(shown, ys)):
        node = _node(ax, _X_IN, y, f"x{subscript(i)}", size=size, color=PALETTE["blue"])
        inputs.append(node)
        edges.append(_arrow(ax, node, sum_node, color=PALETTE["grey"]))
        t = 0.45  # the weight sits 45 % of the way along its edge
        labels.append(ax.text(_X_IN + t * (_X_SUM - _X_IN), y + t * (_Y_MID - y),
                              _weight_text(i, weights, i - 1), transform=ax.transAxes,
                              ha="center", va="center", fontsize=0.85 * size, zorder=5,
                              color=PALETTE["vermillion"],
                              bbox=dict(boxstyle="round,pad=0.15", facecolor="white",
                                        edgecolor="none")))
    dots = None if dots_y is None else ax.text(_X_IN, dots_y, "⋮", transform=ax.transAxes,
                                               ha="center", va="center", fontsize=size)
    return inputs, edges, labels, dots


def _draw_formulas(ax, bias, size):
    b_text = "b" if bias is None else f"b = {bias:.2g}".replace("-", "−")
    low = dict(transform=ax.transAxes, ha="center", va="top", fontsize=0.85 * size)
    formulas = [ax.text(_X_SUM, _Y_MID - 0.13, "z = wᵀx + b", **low),
                ax.text(_X_SIGMA, _Y_MID - 0.13, "ŷ = σ(z)", **low),
                ax.text(_X_OUT, _Y_MID - 0.13, "P(y = 1 | x)", **low),
                ax.text((_X_SUM + _X_SIGMA) / 2, _Y_MID + 0.03, "z", transform=ax.transAxes,
                        ha="center", va="bottom", fontsize=0.85 * size, style="italic")]
    return b_text, formulas


def draw_neuron(ax=None, n_inputs=3, *, weights=None, bias=None, fontsize=15):
    """Draw logistic regression as a network of one neuron: x → Σ → z → σ → ŷ.

    The inputs :math:`x_1, \\dots, x_n` feed a sum node through edges labelled with their
    weights; the bias enters the sum from above; the sum :math:`z = w^\\top x + b` goes
    through the sigmoid to the output :math:`\\hat y = \\sigma(z) = P(y = 1 \\mid x)`.

    .. math:: \\hat y = \\sigma\\Big(\\sum_{j=1}^{n} w_j x_j + b\\Big)

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw (in axes coordinates; limits and aspect are left alone, so call
        ``ax.set_axis_off()`` yourself on an axes you hand in). Default: a new 8 x 4 in
        figure whose axes has its frame turned off.
    n_inputs : int, default 3
        Number of inputs; above 5 only x₁, x₂, x₃, ⋮, xₙ are drawn.
    weights : array_like of shape (n_inputs,), optional
        Numbers to write on the edges (``w₁ = 0.5``); default: the names w₁ … wₙ.
    bias : float, optional
        A number to write for the bias; default: the name b.
    fontsize : float, default 15
        Size of the node labels (the other text is 85 % of it).

    Returns
    -------
    NeuronArtists

    Examples
    --------
    >>> artists = draw_neuron(n_inputs=3)
    >>> [t.get_text() for t in artists.inputs]
    ['x₁', 'x₂', 'x₃']
    """
    n_inputs = check_int(n_inputs, "n_inputs", minimum=1)
    weights, bias = _check_weights(weights, n_inputs), _check_bias(bias)
    ax, size = _axes(ax), float(fontsize)
    box = _neuron_box(ax, size)
    sum_node = _node(ax, _X_SUM, _Y_MID, "Σ", size=1.3 * size, color=PALETTE["black"])
    sigma_node = _node(ax, _X_SIGMA, _Y_MID, "σ", size=1.3 * size, color=PALETTE["green"])
    output = _node(ax, _X_OUT, _Y_MID, "ŷ", size=1.3 * size, color=PALETTE["orange"])
    inputs, edges, labels, dots = _draw_inputs(ax, n_inputs, weights, sum_node, size)
    b_text, formulas = _draw_formulas(ax, bias, size)
    bias_label = ax.text(_X_SUM, 0.93, b_text, transform=ax.transAxes, ha="center", va="center",
                         fontsize=0.9 * size, color=PALETTE["vermillion"], zorder=3,
                         bbox=dict(boxstyle="round,pad=0.25", facecolor="white",
                                   edgecolor=PALETTE["vermillion"]))
    bias_edge = _arrow(ax, bias_label, sum_node, color=PALETTE["vermillion"])
    links = [_arrow(ax, sum_node, sigma_node), _arrow(ax, sigma_node, output)]
    return NeuronArtists(inputs, edges, labels, dots, bias_label, bias_edge, sum_node, sigma_node,
                         output, links, formulas, *box)


def _neuron_box(ax, size):
    from matplotlib.patches import FancyBboxPatch

    left, right = _X_SUM - 0.1, _X_SIGMA + 0.1
    patch = FancyBboxPatch((left, 0.18), right - left, 0.62, boxstyle="round,pad=0.0,rounding_size=0.04",
                           transform=ax.transAxes, facecolor=PALETTE["sky"], alpha=0.12,
                           edgecolor=PALETTE["sky"], linewidth=1.2, zorder=1)
    ax.add_patch(patch)
    label = ax.text((left + right) / 2, 0.2, "one neuron", transform=ax.transAxes, ha="center",
                    va="bottom", fontsize=0.8 * size, color=PALETTE["blue"], style="italic")
    return patch, label
