"""Tests for lessons_lib.datasets: generators and shipped real data (split and scaling: test_preprocessing)."""

import hashlib
import re
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

from lessons_lib import datasets as ds

GENERATORS = {
    "blobs": ds.make_blobs,
    "moons": ds.make_moons,
    "circles": ds.make_circles,
    "xor": ds.make_xor,
    "spiral": ds.make_spiral,
    "flower": ds.make_flower,
}
CURVED = ["moons", "circles", "xor", "spiral", "flower"]


def linear_accuracy(X, y):
    """Accuracy of a least-squares linear classifier (targets ±1) on its own training data."""
    A = np.column_stack([X, np.ones(len(X))])
    w, *_ = np.linalg.lstsq(A, 2.0 * y - 1.0, rcond=None)
    return np.mean((A @ w > 0) == (y == 1))


def nearest_neighbour_accuracy(X, y):
    """Leave-one-out 1-nearest-neighbour accuracy: high when the classes are learnable."""
    D = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1)
    np.fill_diagonal(D, np.inf)
    return np.mean(y[D.argmin(axis=1)] == y)


def polar(X):
    return np.hypot(X[:, 0], X[:, 1]), np.mod(np.arctan2(X[:, 1], X[:, 0]), 2 * np.pi)


# ----------------------------------------------------------------------------- generators
@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("m", [2, 7, 100, 101])
def test_generator_shapes_dtypes_and_balance(name, m):
    X, y = GENERATORS[name](m=m, rng=0)
    assert X.shape == (m, 2) and X.dtype == np.float64 and np.all(np.isfinite(X))
    assert y.shape == (m,) and y.dtype == np.int64
    assert set(np.unique(y).tolist()) == {0, 1}
    assert np.bincount(y).tolist() == [(m + 1) // 2, m // 2]  # odd m: class 0 has one more


@pytest.mark.parametrize("m, n_classes", [(9, 3), (10, 3), (11, 4), (300, 5)])
def test_spiral_many_classes_balanced(m, n_classes):
    X, y = ds.make_spiral(m=m, n_classes=n_classes, rng=1)
    sizes = np.bincount(y, minlength=n_classes)
    assert X.shape == (m, 2) and sizes.sum() == m and sizes.max() - sizes.min() <= 1
    assert sizes[0] == sizes.max() and set(y.tolist()) == set(range(n_classes))


@pytest.mark.parametrize("name", GENERATORS)
def test_generator_seeded_reproducibility(name):
    make = GENERATORS[name]
    X1, y1 = make(m=50, rng=123)
    X2, y2 = make(m=50, rng=np.random.default_rng(123))
    X3, _ = make(m=50, rng=124)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)
    assert not np.allclose(make(m=50)[0], make(m=50)[0])  # rng=None: fresh entropy


@pytest.mark.parametrize("name", GENERATORS)
def test_noise_only_scales_the_noise(name):
    """For one seed, the clean points and labels do not depend on `noise`."""
    X0, y0 = GENERATORS[name](m=60, noise=0.0, rng=5)
    X1, y1 = GENERATORS[name](m=60, noise=0.1, rng=5)
    X3, y3 = GENERATORS[name](m=60, noise=0.3, rng=5)
    np.testing.assert_array_equal(y0, y1)
    np.testing.assert_array_equal(y0, y3)
    np.testing.assert_allclose(X3 - X0, 3.0 * (X1 - X0), atol=1e-12)
    assert np.abs(X1 - X0).max() > 0


def test_rows_are_shuffled():
    _, y = ds.make_moons(m=200, rng=0)
    assert 0 < y[:100].sum() < 100


def test_blobs_centres_and_nearly_linearly_separable():
    X, y = ds.make_blobs(m=2000, rng=0)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-1, -1], atol=0.1)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [1, 1], atol=0.1)
    np.testing.assert_allclose(X[y == 0].std(axis=0), [0.6, 0.6], atol=0.05)
    assert linear_accuracy(X, y) > 0.95


def test_moons_clean_points_on_their_arcs():
    X, y = ds.make_moons(m=200, noise=0.0, rng=2)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert upper[:, 1].min() >= 0 and lower[:, 1].max() <= 0.5


def test_circles_radii_separated():
    X, y = ds.make_circles(m=400, noise=0.0, rng=3, factor=0.3)
    r, _ = polar(X)
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)
    X, y = ds.make_circles(m=400, rng=3)
    r, _ = polar(X)
    assert r[y == 1].max() < r[y == 0].min()


