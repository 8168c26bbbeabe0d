"""Every claim that notebooks/01_logistic_regression.ipynb makes in words, checked numerically.

Each test names the sentence it checks. Numbers the text states are either compared with the
stored notebook (markdown parsed with nbformat) after computing them here, or stated as
constants with the sentence they come from; a final test lists every decimal number in the
markdown, so a new number in the text fails here until a test checks it.
"""

import contextlib
import io
import math
import re
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import checks, datasets
from lessons_lib.activations import sigmoid

ROOT = Path(__file__).resolve().parents[1]
NB = nbformat.read(ROOT / "notebooks" / "01_logistic_regression.ipynb", as_version=4)
MARKDOWN = [c.source for c in NB.cells if c.cell_type == "markdown"]
CODE = [c for c in NB.cells if c.cell_type == "code"]
ALL_MARKDOWN = "\n".join(MARKDOWN)


def markdown_with(phrase):
    """The one markdown cell containing ``phrase``."""
    found = [text for text in MARKDOWN if phrase in text]
    assert len(found) == 1, f"{len(found)} markdown cells contain {phrase!r}"
    return found[0]


def code_with(phrase):
    found = [c for c in CODE if phrase in c.source]
    assert len(found) == 1, f"{len(found)} code cells contain {phrase!r}"
    return found[0]


def stdout_of(phrase):
    return "".join(o.get("text", "") for o in code_with(phrase).outputs if o.output_type == "stream")


def run_cells(*phrases, namespace=None):
    """Execute the code cells containing ``phrases`` (in order) in one namespace; silence prints."""
    namespace = {"np": np} if namespace is None else namespace
    with contextlib.redirect_stdout(io.StringIO()):
        for phrase in phrases:
            exec(code_with(phrase).source, namespace)  # noqa: S102 - our own notebook
    return namespace


def naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def reference_sigmoid(z):
    """An independent reference for moderate z (Python floats, math.exp)."""
    return 1.0 / (1.0 + math.exp(-z))


@pytest.fixture(scope="module")
def cancer():
    return datasets.load_breast_cancer()


@pytest.fixture(scope="module")
def x_radius(cancer):
    radius = cancer.X[:, 0]
    return (radius - radius.mean()) / radius.std()


# --- the sigmoid: "0 < σ(z) < 1", "σ(0) = 1/2", "σ(−z) = 1 − σ(z)", "increasing" -------------

@settings(deadline=None, max_examples=60)
@given(st.floats(min_value=-36.0, max_value=36.0))
def test_sigmoid_is_strictly_between_0_and_1_and_matches_the_formula(z):
    s = float(sigmoid(z))
    assert 0.0 < s < 1.0
    assert s == pytest.approx(reference_sigmoid(z), rel=1e-14, abs=1e-300)


@settings(deadline=None, max_examples=60)
@given(st.floats(min_value=-700.0, max_value=700.0))
def test_symmetry_and_threshold_for_any_score(z):
    # "σ(−z) = 1 − σ(z)" and "ŷ ≥ 0.5 ⇔ z ≥ 0" (outside the rounding band the text describes)
    assert float(sigmoid(-z)) == pytest.approx(1.0 - float(sigmoid(z)), abs=2e-16)
    if abs(z) > 4.6e-17:
        assert (float(sigmoid(z)) >= 0.5) == (z >= 0)


def test_sigma_of_zero_is_one_half_exactly():
    assert float(sigmoid(0.0)) == 0.5 and float(sigmoid(-0.0)) == 0.5


def test_sigmoid_is_increasing():
    z = np.linspace(-40, 40, 100_001)
    s = sigmoid(z)
    assert np.all(np.diff(s) >= 0)
    inner = sigmoid(np.linspace(-30, 30, 10_001))
    assert np.all(np.diff(inner) > 0)  # strictly, where float64 can tell the values apart


def test_values_printed_in_the_sigmoid_table():
    # the table cell: σ(z) and 1 − σ(−z) at z = −4, −2, 0, 2, 4, to 3 decimals
    z = np.array([-4.0, -2.0, 0.0, 2.0, 4.0])
    expected = [round(reference_sigmoid(v), 3) for v in z]
    out = stdout_of("1 − σ(−z)").splitlines()
    for line in out[1:]:
        numbers = [float(v) for v in re.findall(r"\d\.\d*", line)]
        assert numbers == pytest.approx(expected, abs=1e-12)


