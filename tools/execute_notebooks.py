"""Re-execute course notebooks in place with the current (pinned) environment.

Used by ``make execute``. Each notebook runs top to bottom in a fresh kernel of
*this* Python (never a kernelspec found elsewhere on the machine), with its own
folder as the working directory and no per-cell timing metadata, so that a
re-run changes a notebook only where its outputs change. A notebook whose run
fails is left untouched and the failing cell is named. The kernel uses one BLAS
thread, as under ``make`` (the Makefile exports the same), unless the caller's
environment sets another count: the thread count changes the last digits of sums.

Usage: python tools/execute_notebooks.py notebooks/00_welcome.ipynb [...]
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets import default

TIMEOUT_PER_CELL = 300
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class CurrentEnvKernelSpecs(KernelSpecManager):
    """Resolve every kernel name to an IPython kernel of the running Python."""

    def get_kernel_spec(self, kernel_name):
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (ipykernel)",
            language="python",
        )


class CurrentEnvKernelManager(AsyncKernelManager):
    """A kernel manager that starts kernels of the running Python only."""

    @default("kernel_spec_manager")
    def _default_kernel_spec_manager(self):
        return CurrentEnvKernelSpecs()


def execute(path: Path) -> float:
    """Execute the notebook at ``path`` and write it back; return the seconds taken."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        kernel_manager_class=CurrentEnvKernelManager,
        timeout=TIMEOUT_PER_CELL,
        record_timing=False,
        # No saved widget state (as JupyterLab saves by default): a viewer without a kernel
        # then shows each explorer's static PNG face instead of a dead widget.
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    stable_widget_ids(nb, path.name)
    nbformat.validate(nb)
    fd, tmp = tempfile.mkstemp(suffix=".ipynb", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        nbformat.write(nb, handle)
    os.replace(tmp, path)
    return elapsed


def stable_widget_ids(nb, name):
    """Give widget views a model id made from their place in the notebook.

    No widget state is saved, so the ids point at nothing once the kernel is gone; random ones
    would only make every re-execution a diff.
    """
    for i, cell in enumerate(nb.cells):
        for j, out in enumerate(cell.get("outputs", [])):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view is not None:
                view["model_id"] = hashlib.sha1(f"{name}:{i}:{j}".encode()).hexdigest()[:32]


def main(argv: list[str]) -> int:
    for name, value in ONE_THREAD.items():  # the kernel inherits this process's environment
        os.environ.setdefault(name, value)
    if not argv:
        print("usage: python tools/execute_notebooks.py NOTEBOOK.ipynb [...]", file=sys.stderr)
        return 2
    failed = 0
    for name in argv:
        path = Path(name)
        try:
            seconds = execute(path)
        except CellExecutionError as exc:
            failed += 1
            print(f"FAILED {path}: left unchanged.\n{exc}", file=sys.stderr)
            continue
        print(f"executed {path} in {seconds:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
