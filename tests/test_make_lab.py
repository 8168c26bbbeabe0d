"""`make lab` serves the course on 127.0.0.1 only, behind a fresh non-empty token."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAMP = ROOT / ".venv" / ".course-installed"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def lab(tmp_path):
    if not STAMP.exists():
        pytest.skip("make lab uses the course's .venv; run the tests through `make test` to include this")
    port = free_port()
    env = dict(os.environ, BROWSER="true", JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.Popen(
        ["make", "-s", "-o", str(STAMP.relative_to(ROOT)), "lab", f"PORT={port}",
         f"STUDENT_DIR={tmp_path / 'student'}", f"WORKSPACE={tmp_path / 'workspace'}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    try:
        yield proc, port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        proc.stdout.close()


def wait_until_serving(port, url, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            return status(url)
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer on port {port} within {deadline} s")


def test_make_lab_binds_loopback_with_a_token(lab, tmp_path):
    proc, port = lab
    address = re.compile(rf"http://127\.0\.0\.1:{port}/lab/\S*\?token=([A-Za-z0-9_-]+)")
    first, match = "", None
    for _ in range(60):  # one line per notebook copied comes first, so no fixed count
        line = proc.stdout.readline()
        first += line
        match = address.search(line)
        if match or not line:
            break
    assert match, f"make lab did not print the address with its token: {first!r}"
    token = match[1]
    assert len(token) >= 24
    api = f"http://127.0.0.1:{port}/api/contents"
    assert wait_until_serving(port, f"{api}?token={token}") == 200
    assert status(api) == 403, "the server answered without the token"
    assert status(f"{api}?token=wrong{token}") == 403
    assert listening_addresses(port) == {"127.0.0.1"}
    served = tmp_path / "workspace" / "00_welcome.ipynb"
    assert served.exists(), "make lab did not put the learner version in the workspace"
    assert status(f"http://127.0.0.1:{port}/api/contents/00_welcome.ipynb?token={token}") == 200


def listening_addresses(port):
    """The local addresses listening on ``port``, read from /proc/net/tcp{,6} (Linux)."""
    found = set()
    for table, width in [("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)]:
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                found.add(socket.inet_ntop(socket.AF_INET if width == 8 else socket.AF_INET6,
                                           b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))))
    return found
