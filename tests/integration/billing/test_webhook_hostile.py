"""Signed webhook deliveries of odd shapes: a clear 4xx, or recorded and ignored; never a 500."""

from __future__ import annotations

import json
import time

import pytest
import stripe_standin as stripe_objects
from sqlalchemy import func, select

from app.models import BillingAccount, StripeEvent

NOW = int(time.time())
CUSTOMER = "cus_test_hostile"


@pytest.fixture
def post_signed(app, stripe_api):
    """POST raw bytes to the webhook, signed with the webhook secret."""
    del stripe_api

    def send(payload: bytes):
        headers = {
            "Stripe-Signature": stripe_objects.signature_header(payload),
            "Content-Type": "application/json",
        }
        return app.test_client().post("/api/v1/billing/webhook", data=payload, headers=headers)

    return send


def _event_count(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(StripeEvent))


@pytest.mark.parametrize(
    "payload",
    [
        b"[1, 2, 3]",
        b'"just a string"',
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps(
            {"id": "evt_big", "type": "x", "created": 1e20, "data": {"object": {}}}
        ).encode(),
        b'{"id": "evt_inf", "type": "x", "created": Infinity, "data": {"object": {}}}',
        json.dumps(
            {"id": "evt_list", "type": "x", "created": NOW, "data": {"object": []}}
        ).encode(),
        b"\xff\xfe not text",
    ],
    ids=["array", "string", "deep", "created-1e20", "created-infinity", "object-list", "binary"],
)
def test_a_signed_payload_of_the_wrong_shape_is_400(post_signed, db_session, payload):
    before = _event_count(db_session)
    response = post_signed(payload)

    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["error"] == "bad_request"
    assert _event_count(db_session) == before


def test_metadata_naming_another_workspace_than_the_customers_changes_nothing(
    deliver, db_session, make_user, workspace
):
    other = make_user("Mallory", workspace="Mallory's workspace").own_workspace
    created = stripe_objects.subscription("sub_h1", CUSTOMER, "active", workspace.id)
    deliver(stripe_objects.event("customer.subscription.created", created, created=NOW))
    # The same customer's event, claiming the other workspace in its metadata.
    moved = stripe_objects.subscription("sub_h1", CUSTOMER, "canceled", other.id)
    response = deliver(
        stripe_objects.event("customer.subscription.updated", moved, created=NOW + 5)
    )

    assert response.status_code == 200
    assert response.get_json()["outcome"] == "workspace_mismatch"
    db_session.expire_all()
    assert db_session.get(BillingAccount, workspace.id).status == "active"
    other_account = db_session.get(BillingAccount, other.id)
    assert other_account is None or other_account.stripe_customer_id is None
    assert (workspace.plan, other.plan) == ("pro", "free")


def test_a_signed_event_with_fields_of_the_wrong_type_is_recorded_and_ignored(
    deliver, db_session, workspace
):
    obj = stripe_objects.subscription("sub_h2", CUSTOMER, "active", workspace.id)
    obj["items"] = {"data": [{"current_period_end": 1e20}]}
    response = deliver(stripe_objects.event("customer.subscription.created", obj, created=NOW))
    odd = {"id": "in_1", "object": "invoice", "parent": ["not", "a", "mapping"]}
    second = deliver(stripe_objects.event("invoice.paid", odd, created=NOW))

    assert [response.status_code, second.status_code] == [200, 200]
    assert [response.get_json()["outcome"], second.get_json()["outcome"]] == ["malformed"] * 2
    db_session.expire_all()
    billing = db_session.get(BillingAccount, workspace.id)
    assert billing is None or billing.status is None
