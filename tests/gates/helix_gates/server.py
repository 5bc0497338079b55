"""Run a generated app under gunicorn on a free loopback port and log a user in."""

from __future__ import annotations

import json
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


@contextmanager
def gunicorn(
    python: Path, project_root: Path, env: dict[str, str], log: Path, port: int | None = None
) -> Iterator[Server]:
    """gunicorn serving `app:create_app()` on `port` (or a free one) until the block ends."""
    port = port or free_port()
    gunicorn_bin = python.parent / "gunicorn"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                str(gunicorn_bin),
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "2",
                "--timeout",
                "60",
                "app:create_app()",
            ],
            cwd=project_root,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://{HOST}:{port}"
        try:
            _wait_healthy(base_url, process, log)
            yield Server(base_url, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(base_url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, (
            f"gunicorn exited:\n{log.read_text(encoding='utf-8')[-6000:]}"
        )
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.3)
    tail = log.read_text(encoding="utf-8")[-6000:]
    raise AssertionError(f"/healthz did not answer 200 within {START_TIMEOUT}s:\n{tail}")


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
