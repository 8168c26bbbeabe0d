"""Every claim that notebook 09_capstone makes in words, checked numerically.

The notebook's own code cells are run here twice: once as stored (the exercise cells hold the
reference solutions, so the toolkit uses the learner's functions) and once as `make student`
leaves them (stubs, so the toolkit falls back on the library's). The two paths must agree bit
for bit. An independent second implementation, the library's ``DenseNetwork`` trained by
``descent.train`` with the same seeds, reproduces the numbers, and the numbers the markdown
states are compared with the recomputed ones, so a changed pipeline or sentence fails a test.
"""

import contextlib
import io
import json
import math
import re
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest

try:  # many small matrix products: BLAS threads only slow them down on a shared machine
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover - the limit is a speed-up, not a requirement
    threadpool_limits = None

from lessons_lib import activations, datasets, descent, gradcheck, losses, models, preprocessing

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "09_capstone.ipynb"
sys.path.insert(0, str(ROOT / "tools"))
from make_student import strip_source  # noqa: E402

ARCHITECTURES = ([64, 32, 10], [64, 64, 10], [64, 32, 32, 10])
LEARNING_RATES = (0.01, 0.1, 1.0)


@pytest.fixture(scope="module", autouse=True)
def one_blas_thread():
    if threadpool_limits is None:
        yield
    else:
        with threadpool_limits(limits=1, user_api="blas"):
            yield


def cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


@pytest.fixture(scope="module")
def markdown():
    text = "\n".join("".join(c["source"]) for c in cells() if c["cell_type"] == "markdown")
    return re.sub(r"\s+", " ", text)  # sentences may wrap anywhere


def run_notebook(student=False, patch=None, stop=None):
    """Run the notebook's code cells (the quiz aside) in one namespace; return it with each
    cell's printed text. ``student``: the exercise cells as `make student` leaves them;
    ``patch(namespace)`` runs just before the toolkit is built; ``stop``: the start of the
    first cell not to run."""
    namespace, printed = {}, []
    show = plt.show
    plt.show = lambda: plt.close("all")
    try:
        for index, cell in enumerate(cells()):
            source = "".join(cell["source"])
            if stop is not None and source.startswith(stop):
                break
            if cell["cell_type"] != "code" or source.startswith("quiz.Quiz("):
                continue
            if student:
                source = strip_source(source, f"cell {index}")
            if source.startswith("toolkit = ") and patch is not None:
                patch(namespace)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(source, f"09_capstone cell {index}", "exec"), namespace)
            printed.append(out.getvalue())
    finally:
        plt.show = show
        plt.close("all")
    namespace["_printed"] = "".join(printed)
    return namespace


@pytest.fixture(scope="module")
def nb():
    return run_notebook()


@pytest.fixture(scope="module")
def student():
    return run_notebook(student=True)


# --- the toolkit: the learner's path and the library's path ------------------------------------

def test_stored_notebook_uses_every_learner_function_and_the_student_version_none(nb, student):
    assert nb["toolkit"].yours == ("relu", "relu_derivative", "softmax", "initialize",
                                   "dense_forward", "dense_backward")
    assert "6 of 6 functions are yours." in nb["_printed"]
    assert student["toolkit"].yours == ()
    assert student["_printed"].count("yours is not attempted yet") == 6


def test_learner_path_and_library_path_give_the_same_results_bit_for_bit(nb, student):
    for net_a, net_b in ((nb["net"], student["net"]), (nb["best_net"], student["best_net"])):
        for p, q in zip(net_a.params, net_b.params, strict=True):
            np.testing.assert_array_equal(p, q)
    assert nb["curves"] == student["curves"]
    assert {k: v[1] for k, v in nb["runs"].items()} == {k: v[1] for k, v in student["runs"].items()}
    np.testing.assert_array_equal(nb["y_pred"], student["y_pred"])
    np.testing.assert_array_equal(nb["C"], student["C"])
    assert nb["gap"] == student["gap"] == 0.0  # "agree to the last bit"


