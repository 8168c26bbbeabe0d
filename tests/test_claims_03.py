"""Every claim that notebooks/03_gradient_descent.ipynb makes in words, checked numerically.

Independent references where they exist: closed forms for the parabola, an analytic Hessian of
the logistic cost (the notebook measures it by finite differences), plain loops instead of the
library's descent. The last test ties the numbers asserted here to the notebook's text, so the
two cannot drift apart.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from lessons_lib import datasets, descent, gradcheck, losses, models, surfaces
from lessons_lib.activations import sigmoid
from lessons_lib.checks import check_descent_loop, check_update
from lessons_lib.widgets.descent import run_status

pytestmark = pytest.mark.filterwarnings("error")

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_gradient_descent.ipynb"


def J(w):
    return (w - 2.0) ** 2


def dJ(w):
    return 2.0 * (w - 2.0)


@pytest.fixture(scope="module")
def surface():
    return surfaces.make_surface("logistic")


def analytic_hessian(surface, p):
    """Hessian of the mean cross-entropy: mean of σ'(z) [x, 1][x, 1]ᵀ."""
    x = surface.X[:, 0]
    a = sigmoid(p[0] * x + p[1])
    features = np.column_stack([x, np.ones_like(x)])
    return (features * (a * (1 - a))[:, None]).T @ features / x.size


def loop(grad, x0, lr, num_steps):
    xs = [x0]
    for _ in range(num_steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))
    return np.array(xs)


# --- the derivative as a slope ---------------------------------------------------------------

@pytest.mark.parametrize("w", [-0.5, 1.0, 2.0, 3.5])
def test_slope_sign_points_downhill_and_the_size_is_the_steepness(w):
    h = 1e-5
    assert (J(w + h) - J(w - h)) / (2 * h) == pytest.approx(dJ(w), abs=1e-8)
    step = -0.25 * dJ(w)  # the green arrows of the tangent figure
    if dJ(w) == 0:
        assert J(w) < min(J(w - 0.1), J(w + 0.1))  # flat: here, the bottom
    else:
        assert J(w + step) < J(w)  # the arrow goes downhill
        assert np.sign(step) == (1 if dJ(w) < 0 else -1)  # against the slope
        assert abs(dJ(w)) == pytest.approx(2 * abs(w - 2.0))  # proportional to the distance


def test_slopes_printed_in_the_figure():
    assert [dJ(w) for w in (-0.5, 1.0, 2.0, 3.5)] == [-5.0, -2.0, 0.0, 3.0]


# --- the update rule ---------------------------------------------------------------------------

def test_three_updates_from_the_start_lower_the_cost_from_3471_to_0323(surface):
    assert surface.X.shape == (60, 1) and set(surface.y) == {0.0, 1.0}
    w, b, costs = -3.0, 3.0, [surface.cost([-3.0, 3.0])]
    for _ in range(3):
        dw, db = surface.grad([w, b])
        w, b = w - 4.0 * dw, b - 4.0 * db
        costs.append(surface.cost([w, b]))
    assert np.round(costs, 3).tolist() == [3.471, 1.103, 0.444, 0.323]


def test_updating_w_first_then_b_with_the_new_w_is_a_different_step(surface):
    """'Both derivatives are taken at the same point': the sequential version differs."""
    dw, db = surface.grad([-3.0, 3.0])
    w = -3.0 - 4.0 * dw
    _, db_late = surface.grad([w, 3.0])
    assert abs(db_late - db) > 0.01


# --- the learning rate on a parabola -----------------------------------------------------------

@pytest.mark.parametrize("c", [0.5, 2.0, 4.0, 25.0])
@pytest.mark.parametrize("fraction",
                         [0.05, 0.3, 0.5, 0.8, 0.99, 1.0, 1.2, 1.5, 1.95, 2.0, 2.05, 3.0])
