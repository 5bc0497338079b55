"""Run a generated app under gunicorn on a free loopback port and log a user in."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

HOST = "127.0.0.1"
START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    base_url: str
    log: Path


def wait_for(
    url: str, process: subprocess.Popen, log: Path, timeout: float = START_TIMEOUT
) -> None:
    """Wait until `url` answers 200, failing with the log's tail if `process` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, (
            f"{process.args!r} exited:\n{log.read_text(encoding='utf-8')[-6000:]}"
        )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    tail = log.read_text(encoding="utf-8")[-6000:]
    raise AssertionError(f"{url} did not answer 200 within {timeout:.0f}s:\n{tail}")


def stop_group(
    process: subprocess.Popen, sig: signal.Signals = signal.SIGTERM, timeout: float = 20
) -> None:
    """Send `sig` to the process group `process` leads, wait, and SIGKILL it after `timeout`."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def serving(
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    log: Path,
    ready_url: str,
    timeout: float = START_TIMEOUT,
    stop_signal: signal.Signals = signal.SIGTERM,
    stop_timeout: float = 20,
) -> Iterator[subprocess.Popen]:
    """`command` in its own process group, once `ready_url` answers 200; stopped (the whole
    group) when the block ends."""
    with log.open("w") as output:
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            command,
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for(ready_url, process, log, timeout)
            yield process
        finally:
            stop_group(process, stop_signal, stop_timeout)


@contextmanager
def gunicorn(
    python: Path, project_root: Path, env: dict[str, str], log: Path, port: int | None = None
) -> Iterator[Server]:
    """gunicorn serving `app:create_app()` on `port` (or a free one) until the block ends."""
    port = port or free_port()
    base_url = f"http://{HOST}:{port}"
    command = [
        str(python.parent / "gunicorn"),
        *("--bind", f"{HOST}:{port}", "--workers", "2", "--timeout", "60"),
        "app:create_app()",
    ]
    with serving(command, cwd=project_root, env=env, log=log, ready_url=f"{base_url}/healthz"):
        yield Server(base_url, log)


@dataclass(frozen=True)
class Login:
    cookies: dict[str, str]
    csrf_token: str
    tenant_id: str

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in sorted(self.cookies.items()))


def sign_up(base_url: str, tenant_snake: str) -> Login:
    """Sign a new user up (owner of a new tenant) and return its cookies and tenant id."""
    body = {
        "email": "gate-owner@example.com",
        "password": "Gate-password-1234!",
        "name": "Gate Owner",
        f"{tenant_snake}_name": "Gate tenant",
    }
    request = urllib.request.Request(
        f"{base_url}/api/v1/auth/signup",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            payload = json.loads(response.read() or b"{}")
            cookie_headers = response.headers.get_all("Set-Cookie") or []
    except urllib.error.HTTPError as error:
        raise AssertionError(f"signup answered {error.code}: {error.read()[:2000]!r}") from error
    cookies: dict[str, str] = {}
    for header in cookie_headers:
        jar = SimpleCookie()
        jar.load(header)
        cookies.update({name: morsel.value for name, morsel in jar.items()})
    assert "csrf_access_token" in cookies, f"signup set no csrf_access_token cookie: {cookies}"
    tenant = payload.get(tenant_snake) or {}
    assert "id" in tenant, f"signup answered no {tenant_snake}.id: {payload}"
    return Login(
        cookies=cookies, csrf_token=cookies["csrf_access_token"], tenant_id=str(tenant["id"])
    )
