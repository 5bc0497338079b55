"""The plans Helix sells, defined in this one place, the limits they set, and which plan
a workspace is on right now (a past_due subscription keeps Pro for a grace period)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from app.errors import ApiError
from app.extensions import db
from app.models import BillingAccount, Membership, Workspace
from app.models.base import utcnow


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    title: str
    generations_per_month: int | None  # None: unlimited
    max_entities: int
    features: frozenset[str]  # genome features a generated project may use
    max_members: int | None  # None: unlimited
    artifact_days: int


FREE = Plan(
    name="free",
    title="Free",
    generations_per_month=3,
    max_entities=8,
    features=frozenset(),
    max_members=3,
    artifact_days=7,
)
PRO = Plan(
    name="pro",
    title="Pro",
    generations_per_month=None,
    max_entities=60,
    features=frozenset({"billing", "async_jobs"}),
    max_members=None,
    artifact_days=90,
)
PLANS = {plan.name: plan for plan in (FREE, PRO)}
UPGRADE_HINT = "Upgrade to Pro on the billing page to lift it."


def plan_named(name: str | None) -> Plan:
    """The plan called `name`; anything unknown is the free plan."""
    return PLANS.get(name or "free", FREE)


# Stripe subscription statuses under which a workspace keeps what it paid for. past_due
# keeps Pro only for the grace period (BILLING_GRACE_DAYS), counted from the first failure.
PAID_STATUSES = frozenset({"active", "trialing", "past_due"})


def plan_for_status(status: str | None) -> Plan:
    """The plan a subscription in `status` pays for, before any grace period runs out."""
    return PRO if status in PAID_STATUSES else FREE


def grace_period() -> timedelta:
    return timedelta(days=int(current_app.config["BILLING_GRACE_DAYS"]))


def effective_plan(workspace: Workspace, now: datetime | None = None) -> Plan:
    """The plan whose limits apply to `workspace` at `now`: past_due beyond grace is free."""
    plan = plan_named(workspace.plan)
    if plan is FREE:
        return FREE
    account = db.session.get(BillingAccount, workspace.id)
    if account is None or account.status != "past_due" or account.past_due_since is None:
        return plan
    return FREE if (now or utcnow()) >= account.past_due_since + grace_period() else plan


def limits_json(plan: Plan) -> dict[str, object]:
    """A plan's limits for clients; null means unlimited."""
    return {
        "generations_per_month": plan.generations_per_month,
        "max_entities": plan.max_entities,
        "max_members": plan.max_members,
        "artifact_days": plan.artifact_days,
        "features": sorted(plan.features),
    }


def plan_limit_reached(what: str) -> ApiError:
    """403 naming the limit reached and how to lift it."""
    return ApiError(403, "plan_limit_reached", f"{what} {UPGRADE_HINT}")


def check_member_seat(workspace: Workspace, members: int, now: datetime | None = None) -> None:
    """403 unless `workspace` has room for one more member besides its `members`."""
    plan = effective_plan(workspace, now)
    if plan.max_members is not None and members >= plan.max_members:
        raise plan_limit_reached(
            f"The {plan.title} plan allows {plan.max_members} members per workspace "
            f"and this workspace has {members}."
        )


# What a workspace has used, by name, for the billing page. Services that own a limited
# resource register a counter here (e.g. generations this calendar month).
UsageCounter = Callable[[Workspace, datetime], int]
USAGE_COUNTERS: dict[str, UsageCounter] = {}


def counts_usage(name: str) -> Callable[[UsageCounter], UsageCounter]:
    def register(counter: UsageCounter) -> UsageCounter:
        USAGE_COUNTERS[name] = counter
        return counter

    return register


@counts_usage("members")
def count_members(workspace: Workspace, now: datetime) -> int:
    del now
    statement = select(func.count()).where(Membership.workspace_id == workspace.id)
    return db.session.scalar(statement) or 0


def usage_of(workspace: Workspace, now: datetime | None = None) -> dict[str, int]:
    moment = now or utcnow()
    return {name: counter(workspace, moment) for name, counter in sorted(USAGE_COUNTERS.items())}