def test_xor_clean_corners_and_rule():
    X, y = ds.make_xor(m=40, noise=0.0, rng=4)
    assert set(map(tuple, X.tolist())) == {(1, 1), (-1, -1), (1, -1), (-1, 1)}
    np.testing.assert_array_equal((X[:, 0] > 0) ^ (X[:, 1] > 0), y == 1)
    for label in (0, 1):  # each class shares its examples between its two corners
        counts = np.bincount((X[y == label, 0] > 0).astype(int), minlength=2)
        assert abs(counts[0] - counts[1]) <= 1
    X, y = ds.make_xor(m=400, rng=4)
    assert np.mean(((X[:, 0] > 0) ^ (X[:, 1] > 0)) == (y == 1)) > 0.98


def test_spiral_clean_points_on_their_arms():
    X, y = ds.make_spiral(m=300, noise=0.0, rng=6, n_classes=3, turns=1.25)
    r, theta = polar(X)
    expected = np.mod(2 * np.pi * (1.25 * r + y / 3), 2 * np.pi)
    gap = np.abs(np.angle(np.exp(1j * (theta - expected))))
    assert gap.max() < 1e-9 and r.min() >= 0.05 and r.max() <= 1.0


@pytest.mark.parametrize("n_petals", [2, 4, 8, 12])
def test_flower_clean_points_on_the_rose_alternating_classes(n_petals):
    X, y = ds.make_flower(m=300, noise=0.0, rng=7, n_petals=n_petals)
    k = n_petals // 2
    r, theta = polar(X)
    np.testing.assert_allclose(r, np.abs(np.sin(k * theta)), atol=1e-12)
    away = r > 1e-6  # at the centre the angle (and so the petal) is undefined
    petal = np.floor(theta * k / np.pi).astype(int)
    np.testing.assert_array_equal(petal[away] % 2, y[away])
    assert len(np.unique(petal)) == n_petals


@pytest.mark.parametrize("name", CURVED)
def test_curved_sets_defeat_a_linear_classifier_but_not_nearest_neighbours(name):
    X, y = GENERATORS[name](m=400, rng=8)
    assert linear_accuracy(X, y) < (0.93 if name == "moons" else 0.75)
    assert nearest_neighbour_accuracy(X, y) > (0.75 if name == "flower" else 0.95)


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize(
    "kwargs, error, argument",
    [
        ({"m": 1}, ValueError, "`m`"),
        ({"m": 10.0}, TypeError, "`m`"),
        ({"m": True}, TypeError, "`m`"),
        ({"m": "10"}, TypeError, "`m`"),
        ({"noise": -0.1}, ValueError, "`noise`"),
        ({"noise": float("nan")}, ValueError, "`noise`"),
        ({"noise": "big"}, TypeError, "`noise`"),
    ],
)
def test_generator_bad_arguments_name_the_argument(name, kwargs, error, argument):
    with pytest.raises(error, match=re.escape(argument)):
        GENERATORS[name](**kwargs)


@pytest.mark.parametrize(
    "make, kwargs, argument",
    [
        (ds.make_flower, {"n_petals": 3}, "`n_petals`"),
        (ds.make_flower, {"n_petals": 0}, "`n_petals`"),
        (ds.make_spiral, {"n_classes": 1}, "`n_classes`"),
        (ds.make_spiral, {"m": 2, "n_classes": 3}, "`m`"),
        (ds.make_spiral, {"turns": 0}, "`turns`"),
        (ds.make_circles, {"factor": 1.0}, "`factor`"),
        (ds.make_circles, {"factor": -0.5}, "`factor`"),
    ],
)
def test_extra_arguments_validated(make, kwargs, argument):
    with pytest.raises(ValueError, match=re.escape(argument)):
        make(**kwargs)


# ----------------------------------------------------------------------------- real data
def sha256(arr):
    return hashlib.sha256(np.ascontiguousarray(arr).tobytes()).hexdigest()


def test_breast_cancer_shape_counts_names_and_encoding():
    data = ds.load_breast_cancer()
    assert isinstance(data, ds.Dataset)
    assert data.X.shape == (569, 30) and data.X.dtype == np.float64
    assert data.y.shape == (569,) and data.y.dtype == np.int64
    assert np.bincount(data.y).tolist() == [357, 212]  # documented: 357 benign, 212 malignant
    assert data.target_names == ("benign", "malignant")
    assert len(set(data.feature_names)) == 30
    assert data.feature_names[0] == "radius (mean)"
    assert data.feature_names[10] == "radius (SE)"
    assert data.feature_names[29] == "fractal dimension (worst)"
    assert "y = 1 malignant" in data.description and "opposite" in data.description
    assert np.all(np.isfinite(data.X)) and data.X.min() >= 0


