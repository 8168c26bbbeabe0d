"""Check that the course notebooks' exercise cells are consistent and nbgrader-ready.

The course's conventions (nbgrader's cell types, schema 3):

- a **solution cell** (code) holds the reference solution between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` and carries ``{"nbgrader": {"solution": true, "grade": false,
  "locked": false, "grade_id": "<id>", "schema_version": 3}}``;
- the cell right after it is its **check cell**, which calls the checker and carries
  ``{"nbgrader": {"solution": false, "grade": true, "locked": true, "points": <N > 0>,
  "grade_id": "<id>-check", "schema_version": 3}}``; it may hold
  ``### BEGIN HIDDEN TESTS`` … ``### END HIDDEN TESTS`` (removed from learner versions);
- read-only cells (``solution`` and ``grade`` false, ``locked`` true) are allowed;
- grade ids use letters, digits, ``_`` and ``-`` only and are unique across the course;
- solution regions sit inside a function body (indented), so the learner version of the cell
  defines the function and runs; the stub raises only when the function is called;
- the markers appear alone on their line, balanced, and only in those cells: nbgrader takes
  any line *containing* ``BEGIN SOLUTION`` as a marker, even in a text cell;
- a code cell that calls ``checks.check_...`` is a check cell.

Usage: python tools/check_nbgrader.py NOTEBOOK.ipynb [...]   (exit 1 and a list of problems)
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path
from typing import NamedTuple

import nbformat

KEYS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
GRADE_ID = re.compile(r"^[A-Za-z0-9_-]+$")
CHECKER_CALL = re.compile(r"\bchecks\.check_\w+\s*\(")
SOLUTION = {"solution": True, "grade": False, "locked": False}
CHECK = {"solution": False, "grade": True, "locked": True}
READ_ONLY = {"solution": False, "grade": False, "locked": True}


class MarkerError(ValueError):
    """An unbalanced, nested or malformed ``### BEGIN/END SOLUTION|HIDDEN TESTS`` marker."""


class Region(NamedTuple):
    """A marked region: its kind ("SOLUTION" or "HIDDEN TESTS") and the 0-based line
    numbers of its BEGIN and END marker lines."""

    kind: str
    begin: int
    end: int


def _marker(line, where, number):
    for key in KEYS:
        if key in line:
            if line.strip() != f"### {key}":
                raise MarkerError(
                    f"{where}, line {number + 1}: {line.strip()!r} mentions {key} but is not the "
                    f"marker line '### {key}' (nbgrader takes any line containing {key} as a "
                    f"marker). Put the marker alone on its line, or reword the text.")
            return key
    return None


def regions(source: str, where: str) -> list[Region]:
    """The marked regions of a cell's ``source``; MarkerError names ``where`` and the line."""
    found, opened = [], None
    for number, line in enumerate(source.split("\n")):
        key = _marker(line, where, number)
        if key is None:
            continue
        action, kind = key.split(" ", 1)
        if action == "BEGIN" and opened:
            raise MarkerError(f"{where}, line {number + 1}: ### {key} inside the {opened[0]} "
                              f"region opened on line {opened[1] + 1}; close that one first "
                              f"with ### END {opened[0]}.")
        if action == "BEGIN":
            opened = (kind, number)
        elif opened is None or opened[0] != kind:
            raise MarkerError(f"{where}, line {number + 1}: ### {key} without a matching "
                              f"### BEGIN {kind} before it.")
        else:
            found.append(Region(kind, opened[1], number))
            opened = None
    if opened:
        raise MarkerError(f"{where}: ### BEGIN {opened[0]} on line {opened[1] + 1} is never "
                          f"closed; add ### END {opened[0]} after it.")
    return found


def _top_level(source, region):
    line = source.split("\n")[region.begin]
    return region.kind == "SOLUTION" and not line[:1].isspace()


def cell_kind(cell) -> str | None:
    """'solution', 'check', 'read-only', None (no nbgrader metadata) or 'unknown'."""
    meta = cell.get("metadata", {}).get("nbgrader")
    if meta is None:
        return None
    if not isinstance(meta, dict):
        return "unknown"
    flags = {key: meta.get(key) for key in SOLUTION}
    kinds = {"solution": SOLUTION, "check": CHECK, "read-only": READ_ONLY}
    return next((name for name, want in kinds.items() if flags == want), "unknown")


