"""Stripe webhooks through POST /api/v1/billing/webhook: signed, applied once, in order."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import stripe_standin as stripe_objects
from sqlalchemy import func, select

from app.models import BillingAccount, StripeEvent

NOW = int(time.time())
CUSTOMER = "cus_test_webhooks"


def account(db_session, workspace) -> BillingAccount:
    db_session.expire_all()
    return db_session.get(BillingAccount, workspace.id)


@pytest.fixture
def new_events(db_session):
    """Counts the events recorded since the test began (other runs may have committed some)."""
    before = set(db_session.scalars(select(StripeEvent.id)))

    def count() -> int:
        query = select(func.count()).select_from(StripeEvent)
        return db_session.scalar(query.where(StripeEvent.id.not_in(before)))

    return count


def subscription_event(kind, workspace, status, created, sub="sub_1", **kwargs):
    obj = stripe_objects.subscription(sub, CUSTOMER, status, workspace.id, **kwargs)
    return stripe_objects.event(kind, obj, created=created)


def test_checkout_session_completed_links_the_customer_and_makes_the_workspace_pro(
    deliver, db_session, workspace
):
    obj = stripe_objects.checkout_session_completed(workspace.id, CUSTOMER, "sub_1")
    response = deliver(stripe_objects.event("checkout.session.completed", obj, created=NOW))

    assert response.status_code == 200
    assert response.get_json() == {"received": True, "outcome": "applied"}
    billing = account(db_session, workspace)
    assert (billing.stripe_customer_id, billing.stripe_subscription_id) == (CUSTOMER, "sub_1")
    assert billing.status == "active"
    assert workspace.plan == "pro"


def test_an_unpaid_checkout_does_not_grant_pro(deliver, db_session, workspace):
    obj = stripe_objects.checkout_session_completed(workspace.id, CUSTOMER, "sub_1", "unpaid")
    deliver(stripe_objects.event("checkout.session.completed", obj, created=NOW))

    assert account(db_session, workspace).status == "incomplete"
    assert workspace.plan == "free"


def test_subscription_created_sets_status_and_period_end(deliver, db_session, workspace):
    end = NOW + 30 * 86400
    evt = subscription_event(
        "customer.subscription.created", workspace, "active", NOW, period_end=end
    )
    assert deliver(evt).status_code == 200

    billing = account(db_session, workspace)
    assert billing.status == "active"
    assert billing.current_period_end == datetime.fromtimestamp(end, UTC)
    assert billing.stripe_customer_id == CUSTOMER
    assert workspace.plan == "pro"


def test_subscription_updated_records_a_cancellation_at_period_end(deliver, db_session, workspace):
    deliver(subscription_event("customer.subscription.created", workspace, "active", NOW))
    deliver(
        subscription_event(
            "customer.subscription.updated", workspace, "active", NOW + 5, cancel_at_period_end=True
        )
    )

    billing = account(db_session, workspace)
    assert billing.cancel_at_period_end is True
    assert workspace.plan == "pro"


def test_subscription_deleted_drops_to_free_and_keeps_the_records(deliver, db_session, workspace):
    deliver(subscription_event("customer.subscription.created", workspace, "active", NOW))
    deliver(subscription_event("customer.subscription.deleted", workspace, "canceled", NOW + 5))

    billing = account(db_session, workspace)
    assert (billing.status, billing.stripe_customer_id) == ("canceled", CUSTOMER)
    assert workspace.plan == "free"


def test_invoice_payment_failed_marks_past_due_and_keeps_pro_during_grace(
    deliver, db_session, workspace
):
    deliver(subscription_event("customer.subscription.created", workspace, "active", NOW))
    failed = stripe_objects.invoice("sub_1", CUSTOMER, "open", workspace.id)
    deliver(stripe_objects.event("invoice.payment_failed", failed, created=NOW + 10))

    billing = account(db_session, workspace)
    assert billing.status == "past_due"
    assert billing.past_due_since == datetime.fromtimestamp(NOW + 10, UTC)
    assert workspace.plan == "pro"


def test_a_second_failure_keeps_the_first_failure_as_the_start_of_grace(
    deliver, db_session, workspace
):
    deliver(subscription_event("customer.subscription.created", workspace, "active", NOW))
    for offset in (10, 20):
        failed = stripe_objects.invoice("sub_1", CUSTOMER, "open", workspace.id)
        deliver(stripe_objects.event("invoice.payment_failed", failed, created=NOW + offset))

    assert account(db_session, workspace).past_due_since == datetime.fromtimestamp(NOW + 10, UTC)


def test_a_failed_first_invoice_leaves_the_subscription_incomplete(deliver, db_session, workspace):
    failed = stripe_objects.invoice(
        "sub_1", CUSTOMER, "open", workspace.id, billing_reason="subscription_create"
    )
    deliver(stripe_objects.event("invoice.payment_failed", failed, created=NOW))

    assert account(db_session, workspace).status == "incomplete"
    assert workspace.plan == "free"


def test_invoice_paid_after_a_failure_clears_past_due(deliver, db_session, workspace):
    deliver(subscription_event("customer.subscription.created", workspace, "active", NOW))
    failed = stripe_objects.invoice("sub_1", CUSTOMER, "open", workspace.id)
    deliver(stripe_objects.event("invoice.payment_failed", failed, created=NOW + 10))
    paid = stripe_objects.invoice("sub_1", CUSTOMER, "paid", workspace.id, period_end=NOW + 99)
    deliver(stripe_objects.event("invoice.paid", paid, created=NOW + 20))

    billing = account(db_session, workspace)
    assert (billing.status, billing.past_due_since) == ("active", None)
    assert billing.current_period_end == datetime.fromtimestamp(NOW + 99, UTC)
    assert workspace.plan == "pro"


def test_an_invoice_without_a_subscription_changes_nothing(deliver, workspace):
    one_off = stripe_objects.invoice("sub_1", CUSTOMER, "paid", workspace.id)
    one_off["parent"] = None
    one_off["metadata"] = {"workspace_id": str(workspace.id)}
    response = deliver(stripe_objects.event("invoice.paid", one_off, created=NOW))

    assert response.get_json()["outcome"] == "ignored"
    assert workspace.plan == "free"


def test_a_replayed_event_is_acknowledged_and_changes_nothing(
    new_events, deliver, db_session, workspace
):
    deliver(subscription_event("customer.subscription.created", workspace, "active", NOW))
    failed = stripe_objects.event(
        "invoice.payment_failed",
        stripe_objects.invoice("sub_1", CUSTOMER, "open", workspace.id),
        created=NOW + 10,
    )
    assert deliver(failed).get_json()["outcome"] == "applied"
    paid = stripe_objects.invoice("sub_1", CUSTOMER, "paid", workspace.id)
    deliver(stripe_objects.event("invoice.paid", paid, created=NOW + 20))

    replay = deliver(failed)

    assert replay.status_code == 200
    assert replay.get_json()["outcome"] == "duplicate"
    assert account(db_session, workspace).status == "active"
    assert new_events() == 3


def test_a_bad_signature_is_400_and_changes_nothing(new_events, deliver, db_session, workspace):
    evt = subscription_event("customer.subscription.created", workspace, "active", NOW)
    response = deliver(evt, secret="whsec_someone_else")

    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"
    assert account(db_session, workspace) is None
    assert workspace.plan == "free"
    assert new_events() == 0


def test_a_missing_signature_or_a_tampered_payload_is_400(new_events, app, stripe_api, workspace):
    del stripe_api
    evt = subscription_event("customer.subscription.created", workspace, "active", NOW)
    payload, headers = stripe_objects.signed(evt)
    client = app.test_client()

    unsigned = client.post("/api/v1/billing/webhook", data=payload)
    tampered = client.post(
        "/api/v1/billing/webhook", data=payload.replace(b"active", b"trialing"), headers=headers
    )
    old = stripe_objects.signature_header(payload, at=int(time.time()) - 3600)
    expired = client.post(
        "/api/v1/billing/webhook", data=payload, headers={"Stripe-Signature": old}
    )

    assert [r.status_code for r in (unsigned, tampered, expired)] == [400, 400, 400]
    assert new_events() == 0


def test_a_signed_payload_that_is_not_an_event_is_400(new_events, app, stripe_api):
    del stripe_api
    payload = b'{"hello": "world"}'
    headers = {"Stripe-Signature": stripe_objects.signature_header(payload)}
    response = app.test_client().post("/api/v1/billing/webhook", data=payload, headers=headers)

    assert response.status_code == 400
    assert new_events() == 0


def test_a_stale_event_after_a_newer_one_does_not_move_the_subscription_back(
    deliver, db_session, workspace
):
    deliver(subscription_event("customer.subscription.deleted", workspace, "canceled", NOW + 60))
    late = deliver(subscription_event("customer.subscription.updated", workspace, "active", NOW))

    assert late.get_json()["outcome"] == "stale"
    assert account(db_session, workspace).status == "canceled"
    assert workspace.plan == "free"


def test_a_stale_failure_after_recovery_does_not_make_the_workspace_past_due(
    deliver, db_session, workspace
):
    deliver(subscription_event("customer.subscription.updated", workspace, "active", NOW + 60))
    failed = stripe_objects.invoice("sub_1", CUSTOMER, "open", workspace.id)
    late = deliver(stripe_objects.event("invoice.payment_failed", failed, created=NOW))

    assert late.get_json()["outcome"] == "stale"
    assert (account(db_session, workspace).status, workspace.plan) == ("active", "pro")


def test_an_ended_subscription_never_comes_back_even_in_the_same_second(deliver, workspace):
    deliver(subscription_event("customer.subscription.deleted", workspace, "canceled", NOW))
    same_second = deliver(
        subscription_event("customer.subscription.updated", workspace, "active", NOW)
    )

    assert same_second.get_json()["outcome"] == "stale"
    assert workspace.plan == "free"


def test_a_new_subscription_after_a_cancelled_one_makes_the_workspace_pro_again(
    deliver, db_session, workspace
):
    deliver(subscription_event("customer.subscription.deleted", workspace, "canceled", NOW))
    deliver(
        subscription_event("customer.subscription.created", workspace, "active", NOW + 5, "sub_2")
    )

    assert account(db_session, workspace).stripe_subscription_id == "sub_2"
    assert workspace.plan == "pro"


def test_the_end_of_another_subscription_leaves_the_paying_one_alone(
    deliver, db_session, workspace
):
    deliver(subscription_event("customer.subscription.created", workspace, "active", NOW, "sub_2"))
    other = deliver(
        subscription_event("customer.subscription.deleted", workspace, "canceled", NOW + 5, "sub_1")
    )

    assert other.get_json()["outcome"] == "other_subscription"
    assert (account(db_session, workspace).stripe_subscription_id, workspace.plan) == (
        "sub_2",
        "pro",
    )


def test_an_event_without_metadata_finds_the_workspace_by_its_stored_customer(
    deliver, db_session, workspace
):
    deliver(subscription_event("customer.subscription.created", workspace, "active", NOW))
    bare = stripe_objects.subscription("sub_1", CUSTOMER, "past_due")
    response = deliver(stripe_objects.event("customer.subscription.updated", bare, created=NOW + 5))

    assert response.get_json()["outcome"] == "applied"
    assert account(db_session, workspace).status == "past_due"


def test_an_event_for_no_known_workspace_is_acknowledged_and_recorded(new_events, deliver):
    stray = stripe_objects.subscription("sub_x", "cus_unknown", "active")
    response = deliver(stripe_objects.event("customer.subscription.created", stray, created=NOW))

    assert response.status_code == 200
    assert response.get_json()["outcome"] == "no_workspace"
    assert new_events() == 1


def test_event_types_billing_does_not_use_are_acknowledged(deliver, workspace):
    obj = {"id": "cus_x", "object": "customer", "metadata": {"workspace_id": str(workspace.id)}}
    response = deliver(stripe_objects.event("customer.updated", obj, created=NOW))

    assert (response.status_code, response.get_json()["outcome"]) == (200, "ignored")


def test_the_webhook_needs_no_session_or_csrf_token(deliver, new_client, workspace):
    # `deliver` posts from a fresh client: no cookies, no X-CSRF-TOKEN header.
    del new_client
    evt = subscription_event("customer.subscription.created", workspace, "active", NOW)
    assert deliver(evt).status_code == 200
