"""Serve a course notebook as live reveal.js slides (or as one Voilà page), on 127.0.0.1.

    python tools/slides.py [NB] [--port PORT] [--code] [--plain] [--no-browser]

NB is a notebook path or a prefix of its name in notebooks/ (``03`` serves
``notebooks/03_*.ipynb``); the default is the first notebook. A directory serves every
notebook in it (Voilà's file list; pages open as ``/voila/render/NAME.ipynb``).

The notebook runs in a fresh kernel and its widgets are live. The slides are Voilà's
reveal template (``--template=course-reveal``, in tools/slides/jupyter), with every
front-end file it needs served by Voilà from tools/slides/node_modules (reveal.js 4.x,
jQuery, Font Awesome, installed by ``bash tools/install_slides.sh`` from the pinned
tools/slides/package-lock.json), so the slides work with no internet. ``--plain`` renders
the notebook as one page instead (``--template=course-lab``). ``--code`` shows the code
cells as well as their outputs (the quiz's collapsed source stays hidden).

Security: only 127.0.0.1 listens, with a fresh random token printed in the address. The
token reaches Voilà through a private config file, never the command line (which other
users can read). port_retries=0, so the printed address is the one served.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SLIDES = ROOT / "tools" / "slides"
JUPYTER_PATH = SLIDES / "jupyter"
VENDOR = SLIDES / "node_modules"
TEMPLATES = {"slides": "course-reveal", "plain": "course-lab"}
DEFAULT_PORT = 8866


def find_notebook(spec: str | None, folder: Path = NOTEBOOKS) -> Path:
    """The notebook ``spec`` names: a path, or a prefix of a name in ``folder``."""
    if spec and Path(spec).exists():
        return Path(spec).resolve()
    candidates = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if spec:
        candidates = [p for p in candidates if p.name.startswith(spec)]
    if len(candidates) == 1 or (candidates and not spec):
        return candidates[0]
    names = ", ".join(p.name for p in sorted(folder.glob("[0-9][0-9]_*.ipynb"))) or "none"
    found = "no notebook" if not candidates else f"{len(candidates)} notebooks"
    raise SystemExit(f"slides: NB={spec!r} matches {found} in {folder}; choose a number "
                     f"or a longer prefix (make slides NB=03). Notebooks: {names}")


def vendor_problem() -> str | None:
    """Why the front-end packages cannot be served, or None when they are installed."""
    package = VENDOR / "reveal.js" / "package.json"
    if not package.is_file():
        return f"{VENDOR} has no reveal.js"
    version = json.loads(package.read_text(encoding="utf-8"))["version"]
    if not version.startswith("4."):
        return f"reveal.js {version} is installed; the template needs 4.x"
    return None


def voila_command(target: Path, port: int, plain: bool = False, code: bool = False) -> list[str]:
    """The Voilà command line (the token comes from :func:`token_config`)."""
    return [
        sys.executable, "-m", "voila", str(target), "--no-browser",
        f"--template={TEMPLATES['plain' if plain else 'slides']}",
        "--Voila.ip=127.0.0.1", f"--Voila.port={port}", "--Voila.port_retries=0",
        f"--VoilaConfiguration.strip_sources={not code}",
    ]


def token_config(folder: Path, token: str) -> Path:
    """Write ``voila.json`` giving Voilà ``token`` into ``folder`` (readable by you only)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / "voila.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump({"Voila": {"token": token}}, file)
    return folder


def voila_environment(config_folder: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's) with the course templates and the token config found first."""
    env = dict(os.environ if base is None else base)
    for name, first in (("JUPYTER_PATH", JUPYTER_PATH), ("JUPYTER_CONFIG_PATH", config_folder)):
        env[name] = os.pathsep.join(p for p in (str(first), env.get(name, "")) if p)
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    return env


def address(port: int, token: str, target: Path) -> str:
    page = "voila/tree" if target.is_dir() else ""
    return f"http://127.0.0.1:{port}/{page}?token={token}"


def wait_until_serving(proc: subprocess.Popen, url: str, timeout: float = 60) -> bool:
    """True once ``url`` answers; False if the server exited or ``timeout`` passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.2)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("nb", nargs="?", default=None, help="notebook number, prefix or path")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--plain", action="store_true", help="one page instead of slides")
    parser.add_argument("--code", action="store_true",
                        help="show the code cells too (Voilà shows only outputs by default)")
    parser.add_argument("--no-browser", action="store_true", help="only print the address")
    args = parser.parse_args(argv)

    spec = args.nb
    target = Path(spec).resolve() if spec and Path(spec).is_dir() else find_notebook(spec)
    problem = vendor_problem()
    if problem:
        raise SystemExit(f"slides: {problem}: run `bash tools/install_slides.sh` (or `make slides`).")
    token = secrets.token_urlsafe(24)
    url = address(args.port, token, target)
    with tempfile.TemporaryDirectory(prefix="course-slides-") as tmp:
        env = voila_environment(token_config(Path(tmp) / "config", token))
        proc = subprocess.Popen(voila_command(target, args.port, args.plain, args.code), env=env)
        # A SIGTERM to this tool stops Voilà too (which shuts its kernels down).
        signal.signal(signal.SIGTERM, lambda *_: proc.send_signal(signal.SIGTERM))
        try:
            if not wait_until_serving(proc, f"http://127.0.0.1:{args.port}/voila/static/voila.js"):
                return proc.wait() or 1
            kind = "page" if args.plain or target.is_dir() else "slides"
            print(f"\nServing {target.name} as {kind}. Open this address in your browser:\n"
                  f"    {url}\n"
                  "Keys: → / ← next and previous slide, ↓ / ↑ within a topic, Esc overview, "
                  "F full screen.\nStop it with Ctrl-C.", flush=True)
            if not args.no_browser:
                webbrowser.open(url)
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            return proc.wait()


if __name__ == "__main__":
    sys.exit(main())
