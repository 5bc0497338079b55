"""Email delivery in the background, retried with exponential backoff while the provider
fails for now (EMAIL_RETRY_SECONDS is the first wait; it doubles, with jitter)."""

import random

from flask import current_app

from app.extensions import celery
from app.services import email_service
from app.services.email_providers import OutgoingEmail, TransientEmailError

MAX_RETRIES = 6


@celery.task(name=email_service.DELIVER_TASK, bind=True, max_retries=MAX_RETRIES)
def deliver_email(self, to: str, subject: str, text: str, html: str | None = None) -> None:
    try:
        email_service.deliver(OutgoingEmail(to=to, subject=subject, text=text, html=html))
    except TransientEmailError as exc:
        base = float(current_app.config["EMAIL_RETRY_SECONDS"]) * 2**self.request.retries
        raise self.retry(exc=exc, countdown=base / 2 + random.uniform(0, base / 2)) from exc  # noqa: S311
