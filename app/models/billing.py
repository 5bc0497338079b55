"""Billing state of a workspace (its Stripe customer and subscription) and the Stripe
events already processed, so that each is applied once."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import CreatedMixin, timestamp, utcnow


class BillingAccount(CreatedMixin, db.Model):
    """One per workspace, made on first need. Tenant-owned: scoped by workspace_id."""

    __tablename__ = "billing_accounts"

    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    stripe_customer_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    stripe_subscription_id: Mapped[str | None] = mapped_column(String(255), index=True)
    # Stripe's subscription status (active, trialing, past_due, canceled, ...); None: never paid.
    status: Mapped[str | None] = mapped_column(String(32))
    current_period_end: Mapped[datetime | None] = timestamp()
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, default=False)
    past_due_since: Mapped[datetime | None] = timestamp()
    # `created` of the newest Stripe event applied: an older event never overwrites newer state.
    state_changed_at: Mapped[datetime | None] = timestamp()
    updated_at: Mapped[datetime] = timestamp(nullable=False, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<BillingAccount {self.workspace_id} {self.status}>"


class StripeEvent(db.Model):
    """A Stripe event id seen once; inserted in the same transaction as the event's effect."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    created: Mapped[datetime] = timestamp(nullable=False)
    workspace_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="SET NULL"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(32), default="applied")
    received_at: Mapped[datetime] = timestamp(nullable=False, default=utcnow)
