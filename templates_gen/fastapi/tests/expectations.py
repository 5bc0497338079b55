"""Assertions on API answers that every test module shares."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

import httpx


def names_field(details: object, field: str) -> bool:
    """Whether an error's `details` point at `field`."""
    if isinstance(details, dict):
        return field in details or any(names_field(value, field) for value in details.values())
    if isinstance(details, list):
        return any(names_field(item, field) for item in details)
    return False


def assert_error(
    response: httpx.Response, status: int, code: str | None = None, field: str | None = None
) -> dict:
    """The response is an error in the one JSON format, with this status, code and field."""
    body = response.json()
    assert response.status_code == status, body
    assert isinstance(body, dict), response.text[:200]
    assert isinstance(body.get("error"), str) and body.get("message"), body
    if code is not None:
        assert body["error"] == code, body
    if field is not None:
        assert names_field(body.get("details"), field), body
    return body


def _as_number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _as_moment(value: object) -> date | time | None:
    if not isinstance(value, str):
        return None
    for parse in (datetime.fromisoformat, time.fromisoformat, date.fromisoformat):
        try:
            return parse(value)
        except ValueError:
            continue
    return None


def same_value(sent: object, received: object) -> bool:
    """Whether the API gave back the value it was sent (`"1.5"` and `"1.50"`, offsets...)."""
    if sent == received:
        return True
    number_sent, number_received = _as_number(sent), _as_number(received)
    if number_sent is not None and number_received is not None:
        return number_sent == number_received
    moment_sent, moment_received = _as_moment(sent), _as_moment(received)
    return moment_sent is not None and moment_sent == moment_received
