"""SigmoidExplorer driven headless: w and b set from Python; the curve, the decision point,
the shading, the rings and the accuracy follow (against an independent computation with
models.LogisticRegression); sliders only blit; extremes raise nothing; PNG static face.
(The nbconvert export with this explorer is in test_widgets_descent.py: one kernel.)"""

import base64
import io
from collections import Counter

import numpy as np
import pytest
from PIL import Image

from lessons_lib.models import LogisticRegression
from lessons_lib.widgets import SigmoidExplorer

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def explorer():
    return SigmoidExplorer()


def _reference_accuracy(X, y, w, b):
    model = LogisticRegression(1)
    model.w[:] = w
    model.b = b
    return float(np.mean(model.predict(X) == y))


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
