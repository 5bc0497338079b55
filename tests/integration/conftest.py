"""Real worker processes for integration tests."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from celery import Celery

from app.celery_app import worker_argv

ROOT = Path(__file__).resolve().parents[2]


class WorkerProcess:
    """A `celery worker` subprocess consuming one queue of its own."""

    def __init__(self, env: dict[str, str], queue: str):
        self.queue = queue
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            worker_argv(queue, f"{queue}@%h"),
            cwd=ROOT,
            env={**os.environ, **env, "CELERY_TASK_ALWAYS_EAGER": "false"},
            start_new_session=True,
        )

    def kill(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def celery_client(test_env) -> Celery:
    """A Celery client of its own, so the app's eager test configuration stays untouched."""
    client = Celery(
        "helix-test-client", broker=test_env["REDIS_URL"], backend=test_env["REDIS_URL"]
    )
    client.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    return client


@pytest.fixture
def start_worker(app, test_env) -> Iterator[Callable[..., WorkerProcess]]:
    """Start real worker processes on a queue private to the test; all stop afterwards."""
    del app  # the migrations must have run before a worker touches the database
    queue = f"helix-test-{uuid.uuid4().hex[:8]}"
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        worker = WorkerProcess(test_env, queue)
        started.append(worker)
        return worker

    start.queue = queue
    yield start
    for worker in started:
        worker.kill()


def wait_for(predicate: Callable[[], bool], timeout: float = 30, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
