"""The checked inputs of :func:`lessons_lib.plots.show_images` and
:func:`lessons_lib.plots.show_mosaic` (private; used by :mod:`lessons_lib.plots.images`).

:func:`_prepare` turns what a learner passes into what both drawing functions draw: the
images as a stack of shape (k, height, width), the titles, one shared colour scale
(centred on 0 when ``symmetric``) and the colormap. Every error names the argument, what
was expected, what came, and how to fix it. Introduced in ``08_deep_networks``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .._validation import as_float_array, describe
from ..style import CMAP_DIVERGING

_CMAP_PLAIN = "gray_r"  # ink dark on white, like the digits on paper


def _check_shape(shape):
    ok = (isinstance(shape, (tuple, list)) and len(shape) == 2
          and all(isinstance(s, numbers.Integral) and not isinstance(s, bool) and s >= 1
                  for s in shape))
    if not ok:
        raise ValueError(f"`shape` must be two positive integers (height, width), got "
                         f"{describe(shape)}. Example: shape=(8, 8) for the digits.")
    return int(shape[0]), int(shape[1])


def _as_stack(images, shape):
    """``images`` as an array of shape (k, height, width)."""
    arr = as_float_array(images, "images", ndim=(1, 2, 3))
    if arr.ndim == 3:
        return arr
    h, w = shape
    rows = arr.reshape(1, -1) if arr.ndim == 1 else arr
    if rows.shape[1] != h * w:
        hint = (f" To show the first layer's weights (n_in, n_out), pass W[0].T: hidden "
                f"unit j's weights are column j." if rows.shape[0] == h * w else "")
        raise ValueError(f"`images` must hold {h} × {w} = {h * w} pixels per row (`shape`="
                         f"{shape}), got rows of {rows.shape[1]} (array of shape "
                         f"{arr.shape}).{hint}")
    return rows.reshape(-1, h, w)


def _check_titles(titles, k):
    if titles is None:
        return None
    if isinstance(titles, str) or not hasattr(titles, "__len__") or len(titles) != k:
        raise ValueError(f"`titles` must be a sequence of {k} strings, one per image, got "
                         f"{describe(titles)}.")
    return [str(t) for t in titles]


def _color_scale(stack, symmetric, vmin, vmax):
    """One (vmin, vmax) for every image; centred on 0 when ``symmetric``."""
    if symmetric:
        if vmin is not None:
            raise ValueError("`vmin` cannot be set with symmetric=True (the scale is "
                             "-vmax .. vmax); pass vmax only.")
        top = float(np.abs(stack).max()) if vmax is None else _check_finite(vmax, "vmax")
        top = top if top > 0 else 1.0  # all zeros: any scale shows them white
        return -top, top
    low = float(stack.min()) if vmin is None else _check_finite(vmin, "vmin")
    high = float(stack.max()) if vmax is None else _check_finite(vmax, "vmax")
    if high < low:
        raise ValueError(f"`vmax` must be ≥ `vmin`, got vmin={low!r}, vmax={high!r}.")
    return low, high


def _check_finite(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise TypeError(f"`{name}` must be a finite number or None, got {describe(value)}.")
    return float(value)


def _cmap(cmap, symmetric):
    import matplotlib

    if cmap is None:
        cmap = CMAP_DIVERGING if symmetric else _CMAP_PLAIN
    if isinstance(cmap, matplotlib.colors.Colormap):
        return cmap
    if not isinstance(cmap, str) or cmap not in matplotlib.colormaps:
        raise ValueError(f"`cmap` must be a matplotlib colormap or its name (e.g. 'gray_r', "
                         f"'RdBu_r'), got {describe(cmap)}.")
    return matplotlib.colormaps[cmap]


def _prepare(images, shape, titles, symmetric, vmin, vmax, cmap):
    """The checked inputs shared by both drawing functions: the (k, h, w) stack, the titles,
    the shared colour scale and the colormap."""
    if not isinstance(symmetric, (bool, np.bool_)):
        raise TypeError(f"`symmetric` must be True or False, got {describe(symmetric)}.")
    stack = _as_stack(images, _check_shape(shape))
    return (stack, _check_titles(titles, stack.shape[0]),
            _color_scale(stack, symmetric, vmin, vmax), _cmap(cmap, symmetric))
