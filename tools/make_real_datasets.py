"""Make the two real data sets shipped in ``lessons_lib/data/`` from a scikit-learn wheel.

Usage::

    python -m pip download scikit-learn --no-deps -d /tmp/skl
    python tools/make_real_datasets.py /tmp/skl/scikit_learn-*.whl [--out lessons_lib/data]

The wheel is read as a zip archive (nothing is installed). Two files inside it are
converted:

* ``sklearn/datasets/data/breast_cancer.csv`` -> ``breast_cancer.npz``
  (X float64 (569, 30), y uint8 (569,) with **1 = malignant, 0 = benign**: the
  opposite of scikit-learn's encoding, which has 0 = malignant), plus the
  feature and target names written below.
* ``sklearn/datasets/data/digits.csv.gz`` -> ``digits.npz``
  (X uint8 (1797, 64) with pixel values 0..16, y uint8 (1797,) with digits 0..9).

Every check below must pass before a file is written: shapes, class totals, the
column order of the breast-cancer features (compared with the summary table in
the wheel's ``descr/breast_cancer.rst``), value ranges, and an exact round trip of
every stored value. The ``.npz`` files are written with fixed zip timestamps, so
the same input and the same zlib give byte-identical output. The script prints
the sha256 of each output file and of its arrays, for ``PROVENANCE.md``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import re
import sys
import zipfile
from pathlib import Path

import numpy as np

MEASUREMENTS = (
    "radius", "texture", "perimeter", "area", "smoothness", "compactness",
    "concavity", "concave points", "symmetry", "fractal dimension",
)
STATISTICS = (("mean", "mean"), ("SE", "standard error"), ("worst", "worst"))
BC_FEATURES = tuple(f"{name} ({short})" for short, _ in STATISTICS for name in MEASUREMENTS)
BC_TARGETS = ("benign", "malignant")  # index = course label y
DIGIT_FEATURES = tuple(f"pixel_{r}_{c}" for r in range(8) for c in range(8))
DIGIT_TARGETS = tuple(str(d) for d in range(10))
MEMBER = "sklearn/datasets/{}/{}"


def read_member(wheel: zipfile.ZipFile, folder: str, name: str) -> bytes:
    return wheel.read(MEMBER.format(folder, name))


def parse_breast_cancer(text: str):
    """Return (X float64, y_sklearn int, fields as str) from scikit-learn's CSV."""
    lines = text.strip().splitlines()
    header = lines[0].split(",")
    if header != ["569", "30", "malignant", "benign"]:
        sys.exit(f"unexpected breast_cancer.csv header {header}")
    fields = np.array([line.split(",") for line in lines[1:]])
    if fields.shape != (569, 31):
        sys.exit(f"breast_cancer.csv has shape {fields.shape}, expected (569, 31)")
    X = fields[:, :30].astype(np.float64)
    y_sklearn = fields[:, 30].astype(np.int64)
    return X, y_sklearn, fields[:, :30]


def check_float32_round_trip(X: np.ndarray, fields: np.ndarray) -> None:
    """Report whether float32 storage would keep the printed values exactly."""
    X32 = X.astype(np.float32)
    same_text = all(
        float(np.format_float_positional(v, unique=True)) == float(s)
        for v, s in zip(X32.ravel(), fields.ravel())
    )
    same_float64 = int(np.sum(X32.astype(np.float64) == X))
    print(f"  float32: shortest repr gives back every printed value: {same_text}; "
          f"float64(float32(x)) == x for {same_float64} of {X.size} values "
          f"-> stored as float64 (float32 would change the values learners see)")