def test_parabola_thresholds(c, fraction):
    """J = c/2 w²: converges iff α < 2/c, monotone below 1/c, one step at 1/c, oscillating
    between 1/c and 2/c, bouncing at 2/c, diverging above (minimum at 0: no rounding absorbs w)."""
    lr, w0 = fraction / c, -1.0
    ws = loop(lambda w: c * w, w0, lr, 100)
    distance, signs = np.abs(ws), np.sign(ws)
    if fraction == 1:
        assert ws[1] == 0.0 and np.all(ws[1:] == 0.0)
        return
    if fraction < 1:
        assert np.all(signs == -1)  # creeps from one side
    else:
        assert np.all(signs[1:] == -signs[:-1])  # jumps over the minimum every step
    if fraction < 2:
        assert np.all(np.diff(distance) < 0) and distance[-1] < distance[0]  # converges
    elif fraction == 2:
        np.testing.assert_allclose(distance, 1.0, rtol=1e-12)  # bounces for ever
    else:
        assert np.all(np.diff(distance) > 0) and distance[-1] > 100  # diverges


def test_the_four_rates_match_the_closed_form_and_the_names():
    c, w_star, w0 = 2.0, 2.0, -0.5
    for name, lr in {"too small": 0.05, "good": 0.3, "oscillating": 0.8, "divergent": 1.1}.items():
        run = descent.gradient_descent(lambda w: J(w[0]), dJ, [w0], lr, 20)
        assert not run.diverged and run.params.shape == (21, 1)
        distances = np.abs(run.params[:, 0] - w_star)
        np.testing.assert_allclose(distances, abs(1 - lr * c) ** np.arange(21) * abs(w0 - w_star),
                                   rtol=1e-9, atol=1e-12)
        if name == "too small":
            assert distances[-1] > 0.3  # still far after 20 steps
        if name == "oscillating":
            assert 1 / c < lr < 2 / c and distances[-1] < 1e-3
        if name == "divergent":
            assert lr > 2 / c and round(distances[-1], 2) == 95.84


# --- two parameters --------------------------------------------------------------------------

def test_logistic_curvatures_at_the_minimum(surface):
    p = surface.minima[0]
    assert np.round(p, 3).tolist() == [2.982, -1.279] and round(surface.cost(p), 3) == 0.260
    lam = np.linalg.eigvalsh(analytic_hessian(surface, p))
    assert np.round(lam, 4).tolist() == [0.0208, 0.1011]
    assert round(2 / lam[1], 1) == 19.8
    H = np.array([gradcheck.numerical_gradient(lambda q: surface.grad(q)[i], p) for i in range(2)])
    np.testing.assert_allclose(H, analytic_hessian(surface, p), rtol=1e-6)  # the notebook's way


def test_presets_and_the_limit(surface):
    limit = 2 / np.linalg.eigvalsh(analytic_hessian(surface, surface.minima[0]))[1]
    presets = surface.lr_presets
    assert presets["good"] < limit < presets["too large"] < presets["divergent"]
    assert (presets["too small"], presets["good"], presets["too large"], presets["divergent"]) == \
        (0.05, 4.0, 25.0, 150.0)


def test_too_small_is_still_far_after_100_steps(surface):
    run = surface.descend(0.05, 100)
    assert round(run.costs[-1], 3) == 0.945 and np.all(np.diff(run.costs) < 0)
    assert run_status(surface, run, 100, 0.05).kind == "descending"


def test_good_reaches_the_minimum_within_100_steps(surface):
    run = surface.descend(4.0, 100)
    assert np.linalg.norm(run.params[-1] - surface.minima[0]) < 1e-3
    assert round(run.costs[-1], 3) == 0.260 and np.all(np.diff(run.costs) <= 0)
    assert run_status(surface, run, 100, 4.0).kind == "minimum"


