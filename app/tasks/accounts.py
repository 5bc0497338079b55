"""Housekeeping of sign-in state."""

from app.extensions import celery
from app.services import auth_service


@celery.task(name="helix.accounts.prune")
def prune_sessions_and_tokens() -> dict[str, int]:
    """Delete sessions and reset tokens that ended more than a day ago (run hourly by beat)."""
    return auth_service.prune()
