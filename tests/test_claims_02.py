"""Every claim 02_loss_and_cost makes in words, checked numerically.

Where the library's closed form is what the notebook shows, an independent reference checks it
here (finite differences of the gradient, eigenvalues by numpy, a ring of points around a minimum).
"""

import json
from pathlib import Path

import numpy as np
import pytest

from lessons_lib import curvature, losses, surfaces
from lessons_lib.activations import sigmoid

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_loss_and_cost.ipynb"
X_S = np.array([[-3.0], [-2.5], [-2.0], [-0.5], [0.0], [1.5], [3.5], [4.0]])
Y_S = np.array([1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0])


@pytest.fixture(scope="module")
def markdown():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


@pytest.fixture(scope="module")
def course():
    X, y = surfaces.one_feature_data(rng=surfaces.DATA_SEED)
    return (X, y, surfaces.make_surface("logistic", "cross_entropy", X, y),
            surfaces.make_surface("logistic", "squared_error", X, y))


def _fd_hessian(surface, p, h=1e-5):
    p = np.asarray(p, dtype=float)
    return np.column_stack([(surface.grad(p + h * e) - surface.grad(p - h * e)) / (2 * h)
                            for e in np.eye(2)])


# --- loss, cost, likelihood, branches ------------------------------------------------------

def test_toy_losses_cost_and_which_predictions_cost_most():
    y, y_hat = np.array([1.0, 0, 1, 0]), np.array([0.9, 0.2, 0.4, 0.7])
    loss = losses.binary_cross_entropy(y, y_hat)
    np.testing.assert_allclose(loss, [-np.log(0.9), -np.log(0.8), -np.log(0.4), -np.log(0.3)])
    assert round(loss.mean(), 3) == 0.612 == round(losses.bce_cost(y, y_hat), 3)
    assert set(np.argsort(loss)[:2]) == {0, 1} and np.argmax(loss) == 3


@pytest.mark.parametrize("m", [1, 4, 50])
def test_bce_is_the_negative_mean_log_likelihood_of_a_bernoulli(m):
    rng = np.random.default_rng(m)
    y, y_hat = rng.integers(0, 2, m).astype(float), rng.uniform(0.01, 0.99, m)
    likelihood = np.prod(np.where(y == 1, y_hat, 1 - y_hat))  # independent of the y^… form
    assert losses.bce_cost(y, y_hat) == pytest.approx(-np.log(likelihood) / m, rel=1e-12)


def test_product_of_many_probabilities_underflows_but_the_sum_of_logs_does_not():
    p = np.full(1000, 0.4)
    assert np.prod(p) == 0.0 and np.isfinite(np.sum(np.log(p)))


def test_branches_numbers_and_squared_error_bounded_by_one_half():
    assert round(losses.binary_cross_entropy([1], [0.01])[0], 2) == 4.61
    assert round(losses.squared_error([1], [0.01])[0], 2) == 0.49
    y_hat = np.linspace(0, 1, 1001)
    for label in (0, 1):
        assert losses.squared_error(np.full(1001, label), y_hat).max() <= 0.5
    np.testing.assert_allclose(losses.binary_cross_entropy(np.ones(3), [0.2, 0.5, 0.9]),
                               -np.log([0.2, 0.5, 0.9]))
    np.testing.assert_allclose(losses.binary_cross_entropy(np.zeros(3), [0.2, 0.5, 0.9]),
                               -np.log([0.8, 0.5, 0.1]))
    assert losses.bce_cost([1, 1], [0.1, 0.2]) > 1  # "the mean loss can exceed 1" (quiz)


# --- the two surfaces, curvature, plateau -----------------------------------------------------

def test_course_surfaces_have_one_minimum_each_where_printed(course):
    _, _, ce, se = course
    assert len(ce.minima) == len(se.minima) == 1
    np.testing.assert_array_equal(np.round(ce.minima[0], 2), [2.98, -1.28])
    np.testing.assert_array_equal(np.round(se.minima[0], 2), [2.33, -0.97])


def test_cross_entropy_hessian_is_psd_on_a_grid(course):
    X, y, ce, _ = course
    for lim in (5.0, 20.0):
        W, B = np.meshgrid(np.linspace(-lim, lim, 81), np.linspace(-lim, lim, 81))
        eig = np.linalg.eigvalsh(curvature.logistic_hessian(X, y, W, B))
        assert eig.min() >= -1e-12
    g = curvature.curvature_grid(ce, n=61)
    assert g.min_eigenvalue.min() >= -1e-12 and round(g.min_eigenvalue.min(), 4) == 0.0011
    for p in [(-4.0, 4.0), (1.0, -0.5), (6.0, -4.0)]:  # and by finite differences
        assert np.linalg.eigvalsh(_fd_hessian(ce, p))[0] > -1e-8


