"""Stopping a workspace's Stripe subscription: when the workspace is deleted, and when
Stripe later reports a live subscription of a workspace that no longer exists."""

from __future__ import annotations

import logging
import uuid

import stripe
from sqlalchemy import select

from app.errors import ApiError
from app.extensions import db
from app.models import BillingAccount, Workspace
from app.services import billing_service

log = logging.getLogger(__name__)
ENDED_STATUSES = frozenset({"canceled", "incomplete_expired"})


def cancel_subscription(subscription_id: str) -> None:
    """Cancel now (Stripe bills it no more); one already gone counts as cancelled.
    Raises ApiError 503 when Stripe cannot be reached or refuses."""
    client = billing_service.stripe_client()
    try:
        client.v1.subscriptions.cancel(
            subscription_id, options={"idempotency_key": f"helix-cancel-{subscription_id}"}
        )
    except stripe.InvalidRequestError as exc:
        if exc.code != "resource_missing":
            raise billing_service.stripe_unavailable(exc) from None
    except stripe.StripeError as exc:
        raise billing_service.stripe_unavailable(exc) from None
    log.info("stripe subscription %s cancelled", subscription_id)


def end_subscription_of(workspace: Workspace) -> None:
    """Before a workspace is deleted: cancel its live subscription, locking its billing
    row so that no webhook changes it meanwhile. Raises 503 (nothing deleted) on failure."""
    account = db.session.scalars(
        select(BillingAccount)
        .where(BillingAccount.workspace_id == workspace.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if account is None or not account.stripe_subscription_id:
        return
    if account.status in ENDED_STATUSES:
        return
    if not billing_service.configured():
        raise ApiError(
            503,
            "service_unavailable",
            "This workspace has a Stripe subscription, and billing is not configured on this "
            "server, so it cannot be cancelled; the workspace was not deleted.",
        )
    try:
        cancel_subscription(account.stripe_subscription_id)
    except ApiError:
        db.session.rollback()
        raise ApiError(
            503,
            "service_unavailable",
            "Stripe did not answer, so the subscription could not be cancelled; the workspace "
            "was not deleted. Please try again shortly.",
        ) from None


def subscription_of_event(event_type: str, obj: dict) -> tuple[str | None, bool]:
    """(subscription id, whether the event says it has ended) of a billing event's object."""
    if event_type.startswith("customer.subscription."):
        ended = event_type.endswith(".deleted") or obj.get("status") in ENDED_STATUSES
        return _id_of(obj.get("id")), ended
    if event_type.startswith("invoice."):
        details = (obj.get("parent") or {}).get("subscription_details") or {}
        found = _id_of(details.get("subscription")) or _id_of(obj.get("subscription"))
        return found, False
    return _id_of(obj.get("subscription")), False


def deleted_workspace_named(workspace_ids: list[str]) -> bool:
    """Whether the event names a Helix workspace (a UUID it set as metadata) that is gone."""
    named = []
    for candidate in workspace_ids:
        try:
            named.append(uuid.UUID(candidate))
        except ValueError:
            continue
    if not named:
        return False
    existing = db.session.scalars(select(Workspace.id).where(Workspace.id.in_(named))).first()
    return existing is None


def handle_orphan(event_type: str, obj: dict, workspace_ids: list[str]) -> str | None:
    """An event of a subscription whose workspace was deleted: cancel it if still live.
    None when the event is not about such a subscription."""
    subscription_id, ended = subscription_of_event(event_type, obj)
    if not subscription_id or not deleted_workspace_named(workspace_ids):
        return None
    if ended:
        return "workspace_deleted"
    try:
        cancel_subscription(subscription_id)
    except ApiError:
        db.session.rollback()  # the event stays unrecorded: Stripe delivers it again
        raise
    log.warning("subscription %s of a deleted workspace was still live; cancelled", subscription_id)
    return "canceled_orphan"


def _id_of(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None
