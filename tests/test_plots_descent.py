"""plots.descent: library-style plot functions (ax=None makes an axes without pyplot, an
axes handed in is not restyled, artists are returned and their data is what was asked)."""

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from lessons_lib.plots import descent as pd
from lessons_lib.style import CLASS_COLORS
from lessons_lib.surfaces import make_surface, one_feature_data

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def ax():
    return Figure().add_subplot()


@pytest.fixture(scope="module")
def wells():
    return make_surface("wells")


def test_contour_levels_are_dense_near_the_minimum():
    J = np.linspace(-1.0, 9.0, 1001)
    levels = pd.contour_levels(J, n=5, top=1.0)
    np.testing.assert_allclose(levels, -1.0 + 10.0 * np.linspace(0, 1, 5) ** 2)
    assert np.all(np.diff(levels) > 0)
    flat = pd.contour_levels(np.full((3, 3), 2.0), n=4)
    assert flat[0] == 2.0 and np.all(np.diff(flat) > 0)
    with_inf = pd.contour_levels(np.array([0.0, 1.0, np.inf]), n=3, top=1.0)
    assert np.all(np.isfinite(with_inf))


def test_cost_contour_draws_the_window_and_the_minima(ax, wells):
    artists = pd.plot_cost_contour(wells, ax, n=31)
    assert ax.get_xlim() == wells.w_range and ax.get_ylim() == wells.b_range
    np.testing.assert_allclose(artists.minima.get_xydata(), wells.minima)
    assert ax.get_xlabel() == "weight w" and ax.get_ylabel() == "bias b"


def test_labels_already_set_are_kept(ax, wells):
    ax.set_xlabel("mine")
    pd.plot_cost_contour(wells, ax, n=11)
    assert ax.get_xlabel() == "mine"


@pytest.mark.parametrize("step, k", [(None, 4), (0, 1), (2, 3), (99, 4), (-5, 1)])
def test_path_up_to_a_step(ax, step, k):
    params = np.array([[0.0, 0.0], [1.0, 0.5], [1.5, 0.7], [1.7, 0.8]])
    artists = pd.plot_path(params, ax, step=step)
    np.testing.assert_array_equal(artists.line.get_xydata(), params[:k])
    np.testing.assert_array_equal(artists.marker.get_xydata(), params[k - 1:k])
    np.testing.assert_array_equal(artists.start.get_xydata(), params[:1])
    np.testing.assert_array_equal(artists.whole.get_xydata(), params)


def test_step_costs_and_update(ax):
    costs = np.array([4.0, 2.0, 1.0, 0.5])
    artists = pd.plot_step_costs(costs, ax, step=1)
    np.testing.assert_array_equal(artists.full.get_xydata(), np.column_stack([range(4), costs]))
    np.testing.assert_array_equal(artists.done.get_xydata(), [[0, 4.0], [1, 2.0]])
    pd.update_step_costs(artists, costs, 3)
    np.testing.assert_array_equal(artists.marker.get_xydata(), [[3, 0.5]])
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "cost J"


def test_sigmoid_fit(ax):
    X, y = one_feature_data(m=20, rng=0)
    artists = pd.plot_sigmoid_fit(X, y, 2.0, -1.0, ax)
    x = artists.curve.get_xdata()
    np.testing.assert_allclose(artists.curve.get_ydata(), 1 / (1 + np.exp(-(2.0 * x - 1.0))))
    assert artists.boundary.get_xdata()[0] == pytest.approx(0.5)
    for k, points in enumerate(artists.points):
        np.testing.assert_array_equal(points.get_offsets()[:, 1], np.full(10, float(k)))
        assert matplotlib.colors.same_color(points.get_facecolor()[0], CLASS_COLORS[k])
    pd.update_sigmoid_fit(artists, 0.0, 1.0)
    assert not artists.boundary.get_visible()
    np.testing.assert_allclose(artists.curve.get_ydata(), 1 / (1 + np.exp(-1.0)))
    pd.update_sigmoid_fit(artists, 1e308, 0.0)  # huge w: a step, no warning
    assert set(np.unique(artists.curve.get_ydata())) <= {0.0, 0.5, 1.0}


def test_decision_point():
    assert pd.decision_point(2.0, -1.0) == 0.5
    assert pd.decision_point(0.0, 3.0) is None
    assert str(pd.decision_point(1.0, 0.0)) == "0.0"  # never "-0.0" in a readout


def test_no_axes_given_makes_one_without_pyplot():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    artists = pd.plot_path([[0.0, 0.0], [1.0, 1.0]])
    assert artists.line.axes is not None and plt.get_fignums() == before


def test_bad_input_is_explained(ax):
    with pytest.raises(ValueError, match="`params` must be 2-D"):
        pd.plot_path([0.0, 1.0], ax)
    with pytest.raises(ValueError, match="`X` must be 2-D"):
        pd.plot_sigmoid_fit([0.0, 1.0], [0, 1], 1.0, 0.0, ax)
