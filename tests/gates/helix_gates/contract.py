"""The contract suite: the same requests to the Flask and the FastAPI backend of one genome.

Each step is one request; both answers must have the same status code and the same shape
(object keys, list items, JSON types; error bodies also the same `error` code and the
fields named in `details`). Values (ids, times, messages) may differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import requests

API = "/api/v1"


def shape(value: object) -> object:
    """The structure of a JSON value: keys and types, not the values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return "string"


def summary(response: requests.Response) -> dict[str, object]:
    """What must be equal between the two backends for one answer."""
    result: dict[str, object] = {"status": response.status_code}
    if not response.content:
        return result
    try:
        body = response.json()
    except ValueError:
        return {**result, "body": "not json"}
    if isinstance(body, dict) and "error" in body:
        details = body.get("details")
        fields = sorted(details) if isinstance(details, dict) else None
        return {
            **result,
            "error": body["error"],
            "has_message": bool(body.get("message")),
            "fields": fields,
        }
    return {**result, "shape": shape(body)}


@dataclass
class Session:
    """One backend's client with a logged-in person."""

    client: requests.Session
    base_url: str
    tenant_id: int = 0
    other_tenant_id: int = 0
    log: list[tuple[str, dict[str, object]]] = field(default_factory=list)

    def send(self, label: str, method: str, path: str, **kwargs) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if method in {"POST", "PUT", "PATCH", "DELETE"} and "X-CSRF-TOKEN" not in headers:
            name = "csrf_refresh_token" if path.endswith("/auth/refresh") else "csrf_access_token"
            token = self.client.cookies.get(name)
            if token:
                headers["X-CSRF-TOKEN"] = token
        if "content" in kwargs:
            kwargs["data"] = kwargs.pop("content")
        response = self.client.request(
            method, self.base_url + path, headers=headers, timeout=30, **kwargs
        )
        self.log.append((label, summary(response)))
        return response


def scenario(session: Session, tenant_snake: str, tenant_plural: str, segments: list[str]) -> None:
    """The requests of the contract, in order (the same for both backends)."""
    password = "Contract-password-1"
    body = {
        "email": "contract@example.com",
        "password": password,
        "name": "C",
        f"{tenant_snake}_name": "T",
    }
    session.send("signup: bad email", "POST", f"{API}/auth/signup", json=body | {"email": "nope"})
    session.send("signup: unknown field", "POST", f"{API}/auth/signup", json=body | {"role": "x"})
    session.send("signup: not an object", "POST", f"{API}/auth/signup", json=[1])
    signed = session.send("signup", "POST", f"{API}/auth/signup", json=body)
    session.tenant_id = signed.json()[tenant_snake]["id"]
    session.send("signup: taken", "POST", f"{API}/auth/signup", json=body)
    session.send(
        "login: wrong password",
        "POST",
        f"{API}/auth/login",
        json={"email": body["email"], "password": "wrong-one"},
    )
    session.send(
        "login", "POST", f"{API}/auth/login", json={"email": body["email"], "password": password}
    )
    session.send("me", "GET", f"{API}/me")
    session.send(
        "me: csrf missing",
        "PATCH",
        f"{API}/me",
        json={"name": "D"},
        headers={"X-CSRF-TOKEN": "wrong"},
    )
    session.send("me: rename", "PATCH", f"{API}/me", json={"name": "D"})
    session.send("tenants", "GET", f"{API}/{tenant_plural}")
    other = session.send("tenant: create", "POST", f"{API}/{tenant_plural}", json={"name": "Other"})
    session.other_tenant_id = other.json()["id"]
    base = f"{API}/{tenant_plural}/{session.tenant_id}"
    session.send("tenant", "GET", base)
    session.send("tenant: missing", "GET", f"{API}/{tenant_plural}/999999")
    session.send("tenant: rename empty", "PATCH", base, json={"name": ""})
    session.send("members", "GET", f"{base}/members")
    session.send(
        "invite",
        "POST",
        f"{base}/invitations",
        json={"email": "guest@example.com", "role": "admin"},
    )
    session.send(
        "invite: bad role",
        "POST",
        f"{base}/invitations",
        json={"email": "g2@example.com", "role": "king"},
    )
    session.send("invitations", "GET", f"{base}/invitations")
    session.send("accept: unknown", "POST", f"{API}/invitations/unknown-token/accept")
    for segment in segments:
        collection = f"{base}/{segment}"
        session.send(f"{segment}: list", "GET", collection, params={"per_page": 5, "sort": "-id"})
        session.send(f"{segment}: bad page", "GET", collection, params={"page": 0})
        session.send(f"{segment}: bad sort", "GET", collection, params={"sort": "nope"})
        session.send(f"{segment}: create empty", "POST", collection, json={})
        session.send(
            f"{segment}: create unknown field", "POST", collection, json={"no_such_field": 1}
        )
        session.send(
            f"{segment}: create not json",
            "POST",
            collection,
            content=b"{",
            headers={"Content-Type": "application/json"},
        )
        session.send(f"{segment}: get missing", "GET", f"{collection}/2000000000")
        session.send(f"{segment}: get out of range", "GET", f"{collection}/99999999999")
        session.send(f"{segment}: patch missing", "PATCH", f"{collection}/2000000000", json={})
        session.send(f"{segment}: delete missing", "DELETE", f"{collection}/2000000000")
    session.send("refresh", "POST", f"{API}/auth/refresh")
    session.send("logout", "POST", f"{API}/auth/logout")
    session.send("me: logged out", "GET", f"{API}/me")
    session.send("refresh: logged out", "POST", f"{API}/auth/refresh")


def differences(flask: Session, fastapi: Session) -> Iterator[str]:
    """Each step whose answers differ."""
    for (label, left), (_label, right) in zip(flask.log, fastapi.log, strict=True):
        if left != right:
            yield f"{label}:\n  flask   {left}\n  fastapi {right}"
