"""Billing API: plan and usage for members; Checkout and Portal sessions for owners only."""

from __future__ import annotations

from app.models import BillingAccount


def billing_url(workspace, action: str = "") -> str:
    return f"/api/v1/workspaces/{workspace.id}/billing{action}"


def test_a_new_workspace_is_on_the_free_plan_with_its_limits_and_usage(owner_api, workspace):
    response = owner_api.get(billing_url(workspace))

    assert response.status_code == 200
    body = response.get_json()
    assert (body["plan"], body["status"], body["current_period_end"]) == ("free", None, None)
    assert body["limits"] == {
        "generations_per_month": 3,
        "max_entities": 8,
        "max_members": 3,
        "artifact_days": 7,
        "features": [],
    }
    assert body["usage"]["members"] == 1


def test_any_member_may_read_billing(login, make_user, add_member, workspace):
    member = make_user("Mo Member")
    add_member(workspace, member, "member")

    assert login(member).get(billing_url(workspace)).status_code == 200


def test_billing_of_another_workspace_is_404(login, make_user, workspace):
    stranger = login(make_user("Stan Stranger"))

    assert stranger.get(billing_url(workspace)).status_code == 404
    assert stranger.post(billing_url(workspace, "/checkout")).status_code == 404


def test_without_stripe_keys_the_free_plan_works_and_checkout_says_not_configured(
    app, owner_api, workspace
):
    assert not app.config["STRIPE_SECRET_KEY"]
    body = owner_api.get(billing_url(workspace)).get_json()
    response = owner_api.post(billing_url(workspace, "/checkout"))

    assert (body["plan"], body["billing_configured"]) == ("free", False)
    assert response.status_code == 503
    assert "not configured" in response.get_json()["message"]


def test_checkout_starts_a_subscription_session_naming_the_workspace(
    stripe_api, owner, owner_api, workspace, db_session
):
    response = owner_api.post(billing_url(workspace, "/checkout"))

    assert response.status_code == 200, response.get_json()
    [session] = stripe_api.state.checkout_sessions.values()
    assert response.get_json() == {"url": session["url"]}
    [call] = stripe_api.state.calls_to("/v1/checkout/sessions")
    wid = str(workspace.id)
    assert call.params["mode"] == "subscription"
    assert call.params["line_items[0][price]"] == "price_helix_pro_monthly"
    assert call.params["line_items[0][quantity]"] == "1"
    assert call.params["client_reference_id"] == wid
    assert call.params["subscription_data[metadata][workspace_id]"] == wid
    assert call.params["success_url"].endswith(
        f"/workspaces/{wid}/billing/success?session_id={{CHECKOUT_SESSION_ID}}"
    )
    assert call.params["cancel_url"].endswith(f"/workspaces/{wid}/billing/cancel")
    [customer] = stripe_api.state.customers.values()
    assert call.params["customer"] == customer["id"]
    assert customer["email"] == owner.email
    assert customer["metadata"] == {"workspace_id": wid}
    assert db_session.get(BillingAccount, workspace.id).stripe_customer_id == customer["id"]


def test_the_stripe_customer_is_created_once_per_workspace(stripe_api, owner_api, workspace):
    for _ in range(3):
        assert owner_api.post(billing_url(workspace, "/checkout")).status_code == 200

    assert len(stripe_api.state.calls_to("/v1/customers")) == 1
    assert len(stripe_api.state.calls_to("/v1/checkout/sessions")) == 3
    customers = {c.params["customer"] for c in stripe_api.state.calls_to("/v1/checkout/sessions")}
    assert len(customers) == 1


def test_customer_creation_carries_an_idempotency_key_per_workspace(
    stripe_api, owner_api, workspace
):
    owner_api.post(billing_url(workspace, "/checkout"))

    [call] = stripe_api.state.calls_to("/v1/customers")
    assert call.headers["Idempotency-Key"] == f"helix-customer-{workspace.id}"


def test_admins_and_members_may_not_start_checkout_or_open_the_portal(
    stripe_api, login, make_user, add_member, workspace
):
    for role in ("admin", "member"):
        person = make_user(f"A {role}")
        add_member(workspace, person, role)
        api = login(person)
        for action in ("/checkout", "/portal"):
            response = api.post(billing_url(workspace, action))
            assert response.status_code == 403, (role, action)
            assert response.get_json()["error"] == "forbidden"
    assert stripe_api.state.calls == []


def test_checkout_needs_the_csrf_header(stripe_api, owner_api, workspace):
    response = owner_api.post(billing_url(workspace, "/checkout"), csrf=False)

    assert response.status_code == 403
    assert response.get_json()["error"] == "csrf_failed"
    assert stripe_api.state.calls == []


def test_checkout_is_refused_while_a_subscription_is_paying(
    stripe_api, owner_api, workspace, db_session
):
    del stripe_api
    db_session.add(BillingAccount(workspace_id=workspace.id, status="active"))
    db_session.commit()

    response = owner_api.post(billing_url(workspace, "/checkout"))

    assert response.status_code == 409
    assert "Manage billing" in response.get_json()["message"]


def test_the_portal_needs_a_customer_first(stripe_api, owner_api, workspace):
    response = owner_api.post(billing_url(workspace, "/portal"))

    assert response.status_code == 409
    assert stripe_api.state.calls == []


def test_the_portal_opens_for_the_stored_customer_and_returns_to_the_billing_page(
    stripe_api, owner_api, workspace
):
    owner_api.post(billing_url(workspace, "/checkout"))
    response = owner_api.post(billing_url(workspace, "/portal"))

    assert response.status_code == 200
    [session] = stripe_api.state.portal_sessions.values()
    assert response.get_json() == {"url": session["url"]}
    [customer] = stripe_api.state.customers
    assert session["customer"] == customer
    assert session["return_url"].endswith(f"/workspaces/{workspace.id}/billing")


def test_stripe_being_down_is_a_503_that_says_to_retry(stripe_api, owner_api, workspace):
    stripe_api.state.fail_with = 500

    response = owner_api.post(billing_url(workspace, "/checkout"))

    assert response.status_code == 503
    assert response.get_json()["error"] == "service_unavailable"
    assert "try again" in response.get_json()["message"]
