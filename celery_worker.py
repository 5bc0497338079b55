"""Celery entry point: `celery -A celery_worker.celery worker`."""

from app import create_app
from app.codegen.render import warm_up
from app.extensions import celery

flask_app = create_app()
warm_up()  # templates loaded before the worker forks: no compile cost on the first job

__all__ = ["celery", "flask_app"]
