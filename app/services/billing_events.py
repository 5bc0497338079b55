"""Stripe webhooks: verify, apply each event once, never let an older event win.

Each event id is inserted into stripe_events with ON CONFLICT DO NOTHING in the same
transaction as its effect: a replay, or a second delivery racing the first, finds the
id taken (waiting for the first transaction if it is still open) and changes nothing.
The workspace's billing row is locked while an event is applied, and an event older
than the newest one applied (`created`) no longer changes the subscription's state.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import stripe
from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from app.errors import ApiError
from app.extensions import db
from app.json_limits import loads_bounded
from app.models import BillingAccount, StripeEvent, Workspace
from app.services import billing_cancel, plans
from app.services.billing_service import account_for_update

log = logging.getLogger(__name__)
ENDED_STATUSES = frozenset({"canceled", "incomplete_expired"})


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    created: datetime
    obj: dict


def verified_event(payload: bytes, signature: str | None) -> Event:
    """The event in `payload` if Stripe signed it with STRIPE_WEBHOOK_SECRET; else 400."""
    secret = current_app.config["STRIPE_WEBHOOK_SECRET"]
    if not secret:
        raise ApiError(503, "service_unavailable", "Stripe webhooks are not configured here.")
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature or "", secret, stripe.Webhook.DEFAULT_TOLERANCE
        )
    except stripe.SignatureVerificationError:
        raise ApiError(
            400, "bad_request", "The Stripe-Signature header does not match this payload."
        ) from None
    except UnicodeDecodeError:
        raise ApiError(400, "bad_request", "The payload is not a Stripe event.") from None
    try:
        data = loads_bounded(payload)
        obj = data["data"]["object"]
        if not isinstance(obj, dict):
            raise TypeError("data.object is not an object")
        return Event(
            id=str(data["id"]),
            type=str(data["type"]),
            created=datetime.fromtimestamp(int(data["created"]), UTC),
            obj=obj,
        )
    except (ValueError, KeyError, TypeError, OverflowError, OSError):
        log.warning("signed stripe payload is not an event; refused")
        raise ApiError(400, "bad_request", "The payload is not a Stripe event.") from None


def handle(payload: bytes, signature: str | None) -> str:
    """Verify and apply one delivery; returns what happened (applied, duplicate, ...)."""
    event = verified_event(payload, signature)
    if not _claim(event):
        db.session.rollback()
        log.info("stripe event %s (%s) already processed", event.id, event.type)
        return "duplicate"
    handler = HANDLERS.get(event.type)
    account, outcome = None, "ignored"
    if handler is not None:
        try:
            account, outcome = _apply(handler, event)
        except (AttributeError, KeyError, TypeError, ValueError, OverflowError, OSError) as error:
            # Signed but not shaped like the events we know: record it, change nothing.
            db.session.rollback()
            _claim(event)
            account, outcome = None, "malformed"
            log.warning(
                "stripe event %s (%s) is malformed (%s); ignored",
                event.id,
                event.type,
                type(error).__name__,
            )
    record = db.session.get(StripeEvent, event.id)
    record.outcome = outcome
    record.workspace_id = account.workspace_id if account else None
    db.session.commit()
    log.info("stripe event %s (%s): %s", event.id, event.type, outcome)
    return outcome


def _claim(event: Event) -> bool:
    """Record the event id; False when it was recorded before (a replay)."""
    claimed = db.session.execute(
        insert(StripeEvent)
        .values(id=event.id, type=event.type, created=event.created)
        .on_conflict_do_nothing(index_elements=[StripeEvent.id])
        .returning(StripeEvent.id)
    ).first()
    return claimed is not None


def _apply(
    handler: Callable[[BillingAccount, Event], str], event: Event
) -> tuple[BillingAccount | None, str]:
    account, problem = _account_of(event.obj)
    if account is None and problem == "no_workspace":
        orphan = billing_cancel.handle_orphan(event.type, event.obj, _workspace_ids(event.obj))
        problem = orphan or problem
    if account is None:
        log.warning("stripe event %s (%s): %s", event.id, event.type, problem)
        return None, problem
    return account, handler(account, event)


# Finding the workspace: metadata first, as API.md promises; the stored customer id after.


def _workspace_ids(obj: dict) -> list[str]:
    subscription_details = (obj.get("parent") or {}).get("subscription_details") or {}
    candidates = [
        (obj.get("metadata") or {}).get("workspace_id"),
        obj.get("client_reference_id"),
        (subscription_details.get("metadata") or {}).get("workspace_id"),
        ((obj.get("subscription_details") or {}).get("metadata") or {}).get("workspace_id"),
    ]
    return [c for c in candidates if isinstance(c, str) and c]


def _account_of(obj: dict) -> tuple[BillingAccount | None, str]:
    """The locked account the event is about, or None and why (no_workspace, mismatch)."""
    customer = _id_of(obj.get("customer"))
    customer_workspace = _workspace_of_customer(customer)
    for candidate in _workspace_ids(obj):
        try:
            workspace_id = uuid.UUID(candidate)
        except ValueError:
            continue
        if db.session.get(Workspace, workspace_id) is None:
            continue
        if customer_workspace is not None and customer_workspace != workspace_id:
            return None, "workspace_mismatch"  # metadata names another workspace's customer
        return account_for_update(workspace_id), "applied"
    if customer_workspace is not None:
        return account_for_update(customer_workspace), "applied"
    return None, "no_workspace"


def _workspace_of_customer(customer: str | None) -> uuid.UUID | None:
    if not customer:
        return None
    statement = select(BillingAccount.workspace_id).where(
        BillingAccount.stripe_customer_id == customer
    )
    return db.session.scalars(statement).first()


def _id_of(value: object) -> str | None:
    """An expandable Stripe field: an id string, or the expanded object."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def _timestamp(value: object) -> datetime | None:
    return datetime.fromtimestamp(int(value), UTC) if isinstance(value, int | float) else None