def test_floating_point_note_about_37_and_745():
    # "σ(37) is 1 − 8.5e−17, but the computer first forms 1 + e^−37, and that sum already rounds
    # to 1 (the next float64 above 1 is about 1 + 2e−16), so the computed σ(37) is exactly 1.0";
    # "σ(−37) ≈ 8.5e−17 is stored as it is"; "only below z ≈ −745 does σ(z) round to 0.0"
    text = markdown_with("A note on computers")
    assert "8.5 \\times 10^{-17}" in text and "$1 + 2 \\times 10^{-16}$" in text
    assert 1.0 + math.exp(-37) == 1.0 and np.nextafter(1.0, 2.0) - 1.0 == pytest.approx(2.2e-16, rel=0.01)
    # the exact σ(37) is closer to 1 − 2^−53 than to 1: the 1.0 comes from the sum, not from σ
    gap = math.exp(-37) / (1 + math.exp(-37))  # exact σ(37) = 1 − gap, gap ≈ 8.5e−17
    assert abs(2.0**-53 - gap) < gap
    assert math.exp(-37) / (1 + math.exp(-37)) == pytest.approx(8.5e-17, rel=0.01)
    assert float(sigmoid(37.0)) == 1.0 and float(sigmoid(36.0)) < 1.0
    assert float(sigmoid(-37.0)) == pytest.approx(8.5e-17, rel=0.01)
    assert float(sigmoid(-745.1)) > 0.0 and float(sigmoid(-745.2)) == 0.0
    assert "exactly 1: True" in stdout_of("for z in [36.0, 37.0").splitlines()[1]


def test_rounding_band_around_the_threshold():
    # "between about −4.5e−17 and 0, the computed σ(z) is exactly 0.5"
    assert "-4.5 \\times 10^{-17}" in markdown_with("One more floating-point detail")
    assert float(sigmoid(-4.4e-17)) == 0.5 and float(sigmoid(-1e-17)) == 0.5
    assert float(sigmoid(-4.6e-17)) < 0.5
    assert "σ(z) ≥ 0.5: True, z ≥ 0: False" in stdout_of("z_tiny = -1e-17")


# --- overflow: "as soon as z < −709.78", "≈ 1.8e308 ≈ e^709.78", float32 "above 88.7" -----------

def overflow_warnings(fn, z):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(z)
    return result, [w for w in caught if issubclass(w.category, RuntimeWarning)]


def test_largest_float64_and_where_the_naive_form_overflows():
    text = markdown_with("Typed straight from the formula")
    assert "1.8 \\times 10^{308} \\approx e^{709.78}" in text and "z < -709.78" in text
    assert 1.79e308 < np.finfo(np.float64).max < 1.81e308
    assert math.log(np.finfo(np.float64).max) == pytest.approx(709.78, abs=0.005)
    for z in [-709.0, -709.78, 0.0, 1000.0]:
        assert overflow_warnings(naive_sigmoid, np.float64(z))[1] == [], z
    for z in [-709.79, -710.0, -1000.0]:
        result, caught = overflow_warnings(naive_sigmoid, np.float64(z))
        assert caught and "overflow" in str(caught[0].message), z
        assert result == 0.0  # "here the answer is nearly right: 1 / (1 + inf) is 0.0"
    # "... the true values are tiny (at z = −710 about 4.5e−309, which float64 can store: the stable
    # version below gets it)": the naive form loses a representable (subnormal) value there
    assert "$z = -710$ about $4.5 \\times 10^{-309}$" in markdown_with("Here the answer is nearly right")
    assert float(sigmoid(-710.0)) == pytest.approx(math.exp(-710.0), rel=1e-9)
    assert 4.45e-309 < float(sigmoid(-710.0)) < 4.55e-309  # while the naive form gave 0.0 above
    assert "RuntimeWarning: overflow encountered in exp" in stdout_of("def naive_sigmoid")


