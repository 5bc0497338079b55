"""The generation job and its sweeper. Thin: ids in, the service does the work."""

from __future__ import annotations

import logging
import uuid

from celery.exceptions import SoftTimeLimitExceeded

from app.extensions import celery
from app.services import generation_job, generation_queue, generation_sweeper
from app.services.storage import StorageError

log = logging.getLogger(__name__)
STORAGE_RETRIES = 5


@celery.task(
    name=generation_queue.GENERATE_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=STORAGE_RETRIES,
)
def generate_codebase(self, generation_id: str) -> str:
    """Generate, store and record one generation; safe to run twice."""
    ident = uuid.UUID(generation_id)
    try:
        return generation_job.run(ident, self.request.id)
    except SoftTimeLimitExceeded:
        generation_job.fail(
            ident,
            "timed_out",
            "Generating took longer than the time limit; try a smaller genome or try again.",
        )
        return "failed"
    except StorageError as error:
        if self.request.retries >= STORAGE_RETRIES:
            generation_job.fail(
                ident,
                "storage_unavailable",
                "The artifact could not be stored after several tries; try again later.",
            )
            return "failed"
        countdown = min(60, 2 ** (self.request.retries + 1))
        log.warning("generation %s: storage error, retry in %ss: %s", ident, countdown, error)
        raise self.retry(exc=error, countdown=countdown) from error


@celery.task(name="helix.generations.sweep")
def sweep_stuck_generations() -> dict[str, int]:
    """Beat: requeue or fail jobs stuck beyond their time limit; re-send lost ones."""
    return generation_sweeper.sweep()
