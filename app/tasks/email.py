"""Email delivery in the background, retried with backoff when the provider fails for now."""

from app.extensions import celery
from app.services import email_service
from app.services.email_providers import OutgoingEmail, TransientEmailError


@celery.task(
    name="helix.email.send",
    autoretry_for=(TransientEmailError,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
)
def deliver_email(to: str, subject: str, text: str, html: str | None = None) -> None:
    email_service.deliver(OutgoingEmail(to=to, subject=subject, text=text, html=html))