def test_the_other_form_gives_nan_and_float32_overflows_above_88_7():
    result, caught = overflow_warnings(lambda z: np.exp(z) / (1 + np.exp(z)), np.float64(1000))
    assert np.isnan(result) and caught
    assert "nan" in stdout_of("other_form")
    assert "z \\approx 88.7" in markdown_with("gives `inf / inf`")
    assert overflow_warnings(np.exp, np.float32(88.72))[1] == []
    assert overflow_warnings(np.exp, np.float32(88.73))[1]


def test_the_stable_form_never_warns_and_agrees_with_the_formula():
    z = np.concatenate([np.linspace(-1000, 1000, 20_001), [-1e308, 1e308, -746.0, 37.0]])
    e = np.exp(-np.abs(z))
    assert np.all((e >= 0) & (e <= 1))  # "e^{-|z|} lies in (0, 1]" (0 only by rounding)
    result, caught = overflow_warnings(sigmoid, z)
    assert caught == []
    assert result[0] == 0.0 and result[-4] == 0.0 and result[-2] == 0.0  # −1000, −1e308, −746
    assert result[-3] == 1.0 and result[-1] == 1.0  # 1e308 and 37
    moderate = np.abs(z) < 700
    with np.errstate(over="raise"):
        np.testing.assert_allclose(result[moderate], naive_sigmoid(z[moderate]), rtol=1e-13)
    assert math.exp(-1000) == 0.0  # "e^{−1000} rounds to 0"
    assert "(0 warnings)" in stdout_of("stable = activations.sigmoid(z)")


# --- the made-up spam table -----------------------------------------------------------------

def parse_spam_table():
    text = markdown_with("| email |")
    assert "**This table is made up.**" in text
    rows = [line for line in text.splitlines() if re.match(r"\| [A-E] \|", line)]
    cells = [[v.strip() for v in row.strip("|").split("|")] for row in rows]
    return [c[0] for c in cells], np.array([[float(v) for v in c[1:4]] for c in cells]), \
        np.array([int(c[4]) for c in cells])


@pytest.fixture(scope="module")
def spam():
    return run_cells("X_spam = np.array", "w_spam = np.array")


def test_the_table_in_the_text_is_the_array_in_the_code(spam):
    names, X_table, y_table = parse_spam_table()
    assert names == list("ABCDE")
    np.testing.assert_array_equal(X_table, spam["X_spam"])
    np.testing.assert_array_equal(y_table, spam["y_spam"])
    assert "MADE-UP" in code_with("X_spam = np.array").source


def test_linear_scores_leave_0_1_as_the_text_says(spam):
    z = spam["X_spam"] @ spam["w_spam"] + spam["b_spam"]
    np.testing.assert_array_equal(z, spam["z_spam"])
    # "none of them is a probability: email B scores 6, email A scores −4.5"
    assert np.all((z < 0) | (z > 1))
    assert z[1] == 6.0 and z[0] == -4.5
    assert "email B scores 6, email A scores −4.5" in markdown_with("**none** of")
    # "the spam emails B and D score highest"
    assert set(np.argsort(z)[-2:]) == {1, 3} and set(np.flatnonzero(spam["y_spam"])) == {1, 3}
    for name, value in zip("ABCDE", z):
        assert f"email {name}: z = {value:5.1f}" in stdout_of("w_spam = np.array")


def test_all_five_emails_on_the_right_side_and_e_is_the_closest_call(spam):
    z = spam["z_spam"]
    y_hat = sigmoid(z)
    assert np.array_equal((y_hat >= 0.5).astype(int), spam["y_spam"])
    assert np.array_equal(y_hat >= 0.5, z >= 0)
    assert np.argmin(np.abs(z)) == 4 and z[4] == -0.5
    assert round(float(y_hat[4]), 2) == 0.38
    assert "$z = -0.5$, $\\hat y \\approx 0.38$" in markdown_with("closest")


# --- the breast-cancer data -------------------------------------------------------------------

