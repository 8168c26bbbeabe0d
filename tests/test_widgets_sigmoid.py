"""SigmoidExplorer driven headless: w and b set from Python; the curve, the decision point,
the shading, the rings and the accuracy follow (against an independent computation with
models.LogisticRegression); sliders only blit; extremes raise nothing; PNG static face;
x_label and class_names reach the figure; crowded data is jittered for display only.
(The nbconvert export with this explorer is in test_widgets_descent.py: one kernel.)"""

import base64
import io
from collections import Counter

import numpy as np
import pytest
from PIL import Image

from lessons_lib.models import LogisticRegression
from lessons_lib.widgets import SigmoidExplorer
from lessons_lib.widgets import sigmoid as sigmoid_module

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def explorer():
    return SigmoidExplorer()


def _reference_predictions(X, w, b):
    model = LogisticRegression(1)
    model.w[:] = w
    model.b = b
    return model.predict(X)


def _reference_accuracy(X, y, w, b):
    return float(np.mean(_reference_predictions(X, w, b) == y))


@pytest.mark.parametrize("w, b", [(1.0, 0.5), (2.5, -1.0), (-3.0, 2.0), (0.05, 0.3), (6.0, -6.0)])
def test_sliders_drive_state_and_picture(explorer, w, b):
    before = bytes(explorer._view.image.value)
    explorer._w.value, explorer._b.value = w, b
    state = explorer.state
    assert (state.w, state.b) == (w, b)
    x = explorer._fit.curve.get_xdata()
    np.testing.assert_allclose(explorer._fit.curve.get_ydata(), 1 / (1 + np.exp(-(w * x + b))),
                               rtol=1e-12)
    assert state.x0 == pytest.approx(-b / w)
    assert explorer._fit.boundary.get_visible()
    assert explorer._fit.boundary.get_xdata()[0] == pytest.approx(-b / w)
    assert state.accuracy == _reference_accuracy(explorer.X, explorer.y, w, b)
    wrong = explorer._wrong.get_offsets()
    assert len(wrong) == round((1 - state.accuracy) * explorer.y.size)
    assert f"accuracy {state.accuracy:.0%}" in explorer._readout.value
    assert bytes(explorer._view.image.value) != before


def test_shading_covers_the_side_predicted_as_class_1(explorer):
    low, high = explorer._ax.get_xlim()
    explorer._w.value, explorer._b.value = 2.0, -1.0  # class 1 right of x = 0.5
    assert explorer._shade.get_x() == pytest.approx(0.5)
    assert explorer._shade.get_x() + explorer._shade.get_width() == pytest.approx(high)
    explorer._w.value = -2.0  # class 1 left of x = -0.5
    assert explorer._shade.get_x() == pytest.approx(low)
    assert explorer._shade.get_width() == pytest.approx(-0.5 - low)


@pytest.mark.parametrize("b, everyone", [(0.4, 1.0), (-0.4, 0.0), (0.0, 1.0)])
def test_w_zero_is_a_flat_curve_without_a_decision_point(explorer, b, everyone):
    explorer._w.value, explorer._b.value = 0.0, b
    state = explorer.state
    assert state.x0 is None and not explorer._fit.boundary.get_visible()
    assert np.all(state.y_pred == everyone)  # σ(b) ≥ 0.5 decides for every x
    assert state.accuracy == pytest.approx(np.mean(explorer.y == everyone))
    assert "w = 0" in explorer._readout.value and f"class {int(everyone)}" in explorer._readout.value
    assert explorer._shade.get_width() == (pytest.approx(np.ptp(explorer._ax.get_xlim()))
                                           if everyone else 0.0)


def test_moving_a_slider_only_blits():
    explorer = SigmoidExplorer()
    calls = Counter()
    view = explorer._view
    for name in ("redraw", "blit"):
        method = getattr(view, name)
        setattr(view, name, lambda *a, _m=method, _n=name: (calls.update([_n]), _m(*a)))
    for w in np.linspace(-6, 6, 7):
        explorer._w.value = float(w)
    explorer._b.value = 3.0
    assert calls == Counter(blit=8)


def test_sweep_extremes_raise_nothing(explorer):
    for w in (explorer._w.min, -1e-9, 0.0, 1e-9, explorer._w.max):
        for b in (explorer._b.min, 0.0, explorer._b.max):
            explorer._w.value, explorer._b.value = w, b
            assert 0.0 <= explorer.state.accuracy <= 1.0 and explorer._view.image.value
    explorer._w.value, explorer._b.value = 0.0, -6.0  # the longest title
    renderer = explorer._view.fig.canvas.get_renderer()
    inside = explorer._view.fig.bbox.padded(1.0)
    box = explorer._ax.get_tightbbox(renderer)  # ticks, labels, title, legend: nothing clipped
    assert inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 <= box.y1 <= inside.y1


def test_static_face_is_a_png_that_changes_with_state():
    explorer = SigmoidExplorer()
    bundle = explorer._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    first = base64.b64decode(data["image/png"])
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == (800, 400)
    explorer._b.value = 2.0
    assert explorer.frame_png() != first


def test_custom_data():
    explorer = SigmoidExplorer(X=[[0.0], [1.0], [2.0], [3.0]], y=[0, 0, 1, 1], w=2.0, b=-3.0)
    assert explorer.state.accuracy == 1.0 and explorer.state.x0 == 1.5