# Applying state, newest event wins.


def _is_stale(account: BillingAccount, event: Event) -> bool:
    return account.state_changed_at is not None and event.created < account.state_changed_at


def _set_state(account: BillingAccount, event: Event, status: str, **fields: object) -> str:
    subscription_id = fields.get("stripe_subscription_id") or account.stripe_subscription_id
    if subscription_id == account.stripe_subscription_id:
        if account.status in ENDED_STATUSES and status not in ENDED_STATUSES:
            return "stale"  # an ended subscription never comes back to life
    elif account.status in plans.PAID_STATUSES and status not in plans.PAID_STATUSES:
        return "other_subscription"  # another subscription's end leaves the paying one alone
    for name, value in fields.items():
        if value is not None:
            setattr(account, name, value)
    if status == "past_due":
        account.past_due_since = account.past_due_since or event.created
    else:
        account.past_due_since = None
    account.status = status
    account.state_changed_at = event.created
    workspace = db.session.get(Workspace, account.workspace_id)
    workspace.plan = plans.plan_for_status(status).name
    return "applied"


def _remember_customer(account: BillingAccount, obj: dict) -> None:
    customer = _id_of(obj.get("customer"))
    if customer and not account.stripe_customer_id:
        account.stripe_customer_id = customer


def checkout_completed(account: BillingAccount, event: Event) -> str:
    obj = event.obj
    _remember_customer(account, obj)
    subscription_id = _id_of(obj.get("subscription"))
    if obj.get("mode") != "subscription" or not subscription_id:
        return "ignored"
    if _is_stale(account, event):
        return "stale"
    if account.stripe_subscription_id == subscription_id and account.status:
        return "applied"  # the subscription's own events already set its state
    paid = obj.get("payment_status") in ("paid", "no_payment_required")
    return _set_state(
        account,
        event,
        "active" if paid else "incomplete",
        stripe_subscription_id=subscription_id,
    )


def _period_end(subscription: dict) -> datetime | None:
    """current_period_end: on the subscription in older API versions, on its items since."""
    ends = [subscription.get("current_period_end")]
    ends += [
        item.get("current_period_end") for item in (subscription.get("items") or {}).get("data", [])
    ]
    found = [_timestamp(end) for end in ends if end is not None]
    return max(found) if found else None


def subscription_changed(account: BillingAccount, event: Event) -> str:
    obj = event.obj
    _remember_customer(account, obj)
    subscription_id = _id_of(obj.get("id"))
    if _is_stale(account, event):
        return "stale"
    status = "canceled" if event.type == "customer.subscription.deleted" else obj.get("status")
    if not isinstance(status, str):
        return "ignored"
    return _set_state(
        account,
        event,
        status,
        stripe_subscription_id=subscription_id,
        current_period_end=_period_end(obj),
        cancel_at_period_end=bool(obj.get("cancel_at_period_end")),
    )


def _invoice_subscription(invoice: dict) -> str | None:
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return _id_of(details.get("subscription")) or _id_of(invoice.get("subscription"))


def _invoice_period_end(invoice: dict) -> datetime | None:
    lines = (invoice.get("lines") or {}).get("data", [])
    ends = [_timestamp((line.get("period") or {}).get("end")) for line in lines]
    found = [end for end in ends if end is not None]
    return max(found) if found else None


def invoice_paid(account: BillingAccount, event: Event) -> str:
    obj = event.obj
    subscription_id = _invoice_subscription(obj)
    if not subscription_id:
        return "ignored"  # a one-off invoice changes no plan
    _remember_customer(account, obj)
    if _is_stale(account, event):
        return "stale"
    return _set_state(
        account,
        event,
        "active",
        stripe_subscription_id=subscription_id,
        current_period_end=_invoice_period_end(obj),
    )


def invoice_payment_failed(account: BillingAccount, event: Event) -> str:
    obj = event.obj
    subscription_id = _invoice_subscription(obj)
    if not subscription_id:
        return "ignored"
    _remember_customer(account, obj)
    if _is_stale(account, event):
        return "stale"
    # The first invoice failing leaves the subscription incomplete: Pro was never paid for.
    first = obj.get("billing_reason") == "subscription_create"
    status = "incomplete" if first and account.status not in plans.PAID_STATUSES else "past_due"
    return _set_state(account, event, status, stripe_subscription_id=subscription_id)


HANDLERS: dict[str, Callable[[BillingAccount, Event], str]] = {
    "checkout.session.completed": checkout_completed,
    "customer.subscription.created": subscription_changed,
    "customer.subscription.updated": subscription_changed,
    "customer.subscription.deleted": subscription_changed,
    "invoice.paid": invoice_paid,
    "invoice.payment_failed": invoice_payment_failed,
}
