"""Tests for lessons_lib.plots.images.show_images: each panel holds the right image, one colour
scale is shared (centred on 0 when symmetric), axes handed in are not restyled, the picture
itself shows dark ink where the values are large, and bad input gets a clear error."""

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lessons_lib.plots.images import ImageGridArtists, show_images


@pytest.fixture
def rng():
    return np.random.default_rng(8)


@pytest.mark.parametrize("k, ncols, rows", [(1, None, 1), (7, None, 1), (13, None, 2),
                                             (13, 4, 4), (3, 8, 1)])
def test_rows_reshaped_in_order_on_one_scale(rng, k, ncols, rows):
    X = rng.integers(0, 17, size=(k, 64)).astype(float)
    art = show_images(X, ncols=ncols, titles=[f"#{i}" for i in range(k)])
    assert isinstance(art, ImageGridArtists) and len(art.images) == len(art.axes) == k
    for i, (image, ax) in enumerate(zip(art.images, art.axes)):
        np.testing.assert_array_equal(image.get_array(), X[i].reshape(8, 8))
        assert image.get_clim() == (X.min(), X.max())
        assert image.get_cmap().name == "gray_r" and image.axes is ax
        assert ax.get_title() == f"#{i}" and art.titles[i].get_text() == f"#{i}"
        assert list(ax.get_xticks()) == [] and ax.spines["top"].get_visible()
    fig = art.axes[0].get_figure()
    grid = fig.axes
    assert len(grid) == rows * (min(k, ncols or 10))
    assert all(not ax.axison for ax in grid[k:])  # spare slots are blank
    assert art.colorbar is None


def test_weight_columns_symmetric_scale_and_colorbar(rng):
    W = rng.normal(size=(64, 5))
    W[3, 2] = -4.0  # the largest magnitude, negative: the scale must still be centred on 0
    art = show_images(W.T, symmetric=True, colorbar=True)
    for j, image in enumerate(art.images):  # hidden unit j = column j of W
        np.testing.assert_array_equal(image.get_array(), W[:, j].reshape(8, 8))
        assert image.get_clim() == (-4.0, 4.0)
        assert image.get_cmap().name == "RdBu_r"
    assert art.colorbar is not None and art.colorbar.mappable.get_clim() == (-4.0, 4.0)
    fig = art.axes[0].get_figure()
    assert len(fig.axes) == 6  # five panels and the colorbar
    assert show_images(W.T, symmetric=True, vmax=1.0).images[0].get_clim() == (-1.0, 1.0)


def test_all_zero_weights_draw_white_without_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        art = show_images(np.zeros((2, 64)), symmetric=True)
        FigureCanvasAgg(art.axes[0].get_figure()).draw()
    assert art.images[0].get_clim() == (-1.0, 1.0)


def test_other_shapes_3d_and_single_image(rng):
    stack = rng.normal(size=(4, 3, 5))
    art = show_images(stack, shape=(99, 99))  # shape is ignored for a 3-D stack
    np.testing.assert_array_equal(art.images[2].get_array(), stack[2])
    one = show_images(np.arange(12.0), shape=(3, 4))
    assert len(one.images) == 1
    np.testing.assert_array_equal(one.images[0].get_array(), np.arange(12.0).reshape(3, 4))
    listed = show_images([[0, 1, 2, 3]], shape=(2, 2), cmap="viridis", vmin=-1, vmax=5)
    assert listed.images[0].get_clim() == (-1.0, 5.0) and listed.images[0].get_cmap().name == "viridis"


def test_axes_handed_in_are_not_restyled(rng):
    fig = Figure()
    grid = fig.subplots(2, 3)
    for ax in grid.ravel():
        ax.set_xlabel("keep me")
    before = [(ax.get_xlabel(), list(ax.get_xticks()), ax.axison) for ax in grid.ravel()]
    art = show_images(rng.normal(size=(4, 64)), axes=grid)
    assert art.axes == list(grid.ravel()[:4])
    after = [(ax.get_xlabel(), list(ax.get_xticks()), ax.axison) for ax in grid.ravel()]
    assert [a[0] for a in after] == [b[0] for b in before] and all(a[2] for a in after)
    assert len(grid[1, 1].images) == 0 and len(grid[1, 0].images) == 1  # 4 images, 6 axes
    single = Figure().add_subplot()
    assert show_images(np.ones(64), axes=single).axes == [single]


