"""Ways to hand an email to the outside world, chosen by EMAIL_PROVIDER."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

import requests

log = logging.getLogger(__name__)
HTTP_TIMEOUT = 15


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str | None = None


class TransientEmailError(Exception):
    """The provider could not take the email now; trying again later may work."""


class PermanentEmailError(Exception):
    """The provider refused the email; trying again will not help."""


def console(email: OutgoingEmail, config: Mapping[str, object]) -> None:
    """Development: write the email to the log instead of sending it."""
    log.info(
        "email (console provider) from=%s to=%s subject=%s\n%s",
        config["EMAIL_FROM"],
        email.to,
        email.subject,
        email.text,
    )


def smtp(email: OutgoingEmail, config: Mapping[str, object]) -> None:
    message = EmailMessage()
    message["From"] = str(config["EMAIL_FROM"])
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Message-ID"] = make_msgid(domain="helix.localhost")
    message.set_content(email.text)
    if email.html:
        message.add_alternative(email.html, subtype="html")
    try:
        with smtplib.SMTP(str(config["SMTP_HOST"]), int(config["SMTP_PORT"]), timeout=30) as server:
            if config["SMTP_STARTTLS"]:
                server.starttls()
            if config["SMTP_USERNAME"]:
                server.login(str(config["SMTP_USERNAME"]), str(config["SMTP_PASSWORD"]))
            server.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentEmailError(f"SMTP server refused the recipient: {exc}") from exc
    except smtplib.SMTPResponseException as exc:
        if 500 <= exc.smtp_code < 600:
            raise PermanentEmailError(f"SMTP server refused the email ({exc.smtp_code})") from exc
        raise TransientEmailError(f"SMTP server deferred the email ({exc.smtp_code})") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise TransientEmailError(f"SMTP delivery failed: {type(exc).__name__}") from exc


def _post_json(url: str, payload: dict, headers: dict[str, str], provider: str) -> None:
    try:
        response = requests.post(url, json=payload, headers=headers, timeout=HTTP_TIMEOUT)
    except requests.RequestException as exc:
        raise TransientEmailError(f"{provider} did not answer: {type(exc).__name__}") from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise TransientEmailError(f"{provider} answered {response.status_code}; will retry")
    if response.status_code >= 400:
        raise PermanentEmailError(f"{provider} refused the email ({response.status_code})")


def sendgrid(email: OutgoingEmail, config: Mapping[str, object]) -> None:
    name, address = parseaddr(str(config["EMAIL_FROM"]))
    content = [{"type": "text/plain", "value": email.text}]
    if email.html:
        content.append({"type": "text/html", "value": email.html})
    payload = {
        "personalizations": [{"to": [{"email": email.to}]}],
        "from": {"email": address, "name": name} if name else {"email": address},
        "subject": email.subject,
        "content": content,
    }
    headers = {"Authorization": f"Bearer {config['SENDGRID_API_KEY']}"}
    base = str(config["SENDGRID_API_BASE"]).rstrip("/")
    _post_json(f"{base}/v3/mail/send", payload, headers, "SendGrid")


def postmark(email: OutgoingEmail, config: Mapping[str, object]) -> None:
    payload = {
        "From": str(config["EMAIL_FROM"]),
        "To": email.to,
        "Subject": email.subject,
        "TextBody": email.text,
        "MessageStream": "outbound",
    }
    if email.html:
        payload["HtmlBody"] = email.html
    headers = {
        "X-Postmark-Server-Token": str(config["POSTMARK_SERVER_TOKEN"]),
        "Accept": "application/json",
    }
    base = str(config["POSTMARK_API_BASE"]).rstrip("/")
    _post_json(f"{base}/email", payload, headers, "Postmark")


PROVIDERS: dict[str, Callable[[OutgoingEmail, Mapping[str, object]], None]] = {
    "console": console,
    "smtp": smtp,
    "sendgrid": sendgrid,
    "postmark": postmark,
}
