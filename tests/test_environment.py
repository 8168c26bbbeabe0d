"""The pinned environment: requirements.lock and environment.yml stay in step,
and what is installed is what the stored notebook outputs were made with."""

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# conda-forge package names that differ from pip's.
CONDA_TO_PIP = {"matplotlib-base": "matplotlib", "nbconvert-core": "nbconvert"}
NOT_PINNED_IN_LOCK = {"python", "pip"}


def canonical(name):
    """PEP 503 normalised package name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(text, section=None):
    """Pins of requirements.lock: all of them, or those of one ``# [section]``."""
    pins, current = {}, None
    for raw in text.splitlines():
        header = re.match(r"^# \[(\w+)\]", raw)
        if header:
            current = header[1]
        line = raw.split("#", 1)[0].strip()
        if not line or (section is not None and current != section):
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([A-Za-z0-9_.+-]+)", line)
        if match is None:
            raise ValueError(f"requirements.lock: not an exact pin: {line!r}")
        pins[canonical(match[1])] = match[2]
    return pins


def read_environment(text):
    pins, in_deps = {}, False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if re.match(r"^dependencies:\s*$", line):
            in_deps = True
            continue
        if in_deps and re.match(r"^\S", line):
            in_deps = False
        match = re.match(r"^  - ([A-Za-z0-9_.-]+)\s*(==?)?\s*([^\s:]*)$", line) if in_deps else None
        if match is None:
            continue
        name = canonical(CONDA_TO_PIP.get(match[1], match[1]))
        if name in NOT_PINNED_IN_LOCK:
            continue
        if match[2] != "==":
            raise ValueError(f"environment.yml: {match[1]} is not pinned exactly (use ==)")
        pins[name] = match[3]
    return pins


@pytest.fixture(scope="module")
def lock():
    return read_lock((ROOT / "requirements.lock").read_text(encoding="utf-8"))


def test_lock_and_environment_pin_the_same_packages_and_versions():
    lock = read_lock((ROOT / "requirements.lock").read_text(encoding="utf-8"), "direct")
    assert len(lock) >= 20, "requirements.lock has lost its [direct] section"
    conda = read_environment((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert set(conda) == set(lock), (
        f"only in environment.yml: {sorted(set(conda) - set(lock))}; "
        f"only in requirements.lock: {sorted(set(lock) - set(conda))}"
    )
    differ = {n: (lock[n], conda[n]) for n in lock if lock[n] != conda[n]}
    assert differ == {}, f"versions differ (lock, conda): {differ}"


def test_environment_applies_the_whole_lock_and_installs_lessons_lib():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    pip_section = re.search(r"^  - pip:\n((?:\s+- .*\n?)+)", text, re.M)
    assert pip_section, "environment.yml has no pip section"
    lines = [line.strip() for line in pip_section[1].splitlines()]
    assert lines == ["- -r requirements.lock", "- -e ."]


def test_lock_pins_what_the_direct_set_pulls_in():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    direct, everything = read_lock(text, "direct"), read_lock(text)
    assert set(direct) < set(everything)
    for must in ["traitlets", "jupyter-core", "comm", "jedi", "jinja2"]:
        assert must in everything, f"{must} is not pinned in requirements.lock"


def test_the_readers_catch_a_version_mismatch():
    lock = read_lock("# [direct]\nnumpy==2.4.6\n# [transitive]\nsix==1.17.0\n", "direct")
    conda = read_environment("dependencies:\n  - python=3.11\n  - numpy==2.4.5\n")
    assert lock != conda
    with pytest.raises(ValueError, match="not pinned exactly"):
        read_environment("dependencies:\n  - numpy=2.4.6\n")


def test_installed_versions_match_the_lock(lock):
    wrong = {}
    for name, pinned in lock.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "not installed"
        if installed != pinned:
            wrong[name] = f"{installed} (pinned {pinned})"
    assert wrong == {}, (
        f"installed packages differ from requirements.lock: {wrong}. Stored notebook outputs are "
        "only guaranteed with the pinned set: `make test` installs it into .venv."
    )