def test_a_correct_softmax_written_another_way_leaves_a_difference_of_about_1e_15(markdown):
    def other_softmax(namespace):
        def softmax(Z):
            S = Z - Z.max(axis=1, keepdims=True)
            return np.exp(S - np.log(np.exp(S).sum(axis=1, keepdims=True)))
        namespace["softmax"] = softmax

    namespace = run_notebook(patch=other_softmax, stop="learning_rates = ")
    assert "softmax" in namespace["toolkit"].yours  # it passes its checks
    assert 0 < namespace["gap"] < 5e-15
    assert "a difference of about $10^{-15}$" in markdown


def test_an_initialize_drawing_in_another_order_passes_and_starts_elsewhere(nb, markdown):
    def transposed_initialize(namespace):
        def initialize(layer_sizes, scheme="he", rng=None):
            rng = np.random.default_rng(rng)
            W, b = [], []
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
                W.append(np.zeros((n_in, n_out)) if scheme == "zeros"
                         else np.sqrt(2.0 / n_in) * rng.standard_normal((n_out, n_in)).T)
                b.append(np.zeros(n_out))
            return W, b
        namespace["initialize"] = initialize

    other = run_notebook(patch=transposed_initialize)
    assert "initialize" in other["toolkit"].yours  # it passes its checks
    assert 0.1 < other["gap"] < 10  # "large, of order 1"
    assert not np.array_equal(other["y_pred"], nb["y_pred"])  # "your numbers below differ ...
    assert abs(np.mean(other["y_pred"] == other["y_test"]) - 346 / 360) < 0.03  # ... somewhat"
    assert "The difference is then large, of order 1, and your numbers below differ somewhat" \
        in markdown


# --- the data ----------------------------------------------------------------------------------

def test_the_data_set_as_described(nb, markdown):
    data = datasets.load_digits()
    counts = np.bincount(data.y)
    assert data.X.shape == (1797, 64) and len(counts) == 10
    assert np.all(np.abs(counts - 180) <= 6)  # "about 180 of each digit"
    assert data.X.min() == 0 and data.X.max() == 16 and np.all(data.X == np.round(data.X))
    for stated in ("1797 pictures of handwritten digits, about 180 of each digit",
                   "8 × 8 pixels", "from 0 (blank) to 16 (all inked)", "$(1797, 64)$"):
        assert stated in markdown


def test_three_sets_of_60_20_20_percent_keep_each_digits_share(nb, markdown):
    sizes = [len(nb[name]) for name in ("y_train", "y_val", "y_test")]
    assert sizes == [1077, 360, 360] and sum(sizes) == 1797
    assert [round(100 * s / 1797) for s in sizes] == [60, 20, 20]
    share = np.bincount(datasets.load_digits().y) / 1797
    for name in ("y_train", "y_val", "y_test"):
        y = nb[name]
        assert np.all(np.abs(np.bincount(y, minlength=10) - share * len(y)) <= 1)
    for stated in ("**training set** (60 %)", "**validation set** (20 %)", "**test set** (20 %)"):
        assert stated in markdown


def test_three_constant_pixels_are_standardised_to_zero(nb, markdown):
    raw = nb["second"].X_train
    constant = np.flatnonzero(raw.max(axis=0) == raw.min(axis=0))
    assert [divmod(int(c), 8) for c in constant] == [(0, 0), (4, 0), (4, 7)]  # corner, row 5 ends
    assert np.all(raw[:, constant] == 0)  # "blank in every training picture"
    for X in (nb["X_train"], nb["X_val"], nb["X_test"]):
        assert np.all(X[:, constant] == 0)
    assert np.allclose(np.delete(nb["X_train"], constant, axis=1).mean(axis=0), 0, atol=1e-12)
    assert np.all(nb["scaler"].scale_[constant] == 1)  # "divides such a column by 1 instead"
    assert np.all(nb["second"].X_test[:, constant] == 0)  # "blank in the validation ...
    assert np.all(nb["first"].X_test[:, constant] == 0)   # ... and test pictures too"
    for stated in ("Three pixels, the top-left corner and the two ends of the fifth row",
                   "The standardiser divides such a column by 1 instead, so it stays 0",
                   "blank in the validation and test pictures too"):
        assert stated in markdown


