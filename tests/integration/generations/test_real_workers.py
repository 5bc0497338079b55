"""Generations on real worker processes: end to end, a worker killed mid-job, and a
Redis restart while jobs wait. Data is committed for real (workers see it), so each
test signs up people of its own."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from private_redis import PrivateRedis, wait_until

from app.celery_app import worker_argv
from app.extensions import db
from app.models import Generation, GenerationStatus, Workspace
from app.services import generation_queue

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]


def synthetic_genome(entities: int) -> str:
    """A valid genome of `entities` entities with eight fields each: seconds to render."""
    kinds = ("string", "text", "integer", "boolean", "date", "datetime", "uuid", "json")
    lines = ["genome: 1", "name: Synthetic", "stack: {backend: flask, frontend: none}"]
    lines.append("entities:")
    for index in range(entities):
        lines += [f"  - name: Thing{index:02d}", "    fields:"]
        lines += [f"      field_{n}: {{type: {kind}}}" for n, kind in enumerate(kinds)]
        if index:
            lines += ["    relations:", "      parent: {kind: many_to_one, target: Thing00}"]
    return "\n".join(lines) + "\n"


class Worker:
    """`celery worker` (solo pool) in its own process group, so SIGKILL takes all of it."""

    def __init__(self, env: dict[str, str], queue: str):
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            worker_argv(queue, f"{queue}-{uuid.uuid4().hex[:4]}@%h", heartbeat=False),
            cwd=ROOT,
            env={**os.environ, **env, "CELERY_TASK_ALWAYS_EAGER": "false"},
            start_new_session=True,
        )

    def kill(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def live(app, test_env, artifact_dir, monkeypatch):
    """The app sending real jobs to a private queue; artifacts shared with the workers."""
    queue = f"helix-gen-{uuid.uuid4().hex[:8]}"
    celery_conf = app.extensions["celery"].conf
    saved = celery_conf.task_always_eager
    celery_conf.update(task_always_eager=False)
    monkeypatch.setitem(app.config, "CELERY_TASK_ALWAYS_EAGER", False)
    monkeypatch.setitem(app.config, "GENERATION_QUEUE", queue)
    monkeypatch.setenv("ARTIFACT_DIR", str(artifact_dir))
    workers: list[Worker] = []

    class Live:
        def __init__(self):
            self.queue = queue
            self.env = dict(test_env)

        def start_worker(self, **env: str) -> Worker:
            worker = Worker({**self.env, **env}, queue)
            workers.append(worker)
            return worker

    yield Live()
    for worker in workers:
        worker.kill(signal.SIGKILL)
    celery_conf.update(task_always_eager=saved)


class ApiClient:
    """A test client that sends the CSRF header from its cookie, as the browser app does."""

    def __init__(self, flask_client):
        self.flask = flask_client
        self.base = ""

    def open(self, method: str, path: str, **kwargs):
        token = self.flask.get_cookie("csrf_access_token")
        headers = {"X-CSRF-TOKEN": token.value} if token else {}
        return self.flask.open(path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs):
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.open("POST", path, **kwargs)


@pytest.fixture
def signed_up(app):
    """A committed user and Pro workspace, and an API client logged in as them."""
    flask_client = app.test_client()
    flask_client.environ_base["REMOTE_ADDR"] = f"127.9.{uuid.uuid4().int % 250}.{os.getpid() % 250}"
    api = ApiClient(flask_client)
    response = api.post(
        "/api/v1/auth/signup",
        json={
            "email": f"worker-{uuid.uuid4().hex[:10]}@example.com",
            "password": "correct horse battery staple",
            "name": "Worker Tester",
            "workspace_name": "Jobs",
        },
    )
    assert response.status_code == 201, response.get_json()
    workspace_id = response.get_json()["workspace"]["id"]
    with app.app_context():
        db.session.get(Workspace, uuid.UUID(workspace_id)).plan = "pro"
        db.session.commit()
    api.base = f"/api/v1/workspaces/{workspace_id}"
    return api


def submit(api, genome_yaml: str, name: str = "Project") -> dict:
    project = api.post(f"{api.base}/projects", json={"name": name, "genome_yaml": genome_yaml})
    assert project.status_code == 201, project.get_json()
    response = api.post(f"{api.base}/projects/{project.get_json()['id']}/generations")
    assert response.status_code == 202, response.get_json()
    return response.get_json()


def status_of(app, generation_id: str) -> Generation:
    with app.app_context():
        generation = db.session.get(Generation, uuid.UUID(generation_id))
        db.session.expunge(generation)
        return generation


def test_a_real_worker_generates_clinic_and_the_zip_downloads(live, signed_up, clinic_yaml):
    live.start_worker()
    queued = submit(signed_up, clinic_yaml, "Clinic")
    assert queued["status"] == "queued"
    url = f"{signed_up.base}/generations/{queued['id']}"
    done = wait_until(
        lambda: (
            (body := signed_up.get(url).get_json())["status"] in ("succeeded", "failed") and body
        ),
        timeout=90,
        interval=0.2,
    )
    assert done["status"] == "succeeded", done
    download = signed_up.get(done["download_url"])
    assert download.status_code == 200
    assert hashlib.sha256(download.get_data()).hexdigest() == done["sha256"]
    assert "filename=clinic-" in download.headers["Content-Disposition"]


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def via_private_redis(live, private_redis, monkeypatch):
    """Jobs go to the private Redis (so a short visibility timeout or a restart touches
    nobody else's jobs); workers started after this use it too."""
    client = Celery("helix-fault-test", broker=private_redis.url)
    client.conf.update(task_serializer="json", accept_content=["json"])

    def send(generation_id, task_id):
        client.send_task(
            "helix.generations.generate",
            args=[str(generation_id)],
            task_id=task_id,
            queue=live.queue,
        )

    monkeypatch.setattr(generation_queue, "enqueue", send)
    live.env["REDIS_URL"] = private_redis.url
    return client


def test_a_job_whose_worker_is_killed_mid_run_finishes_once_on_another_worker(
    app, live, via_private_redis, signed_up, artifact_dir
):
    del via_private_redis
    visibility = 4
    first = live.start_worker(CELERY_VISIBILITY_TIMEOUT=str(visibility))
    queued = submit(signed_up, synthetic_genome(60), "Sixty")
    assert wait_until(
        lambda: status_of(app, queued["id"]).status == GenerationStatus.RUNNING, timeout=60
    )
    first.kill(signal.SIGKILL)
    killed_at = time.monotonic()
    assert status_of(app, queued["id"]).status == GenerationStatus.RUNNING
    assert not list(artifact_dir.rglob("*.zip"))

    # Redis hands the unacknowledged job to a worker once the visibility timeout passes.
    time.sleep(max(0.0, visibility + 0.5 - (time.monotonic() - killed_at)))
    live.start_worker(CELERY_VISIBILITY_TIMEOUT=str(visibility))
    done = wait_until(
        lambda: status_of(app, queued["id"]).status.finished and status_of(app, queued["id"]),
        timeout=90,
        interval=0.2,
    )
    assert done.status == GenerationStatus.SUCCEEDED, done.error_message
    assert done.attempts == 2
    assert len(list(artifact_dir.rglob("*.zip"))) == 1
    time.sleep(1)
    assert status_of(app, queued["id"]).finished_at == done.finished_at


def test_jobs_queued_while_redis_restarts_are_all_done_once(
    app, live, via_private_redis, private_redis, signed_up, genome_named
):
    del via_private_redis
    ids = [submit(signed_up, genome_named(f"Restart {n}"), f"R{n}")["id"] for n in range(4)]
    private_redis.stop()
    private_redis.start()
    live.start_worker()
    finished = wait_until(
        lambda: all(status_of(app, gid).status.finished for gid in ids), timeout=90, interval=0.2
    )
    assert finished
    results = [status_of(app, gid) for gid in ids]
    assert [g.status for g in results] == [GenerationStatus.SUCCEEDED] * 4
    assert [g.attempts for g in results] == [1] * 4
