"""Housekeeping of sign-in state."""

from app.extensions import celery
from app.services import auth_service


@celery.task(name="helix.accounts.prune")
def prune_sessions_and_tokens() -> dict[str, int]:
    """Delete sessions and reset tokens that ended more than a day ago (run hourly by beat)."""
    return auth_service.prune()


@celery.task(name=auth_service.PASSWORD_RESET_TASK)
def send_password_reset(email: str) -> bool:
    """Create a reset token and email its link if an account uses `email`."""
    return auth_service.send_password_reset(email)