def test_UtSU_is_psd_with_any_number_of_features():
    rng = np.random.default_rng(7)
    for n in (1, 3, 10):
        U = np.column_stack([rng.normal(size=(40, n)), np.ones(40)])
        a = sigmoid(U @ rng.normal(scale=3, size=n + 1))
        assert np.linalg.eigvalsh(U.T @ np.diag(a * (1 - a)) @ U / 40).min() >= -1e-12


def test_squared_error_has_negative_curvature_where_the_notebook_says(course, markdown):
    X, y, _, se = course
    g = curvature.curvature_grid(se, n=61)
    assert round(g.min_eigenvalue.min(), 4) == -0.1106
    share = np.mean(g.min_eigenvalue < -1e-3)
    assert round(share * 100) == 70 and "70 %" in markdown
    fd = np.linalg.eigvalsh(_fd_hessian(se, (-4.0, 4.0)))  # independent of the closed form
    assert fd[0] < -0.02
    np.testing.assert_array_equal(
        np.round(np.linalg.eigvalsh(curvature.logistic_hessian(X, y, -4.0, 4.0, "squared_error")), 4),
        [-0.0225, -0.0009])
    assert np.linalg.eigvalsh(_fd_hessian(se, se.minima[0]))[0] > 0  # upward around the minimum


def test_plateau_numbers(course, markdown):
    _, _, ce, se = course
    start = (-5.0, 4.0)
    g_ce, g_se = np.linalg.norm(ce.grad(start)), np.linalg.norm(se.grad(start))
    assert 75 <= g_ce / g_se <= 85 and "about 80 times" in markdown
    path_ce = ce.descend(lr=4.0, num_steps=100, start=start)
    path_se = se.descend(lr=4.0, num_steps=100, start=start)
    assert path_ce.costs[-1] - ce.cost(ce.minima[0]) < 1e-3
    assert (round(path_se.costs[0], 3), round(path_se.costs[-1], 3)) == (0.392, 0.248)
    assert round(se.cost(se.minima[0]), 3) == 0.043
    assert "0.392 to 0.248" in markdown and "0.043" in markdown


# --- the spurious minimum -------------------------------------------------------------------

def test_the_seeded_search_finds_3_of_200_and_the_second_is_the_notebooks(markdown):
    result = curvature.search_spurious_minima(200, rng=0)
    assert result.num_datasets == 200 and len(result.cases) == 3
    assert "3 of the 200" in markdown and "1 in 70" in markdown  # 200 / 3 ≈ 67
    np.testing.assert_array_equal(result.cases[1].X, X_S)
    np.testing.assert_array_equal(result.cases[1].y, Y_S)


def test_spurious_minimum_is_a_true_local_minimum_with_a_lower_cost_elsewhere(markdown):
    se = surfaces.make_surface("logistic", "squared_error", X_S, Y_S)
    low, high = curvature.local_minima(X_S, Y_S, "squared_error")
    assert (round(low.cost, 4), round(high.cost, 4)) == (0.1201, 0.1714)
    assert "$J = 0.1201$" in markdown and "$J = 0.1714$" in markdown
    for p in (low, high):
        centre = np.array([p.w, p.b])
        h = 1e-6  # gradient of the cost by central differences: independent of grad_wb
        g = [(se.cost(centre + h * e) - se.cost(centre - h * e)) / (2 * h) for e in np.eye(2)]
        assert np.linalg.norm(g) < 1e-8
        assert np.linalg.eigvalsh(_fd_hessian(se, centre))[0] > 1e-3
        ring = [centre + 1e-2 * np.array([np.cos(t), np.sin(t)]) for t in np.linspace(0, 6.2, 32)]
        assert min(se.cost(q) for q in ring) > p.cost  # every small step goes uphill
    a = sigmoid(high.w * X_S[:, 0] + high.b)
    assert (round(a[-2], 3), round(a[-1], 3)) == (0.002, 0.001)  # gives up on x = 3.5, 4


def test_descent_from_the_two_starts_ends_in_the_two_minima():
    se = surfaces.make_surface("logistic", "squared_error", X_S, Y_S)
    low, high = curvature.local_minima(X_S, Y_S, "squared_error")
    for start, target in [((-1.5, 1.5), low), ((-2.5, -1.0), high)]:
        end = se.descend(lr=5.0, num_steps=600, start=start).params[-1]
        assert np.linalg.norm(end - [target.w, target.b]) < 1e-3


