"""Plan limits and the past_due grace period, and the whole journey through the webhook:
free -> checkout -> pro -> payment failed -> grace -> free -> paid -> pro."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import stripe_standin as stripe_objects

from app.errors import ApiError
from app.models import BillingAccount, Membership
from app.models.base import utcnow
from app.services import plans


def past_due_account(db_session, workspace, since):
    workspace.plan = "pro"
    db_session.add(
        BillingAccount(workspace_id=workspace.id, status="past_due", past_due_since=since)
    )
    db_session.commit()


def test_past_due_keeps_pro_until_the_grace_period_ends_then_limits_are_free(
    app, db_session, workspace
):
    failed_at = utcnow()
    past_due_account(db_session, workspace, failed_at)
    grace = timedelta(days=app.config["BILLING_GRACE_DAYS"])

    assert plans.effective_plan(workspace, failed_at + grace - timedelta(seconds=1)) is plans.PRO
    assert plans.effective_plan(workspace, failed_at + grace) is plans.FREE
    assert workspace.plan == "pro"  # nothing is rewritten: paying again restores Pro at once


def test_plan_named_still_answers_free_for_anything_unknown():
    assert plans.plan_named(None) is plans.FREE
    assert plans.plan_named("enterprise") is plans.FREE
    assert plans.plan_named("pro") is plans.PRO


def test_a_workspace_marked_pro_without_billing_rows_is_pro(db_session, workspace):
    workspace.plan = "pro"
    db_session.commit()

    assert plans.effective_plan(workspace) is plans.PRO


def test_the_member_limit_names_itself_and_how_to_lift_it(db_session, workspace):
    del db_session
    with pytest.raises(ApiError) as raised:
        plans.check_member_seat(workspace, 3)

    assert (raised.value.status, raised.value.code) == (403, "plan_limit_reached")
    assert "3 members" in raised.value.message
    assert "Upgrade to Pro" in raised.value.message
    plans.check_member_seat(workspace, 2)


def invite(api, workspace, email):
    return api.post(
        f"/api/v1/workspaces/{workspace.id}/invitations", json={"email": email, "role": "member"}
    )


def test_a_free_workspace_cannot_invite_a_fourth_member(
    make_user, add_member, owner_api, workspace
):
    for name in ("Two", "Three"):
        add_member(workspace, make_user(name))

    response = invite(owner_api, workspace, "four@example.com")

    assert response.status_code == 403
    assert response.get_json()["error"] == "plan_limit_reached"
    assert "Upgrade to Pro" in response.get_json()["message"]


def test_accepting_is_refused_once_the_free_workspace_filled_up(
    make_user, add_member, login, owner_api, workspace, db_session, mailbox
):
    add_member(workspace, make_user("Two"))
    late = make_user("Late", email="late-seat@example.com")
    assert invite(owner_api, workspace, late.email).status_code == 201
    token = mailbox.last_link(late.email, "/invitations/open#").split("#token=", 1)[1]
    add_member(workspace, make_user("Three"))

    response = login(late).post("/api/v1/invitations/accept", json={"token": token})

    assert response.status_code == 403
    assert response.get_json()["error"] == "plan_limit_reached"
    assert db_session.get(Membership, (workspace.id, late.id)) is None


def test_pro_has_no_member_limit(make_user, add_member, owner_api, workspace, db_session):
    workspace.plan = "pro"
    db_session.commit()
    for name in ("Two", "Three", "Four"):
        add_member(workspace, make_user(name))

    assert invite(owner_api, workspace, "five@example.com").status_code == 201


def test_free_to_pro_to_past_due_to_free_and_back_through_the_webhook(
    app, stripe_api, deliver, make_user, add_member, owner_api, workspace
):
    billing = f"/api/v1/workspaces/{workspace.id}/billing"

    def state():
        body = owner_api.get(billing).get_json()
        return body["plan"], body["status"]

    assert state() == ("free", None)

    # Checkout: the app creates the session; Stripe then reports the completed payment.
    assert owner_api.post(f"{billing}/checkout").status_code == 200
    [customer] = stripe_api.state.customers
    start = int(time.time()) - 60
    completed = stripe_objects.checkout_session_completed(workspace.id, customer, "sub_j")
    deliver(stripe_objects.event("checkout.session.completed", completed, created=start))
    created = stripe_objects.subscription("sub_j", customer, "active", workspace.id)
    deliver(stripe_objects.event("customer.subscription.created", created, created=start))
    assert state() == ("pro", "active")
    for name in ("Two", "Three", "Four"):
        add_member(workspace, make_user(name))
    assert owner_api.get(billing).get_json()["limits"]["max_members"] is None

    # The renewal fails: past_due, still Pro during the grace period.
    failed = stripe_objects.invoice("sub_j", customer, "open", workspace.id)
    deliver(stripe_objects.event("invoice.payment_failed", failed, created=start + 10))
    past_due = stripe_objects.subscription("sub_j", customer, "past_due", workspace.id)
    deliver(stripe_objects.event("customer.subscription.updated", past_due, created=start + 11))
    assert state() == ("pro", "past_due")
    assert owner_api.get(billing).get_json()["grace_ends_at"]

    # Grace runs out: free limits apply, nothing is deleted.
    app.config["BILLING_GRACE_DAYS"] = 0
    assert state() == ("free", "past_due")
    body = owner_api.get(billing).get_json()
    assert body["usage"]["members"] == 4
    assert invite(owner_api, workspace, "five@example.com").status_code == 403

    # The customer pays: Pro again.
    paid = stripe_objects.invoice("sub_j", customer, "paid", workspace.id)
    deliver(stripe_objects.event("invoice.paid", paid, created=start + 20))
    active = stripe_objects.subscription("sub_j", customer, "active", workspace.id)
    deliver(stripe_objects.event("customer.subscription.updated", active, created=start + 21))
    assert state() == ("pro", "active")
    assert invite(owner_api, workspace, "five@example.com").status_code == 201

    # Cancelled in the portal: free, records kept; Checkout works again.
    deleted = stripe_objects.subscription("sub_j", customer, "canceled", workspace.id)
    deliver(stripe_objects.event("customer.subscription.deleted", deleted, created=start + 30))
    assert state() == ("free", "canceled")
    assert owner_api.post(f"{billing}/checkout").status_code == 200
    assert len(stripe_api.state.calls_to("/v1/customers")) == 1
