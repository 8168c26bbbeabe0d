"""Data for the course: seeded 2-D toy sets and two small real sets.

* Generators ``make_blobs``, ``make_moons``, ``make_circles``, ``make_xor``,
  ``make_spiral``, ``make_flower``: each ``(m, noise, rng)`` -> ``(X, y)`` with ``X``
  float64 of shape ``(m, 2)`` and ``y`` int64 of shape ``(m,)``. Classes are as
  balanced as ``m`` allows (when ``m`` is not a multiple of the number of classes,
  the lowest classes get one example more: for two classes and odd ``m``, class 0
  has ``(m + 1) // 2``). Rows come in random order. ``noise`` is the standard
  deviation of Gaussian noise added to each coordinate, drawn so that, for one
  seed, changing ``noise`` only scales that noise: the underlying points and
  ``y`` stay the same (handy for a noise slider).
* ``load_breast_cancer()`` and ``load_digits()`` read small files shipped in
  ``lessons_lib/data`` (see ``PROVENANCE.md`` there); nothing is downloaded.
* ``train_test_split`` (stratified by default), ``Standardizer`` and ``standardize``
  live in :mod:`lessons_lib.preprocessing` and are re-exported here, so
  ``datasets.train_test_split`` keeps working.

Introduced in ``01_logistic_regression`` (blobs, breast cancer); the curved sets in
``08_deep_networks``; the digits in ``09_capstone``. See also
:mod:`lessons_lib.preprocessing` (split and standardisation).
"""

from __future__ import annotations

from importlib import resources
from typing import NamedTuple

import numpy as np

from ._validation import as_rng, check_int, check_positive
from .preprocessing import Split, Standardized, Standardizer, standardize, train_test_split

__all__ = [
    "make_blobs", "make_moons", "make_circles", "make_xor", "make_spiral", "make_flower",
    "Dataset", "load_breast_cancer", "load_digits",
    "Split", "train_test_split", "Standardizer", "Standardized", "standardize",
]


