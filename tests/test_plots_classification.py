"""Tests for lessons_lib.plots.classification: the artists carry the right data, axes handed in
are not restyled, and the loss branches match closed forms and central differences."""

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from lessons_lib.gradcheck import numerical_gradient, relative_error
from lessons_lib.plots.classification import (BoundaryArtists, cost_scale, loss_branch,
                                              plot_cost_curve, plot_data_2d,
                                              plot_decision_boundary, plot_loss_branches,
                                              probability_grid, update_decision_boundary)
from lessons_lib.style import CLASS_COLORS


@pytest.fixture
def ax():
    return Figure().add_subplot()


# closed forms, written independently of lessons_lib.losses
LOSS = {("cross_entropy", 1): lambda p: -np.log(p), ("cross_entropy", 0): lambda p: -np.log(1 - p),
        ("squared_error", 1): lambda p: 0.5 * (p - 1) ** 2,
        ("squared_error", 0): lambda p: 0.5 * p**2}
SLOPE = {("cross_entropy", 1): lambda p: 1 / p, ("cross_entropy", 0): lambda p: 1 / (1 - p),
         ("squared_error", 1): lambda p: 1 - p, ("squared_error", 0): lambda p: p}


@pytest.mark.parametrize("slope", [False, True])
def test_loss_branches_match_closed_forms(ax, slope):
    lines = plot_loss_branches(ax, slope=slope, num=201)
    assert set(lines) == set(LOSS)
    for key, line in lines.items():
        p, value = line.get_xdata(), line.get_ydata()
        assert p.size == 201 and 0 < p.min() and p.max() < 1  # the open interval
        np.testing.assert_allclose(value, (SLOPE if slope else LOSS)[key](p), rtol=1e-9)
        assert to_hex(line.get_color()) == to_hex(CLASS_COLORS[key[1]])
        assert line.get_linestyle() == ("-" if key[0] == "cross_entropy" else "--")
    assert ax.get_ylabel() == ("push |∂L/∂ŷ|" if slope else "loss L(y, ŷ)")


@pytest.mark.parametrize("loss", ["cross_entropy", "squared_error"])
@pytest.mark.parametrize("y", [0, 1])
def test_loss_branch_derivative_matches_central_differences(loss, y):
    y_hat = np.array([0.03, 0.2, 0.5, 0.77, 0.96])
    _, derivative = loss_branch(loss, y, y_hat)
    for i, p in enumerate(y_hat):
        numeric = numerical_gradient(lambda q: float(loss_branch(loss, y, q)[0][0]), np.array([p]))
        assert relative_error(numeric, derivative[i:i + 1]) < 1e-7


def test_loss_branch_ends_are_capped_by_the_library_clip():
    value, derivative = loss_branch("cross_entropy", 1, [0.0, 1.0])
    np.testing.assert_allclose(value, [-np.log(1e-12), -np.log(1 - 1e-12)], rtol=1e-6)
    np.testing.assert_allclose(derivative, [-1e12, -1.0], rtol=1e-6)
    with pytest.raises(ValueError, match="loss"):
        loss_branch("hinge", 1, [0.5])
    with pytest.raises(ValueError, match="`y` must be 0 or 1"):
        loss_branch("squared_error", 2, [0.5])


def test_data_scatter_one_collection_per_class(ax):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 2)), rng.integers(0, 2, size=30)
    points = plot_data_2d(X, y, ax=ax)
    assert [p.get_label() for p in points] == ["class 0", "class 1"]
    for k, p in enumerate(points):
        np.testing.assert_array_equal(p.get_offsets(), X[y == k])
        assert to_hex(p.get_facecolor()[0]) == to_hex(CLASS_COLORS[k])
    with pytest.raises(ValueError, match=r"shape \(m, 2\)"):
        plot_data_2d(np.zeros((5, 3)), np.zeros(5), ax=ax)
    with pytest.raises(ValueError, match="class labels"):
        plot_data_2d(np.zeros((2, 2)), [0, 0.5], ax=ax)


