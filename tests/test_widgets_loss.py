"""Headless tests of LossExplorer: controls set from Python move the state, the markers and
the picture; ŷ changes only blit; the static face is a PNG that follows the state."""

import base64
import io
import itertools
import warnings

import numpy as np
import pytest
from PIL import Image

from lessons_lib.widgets import LossExplorer
from lessons_lib.widgets.loss import LOSS_YLIM, SLOPE_YLIM


def closed_forms(y, p):
    """Loss and dL/dŷ written out by hand (p inside the clip)."""
    ce = -np.log(p) if y == 1 else -np.log(1 - p)
    d_ce = -1 / p if y == 1 else 1 / (1 - p)
    return ce, 0.5 * (p - y) ** 2, d_ce, p - y


def marker_xy(line):
    return float(line.get_xdata()[0]), float(line.get_ydata()[0])


@pytest.fixture(scope="module")
def explorer():
    return LossExplorer()


@pytest.mark.parametrize("y, y_hat", [(1, 0.1), (1, 0.73), (0, 0.05), (0, 0.9)])
def test_state_and_markers_follow_the_controls(explorer, y, y_hat):
    explorer._y.value, explorer._y_hat.value = y, y_hat
    ce, se, d_ce, d_se = closed_forms(y, y_hat)
    s = explorer.state
    assert (s.y, s.y_hat) == (y, y_hat)
    np.testing.assert_allclose([s.cross_entropy, s.squared_error, s.d_cross_entropy,
                                s.d_squared_error], [ce, se, d_ce, d_se], rtol=1e-9)
    loss, slope = explorer._markers["loss"], explorer._markers["slope"]
    assert marker_xy(loss["cross_entropy"]) == pytest.approx((y_hat, ce))
    assert marker_xy(loss["squared_error"]) == pytest.approx((y_hat, se))
    assert marker_xy(slope["cross_entropy"]) == pytest.approx((y_hat, abs(d_ce)))
    assert marker_xy(slope["squared_error"]) == pytest.approx((y_hat, abs(d_se)))
    assert list(loss["cursor"].get_xdata()) == [y_hat, y_hat]
    assert f"{ce:.4g}" in explorer._readout.value and f"{d_ce:.4g}" in explorer._readout.value
    # the markers sit on the drawn curves of the current label
    for key, markers in explorer._markers.items():
        line = explorer._lines[key]["cross_entropy", y]
        on_curve = np.interp(y_hat, line.get_xdata(), line.get_ydata())
        assert markers["cross_entropy"].get_ydata()[0] == pytest.approx(on_curve, rel=1e-3)
        other = explorer._lines[key]["cross_entropy", 1 - y]
        assert line.get_alpha() == 1.0 and other.get_alpha() < 1


def test_cross_entropy_pushes_harder_when_confidently_wrong(explorer):
    explorer._y.value, explorer._y_hat.value = 1, 0.01
    s = explorer.state
    assert abs(s.d_cross_entropy) == pytest.approx(100) and abs(s.d_squared_error) < 1
    assert "pushes 101× harder" in explorer._markers["slope"]["text"].get_text()


@pytest.mark.parametrize("y, y_hat, capped", [(1, 0.0, True), (0, 1.0, True), (1, 1.0, False)])
def test_exact_ends_are_capped_honestly(explorer, y, y_hat, capped):
    explorer._y.value, explorer._y_hat.value = y, y_hat
    s = explorer.state
    assert s.clipped
    text = explorer._readout.value
    assert "capped" in text and ("+∞" in text) == capped
    if capped:  # -log(1e-12), off the chart: an arrow head at the top edge
        assert s.cross_entropy == pytest.approx(27.631, abs=1e-3)
        ce = explorer._markers["loss"]["cross_entropy"]
        assert ce.get_marker() == "^" and ce.get_ydata()[0] == LOSS_YLIM[1]
        assert explorer._markers["slope"]["cross_entropy"].get_ydata()[0] == SLOPE_YLIM[1]
        assert "(capped)" in explorer._markers["loss"]["text"].get_text()
    else:  # ŷ = y: squared error's push is 0, below the log axis: an arrow head at the bottom
        se = explorer._markers["slope"]["squared_error"]
        assert se.get_marker() == "v" and se.get_ydata()[0] == SLOPE_YLIM[0]


def test_controls_only_blit(explorer, monkeypatch):
    canvas = explorer._view.canvas
    full_draws = []
    original = canvas.draw
    monkeypatch.setattr(canvas, "draw", lambda: (full_draws.append(1), original())[1])
    explorer._y.value, explorer._y_hat.value = 1, 0.3
    sent, before, draws = explorer._view.frames_sent, explorer._view.image.value, len(full_draws)
    explorer._y_hat.value = 0.6
    assert len(full_draws) == draws  # markers only: blitted, no full draw
    assert explorer._view.frames_sent == sent + 1 and explorer._view.image.value != before
    before = explorer._view.image.value
    explorer._y.value = 0
    assert len(full_draws) == draws  # the curves are animated too: still no full draw
    assert explorer._view.image.value != before


