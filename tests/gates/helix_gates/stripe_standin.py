"""A loopback HTTP server standing in for Stripe's API while Schemathesis runs.

The network is closed here, so billing routes of a generated app talk to this server
(through STRIPE_API_BASE) and get objects shaped as Stripe documents them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OBJECTS = {
    "/v1/checkout/sessions": {
        "id": "cs_test_gate",
        "object": "checkout.session",
        "url": "https://checkout.stripe.com/c/pay/cs_test_gate",
    },
    "/v1/billing_portal/sessions": {
        "id": "bps_gate",
        "object": "billing_portal.session",
        "url": "https://billing.stripe.com/p/session/bps_gate",
    },
    "/v1/customers": {"id": "cus_gate", "object": "customer"},
}


class _StripeHandler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        body = OBJECTS.get(path)
        status = 200
        if body is None:
            status = 404
            body = {"error": {"type": "invalid_request_error", "message": f"No route {path}"}}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = _answer  # noqa: N815 - http.server's naming

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the gate reports failures from the app's side."""


@contextmanager
def stripe_standin() -> Iterator[str]:
    """Serve the stand-in on a free loopback port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StripeHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
