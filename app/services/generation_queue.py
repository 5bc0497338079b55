"""Sending a generation's job to the broker, from a request or from the sweeper.

The job is the task app.tasks.generation.generate_codebase, sent by its name: this
module never imports app.tasks (which imports the services).
"""

from __future__ import annotations

import logging
import uuid

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import celery, db
from app.models import Generation, GenerationStatus

log = logging.getLogger(__name__)

GENERATE_TASK = "helix.generations.generate"


def enqueue(generation_id: uuid.UUID, task_id: str | None) -> bool:
    """Send the job to the broker, after the row is committed; False when it could not be
    sent. A broker that is down loses nothing: the row stays queued, marked unsent
    (enqueued_at cleared), and the sweeper sends it on its next pass once Redis is back."""
    try:
        celery.tasks[GENERATE_TASK].apply_async(
            args=[str(generation_id)],
            task_id=task_id,
            queue=current_app.config.get("GENERATION_QUEUE") or None,
            # The row holds the outcome; waiting on a result store would also block on Redis.
            ignore_result=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        )
    except Exception as error:  # pylint: disable=broad-exception-caught
        if current_app.config.get("CELERY_TASK_ALWAYS_EAGER"):
            raise
        log.warning("generation %s not sent to the broker yet: %s", generation_id, error)
        _mark_unsent(generation_id)
        return False
    return True


def _mark_unsent(generation_id: uuid.UUID) -> None:
    try:
        db.session.execute(
            update(Generation)
            .where(Generation.id == generation_id, Generation.status == GenerationStatus.QUEUED)
            .values(enqueued_at=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    except SQLAlchemyError:
        # Then its enqueued_at stays, and the sweeper re-sends it after GENERATION_REQUEUE_SECONDS.
        db.session.rollback()
        log.exception("generation %s could not be marked unsent", generation_id)