def test_static_face_is_a_png_that_follows_the_state(explorer):
    explorer._y.value, explorer._y_hat.value = 1, 0.2
    bundle = explorer._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    first = base64.b64decode(data["image/png"])
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size == explorer._view.canvas.get_width_height()
    assert "application/vnd.jupyter.widget-view+json" in data
    explorer._y_hat.value = 0.8
    second = explorer.frame_png()
    assert second != first
    pixels = [np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
              for png in (first, second)]
    assert np.abs(pixels[0] - pixels[1]).sum() > 0


@pytest.mark.parametrize("kwargs, match", [({"y": 2}, "`y`"), ({"y_hat": 1.5}, "`y_hat`"),
                                           ({"y_hat": -0.1}, "`y_hat`")])
def test_bad_arguments_are_clear_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        LossExplorer(**kwargs)


def test_sweep_every_control_with_warnings_as_errors(explorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for y, y_hat in itertools.product([0, 1], [0.0, 0.001, 0.5, 0.999, 1.0]):
            explorer._y.value, explorer._y_hat.value = y, float(y_hat)
            s = explorer.state
            assert np.isfinite([s.cross_entropy, s.d_cross_entropy]).all()
        explorer._y_hat.value = explorer._y_hat.min
        assert explorer.state.clipped
        explorer._y_hat.value = explorer._y_hat.max
        assert explorer.state.clipped


def gradients_on_z_by_central_differences(y, p, h=1e-6):
    """dL/dz at z = logit(p), through the library's own losses (an independent reference)."""
    from lessons_lib import losses
    from lessons_lib.activations import sigmoid
    z = np.log(p) - np.log1p(-p)
    ce = lambda t: losses.binary_cross_entropy_with_logits([y], [t])[0]
    se = lambda t: losses.squared_error([y], sigmoid(np.array([t])))[0]
    return [(f(z + h) - f(z - h)) / (2 * h) for f in (ce, se)]


@pytest.mark.parametrize("y, y_hat", [(1, 0.01), (1, 0.3), (1, 0.73), (0, 0.05), (0, 0.97)])
def test_readout_shows_the_gradients_on_z_through_the_sigmoid(explorer, y, y_hat):
    explorer._y.value, explorer._y_hat.value = y, y_hat
    s = explorer.state
    slope, d_ce_z, d_se_z = y_hat * (1 - y_hat), y_hat - y, (y_hat - y) * y_hat * (1 - y_hat)
    np.testing.assert_allclose([s.sigmoid_slope, s.d_cross_entropy_dz, s.d_squared_error_dz],
                               [slope, d_ce_z, d_se_z], rtol=1e-12)
    np.testing.assert_allclose([s.d_cross_entropy_dz, s.d_squared_error_dz],
                               gradients_on_z_by_central_differences(y, y_hat), rtol=1e-7)
    # chain rule: each dL/dŷ times σ'(z)
    np.testing.assert_allclose([s.d_cross_entropy * slope, s.d_squared_error * slope],
                               [d_ce_z, d_se_z], rtol=1e-9)
    text = explorer._readout.value
    assert "∂L/∂z" in text and "σ′(z) = ŷ(1 − ŷ)" in text
    for value in (slope, d_ce_z, d_se_z):
        assert f"<b>{value:.4g}</b>" in text or f"= {value:.4g}:" in text
    assert ("Confidently wrong" in text) == (abs(y_hat - y) > 0.9)


@pytest.mark.parametrize("y, y_hat", [(1, 0.0), (0, 1.0)])
def test_at_the_capped_ends_the_gradient_on_z_is_still_finite(explorer, y, y_hat):
    explorer._y.value, explorer._y_hat.value = y, y_hat
    s = explorer.state
    assert s.d_cross_entropy_dz == y_hat - y and s.d_squared_error_dz == 0.0
    text = explorer._readout.value
    assert "push on ŷ is infinite" in text and f"limit on z is ŷ − y = {y_hat - y:g}" in text
    assert "<b>-0</b>" not in text and "<b>0</b>" in text


@pytest.mark.parametrize("y, y_hat", [(1, 0.05), (0, 0.999), (1, 0.5)])
def test_figure_labels_and_readout_print_the_same_numbers(y, y_hat):
    # The figure once said "cross-entropy 3" while the readout below said 2.996.
    import re

    explorer = LossExplorer(y=y, y_hat=y_hat)
    bold = re.findall(r"<b>([^<]+)</b>", explorer._readout.value)
    label = explorer._markers["loss"]["text"].get_text()
    push = explorer._markers["slope"]["text"].get_text()
    ce, d_ce, se = bold[0], bold[1], bold[2]
    assert f"cross-entropy {ce}" in label and f"squared error {se}" in label
    assert f"|∂CE/∂ŷ| {d_ce.lstrip('-−')}" in push
