"""A grid of small images: digits, or a layer's weights reshaped to the input's picture.

Library style (see :mod:`lessons_lib.plots`): :func:`show_images` draws into axes it is
handed (``axes=``), or makes its own grid of subplots in a figure (``fig=``, e.g. a
subfigure) or in a new pyplot-free figure; it never clears or restyles an axes it was
handed (ticks are only hidden on axes it made itself), never touches ``rcParams``, and
returns the artists it added.

Every image shares one colour scale, so a brighter pixel means a larger value in every
panel. With ``symmetric=True`` the scale is centred on 0 (a diverging colormap, white
at 0): the way to show weights, whose sign matters. Hidden unit ``j``'s incoming weights
are **column** ``j`` of ``W[0]`` (shape ``(n_in, n_out)``, rows are examples), so the
first layer's weight pictures are ``show_images(W[0].T, symmetric=True)``.

:func:`show_mosaic` draws the same picture as one framed mosaic in a single axes
(:func:`tile_images` lays it out): with dozens of tiles it lays out and draws several
times faster, which keeps a notebook's Run All short. Introduced in ``08_deep_networks``.

Both check their inputs the same way, with the private :mod:`lessons_lib.plots._image_inputs`
(the image stack, titles, the shared colour scale and the colormap).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .._validation import check_int, describe
from ._common import axes_or_new as _axes_or_new
from ._image_inputs import _as_stack, _check_shape, _prepare

__all__ = ["ImageGridArtists", "show_images", "Mosaic", "tile_images", "MosaicArtists",
           "show_mosaic"]

_MAX_NCOLS = 10
_FRAME = "#BBBBBB"


class ImageGridArtists(NamedTuple):
    """What :func:`show_images` adds: ``images`` (one AxesImage per image), ``axes`` (the
    axes they are in, in order), ``titles`` (one Text per title; empty without titles)
    and ``colorbar`` (a Colorbar, or None)."""

    images: list
    axes: list
    titles: list
    colorbar: object


def _given_axes(axes, k):
    from matplotlib.axes import Axes

    flat = list(np.ravel(np.asarray(axes, dtype=object))) if not isinstance(axes, Axes) else [axes]
    if not all(isinstance(a, Axes) for a in flat) or len(flat) < k:
        raise ValueError(f"`axes` must be a sequence of at least {k} matplotlib Axes (one per "
                         f"image), got {describe(axes)}. Make them with fig.subplots(rows, cols).")
    return flat[:k]


def _new_axes(fig, k, ncols):
    """A grid of ``k`` framed axes (ticks hidden, spare slots turned off) in ``fig`` or a new figure."""
    from matplotlib.figure import Figure, FigureBase

    nrows = math.ceil(k / ncols)
    if fig is None:
        fig = Figure(figsize=(1.1 * ncols + 0.6, 1.2 * nrows + 0.3), layout="constrained")
    elif not isinstance(fig, FigureBase):
        raise TypeError(f"`fig` must be a matplotlib Figure or SubFigure, got {describe(fig)}.")
    grid = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    for ax in grid[:k]:  # a thin frame, so an image with white edges keeps its outline
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set(visible=True, color=_FRAME, linewidth=0.8)
    for ax in grid[k:]:
        ax.set_axis_off()
    return list(grid[:k])


def show_images(images, *, shape=(8, 8), titles=None, ncols=None, cmap=None, symmetric=False,
                axes=None, fig=None, vmin=None, vmax=None, colorbar=False, **imshow_kw):
    """Draw small images in a grid, all on one colour scale.

    Parameters
    ----------
    images : array_like of shape (k, height * width), (k, height, width) or (height * width,)
        One image per row (flattened rows are reshaped to ``shape``), e.g. ``X[:10]`` of
        the digits, or ``W[0].T`` for the first layer's weights (unit j = column j of W[0]).
    shape : (int, int), default (8, 8)
        Height and width of a flattened image (ignored for a 3-D ``images``).
    titles : sequence of str, optional
        One title per image.
    ncols : int, optional
        Columns of the grid this function makes; default ``min(k, 10)``.
    cmap : str or Colormap, optional
        Default ``"gray_r"`` (dark = large), or ``style.CMAP_DIVERGING`` when symmetric.
    symmetric : bool, default False
        Centre the shared scale on 0 (``-vmax .. vmax``, ``vmax = max |value|``): for
        weights, where white means 0 and the two colours mean the two signs.
    axes : sequence of Axes, optional
        Draw into these (the first ``k``); nothing about them is restyled.
    fig : Figure or SubFigure, optional
        Make the grid of axes in it; without ``axes`` or ``fig`` a new Figure is made.
    vmin, vmax : float, optional
        The shared colour scale; default the data's min and max.
    colorbar : bool, default False
        Add one colorbar for the shared scale beside the grid.
    **imshow_kw
        Passed to ``Axes.imshow`` (default ``interpolation="nearest"``: crisp pixels).

    Returns
    -------
    ImageGridArtists

    Examples
    --------
    >>> from lessons_lib.datasets import load_digits
    >>> digits = load_digits()
    >>> art = show_images(digits.X[:10], titles=[str(int(t)) for t in digits.y[:10]])
    >>> len(art.images)
    10
    """
    if axes is not None and fig is not None:
        raise ValueError("Pass `axes` or `fig`, not both: `axes` draws into existing axes, "
                         "`fig` makes a grid of new ones in that figure.")
    stack, titles, (low, high), colormap = _prepare(images, shape, titles, symmetric, vmin, vmax,
                                                    cmap)
    k = stack.shape[0]
    if axes is not None:
        drawn_in = _given_axes(axes, k)
    else:
        ncols = min(k, _MAX_NCOLS) if ncols is None else min(check_int(ncols, "ncols", minimum=1), k)
        drawn_in = _new_axes(fig, k, ncols)
    kw = {"cmap": colormap, "vmin": low, "vmax": high, "interpolation": "nearest", **imshow_kw}
    artists = [ax.imshow(image, **kw) for ax, image in zip(drawn_in, stack)]
    text = [ax.set_title(t) for ax, t in zip(drawn_in, titles)] if titles else []
    bar = None
    if colorbar:
        bar = drawn_in[0].get_figure().colorbar(artists[0], ax=drawn_in, shrink=0.9)
    return ImageGridArtists(artists, drawn_in, text, bar)


# --- one mosaic in one axes: the same picture, far cheaper to lay out and draw --------------

class Mosaic(NamedTuple):
    """``image`` (rows, cols) with NaN in the gaps; ``origins`` (k, 2): the (row, col) of each
    tile's top-left pixel; ``tile``: (height, width)."""

    image: np.ndarray
    origins: np.ndarray
    tile: tuple


