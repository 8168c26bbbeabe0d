"""Write the learner versions of the course notebooks (used by ``make student``).

In every ``SRC_DIR/*.ipynb`` the text between ``### BEGIN SOLUTION`` and ``### END SOLUTION``
becomes ``# YOUR CODE HERE`` and ``raise NotImplementedError()`` at the marker's indentation
(``YOUR ANSWER HERE`` in a text cell); ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS``
regions are removed; outputs, execution counts, per-cell timings and the saved widget state
are cleared. These are nbgrader's rules, so ``nbgrader generate_assignment`` gives the same
learner code.

Before writing anything the source notebooks are checked (markers balanced and well formed,
nbgrader metadata consistent: see ``check_nbgrader.py``); on any problem nothing is written
and every problem is named with its notebook and cell. SRC_DIR is never written to. OUT_DIR
is the tool's own folder (it holds a ``.learner-versions`` stamp); a non-empty folder without
the stamp is refused, so a learner's workspace can never be overwritten by mistake.

Usage: python tools/make_student.py SRC_DIR OUT_DIR
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_nbgrader import MarkerError, nbgrader_problems, regions  # noqa: E402

STAMP = ".learner-versions"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
TEXT_STUB = ("YOUR ANSWER HERE",)


class StudentVersionError(ValueError):
    """The source notebooks cannot be turned into learner versions; the message says why."""


def strip_source(source: str, where: str, cell_type: str = "code") -> str:
    """Return ``source`` with solution regions stubbed and hidden-test regions removed.

    Raises MarkerError (naming ``where`` and the line) on an unbalanced or malformed marker.
    """
    lines = source.split("\n")
    stub = CODE_STUB if cell_type == "code" else TEXT_STUB
    drop, stubs = set(), {}
    for region in regions(source, where):
        drop.update(range(region.begin, region.end + 1))
        if region.kind == "SOLUTION":
            marker = lines[region.begin]
            indent = marker[: len(marker) - len(marker.lstrip())]
            stubs[region.begin] = [indent + line for line in stub]
    out = []
    for number, line in enumerate(lines):
        out.extend(stubs.get(number, []))
        if number not in drop:
            out.append(line)
    return "\n".join(out)


def learner_version(nb, name: str):
    """Return a learner copy of the notebook ``nb`` (which is left unchanged)."""
    nb = copy.deepcopy(nb)
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index}" + (f" (id {cell['id']})" if "id" in cell else "")
        cell.source = strip_source(cell.source, where, cell.cell_type)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    for key in ("widgets", "language_info"):
        nb.metadata.pop(key, None)  # widget state shows stale pictures; language_info drifts
    nbformat.validate(nb)
    return nb


def source_notebooks(src_dir: Path) -> list[Path]:
    """The notebooks of ``src_dir`` (not its subfolders), sorted by name."""
    return sorted(p for p in src_dir.glob("*.ipynb") if p.is_file())


def _check_folders(src_dir: Path, out_dir: Path):
    src, out = src_dir.resolve(), out_dir.resolve()
    if not src.is_dir():
        raise StudentVersionError(f"SRC_DIR {src_dir} is not a folder.")
    if out == src or src in out.parents:
        raise StudentVersionError(
            f"OUT_DIR {out_dir} is SRC_DIR or inside it; learner versions are never written into "
            f"the course's notebooks. Use a build folder, e.g. build/student.")
    if out.exists() and any(out.iterdir()) and not (out / STAMP).exists():
        raise StudentVersionError(
            f"OUT_DIR {out_dir} already holds files that this tool did not write (no {STAMP} "
            f"stamp); it might be a learner's work. Choose an empty or new folder.")


def build(src_dir, out_dir) -> list[Path]:
    """Check every notebook of ``src_dir``, then write its learner version to ``out_dir``.

    Returns the learner notebooks written or already up to date. Files are rewritten only
    when their bytes change; learner versions whose source is gone are removed.
    """
    src_dir, out_dir = Path(src_dir), Path(out_dir)
    _check_folders(src_dir, out_dir)
    paths = source_notebooks(src_dir)
    if not paths:
        raise StudentVersionError(f"SRC_DIR {src_dir} holds no .ipynb notebook.")
    notebooks = [nbformat.read(path, as_version=4) for path in paths]
    problems = nbgrader_problems(list(zip((p.name for p in paths), notebooks)))
    if problems:
        raise StudentVersionError("no learner version written; fix these first:\n  - "
                                  + "\n  - ".join(problems))
    try:
        texts = [nbformat.writes(learner_version(nb, p.name)) + "\n"
                 for p, nb in zip(paths, notebooks)]
    except MarkerError as error:
        raise StudentVersionError(f"no learner version written: {error}") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / STAMP).write_text("Learner versions written by tools/make_student.py.\n")
    written = [_write_if_changed(out_dir / p.name, text) for p, text in zip(paths, texts)]
    for stale in set(source_notebooks(out_dir)) - set(written):
        stale.unlink()
    return written


def _write_if_changed(path: Path, text: str) -> Path:
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return path
    fd, tmp = tempfile.mkstemp(suffix=".ipynb", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tools/make_student.py SRC_DIR OUT_DIR", file=sys.stderr)
        return 2
    try:
        written = build(*argv)
    except StudentVersionError as error:
        print(f"make_student: {error}", file=sys.stderr)
        return 1
    print(f"make_student: {len(written)} learner notebook(s) in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
