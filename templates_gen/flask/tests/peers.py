"""Real peers on loopback for the app's outgoing calls: an SMTP server and HTTP APIs.

Nothing in the app or in its libraries is patched. The app is configured (SMTP_HOST and
SMTP_PORT, the providers' *_API_BASE settings) to reach these servers, which speak the real
protocols: aiosmtpd for SMTP, a threaded http.server for JSON APIs.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A loopback TCP port nothing listens on (at the time of asking)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class HttpCall:
    """One request an HTTP peer received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        """The request body decoded as JSON."""
        return json.loads(self.body)


# An answer gives the status and the JSON body (None for an empty body) for a call.
Answer = Callable[[HttpCall], tuple[int, object]]


class HttpPeer:
    """A JSON HTTP API on a free loopback port, served from a thread until `close()`.

    `answer` decides every response and may be replaced between tests; `calls` records
    every request; `headers` are added to every response.
    """

    def __init__(self, answer: Answer, headers: dict[str, str] | None = None) -> None:
        self.answer = answer
        self.headers = dict(headers or {})
        self.calls: list[HttpCall] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((LOOPBACK, 0), self._handler_class())
        self.base_url = f"http://{LOOPBACK}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def reset(self, answer: Answer) -> None:
        """Forget the recorded calls and answer with `answer` from now on."""
        with self._lock:
            self.calls.clear()
            self.answer = answer

    def close(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()

    def respond(self, call: HttpCall) -> tuple[int, object]:
        """Record the call and compute its answer."""
        with self._lock:
            self.calls.append(call)
            answer = self.answer
        return answer(call)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        peer = self

        class Handler(BaseHTTPRequestHandler):
            """Reads the whole request, lets the peer answer, writes JSON back."""

            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                call = HttpCall(
                    method=self.command,
                    path=self.path,
                    headers=dict(self.headers.items()),
                    body=self.rfile.read(length) if length else b"",
                )
                status, body = peer.respond(call)
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                for name, value in peer.headers.items():
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve  # noqa: N815

            # pylint: disable-next=redefined-builtin
            def log_message(self, format: str, *args: object) -> None:
                """Stay quiet: the test output is for the tests."""

        return Handler


@dataclass(frozen=True)
class Mail:
    """One message an SMTP peer accepted."""

    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def to(self) -> str:
        """The To header."""
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        """The Subject header."""
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        """The decoded plain-text body."""
        part = self.message.get_body(preferencelist=("plain",))
        return str(part.get_content()) if part is not None else ""


class SmtpPeer:
    """A real SMTP server (aiosmtpd) on a free loopback port.

    It accepts mail with or without authentication; AUTH (PLAIN, LOGIN) is offered
    without TLS, as it is on a private relay, and only `username`/`password` succeed.
    """

    def __init__(self, username: str, password: str) -> None:
        self.username = username
        self.password = password
        self.mails: list[Mail] = []
        self.logins: list[str] = []
        self.port = free_port()
        self._controller = Controller(
            self,
            hostname=LOOPBACK,
            port=self.port,
            authenticator=self._authenticate,
            auth_require_tls=False,
        )

    def start(self) -> None:
        """Start serving (returns once the server answers)."""
        self._controller.start()

    def stop(self) -> None:
        """Stop serving."""
        self._controller.stop()

    def clear(self) -> None:
        """Forget the messages and logins received so far."""
        self.mails.clear()
        self.logins.clear()

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        """aiosmtpd's authenticator hook: check the login and password."""
        del server, session, envelope, mechanism
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode()
            if login == self.username and auth_data.password.decode() == self.password:
                self.logins.append(login)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    # pylint: disable-next=invalid-name
    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        """aiosmtpd's handler hook: keep the message."""
        del server, session
        content = envelope.original_content or envelope.content
        message = message_from_bytes(content, policy=policy.default)
        recipients = tuple(str(address) for address in envelope.rcpt_tos)
        sender = str(envelope.mail_from)
        self.mails.append(Mail(sender, recipients, message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"
