"""The README shows the course: every picture it names exists, is small, and is a real PNG;
every picture in docs/img/ is shown."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHOWN = set(re.findall(r'src="(docs/img/[^"]+)"', README))


def test_readme_shows_pictures_of_the_course():
    assert len(SHOWN) >= 5, SHOWN


def test_every_picture_the_readme_shows_exists_as_a_small_png():
    for name in SHOWN:
        path = ROOT / name
        assert path.is_file(), f"README shows {name}, which does not exist (run make readme-images)"
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{name} is not a PNG"
        assert len(data) <= 200_000, f"{name} is {len(data)} bytes; keep README pictures small"


def test_every_picture_in_docs_img_is_shown():
    on_disk = {f"docs/img/{p.name}" for p in (ROOT / "docs" / "img").glob("*.png")}
    assert on_disk <= SHOWN, f"not shown in the README: {sorted(on_disk - SHOWN)}"
