"""Benchmark of the generation journey on real processes: submit -> downloadable latency
of clinic.yaml with one worker (target p95 under 2 s), and a burst of 200 submissions
from 20 workspaces (each succeeds exactly once; drain time, jobs/s per worker).

Uses the PostgreSQL and Redis of the tests (TEST_DATABASE_URL as the admin URL, REDIS_URL)
with a scratch database and private queues.
Run: .venv/bin/python bench/generation_bench.py [--latency-runs N] [--burst N] [--write]
`--write` replaces the "## Generations" section of bench/RESULTS.md with this run's numbers.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the app package, when run as a script
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Generations"
ADMIN_URL = os.getenv("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/12")
PASSWORD = "correct horse battery staple"


def clinic_path() -> Path:
    """The repository's clinic.yaml (imported late: the app package is on sys.path by now)."""
    from app.examples import genome_path

    return genome_path("clinic.yaml")


FRONTEND = {"value": "none"}  # --frontend: the stack.frontend of the submitted genomes


def clinic_named(name: str) -> str:
    """clinic.yaml under another name: another genome hash, so nothing is reused."""
    text = clinic_path().read_text(encoding="utf-8")
    text = text.replace('name: "Clinic Booking"', f'name: "{name}"')
    return text.replace("frontend: none", f"frontend: {FRONTEND['value']}")


class Client:
    def __init__(self, app, number: int):
        self.flask = app.test_client()
        self.flask.environ_base["REMOTE_ADDR"] = f"127.77.{number // 250}.{number % 250 + 1}"
        self.base = ""

    def call(self, method: str, path: str, **kwargs):
        token = self.flask.get_cookie("csrf_access_token")
        headers = {"X-CSRF-TOKEN": token.value} if token else {}
        return self.flask.open(path, method=method, headers=headers, **kwargs)


def sign_up(app, number: int) -> Client:
    from app.extensions import db
    from app.models import Workspace

    client = Client(app, number)
    response = client.call(
        "POST",
        "/api/v1/auth/signup",
        json={
            "email": f"bench-{uuid.uuid4().hex[:10]}@example.com",
            "password": PASSWORD,
            "name": f"Bench {number}",
            "workspace_name": f"Bench {number}",
        },
    )
    assert response.status_code == 201, response.get_json()
    workspace_id = response.get_json()["workspace"]["id"]
    db.session.get(Workspace, uuid.UUID(workspace_id)).plan = "pro"
    db.session.commit()
    client.base = f"/api/v1/workspaces/{workspace_id}"
    return client


def submit(client: Client, name: str) -> str:
    project = client.call(
        "POST", f"{client.base}/projects", json={"name": name, "genome_yaml": clinic_named(name)}
    )
    assert project.status_code == 201, project.get_json()
    started = client.call("POST", f"{client.base}/projects/{project.get_json()['id']}/generations")
    assert started.status_code == 202, started.get_json()
    return started.get_json()["id"]