def test_too_large_comes_close_then_settles_into_a_two_cycle(surface):
    run = surface.descend(25.0, 300)
    distances = np.linalg.norm(run.params - surface.minima[0], axis=1)
    assert round(run.params[1, 0]) == 20  # the first step leaps far past the right edge
    outside = run.params[:, 0] > surface.w_range[1]
    assert np.all(outside[1:15]) and not np.any(outside[15:])  # 15 steps to walk back
    assert distances[:60].min() < 0.02  # comes close to the minimum, zigzagging ...
    at_50 = run_status(surface, surface.descend(25.0, 50), 50, 25.0)  # the explorer's default
    assert at_50.kind == "unstable" and "reached" not in at_50.words  # close, but not staying
    assert "α = 25 is above the stable limit 2/λₘₐₓ ≈ 19.8" in at_50.words
    assert distances[-100:].min() > 1.0  # ... then leaves it: the minimum repels
    np.testing.assert_allclose(run.params[-1], run.params[-3], atol=1e-9)  # bounces for ever
    np.testing.assert_allclose(run.params[-2], run.params[-4], atol=1e-9)
    assert np.linalg.norm(run.params[-1] - run.params[-2]) > 1.0
    assert sorted(np.round(run.costs[-2:], 3)) == [0.306, 0.339]
    p, q = run.params[-2], run.params[-1]  # the jump spans ground of average curvature 2/α
    ts = (np.arange(2000) + 0.5) / 2000  # midpoint rule for the mean Hessian along p → q
    H_mean = sum(analytic_hessian(surface, p + t * (q - p)) for t in ts) / ts.size
    np.testing.assert_allclose(H_mean @ (q - p), (2 / 25.0) * (q - p), rtol=1e-6)
    at_100 = run_status(surface, surface.descend(25.0, 100), 100, 25.0)  # printed in the notebook
    assert at_100.kind == "bouncing" and "bouncing between two points for ever" in at_100.words


def test_divergent_is_thrown_off_the_map_and_never_settles(surface):
    run = surface.descend(150.0, 300)
    assert not run.diverged and np.all(np.isfinite(run.costs))  # the numbers stay finite
    (w_lo, w_hi), (b_lo, b_hi) = surface.w_range, surface.b_range
    off = ~((run.params[:, 0] >= w_lo) & (run.params[:, 0] <= w_hi)
            & (run.params[:, 1] >= b_lo) & (run.params[:, 1] <= b_hi))
    assert off.sum() > 200 and np.sum(np.diff(off.astype(int)) == -1) >= 3  # off and back
    assert round(run.params[1, 0]) == 138  # the first step: far off the map
    assert run.costs[:51].max() == run.costs[1]  # that first step lifts the cost to 7.6 ...
    assert round(run.costs[1], 1) == 7.6 and run.costs[1] > 2 * run.costs[0]
    assert round(run.costs[:101].max(), 1) == 16.8  # ... later jumps reach 16.8 (100 steps shown)
    returns = np.flatnonzero(np.diff(off.astype(int)) == -1) + 1  # back on the map ...
    assert all(off[r:r + 5].any() for r in returns)  # ... and soon (≤ 4 steps) thrown off again
    long_run = surface.descend(150.0, 3000)  # bounded, not just finite: a bounded gradient and a
    assert not long_run.diverged and long_run.costs.max() < 20  # convex cost keep it in a region
    assert round(run.costs[0], 3) == 3.471
    assert np.ptp(run.costs[-100:]) > 1.0  # never settles
    status = run_status(surface, surface.descend(150.0, 100), 100, 150.0)
    assert status.kind == "off_map" and "off the map and back" in status.words
    assert "the gradient of cross-entropy is bounded" in status.words


def test_cross_entropy_grows_only_linearly_far_away(surface):
    x = surface.X[:, 0]
    for scale in (10.0, 100.0, 1000.0):
        w, b = -2.0 * scale, 3.0 * scale
        cost = surface.cost([w, b])
        assert cost <= np.log(2) + np.mean(np.abs(w * x + b)) and np.isfinite(cost)
    ratio = surface.cost([-2000.0, 3000.0]) / surface.cost([-200.0, 300.0])
    assert ratio == pytest.approx(10.0, rel=0.01)


