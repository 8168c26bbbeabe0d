"""lessons_lib.curvature: closed-form Hessians against central differences of the analytic
gradient, the 2 × 2 eigenvalue formula against numpy, minima against an independent Newton
solver, plateaus never counted as minima, the search reproducible, and bad input."""

import numpy as np
import pytest

from lessons_lib import curvature
from lessons_lib.gradcheck import relative_error
from lessons_lib.surfaces import make_surface, one_feature_data

LOSSES = ["cross_entropy", "squared_error"]


def _fd_hessian(surface, p, h=1e-5):
    """Central differences of the surface's analytic gradient, column by column."""
    p = np.asarray(p, dtype=float)
    return np.column_stack([(surface.grad(p + h * e) - surface.grad(p - h * e)) / (2 * h)
                            for e in np.eye(2)])


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("m", [2, 7, 40])
def test_hessian_matches_finite_differences_of_the_gradient(loss, m):
    rng = np.random.default_rng(m)
    X, y = one_feature_data(m=m, rng=rng)
    surface = make_surface("logistic", loss, X, y)
    for w, b in rng.uniform(-2.5, 2.5, size=(6, 2)):
        H = curvature.logistic_hessian(X, y, w, b, loss)
        assert H.shape == (2, 2)
        assert relative_error(H, _fd_hessian(surface, [w, b])) < 1e-7, (loss, w, b)


@pytest.mark.parametrize("loss", LOSSES)
def test_hessian_on_a_grid_equals_pointwise(loss):
    rng = np.random.default_rng(3)
    X, y = one_feature_data(m=9, rng=rng)
    W, B = rng.uniform(-3, 3, (3, 4)), rng.uniform(-3, 3, (3, 4))
    H = curvature.logistic_hessian(X, y, W, B, loss)
    assert H.shape == (3, 4, 2, 2)
    for i in range(3):
        for j in range(4):
            np.testing.assert_allclose(H[i, j], curvature.logistic_hessian(X, y, W[i, j], B[i, j], loss),
                                       rtol=1e-13, atol=1e-16)
    np.testing.assert_array_equal(H[..., 0, 1], H[..., 1, 0])


def test_cross_entropy_hessian_is_UtSU_over_m():
    rng = np.random.default_rng(4)
    X, y = one_feature_data(m=12, rng=rng)
    w, b = 0.7, -0.3
    a = 1 / (1 + np.exp(-(w * X[:, 0] + b)))
    U = np.column_stack([X[:, 0], np.ones(12)])
    expected = U.T @ np.diag(a * (1 - a)) @ U / 12
    np.testing.assert_allclose(curvature.logistic_hessian(X, y, w, b), expected, rtol=1e-12)


def test_min_eigenvalue_matches_numpy():
    rng = np.random.default_rng(5)
    A = rng.normal(size=(50, 2, 2))
    H = A + np.swapaxes(A, -1, -2)
    np.testing.assert_allclose(curvature.min_eigenvalue(H), np.linalg.eigvalsh(H)[:, 0],
                               rtol=1e-12, atol=1e-14)


def test_curvature_grid_agrees_with_the_hessian_and_the_gradient():
    surface = make_surface("logistic", "squared_error")
    g = curvature.curvature_grid(surface, n=7)
    assert g.J.shape == g.min_eigenvalue.shape == g.grad_norm.shape == (7, 7)
    i, j = 2, 5
    H = curvature.logistic_hessian(surface.X, surface.y, g.w[j], g.b[i], "squared_error")
    assert g.min_eigenvalue[i, j] == pytest.approx(np.linalg.eigvalsh(H)[0], rel=1e-10)
    assert g.grad_norm[i, j] == pytest.approx(np.linalg.norm(surface.grad([g.w[j], g.b[i]])))
    assert g.J[i, j] == pytest.approx(surface.cost([g.w[j], g.b[i]]))


@pytest.mark.parametrize("loss", LOSSES)
def test_local_minima_match_the_surfaces_own_minima(loss):
    """surfaces finds minima with a finite-difference Hessian: an independent solver."""
    surface = make_surface("logistic", loss)
    found = curvature.local_minima(surface.X, surface.y, loss)
    assert len(found) == len(surface.minima) == 1
    np.testing.assert_allclose([found[0].w, found[0].b], surface.minima[0], atol=1e-6)
    assert found[0].grad_norm < 1e-12 and found[0].eigenvalues[0] > 0


def test_separable_data_has_no_finite_minimum_plateaus_are_not_counted():
    """Separable data: cross-entropy decreases forever as |w| grows; far out, the surface is
    flat to rounding, which must not be reported as a minimum."""
    X, y = np.array([[-2.0], [-1.0], [1.0], [2.0]]), np.array([0.0, 0.0, 1.0, 1.0])
    for loss in LOSSES:
        assert curvature.local_minima(X, y, loss) == ()


def test_search_is_reproducible_and_its_cases_have_two_minima():
    first = curvature.search_spurious_minima(40, rng=0)
    second = curvature.search_spurious_minima(40, rng=0)
    assert first.num_datasets == 40 and len(first.cases) == len(second.cases) >= 1
    for a, b in zip(first.cases, second.cases):
        np.testing.assert_array_equal(a.X, b.X)
        assert len(a.minima) >= 2 and a.minima[0].cost < a.minima[1].cost


def test_random_one_feature_set_has_both_classes_on_the_grid():
    rng = np.random.default_rng(6)
    for _ in range(20):
        X, y = curvature.random_one_feature_set(rng)
        assert X.shape == (len(y), 1) and 4 <= len(y) <= 8 and 0 < y.sum() < len(y)
        assert np.all(X * 2 == np.round(X * 2)) and np.abs(X).max() <= 4
        assert len(np.unique(X)) == len(y)


def test_bad_input():
    X, y = [[0.0], [1.0]], [0, 1]
    with pytest.raises(ValueError, match="columns"):
        curvature.logistic_hessian([[0.0, 1.0]], [1], 0.0, 0.0)
    with pytest.raises(ValueError, match="labels"):
        curvature.logistic_hessian(X, [0, 2], 0.0, 0.0)
    with pytest.raises(ValueError, match="loss"):
        curvature.logistic_hessian(X, y, 0.0, 0.0, loss="hinge")
    with pytest.raises(ValueError, match="2, 2"):
        curvature.min_eigenvalue(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="logistic"):
        curvature.curvature_grid(make_surface("bowl"))
    with pytest.raises(TypeError, match="num_datasets"):
        curvature.search_spurious_minima(2.5)