def test_breast_cancer_column_order_obeys_geometry():
    """perimeter ≈ 2πr and area ≈ πr², in the mean and in the worst columns."""
    data = ds.load_breast_cancer()
    for stat in ("mean", "worst"):
        col = {name: data.X[:, data.feature_names.index(f"{name} ({stat})")]
               for name in ("radius", "perimeter", "area")}
        assert 6.0 < np.median(col["perimeter"] / col["radius"]) < 7.0
        assert 2.9 < np.median(col["area"] / col["radius"] ** 2) < 3.4
    # malignant tumours are larger on average
    assert data.X[data.y == 1, 0].mean() > data.X[data.y == 0, 0].mean() + 3


def test_breast_cancer_values_match_the_printed_file():
    data = ds.load_breast_cancer()
    assert data.X[0, 0] == 17.99 and data.X[0, 3] == 1001.0 and data.X[0, 29] == 0.1189
    assert data.y[0] == 1  # first row of the file: malignant
    assert sha256(data.X) == "6b202a2072f9a0385f405a8f8605b1b06f6f36ae6d23d9cd6cbbc0974a416bc7"
    assert sha256(data.y.astype(np.uint8)) == (
        "8a1635cdff0c44dd19513865932aa43bb14577dc891b837c846bd1c6552ff40f")


def test_digits_shape_counts_and_pixels():
    data = ds.load_digits()
    assert data.X.shape == (1797, 64) and data.X.dtype == np.float64
    assert data.y.shape == (1797,) and data.y.dtype == np.int64
    counts = np.bincount(data.y)
    assert counts.tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert np.all(np.abs(counts - 180) <= 6)
    assert data.X.min() == 0 and data.X.max() == 16
    np.testing.assert_array_equal(data.X, np.round(data.X))
    assert data.target_names == tuple("0123456789")
    assert data.feature_names[9] == "pixel_1_1" and len(data.feature_names) == 64
    assert sha256(data.X.astype(np.uint8)) == (
        "8f26b2bd9d135c256808f68f14fdabddde6d9c7f869ae419704b051f0f14b3b3")
    assert sha256(data.y.astype(np.uint8)) == (
        "8ba4f891220f5e4c9c819638d1602d74b83618f167043c6da52a2a247841ddf0")


def test_digits_images_look_like_digits():
    """The mean 'one' is narrower than the mean 'zero', whose centre is empty."""
    data = ds.load_digits()
    zero = data.X[data.y == 0].mean(axis=0).reshape(8, 8)
    one = data.X[data.y == 1].mean(axis=0).reshape(8, 8)
    assert zero[3:5, 3:5].mean() < 0.5 * zero[3:5, [1, 6]].mean()
    assert (one.sum(axis=0) > 20).sum() < (zero.sum(axis=0) > 20).sum()


@pytest.mark.parametrize("name", ["breast_cancer", "digits"])
def test_file_checksums_match_provenance(name):
    data_dir = resources.files("lessons_lib").joinpath("data")
    provenance = data_dir.joinpath("PROVENANCE.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(data_dir.joinpath(f"{name}.npz").read_bytes()).hexdigest()
    assert re.search(rf"`{name}\.npz` \| \d+ \| `{digest}`", provenance)


@pytest.mark.parametrize("load", [ds.load_breast_cancer, ds.load_digits])
def test_each_load_returns_fresh_arrays(load):
    first = load()
    expected_X, expected_y = first.X.copy(), first.y.copy()
    first.X[:] = -1.0  # a learner mutating the data in place...
    first.y[:] = 7
    second = load()  # ...does not change the next load
    np.testing.assert_array_equal(second.X, expected_X)
    np.testing.assert_array_equal(second.y, expected_y)
    assert not np.shares_memory(first.X, second.X)
    assert second.X.flags.writeable and second.X.flags.c_contiguous


def test_import_reads_no_data_file():
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' else None)\n"
        "import lessons_lib.datasets\n"
        "assert not [p for p in opened if p.endswith('.npz')], opened\n"
        "lessons_lib.datasets.load_digits()\n"
        "assert [p for p in opened if p.endswith('digits.npz')], 'hook saw nothing'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_split_and_scaling_are_reexported_from_preprocessing():
    from lessons_lib import preprocessing

    for name in ("Split", "train_test_split", "Standardizer", "Standardized", "standardize"):
        assert getattr(ds, name) is getattr(preprocessing, name), name
        assert name in ds.__all__