def start_worker(env: dict[str, str], queue: str) -> subprocess.Popen:
    from app.celery_app import worker_argv

    return subprocess.Popen(  # pylint: disable=consider-using-with
        worker_argv(queue, f"{queue}-{uuid.uuid4().hex[:4]}@%h"),
        cwd=ROOT,
        env={**os.environ, **env},
        start_new_session=True,
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_latency(app, runs: int) -> list[float]:
    """Seconds from POST to a 200 download, one submission at a time."""
    client = sign_up(app, 1)
    times = []
    for run in range(runs):
        began = time.perf_counter()
        generation_id = submit(client, f"Clinic latency {run} {uuid.uuid4().hex[:6]}")
        url = f"{client.base}/generations/{generation_id}"
        while True:
            body = client.call("GET", url).get_json()
            if body["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.01)
        assert body["status"] == "succeeded", body
        download = client.call("GET", body["download_url"])
        assert download.status_code == 200
        download.get_data()
        times.append(time.perf_counter() - began)
    return times


def run_burst(app, total: int, workspaces: int) -> tuple[float, float, list[str]]:
    """(submit seconds, drain seconds from first submit to last finished, generation ids)."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Generation, GenerationStatus

    clients = [sign_up(app, 100 + n) for n in range(workspaces)]
    began = time.perf_counter()
    ids = [
        submit(clients[n % workspaces], f"Burst {n} {uuid.uuid4().hex[:6]}") for n in range(total)
    ]
    submitted = time.perf_counter() - began
    wanted = [uuid.UUID(gid) for gid in ids]
    while True:
        db.session.rollback()
        finished = db.session.scalar(
            select(func.count()).where(
                Generation.id.in_(wanted),
                Generation.status.in_([GenerationStatus.SUCCEEDED, GenerationStatus.FAILED]),
            )
        )
        if finished == total:
            break
        time.sleep(0.1)
    drained = time.perf_counter() - began
    return submitted, drained, ids


def check_burst(ids: list[str]) -> dict[str, int]:
    """Each generation's outcome, and the window from the first start to the last finish."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Generation

    rows = db.session.scalars(
        select(Generation).where(Generation.id.in_([uuid.UUID(gid) for gid in ids]))
    ).all()
    per_project: dict[uuid.UUID, int] = {}
    for row in rows:
        per_project[row.project_id] = per_project.get(row.project_id, 0) + 1
    started = min(row.started_at for row in rows)
    finished = max(row.finished_at for row in rows)
    return {
        "busy_ms": round((finished - started).total_seconds() * 1000),
        "succeeded": sum(row.status.value == "succeeded" for row in rows),
        "failed": sum(row.status.value == "failed" for row in rows),
        "run more than once": sum(row.attempts != 1 for row in rows),
        "projects with more than one generation": sum(n != 1 for n in per_project.values()),
    }


def report(args, latency: list[float], submitted: float, drained: float, outcome: dict) -> str:
    """The "## Generations" section of RESULTS.md for this run."""
    p50, p95 = statistics.median(latency), percentile(latency, 0.95)
    rate = args.burst / drained
    busy = outcome.pop("busy_ms") / 1000
    return (
        f"{SECTION}\n\n"
        "Submit -> downloadable for clinic.yaml (10 entities; each run renamed, so its genome\n"
        "hash is new and nothing is reused), through the API in-process against a real\n"
        "PostgreSQL, Redis and Celery worker processes (solo pool); target p95 under 2 s.\n"
        "In the burst the submitting process and the workers share the 2 cores; when the\n"
        "drain ends right after the last submit, both burst rates are lower bounds.\n"
        f"Machine: 2 cores, shared with other sessions' test runs. Date: 2026-11-25.\n\n"
        f"Command: `.venv/bin/python bench/generation_bench.py --latency-runs "
        f"{args.latency_runs} --burst {args.burst} --workspaces {args.workspaces} "
        f"--burst-workers {args.burst_workers} --frontend {args.frontend}`\n\n"
        "| measure | result |\n|---|---|\n"
        f"| latency, one worker, {len(latency)} runs: p50 | {p50 * 1000:.0f} ms |\n"
        f"| latency p95 (target < 2000 ms) | {p95 * 1000:.0f} ms |\n"
        f"| latency max | {max(latency) * 1000:.0f} ms |\n"
        f"| burst: {args.burst} submissions from {args.workspaces} workspaces, submitted in | "
        f"{submitted:.1f} s |\n"
        f"| burst drain time ({args.burst_workers} workers) | {drained:.1f} s |\n"
        f"| throughput over the drain time | {rate:.2f} jobs/s, "
        f"{rate / args.burst_workers:.2f} jobs/s per worker |\n"
        f"| workers busy (first start to last finish) | {busy:.1f} s: "
        f"{args.burst / busy / args.burst_workers:.2f} jobs/s per worker |\n"
        f"| outcome | {', '.join(f'{key}: {value}' for key, value in outcome.items())} |\n"
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-runs", type=int, default=30)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--burst-workers", type=int, default=2)
    parser.add_argument("--frontend", choices=("none", "nextjs"), default="none")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    FRONTEND["value"] = args.frontend
    return args


def main() -> int:
    args = parse_args()

    name = f"helix_bench_{uuid.uuid4().hex[:8]}"
    admin = ADMIN_URL.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    database_url = admin.rsplit("/", 1)[0] + f"/{name}"
    artifacts = tempfile.mkdtemp(prefix="helix-bench-artifacts-")
    latency_queue, burst_queue = (f"helix-bench-{uuid.uuid4().hex[:8]}" for _ in range(2))
    env = {
        "HELIX_ENV": "test",
        "TEST_DATABASE_URL": database_url,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "ARTIFACT_DIR": artifacts,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "RATELIMIT_ENABLED": "false",
        "PASSWORD_HASH_ROUNDS": "4",
    }
    os.environ.update(env)
    workers: list[subprocess.Popen] = []
    try:
        from flask_migrate import upgrade

        from app import create_app

        app = create_app("test")
        with app.app_context():
            upgrade()
            app.config["GENERATION_QUEUE"] = latency_queue
            workers.append(start_worker(env, latency_queue))
            time.sleep(8)  # the worker imports the app and the generator
            measure_latency(app, 2)  # warm the worker's caches
            latency = measure_latency(app, args.latency_runs)
            for worker in workers:
                worker.terminate()
            app.config["GENERATION_QUEUE"] = burst_queue
            workers = [start_worker(env, burst_queue) for _ in range(args.burst_workers)]
            time.sleep(8)
            submitted, drained, ids = run_burst(app, args.burst, args.workspaces)
            outcome = check_burst(ids)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    text = report(args, latency, submitted, drained, outcome)
    print(text)
    if args.write:
        current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
        pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
        if pattern.search(current):
            current = pattern.sub(text + "\n", current)
        else:
            current = current.rstrip("\n") + "\n\n" + text
        RESULTS.write_text(current, encoding="utf-8")
    ok = outcome["succeeded"] == args.burst and outcome["failed"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
