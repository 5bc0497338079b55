"""Billing: what a workspace's plan is and uses, Stripe Checkout to upgrade, and the
Customer Portal to manage the subscription. Only owners reach Stripe.

The Stripe customer is created once per workspace and stored; webhooks (billing_events)
keep the plan in step with the subscription.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import stripe
from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from app.errors import ApiError
from app.extensions import db
from app.models import BillingAccount, Role, Workspace
from app.models.base import utcnow
from app.services import plans
from app.services.tenancy import Tenant

log = logging.getLogger(__name__)
NOT_CONFIGURED = (
    "Billing is not configured on this server (STRIPE_SECRET_KEY and STRIPE_PRICE_PRO are "
    "not set); every workspace stays on the free plan."
)


def configured() -> bool:
    config = current_app.config
    return bool(config["STRIPE_SECRET_KEY"] and config["STRIPE_PRICE_PRO"])


def stripe_client() -> stripe.StripeClient:
    """A client for the configured key; STRIPE_API_BASE points it at another API host."""
    if not configured():
        raise ApiError(503, "service_unavailable", NOT_CONFIGURED)
    base = current_app.config["STRIPE_API_BASE"]
    return stripe.StripeClient(
        current_app.config["STRIPE_SECRET_KEY"],
        base_addresses={"api": base} if base else None,
        max_network_retries=1,
    )


def stripe_unavailable(exc: stripe.StripeError) -> ApiError:
    log.warning("stripe call failed: %s (%s)", type(exc).__name__, exc.http_status)
    return ApiError(
        503, "service_unavailable", "Stripe did not answer as expected. Please try again shortly."
    )


def account_for_update(workspace_id) -> BillingAccount:
    """The workspace's billing account, made if missing, locked until the transaction ends."""
    db.session.execute(
        insert(BillingAccount)
        .values(workspace_id=workspace_id, cancel_at_period_end=False)
        .on_conflict_do_nothing(index_elements=[BillingAccount.workspace_id])
    )
    statement = (
        select(BillingAccount)
        .where(BillingAccount.workspace_id == workspace_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(statement).one()


@dataclass(frozen=True)
class BillingOverview:
    configured: bool
    plan: plans.Plan
    status: str | None
    current_period_end: datetime | None
    cancel_at_period_end: bool
    past_due_since: datetime | None
    grace_ends_at: datetime | None
    has_customer: bool
    usage: dict[str, int]

    def json(self) -> dict[str, object]:
        return {
            "plan": self.plan.name,
            "status": self.status,
            "current_period_end": self.current_period_end.isoformat()
            if self.current_period_end
            else None,
            "cancel_at_period_end": self.cancel_at_period_end,
            "grace_ends_at": self.grace_ends_at.isoformat() if self.grace_ends_at else None,
            "billing_configured": self.configured,
            "limits": plans.limits_json(self.plan),
            "usage": self.usage,
        }


def overview(tenant: Tenant, now: datetime | None = None) -> BillingOverview:
    """Plan, subscription state, limits and usage; any member may look."""
    moment = now or utcnow()
    workspace = tenant.workspace
    account = db.session.get(BillingAccount, workspace.id)
    past_due_since = account.past_due_since if account else None
    return BillingOverview(
        configured=configured(),
        plan=plans.effective_plan(workspace, moment),
        status=account.status if account else None,
        current_period_end=account.current_period_end if account else None,
        cancel_at_period_end=bool(account and account.cancel_at_period_end),
        past_due_since=past_due_since,
        grace_ends_at=past_due_since + plans.grace_period() if past_due_since else None,
        has_customer=bool(account and account.stripe_customer_id),
        usage=plans.usage_of(workspace, moment),
    )


def _page_url(workspace: Workspace, page: str) -> str:
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/workspaces/{workspace.id}/billing{page}"


def _ensure_customer(client: stripe.StripeClient, tenant: Tenant, account: BillingAccount) -> str:
    """The workspace's Stripe customer, created on first need (row lock + idempotency key)."""
    if account.stripe_customer_id:
        return account.stripe_customer_id
    workspace = tenant.workspace
    try:
        customer = client.v1.customers.create(
            params={
                "name": workspace.name,
                "email": tenant.user.email,
                "metadata": {"workspace_id": str(workspace.id)},
            },
            options={"idempotency_key": f"helix-customer-{workspace.id}"},
        )
    except stripe.StripeError as exc:
        db.session.rollback()
        raise stripe_unavailable(exc) from None
    account.stripe_customer_id = customer.id
    db.session.commit()
    log.info("stripe customer %s created for workspace %s", customer.id, workspace.id)
    return customer.id


def start_checkout(tenant: Tenant) -> str:
    """The URL of a Stripe Checkout session subscribing the workspace to Pro (owners only)."""
    tenant.require(Role.OWNER)
    client = stripe_client()
    workspace = tenant.workspace
    account = account_for_update(workspace.id)
    if account.status in plans.PAID_STATUSES:
        db.session.rollback()
        raise ApiError(
            409,
            "conflict",
            "This workspace already has a Pro subscription; use Manage billing to change it "
            "or to update the payment method.",
        )
    customer_id = _ensure_customer(client, tenant, account)
    db.session.commit()  # release the row before calling Stripe again
    workspace_id = str(workspace.id)
    try:
        session = client.v1.checkout.sessions.create(
            params={
                "mode": "subscription",
                "customer": customer_id,
                "line_items": [{"price": current_app.config["STRIPE_PRICE_PRO"], "quantity": 1}],
                "client_reference_id": workspace_id,
                "subscription_data": {"metadata": {"workspace_id": workspace_id}},
                "metadata": {"workspace_id": workspace_id},
                "success_url": _page_url(workspace, "/success?session_id={CHECKOUT_SESSION_ID}"),
                "cancel_url": _page_url(workspace, "/cancel"),
            }
        )
    except stripe.StripeError as exc:
        raise stripe_unavailable(exc) from None
    log.info("checkout session %s started for workspace %s", session.id, workspace.id)
    return session.url


def open_portal(tenant: Tenant) -> str:
    """The URL of a Customer Portal session for the workspace's customer (owners only)."""
    tenant.require(Role.OWNER)
    client = stripe_client()
    account = db.session.get(BillingAccount, tenant.workspace.id)
    if account is None or not account.stripe_customer_id:
        raise ApiError(
            409,
            "conflict",
            "This workspace has no billing account yet; upgrade to Pro first.",
        )
    try:
        session = client.v1.billing_portal.sessions.create(
            params={
                "customer": account.stripe_customer_id,
                "return_url": _page_url(tenant.workspace, ""),
            }
        )
    except stripe.StripeError as exc:
        raise stripe_unavailable(exc) from None
    return session.url