@pytest.mark.parametrize("kwargs, match", [
    ({"w": "a"}, "`w` must be a finite number"),
    ({"b": np.nan}, "`b` must be a finite number"),
    ({"w": 10.0}, "`w` must be between"),
    ({"X": [0.0, 1.0], "y": [0, 1]}, "`X` must be 2-D"),
    ({"X": [[0.0], [1.0]], "y": [0, 3]}, "`y`"),
])
def test_bad_arguments_are_explained(kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        SigmoidExplorer(**kwargs)


# --- names of the axis and the classes; crowded data ------------------------------------

def _legend_texts(explorer):
    return [text.get_text() for text in explorer._ax.get_legend().get_texts()]


def test_default_labels_are_unchanged(explorer):
    assert explorer._ax.get_xlabel() == "feature x"
    assert _legend_texts(explorer) == ["class 0", "class 1", "ŷ = σ(w x + b)", "threshold 0.5",
                                       "x = −b / w", "predicted class 1", "misclassified"]
    assert explorer.class_names == ("class 0", "class 1")


@pytest.fixture(scope="module")
def crowded():
    """400 examples (more than CROWDED): the picture spreads them vertically for display."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(400, 1))
    y = (X[:, 0] + rng.normal(scale=0.8, size=400) > 0.2).astype(float)
    explorer = SigmoidExplorer(X=X, y=y, w=2.0, b=-0.5, x_label="radius (standardised)",
                               class_names=("benign", "malignant"))
    return X, y, explorer


def test_labels_appear_in_the_figure_and_the_readout(crowded):
    _, _, explorer = crowded
    assert explorer._ax.get_xlabel() == "radius (standardised)"
    texts = _legend_texts(explorer)
    assert texts[:2] == ["benign", "malignant"] and "predicted malignant" in texts
    assert not any("class 0" in t or "class 1" in t for t in texts)
    explorer._w.value, explorer._b.value = 0.0, 1.0
    assert "every x is malignant" in explorer._readout.value
    explorer._b.value = -1.0
    assert "every x is benign" in explorer._readout.value


@pytest.mark.parametrize("w, b", [(2.0, -0.5), (-3.0, 1.0), (6.0, 6.0), (0.0, 0.5)])
def test_display_jitter_never_changes_the_data_or_the_accuracy(crowded, w, b):
    X, y, explorer = crowded
    explorer._w.value, explorer._b.value = w, b
    np.testing.assert_array_equal(explorer.X, X)
    np.testing.assert_array_equal(explorer.y, y)
    assert explorer.state.accuracy == _reference_accuracy(X, y, w, b)
    wrong = _reference_predictions(X, w, b) != y
    rings = explorer._wrong.get_offsets()
    np.testing.assert_array_equal(rings[:, 0], X[wrong, 0])
    assert np.all(np.abs(rings[:, 1] - y[wrong]) <= sigmoid_module.JITTER)
    assert f"({round(explorer.state.accuracy * 400)} of 400)" in explorer._readout.value


def test_crowded_points_are_spread_the_same_way_every_time(crowded):
    X, y, explorer = crowded
    shown = [points.get_offsets() for points in explorer._fit.points]
    for k in (0, 1):
        np.testing.assert_array_equal(shown[k][:, 0], X[y == k, 0])
        offsets = shown[k][:, 1] - k
        assert np.all(np.abs(offsets) <= sigmoid_module.JITTER) and np.ptp(offsets) > 0.05
    again = SigmoidExplorer(X=X, y=y)
    for k in (0, 1):
        np.testing.assert_array_equal(again._fit.points[k].get_offsets(), shown[k])
    assert explorer._wrong.get_alpha() < 1.0  # lighter rings when crowded
    notes = [t.get_text() for t in explorer._ax.texts]
    assert any("for display only" in note for note in notes)


def test_sparse_points_are_not_spread(explorer):
    for k in (0, 1):
        np.testing.assert_array_equal(explorer._fit.points[k].get_offsets()[:, 1], k)
    assert explorer._wrong.get_alpha() in (None, 1.0) and not explorer._ax.texts


def test_crowded_figure_clips_nothing(crowded):
    _, _, explorer = crowded
    explorer._view.redraw()
    renderer = explorer._view.fig.canvas.get_renderer()
    inside = explorer._view.fig.bbox.padded(1.0)
    for artist in (explorer._ax, *explorer._ax.texts):
        box = artist.get_tightbbox(renderer) if artist is explorer._ax else \
            artist.get_window_extent(renderer)
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 <= box.y1 <= inside.y1


@pytest.mark.parametrize("kwargs, error, match", [
    ({"x_label": 3}, TypeError, r"`x_label` must be a string .*got 3 of type int.*Example"),
    ({"x_label": "  "}, ValueError, r"`x_label` must not be empty"),
    ({"class_names": "benign"}, TypeError, r"`class_names` must be a pair of strings .*Example"),
    ({"class_names": None}, TypeError, r"`class_names` must be a pair of strings"),
    ({"class_names": ("a", "b", "c")}, ValueError, r"`class_names` must name exactly 2 classes.*got 3"),
    ({"class_names": ("benign", 1)}, TypeError, r"`class_names\[1\]` must be a string, got 1"),
    ({"class_names": ("", "malignant")}, ValueError, r"`class_names\[0\]` must not be empty"),
    ({"class_names": ["same", "same"]}, ValueError, r"name the two classes differently"),
])
def test_bad_labels_are_explained(kwargs, error, match):
    with pytest.raises(error, match=match):
        SigmoidExplorer(**kwargs)


def test_class_names_accept_a_list():
    explorer = SigmoidExplorer(class_names=["no", "yes"])
    assert explorer.class_names == ("no", "yes") and _legend_texts(explorer)[:2] == ["no", "yes"]