# --- the model and its gradients -----------------------------------------------------------------

def test_gradient_check_passes_and_the_output_gradient_is_a_minus_y_over_m(nb):
    assert nb["result"].max_relative_error < 1e-7
    rng = np.random.default_rng(5)
    Z, y = rng.normal(size=(6, 10)), rng.integers(0, 10, 6)
    num = gradcheck.numerical_gradient(lambda v: losses.softmax_cross_entropy_cost(y, v), Z)
    analytic = (activations.softmax(Z) - losses.one_hot(y, 10)) / 6
    assert gradcheck.relative_error(num, analytic) < 1e-7


def test_the_library_network_has_the_same_cost_and_gradients(nb):
    X, y = nb["X_train"][:50], nb["y_train"][:50]
    mine = nb["Network"]([64, 16, 10], np.random.default_rng(4))
    reference = models.DenseNetwork([64, 16, 10], output="softmax", rng=np.random.default_rng(4))
    cost, grads = mine.loss_and_grads(X, y)
    cost_ref, grads_ref = reference.loss_and_grads(X, y)
    assert cost == cost_ref
    for g, r in zip(grads, grads_ref, strict=True):
        np.testing.assert_array_equal(g, r)


def test_the_model_forward_of_notebook_08_had_a_sigmoid_output_and_returned_only_A(markdown):
    nb08 = json.loads((ROOT / "notebooks" / "08_deep_networks.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb08["cells"]
               if c["metadata"].get("nbgrader", {}).get("grade_id") == "08-model-forward"]
    assert len(sources) == 1
    assert "activations.sigmoid" in sources[0] and "return A\n" in sources[0]
    assert "(a sigmoid output, and only $A^{[L]}$ returned)" in markdown


def test_softmax_jacobian_is_the_matrix_named_in_the_quiz():
    z = np.array([0.3, -1.0, 2.0])
    s = activations.softmax(z)
    numerical = np.column_stack([gradcheck.numerical_gradient(lambda v: activations.softmax(v)[i], z)
                                 for i in range(3)]).T
    np.testing.assert_allclose(np.diag(s) - np.outer(s, s), numerical, atol=1e-9)


# --- training ----------------------------------------------------------------------------------

def train_reference(sizes, lr, seed, X, y, num_epochs=20):
    """The independent reproduction: DenseNetwork and descent.train with the notebook's seed."""
    rng = np.random.default_rng(seed)
    net = models.DenseNetwork(sizes, output="softmax", rng=rng)
    history = descent.train(net, X, y, lr=lr, num_epochs=num_epochs, batch_size=64, rng=rng)
    return net, history


def test_baseline_training_as_described(nb, markdown):
    curves = nb["curves"]
    assert math.ceil(1077 / 64) == 17 and divmod(1077, 64) == (16, 53)
    assert "with 1077 examples, 17 steps (16 batches of 64 and a last one of 53)" in markdown
    assert "batches of 64 examples" in markdown
    cost = np.array(curves["cost"])
    assert len(cost) == 20 and np.all(np.diff(cost) < 0)
    assert (cost[0] - cost[1]) > 10 * (cost[-2] - cost[-1])  # "fast at first, then slowly"
    assert round(100 * curves["training"][-1], 1) == 99.3
    assert round(100 * curves["validation"][-1], 1) == 95.0
    assert "training accuracy climbs to 99.3 %, the validation accuracy to 95.0 %" in markdown
    validation = np.round(np.array(curves["validation"]) * 360).astype(int)
    assert np.all(np.diff(validation) >= 0)  # "the validation accuracy never falls"
    assert len(set(validation[-3:])) == 1 and round(validation[-1] / 3.6, 1) == 95.0
    assert validation[-4] < validation[-3]  # "over the last three epochs it stays at 95.0 %"
    training = [round(100 * a, 1) for a in curves["training"][-3:]]
    assert training[0] == 99.2 and training[-1] == 99.3  # "creeps from 99.2 % to 99.3 %"
    assert "Here the validation accuracy never falls; over the last three epochs it stays at " \
           "95.0 % while the training accuracy creeps from 99.2 % to 99.3 %" in markdown
    net, history = train_reference([64, 32, 10], 0.1, 1, nb["X_train"], nb["y_train"])
    np.testing.assert_array_equal(history.epoch_costs, cost)  # the second opinion, independently
    for p, q in zip(net.params, nb["net"].params, strict=True):
        np.testing.assert_array_equal(p, q)


# --- tuning ------------------------------------------------------------------------------------

def grid(nb, seed):
    """Validation accuracies of the nine runs, by the library's DenseNetwork."""
    out = {}
    for sizes in ARCHITECTURES:
        for lr in LEARNING_RATES:
            net, history = train_reference(sizes, lr, seed, nb["X_train"], nb["y_train"])
            assert not history.diverged
            out[str(sizes), lr] = float(np.mean(net.predict(nb["X_val"]) == nb["y_val"]))
    return out


def test_the_grid_is_reproduced_independently(nb):
    assert {k: v[1] for k, v in nb["runs"].items()} == grid(nb, 1)
    assert len(nb["runs"]) == 9  # "nine runs"


def test_the_learning_rate_matters_more_than_the_architecture(nb, markdown):
    acc = {k: 100 * v[1] for k, v in nb["runs"].items()}
    column = {lr: [acc[str(s), lr] for s in ARCHITECTURES] for lr in LEARNING_RATES}
    assert math.floor(min(column[0.01])) == 79 and math.floor(max(column[0.01])) == 86
    assert max(column[0.01]) == acc["[64, 64, 10]", 0.01]  # "the wider one gets furthest"
    assert all(94.5 <= a < 95.5 for a in column[0.1])  # "about 95 %"
    assert all(96 <= a < 97 for a in column[1.0])  # "between 96 % and 97 %"
    for lr in (0.1, 1.0):  # "within one percentage point ..., three validation pictures or fewer"
        assert max(column[lr]) - min(column[lr]) < 1.0
        assert round((max(column[lr]) - min(column[lr])) * 3.6) <= 3
    for stated in ("reach only 79–86 % (the wider one gets furthest)", "all three reach about 95 %",
                   "with lr = 1 between 96 % and 97 %", "three validation pictures or fewer",
                   "neither a wider layer nor a second hidden layer buys a measurable gain"):
        assert stated in markdown


def test_the_winner_and_the_noise(nb, markdown):
    assert nb["best"] == ("[64, 32, 10]", 1.0) and round(100 * nb["best_validation"], 1) == 96.9
    scores = sorted((round(v[1] * 360) for v in nb["runs"].values()), reverse=True)
    assert scores[0] - scores[1] == 1  # "the winner beats the runner-up by one picture"
    se = math.sqrt(0.96 * 0.04 / 360)
    assert round(100 * se, 1) == 1.0 and round(se * 360) == 4  # "≈ 1.0 percentage point, about 4"
    assert "\\approx 1.0$ percentage point, about 4 pictures" in markdown
    assert "the winner beats the runner-up by one picture" in markdown


def test_with_other_seeds_lr_1_always_wins_but_the_architecture_changes(nb, markdown):
    winners = []
    for seed in (2, 3, 4):
        acc = grid(nb, seed)
        best = max(acc, key=acc.get)
        assert best[1] == 1.0
        winners.append(best[0])
    assert len(set(winners) | {"[64, 32, 10]"}) > 1
    assert "lr = 1 wins every time, but the winning architecture changes" in markdown


# --- the test set ------------------------------------------------------------------------------

def test_test_accuracy_and_its_standard_error(nb, markdown):
    y_pred, y_test = nb["y_pred"], nb["y_test"]
    correct = int(np.sum(y_pred == y_test))
    assert correct == 346 and len(y_test) == 360
    assert round(100 * correct / 360, 1) == 96.1 < round(100 * nb["best_validation"], 1)
    assert round(100 * math.sqrt(0.961 * 0.039 / 360), 1) == 1.0  # "about 1 percentage point"
    best_correct = round(nb["best_validation"] * 360)
    assert best_correct == 349 and round(100 * (best_correct - correct) / 360, 1) == 0.8
    net, _ = train_reference([64, 32, 10], 1.0, 1, nb["X_train"], nb["y_train"])
    np.testing.assert_array_equal(net.predict(nb["X_test"]), y_pred)  # independently
    for stated in ("346 of the 360 test pictures are read correctly, 14 are not",
                   "a little below the winner's 96.9 %",
                   "has a standard error of about 1 percentage point",
                   "a difference of 0.8 percentage points is also well within the noise",
                   "reads 96.1 % of the test pictures (346 of 360)",
                   "one hidden layer of 32 units trained with lr = 1"):
        assert stated in markdown


def test_the_confusion_matrix_says_what_the_text_says(nb, markdown):
    C = nb["C"]
    assert C.sum() == 360 and np.trace(C) == 346
    assert C[8, 8] == 30 and C[8].sum() == 35 and round(100 * 30 / 35) == 86
    assert {j: int(C[8, j]) for j in range(10) if j != 8 and C[8, j]} == {1: 1, 3: 1, 4: 1, 6: 2}
    per_digit = np.diag(C) / C.sum(axis=1)
    assert per_digit.argmin() == 8  # "the 8s are the hardest"
    assert [d for d in range(10) if per_digit[d] == 1] == [1, 4, 6]
    assert "30 of 35 are read correctly (86 %), the others as a 1, a 3, a 4, and twice as a 6" \
        in markdown
    assert "Every 1, 4 and 6 is read correctly" in markdown
    off = C - np.diag(np.diag(C))
    assert np.sum(off > 1) == 1 and off[8, 6] == 2 == off.max()  # "the only mistake made twice"
    assert off[:, 1].sum() == 3  # "three pictures of other digits were read as a 1"
    for stated in ("twice as a 6, the only mistake made twice",
                   "three pictures of other digits were read as a 1"):
        assert stated in markdown


def test_the_mistakes_figure_shows_every_mistake(nb):
    assert len(nb["wrong"]) == 14 == len(nb["titles"])
    assert all(nb["y_test"][i] != nb["y_pred"][i] for i in nb["wrong"])


# --- what next -----------------------------------------------------------------------------------

def test_shuffled_pixels_with_correspondingly_shuffled_weights_give_the_same_network(nb):
    """"Shuffle the columns of X the same way for every picture and it learns just as well:
    shuffling the rows of W[0] the same way gives the very same network."""
    perm = np.random.default_rng(9).permutation(64)
    X, y = nb["X_train"], nb["y_train"]
    plain, _ = train_reference([64, 32, 10], 0.1, 1, X, y)
    rng = np.random.default_rng(1)
    shuffled = models.DenseNetwork([64, 32, 10], output="softmax", rng=rng)
    shuffled.W[0][...] = shuffled.W[0][perm]  # the same initial network, rows shuffled like X
    descent.train(shuffled, X[:, perm], y, lr=0.1, num_epochs=20, batch_size=64, rng=rng)
    np.testing.assert_allclose(shuffled.W[0], plain.W[0][perm], atol=1e-9)
    np.testing.assert_array_equal(shuffled.predict(nb["X_val"][:, perm]),
                                  plain.predict(nb["X_val"]))


def test_l2_regularisation_adds_lambda_over_m_times_W_to_dW():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(8, 5)), rng.integers(0, 3, 8)
    net = models.DenseNetwork([5, 4, 3], output="softmax", rng=3)
    lam, m = 0.7, 8

    def J(W0):
        saved = net.W[0].copy()
        net.W[0][...] = W0
        value = net.cost(X, y) + lam / (2 * m) * sum(np.sum(W ** 2) for W in net.W)
        net.W[0][...] = saved
        return value

    _, grads = net.loss_and_grads(X, y)
    num = gradcheck.numerical_gradient(J, net.W[0].copy())
    assert gradcheck.relative_error(num, grads[0] + lam / m * net.W[0]) < 1e-7