def _cell_problems(cell, where, kind):
    """Problems of one cell taken alone; returns (problems, region kinds found)."""
    try:
        found = regions(cell.source, where)
    except MarkerError as error:
        return [str(error)], set()
    kinds = {region.kind for region in found}
    problems, meta = [], cell.metadata.get("nbgrader", {})
    if kind == "unknown":
        return [f"{where}: nbgrader metadata {meta!r} is none of the course's cell types: "
                f"solution {SOLUTION}, check {CHECK} (with points), read-only {READ_ONLY}"], kinds
    if "SOLUTION" in kinds and kind != "solution":
        problems.append(f"{where}: has ### BEGIN SOLUTION but is not a solution cell; give it "
                        f"the metadata {{'nbgrader': {{**{SOLUTION}, 'grade_id': ..., "
                        f"'schema_version': 3}}}}")
    if "HIDDEN TESTS" in kinds and kind != "check":
        problems.append(f"{where}: hidden tests belong in a check cell (grade: true) only")
    if cell.cell_type == "code" and CHECKER_CALL.search(cell.source) and kind != "check":
        problems.append(f"{where}: calls a checker but is not a check cell; give it the "
                        f"metadata {{'nbgrader': {{**{CHECK}, 'points': 1, 'grade_id': ..., "
                        f"'schema_version': 3}}}}")
    if kind is None:
        return problems, kinds
    if meta.get("schema_version") != 3:
        problems.append(f"{where}: nbgrader schema_version must be 3, got "
                        f"{meta.get('schema_version')!r}")
    if kind in ("solution", "check") and cell.cell_type != "code":
        problems.append(f"{where}: a {kind} cell must be a code cell, got {cell.cell_type}")
    if kind == "solution" and any(_top_level(cell.source, r) for r in found):
        problems.append(f"{where}: a solution region at the left margin makes the learner "
                        f"version raise NotImplementedError when the cell runs (Run All stops); "
                        f"put the region inside a function body")
    if kind == "solution" and "SOLUTION" not in kinds:
        problems.append(f"{where}: a solution cell without ### BEGIN SOLUTION / "
                        f"### END SOLUTION markers; mark the part the learner writes")
    points = meta.get("points")
    if kind == "check" and (isinstance(points, bool) or not isinstance(points, (int, float))
                            or not math.isfinite(points) or points <= 0):
        problems.append(f"{where}: a check cell needs points > 0, got {points!r}")
    return problems, kinds


def _pairing_problems(cells, index, where, kind, grade_id):
    """A solution cell is followed by its check cell, whose grade id is '<id>-check'."""
    if kind == "solution":
        follower = cells[index + 1] if index + 1 < len(cells) else None
        want = f"{grade_id}-check"
        if follower is None or cell_kind(follower) != "check":
            return [f"{where}: solution cell {grade_id!r} is not followed by its check cell; "
                    f"the next cell must call the checker and carry the check metadata with "
                    f"grade_id {want!r}"]
        got = follower.metadata["nbgrader"].get("grade_id")
        if got != want:
            return [f"{where}: the check cell after solution {grade_id!r} has grade_id {got!r}; "
                    f"expected {want!r}"]
    if kind == "check" and (index == 0 or cell_kind(cells[index - 1]) != "solution"):
        return [f"{where}: check cell {grade_id!r} does not follow a solution cell; put it "
                f"right after the exercise it checks"]
    return []


def notebook_problems(nb, name: str, seen: dict) -> list[str]:
    """Problems in one notebook; ``seen`` maps grade ids to where they were first used."""
    problems = []
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index}" + (f" (id {cell['id']})" if "id" in cell else "")
        kind = cell_kind(cell)
        found, _ = _cell_problems(cell, where, kind)
        problems += found
        if kind in (None, "unknown"):
            continue
        grade_id = cell.metadata["nbgrader"].get("grade_id")
        if not isinstance(grade_id, str) or not GRADE_ID.match(grade_id):
            problems.append(f"{where}: grade_id must be letters, digits, '_' or '-', got "
                            f"{grade_id!r}")
        elif grade_id in seen:
            problems.append(f"{where}: grade_id {grade_id!r} is already used in {seen[grade_id]}")
        else:
            seen[grade_id] = where
        problems += _pairing_problems(nb.cells, index, where, kind, grade_id)
    return problems


def nbgrader_problems(named_notebooks) -> list[str]:
    """Problems across ``[(name, notebook), ...]`` (grade ids must be unique course-wide)."""
    seen, problems = {}, []
    for name, nb in named_notebooks:
        problems += notebook_problems(nb, name, seen)
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python tools/check_nbgrader.py NOTEBOOK.ipynb [...]", file=sys.stderr)
        return 2
    problems = nbgrader_problems([(Path(p).name, nbformat.read(p, as_version=4)) for p in argv])
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"check_nbgrader: {len(argv)} notebook(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
