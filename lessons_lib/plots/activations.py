"""Pictures of an activation function g(z) and its derivative g′(z).

Library style (see :mod:`lessons_lib.plots`): the function takes ``ax=None`` (an axes is
made only when none is given), adds artists without restyling the axes it was handed (it
only fills in axis labels that are still empty), and returns the artists it added.

ReLU and leaky ReLU have a kink at z = 0, where their derivative jumps. A plain line
plot would join the two sides with a steep segment that is not part of g′; here the
derivative is drawn in two pieces, with a filled dot at the value the library uses at
z = 0 (the left slope: 0 for ReLU, α for leaky ReLU) and an open dot at the right-hand
limit 1. Introduced in ``06_activation_functions``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import activations
from .._validation import as_float_array, check_int, describe
from ..style import PALETTE
from ._common import axes_or_new as _axes
from ._common import scaled_ms as _ms

__all__ = ["ActivationArtists", "activation_curves", "plot_activation"]

_KINKED = ("relu", "leaky_relu")  # derivative jumps at z = 0


class ActivationArtists(NamedTuple):
    """``curve`` and ``slope`` (Line2D; ``slope`` is None without the derivative) and
    ``kink`` (list of Line2D: at z = 0 the library's value, then the right-hand limit;
    empty for smooth functions or when 0 is outside the range)."""

    curve: object
    slope: object
    kink: list


def _functions(name, alpha):
    """g and g′ as public (validated) library functions; leaky ReLU with slope ``alpha``."""
    activations.get_activation(name)  # a clear error for an unknown name
    g, dg = getattr(activations, name), getattr(activations, f"{name}_derivative")
    if name == "leaky_relu":
        return (lambda z: g(z, alpha)), (lambda z: dg(z, alpha))
    return g, dg


def _check_range(z_range):
    values = as_float_array(z_range, "z_range", ndim=1)
    if not (values.shape == (2,) and values[0] < values[1]):
        raise ValueError(f"`z_range` must be two numbers (low, high) with low < high, got "
                         f"{describe(z_range)}. Example: z_range=(-4, 4).")
    return float(values[0]), float(values[1])


def activation_curves(name, z_range=(-4.0, 4.0), num=401, *, alpha=0.01):
    """The points to draw for ``g`` and ``g′``: ``(z, g(z), z_slope, g′(z_slope))``.

    For ReLU and leaky ReLU, when ``low <= 0 < high``, ``z_slope`` holds the left piece up to
    0 (only the point 0 when ``low == 0``), a NaN (a break in the line) and the right piece
    from 0, where the right piece starts at the right-hand limit 1. Otherwise ``z_slope`` is
    ``z`` (when ``high == 0`` the last point already carries the library's value at 0).

    Parameters
    ----------
    name : {"sigmoid", "tanh", "relu", "leaky_relu", "identity"}
    z_range : (float, float), default (-4, 4)
    num : int, default 401
        Points on the curve (at least 2).
    alpha : float in [0, 1], default 0.01
        Leaky ReLU's slope for z < 0 (used only for ``"leaky_relu"``).

    Returns
    -------
    tuple of 4 ndarrays of shape (num,), (num,), (k,), (k,)

    Examples
    --------
    >>> z, a, z_s, s = activation_curves("relu", (-1, 1), 3)
    >>> z_s.tolist()[1], s.tolist()
    (0.0, [0.0, 0.0, nan, 1.0, 1.0])
    """
    g, dg = _functions(name, alpha)
    low, high = _check_range(z_range)
    z = np.linspace(low, high, check_int(num, "num", minimum=2))
    if name not in _KINKED or not low <= 0 < high:  # z = 0 at the left end is a kink too
        return z, g(z), z, dg(z)
    left, right = np.append(z[z < 0], 0.0), np.insert(z[z > 0], 0, 0.0)
    just_right = np.insert(z[z > 0], 0, np.nextafter(0.0, 1.0))  # the right-hand limit
    z_slope = np.concatenate([left, [np.nan], right])
    slope = np.concatenate([dg(left), [np.nan], dg(just_right)])
    return z, g(z), z_slope, slope


def plot_activation(name, ax=None, *, z_range=(-4.0, 4.0), num=401, alpha=0.01, derivative=True,
                    color=PALETTE["blue"], slope_color=PALETTE["vermillion"],
                    label="g(z)", slope_label="g′(z)"):
    """Draw an activation ``g(z)`` and (dashed) its derivative ``g′(z)`` from the library.

    Parameters
    ----------
    name : {"sigmoid", "tanh", "relu", "leaky_relu", "identity"}
    ax : matplotlib Axes, optional
    z_range, num, alpha
        As in :func:`activation_curves`.
    derivative : bool, default True
        Whether to draw g′ (and, for a kink, the two dots at z = 0).
    color, slope_color : colour
    label, slope_label : str
        Legend labels of the two lines.

    Returns
    -------
    ActivationArtists

    Examples
    --------
    >>> artists = plot_activation("tanh")  # doctest: +SKIP
    """
    z, a, z_slope, slope = activation_curves(name, z_range, num, alpha=alpha)
    ax = _axes(ax)
    curve, = ax.plot(z, a, color=color, label=label, zorder=3)
    slope_line, kink = None, []
    if derivative:
        slope_line, = ax.plot(z_slope, slope, color=slope_color, linestyle="--",
                              label=slope_label, zorder=3)
        if np.isnan(z_slope).any():
            at_zero = float(_functions(name, alpha)[1](0.0))
            kink = [ax.plot([0.0], [at_zero], "o", color=slope_color, markersize=_ms(6),
                            zorder=4)[0],
                    ax.plot([0.0], [1.0], "o", color="white", markeredgecolor=slope_color,
                            markersize=_ms(6), zorder=4)[0]]
    if not ax.get_xlabel():
        ax.set_xlabel("z")
    return ActivationArtists(curve, slope_line, kink)
