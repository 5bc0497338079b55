"""Load and soak test of the whole journey against gunicorn + Celery on loopback.

Starts its own PostgreSQL database, redis-server, gunicorn (production-like: gthread),
two Celery workers, beat and the Stripe stand-in; then N virtual users (threads, each a
`requests` session with its own client address through X-Forwarded-For, as behind
nginx) sign up, upgrade through Checkout + webhook, and loop: /me, pages, drafts,
projects, generations (polled, downloaded, hash checked), billing webhooks, log out and
in. At the end: requests/s, p50/p99 per route, errors (anything but 429), queue depth
and RSS of each process at start and end, and whether any job ran twice or was lost.

Not part of `make test` (it takes the minutes it is given). Run it on a quiet machine:

    nice .venv/bin/python bench/soak.py --users 200 --minutes 10
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import psutil
import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import stripe_standin as stripe_objects  # noqa: E402  # pylint: disable=wrong-import-position
from private_redis import PrivateRedis, free_port, wait_until  # noqa: E402  # pylint: disable=wrong-import-position

from app.celery_app import worker_argv  # noqa: E402  # pylint: disable=wrong-import-position

ADMIN_URL = os.getenv("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "correct horse battery staple soak"
DESCRIPTIONS = sorted((ROOT / "examples" / "descriptions").glob("*.txt"))


class Recorder:
    """Every request's route, status and latency; thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.failures: list[str] = []
        self.generations: list[str] = []
        self.downloads_ok = 0
        self.download_mismatch = 0
        self.generations_unfinished: list[str] = []

    def add(self, route: str, status: int, seconds: float, detail: str = "") -> None:
        with self.lock:
            self.samples[route].append(seconds)
            self.statuses[route][status] += 1
            failed = (status >= 400 and status != 429) or status == 0
            if failed and len(self.failures) < 50:
                self.failures.append(f"{route} -> {status} {detail[:200]}")


