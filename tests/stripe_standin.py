"""A local HTTP server standing in for Stripe's API, and Stripe-shaped webhook events.

The app's Stripe client is pointed here with STRIPE_API_BASE; nothing in the stripe
library is patched. Objects follow Stripe's documented shapes (API 2026-10-28): customers,
checkout sessions, billing portal sessions and cancelling a subscription, plus
subscriptions and invoices as webhook payloads. Webhooks are signed the way Stripe signs
them: `t=<unix>,v1=<HMAC-SHA256 of "<t>.<payload>" keyed with the endpoint secret>`.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

API_VERSION = "2026-10-28.endive"
SECRET_KEY = "sk_test_helix_standin"
WEBHOOK_SECRET = "whsec_helix_standin"
PRICE_PRO = "price_helix_pro_monthly"


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:24]}"


@dataclass
class ApiCall:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class StripeState:
    calls: list[ApiCall] = field(default_factory=list)
    customers: dict[str, dict] = field(default_factory=dict)
    checkout_sessions: dict[str, dict] = field(default_factory=dict)
    portal_sessions: dict[str, dict] = field(default_factory=dict)
    idempotent: dict[str, dict] = field(default_factory=dict)
    canceled: dict[str, dict] = field(default_factory=dict)  # subscriptions cancelled by the API
    fail_with: int | None = None  # answer every API call with this status (an outage)

    def calls_to(self, path: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == "POST" and call.path == path]


def nested(params: dict[str, str]) -> dict:
    """Stripe's form encoding (`a[b][0][c]=v`) back into dicts; list indexes stay keys."""
    tree: dict = {}
    for key, value in params.items():
        parts = key.replace("]", "").split("[")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return tree