def test_shapes_and_class_counts_stated_in_the_text(cancer):
    m, n = cancer.X.shape
    n_benign, n_malignant = int(np.sum(cancer.y == 0)), int(np.sum(cancer.y == 1))
    text = markdown_with("So $m = ")
    assert f"$m = {m}$ tumours with $n = {n}$ features" in text
    assert f"{n_benign} benign and {n_malignant} malignant" in text
    assert (m, n, n_benign, n_malignant) == (569, 30, 357, 212)
    assert cancer.target_names[1] == "malignant"  # "We label malignant as y = 1"


def test_radius_overlaps_between_12_and_17(cancer):
    radius, y = cancer.X[:, 0], cancer.y
    assert cancer.feature_names[0] == "radius (mean)"
    small, middle, large = radius < 12, (radius >= 12) & (radius < 17), radius >= 17
    assert y[small].mean() < 0.05  # "small ones mostly benign"
    assert y[large].mean() > 0.95  # "large nuclei are mostly malignant"
    assert 0.25 < y[middle].mean() < 0.75  # "in between both kinds occur"
    assert "overlap between 12 and 17" in code_with("bins = np.arange").source


def test_the_best_least_squares_line_leaves_0_1(cancer):
    X, y = cancer.X, cancer.y
    X1 = np.column_stack([X, np.ones(len(y))])
    line = X1 @ (np.linalg.pinv(X1) @ y)  # a second implementation of the least-squares fit
    below, above = int(np.sum(line < 0)), int(np.sum(line > 1))
    assert (below, above) == (110, 68)
    assert "178 of 569 outputs outside $[0, 1]$" in markdown_with("## Summary")
    assert f"{below + above} of {len(y)} outside [0, 1] ({below} below, {above} above)" in \
        stdout_of("np.linalg.lstsq")
    assert f"outputs from {line.min():.2f} to {line.max():.2f}" in stdout_of("np.linalg.lstsq")


def test_the_one_feature_line_crosses_1_on_the_right_and_0_on_the_left(cancer, x_radius):
    y = cancer.y
    slope = np.sum((x_radius - x_radius.mean()) * (y - y.mean())) / np.sum(
        (x_radius - x_radius.mean()) ** 2)
    intercept = y.mean() - slope * x_radius.mean()
    left, right = slope * x_radius.min() + intercept, slope * x_radius.max() + intercept
    assert left < 0 and right > 1
    assert (round(left, 2), round(right, 2)) == (-0.34, 1.77)  # the figure's title


# --- one neuron on one feature, and the explorer -------------------------------------------------

def test_w_3_5_b_minus_0_5_on_the_radius(cancer, x_radius):
    y_hat = sigmoid(3.5 * x_radius - 0.5)
    assert round(float(np.mean((y_hat >= 0.5) == cancer.y)), 3) == 0.875
    # "Tumour 3 is malignant, yet ... ŷ ≈ 0.04"
    assert cancer.y[3] == 1 and round(float(y_hat[3]), 2) == 0.04
    assert "\\hat y \\approx 0.04" in markdown_with("Tumour 3 is malignant")
    assert "87.5%" in stdout_of("X_one = x_radius")


def test_best_accuracy_on_the_radius_and_where_its_boundary_lies(cancer, x_radius):
    # "No boundary on the radius alone does better than 89.1%, which needs the boundary in a
    #  narrow gap between 0.259 and 0.262 (the sliders can get there)."
    y = cancer.y
    xs = np.unique(x_radius)
    cuts = np.concatenate([[xs[0] - 1], (xs[1:] + xs[:-1]) / 2, [xs[-1] + 1]])
    up = np.array([np.mean((x_radius >= t) == y) for t in cuts])      # w > 0
    down = np.array([np.mean((x_radius < t) == y) for t in cuts])     # w < 0
    best = max(up.max(), down.max())
    assert round(best * 100, 1) == 89.1 and up.max() > down.max()
    best_cuts = cuts[up == best]
    assert len(best_cuts) == 1
    right = np.searchsorted(xs, best_cuts[0])   # the gap between two neighbouring radii
    assert (round(xs[right - 1], 3), round(xs[right], 3)) == (0.259, 0.262)
    w, b = 5.95, -1.55   # on the explorer's sliders: [-6, 6] in steps of 0.05
    assert -6 <= b < w <= 6 and round(w / 0.05, 9) % 1 == 0 and round(b / 0.05, 9) % 1 == 0
    assert np.mean((w * x_radius + b >= 0) == y) == best
    assert "89.1%" in markdown_with("## Explore") and "0.259 and 0.262" in markdown_with("## Explore")