# ----------------------------------------------------------------------------- generators
def _start(m, noise, rng, n_classes=2):
    """Validate the common arguments; return (labels sorted by class, noise, Generator)."""
    m = check_int(m, "m", minimum=max(2, n_classes))
    noise = check_positive(noise, "noise", allow_zero=True)
    sizes = np.full(n_classes, m // n_classes)
    sizes[: m % n_classes] += 1
    return np.repeat(np.arange(n_classes), sizes), noise, as_rng(rng)


def _finish(points, y, noise, rng):
    """Add ``noise`` times standard normal noise, then shuffle the rows."""
    X = points + noise * rng.standard_normal(points.shape)
    order = rng.permutation(len(y))
    return X[order], y[order].astype(np.int64)


def make_blobs(m=200, noise=0.6, rng=None):
    """Two Gaussian clouds, centred at (-1, -1) (class 0) and (1, 1) (class 1).

    Nearly linearly separable at the default noise: logistic regression's first data.

    Parameters
    ----------
    m : int, default 200
        Number of examples (≥ 2).
    noise : float, default 0.6
        Standard deviation of each cloud along each axis (≥ 0).
    rng : None, int or numpy.random.Generator
        Seed or generator; the same seed gives the same data.

    Returns
    -------
    X : ndarray of shape (m, 2)
    y : ndarray of shape (m,), int64 labels 0 or 1

    Examples
    --------
    >>> X, y = make_blobs(m=5, rng=0)
    >>> X.shape, sorted(y.tolist())
    ((5, 2), [0, 0, 0, 1, 1])
    """
    y, noise, rng = _start(m, noise, rng)
    centres = np.array([[-1.0, -1.0], [1.0, 1.0]])
    return _finish(centres[y], y, noise, rng)


def make_moons(m=200, noise=0.1, rng=None):
    """Two interleaved half circles of radius 1 (not linearly separable).

    Class 0: :math:`(\\cos t, \\sin t)`; class 1: :math:`(1 - \\cos t, 0.5 - \\sin t)`,
    with :math:`t` uniform in :math:`[0, \\pi]`. Parameters and returns as in
    :func:`make_blobs` (noise: standard deviation added to each coordinate).

    Examples
    --------
    >>> X, y = make_moons(m=6, noise=0.0, rng=0)
    >>> bool(np.allclose(np.hypot(*X[y == 0].T), 1.0))
    True
    """
    y, noise, rng = _start(m, noise, rng)
    t = rng.uniform(0.0, np.pi, size=len(y))
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    return _finish(np.where(y[:, None] == 0, upper, lower), y, noise, rng)


def make_circles(m=200, noise=0.05, rng=None, factor=0.5):
    """Two concentric circles: class 0 on radius 1, class 1 inside on radius ``factor``.

    Parameters and returns as in :func:`make_blobs`; ``factor`` (0 < factor < 1) is
    the inner radius. Angles are uniform in :math:`[0, 2\\pi)`.

    Examples
    --------
    >>> X, y = make_circles(m=4, noise=0.0, rng=0)
    >>> np.round(np.hypot(*X[np.argsort(y)].T), 6).tolist()
    [1.0, 1.0, 0.5, 0.5]
    """
    y, noise, rng = _start(m, noise, rng)
    factor = check_positive(factor, "factor")
    if factor >= 1:
        raise ValueError(f"`factor` is the inner radius and must be < 1, got {factor!r}.")
    theta = rng.uniform(0.0, 2 * np.pi, size=len(y))
    radius = np.where(y == 0, 1.0, factor)
    return _finish(radius[:, None] * np.column_stack([np.cos(theta), np.sin(theta)]),
                   y, noise, rng)


def make_xor(m=200, noise=0.3, rng=None):
    """Four clouds at (±1, ±1); class 1 where exactly one coordinate is positive.

    .. math:: y = [x_1 > 0] \\;\\mathrm{XOR}\\; [x_2 > 0]

    Each class shares its examples between its two corners (differing by at most
    one). Parameters and returns as in :func:`make_blobs`.

    Examples
    --------
    >>> X, y = make_xor(m=8, noise=0.0, rng=0)
    >>> bool(np.all((X[:, 0] * X[:, 1] < 0) == (y == 1)))
    True
    """
    y, noise, rng = _start(m, noise, rng)
    corner = np.arange(len(y)) % 2  # alternate each class between its two corners
    sign_x1 = np.where(corner == 0, 1.0, -1.0)
    sign_x2 = np.where(y == 0, sign_x1, -sign_x1)
    return _finish(np.column_stack([sign_x1, sign_x2]), y, noise, rng)


def make_spiral(m=300, noise=0.03, rng=None, n_classes=2, turns=1.25):
    """Interleaved spiral arms, one per class (``n_classes`` ≥ 2, default 2).

    Arm :math:`k` is :math:`r\\,(\\cos\\theta, \\sin\\theta)` with :math:`r` uniform in
    [0.05, 1] and :math:`\\theta = 2\\pi\\,(\\text{turns}\\cdot r + k / K)`. Returns
    labels ``0 .. n_classes - 1``; otherwise as :func:`make_blobs`.

    Examples
    --------
    >>> X, y = make_spiral(m=9, n_classes=3, rng=0)
    >>> np.bincount(y).tolist()
    [3, 3, 3]
    """
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    turns = check_positive(turns, "turns")
    y, noise, rng = _start(m, noise, rng, n_classes)
    r = rng.uniform(0.05, 1.0, size=len(y))
    theta = 2 * np.pi * (turns * r + y / n_classes)
    return _finish(r[:, None] * np.column_stack([np.cos(theta), np.sin(theta)]),
                   y, noise, rng)


def make_flower(m=400, noise=0.05, rng=None, n_petals=8):
    """A flower: points along the petals of a rose curve, alternate petals in each class.

    .. math:: r = |\\sin(k\\theta)|, \\quad k = \\text{n\\_petals} / 2

    Petal :math:`j` covers :math:`\\theta \\in [j\\pi/k, (j+1)\\pi/k)` and has class
    :math:`j \\bmod 2`, so neighbouring petals (which touch at the centre) differ.
    ``n_petals`` must be even (≥ 2). Otherwise as :func:`make_blobs`.

    Examples
    --------
    >>> X, y = make_flower(m=10, noise=0.0, rng=0)
    >>> bool(np.all(np.hypot(*X.T) <= 1.0))
    True
    """
    n_petals = check_int(n_petals, "n_petals", minimum=2)
    if n_petals % 2:
        raise ValueError(f"`n_petals` must be even (petals alternate classes), got {n_petals}.")
    y, noise, rng = _start(m, noise, rng)
    k = n_petals // 2
    petal = 2 * rng.integers(0, k, size=len(y)) + y  # even petals class 0, odd class 1
    theta = (petal + rng.uniform(0.0, 1.0, size=len(y))) * np.pi / k
    r = np.abs(np.sin(k * theta))
    return _finish(r[:, None] * np.column_stack([np.cos(theta), np.sin(theta)]),
                   y, noise, rng)


# ----------------------------------------------------------------------------- real data
class Dataset(NamedTuple):
    """A real data set: ``X`` (m, n_features) float64, ``y`` (m,) int64, names, text."""

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple
    target_names: tuple
    description: str


_BREAST_CANCER_TEXT = """\
Breast Cancer Wisconsin (Diagnostic), 569 fine-needle aspirates of breast masses.
Each row holds 30 measurements of the cell nuclei seen in one digitised image: ten
quantities (radius, texture, perimeter, area, smoothness, compactness, concavity,
concave points, symmetry, fractal dimension), each as the mean over the nuclei,
its standard error (SE) and the worst value (mean of the three largest).
Labels: y = 1 malignant (212), y = 0 benign (357). The course labels the class it
detects as 1; scikit-learn's load_breast_cancer uses the opposite (0 = malignant).
Creators: W. H. Wolberg, W. N. Street, O. L. Mangasarian (University of Wisconsin,
1995). UCI Machine Learning Repository, https://doi.org/10.24432/C5DW2B, CC BY 4.0.
"""

_DIGITS_TEXT = """\
Optical Recognition of Handwritten Digits (the 1797-image test part), 8 x 8 images.
Each pixel counts the 'on' pixels of a 4 x 4 block of a 32 x 32 bitmap: integers
0..16, stored row by row (X[i].reshape(8, 8) is the image). Labels: the digit 0..9,
about 180 of each. Writers of these images differ from those of UCI's training part.
Creators: E. Alpaydin, C. Kaynak (Bogazici University, 1998). UCI Machine Learning
Repository, https://doi.org/10.24432/C50P49, CC BY 4.0.
"""


def _load(name, description):
    """Read ``data/<name>.npz`` afresh (so every call returns new arrays)."""
    with resources.files(__package__).joinpath("data", f"{name}.npz").open("rb") as f:
        with np.load(f, allow_pickle=False) as stored:
            return Dataset(
                X=stored["X"].astype(np.float64),
                y=stored["y"].astype(np.int64),
                feature_names=tuple(str(s) for s in stored["feature_names"]),
                target_names=tuple(str(s) for s in stored["target_names"]),
                description=description,
            )


def load_breast_cancer():
    """The Wisconsin diagnostic breast-cancer set: 569 tumours, 30 features, 2 classes.

    **Labels: y = 1 is malignant (the class we detect), y = 0 benign** — the
    opposite of scikit-learn's ``load_breast_cancer`` (which has 0 = malignant).
    Features are in the file's order: the ten measurements' means, then their
    standard errors, then their worst values (``feature_names[0] == 'radius (mean)'``,
    ``[10] == 'radius (SE)'``, ``[20] == 'radius (worst)'``). Source, licence (CC BY
    4.0) and checksums: ``lessons_lib/data/PROVENANCE.md``.

    Returns
    -------
    Dataset
        ``X`` ndarray of shape (569, 30) float64, ``y`` ndarray of shape (569,) int64,
        ``feature_names`` (30 str), ``target_names`` ``('benign', 'malignant')``
        indexed by ``y``, ``description``. New arrays on every call.

    Examples
    --------
    >>> data = load_breast_cancer()
    >>> data.X.shape, int(data.y.sum()), data.target_names[1]
    ((569, 30), 212, 'malignant')
    """
    return _load("breast_cancer", _BREAST_CANCER_TEXT)


def load_digits():
    """The 8 x 8 handwritten digits: 1797 images, 64 pixels (0..16), 10 classes.

    Returns
    -------
    Dataset
        ``X`` ndarray of shape (1797, 64) float64 with integer values 0..16 (divide by
        16 to scale to [0, 1]; ``X[i].reshape(8, 8)`` is image ``i``), ``y`` ndarray of
        shape (1797,) int64 digits 0..9, ``feature_names`` ``'pixel_<row>_<col>'``,
        ``target_names`` ``'0'``..``'9'``, ``description``. New arrays on every call.

    Examples
    --------
    >>> digits = load_digits()
    >>> digits.X.shape, int(digits.X.max()), int(np.bincount(digits.y).min())
    ((1797, 64), 16, 174)
    """
    return _load("digits", _DIGITS_TEXT)