def check_column_order(X: np.ndarray, descr: str) -> None:
    """Compare each column's min/max with the summary table in breast_cancer.rst."""
    rows = re.findall(r"^([a-z ]+) \(([a-z ]+)\):\s+(\S+)\s+(\S+)\s*$", descr, re.M)
    if len(rows) != 30:
        sys.exit(f"found {len(rows)} rows in the summary table, expected 30")
    long_names = [f"{name} ({long})" for _, long in STATISTICS for name in MEASUREMENTS]
    for j, (name, stat, lo, hi) in enumerate(rows):
        if f"{name} ({stat})" != long_names[j]:
            sys.exit(f"column {j}: table says {name} ({stat}), expected {long_names[j]}")
        for got, printed in ((X[:, j].min(), lo), (X[:, j].max(), hi)):
            half_unit = 0.5 * 10.0 ** -len(printed.partition(".")[2]) + 1e-12
            if abs(got - float(printed)) > half_unit:  # the table is rounded
                sys.exit(f"column {j} ({long_names[j]}): {got} does not match table {printed}")
    print("  column order matches the summary table of descr/breast_cancer.rst (30/30)")


def make_breast_cancer(wheel: zipfile.ZipFile):
    text = read_member(wheel, "data", "breast_cancer.csv").decode("ascii")
    X, y_sklearn, fields = parse_breast_cancer(text)
    check_float32_round_trip(X, fields)
    check_column_order(X, read_member(wheel, "descr", "breast_cancer.rst").decode("utf-8"))
    y = (y_sklearn == 0).astype(np.uint8)  # scikit-learn: 0 = malignant -> course: 1
    counts = np.bincount(y, minlength=2)
    if counts.tolist() != [357, 212]:
        sys.exit(f"class totals {counts.tolist()}, documented: 357 benign, 212 malignant")
    return {"X": X, "y": y, "feature_names": np.array(BC_FEATURES),
            "target_names": np.array(BC_TARGETS)}


def make_digits(wheel: zipfile.ZipFile):
    raw = gzip.decompress(read_member(wheel, "data", "digits.csv.gz")).decode("ascii")
    table = np.loadtxt(io.StringIO(raw), delimiter=",")
    if table.shape != (1797, 65):
        sys.exit(f"digits.csv.gz has shape {table.shape}, expected (1797, 65)")
    if not np.array_equal(table, np.round(table)) or table[:, :64].max() > 16 or table.min() < 0:
        sys.exit("digits.csv.gz: pixels must be integers 0..16")
    X, y = table[:, :64].astype(np.uint8), table[:, 64].astype(np.uint8)
    if set(np.unique(y).tolist()) != set(range(10)):
        sys.exit("digits.csv.gz: labels must be the digits 0..9")
    print(f"  digits class totals: {np.bincount(y).tolist()}")
    return {"X": X, "y": y, "feature_names": np.array(DIGIT_FEATURES),
            "target_names": np.array(DIGIT_TARGETS)}


def write_npz(path: Path, arrays: dict) -> None:
    """Like np.savez_compressed, with fixed timestamps so the bytes are reproducible."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, arr in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def verify(path: Path, arrays: dict) -> None:
    """Read the file back and require every array to be identical, dtype included."""
    with np.load(path, allow_pickle=False) as stored:
        for name, arr in arrays.items():
            if stored[name].dtype != arr.dtype or not np.array_equal(stored[name], arr):
                sys.exit(f"{path.name}: {name} does not round-trip exactly")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"  wrote {path} ({path.stat().st_size} bytes) sha256 {digest}")
    for name in ("X", "y"):
        arr = arrays[name]
        array_digest = hashlib.sha256(np.ascontiguousarray(arr).tobytes()).hexdigest()
        print(f"    {name}: shape {arr.shape} dtype {arr.dtype} sha256(tobytes) {array_digest}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="a scikit-learn .whl file")
    default_out = Path(__file__).resolve().parent.parent / "lessons_lib" / "data"
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    print(f"input {args.wheel.name} sha256 {hashlib.sha256(args.wheel.read_bytes()).hexdigest()}")
    args.out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(args.wheel) as wheel:
        for name, make in (("breast_cancer", make_breast_cancer), ("digits", make_digits)):
            print(name)
            arrays = make(wheel)
            path = args.out / f"{name}.npz"
            write_npz(path, arrays)
            verify(path, arrays)


if __name__ == "__main__":
    main()
