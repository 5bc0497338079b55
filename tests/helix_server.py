"""One way for the tests to run Helix under gunicorn and wait until it answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
# Importing the app under gunicorn takes seconds on a quiet machine and tens of seconds on a
# busy one (CI shares its 2 cores); a ready server is answered at once, so waiting is free.
START_TIMEOUT = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    port: int, env: dict[str, str], log: Path, *, workers: int = 1, threads: int = 8
) -> subprocess.Popen:
    """Gunicorn serving `app.wsgi:app` on loopback, once /healthz answers 200."""
    with log.open("w") as output:
        server = subprocess.Popen(  # pylint: disable=consider-using-with
            [
                sys.executable,
                "-m",
                "gunicorn",
                *("--workers", str(workers), "--threads", str(threads)),
                *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
                "app.wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    if not _answers_healthz(server, port):
        server.kill()
        output = log.read_text()[-4000:]
        pytest.fail(f"the Helix server did not start within {START_TIMEOUT} s:\n{output}")
    return server


def _answers_healthz(server: subprocess.Popen, port: int) -> bool:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return True
        except requests.RequestException:
            time.sleep(0.2)
    return False


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