def test_an_l2_step_first_shrinks_the_weights_by_one_minus_lr_lambda_over_m(markdown):
    rng = np.random.default_rng(6)
    W, dW, lr, lam, m = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), 0.3, 0.7, 8
    np.testing.assert_allclose(W - lr * (dW + lam / m * W), (1 - lr * lam / m) * W - lr * dW,
                               rtol=1e-13)
    assert "shrinks the weights by the factor $1 - \\alpha\\lambda/m$" in markdown


def _torch_sketch():
    text = "".join("".join(c["source"]) for c in cells() if c["cell_type"] == "markdown")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1
    return blocks[0]


def test_the_pytorch_facts(markdown):
    """nn.Linear's weight is (n_out, n_in), it computes X @ weight.T + bias, and its default
    init is kaiming_uniform_ with a = sqrt(5): U(-1/sqrt(n_in), 1/sqrt(n_in)), variance
    1/(3 n_in), a sixth of He's 2/n_in; biases from the same interval; kaiming_normal_ with
    nonlinearity="relu" is He's. Skipped where PyTorch is not installed (it is a bench extra)."""
    torch = pytest.importorskip("torch")
    import inspect

    torch.manual_seed(0)
    n_in, n_out = 400, 2000
    layer = torch.nn.Linear(n_in, n_out)
    assert tuple(layer.weight.shape) == (n_out, n_in) and tuple(layer.bias.shape) == (n_out,)
    X = torch.randn(5, n_in)
    assert torch.allclose(layer(X), X @ layer.weight.T + layer.bias, atol=1e-6)
    assert "kaiming_uniform_(self.weight, a=math.sqrt(5))" in inspect.getsource(
        torch.nn.Linear.reset_parameters)
    W, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    bound = 1 / math.sqrt(n_in)
    assert np.abs(W).max() <= bound and W.max() > 0.99 * bound
    assert abs(W.var() / (1 / (3 * n_in)) - 1) < 0.02 and (1 / (3 * n_in)) * 6 == 2 / n_in
    assert np.abs(b).max() <= bound and np.all(b != 0)  # random, not zeros
    he = torch.nn.init.kaiming_normal_(torch.empty(n_out, n_in), nonlinearity="relu")
    assert abs(he.std().item() / math.sqrt(2 / n_in) - 1) < 0.02
    for stated in ("stores its weight with shape $(n_{out}, n_{in})$",
                   "computes `X @ weight.T + bias`", "calls `kaiming_uniform_`", "with `a=√5`",
                   "$[-1/\\sqrt{n_{in}},\\ 1/\\sqrt{n_{in}}]$, a variance of $1/(3\\,n_{in})$, a sixth "
                   "of He's $2/n_{in}$", "the biases are drawn from the same interval, not set to 0",
                   'torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")'):
        assert stated in markdown, stated


def test_the_pytorch_sketch_runs_and_learns_the_digits(nb):
    """The sketch, run as written on the notebook's training set, reads the validation set about
    as well as the notebook's own network with the same layers and learning rate."""
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        torch.manual_seed(0)
        namespace = {"torch": torch, "X_train": nb["X_train"], "y_train": nb["y_train"]}
        exec(compile(_torch_sketch(), "pytorch sketch", "exec"), namespace)
        with torch.no_grad():
            scores = namespace["model"](torch.tensor(nb["X_val"], dtype=torch.float32))
    finally:
        torch.set_num_threads(threads)
    assert np.mean(scores.argmax(dim=1).numpy() == nb["y_val"]) > 0.93


def test_stated_sizes_in_the_text(markdown):
    assert "nine runs of 20 epochs" in markdown and "Here both hold 360 pictures" in "".join(
        "".join(c["source"]) for c in cells())