def test_cross_entropy_has_one_minimum_close_to_squared_errors_global_one():
    (ce_min,) = curvature.local_minima(X_S, Y_S, "cross_entropy")
    low = curvature.local_minima(X_S, Y_S, "squared_error")[0]
    assert np.hypot(ce_min.w - low.w, ce_min.b - low.b) < 0.1


# --- the remaining sentences ------------------------------------------------------------------

def test_course_data_is_notebook_03s_and_has_one_minimum_per_loss_in_a_wide_square(course):
    X, y, _, _ = course
    default = surfaces.make_surface("logistic")  # what DescentExplorer() draws
    np.testing.assert_array_equal(default.X, X)
    assert X.shape == (60, 1)
    assert X[y == 0].max() > X[y == 1].min()  # the classes overlap
    for loss in ("cross_entropy", "squared_error"):  # "the cost above has only one"
        assert len(curvature.local_minima(X, y, loss, radius=10.0)) == 1


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_gradients_on_z_as_the_loss_explorer_text_says(label):
    z, h = np.linspace(-6, 6, 13), 1e-6
    a = sigmoid(z)
    y = np.full_like(z, label)
    for loss, expected in [(losses.binary_cross_entropy_with_logits, a - label),
                           (lambda y, z: losses.squared_error(y, sigmoid(z)), (a - label) * a * (1 - a))]:
        numeric = (loss(y, z + h) - loss(y, z - h)) / (2 * h)
        np.testing.assert_allclose(numeric, expected, atol=1e-8)
    wrong = (a - label) * a * (1 - a)  # vanishes when confidently wrong, CE's does not
    far = z[0] if label == 1 else z[-1]
    assert abs(wrong[z == far][0]) < 0.003 and abs((a - label)[z == far][0]) > 0.99


def test_both_data_sets_show_negative_curvature_and_plateaus(course):
    _, _, ce, se = course
    se_s = surfaces.make_surface("logistic", "squared_error", X_S, Y_S)
    ce_s = surfaces.make_surface("logistic", "cross_entropy", X_S, Y_S)
    for s, c in [(se, ce), (se_s, ce_s)]:
        g = curvature.curvature_grid(s, n=61)
        assert g.min_eigenvalue.min() < -0.1
        low = s.cost(curvature.local_minima(s.X, s.y, "squared_error")[0][:2])
        plateau = np.argwhere((g.grad_norm < 0.015) & (g.J > low + 0.15))
        assert len(plateau) > 0
        i, j = plateau[0]
        assert np.linalg.norm(c.grad([g.w[j], g.b[i]])) > 50 * g.grad_norm[i, j]


@pytest.mark.parametrize("label, wrong", [(1.0, lambda a: a < 1 / 3), (0.0, lambda a: a > 2 / 3)])
def test_squared_error_bends_down_exactly_for_examples_wrong_enough(label, wrong):
    a = np.linspace(0.001, 0.999, 999)
    a = a[np.abs(a - 1 / 3) > 1e-9]
    a = a[np.abs(a - 2 / 3) > 1e-9]
    bracket = a * (1 - a) + (a - label) * (1 - 2 * a)
    np.testing.assert_array_equal(bracket < 0, wrong(a))
    if label == 1:
        np.testing.assert_allclose(bracket, -(3 * a - 1) * (a - 1), atol=1e-15)
    z = np.log(a / (1 - a))  # and ℓ'' by central differences on z has the same sign
    h = 1e-4
    ell = [losses.squared_error(np.full_like(z, label), sigmoid(z + d)) for d in (-h, 0.0, h)]
    second = (ell[0] - 2 * ell[1] + ell[2]) / h**2
    clear = np.abs(bracket) > 1e-3
    np.testing.assert_array_equal((second < 0)[clear], wrong(a)[clear])


def test_only_the_region_around_the_minimum_curves_up_and_ce_slope_stays_large(course):
    _, _, ce, se = course
    g = curvature.curvature_grid(se, n=61)
    up = g.min_eigenvalue > 0
    i0 = np.argmin(np.abs(g.b - se.minima[0][1]))
    j0 = np.argmin(np.abs(g.w - se.minima[0][0]))
    reached, stack = np.zeros_like(up), [(i0, j0)]
    while stack:  # flood fill from the minimum through cells that curve up
        i, j = stack.pop()
        if 0 <= i < 61 and 0 <= j < 61 and up[i, j] and not reached[i, j]:
            reached[i, j] = True
            stack += [(i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)]
    assert reached.sum() > 100 and np.array_equal(reached, up)
    gc = curvature.curvature_grid(ce, n=61)
    away = gc.J > ce.cost(ce.minima[0]) + 0.1
    assert gc.grad_norm[away].min() > 0.03
    assert g.grad_norm[g.J > se.cost(se.minima[0]) + 0.1].min() < 0.002  # SE's does
