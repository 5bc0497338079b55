"""Celery bound to the Flask app: every task runs inside the app context."""

from __future__ import annotations

import importlib
import sys

from celery import Task
from flask import Flask, current_app, has_app_context

from app.config import redis_url_for
from app.extensions import celery

# What a worker imports at start; create_app imports the same (register_tasks).
TASK_MODULES = (
    "app.tasks.system",
    "app.tasks.email",
    "app.tasks.generation",
    "app.tasks.accounts",
    "app.tasks.artifacts",
)


def init_celery(app: Flask) -> None:
    class FlaskTask(Task):  # pylint: disable=abstract-method
        def __call__(self, *args, **kwargs):
            # Run eagerly from a request or a test, a task belongs to the app it came from;
            # in a worker there is none, and the app Celery was bound to is used. A fresh
            # context either way, so the task has its own database session.
            # pylint: disable-next=protected-access
            flask_app = current_app._get_current_object() if has_app_context() else app
            with flask_app.app_context():
                return self.run(*args, **kwargs)

    celery.conf.update(
        broker_url=redis_url_for(app.config["REDIS_URL"], "kombu"),
        result_backend=redis_url_for(app.config["REDIS_URL"], "kombu"),
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_soft_time_limit=app.config["CELERY_SOFT_TIME_LIMIT"],
        task_time_limit=app.config["CELERY_TIME_LIMIT"],
        task_always_eager=app.config["CELERY_TASK_ALWAYS_EAGER"],
        task_eager_propagates=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=86400,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": app.config.get("CELERY_VISIBILITY_TIMEOUT", 3600)
        },
        timezone="UTC",
        enable_utc=True,
        imports=TASK_MODULES,
        beat_schedule={
            "sweep-stuck-generations": {
                "task": "helix.generations.sweep",
                "schedule": float(app.config.get("GENERATION_SWEEP_SECONDS", 60)),
            },
            "prune-ended-sessions-and-tokens": {
                "task": "helix.accounts.prune",
                "schedule": 3600.0,
            },
            "purge-expired-and-orphaned-artifacts": {
                "task": "helix.artifacts.purge",
                "schedule": 3600.0,
            },
        },
    )
    celery.Task = FlaskTask
    celery.set_default()
    app.extensions["celery"] = celery
    register_tasks()


def register_tasks() -> None:
    """Import every task module, so the web process knows each task by its name as the
    worker does. Services send tasks by name (`celery.tasks[NAME]`) and never import
    app.tasks, which imports them: no import cycle between the two."""
    for module in TASK_MODULES:
        importlib.import_module(module)


def worker_argv(queue: str, hostname: str, *, heartbeat: bool = True) -> list[str]:
    """A solo-pool worker consuming only `queue`: how tests and benchmarks start real workers."""
    argv = [sys.executable, "-m", "celery", "-A", "celery_worker.celery", "worker"]
    argv += ["--pool", "solo", "--queues", queue, "--loglevel", "WARNING"]
    argv += ["--without-gossip", "--without-mingle", "--hostname", hostname]
    if not heartbeat:
        argv.append("--without-heartbeat")
    return argv
