"""The plans Helix sells, defined in this one place, and the limits they set."""

from __future__ import annotations

from dataclasses import dataclass


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
