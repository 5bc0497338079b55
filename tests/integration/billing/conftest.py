"""Billing fixtures: the Stripe stand-in, the app configured for it, and webhook delivery."""

from __future__ import annotations

import pytest
from stripe_standin import PRICE_PRO, SECRET_KEY, WEBHOOK_SECRET, StripeStandIn, signed

STRIPE_KEYS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_PRICE_PRO", "STRIPE_API_BASE")


@pytest.fixture(scope="session")
def stripe_standin():
    server = StripeStandIn()
    yield server
    server.close()


@pytest.fixture
def stripe_api(app, stripe_standin):
    """The app talking to the stand-in with test keys; the stand-in's record starts empty."""
    saved = {key: app.config[key] for key in (*STRIPE_KEYS, "BILLING_GRACE_DAYS")}
    app.config.update(
        STRIPE_SECRET_KEY=SECRET_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_PRICE_PRO=PRICE_PRO,
        STRIPE_API_BASE=stripe_standin.base_url,
    )
    stripe_standin.reset()
    yield stripe_standin
    app.config.update(saved)


@pytest.fixture
def deliver(app, stripe_api):
    """POST a Stripe event to the webhook endpoint, signed like Stripe signs it."""
    del stripe_api

    def send(evt: dict, secret: str = WEBHOOK_SECRET):
        payload, headers = signed(evt, secret)
        return app.test_client().post("/api/v1/billing/webhook", data=payload, headers=headers)

    return send


@pytest.fixture
def owner(make_user):
    return make_user("Olive Owner", workspace="Olive's workspace")


@pytest.fixture
def workspace(owner):
    return owner.own_workspace


@pytest.fixture
def owner_api(login, owner):
    return login(owner)
