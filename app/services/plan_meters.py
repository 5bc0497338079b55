"""What a workspace's plan allows next to what it has used, for the pages where people act:
usage meters, and the reasons an action is not available yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import Project, Workspace
from app.models.base import utcnow
from app.services import billing_service, generation_rules, plans


@dataclass(frozen=True, slots=True)
class Meter:
    key: str
    label: str
    used: int
    limit: int | None  # None: unlimited
    note: str = ""

    @property
    def full(self) -> bool:
        return self.limit is not None and self.used >= self.limit

    @property
    def percent(self) -> int:
        if self.limit is None or self.limit == 0:
            return 0
        return min(100, round(100 * self.used / self.limit))

    @property
    def text(self) -> str:
        return f"{self.used} of {self.limit}" if self.limit is not None else f"{self.used}"


@dataclass(frozen=True, slots=True)
class PlanView:
    """The plan of a workspace as the pages present it."""

    plan: plans.Plan
    meters: tuple[Meter, ...]
    billing_configured: bool
    next_month: datetime

    @property
    def pro(self) -> plans.Plan:
        return plans.PRO

    def meter(self, key: str) -> Meter:
        return next(meter for meter in self.meters if meter.key == key)

    @property
    def is_free(self) -> bool:
        return self.plan.name == plans.FREE.name

    def offers(self, feature: str) -> bool:
        return feature in self.plan.features


def next_month_start(now: datetime) -> datetime:
    start = generation_rules.month_start(now)
    return (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )


def count_projects(workspace: Workspace) -> int:
    statement = select(func.count()).where(Project.workspace_id == workspace.id)
    return db.session.scalar(statement) or 0


def plan_view(workspace: Workspace, now: datetime | None = None) -> PlanView:
    moment = now or utcnow()
    plan = plans.effective_plan(workspace, moment)
    generations = Meter(
        "generations_this_month",
        "Generations this month",
        generation_rules.generations_this_month(workspace, moment),
        plan.generations_per_month,
        "counted over every free workspace the owner owns" if plan.name == "free" else "",
    )
    projects = Meter("projects", "Projects", count_projects(workspace), None)
    members = Meter("members", "Members", plans.count_members(workspace, moment), plan.max_members)
    return PlanView(
        plan=plan,
        meters=(generations, projects, members),
        billing_configured=billing_service.configured(),
        next_month=next_month_start(moment),
    )
