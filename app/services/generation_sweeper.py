"""The generation sweeper (beat): rescues jobs a lost worker or a lost message left behind."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Generation, GenerationStatus
from app.models.base import utcnow
from app.services import generation_queue

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
STUCK_GRACE = timedelta(seconds=30)


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Requeue jobs stuck running past the time limit (or fail them after MAX_ATTEMPTS
    tries), send jobs whose message never reached the broker, and re-send jobs queued so
    long their message was probably lost."""
    now = now or utcnow()
    config = current_app.config
    running_limit = timedelta(seconds=int(config["CELERY_TIME_LIMIT"])) + STUCK_GRACE
    queued_limit = timedelta(seconds=int(config.get("GENERATION_REQUEUE_SECONDS", 600)))
    # A system-wide scan: the one query over every workspace, by design.
    stuck = db.session.scalars(
        select(Generation)
        .where(
            (
                (Generation.status == GenerationStatus.RUNNING)
                & (Generation.started_at < now - running_limit)
            )
            | (
                (Generation.status == GenerationStatus.QUEUED)
                & (Generation.enqueued_at.is_(None) | (Generation.enqueued_at < now - queued_limit))
            )
        )
        .with_for_update(skip_locked=True)
        .limit(500)
    ).all()
    counts = {"requeued": 0, "failed": 0, "resent": 0, "sent": 0}
    send: list[tuple[uuid.UUID, str | None]] = []
    for generation in stuck:
        if generation.status == GenerationStatus.RUNNING and generation.attempts >= MAX_ATTEMPTS:
            generation.status = GenerationStatus.FAILED
            generation.error_code = "timed_out"
            generation.error_message = (
                f"The job did not finish within {int(running_limit.total_seconds())} seconds "
                f"in {generation.attempts} attempts; its worker stopped or the genome is too "
                "large. Try again, or contact support if it keeps happening."
            )
            generation.finished_at = now
            counts["failed"] += 1
            continue
        if generation.status == GenerationStatus.RUNNING:
            counts["requeued"] += 1
        else:
            counts["sent" if generation.enqueued_at is None else "resent"] += 1
        generation.status = GenerationStatus.QUEUED
        generation.enqueued_at = now
        send.append((generation.id, generation.task_id))
    db.session.commit()
    for generation_id, task_id in send:
        generation_queue.enqueue(generation_id, task_id)
    if any(counts.values()):
        log.warning("generation sweep: %s", counts)
    return counts
