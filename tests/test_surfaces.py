"""Cost surfaces: gradients against central differences, grids against points, minima
against independent references (closed forms, Newton/IRLS), presets doing what their
names say, and bad input."""

import numpy as np
import pytest

from lessons_lib import surfaces
from lessons_lib.descent import gradient_descent
from lessons_lib.gradcheck import check_gradients
from lessons_lib.surfaces import PRESETS, make_surface, one_feature_data

CASES = [("logistic", "cross_entropy"), ("logistic", "squared_error"), ("bowl", "cross_entropy"),
         ("ravine", "cross_entropy"), ("wells", "cross_entropy")]
IDS = ["logistic-ce", "logistic-se", "bowl", "ravine", "wells"]


@pytest.fixture(scope="module", params=CASES, ids=IDS)
def surface(request):
    return make_surface(*request.param)


def _points(surface, rng, k=8):
    """Random points in the central 60 % of the window (where no sigmoid saturates, so
    finite differences are not swamped by rounding), plus the start."""
    (w0, w1), (b0, b1) = surface.w_range, surface.b_range
    cw, cb, hw, hb = (w0 + w1) / 2, (b0 + b1) / 2, 0.3 * (w1 - w0), 0.3 * (b1 - b0)
    P = np.column_stack([rng.uniform(cw - hw, cw + hw, k), rng.uniform(cb - hb, cb + hb, k)])
    return [*P, np.array(surface.start)]


def test_gradient_matches_central_differences(surface):
    for p in _points(surface, np.random.default_rng(0)):
        result = check_gradients(surface.cost, surface.grad, p)
        assert result.relative_error < 1e-7, (surface.title, p, result)


def test_cost_grid_equals_pointwise_cost(surface):
    rng = np.random.default_rng(1)
    W = rng.uniform(*surface.w_range, size=(3, 4))
    B = rng.uniform(*surface.b_range, size=(3, 4))
    J = surface.cost_grid(W, B)
    assert J.shape == (3, 4)
    expected = [[surface.cost([w, b]) for w, b in zip(rw, rb)] for rw, rb in zip(W, B)]
    np.testing.assert_allclose(J, expected, rtol=1e-12, atol=1e-15)


def test_vectorised_gradient_equals_pointwise(surface):
    rng = np.random.default_rng(2)
    W, B = rng.uniform(-2, 2, 5), rng.uniform(-2, 2, 5)
    dW, dB = surface.grad_wb(W, B)
    for w, b, dw, db in zip(W, B, dW, dB):
        np.testing.assert_allclose(surface.grad([w, b]), [dw, db], rtol=1e-12, atol=1e-15)


def test_grid_layout_rows_follow_b(surface):
    grid = surface.grid(7)
    assert grid.J.shape == (7, 7)
    assert grid.w[0] == surface.w_range[0] and grid.b[-1] == surface.b_range[1]
    assert grid.J[2, 5] == pytest.approx(surface.cost([grid.w[5], grid.b[2]]), rel=1e-12)


def test_minima_are_minima(surface):
    assert len(surface.minima) >= 1
    costs = [surface.cost(p) for p in surface.minima]
    assert costs == sorted(costs)
    for p in surface.minima:
        assert np.linalg.norm(surface.grad(p)) < 1e-8
        for direction in np.random.default_rng(3).normal(size=(8, 2)):
            step = 1e-3 * direction / np.linalg.norm(direction)
            assert surface.cost(p + step) > surface.cost(p)


def test_descend_is_gradient_descent(surface):
    lr = surface.lr_presets["good"]
    ours = surface.descend(lr, 20, (0.5, -0.5))
    direct = gradient_descent(surface.cost, surface.grad, [0.5, -0.5], lr, 20)
    np.testing.assert_array_equal(ours.params, direct.params)
    np.testing.assert_array_equal(ours.costs, direct.costs)


@pytest.mark.parametrize("name", ["bowl", "ravine"])
def test_quadratic_minimum_is_its_centre(name):
    np.testing.assert_allclose(make_surface(name).minima, [[1.0, 0.5]], atol=1e-10)


def _hessian(surface, p, h=1e-5):
    return np.column_stack([(surface.grad(p + h * e) - surface.grad(p - h * e)) / (2 * h)
                            for e in np.eye(2)])


def test_bowl_is_round_and_ravine_has_condition_number_25():
    bowl, ravine = make_surface("bowl"), make_surface("ravine")
    np.testing.assert_allclose(_hessian(bowl, np.zeros(2)), np.eye(2), atol=1e-8)
    eig = np.linalg.eigvalsh(_hessian(ravine, np.array([0.3, -1.0])))
    assert eig[1] / eig[0] == pytest.approx(25.0, rel=1e-6)


def test_logistic_minimum_matches_newton_irls():
    X, y = one_feature_data(rng=surfaces.DATA_SEED)
    A = np.column_stack([X[:, 0], np.ones(len(y))])  # independent: Newton on the log-likelihood
    p = np.zeros(2)
    for _ in range(30):
        s = 1 / (1 + np.exp(-(A @ p)))
        p -= np.linalg.solve(A.T @ (A * (s * (1 - s))[:, None]), A.T @ (s - y))
    np.testing.assert_allclose(make_surface("logistic", "cross_entropy").minima, [p], atol=1e-7)


