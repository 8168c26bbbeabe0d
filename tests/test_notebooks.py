"""Guards around the notebooks that nbval alone would not catch.

nbval skips a code cell that was saved without outputs, so clearing outputs would
pass silently; these tests make that, and stray errors or stderr, fail loudly.
They also prove once, on every run, that nbval really compares stored outputs.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ERROR_OK = "raises-exception"
STDERR_OK = "stderr-expected"


def code_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and "".join(cell["source"]).strip():
            yield index, cell


def problems_in(path):
    """Return a list of human-readable problems found in the saved notebook."""
    found = []
    for index, cell in code_cells(path):
        tags = set(cell.get("metadata", {}).get("tags", []))
        where = f"{path.name} cell {index}"
        if cell.get("execution_count") is None:
            found.append(f"{where}: saved unexecuted (run `make execute`)")
        for out in cell.get("outputs", []):
            if out["output_type"] == "error" and ERROR_OK not in tags:
                found.append(f"{where}: error {out['ename']} without the '{ERROR_OK}' tag")
            if out["output_type"] == "stream" and out["name"] == "stderr" and STDERR_OK not in tags:
                text = "".join(out["text"])[:80]
                found.append(f"{where}: stderr {text!r} without the '{STDERR_OK}' tag")
    return found


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no NN_topic.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_saved_executed_without_unexpected_errors(path):
    assert problems_in(path) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_execution_counts_are_in_order(path):
    counts = [cell["execution_count"] for _, cell in code_cells(path)]
    assert counts == list(range(1, len(counts) + 1)), (
        "cells were run out of order or one at a time; run `make execute`"
    )


def _notebook(cells):
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _code(source, outputs, count=1, tags=()):
    return {
        "cell_type": "code", "id": f"c{count}", "execution_count": count,
        "metadata": {"tags": list(tags)}, "source": source, "outputs": outputs,
    }


def test_guard_catches_unexecuted_cells_errors_and_stderr(tmp_path):
    error = {"output_type": "error", "ename": "ValueError", "evalue": "x", "traceback": []}
    stderr = {"output_type": "stream", "name": "stderr", "text": "warning"}
    nb = _notebook([
        _code("1 + 1", [], count=None),
        _code("raise ValueError", [error], count=2),
        _code("raise ValueError", [error], count=3, tags=[ERROR_OK]),
        _code("import warnings", [stderr], count=4),
    ])
    path = tmp_path / "99_bad.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    found = problems_in(path)
    assert len(found) == 3
    assert "unexecuted" in found[0] and "ValueError" in found[1] and "stderr" in found[2]


def _run_nbval(*paths):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=",
         "--nbval", "--nbval-current-env", "-q", *map(str, paths)],
        cwd=paths[0].parent, env=env, capture_output=True, text=True, timeout=120,
    )


def test_nbval_is_strict_a_changed_stored_number_fails(tmp_path):
    """Run nbval on two copies of a tiny executed notebook, one with a stored digit
    changed: the original passes, the altered one fails. This proves the notebook
    suite compares outputs rather than only running the cells."""
    paths = []
    for name, stored in [("a_as_stored.ipynb", "0.5"), ("b_digit_changed.ipynb", "0.6")]:
        out = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
               "data": {"text/plain": stored}}
        paths.append(tmp_path / name)
        paths[-1].write_text(json.dumps(_notebook([_code("round(1 / 2, 3)", [out])])), "utf-8")
    result = _run_nbval(*paths)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed, 1 passed" in result.stdout, result.stdout[-2000:]
    assert "b_digit_changed.ipynb" in result.stdout.split("short test summary")[-1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_was_executed_by_make_execute(path):
    """`make execute` saves no widget state and gives widget views ids made from their place,
    so re-running it changes nothing; a notebook saved from JupyterLab has random ids."""
    sys.path.insert(0, str(ROOT / "tools"))
    from execute_notebooks import WIDGET_VIEW, stable_widget_ids

    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb["metadata"], "saved widget state: run `make execute`"
    stored = [out["data"][WIDGET_VIEW]["model_id"] for cell in nb["cells"]
              for out in cell.get("outputs", []) if WIDGET_VIEW in out.get("data", {})]
    import nbformat

    renamed = nbformat.from_dict(nb)
    stable_widget_ids(renamed, path.name)
    expected = [out["data"][WIDGET_VIEW]["model_id"] for cell in renamed["cells"]
                for out in cell.get("outputs", []) if WIDGET_VIEW in out.get("data", {})]
    assert stored == expected, "widget ids are not the stable ones: run `make execute`"


def test_execute_gives_the_kernel_one_blas_thread_when_the_caller_sets_none(tmp_path, monkeypatch):
    """Stored outputs are made with one BLAS thread (the thread count changes the last digits of
    sums), also when tools/execute_notebooks.py runs outside make, which exports the same."""
    sys.path.insert(0, str(ROOT / "tools"))
    import nbformat
    from execute_notebooks import main

    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "threads.ipynb"
    cell = nbformat.v4.new_code_cell(
        "import os\nprint(os.environ.get('OPENBLAS_NUM_THREADS'), os.environ.get('OMP_NUM_THREADS'))")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    assert main([str(path)]) == 0
    assert nbformat.read(path, as_version=4).cells[0].outputs[0]["text"] == "1 1\n"