class VirtualUser(threading.Thread):
    """One person using Helix until `stop` is set."""

    def __init__(self, number: int, base: str, recorder: Recorder, stop: threading.Event, args):
        super().__init__(daemon=True, name=f"vu-{number}")
        self.number = number
        self.base = base
        self.recorder = recorder
        self.stop = stop
        self.args = args
        self.session = requests.Session()
        self.address = f"10.{number // 250 % 250}.{number % 250}.{random.randint(1, 250)}"
        self.email = f"soak-{uuid.uuid4().hex[:12]}@example.com"
        self.workspace = ""
        self.subscription = f"sub_{uuid.uuid4().hex[:20]}"
        self.customer = ""
        self.rng = random.Random(number)

    # HTTP

    def call(self, method: str, route: str, path: str, **kwargs) -> requests.Response | None:
        headers = kwargs.pop("headers", {}) or {}
        headers["X-Forwarded-For"] = self.address
        token = self.session.cookies.get("csrf_access_token")
        if token and method != "GET":
            headers.setdefault("X-CSRF-TOKEN", token)
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base + path, headers=headers, timeout=120, **kwargs
            )
        except requests.RequestException as error:
            self.recorder.add(route, 0, time.perf_counter() - started, type(error).__name__)
            return None
        self.recorder.add(route, response.status_code, time.perf_counter() - started, response.text)
        return response

    def think(self, low: float, high: float) -> None:
        self.stop.wait(self.rng.uniform(low, high))

    # The journey

    def run(self) -> None:
        if not self.sign_up() or not self.upgrade():
            return
        iteration = 0
        while not self.stop.is_set():
            iteration += 1
            self.browse()
            project = self.draft_and_create(iteration)
            if project and iteration % self.args.generate_every == 1 % self.args.generate_every:
                self.generate(project)
            if self.rng.random() < 0.3:
                self.billing_event()
            if self.rng.random() < 0.15:
                self.relogin()
            self.think(self.args.think * 0.5, self.args.think * 1.5)

    def sign_up(self) -> bool:
        body = {
            "email": self.email,
            "password": PASSWORD,
            "name": f"Soak {self.number}",
            "workspace_name": f"Soak {self.number}",
        }
        response = self.call("POST", "POST /auth/signup", "/api/v1/auth/signup", json=body)
        if response is None or response.status_code != 201:
            return False
        self.workspace = f"/api/v1/workspaces/{response.json()['workspace']['id']}"
        return True

    def upgrade(self) -> bool:
        """Checkout at the stand-in, then Stripe's webhook makes the workspace Pro."""
        response = self.call("POST", "POST /billing/checkout", f"{self.workspace}/billing/checkout")
        if response is None or response.status_code != 200:
            return False
        session_id = response.json()["url"].rsplit("/", 1)[-1]
        self.customer = self.args.standin.state.checkout_sessions[session_id]["customer"]
        workspace_id = self.workspace.rsplit("/", 1)[-1]
        obj = stripe_objects.checkout_session_completed(
            workspace_id, self.customer, self.subscription
        )
        return self.webhook(stripe_objects.event("checkout.session.completed", obj))

    def webhook(self, event: dict) -> bool:
        payload, headers = stripe_objects.signed(event)
        response = self.call(
            "POST",
            "POST /billing/webhook",
            "/api/v1/billing/webhook",
            data=payload,
            headers=headers,
        )
        return response is not None and response.status_code == 200

    def billing_event(self) -> None:
        workspace_id = self.workspace.rsplit("/", 1)[-1]
        obj = stripe_objects.invoice(self.subscription, self.customer, "paid", workspace_id)
        self.webhook(stripe_objects.event("invoice.paid", obj))

    def browse(self) -> None:
        self.call("GET", "GET /me", "/api/v1/me")
        self.call("GET", "GET /workspaces/{id}/projects", f"{self.workspace}/projects")
        workspace_id = self.workspace.rsplit("/", 1)[-1]
        self.call("GET", "GET page dashboard", f"/workspaces/{workspace_id}/dashboard")
        self.call("GET", "GET /workspaces/{id}/billing", f"{self.workspace}/billing")

    def draft_and_create(self, iteration: int) -> dict | None:
        text = self.rng.choice(DESCRIPTIONS).read_text(encoding="utf-8")
        name = f"Soak {self.number} {iteration}"
        draft = self.call(
            "POST",
            "POST /genomes/draft",
            "/api/v1/genomes/draft",
            json={"description": text, "name": name},
        )
        if draft is None or draft.status_code != 200:
            return None
        self.think(1, 3)
        body = {"name": name, "description": text[:500], "genome_yaml": draft.json()["genome_yaml"]}
        project = self.call("POST", "POST /projects", f"{self.workspace}/projects", json=body)
        if project is None or project.status_code != 201:
            return None
        return project.json()

    def generate(self, project: dict) -> None:
        response = self.call(
            "POST",
            "POST /projects/{id}/generations",
            f"{self.workspace}/projects/{project['id']}/generations",
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        if response is None or response.status_code != 202:
            return
        generation = response.json()
        with self.recorder.lock:
            self.recorder.generations.append(generation["id"])
        url = f"{self.workspace}/generations/{generation['id']}"
        deadline = time.monotonic() + 300
        while generation["status"] in ("queued", "running") and time.monotonic() < deadline:
            self.think(2, 3)
            polled = self.call("GET", "GET /generations/{id}", url)
            if polled is not None and polled.status_code == 200:
                generation = polled.json()
            if self.stop.is_set() and time.monotonic() > deadline - 120:
                break
        if generation["status"] != "succeeded":
            with self.recorder.lock:
                self.recorder.generations_unfinished.append(generation["id"])
            return
        download = self.call("GET", "GET /generations/{id}/download", generation["download_url"])
        if download is not None and download.status_code == 200:
            same = hashlib.sha256(download.content).hexdigest() == generation["sha256"]
            with self.recorder.lock:
                self.recorder.downloads_ok += same
                self.recorder.download_mismatch += not same

    def relogin(self) -> None:
        self.call("POST", "POST /auth/logout", "/api/v1/auth/logout")
        self.call(
            "POST",
            "POST /auth/login",
            "/api/v1/auth/login",
            json={"email": self.email, "password": PASSWORD},
        )


# The system under test


class System:
    """Database, Redis, gunicorn, workers, beat and the Stripe stand-in, all private."""

    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="helix-soak-"))
        self.database = f"helix_soak_{uuid.uuid4().hex[:8]}"
        self.redis = PrivateRedis(self.tmp)
        self.standin = stripe_objects.StripeStandIn()
        self.port = free_port()
        self.processes: dict[str, subprocess.Popen] = {}
        self.env: dict[str, str] = {}

    def start(self) -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.database}"')
        self.redis.start()
        admin = ADMIN_URL.rsplit("/", 1)[0]
        self.env = {
            **os.environ,
            "HELIX_ENV": "development",
            "DATABASE_URL": f"{admin}/{self.database}",
            "REDIS_URL": self.redis.url,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "JWT_COOKIE_SECURE": "false",
            "PASSWORD_HASH_ROUNDS": str(self.args.bcrypt_rounds),
            "TRUSTED_PROXIES": "1",
            "STRIPE_SECRET_KEY": stripe_objects.SECRET_KEY,
            "STRIPE_WEBHOOK_SECRET": stripe_objects.WEBHOOK_SECRET,
            "STRIPE_PRICE_PRO": stripe_objects.PRICE_PRO,
            "STRIPE_API_BASE": self.standin.base_url,
            "ARTIFACT_DIR": str(self.tmp / "artifacts"),
            "EMAIL_PROVIDER": "console",
            "LOG_LEVEL": "WARNING",
            "PUBLIC_URL": f"http://127.0.0.1:{self.port}",
            "GENERATION_QUEUE": "celery",
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
        python = sys.executable
        subprocess.run(
            [python, "-m", "flask", "--app", "app", "db", "upgrade"],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )
        self.spawn(
            "gunicorn",
            [
                python,
                "-m",
                "gunicorn",
                "--workers",
                str(self.args.web_workers),
                "--threads",
                "8",
                "--worker-class",
                "gthread",
                "--timeout",
                "120",
                "--log-level",
                "warning",
                "--bind",
                f"127.0.0.1:{self.port}",
                "app.wsgi:app",
            ],
        )
        for number in range(self.args.celery_workers):
            self.spawn(f"worker-{number}", worker_argv("celery", f"soak{number}@%h"))
        schedule = str(self.tmp / "beat-schedule")
        self.spawn(
            "beat",
            [
                python,
                "-m",
                "celery",
                "-A",
                "celery_worker.celery",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                schedule,
            ],
        )

        def answers() -> bool:
            try:
                return requests.get(f"{self.url}/readyz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        if not wait_until(answers, timeout=60, interval=0.5):
            raise SystemExit("gunicorn did not become ready")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def spawn(self, name: str, argv: list[str]) -> None:
        self.processes[name] = subprocess.Popen(  # pylint: disable=consider-using-with
            argv, cwd=ROOT, env=self.env, start_new_session=True, stdout=subprocess.DEVNULL
        )

    def memory(self) -> dict[str, float]:
        """RSS in MiB of each process (gunicorn's master and workers apart)."""
        found: dict[str, float] = {}
        pids = {**{n: p.pid for n, p in self.processes.items()}, "redis": self.redis.process.pid}
        for name, pid in pids.items():
            try:
                parent = psutil.Process(pid)
                found[name] = parent.memory_info().rss / 2**20
                for index, child in enumerate(parent.children(recursive=True)):
                    found[f"{name}/child-{index}"] = child.memory_info().rss / 2**20
            except psutil.Error:
                found[name] = float("nan")
        return found

    def queue_depth(self) -> int:
        return int(redis.Redis.from_url(self.redis.url).llen("celery"))

    def jobs(self) -> dict[str, object]:
        with psycopg.connect(self.env["DATABASE_URL"]) as conn:
            by_status = dict(
                conn.execute("SELECT status, count(*) FROM generations GROUP BY status").fetchall()
            )
            twice = conn.execute("SELECT count(*) FROM generations WHERE attempts > 1").fetchone()[
                0
            ]
            attempts = conn.execute(
                "SELECT coalesce(sum(attempts), 0) FROM generations"
            ).fetchone()[0]
            statuses = dict(conn.execute("SELECT id::text, status FROM generations").fetchall())
        return {
            "by_status": by_status,
            "attempts_over_1": twice,
            "attempts": attempts,
            "rows": statuses,
        }

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, 15)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
        self.redis.stop()
        self.standin.close()
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.tmp, ignore_errors=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


def report(recorder: Recorder, seconds: float, system_start: dict, system_end: dict) -> dict:
    routes = {}
    for route in sorted(recorder.samples):
        samples = recorder.samples[route]
        statuses = recorder.statuses[route]
        routes[route] = {
            "requests": len(samples),
            "per_s": round(len(samples) / seconds, 2),
            "p50_ms": round(percentile(samples, 0.5)),
            "p99_ms": round(percentile(samples, 0.99)),
            "statuses": dict(statuses),
            "errors": sum(n for s, n in statuses.items() if (s >= 400 and s != 429) or s == 0),
        }
    total = sum(len(s) for s in recorder.samples.values())
    return {
        "seconds": round(seconds),
        "requests": total,
        "requests_per_s": round(total / seconds, 1),
        "server_errors_5xx": sum(
            n for c in recorder.statuses.values() for s, n in c.items() if s >= 500
        ),
        "errors_not_429": sum(r["errors"] for r in routes.values()),
        "rate_limited_429": sum(r["statuses"].get(429, 0) for r in routes.values()),
        "routes": routes,
        "start": system_start,
        "end": system_end,
        "failures": recorder.failures[:20],
    }


def snapshot(system: System) -> dict:
    return {
        "at": time.strftime("%H:%M:%S"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "queue_depth": system.queue_depth(),
        "rss_mib": {k: round(v, 1) for k, v in system.memory().items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--ramp-seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=20, help="mean seconds between iterations")
    parser.add_argument(
        "--generate-every", type=int, default=4, help="generate on every Nth iteration"
    )
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--celery-workers", type=int, default=2)
    parser.add_argument("--bcrypt-rounds", type=int, default=10)
    parser.add_argument("--drain-seconds", type=float, default=300)
    parser.add_argument("--out", type=Path, help="write the JSON report here too")
    args = parser.parse_args()

    system = System(args)
    args.standin = system.standin
    try:
        system.start()
        time.sleep(3)
        start = snapshot(system)
        print("start:", json.dumps(start), flush=True)
        recorder = Recorder()
        stop = threading.Event()
        users = []
        began = time.monotonic()
        for number in range(args.users):
            user = VirtualUser(number, system.url, recorder, stop, args)
            user.start()
            users.append(user)
            time.sleep(args.ramp_seconds / max(1, args.users))
        timeline = []
        while time.monotonic() - began < args.minutes * 60:
            time.sleep(min(30, max(0.1, args.minutes * 60 - (time.monotonic() - began))))
            timeline.append(snapshot(system))
            print("sample:", json.dumps(timeline[-1]), flush=True)
        stop.set()
        load_seconds = time.monotonic() - began
        for user in users:
            user.join(timeout=args.drain_seconds)
        wait_until(lambda: system.queue_depth() == 0, timeout=args.drain_seconds, interval=1)
        time.sleep(5)
        end = snapshot(system)
        result = report(recorder, load_seconds, start, end)
        jobs = system.jobs()
        rows = jobs.pop("rows")
        requested = set(recorder.generations)
        result["jobs"] = {
            **jobs,
            "requested_by_users": len(requested),
            "lost": sorted(g for g in requested if rows.get(g) != "succeeded"),
            "unfinished_when_polled": len(recorder.generations_unfinished),
            "downloads_verified": recorder.downloads_ok,
            "download_hash_mismatch": recorder.download_mismatch,
        }
        result["timeline"] = timeline
        result["command"] = " ".join(sys.argv)
        print(json.dumps(result, indent=2))
        if args.out:
            args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
        healthy = (
            result["server_errors_5xx"] == 0
            and not result["jobs"]["lost"]
            and result["jobs"]["attempts_over_1"] == 0
        )
        return 0 if healthy else 1
    finally:
        system.stop()


if __name__ == "__main__":
    sys.exit(main())
