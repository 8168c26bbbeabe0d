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
