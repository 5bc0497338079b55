"""A local HTTP server standing in for an OpenAI-compatible chat completions API.

The model drafter is pointed here with DRAFT_MODEL_API_BASE; nothing is patched. Each POST
to /v1/chat/completions takes the next scripted reply: a recorded answer from
tests/unit/generator/model_answers (status and body as a provider sent them), a stall
longer than the client waits, or an answer larger than the client accepts. Every request
is kept (path, headers, JSON body) for the test to inspect.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ANSWERS = Path(__file__).parent / "unit" / "generator" / "model_answers"
API_KEY = "sk-standin-7f3c9a1e5b2d4c6e8a0f"  # a test key, never a real one
MODEL_NAME = "helix-drafter-test"


@dataclass(frozen=True)
class Reply:
    """One scripted reply: a recorded file with a status, a stall, or an oversize body."""

    file: str = ""
    status: int = 200
    stall_seconds: float = 0.0
    oversize_bytes: int = 0


@dataclass
class ChatRequest:
    path: str
    headers: dict[str, str]
    body: dict


@dataclass
class StandInState:
    script: list[Reply] = field(default_factory=list)
    requests: list[ChatRequest] = field(default_factory=list)


class ModelStandIn:
    """The stand-in on a free loopback port, serving until `close()`."""

    def __init__(self):
        self.state = StandInState()
        self.lock = threading.Lock()
        self.released = threading.Event()  # ends any stall when the server closes
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def play(self, *replies: Reply) -> None:
        """Answer the next requests with `replies`, in order; forget earlier requests."""
        with self.lock:
            self.state = StandInState(script=list(replies))

    @property
    def requests(self) -> list[ChatRequest]:
        with self.lock:
            return list(self.state.requests)

    def _next(self, request: ChatRequest) -> Reply:
        with self.lock:
            self.state.requests.append(request)
            if not self.state.script:
                return Reply(file="server_error.json", status=500)
            return self.state.script.pop(0)

    def _handler_class(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # pylint: disable=invalid-name
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {}
                request = ChatRequest(self.path, dict(self.headers.items()), body)
                if self.path != "/v1/chat/completions":
                    self._send(404, b'{"error": {"message": "Unknown path"}}')
                    return
                reply = standin._next(request)  # pylint: disable=protected-access
                if reply.stall_seconds:
                    standin.released.wait(reply.stall_seconds)
                if reply.oversize_bytes:
                    self._send_oversize(reply.oversize_bytes)
                    return
                self._send(reply.status, (ANSWERS / reply.file).read_bytes())

            def _send(self, status: int, payload: bytes) -> None:
                kind = "text/html" if payload.startswith(b"<") else "application/json"
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client gave up waiting (a stall past its timeout)
                    self.close_connection = True

            def _send_oversize(self, size: int) -> None:
                """A completion whose content never ends within `size` bytes, sent chunked
                (no Content-Length), so only counting what arrives can stop it."""
                self.close_connection = True  # the client hangs up mid-body
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                head = b'{"choices": [{"message": {"role": "assistant", "content": "'
                chunks = [head] + [b" " * 65536] * (size // 65536 + 1)
                try:
                    for chunk in chunks:
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:  # the client stopped reading, as it should
                    pass

            def log_message(self, format, *args):  # pylint: disable=redefined-builtin
                del format, args  # quiet test output

        return Handler
