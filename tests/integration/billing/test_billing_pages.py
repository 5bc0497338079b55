"""Billing pages: plan and usage, Upgrade to Checkout, Manage billing to the Portal, the
pages Checkout returns to, and what is shown when billing is not configured."""

from __future__ import annotations

from app.models import BillingAccount
from app.models.base import utcnow


def page(workspace, action: str = "") -> str:
    return f"/workspaces/{workspace.id}/billing{action}"


def test_logged_out_visitors_are_sent_to_log_in(app, db_session, workspace):
    del db_session
    response = app.test_client().get(page(workspace))

    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_without_stripe_keys_the_page_says_billing_is_not_configured(owner_api, workspace):
    html = owner_api.get(page(workspace)).get_data(as_text=True)

    assert "Billing is not configured" in html
    assert "Upgrade to Pro" not in html
    assert "Free" in html


def test_the_page_shows_the_plan_usage_and_an_upgrade_button(stripe_api, owner_api, workspace):
    response = owner_api.get(page(workspace))
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert 'data-testid="plan">Free<' in html
    assert "<td>Members</td><td>1</td><td>3</td>" in html
    assert "Upgrade to Pro" in html
    assert "Manage billing" not in html
    assert "<script" not in html
    policy = response.headers["Content-Security-Policy"]
    assert "form-action 'self' https://checkout.stripe.com https://billing.stripe.com" in policy
    assert stripe_api.base_url in policy  # Upgrade redirects there: allowed as a form target


def test_upgrade_redirects_to_stripe_checkout(stripe_api, owner_api, workspace):
    response = owner_api.post(
        page(workspace, "/upgrade"), data={"csrf_token": owner_api.csrf()}, csrf=False
    )

    assert response.status_code == 303
    [session] = stripe_api.state.checkout_sessions.values()
    assert response.headers["Location"] == session["url"]


def test_upgrade_without_the_form_token_is_refused(stripe_api, owner_api, workspace):
    response = owner_api.post(page(workspace, "/upgrade"), data={}, csrf=False)

    assert response.status_code == 403
    assert stripe_api.state.calls == []


def test_manage_billing_redirects_to_the_portal_once_there_is_a_customer(
    stripe_api, owner_api, workspace
):
    owner_api.post(page(workspace, "/upgrade"), data={"csrf_token": owner_api.csrf()}, csrf=False)
    html = owner_api.get(page(workspace)).get_data(as_text=True)
    response = owner_api.post(
        page(workspace, "/manage"), data={"csrf_token": owner_api.csrf()}, csrf=False
    )

    assert "Manage billing" in html
    assert response.status_code == 303
    [session] = stripe_api.state.portal_sessions.values()
    assert response.headers["Location"] == session["url"]


def test_a_stripe_outage_comes_back_as_a_notice_on_the_page(stripe_api, owner_api, workspace):
    stripe_api.state.fail_with = 500
    response = owner_api.post(
        page(workspace, "/upgrade"), data={"csrf_token": owner_api.csrf()}, csrf=False
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith(page(workspace))
    assert "Stripe did not answer" in owner_api.get(page(workspace)).get_data(as_text=True)


def test_members_see_the_plan_but_no_buttons(stripe_api, login, make_user, add_member, workspace):
    del stripe_api
    member = make_user("Mo Member")
    add_member(workspace, member, "admin")
    html = login(member).get(page(workspace)).get_data(as_text=True)

    assert "Only an owner" in html
    assert "Upgrade to Pro" not in html


def test_the_success_page_waits_for_stripe_then_confirms_pro(
    stripe_api, owner_api, workspace, db_session
):
    del stripe_api
    before = owner_api.get(page(workspace, "/success?session_id=cs_test_1")).get_data(as_text=True)
    workspace.plan = "pro"
    db_session.add(BillingAccount(workspace_id=workspace.id, status="active"))
    db_session.commit()
    after = owner_api.get(page(workspace, "/success?session_id=cs_test_1")).get_data(as_text=True)

    assert "as soon as Stripe confirms it" in before
    assert "is on Pro now" in after


def test_the_cancel_page_says_nothing_was_charged(owner_api, workspace):
    html = owner_api.get(page(workspace, "/cancel")).get_data(as_text=True)

    assert "Nothing was charged" in html


def test_past_due_shows_when_pro_ends(stripe_api, owner_api, workspace, db_session):
    del stripe_api
    workspace.plan = "pro"
    db_session.add(
        BillingAccount(workspace_id=workspace.id, status="past_due", past_due_since=utcnow())
    )
    db_session.commit()
    html = owner_api.get(page(workspace)).get_data(as_text=True)

    assert "Your last payment failed. Pro stays on until" in html
    assert "Upgrade to Pro" not in html
