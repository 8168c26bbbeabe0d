"""tools/readme_images.py takes a notebook's README picture from its cell tagged
``readme-picture``, and only from there."""

import base64
import importlib.util
import io
import json
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("readme_images", ROOT / "tools" / "readme_images.py")
readme_images = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(readme_images)


def _png(color):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "PNG")
    return buffer.getvalue()


def _cell(png, tags=()):
    data = {"image/png": base64.b64encode(png).decode()}
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": "",
            "outputs": [{"output_type": "display_data", "data": data, "metadata": {}}]}


def _notebook(tmp_path, cells):
    path = tmp_path / "NN_x.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_the_tagged_cells_figure_is_taken_not_the_first_figure(tmp_path):
    red, blue = _png((255, 0, 0)), _png((0, 0, 255))
    path = _notebook(tmp_path, [_cell(red), _cell(blue, ["readme-picture"])])
    assert readme_images.notebook_picture(path) == blue


@pytest.mark.parametrize("cells", [[], [_cell(_png((0, 0, 0)))]])
def test_no_tagged_figure_gives_none(tmp_path, cells):
    assert readme_images.notebook_picture(_notebook(tmp_path, cells)) is None


def test_a_missing_notebook_gives_none(tmp_path):
    assert readme_images.notebook_picture(tmp_path / "absent.ipynb") is None


@pytest.mark.parametrize("name", [n for n, p in readme_images.FIGURES.items()
                                  if p[0].startswith(readme_images.NOTEBOOK)])
def test_every_notebook_figure_names_a_notebook_with_one_tagged_figure(name):
    notebook = ROOT / "notebooks" / readme_images.FIGURES[name][0][len(readme_images.NOTEBOOK):]
    assert notebook.exists(), f"tools/readme_images.py names {notebook.name}, which does not exist"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    tagged = [c for c in cells if readme_images.TAG in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{notebook.name}: {len(tagged)} cells tagged {readme_images.TAG}"
    assert readme_images.notebook_picture(notebook) is not None
