"""Login, GET /api/v1/me and password-reset requests under gunicorn: requests/s and p99.

Creates its own PostgreSQL database (dropped afterwards), migrates it, creates one user,
starts gunicorn (production settings, bcrypt cost 12, rate limits off so the limiter does
not answer instead of the app) and drives it from keep-alive client threads on loopback.

Run: .venv/bin/python bench/auth_bench.py [--clients 32] [--seconds 15] [--record]
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
ADMIN_URL = os.getenv("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.getenv("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
EMAIL = "bench@example.com"
PASSWORD = "bench password 12345"
CLIENT_TIMEOUT = 120  # queued logins wait their turn rather than count as errors


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "HELIX_ENV": "production",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "bench-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "RATELIMIT_ENABLED": "false",
        # Production refuses console email; the bench sends none (reset emails stay queued).
        "EMAIL_PROVIDER": "smtp",
        "PUBLIC_URL": "https://helix.bench.invalid",
        "LOG_LEVEL": "WARNING",
        "FLASK_APP": "app.wsgi",
    }


def prepare(env: dict[str, str]) -> None:
    """Migrate the bench database and create the user who logs in."""
    subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    script = (
        "from app import create_app\n"
        "from app.services import account_service\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        f"    account_service.sign_up({EMAIL!r}, {PASSWORD!r}, 'Bench', 'Bench workspace')\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)


class Result:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.lock = threading.Lock()


def client_loop(port: int, request, stop_at: float, result: Result) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    latencies, errors = [], 0
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        try:
            ok = request(connection)
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
            ok = False
        latencies.append(time.perf_counter() - started)
        errors += 0 if ok else 1
    connection.close()
    with result.lock:
        result.latencies.extend(latencies)
        result.errors += errors


def run_load(port: int, request, clients: int, seconds: float) -> dict:
    result = Result()
    started = time.monotonic()
    stop_at = started + seconds
    threads = [
        threading.Thread(target=client_loop, args=(port, request, stop_at, result))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    ordered = sorted(result.latencies)
    count = len(ordered)
    return {
        "requests": count,
        "errors": result.errors,
        "rps": count / elapsed,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else 0.0,
        "p99_ms": ordered[min(count - 1, int(count * 0.99))] * 1000 if ordered else 0.0,
    }


def login_request(connection: http.client.HTTPConnection) -> bool:
    body = json.dumps({"email": EMAIL, "password": PASSWORD})
    connection.request(
        "POST", "/api/v1/auth/login", body=body, headers={"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    response.read()
    return response.status == 200


def session_cookie(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"email": EMAIL, "password": PASSWORD})
    connection.request(
        "POST", "/api/v1/auth/login", body=body, headers={"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    response.read()
    cookies = [
        header.split(";", 1)[0]
        for name, header in response.getheaders()
        if name.lower() == "set-cookie" and header.startswith("access_token_cookie=")
    ]
    connection.close()
    if response.status != 200 or not cookies:
        raise SystemExit(f"bench login failed: {response.status}")
    return cookies[0]


def me_request(cookie: str):
    def request(connection: http.client.HTTPConnection) -> bool:
        connection.request("GET", "/api/v1/me", headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status == 200

    return request


def reset_request(email: str):
    def request(connection: http.client.HTTPConnection) -> bool:
        body = json.dumps({"email": email})
        connection.request(
            "POST",
            "/api/v1/auth/password-reset",
            body=body,
            headers={"Content-Type": "application/json"},
        )
        response = connection.getresponse()
        response.read()
        return response.status == 202

    return request


def reset_timing(port: int, pairs: int) -> list[tuple[str, dict]]:
    """Known and unknown emails alternately from one client, so a busy machine's drift
    weighs on both alike; one row each."""
    emails = {"known email": EMAIL, "unknown email": "nobody@example.com"}
    latencies: dict[str, list[float]] = {label: [] for label in emails}
    errors = dict.fromkeys(emails, 0)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    started = time.monotonic()
    for _ in range(pairs):
        for label, email in emails.items():
            begun = time.perf_counter()
            ok = reset_request(email)(connection)
            latencies[label].append(time.perf_counter() - begun)
            errors[label] += 0 if ok else 1
    elapsed = time.monotonic() - started
    connection.close()
    rows = []
    for label, values in latencies.items():
        ordered = sorted(values)
        rows.append(
            (
                f"POST /api/v1/auth/password-reset, {label} (alternating, 1 client)",
                {
                    "requests": len(ordered),
                    "errors": errors[label],
                    "rps": len(ordered) / elapsed,
                    "p50_ms": statistics.median(ordered) * 1000,
                    "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
                },
            )
        )
    return rows


def drop_queued_resets() -> None:
    """No worker runs here: remove the reset messages the bench queued, and only those."""
    import redis  # pylint: disable=import-outside-toplevel

    client = redis.Redis.from_url(REDIS_URL)
    for message in client.lrange("celery", 0, -1):
        if b"helix.accounts.password_reset" in message:
            client.lrem("celery", 0, message)


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited while starting")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def record(rows: list[tuple[str, dict]], args: argparse.Namespace) -> None:
    lines = [
        "## Auth",
        "",
        f"`POST /api/v1/auth/login` and `GET /api/v1/me` under gunicorn ({args.workers} workers x "
        f"{args.threads} threads, gthread), production settings (bcrypt cost 12), rate limits "
        f"off, {args.clients} concurrent keep-alive clients on loopback for {args.seconds:g} s "
        "each (the first row: one client for 5 s, the cost of a single login). The load "
        "generator runs on the same machine and takes part of its CPU.",
        "",
        f"- Machine: 2 cores, shared with other sessions' test runs (load average "
        f"{args.load_before:.1f} before, {args.load_after:.1f} after); "
        f"date: {datetime.date.today().isoformat()}",
        f"- Command: `.venv/bin/python bench/auth_bench.py --clients {args.clients} "
        f"--seconds {args.seconds:g} --record`",
        "",
        "| endpoint | requests | errors | requests/s | p50 | p99 |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in rows:
        lines.append(
            f"| {name} | {row['requests']} | {row['errors']} | {row['rps']:.1f} | "
            f"{row['p50_ms']:.0f} ms | {row['p99_ms']:.0f} ms |"
        )
    lines += [
        "",
        "Login is bound by bcrypt (cost 12, about 0.2 s of one core per check) by design; "
        "`/me` is one JWT check, one Redis lookup (the session's state, which PostgreSQL "
        "decides when Redis does not know it) and two small queries. A reset request only "
        "queues a job (the worker looks the email up), so known and unknown emails cost the "
        "same and the answer's timing does not tell which emails have accounts.",
        "",
    ]
    section = "\n".join(lines)
    text = RESULTS.read_text() if RESULTS.exists() else ""
    if "## Auth\n" in text:
        head, _, rest = text.partition("## Auth\n")
        tail = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section
    RESULTS.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--reset-pairs", type=int, default=500)
    parser.add_argument("--record", action="store_true", help="write the Auth section")
    args = parser.parse_args()

    name = f"helix_bench_auth_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    database_url = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    args.load_before = os.getloadavg()[0]
    env = server_env(database_url)
    port = free_port()
    server = None
    try:
        prepare(env)
        server = subprocess.Popen(  # pylint: disable=consider-using-with
            [
                sys.executable,
                "-m",
                "gunicorn",
                "app.wsgi:app",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--worker-class",
                "gthread",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        wait_until_up(port, server)
        cookie = session_cookie(port)
        run_load(port, me_request(cookie), 4, 2)  # warm-up: connections, caches
        rows = [
            ("POST /api/v1/auth/login, 1 client", run_load(port, login_request, 1, 5)),
            ("POST /api/v1/auth/login", run_load(port, login_request, args.clients, args.seconds)),
            ("GET /api/v1/me", run_load(port, me_request(cookie), args.clients, args.seconds)),
            *reset_timing(port, args.reset_pairs),
        ]
    finally:
        drop_queued_resets()
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    args.load_after = os.getloadavg()[0]
    for endpoint, row in rows:
        print(
            f"{endpoint:36} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:6.0f} ms  "
            f"p99 {row['p99_ms']:6.0f} ms  ({row['requests']} requests, {row['errors']} errors)"
        )
    if args.record:
        record(rows, args)
        print(f"recorded in {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