def test_grid_in_a_subfigure_and_no_pyplot_or_rcparams(rng):
    import matplotlib.pyplot as plt

    figures_before, rc_before = plt.get_fignums(), dict(mpl.rcParams)
    outer = Figure()
    left, right = outer.subfigures(1, 2)
    art = show_images(rng.normal(size=(6, 64)), fig=right, ncols=3)
    assert len(right.axes) == 6 and len(left.axes) == 0
    assert show_images(rng.normal(size=(2, 64))).axes[0].get_figure() is not outer
    assert plt.get_fignums() == figures_before and dict(mpl.rcParams) == rc_before
    assert art.axes[0].get_figure() is right


def test_picture_is_dark_where_values_are_large():
    image = np.zeros((8, 8))
    image[:, 4:] = 16.0  # right half full ink
    fig = Figure(figsize=(2, 2), dpi=50)
    ax = fig.add_axes((0, 0, 1, 1))
    show_images(image.ravel(), axes=[ax])
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3].astype(int)
    h, w, _ = pixels.shape
    assert pixels[h // 2, w // 4].min() > 240  # left: white
    assert pixels[h // 2, 3 * w // 4].max() < 15  # right: black


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(images=np.zeros((3, 10))), ValueError, "64 pixels per row"),
    (dict(images=np.zeros((64, 16))), ValueError, r"pass W\[0\]\.T"),
    (dict(images="digits"), TypeError, "`images` must be numbers"),
    (dict(images=[[np.nan] * 64]), ValueError, "NaN"),
    (dict(images=np.zeros((2, 2, 2, 2))), ValueError, "1-D or 2-D or 3-D"),
    (dict(shape=(8,)), ValueError, "`shape` must be two positive integers"),
    (dict(shape=(0, 64)), ValueError, "`shape`"),
    (dict(titles=["a"]), ValueError, "`titles` must be a sequence of 2"),
    (dict(titles="ab"), ValueError, "`titles`"),
    (dict(ncols=0), ValueError, "`ncols` must be ≥ 1"),
    (dict(cmap="no_such_map"), ValueError, "`cmap` must be a matplotlib colormap"),
    (dict(symmetric="yes"), TypeError, "`symmetric` must be True or False"),
    (dict(symmetric=True, vmin=-1.0), ValueError, "`vmin` cannot be set"),
    (dict(vmin=2.0, vmax=1.0), ValueError, "`vmax` must be ≥ `vmin`"),
    (dict(vmax=np.inf), TypeError, "`vmax` must be a finite number"),
    (dict(axes=[Figure().add_subplot()]), ValueError, "at least 2 matplotlib Axes"),
    (dict(axes=["not an axes", "either"]), ValueError, "`axes`"),
    (dict(fig="figure"), TypeError, "`fig` must be a matplotlib Figure"),
    (dict(fig=Figure(), axes=Figure().subplots(1, 2)), ValueError, "not both"),
])
def test_bad_input_says_what_and_how(kwargs, error, match):
    kwargs = {"images": np.zeros((2, 64)), **kwargs}
    with pytest.raises(error, match=match):
        show_images(**kwargs)


# --- the mosaic: one image in one axes ----------------------------------------------------

from lessons_lib.plots.images import tile_images, show_mosaic  # noqa: E402


@pytest.mark.parametrize("k, ncols, pad, title_pad", [(1, None, 1, 0), (5, 2, 1, 0), (12, 5, 2, 3),
                                                       (10, None, 0, 0)])
