"""Project-wide pytest configuration.

Anchors nbval's sanitize file to this folder, so ``pytest`` gives the same
result from any working directory, and sets the hypothesis profile.
"""

from pathlib import Path

from hypothesis import settings

ROOT = Path(__file__).resolve().parent
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"

settings.register_profile("course", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("course")


def pytest_configure(config):
    if getattr(config.option, "nbval_sanitize_with", "unset") is None:
        config.option.nbval_sanitize_with = str(SANITIZE)