def test_probability_grid_orientation_and_extent():
    X = np.array([[-1.0, 0.0], [3.0, 2.0]])
    grid = probability_grid(lambda Z: Z[:, 0] * 10 + Z[:, 1], X, resolution=7, margin=0.25)
    assert grid.P.shape == (7, 7)
    assert grid.extent == pytest.approx((-2.0, 4.0, -0.5, 2.5))
    i, j = 2, 5  # row i follows x2, column j follows x1
    assert grid.P[i, j] == pytest.approx(grid.x1[j] * 10 + grid.x2[i])


def test_decision_boundary_image_contour_and_update(ax):
    X = np.array([[-2.0, -2.0], [2.0, 2.0], [-1.0, 1.5]])
    y = np.array([0, 1, 0])
    grid = probability_grid(lambda Z: 1 / (1 + np.exp(-(Z[:, 0] - Z[:, 1]))), X, resolution=41)
    artists = plot_decision_boundary(grid, X, y, ax=ax)
    assert isinstance(artists, BoundaryArtists) and len(artists.points) == 2
    np.testing.assert_array_equal(artists.image.get_array(), grid.P)
    vertices = np.concatenate(artists.boundary.get_segments())
    np.testing.assert_allclose(vertices[:, 0], vertices[:, 1], atol=1e-9)  # P = 0.5 on x1 = x2
    shifted = grid._replace(P=1 / (1 + np.exp(-(grid.x1[None, :] - 1.0) * np.ones((41, 1)))))
    update_decision_boundary(artists, shifted)
    np.testing.assert_array_equal(artists.image.get_array(), shifted.P)
    vertices = np.concatenate(artists.boundary.get_segments())
    # now the line x1 = 1 (1 lies between grid points: linear interpolation of the sigmoid)
    np.testing.assert_allclose(vertices[:, 0], 1.0, atol=1e-4)
    flat = update_decision_boundary(artists, grid._replace(P=np.full((41, 41), 0.9)))
    assert flat.boundary.get_segments() == []  # no boundary inside the grid: no line, no error


def test_cost_curve_scale_and_data(ax):
    costs = np.geomspace(1.0, 0.02, 50)
    line = plot_cost_curve(costs, ax=ax)
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "cost J (log scale)"
    formatter = ax.yaxis.get_major_formatter()
    assert formatter(0.01, 0) == "0.01" and formatter(1e6, 0) == "1e+06"  # no 10^k mathtext
    assert ax.yaxis.get_minor_formatter()(0.03, 0) == "0.03"  # < 2 decades: 2, 3, 5 labelled
    assert ax.yaxis.get_minor_formatter()(0.04, 0) == ""
    np.testing.assert_array_equal(line.get_xdata(), np.arange(50))
    flat_ax = Figure().add_subplot()
    plot_cost_curve([0.7, 0.6, 0.5], ax=flat_ax, steps=[0, 10, 20])
    assert flat_ax.get_yscale() == "linear" and list(flat_ax.lines[0].get_xdata()) == [0, 10, 20]
    assert cost_scale([1.0, -1.0, 50.0]) == "linear" and cost_scale([5.0]) == "linear"
    with pytest.raises(ValueError, match="steps"):
        plot_cost_curve([1.0, 2.0], ax=ax, steps=[0, 1, 2])


def test_given_axes_are_not_restyled_and_rc_untouched(ax):
    ax.set(xlabel="mine", ylabel="also mine", title="kept")
    before = dict(mpl.rcParams)
    plot_loss_branches(ax)
    plot_data_2d([[0.0, 1.0], [1.0, 0.0]], [0, 1], ax=ax)
    plot_cost_curve([3.0, 2.0], ax=ax)
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("mine", "also mine", "kept")
    assert dict(mpl.rcParams) == before


def test_functions_make_their_own_axes_when_none_given():
    lines = plot_loss_branches()
    points = plot_data_2d([[0.0, 1.0]], [0])
    assert lines["cross_entropy", 1].axes is not points[0].axes
