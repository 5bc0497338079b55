"""Deleting a paying workspace cancels its Stripe subscription; Stripe's later events about
it are handled (a live one is cancelled, an ended one acknowledged), never left billing."""

from __future__ import annotations

import time
import uuid

import stripe_standin as stripe_objects

from app.models import BillingAccount, StripeEvent, Workspace

CUSTOMER = "cus_test_deletion"


def paying(deliver, workspace, subscription_id: str) -> None:
    obj = stripe_objects.checkout_session_completed(workspace.id, CUSTOMER, subscription_id)
    response = deliver(stripe_objects.event("checkout.session.completed", obj))
    assert response.get_json()["outcome"] == "applied"


def test_deleting_a_paying_workspace_cancels_its_subscription_at_stripe(
    deliver, stripe_api, owner_api, workspace, db_session
):
    subscription_id = f"sub_{uuid.uuid4().hex[:12]}"
    paying(deliver, workspace, subscription_id)
    workspace_id = workspace.id

    response = owner_api.delete(f"/api/v1/workspaces/{workspace_id}")

    assert response.status_code == 204
    cancels = [c for c in stripe_api.state.calls if c.method == "DELETE"]
    assert [c.path for c in cancels] == [f"/v1/subscriptions/{subscription_id}"]
    assert cancels[0].headers.get("Idempotency-Key") == f"helix-cancel-{subscription_id}"
    db_session.expire_all()
    assert db_session.get(Workspace, workspace_id) is None


def test_a_free_workspace_is_deleted_without_calling_stripe(stripe_api, owner_api, workspace):
    assert owner_api.delete(f"/api/v1/workspaces/{workspace.id}").status_code == 204
    assert not stripe_api.state.calls


def test_when_stripe_cannot_cancel_nothing_is_deleted(
    deliver, stripe_api, owner_api, workspace, db_session
):
    paying(deliver, workspace, f"sub_{uuid.uuid4().hex[:12]}")
    stripe_api.state.fail_with = 500

    response = owner_api.delete(f"/api/v1/workspaces/{workspace.id}")

    assert response.status_code == 503
    body = response.get_json()
    assert body["error"] == "service_unavailable"
    assert "not deleted" in body["message"]
    db_session.expire_all()
    assert db_session.get(Workspace, workspace.id) is not None
    assert db_session.get(BillingAccount, workspace.id).status == "active"


def test_the_cancellation_event_of_a_deleted_workspace_is_acknowledged(
    deliver, stripe_api, owner_api, workspace, db_session
):
    subscription_id = f"sub_{uuid.uuid4().hex[:12]}"
    paying(deliver, workspace, subscription_id)
    assert owner_api.delete(f"/api/v1/workspaces/{workspace.id}").status_code == 204
    stripe_api.state.calls.clear()

    obj = stripe_objects.subscription(subscription_id, CUSTOMER, "canceled", workspace.id)
    evt = stripe_objects.event("customer.subscription.deleted", obj)
    response = deliver(evt)

    assert response.status_code == 200
    assert response.get_json()["outcome"] == "workspace_deleted"
    assert not stripe_api.state.calls
    assert db_session.get(StripeEvent, evt["id"]).outcome == "workspace_deleted"


def test_a_live_subscription_of_a_deleted_workspace_is_cancelled_when_stripe_reports_it(
    deliver, stripe_api, db_session
):
    gone = uuid.uuid4()  # a workspace deleted while Stripe could not be told (or raced)
    subscription_id = f"sub_{uuid.uuid4().hex[:12]}"
    obj = stripe_objects.invoice(subscription_id, "cus_gone", "paid", gone)

    response = deliver(stripe_objects.event("invoice.paid", obj))

    assert response.status_code == 200
    assert response.get_json()["outcome"] == "canceled_orphan"
    assert subscription_id in stripe_api.state.canceled
    replay = deliver(stripe_objects.event("invoice.paid", obj, created=int(time.time()) + 1))
    assert replay.get_json()["outcome"] == "canceled_orphan"  # already gone at Stripe: fine
    del db_session


def test_an_orphan_event_is_retried_by_stripe_while_the_cancel_fails(
    deliver, stripe_api, db_session
):
    subscription_id = f"sub_{uuid.uuid4().hex[:12]}"
    obj = stripe_objects.subscription(subscription_id, "cus_gone", "active", uuid.uuid4())
    evt = stripe_objects.event("customer.subscription.updated", obj)
    stripe_api.state.fail_with = 500

    assert deliver(evt).status_code == 503
    db_session.expire_all()
    assert db_session.get(StripeEvent, evt["id"]) is None  # so the redelivery is applied

    stripe_api.state.fail_with = None
    assert deliver(evt).get_json()["outcome"] == "canceled_orphan"


def test_an_event_naming_no_helix_workspace_cancels_nothing(deliver, stripe_api):
    obj = stripe_objects.subscription("sub_foreign", "cus_foreign", "active")
    response = deliver(stripe_objects.event("customer.subscription.updated", obj))
    assert response.get_json()["outcome"] == "no_workspace"
    assert not stripe_api.state.canceled
