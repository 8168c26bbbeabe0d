"""Put the learner notebooks into the learner's workspace, never overwriting (``make lab``).

For each notebook of LEARNER_DIR (the output of ``make student``):

- not in the workspace yet: copied (and restored, if the learner deleted their copy);
- in the workspace and the course's version is the one the learner received: left alone,
  however much the learner has edited it;
- the course's version changed since the learner received theirs: the learner's file is left
  alone and the new version is written beside it, as ``NAME.new.ipynb`` (``NAME.new-2.ipynb``
  if that name is taken by something else), with a message saying so.

No existing file is ever opened for writing: new files are created exclusively (a link to a
finished temporary file), so even a race cannot overwrite one. What was handed out is
recorded in ``WORKSPACE_DIR/.course-manifest.json`` (SHA-256 of each course version given or
offered). Running the tool again changes nothing.

Usage: python tools/workspace.py LEARNER_DIR WORKSPACE_DIR
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

MANIFEST = ".course-manifest.json"


class Action(NamedTuple):
    """What happened to one course notebook: ``kind`` is one of copied, restored, kept,
    offered (a new version written to ``path``) or pending (offered earlier)."""

    name: str
    kind: str
    path: Path
    message: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(workspace: Path) -> dict:
    """The manifest's ``files`` table (empty if missing or unreadable)."""
    try:
        files = json.loads((workspace / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return files if isinstance(files, dict) else {}


def _create_exclusive(path: Path, data: bytes) -> bool:
    """Create ``path`` holding ``data``; return False (and write nothing) if it exists."""
    fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)  # fails if path exists: never overwrites
        except FileExistsError:
            return False
        except OSError:  # a filesystem without hard links
            try:
                with open(path, "xb") as handle:
                    handle.write(data)
            except FileExistsError:
                return False
        return True
    finally:
        os.unlink(tmp)


def _offer(dest: Path, data: bytes) -> Path:
    """Write ``data`` beside ``dest`` under the first free (or identical) .new name."""
    stem = dest.name[: -len(".ipynb")]
    for number in range(1, 1000):
        candidate = dest.with_name(f"{stem}.new{'' if number == 1 else f'-{number}'}.ipynb")
        if candidate.exists():
            if candidate.read_bytes() == data:
                return candidate
            continue
        if _create_exclusive(candidate, data):
            return candidate
    raise RuntimeError(f"no free name for a new version of {dest.name}")


def place(name: str, data: bytes, workspace: Path, entry: dict) -> Action:
    """Place one course notebook; updates ``entry`` (its manifest record) in place."""
    dest, digest = workspace / name, sha256(data)
    had_entry = "received" in entry
    if _create_exclusive(dest, data):
        entry.update(received=digest, offered=None)
        kind = "restored" if had_entry else "copied"
        return Action(name, kind, dest, f"{name}: {kind} from the course")
    same = dest.is_file() and sha256(dest.read_bytes()) == digest
    if same or (dest.is_file() and entry.get("received") == digest):
        entry["received"] = digest  # what the learner has started from is the course's
        entry.setdefault("offered", None)
        return Action(name, "kept", dest, "")
    if entry.get("offered") == digest:
        offered = workspace / entry.get("offered_as", "")
        note = (f"{name}: a newer course version is waiting in {offered.name}; yours is untouched"
                if offered.is_file() and offered != workspace else "")
        return Action(name, "pending", offered, note)
    offered = _offer(dest, data)
    entry.update(received=entry.get("received"), offered=digest, offered_as=offered.name)
    return Action(name, "offered", offered,
                  f"{name}: the course has a newer version. Your notebook is untouched; the new "
                  f"one is {offered.name} (open it beside yours and copy over what you want)")


def sync(learner_dir, workspace_dir) -> list[Action]:
    """Place every notebook of ``learner_dir`` into ``workspace_dir``; return the actions."""
    learner_dir, workspace = Path(learner_dir), Path(workspace_dir)
    if not learner_dir.is_dir():
        raise FileNotFoundError(f"LEARNER_DIR {learner_dir} is not a folder; run `make student`.")
    if learner_dir.resolve() == workspace.resolve():
        raise ValueError("LEARNER_DIR and WORKSPACE_DIR must be different folders.")
    workspace.mkdir(parents=True, exist_ok=True)
    files = read_manifest(workspace)
    before = json.dumps(files, sort_keys=True)
    actions = []
    for path in sorted(learner_dir.glob("*.ipynb")):
        entry = files.setdefault(path.name, {})
        actions.append(place(path.name, path.read_bytes(), workspace, entry))
    if json.dumps(files, sort_keys=True) != before or not (workspace / MANIFEST).exists():
        _write_manifest(workspace, files)
    return actions


def _write_manifest(workspace: Path, files: dict):
    text = json.dumps({"about": "What the course handed out (tools/workspace.py); do not edit.",
                       "files": files}, indent=1, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=workspace)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, workspace / MANIFEST)  # the manifest is the tool's own file


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tools/workspace.py LEARNER_DIR WORKSPACE_DIR", file=sys.stderr)
        return 2
    try:
        actions = sync(*argv)
    except (OSError, ValueError) as error:
        print(f"workspace: {error}", file=sys.stderr)
        return 1
    for action in actions:
        if action.message:
            print(action.message)
    print(f"workspace: {len(actions)} course notebook(s) in {argv[1]}/; your edits are never "
          f"overwritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
