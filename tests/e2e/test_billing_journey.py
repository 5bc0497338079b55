"""Billing in a real browser: sign up, open the billing page, Upgrade to the (stand-in)
Stripe Checkout, pay, and come back to the success page while the webhook makes it Pro."""

from __future__ import annotations

import threading
import uuid

import pytest
import requests
import stripe_standin as stripe_objects
from playwright.sync_api import expect
from werkzeug.serving import make_server

PASSWORD = "browser password 123"


@pytest.fixture(scope="module")
def stripe_for_browser():
    server = stripe_objects.StripeStandIn()
    yield server
    server.close()


@pytest.fixture(scope="module")
def billing_server(app, stripe_for_browser):
    """Helix with Stripe keys pointing at the stand-in, served from a thread."""
    del app  # migrations are applied
    from app import create_app

    billing_app = create_app(
        "test",
        STRIPE_SECRET_KEY=stripe_objects.SECRET_KEY,
        STRIPE_WEBHOOK_SECRET=stripe_objects.WEBHOOK_SECRET,
        STRIPE_PRICE_PRO=stripe_objects.PRICE_PRO,
        STRIPE_API_BASE=stripe_for_browser.base_url,
        RATELIMIT_KEY_PREFIX=f"helix-e2e-billing-{uuid.uuid4().hex[:8]}",
    )
    server = make_server("127.0.0.1", 0, billing_app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    billing_app.config["PUBLIC_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()


def test_upgrade_goes_to_checkout_and_the_success_page_confirms_pro(
    browser, billing_server, stripe_for_browser, shoot
):
    context = browser.new_context(base_url=billing_server)
    context.set_default_timeout(15_000)
    page = context.new_page()
    email = f"billing-{uuid.uuid4().hex[:8]}@example.com"

    page.goto("/signup")
    page.get_by_label("Your name").fill("Bill Payer")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Workspace name").fill("Billing Co")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#current-workspace")).to_have_text("Billing Co")
    workspace_id = page.request.get("/api/v1/me").json()["workspaces"][0]["id"]

    page.goto(f"/workspaces/{workspace_id}/billing")
    expect(page.get_by_test_id("plan")).to_have_text("Free")
    expect(page.locator("table.usage")).to_contain_text("Members")
    shoot(page, "billing-free")
    page.get_by_role("button", name="Upgrade to Pro").click()

    # On Stripe's (stand-in) hosted Checkout page.
    expect(page.get_by_role("heading", name="Pay for")).to_be_visible()
    [session] = stripe_for_browser.state.checkout_sessions.values()
    assert page.url == session["url"]
    assert session["client_reference_id"] == workspace_id
    page.get_by_role("link", name="Pay").click()

    # Back on Helix before the webhook: the page says Pro is on its way.
    expect(page.get_by_test_id("pending")).to_be_visible()
    assert f"session_id={session['id']}" in page.url

    completed = stripe_objects.checkout_session_completed(
        workspace_id, session["customer"], "sub_browser"
    )
    payload, headers = stripe_objects.signed(
        stripe_objects.event("checkout.session.completed", completed)
    )
    webhook = requests.post(
        f"{billing_server}/api/v1/billing/webhook", data=payload, headers=headers, timeout=10
    )
    assert webhook.status_code == 200

    page.reload()
    expect(page.get_by_test_id("confirmed")).to_contain_text("Billing Co is on Pro now")
    shoot(page, "billing-success")
    page.get_by_role("link", name="Back to billing").click()
    expect(page.get_by_test_id("plan")).to_have_text("Pro")
    expect(page.get_by_role("button", name="Manage billing")).to_be_visible()
    expect(page.get_by_role("button", name="Upgrade to Pro")).to_have_count(0)
    context.close()


def test_backing_out_of_checkout_lands_on_the_cancel_page(
    browser, billing_server, stripe_for_browser
):
    del stripe_for_browser
    context = browser.new_context(base_url=billing_server)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/signup")
    page.get_by_label("Your name").fill("Cathy Cancel")
    page.get_by_label("Email").fill(f"cancel-{uuid.uuid4().hex[:8]}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Workspace name").fill("Cancel Co")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#current-workspace")).to_have_text("Cancel Co")
    workspace_id = page.request.get("/api/v1/me").json()["workspaces"][0]["id"]

    page.goto(f"/workspaces/{workspace_id}/billing")
    page.get_by_role("button", name="Upgrade to Pro").click()
    page.get_by_role("link", name="Back").click()

    expect(page.get_by_role("heading", name="Upgrade cancelled")).to_be_visible()
    expect(page.get_by_text("Nothing was charged")).to_be_visible()
    context.close()