def test_bowl_ravine_and_wells_presets():
    bowl = surfaces.make_surface("bowl")
    lam = np.linalg.eigvalsh(analytic_quadratic_hessian(bowl))
    np.testing.assert_allclose(lam, [1.0, 1.0])
    assert bowl.lr_presets["too large"] == 1.8 < 2.0 < bowl.lr_presets["divergent"] == 2.5
    assert bowl.descend(1.8, 100).costs[-1] < 1e-12 and bowl.descend(2.5, 100).diverged
    ravine = surfaces.make_surface("ravine")
    np.testing.assert_allclose(np.linalg.eigvalsh(analytic_quadratic_hessian(ravine)), [1, 25])
    assert ravine.lr_presets["too large"] == 0.079 < 2 / 25 < ravine.lr_presets["divergent"] == 0.1
    zigzag = ravine.descend(0.079, 100)
    assert not zigzag.diverged and zigzag.costs[-1] < 0.01 * zigzag.costs[0]
    assert ravine.descend(0.1, 100).diverged
    assert len(surfaces.make_surface("wells").minima) == 3  # not convex


def analytic_quadratic_hessian(surface):
    """A quadratic's Hessian from three gradients: exact for J = ½ pᵀHp + linear."""
    g0 = surface.grad([0.0, 0.0])
    return np.column_stack([surface.grad(e) - g0 for e in np.eye(2)])


# --- where to start ------------------------------------------------------------------------------

def test_the_logistic_cost_is_convex_on_a_grid(surface):
    for w in np.linspace(*surface.w_range, 13):
        for b in np.linspace(*surface.b_range, 11):
            assert np.linalg.eigvalsh(analytic_hessian(surface, (w, b)))[0] >= -1e-15


def test_five_starts_reach_one_minimum(surface):
    starts = [(0.0, 0.0), (-4.0, 4.0), (6.0, -4.0), (5.0, 4.0), (-4.0, -4.0)]
    ends = np.array([surface.descend(4.0, 200, s).params[-1] for s in starts])
    assert np.ptp(ends, axis=0).max() < 1e-6  # "7e-07" in the notebook
    assert f"{np.ptp(ends, axis=0).max():.0e}" == "7e-07"
    assert np.abs(ends - surface.minima[0]).max() < 1e-6
    assert np.round(ends, 4).tolist() == [[2.9819, -1.2794]] * 5


def test_same_start_keeps_hidden_units_identical_random_start_breaks_symmetry():
    X, y = datasets.make_moons(m=200, noise=0.2, rng=0)
    spreads = []
    for same in (True, False):
        net = models.DenseNetwork([2, 4, 1], activation="tanh", init="xavier", rng=3)
        if same:
            for W in net.W:
                W[...] = 0.5
        history = descent.train(net, X, y, lr=1.0, num_epochs=300)
        assert not history.diverged and history.costs[-1] < history.costs[0]
        spreads.append(np.ptp(net.W[0], axis=1).max())  # as the notebook prints it
        if same:
            assert np.ptp(net.W[1]) < 1e-12  # and the outgoing weights too
            assert np.round(net.W[0], 2).tolist() == [[0.33] * 4, [-0.92] * 4]
    # equal up to rounding: exactly 0 here, but a BLAS may round units differently (~1e-16)
    assert spreads[0] < 1e-12 and f"{spreads[0]:.2f}" == "0.00" and spreads[1] > 0.1


def test_rounding_differences_between_the_copies_do_not_grow():
    """"From this start such differences do not grow, so every machine prints 0.00": a relative
    error of 1e-12 (10 000 times a rounding error) put into every gradient entry at every step
    leaves the four units within 1e-10 of each other after 300 steps."""
    X, y = datasets.make_moons(m=200, noise=0.2, rng=0)
    net = models.DenseNetwork([2, 4, 1], activation="tanh", init="zeros")
    for W in net.W:
        W[...] = 0.5
    noise = np.random.default_rng(0)
    for _ in range(300):
        _, grads = net.loss_and_grads(X, y)
        for p, g in zip(net.params, grads):
            p -= 1.0 * g * (1 + 1e-12 * noise.uniform(-1, 1, size=g.shape))
    spread = np.ptp(net.W[0], axis=1).max()
    assert 0 < spread < 1e-10 and np.ptp(net.b[0]) < 1e-10 and np.ptp(net.W[1]) < 1e-10
    assert np.round(net.W[0], 2).tolist() == [[0.33] * 4, [-0.92] * 4]


