"""The learner's workspace (tools/workspace.py): copied once, never overwritten.

A learner's edited notebook stays byte-identical whatever the course does; a new course
version goes beside it as NAME.new.ipynb; a second run changes nothing; a removed learner
file is restored.
"""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from workspace import MANIFEST, sync  # noqa: E402

V1, V2, V3 = (json.dumps({"cells": [], "version": v}).encode() for v in (1, 2, 3))


def snapshot(folder):
    """Every file of ``folder`` with its bytes' hash and its modification time."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder",
                     p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def kinds(actions):
    return {a.name: a.kind for a in actions}


@pytest.fixture
def folders(tmp_path):
    course, workspace = tmp_path / "build" / "student", tmp_path / "workspace"
    course.mkdir(parents=True)
    (course / "01_a.ipynb").write_bytes(V1)
    (course / "02_b.ipynb").write_bytes(V1)
    return course, workspace


def test_first_run_copies_everything_and_records_hashes(folders):
    course, workspace = folders
    assert kinds(sync(course, workspace)) == {"01_a.ipynb": "copied", "02_b.ipynb": "copied"}
    assert (workspace / "01_a.ipynb").read_bytes() == V1
    files = json.loads((workspace / MANIFEST).read_text())["files"]
    assert files["01_a.ipynb"]["received"] == hashlib.sha256(V1).hexdigest()


def test_second_run_is_idempotent(folders):
    course, workspace = folders
    sync(course, workspace)
    (workspace / "01_a.ipynb").write_bytes(b"my work")
    before = snapshot(workspace)
    assert kinds(sync(course, workspace)) == {"01_a.ipynb": "kept", "02_b.ipynb": "kept"}
    assert snapshot(workspace) == before


def test_learner_edits_survive_a_new_course_version_which_goes_beside(folders):
    course, workspace = folders
    sync(course, workspace)
    (workspace / "01_a.ipynb").write_bytes(b"my work")
    (course / "01_a.ipynb").write_bytes(V2)
    actions = sync(course, workspace)
    assert kinds(actions)["01_a.ipynb"] == "offered"
    assert (workspace / "01_a.ipynb").read_bytes() == b"my work"
    assert (workspace / "01_a.new.ipynb").read_bytes() == V2
    message = next(a.message for a in actions if a.name == "01_a.ipynb")
    assert "newer version" in message and "01_a.new.ipynb" in message
    before = snapshot(workspace)
    assert kinds(sync(course, workspace))["01_a.ipynb"] == "pending"
    assert snapshot(workspace) == before, "a second run after an offer changes nothing"


def test_an_unedited_copy_is_not_updated_in_place_either(folders):
    course, workspace = folders
    sync(course, workspace)
    (course / "02_b.ipynb").write_bytes(V2)
    sync(course, workspace)
    assert (workspace / "02_b.ipynb").read_bytes() == V1
    assert (workspace / "02_b.new.ipynb").read_bytes() == V2


def test_a_third_version_never_overwrites_an_earlier_offer(folders):
    course, workspace = folders
    sync(course, workspace)
    (course / "01_a.ipynb").write_bytes(V2)
    sync(course, workspace)
    (workspace / "01_a.new.ipynb").write_bytes(b"learner started on the new version")
    (course / "01_a.ipynb").write_bytes(V3)
    actions = sync(course, workspace)
    assert (workspace / "01_a.ipynb").read_bytes() == V1
    assert (workspace / "01_a.new.ipynb").read_bytes() == b"learner started on the new version"
    assert (workspace / "01_a.new-2.ipynb").read_bytes() == V3
    assert next(a.path for a in actions if a.name == "01_a.ipynb").name == "01_a.new-2.ipynb"


def test_a_removed_learner_file_is_restored_with_the_current_version(folders):
    course, workspace = folders
    sync(course, workspace)
    (workspace / "01_a.ipynb").unlink()
    (course / "01_a.ipynb").write_bytes(V2)
    assert kinds(sync(course, workspace))["01_a.ipynb"] == "restored"
    assert (workspace / "01_a.ipynb").read_bytes() == V2
    assert not (workspace / "01_a.new.ipynb").exists()


def test_adopting_the_new_version_by_renaming_it_settles_the_offer(folders):
    course, workspace = folders
    sync(course, workspace)
    (workspace / "01_a.ipynb").write_bytes(b"my work")
    (course / "01_a.ipynb").write_bytes(V2)
    sync(course, workspace)
    (workspace / "01_a.new.ipynb").rename(workspace / "01_a.ipynb")
    assert kinds(sync(course, workspace))["01_a.ipynb"] == "kept"
    assert sorted(p.name for p in workspace.iterdir()) == [MANIFEST, "01_a.ipynb", "02_b.ipynb"]


def test_without_a_manifest_an_existing_different_file_is_kept(folders):
    course, workspace = folders
    workspace.mkdir()
    (workspace / "01_a.ipynb").write_bytes(b"made before the manifest existed")
    (workspace / "02_b.ipynb").write_bytes(V1)
    (workspace / MANIFEST).write_text("{ not json")
    assert kinds(sync(course, workspace)) == {"01_a.ipynb": "offered", "02_b.ipynb": "kept"}
    assert (workspace / "01_a.ipynb").read_bytes() == b"made before the manifest existed"
    assert (workspace / "01_a.new.ipynb").read_bytes() == V1


def test_learner_files_outside_the_course_are_never_touched(folders):
    course, workspace = folders
    workspace.mkdir()
    (workspace / "my_notes.ipynb").write_bytes(b"notes")
    (workspace / "scratch").mkdir()
    before = snapshot(workspace)
    sync(course, workspace)
    after = snapshot(workspace)
    assert all(after[name] == before[name] for name in before)


def test_a_course_notebook_whose_name_is_taken_by_a_folder_is_offered_beside(folders):
    course, workspace = folders
    (workspace / "01_a.ipynb").mkdir(parents=True)
    assert kinds(sync(course, workspace))["01_a.ipynb"] == "offered"
    assert (workspace / "01_a.ipynb").is_dir()


def test_refuses_the_same_folder_and_a_missing_course(tmp_path):
    with pytest.raises(ValueError, match="different"):
        sync(tmp_path, tmp_path)
    with pytest.raises(FileNotFoundError, match="make student"):
        sync(tmp_path / "missing", tmp_path / "ws")


def test_command_line_says_what_it_did(folders):
    course, workspace = folders
    command = [sys.executable, str(ROOT / "tools" / "workspace.py"), str(course), str(workspace)]
    first = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "01_a.ipynb: copied" in first
    (workspace / "01_a.ipynb").write_bytes(b"my work")
    (course / "01_a.ipynb").write_bytes(V2)
    second = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "newer version" in second and "01_a.new.ipynb" in second
    assert (workspace / "01_a.ipynb").read_bytes() == b"my work"


def test_workspace_folder_is_git_ignored():
    ignored = subprocess.run(["git", "check-ignore", "-q", "workspace/01_x.ipynb"], cwd=ROOT)
    assert ignored.returncode == 0, "add workspace/ to .gitignore"
