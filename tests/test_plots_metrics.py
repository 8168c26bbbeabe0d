"""plots.metrics: the confusion matrix picture holds exactly the counts asked for, in the right
cells, legibly, in library style (ax=None makes a pyplot-free figure; the caller's labels stay)."""

import io

import matplotlib
import numpy as np
import pytest
from matplotlib.figure import Figure

from lessons_lib import metrics
from lessons_lib.plots import plot_confusion_matrix
from lessons_lib.plots.metrics import ConfusionArtists

pytestmark = pytest.mark.filterwarnings("error")

C = np.array([[30, 0, 2], [1, 35, 0], [0, 3, 29]])


@pytest.fixture
def ax():
    return Figure().add_subplot()


def test_one_text_per_nonzero_cell_at_its_row_and_column(ax):
    art = plot_confusion_matrix(C, ax=ax)
    assert isinstance(art, ConfusionArtists)
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
             for t in art.texts}
    assert cells == {(i, j): str(C[i, j]) for i in range(3) for j in range(3) if C[i, j]}


def test_the_two_layers_hold_the_diagonal_and_the_mistakes(ax):
    art = plot_confusion_matrix(C, ax=ax)
    correct, errors = art.correct.get_array(), art.errors.get_array()
    diagonal = np.eye(3, dtype=bool)
    np.testing.assert_array_equal(~np.ma.getmaskarray(correct), diagonal)
    np.testing.assert_array_equal(~np.ma.getmaskarray(errors), ~diagonal & (C > 0))
    np.testing.assert_array_equal(correct.compressed(), [30, 35, 29])
    assert art.errors.get_clim() == (0, 3) and art.correct.get_clim() == (0, 35)


def test_text_is_white_on_dark_cells_and_black_on_pale_ones(ax):
    art = plot_confusion_matrix(C, ax=ax)
    colors = {t.get_text(): matplotlib.colors.to_hex(t.get_color()) for t in art.texts}
    assert colors["35"] == colors["3"] == "#ffffff"
    assert colors["1"] == "#000000"


def test_ticks_and_labels_follow_the_classes_and_keep_the_callers_labels(ax):
    ax.set_xlabel("the network's answer")
    plot_confusion_matrix(C, ax=ax, class_names=["zero", "one", "two"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["zero", "one", "two"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["zero", "one", "two"]
    assert ax.get_xlabel() == "the network's answer" and ax.get_ylabel() == "true class"
    assert not any(line.get_visible() for line in ax.get_xgridlines() + ax.get_ygridlines())


def test_without_ax_a_pyplot_free_figure_is_made_and_rcparams_are_untouched():
    import matplotlib.pyplot as plt

    before, figures = dict(matplotlib.rcParams), plt.get_fignums()
    art = plot_confusion_matrix(metrics.confusion_matrix([0, 1, 2, 2], [0, 2, 2, 1], 3))
    fig = art.correct.axes.get_figure()
    assert plt.get_fignums() == figures and dict(matplotlib.rcParams) == before
    fig.savefig(io.BytesIO(), format="png")  # draws without a warning
    assert [t.get_text() for t in art.texts] == ["1", "1", "1", "1"]


def test_all_correct_has_no_mistake_cells(ax):
    art = plot_confusion_matrix(np.diag([4, 5]), ax=ax)
    assert np.ma.getmaskarray(art.errors.get_array()).all()
    assert [t.get_text() for t in art.texts] == ["4", "5"]


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(C=[[1, 2, 3]]), ValueError, r"`C` must be square"),
    (dict(C=[[1, -2], [0, 1]]), ValueError, r"`C` must hold counts"),
    (dict(C=[[1, np.nan], [0, 1]]), ValueError, r"`C` contains NaN"),
    (dict(C=C, class_names=["a", "b"]), ValueError, r"`class_names` must be a sequence of 3"),
    (dict(C=C, class_names="abc"), ValueError, r"`class_names`.*the string 'abc'"),
])
def test_bad_input(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        plot_confusion_matrix(**kwargs)
