"""Housekeeping of stored zips."""

from app.extensions import celery
from app.services import artifact_retention


@celery.task(name="helix.artifacts.purge")
def purge_artifacts() -> dict[str, int]:
    """Delete zips past their plan's retention and those of deleted workspaces (hourly, beat)."""
    return artifact_retention.purge()
