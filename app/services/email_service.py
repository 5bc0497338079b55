"""Outgoing email: `send()` queues it; a Celery task delivers it through the configured provider."""

from __future__ import annotations

import logging

from flask import current_app, render_template

from app.extensions import celery
from app.services.email_providers import PROVIDERS, OutgoingEmail, PermanentEmailError

log = logging.getLogger(__name__)
DELIVER_TASK = "helix.email.send"  # app.tasks.email.deliver_email


def send(to: str, subject: str, text: str, html: str | None = None) -> None:
    """Queue an email. Call it after the transaction that motivates it has committed."""
    try:
        # No result to wait for: a result store that is down would block the request.
        celery.tasks[DELIVER_TASK].apply_async(
            kwargs={"to": to, "subject": subject, "text": text, "html": html}, ignore_result=True
        )
    except PermanentEmailError:
        log.warning("email to a recipient was refused by the provider; not retried")
    except Exception:  # pylint: disable=broad-exception-caught  # a lost email must not fail the request
        log.exception("email could not be queued")


def send_template(to: str, subject: str, template: str, **context: object) -> None:
    """Render `email/<template>.txt` (and `.html`) and queue the result."""
    text = render_template(f"email/{template}.txt", **context)
    html = render_template(f"email/{template}.html", **context)
    send(to, subject, text, html)


def deliver(email: OutgoingEmail) -> None:
    """Hand one email to the provider named by EMAIL_PROVIDER; raises on failure."""
    name = str(current_app.config["EMAIL_PROVIDER"]).lower()
    provider = PROVIDERS.get(name)
    if provider is None:
        raise PermanentEmailError(
            f"EMAIL_PROVIDER {name!r} is unknown; use one of {', '.join(PROVIDERS)}."
        )
    provider(email, current_app.config)
