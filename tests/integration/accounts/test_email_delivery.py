"""Email leaves through the configured provider: a real SMTP server and local stand-ins
for the SendGrid and Postmark APIs; a real worker delivers queued email."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.services import email_service
from app.services.email_providers import OutgoingEmail, PermanentEmailError, TransientEmailError
from app.tasks.email import deliver_email

pytestmark = pytest.mark.integration

EMAIL = OutgoingEmail(
    to="reader@example.com", subject="Hello \u2603", text="Plain body", html="<p>HTML body</p>"
)


class ProviderStandIn:
    """A local HTTP server that records requests and answers with scripted statuses."""

    def __init__(self, statuses: list[int]):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # pylint: disable=invalid-name  # http.server's hook name
                length = int(self.headers.get("Content-Length", 0))
                stand_in.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "json": json.loads(self.rfile.read(length) or b"null"),
                    }
                )
                status = (
                    stand_in.statuses.pop(0) if len(stand_in.statuses) > 1 else stand_in.statuses[0]
                )
                body = b'{"ok": true}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):  # pylint: disable=redefined-builtin
                del format, args

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(app):
    """Configure a provider for one test: provider("sendgrid", [503, 202]) -> its stand-in."""
    saved = dict(app.config)
    stand_ins = []

    def configure(name: str, statuses: list[int] | None = None) -> ProviderStandIn | None:
        app.config["EMAIL_PROVIDER"] = name
        if statuses is None:
            return None
        stand_in = ProviderStandIn(statuses)
        stand_ins.append(stand_in)
        app.config.update(
            SENDGRID_API_BASE=stand_in.url,
            SENDGRID_API_KEY="sg-test-key",
            POSTMARK_API_BASE=stand_in.url,
            POSTMARK_SERVER_TOKEN="pm-test-token",
        )
        return stand_in

    with app.app_context():
        yield configure
    for stand_in in stand_ins:
        stand_in.close()
    app.config.clear()
    app.config.update(saved)


def test_smtp_delivers_text_and_html_to_a_real_smtp_server(app, mailbox):
    with app.app_context():
        email_service.deliver(EMAIL)
    message = mailbox.wait_for("reader@example.com")[-1]
    assert message["Subject"] == "Hello \u2603"
    assert message["From"] == app.config["EMAIL_FROM"]
    assert message.get_body(preferencelist=("plain",)).get_content().strip() == "Plain body"
    assert "<p>HTML body</p>" in message.get_body(preferencelist=("html",)).get_content()


def test_sendgrid_posts_the_v3_mail_send_payload_with_the_api_key(provider):
    stand_in = provider("sendgrid", [202])
    email_service.deliver(EMAIL)
    (request,) = stand_in.requests
    assert request["path"] == "/v3/mail/send"
    assert request["headers"]["Authorization"] == "Bearer sg-test-key"
    payload = request["json"]
    assert payload["personalizations"] == [{"to": [{"email": "reader@example.com"}]}]
    assert payload["subject"] == "Hello \u2603"
    assert payload["content"][0] == {"type": "text/plain", "value": "Plain body"}
    assert payload["content"][1]["type"] == "text/html"


def test_postmark_posts_to_email_with_the_server_token(provider):
    stand_in = provider("postmark", [200])
    email_service.deliver(EMAIL)
    (request,) = stand_in.requests
    assert request["path"] == "/email"
    assert request["headers"]["X-Postmark-Server-Token"] == "pm-test-token"
    assert request["json"]["To"] == "reader@example.com"
    assert request["json"]["TextBody"] == "Plain body"
    assert request["json"]["HtmlBody"] == "<p>HTML body</p>"


@pytest.mark.parametrize("name", ["sendgrid", "postmark"])
@pytest.mark.parametrize(
    ("status", "error"),
    [(503, TransientEmailError), (429, TransientEmailError), (400, PermanentEmailError)],
)
def test_provider_answers_are_sorted_into_retry_later_and_give_up(provider, name, status, error):
    provider(name, [status])
    with pytest.raises(error):
        email_service.deliver(EMAIL)


def test_a_provider_outage_is_retried_by_the_worker_until_the_email_goes_through(
    start_worker, celery_client, monkeypatch
):
    stand_in = ProviderStandIn([503, 429, 202])
    try:
        monkeypatch.setenv("EMAIL_PROVIDER", "sendgrid")
        monkeypatch.setenv("SENDGRID_API_BASE", stand_in.url)
        monkeypatch.setenv("SENDGRID_API_KEY", "sg-test-key")
        monkeypatch.setenv("EMAIL_RETRY_SECONDS", "1")
        start_worker()
        result = celery_client.send_task(
            "helix.email.send",
            kwargs={"to": "retry@example.com", "subject": "Retried", "text": "Body"},
            queue=start_worker.queue,
        )
        result.get(timeout=60)
        assert len(stand_in.requests) == 3
        assert stand_in.requests[-1]["json"]["subject"] == "Retried"
    finally:
        stand_in.close()


def test_a_refused_email_is_not_retried(provider):
    stand_in = provider("sendgrid", [400])
    with pytest.raises(PermanentEmailError):
        deliver_email.apply(
            kwargs={"to": EMAIL.to, "subject": EMAIL.subject, "text": EMAIL.text}
        ).get()
    assert len(stand_in.requests) == 1


def test_the_console_provider_writes_the_email_to_the_log(provider, caplog):
    provider("console")
    with caplog.at_level(logging.INFO, logger="app.services.email_providers"):
        email_service.deliver(EMAIL)
    assert "Hello \u2603" in caplog.text
    assert "Plain body" in caplog.text


def test_an_unknown_provider_is_named_in_the_error(provider):
    provider("carrier-pigeon")
    with pytest.raises(PermanentEmailError, match="carrier-pigeon"):
        email_service.deliver(EMAIL)