# --- backprop computes, descent uses -------------------------------------------------------------

def test_backprop_and_finite_differences_give_the_same_gradient(surface):
    model = models.LogisticRegression(1)
    model.w, model.b = [-3.0], 3.0
    grads = model.backward(surface.X, surface.y, model.forward(surface.X))
    by_backprop = np.array([grads.dw[0], grads.db])
    by_differences = gradcheck.numerical_gradient(surface.cost, np.array([-3.0, 3.0]))
    assert gradcheck.relative_error(by_backprop, by_differences) < 1e-8
    assert np.round(by_backprop, 6).tolist() == [-0.937882, 0.136281]
    np.testing.assert_allclose(by_backprop, surface.grad([-3.0, 3.0]), rtol=1e-12)


# --- the four steps ------------------------------------------------------------------------------

def test_four_step_loop_from_zero_matches_train_and_the_minimum(surface):
    X, y = surface.X, surface.y
    w, b, costs = np.zeros(1), 0.0, []
    for _ in range(100):  # a second implementation, without the model class
        a = sigmoid(X @ w + b)
        costs.append(losses.bce_cost(y, a))
        w, b = w - 4.0 * X.T @ (a - y) / len(y), b - 4.0 * np.mean(a - y)
    assert costs[0] == pytest.approx(np.log(2), abs=1e-15) and round(costs[0], 4) == 0.6931
    assert round(costs[-1], 4) == 0.2604
    assert np.round([w[0], b], 3).tolist() == np.round(surface.minima[0], 3).tolist()
    history = descent.train(models.LogisticRegression(1), X, y, lr=4.0, num_epochs=100)
    np.testing.assert_allclose(history.costs, costs, rtol=1e-12, atol=0)


# --- exercises and quiz ----------------------------------------------------------------------

def test_exercise_solutions_pass_their_checkers(capsys):
    assert check_update(lambda w, b, dw, db, lr: (w - lr * dw, b - lr * db))
    assert check_descent_loop(lambda grad, x0, lr, n: loop(grad, x0, lr, n))
    assert not check_descent_loop(lambda grad, x0, lr, n: loop(grad, x0, -lr, n))  # can fail
    capsys.readouterr()


def test_quiz_answers(surface):
    c = 4.0  # J = 2w²
    factors = {lr: 1 - lr * c for lr in (0.1, 0.4, 0.6, 2.0)}
    assert np.round(list(factors.values()), 1).tolist() == [0.6, -0.6, -1.4, -7.0]
    for lr in factors:
        end = loop(lambda w: c * w, 1.0, lr, 200)[-1]
        assert (abs(end) < 1e-6) == (lr < 2 / c)
    w = 1.0
    assert w - 0.1 * (-3.0) > w  # a negative slope: w increases
    a = sigmoid(np.zeros(60))  # at w = b = 0 the gradient is not zero for these data
    assert abs(np.mean((a - surface.y) * surface.X[:, 0])) > 0.1


# --- the text states the numbers checked above --------------------------------------------------

def test_notebook_text_states_the_checked_numbers():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for number in ["3.471", "0.323", "0.945", "0.260", "19.8", "0.306", "0.339", "7.6", "0.6931",
                   "= 0.05", "= 4", "= 25", "= 150", "1.8 and 2.5", "0.079", "0.1", "60 examples",
                   "1/c = 0.5", "2/c = 1", "4 hidden units", "300 steps", "200 steps", "prints 0.00",
                   "about $10^{-16}$",
                   "w \\approx 20", "15 steps", "w \\approx 138", "16.8", "2/\\alpha = 0.08"]:
        assert number in text, number
