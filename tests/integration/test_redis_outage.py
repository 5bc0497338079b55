"""A Redis outage degrades Helix instead of failing it, and Helix heals when Redis returns.

Gunicorn serves Helix on a redis-server of this test's own, which the test stops and
starts: signed-in requests keep working (the cache answers misses, rate limits count in
memory), a generation requested meanwhile stays queued, and once Redis is back the
sweeper sends it and a real worker runs it once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis as redis_lib
import requests
from celery import Celery
from private_redis import PrivateRedis, free_port, wait_until

from app.celery_app import worker_argv
from app.extensions import db
from app.models import Generation, GenerationStatus

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
GENOME = """\
genome: 1
name: Outage Notes {tag}
stack: {{backend: flask, frontend: none}}
entities:
  - name: Note
    fields:
      title: {{type: string, required: true, max_length: 80}}
"""


class Process:
    """A child process in its own group, stopped with everything it started."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            argv, cwd=ROOT, env=env, start_new_session=True
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def outage(app, test_env, tmp_path):
    """Gunicorn and (later) a worker on a private Redis; the test stops and starts Redis."""
    del app  # migrations applied
    redis_server = PrivateRedis(tmp_path)
    redis_server.start()
    port = free_port()
    prefix = f"helix-outage-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        **test_env,
        "REDIS_URL": redis_server.url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "GENERATION_QUEUE": prefix,
        "ARTIFACT_DIR": str(tmp_path / "artifacts"),
        "RATELIMIT_KEY_PREFIX": prefix,
        "RATELIMIT_AUTH_PER_IP": "6 per minute",
    }
    server = Process(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "app.wsgi:app",
        ],
        env,
    )
    base = f"http://127.0.0.1:{port}"
    started: list[Process] = [server]

    def answers() -> bool:
        try:
            return requests.get(f"{base}/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    assert wait_until(answers, timeout=30, interval=0.2), "gunicorn did not start"

    class Outage:
        url = base
        redis = redis_server
        queue = prefix
        environment = env

        @staticmethod
        def start_worker() -> None:
            started.append(Process(worker_argv(prefix, f"{prefix}@%h", heartbeat=False), env))

    yield Outage()
    for process in started:
        process.stop()
    redis_server.stop()


class Browser(requests.Session):
    """An API client sending the CSRF header from its cookie, as Helix's pages do."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base

    def request(self, method, url, *args, **kwargs):  # pylint: disable=arguments-differ
        token = self.cookies.get("csrf_access_token")
        if token and method.upper() != "GET":
            kwargs.setdefault("headers", {})["X-CSRF-TOKEN"] = token
        kwargs.setdefault("timeout", 30)
        return super().request(method, self.base + url, *args, **kwargs)


def generation_row(app, generation_id: str) -> Generation:
    with app.app_context():
        generation = db.session.get(Generation, uuid.UUID(generation_id))
        db.session.expunge(generation)
        return generation


def signed_in_requests_work_without_redis(app, browser, email, workspace, project) -> str:
    """Log in, read, render a page, queue a generation, hit a rate limit, log out."""
    assert browser.get("/readyz").status_code == 503

    assert browser.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).ok
    me = browser.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["user"]["email"] == email
    page = browser.get("/account")
    assert page.status_code == 200
    assert "Odette" in page.text
    queued = browser.post(f"{workspace}/projects/{project.json()['id']}/generations")
    assert queued.status_code == 202, queued.text
    assert queued.json()["status"] == "queued"
    unsent = generation_row(app, queued.json()["id"])
    assert unsent.status == GenerationStatus.QUEUED
    assert unsent.enqueued_at is None
    assert browser.get(f"{workspace}/generations/{queued.json()['id']}").status_code == 200

    # An email that cannot be queued does not hold the request up (nor fail it).
    reset = browser.post("/api/v1/auth/password-reset", json={"email": email})
    assert reset.status_code == 202
    assert reset.elapsed.total_seconds() < 10

    # Rate limits still hold, counted in the server's memory (6 per minute per address).
    resets = [
        browser.post(
            "/api/v1/auth/password-reset", json={"email": f"nobody-{n}@example.com"}
        ).status_code
        for n in range(6)
    ]
    assert resets[0] == 202, resets
    assert 429 in resets, resets
    assert set(resets) <= {202, 429}, resets
    assert browser.post("/api/v1/auth/logout").status_code == 204
    assert browser.get("/api/v1/me").status_code == 401  # its cookies are gone

    return queued.json()["id"]


def test_a_redis_outage_degrades_signed_in_requests_and_heals_when_redis_returns(app, outage):
    email = f"outage-{uuid.uuid4().hex[:10]}@example.com"
    browser = Browser(outage.url)
    signup = browser.post(
        "/api/v1/auth/signup",
        json={"email": email, "password": PASSWORD, "name": "Odette", "workspace_name": "Ops"},
    )
    assert signup.status_code == 201, signup.text
    workspace = f"/api/v1/workspaces/{signup.json()['workspace']['id']}"
    project = browser.post(
        f"{workspace}/projects", json={"name": "Notes", "genome_yaml": GENOME.format(tag="a")}
    )
    assert project.status_code == 201, project.text

    # A second session, opened before the outage: the resets below use up this address's
    # auth limit (counted in memory during the outage) for the rest of the minute.
    again = Browser(outage.url)
    assert again.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).ok

    outage.redis.stop()
    generation_id = signed_in_requests_work_without_redis(app, browser, email, workspace, project)

    outage.redis.start()
    client = redis_lib.Redis.from_url(outage.redis.url)
    client.flushdb()  # so that what appears next was written after the outage

    # The sweeper, run by a real worker on the returned Redis, sends the unsent job once.
    outage.start_worker()
    sweeper = Celery("helix-outage-test", broker=outage.redis.url)
    sweeper.conf.update(task_serializer="json", accept_content=["json"])
    sweeper.send_task("helix.generations.sweep", queue=outage.queue, ignore_result=True)
    done = wait_until(
        lambda: generation_row(app, generation_id).status.finished, timeout=90, interval=0.3
    )
    assert done
    finished = generation_row(app, generation_id)
    assert finished.status == GenerationStatus.SUCCEEDED, finished.error_message
    assert finished.attempts == 1

    # The cache serves again: a logout made now is seen by the next request.
    access = again.cookies.get("access_token_cookie")
    assert again.post("/api/v1/auth/logout").status_code == 204
    stale = requests.get(
        f"{outage.url}/api/v1/me", cookies={"access_token_cookie": access}, timeout=30
    )
    assert stale.status_code == 401
    assert client.keys("*session*"), "the logout was not recorded in Redis"

    # And the rate limiter goes back to Redis by itself (it probes with a backoff).
    def limits_in_redis() -> bool:
        browser.post("/api/v1/auth/password-reset", json={"email": "nobody@example.com"})
        return any(b"LIMIT" in key and outage.queue.encode() in key for key in client.scan_iter())

    assert wait_until(limits_in_redis, timeout=70, interval=1.0)
