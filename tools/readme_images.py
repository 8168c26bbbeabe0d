"""Regenerate the README's pictures (docs/img/) from the browser tests' screenshots.

The browser tests (``tests/browser``) save what a learner sees in JupyterLab, each
explorer cropped to its widget element: ``build/browser/explorers/<Class>__NN_cCC.png`` (the
explorer ``Class`` as code cell CC of notebook ``NN`` shows it after Run All; ``__end``
added: at its last step) and, from the slides test,
``build/browser/slides_title.png``. This tool picks one picture per README figure (the
explorer's first notebook), or, for a notebook without an explorer, the stored figure of
its code cell tagged ``readme-picture`` (``notebook:NN_topic.ipynb``), makes it a small PNG (lossless when that is at most
``--max-kb``; otherwise an adaptive 256-colour palette without dithering, which keeps
plot text and lines sharp) and writes it to ``docs/img/``. A figure whose screenshot is
missing is reported and left as it is.

Usage::

    python tools/readme_images.py                 # build/browser -> docs/img
    python tools/readme_images.py --check         # only say what would change

``make readme-images`` runs the browser tests first, then this.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import sys
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[1]
MAX_WIDTH = 1000  # px: wider pictures (a full slide) are scaled down to this

# README figure -> the screenshots that can make it, best first.
# ``<Class>__NN_cCC__end.png`` is the explorer at its last step (every value computed).
SHOT = "explorers/{}__[0-9][0-9]_c[0-9][0-9]{}.png"
FIGURES = {
    "descent_explorer.png": [SHOT.format("DescentExplorer", "__end"),
                             SHOT.format("DescentExplorer", ""), "descent_explorer.png"],
    "sigmoid_explorer.png": [SHOT.format("SigmoidExplorer", "")],
    "loss_explorer.png": [SHOT.format("LossExplorer", "")],
    "graph_stepper.png": [SHOT.format("GraphStepper", "__end"), SHOT.format("GraphStepper", "")],
    "boundary_explorer.png": [SHOT.format("BoundaryExplorer", "")],
    "activation_explorer.png": [SHOT.format("ActivationExplorer", "__end"),
                                SHOT.format("ActivationExplorer", "")],
    "symmetry_explorer.png": [SHOT.format("SymmetryExplorer", "__end"),
                              SHOT.format("SymmetryExplorer", "")],
    "backprop_training.png": ["notebook:05_backprop_logistic_regression.ipynb"],
    "capstone.png": ["notebook:09_capstone.ipynb"],
    "slides.png": ["slides_title.png"],
    "slides_widget.png": ["slides_widget.png"],
}
TRIM_PAD = 6  # px of white kept around a widget's content
NOTEBOOK = "notebook:"  # a figure stored in a notebook, in its cell tagged TAG
TAG = "readme-picture"


def notebook_picture(path: Path) -> bytes | None:
    """The PNG bytes of the first figure output of the code cell tagged ``readme-picture``
    in the notebook at ``path``, or None if there is no such notebook, cell or figure."""
    if not path.is_file():
        return None
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "code" and TAG in cell.get("metadata", {}).get("tags", []):
            for output in cell.get("outputs", []):
                data = output.get("data", {}).get("image/png")
                if data:
                    return base64.b64decode("".join(data) if isinstance(data, list) else data)
    return None


def find_source(shots: Path, patterns: list[str]) -> Path | None:
    """The first screenshot matching ``patterns`` (lowest notebook number first)."""
    for pattern in patterns:
        matches = sorted(shots.glob(pattern))
        if matches:
            return matches[0]
    return None


def trim(image: Image.Image, pad: int = TRIM_PAD) -> Image.Image:
    """Cut the white margin a widget element leaves right and below its content (a figure
    narrower than the cell), keeping ``pad`` px."""
    rgb = image.convert("RGB")
    background = Image.new("RGB", rgb.size, (255, 255, 255))
    box = ImageChops.difference(rgb, background).convert("L").point(lambda v: 255 * (v > 12))
    box = box.getbbox()
    if box is None:
        return rgb
    right, bottom = min(rgb.width, box[2] + pad), min(rgb.height, box[3] + pad)
    return rgb.crop((0, 0, right, bottom))


def optimise(image: Image.Image, max_bytes: int) -> bytes:
    """PNG bytes of ``image`` (RGB, at most MAX_WIDTH wide): lossless if that fits in
    ``max_bytes``, else a 256-colour adaptive palette (no dithering)."""
    image = image.convert("RGB")
    if image.width > MAX_WIDTH:
        height = round(image.height * MAX_WIDTH / image.width)
        image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    lossless = _png(image)
    if len(lossless) <= max_bytes:
        return lossless
    # Octree keeps rare colours (a small orange marker); median cut shifted them.
    palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                             dither=Image.Dither.NONE)
    return min(lossless, _png(palette), key=len)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def regenerate(shots: Path, out: Path, max_kb: float, check: bool = False,
               notebooks: Path = ROOT / "notebooks") -> list[str]:
    """Write every figure whose screenshot exists; return one report line per figure."""
    lines = []
    for name, patterns in FIGURES.items():
        if patterns[0].startswith(NOTEBOOK):
            source = notebooks / patterns[0][len(NOTEBOOK):]
            stored = notebook_picture(source)
            image = None if stored is None else Image.open(io.BytesIO(stored))
        else:
            source = find_source(shots, patterns)
            image = None if source is None else Image.open(source)
        if image is None:
            lines.append(f"  {name:24} no picture ({', '.join(patterns)}): left as it is")
            continue
        with image:
            data = optimise(trim(image) if "explorers/" in patterns[0] else image,
                            int(max_kb * 1024))
            size = Image.open(io.BytesIO(data)).size
        target = out / name
        same = target.exists() and target.read_bytes() == data
        if not check and not same:
            out.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        state = "unchanged" if same else ("would change" if check else "written")
        over = "  (over the size goal)" if len(data) > max_kb * 1024 else ""
        lines.append(f"  {name:24} {len(data) / 1024:6.1f} KB  {size[0]}×{size[1]}  {state}  "
                     f"from {_shown(source, shots)}{over}")
    return lines


def _shown(source: Path, shots: Path) -> str:
    return str(source.relative_to(shots)) if source.is_relative_to(shots) else source.name


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=Path, default=ROOT / "build" / "browser",
                        help="the browser tests' screenshots (default build/browser)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--max-kb", type=float, default=150, help="size goal per picture")
    parser.add_argument("--check", action="store_true", help="write nothing, say what changes")
    args = parser.parse_args(argv)
    if not args.shots.is_dir():
        print(f"readme_images: {args.shots} does not exist; run the browser tests first "
              f"(CI=true .venv/bin/python -m pytest tests/browser)", file=sys.stderr)
        return 1
    lines = regenerate(args.shots, args.out, args.max_kb, args.check)
    print(f"readme_images: {args.out}\n" + "\n".join(lines))
    return 0 if any(" KB " in line for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
