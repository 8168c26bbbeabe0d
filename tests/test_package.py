"""The package itself: version, public modules, and the cost of importing it."""

import subprocess
import sys

import lessons_lib


def test_version_is_a_string():
    assert isinstance(lessons_lib.__version__, str) and lessons_lib.__version__.count(".") == 2


def test_public_modules_are_reexported():
    for name in ["activations", "losses", "models", "initializers", "descent", "gradcheck", "datasets"]:
        assert hasattr(lessons_lib, name), name


def test_import_does_not_pull_in_plotting_or_widgets():
    code = (
        "import sys, lessons_lib; "
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'IPython', 'scipy') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"importing lessons_lib imported {result.stdout.strip()}"


def test_every_subpackage_is_packaged():
    """A non-editable install (pip install ., Binder) must ship every subpackage and the data."""
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(lessons_lib.__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = {
        ".".join(path.parent.relative_to(root).parts)
        for path in (root / "lessons_lib").rglob("*")
        if path.suffix in {".py", ".npz"} and "__pycache__" not in path.parts
    }
    if "packages" in config and isinstance(config["packages"], list):
        shipped = set(config["packages"])
    else:
        include = config["packages"]["find"]["include"]
        shipped = {p for p in packages if any(fnmatch.fnmatch(p, pat) for pat in include)}
    assert packages - shipped == set(), f"not packaged: {sorted(packages - shipped)}"
    assert "*.npz" in config["package-data"]["lessons_lib.data"]