def tile_images(images, *, shape=(8, 8), ncols=None, pad=1, title_pad=0):
    """Lay small images out on one canvas, row by row, NaN between them.

    Parameters
    ----------
    images : array_like, as for :func:`show_images`
    shape : (int, int), default (8, 8)
    ncols : int, optional
        Default ``min(k, 10)``.
    pad : int, default 1
        Blank pixels between neighbouring tiles.
    title_pad : int, default 0
        Extra blank pixels above every row of tiles (room for titles).

    Returns
    -------
    Mosaic

    Examples
    --------
    >>> mosaic = tile_images(np.ones((3, 4)), shape=(2, 2), ncols=2)
    >>> mosaic.image.shape, mosaic.origins.tolist()
    ((5, 5), [[0, 0], [0, 3], [3, 0]])
    """
    stack = _as_stack(images, _check_shape(shape))
    k, h, w = stack.shape
    ncols = min(k, _MAX_NCOLS) if ncols is None else min(check_int(ncols, "ncols", minimum=1), k)
    pad, title_pad = check_int(pad, "pad", minimum=0), check_int(title_pad, "title_pad", minimum=0)
    nrows = math.ceil(k / ncols)
    step_r, step_c = title_pad + h + pad, w + pad
    canvas = np.full((nrows * step_r - pad, ncols * step_c - pad), np.nan)
    origins = np.array([(title_pad + (i // ncols) * step_r, (i % ncols) * step_c) for i in range(k)])
    for (r, c), tile in zip(origins, stack):
        canvas[r:r + h, c:c + w] = tile
    return Mosaic(canvas, origins, (h, w))


class MosaicArtists(NamedTuple):
    """What :func:`show_mosaic` adds: the ``image`` (one AxesImage), the tiles' ``frames``
    (one LineCollection), ``titles`` (list of Text) and ``colorbar`` (or None)."""

    image: object
    frames: object
    titles: list
    colorbar: object


def _frames(mosaic):
    from matplotlib.collections import LineCollection

    (h, w), boxes = mosaic.tile, []
    for r, c in mosaic.origins:  # pixel centres are integers: edges at ±0.5
        top, left, bottom, right = r - 0.5, c - 0.5, r + h - 0.5, c + w - 0.5
        boxes.append([(left, top), (right, top), (right, bottom), (left, bottom), (left, top)])
    # the outer sides lie on the image's edge, which imshow makes the axes' edge: unclipped,
    # they are drawn whole like the inner ones (clipped, the right and bottom ones vanish)
    return LineCollection(boxes, colors=_FRAME, linewidths=0.8, clip_on=False)


def show_mosaic(images, ax=None, *, shape=(8, 8), ncols=None, titles=None, cmap=None,
                symmetric=False, vmin=None, vmax=None, colorbar=False, pad=1, **imshow_kw):
    """Draw small images as one framed mosaic in a single axes (see :func:`show_images`).

    The picture of :func:`show_images` (one shared colour scale, ``symmetric`` for weights),
    drawn as a single image: with dozens of tiles it lays out and draws many times faster
    than one axes per image. Titles are drawn above their tiles, in the axes.

    Parameters
    ----------
    images, shape, ncols, titles, cmap, symmetric, vmin, vmax, colorbar
        As for :func:`show_images`.
    ax : matplotlib Axes, optional
        Nothing about it is restyled; an axes made here has its frame and ticks turned off.
    pad : int, default 1
        Blank pixels between tiles (3 more above each row when there are titles).

    Returns
    -------
    MosaicArtists

    Examples
    --------
    >>> art = show_mosaic(np.eye(64)[:12], ncols=6, titles=[f"pixel {i}" for i in range(12)])
    >>> art.image.get_array().shape
    (23, 53)
    """
    stack, titles, (low, high), colormap = _prepare(images, shape, titles, symmetric, vmin, vmax,
                                                    cmap)
    mosaic = tile_images(stack, ncols=ncols, pad=pad, title_pad=3 if titles else 0)
    if ax is None:
        ax = _axes_or_new(None)
        ax.set_axis_off()
    kw = {"cmap": colormap, "vmin": low, "vmax": high, "interpolation": "nearest", **imshow_kw}
    image = ax.imshow(mosaic.image, **kw)
    frames = ax.add_collection(_frames(mosaic), autolim=False)
    h, w = mosaic.tile
    text = [ax.text(c + (w - 1) / 2, r - 0.9, t, ha="center", va="bottom")
            for (r, c), t in zip(mosaic.origins, titles)] if titles else []
    bar = ax.get_figure().colorbar(image, ax=ax, shrink=0.9) if colorbar else None
    return MosaicArtists(image, frames, text, bar)