def test_tiles_sit_where_their_origins_say_with_nan_between(rng, k, ncols, pad, title_pad):
    stack = rng.normal(size=(k, 3, 4))
    mosaic = tile_images(stack, ncols=ncols, pad=pad, title_pad=title_pad)
    cols = min(k, ncols or 10)
    rows = -(-k // cols)
    assert mosaic.image.shape == (rows * (title_pad + 3 + pad) - pad, cols * (4 + pad) - pad)
    for i, (r, c) in enumerate(mosaic.origins):
        assert (r, c) == (title_pad + (i // cols) * (title_pad + 3 + pad), (i % cols) * (4 + pad))
        np.testing.assert_array_equal(mosaic.image[r:r + 3, c:c + 4], stack[i])
    # every pixel outside the tiles is a gap (NaN), and every tile pixel is finite
    assert np.isnan(mosaic.image).sum() == mosaic.image.size - k * 12


def test_mosaic_draws_one_image_frames_titles_and_a_shared_scale(rng):
    W = rng.normal(size=(64, 6))
    art = show_mosaic(W.T, ncols=3, symmetric=True, colorbar=True,
                      titles=[f"unit {j}" for j in range(6)])
    ax = art.image.axes
    assert len(ax.images) == 1 and not ax.axison  # a new axes: frame and ticks off
    assert art.image.get_clim() == (-np.abs(W).max(), np.abs(W).max())
    assert art.image.get_cmap().name == "RdBu_r" and art.colorbar is not None
    mosaic = tile_images(W.T, ncols=3, title_pad=3)
    np.testing.assert_array_equal(art.image.get_array().filled(np.nan), mosaic.image)
    r, c = mosaic.origins[4]  # unit 4 = column 4 of W
    np.testing.assert_array_equal(art.image.get_array()[r:r + 8, c:c + 8], W[:, 4].reshape(8, 8))
    assert [t.get_text() for t in art.titles] == [f"unit {j}" for j in range(6)]
    assert all(t.get_position()[1] < r0 for t, (r0, _) in zip(art.titles, mosaic.origins))
    assert len(art.frames.get_segments()) == 6


def test_mosaic_on_a_given_axes_keeps_its_style_and_renders_gaps_blank():
    fig = Figure(figsize=(3, 2), dpi=60)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlabel("keep")
    image = np.full((2, 64), 16.0)  # two all-ink tiles
    show_mosaic(image, ax=ax, pad=2, vmin=0, vmax=16)
    assert ax.axison and ax.get_xlabel() == "keep"
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3].astype(int)
    h, w, _ = pixels.shape
    row = pixels[h // 2]
    assert row[w // 4].max() < 15 and row[3 * w // 4].max() < 15  # the tiles: black ink
    assert row[w // 2].min() > 240  # the gap between them: blank (the axes' white)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(pad=-1), ValueError, "`pad` must be ≥ 0"),
    (dict(ncols=1.5), TypeError, "`ncols` must be an integer"),
    (dict(titles=["only one"]), ValueError, "`titles`"),
    (dict(images=np.zeros((2, 10))), ValueError, "64 pixels per row"),
])
def test_mosaic_bad_input(kwargs, error, match):
    kwargs = {"images": np.zeros((2, 64)), **kwargs}
    with pytest.raises(error, match=match):
        show_mosaic(**kwargs)


@pytest.mark.parametrize("given_axes", [True, False])
def test_mosaic_frames_are_whole_on_the_outer_edge_too(given_axes):
    """The last column's right side and the last row's bottom lie on the image's edge, which is
    the axes' edge: they must be drawn (not clipped away) like every other side."""
    fig = Figure(figsize=(4, 3), dpi=100)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    if given_axes:
        ax.set_axis_off()  # no spines that could pass for a frame
    else:
        fig.delaxes(ax)
    art = show_mosaic(np.zeros((6, 64)), ax=ax if given_axes else None, ncols=3, vmin=0, vmax=16)
    ax, fig = art.image.axes, art.image.axes.get_figure()
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3].astype(int)
    rows, cols = art.image.get_array().shape
    to_px = ax.transData.transform
    height = pixels.shape[0]

    def grey_near(x, y, across):  # the darkest pixel within 2 px of (x, y), across the edge
        px, py = to_px((x, y))
        px, py = int(round(px)), int(round(height - py))
        window = pixels[py, px - 2:px + 3] if across == "x" else pixels[py - 2:py + 3, px]
        return window.min() < 230  # white tiles, white gaps: only a frame is grey

    middle_of_a_row, middle_of_last_col = 3.5, cols - 4.5  # tiles are 8 × 8 pixels
    for x in (-0.5, cols - 0.5):  # left side of the first column, right side of the last
        assert grey_near(x, middle_of_a_row, "x"), f"no frame at x = {x}"
    for y in (-0.5, rows - 0.5):  # top of the first row, bottom of the last
        assert grey_near(middle_of_last_col, y, "y"), f"no frame at y = {y}"