class StripeStandIn:
    """The stand-in server on a free loopback port, serving until `close()`."""

    def __init__(self):
        self.state = StripeState()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self.lock:
            self.state = StripeState()

    # The API

    def answer(self, method: str, path: str, params: dict[str, str], headers) -> tuple[int, dict]:
        with self.lock:
            self.state.calls.append(ApiCall(method, path, params, dict(headers)))
            if self.state.fail_with:
                return self.state.fail_with, error("api_error", "The stand-in is down.")
            if headers.get("Authorization") != f"Bearer {SECRET_KEY}":
                return 401, error("invalid_request_error", "Invalid API Key provided.")
            key = headers.get("Idempotency-Key")
            if method == "POST" and key and key in self.state.idempotent:
                return 200, self.state.idempotent[key]
            status, body = self.route(method, path, nested(params))
            if method == "POST" and key and status == 200:
                self.state.idempotent[key] = body
            return status, body

    def route(self, method: str, path: str, data: dict) -> tuple[int, dict]:
        if (method, path) == ("POST", "/v1/customers"):
            return 200, self.create_customer(data)
        if (method, path) == ("POST", "/v1/checkout/sessions"):
            return 200, self.create_checkout_session(data)
        if (method, path) == ("POST", "/v1/billing_portal/sessions"):
            return 200, self.create_portal_session(data)
        if method == "DELETE" and path.startswith("/v1/subscriptions/sub_"):
            return self.cancel_subscription(path.rsplit("/", 1)[-1])
        return 404, error("invalid_request_error", f"Unrecognized request URL ({method} {path}).")

    def create_customer(self, data: dict) -> dict:
        customer = {
            "id": new_id("cus"),
            "object": "customer",
            "created": int(time.time()),
            "email": data.get("email"),
            "name": data.get("name"),
            "metadata": data.get("metadata", {}),
            "livemode": False,
        }
        self.state.customers[customer["id"]] = customer
        return customer

    def create_checkout_session(self, data: dict) -> dict:
        session_id = new_id("cs_test")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": data.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "customer": data.get("customer"),
            "client_reference_id": data.get("client_reference_id"),
            "metadata": data.get("metadata", {}),
            "subscription": None,
            "success_url": data.get("success_url"),
            "cancel_url": data.get("cancel_url"),
            "url": f"{self.base_url}/c/pay/{session_id}",
            "livemode": False,
            "created": int(time.time()),
            "expires_at": int(time.time()) + 86400,
        }
        self.state.checkout_sessions[session_id] = session
        return session

    def create_portal_session(self, data: dict) -> dict:
        session_id = new_id("bps")
        session = {
            "id": session_id,
            "object": "billing_portal.session",
            "customer": data.get("customer"),
            "return_url": data.get("return_url"),
            "url": f"{self.base_url}/p/session/{session_id}",
            "livemode": False,
            "created": int(time.time()),
        }
        self.state.portal_sessions[session_id] = session
        return session

    def cancel_subscription(self, subscription_id: str) -> tuple[int, dict]:
        """Cancel now; any `sub_` id is taken to exist (subscriptions live in the events)."""
        if subscription_id in self.state.canceled:
            return 404, error("invalid_request_error", f"No such subscription: '{subscription_id}'")
        canceled = {
            "id": subscription_id,
            "object": "subscription",
            "status": "canceled",
            "canceled_at": int(time.time()),
            "livemode": False,
        }
        self.state.canceled[subscription_id] = canceled
        return 200, canceled

    def hosted_page(self, path: str) -> str | None:
        """Checkout's hosted page: a Pay link to success_url and a Back link to cancel_url."""
        session = self.state.checkout_sessions.get(path.rsplit("/", 1)[-1])
        if not path.startswith("/c/pay/") or session is None:
            return None
        success = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
        return (
            "<!doctype html><title>Stripe Checkout (stand-in)</title>"
            f"<h1>Pay for {html.escape(session['id'])}</h1>"
            f'<a id="pay" href="{html.escape(success)}">Pay</a> '
            f'<a id="back" href="{html.escape(session["cancel_url"])}">Back</a>'
        )

    def _handler_class(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # pylint: disable=redefined-builtin
                del format, args

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Request-Id", new_id("req"))
                self.end_headers()
                self.wfile.write(body)

            def _api(self, method: str) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else url.query
                params = dict(parse_qsl(raw, keep_blank_values=True))
                status, body = standin.answer(method, url.path, params, self.headers)
                self._send(status, json.dumps(body).encode(), "application/json")

            def do_POST(self):  # pylint: disable=invalid-name  # http.server's hook name
                self._api("POST")

            def do_DELETE(self):  # pylint: disable=invalid-name
                self._api("DELETE")

            def do_GET(self):  # pylint: disable=invalid-name
                page = standin.hosted_page(urlsplit(self.path).path)
                if page is not None:
                    self._send(200, page.encode(), "text/html; charset=utf-8")
                else:
                    self._api("GET")

        return Handler


def error(kind: str, message: str) -> dict:
    body: dict = {"type": kind, "message": message}
    if message.startswith("No such "):
        body["code"] = "resource_missing"
    return {"error": body}


# Webhook events, shaped as Stripe sends them.


def event(kind: str, obj: dict, created: int | None = None, event_id: str | None = None) -> dict:
    return {
        "id": event_id or new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": int(created if created is not None else time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
    }


def signature_header(payload: bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    timestamp = int(at if at is not None else time.time())
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signed(evt: dict, secret: str = WEBHOOK_SECRET) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a webhook delivery of `evt`."""
    payload = json.dumps(evt).encode()
    return payload, {
        "Stripe-Signature": signature_header(payload, secret),
        "Content-Type": "application/json",
    }


def checkout_session_completed(
    workspace_id, customer: str, subscription: str, payment_status: str = "paid"
) -> dict:
    return {
        "id": new_id("cs_test"),
        "object": "checkout.session",
        "mode": "subscription",
        "status": "complete",
        "payment_status": payment_status,
        "client_reference_id": str(workspace_id),
        "customer": customer,
        "subscription": subscription,
        "metadata": {"workspace_id": str(workspace_id)},
        "livemode": False,
    }


def subscription(
    subscription_id: str,
    customer: str,
    status: str,
    workspace_id=None,
    period_end: int | None = None,
    cancel_at_period_end: bool = False,
) -> dict:
    end = period_end or int(time.time()) + 30 * 86400
    return {
        "id": subscription_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "cancel_at_period_end": cancel_at_period_end,
        "metadata": {"workspace_id": str(workspace_id)} if workspace_id else {},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": new_id("si"),
                    "object": "subscription_item",
                    "current_period_start": end - 30 * 86400,
                    "current_period_end": end,
                    "price": {"id": PRICE_PRO, "object": "price"},
                    "quantity": 1,
                }
            ],
        },
        "livemode": False,
    }


def invoice(
    subscription_id: str,
    customer: str,
    status: str,
    workspace_id=None,
    billing_reason: str = "subscription_cycle",
    period_end: int | None = None,
) -> dict:
    end = period_end or int(time.time()) + 30 * 86400
    metadata = {"workspace_id": str(workspace_id)} if workspace_id else {}
    return {
        "id": new_id("in"),
        "object": "invoice",
        "customer": customer,
        "status": status,
        "billing_reason": billing_reason,
        "parent": {
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {"subscription": subscription_id, "metadata": metadata},
        },
        "lines": {
            "object": "list",
            "data": [{"id": new_id("il"), "period": {"start": end - 30 * 86400, "end": end}}],
        },
        "livemode": False,
    }