def test_explorer_claims_about_w(cancer, x_radius):
    y = cancer.y
    # "Make w negative ... the accuracy collapses"
    assert np.mean((sigmoid(-1.0 * x_radius) >= 0.5) == y) < 0.25
    # "Make w larger with b = 0 ... the boundary x = −b/w = 0 stays": predictions do not change
    assert all(np.array_equal(sigmoid(w * x_radius) >= 0.5, x_radius >= 0) for w in (0.5, 1, 6))


def test_explorer_spreads_the_points_for_display_only(cancer, x_radius):
    # "So that 569 points don't hide each other, each is drawn up to 0.04 above or below its
    #  height; this is for display only, the labels stay 0 and 1."
    from lessons_lib.widgets import sigmoid as sigmoid_widget

    text = markdown_with("## Explore")
    assert "569 points" in text and "up to 0.04 above or below" in text
    assert len(x_radius) == cancer.y.size == 569 > sigmoid_widget.CROWDED
    assert sigmoid_widget.JITTER == 0.04
    assert np.all(np.abs(sigmoid_widget._display_jitter(569)) <= 0.04)
    cell = code_with("widgets.SigmoidExplorer").source
    assert 'x_label="radius (standardised)"' in cell and 'class_names=("benign", "malignant")' in cell
    assert tuple(cancer.target_names) == ("benign", "malignant")  # y = 0 benign, y = 1 malignant


# --- exercises and quiz ---------------------------------------------------------------------

def solution(grade_id):
    cell = [c for c in CODE if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    assert len(cell) == 1
    return cell[0].source


def test_the_solutions_pass_their_checkers_and_the_naive_sigmoid_is_reported():
    namespace = {"np": np}
    exec(solution("01-sigmoid"), namespace)  # noqa: S102
    exec(solution("01-forward"), namespace)  # noqa: S102
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert checks.check_sigmoid(namespace["sigmoid"]) is True
        assert checks.check_forward(namespace["forward"]) is True
        # "The naive 1 / (1 + np.exp(-z)) overflows, and the checker reports it as a mistake."
        assert checks.check_sigmoid(naive_sigmoid) is False
    assert "overflows for z = -1000" in out.getvalue()  # the catalogued hint for the naive form
    assert "np.exp(-np.abs(z))" in markdown_with("## Exercise 1")


def test_quiz_has_three_or_more_questions_each_option_explained_and_right():
    from lessons_lib import quiz

    source = code_with("quiz.Quiz([").source
    the_quiz = eval(source, {"quiz": quiz})  # noqa: S307 - our own notebook
    assert len(the_quiz) >= 3
    for item in the_quiz:
        q = item.question
        assert len(q.why) == len(q.options) and all(w.strip() for w in q.why)
    # the numbers in the options and explanations
    assert round(reference_sigmoid(-2), 2) == 0.12
    assert 1.79e308 < np.finfo(np.float64).max < 1.81e308
    assert float(sigmoid(2 * 0.0)) != 2 * float(sigmoid(0.0))
    assert float(sigmoid(37.0)) == 1.0 and float(sigmoid(36.0)) < 1.0  # "rounds to 1.0 above ≈ 37"


# --- every decimal number in the text is one of those checked above -------------------------------

CHECKED = {
    # illustrative values of ŷ and the threshold (definitions, not measurements)
    "0.9", "0.5", "0.02", "0.99", "0.04", "0.38",
    # checked above
    "1.8", "709.78", "88.7", "8.5", "4.5", "89.1", "0.259", "0.262", "3.5", "0.26",
    "1.0", "0.0",  # `1.0` and `0.0`: the rounded sigmoid (test_floating_point_note..., overflow)
}


def test_every_decimal_number_in_the_markdown_is_checked():
    numbers = set(re.findall(r"(?<![\w.])-?(\d+\.\d+)", ALL_MARKDOWN))
    assert numbers <= CHECKED, f"unchecked numbers in the text: {sorted(numbers - CHECKED)}"