@pytest.mark.parametrize("corner", [(-5.0, 5.0), (-5.0, -5.0), (-4.0, -3.0)])
def test_squared_error_has_plateaus_where_cross_entropy_is_steep(corner):
    se = make_surface("logistic", "squared_error")
    ce = make_surface("logistic", "cross_entropy")
    # confidently wrong: the sigmoid saturates, so squared error's gradient nearly vanishes
    assert np.linalg.norm(se.grad(corner)) < 0.05 * np.linalg.norm(ce.grad(corner))


def test_wells_have_three_basins_and_starts_choose_one():
    wells = make_surface("wells")
    assert len(wells.minima) == 3
    for index, p in enumerate(wells.minima):
        traj = wells.descend(0.1, 400, p + np.array([0.3, -0.2]))
        assert wells.nearest_minimum(traj.params[-1]) == index
    assert wells.nearest_minimum(wells.descend(num_steps=200).params[-1]) == 1  # default start


def _flips(params):
    d = np.diff(params, axis=0)
    return int(np.sum(np.sum(d[1:] * d[:-1], axis=1) < 0))


def _distance(surface, traj):
    return np.min(np.linalg.norm(surface.minima - traj.params[-1], axis=1))


def test_presets_do_what_their_names_say(surface):
    runs = {name: surface.descend(surface.lr_presets[name], 50) for name in PRESETS}
    start_distance = _distance(surface, runs["good"]._replace(params=runs["good"].params[:1]))
    assert surface.lr_presets["too small"] < surface.lr_presets["good"] \
        < surface.lr_presets["too large"] < surface.lr_presets["divergent"]
    # too small: moves, but is still far; good: much closer
    assert runs["too small"].costs[-1] < runs["too small"].costs[0]
    assert _distance(surface, runs["too small"]) > 0.3 * start_distance
    assert _distance(surface, runs["good"]) < 0.2 * start_distance
    assert not runs["good"].diverged and not runs["too large"].diverged
    # too large: overshoots (turns back) or flies far out, and does not beat good
    too_large = runs["too large"]
    assert _flips(too_large.params) >= 3 or np.abs(too_large.params).max() > 5
    # divergent: blows up, or is flung off the map and does not come back
    divergent = runs["divergent"]
    end = divergent.params[-1]
    off = not (surface.w_range[0] <= end[0] <= surface.w_range[1]
               and surface.b_range[0] <= end[1] <= surface.b_range[1])
    assert divergent.diverged or off


@pytest.mark.parametrize("name", ["bowl", "ravine", "wells"])
def test_divergent_preset_diverges_as_a_state(name):
    surface = make_surface(name)
    traj = surface.descend(surface.lr_presets["divergent"], 100)
    assert traj.diverged and len(traj.params) < 101
    assert np.all(np.isfinite(traj.params)) and np.all(np.isfinite(traj.costs))


def test_far_starts_and_huge_rates_raise_nothing(surface):
    for start in [(1e3, -1e3), (-1e6, 1e6), (0.0, 0.0)]:
        for lr in (1e-3, 1.0, 1e4):
            traj = surface.descend(lr, 30, start)
            assert np.all(np.isfinite(traj.costs))
    big = surface.cost_grid(np.array([1e308, -1e308]), np.array([1e308, 0.0]))
    assert big.shape == (2,)


def test_one_feature_data_is_seeded_and_balanced():
    X, y = one_feature_data(m=41, rng=5)
    X2, y2 = one_feature_data(m=41, rng=5)
    np.testing.assert_array_equal(X, X2)
    assert X.shape == (41, 1) and y.shape == (41,)
    assert set(np.unique(y)) == {0.0, 1.0} and y.sum() == 21
    assert X[y == 1].mean() > X[y == 0].mean()


def test_custom_data_makes_its_own_surface():
    X, y = [[0.0], [1.0], [2.0], [3.0]], [0, 1, 0, 1]
    surface = make_surface("logistic", X=X, y=y)
    z = np.array([0.0, 1.0, 2.0, 3.0]) * 0.5 - 1.0
    expected = np.mean(np.logaddexp(0, z) - np.array([0, 1, 0, 1]) * z)
    assert surface.cost([0.5, -1.0]) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("call, match", [
    (lambda: make_surface("saddle"), "`name` must be one of"),
    (lambda: make_surface("logistic", loss="hinge"), "`loss` must be one of"),
    (lambda: make_surface("bowl").cost([1.0, 2.0, 3.0]), "`p` must hold two numbers"),
    (lambda: make_surface("bowl").cost("ab"), "`p` must be numbers"),
    (lambda: make_surface("bowl").grad([np.nan, 0.0]), "`p`"),
    (lambda: make_surface("logistic", X=[[0.0], [1.0]], y=[0, 2]), "`y`"),
    (lambda: make_surface("logistic", X=[0.0, 1.0], y=[0, 1]), "`X` must be 2-D"),
    (lambda: one_feature_data(m=1), "`m` must be"),
    (lambda: make_surface("bowl").grid(1), "`n` must be"),
])
def test_bad_input_is_explained(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()
