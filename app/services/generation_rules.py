"""What every side of a generation agrees on: the statuses still in flight, the plan that
applies to a workspace, its monthly quota, how long its zips are kept, and which earlier
zip of the same genome a new generation may reuse.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Generation, GenerationStatus, Membership, Role, Workspace
from app.models.base import utcnow
from app.services import plans, storage
from app.services.tenancy import scoped

ACTIVE = (GenerationStatus.QUEUED, GenerationStatus.RUNNING)


def plan_of(workspace: Workspace) -> plans.Plan:
    """The plan whose limits apply now (billing's effective plan when it exists)."""
    effective = getattr(plans, "effective_plan", None)
    return effective(workspace) if effective is not None else plans.plan_named(workspace.plan)


def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def quota_owner_id(workspace: Workspace) -> uuid.UUID | None:
    """The account whose free quota `workspace` spends: its (first) owner's."""
    statement = (
        select(Membership.user_id)
        .where(Membership.workspace_id == workspace.id, Membership.role == Role.OWNER)
        .order_by(Membership.created_at)
        .limit(1)
    )
    return db.session.scalar(statement)


def quota_workspace_ids(workspace: Workspace):
    """The workspaces that share `workspace`'s monthly quota: every free workspace its
    owner owns (so a new workspace does not reset it); a paid one counts alone."""
    owner = quota_owner_id(workspace)
    if owner is None or workspace.plan != plans.FREE.name:
        return select(Workspace.id).where(Workspace.id == workspace.id)
    return (
        select(Membership.workspace_id)
        .join(Workspace, Workspace.id == Membership.workspace_id)
        .where(
            Membership.user_id == owner,
            Membership.role == Role.OWNER,
            Workspace.plan == plans.FREE.name,
        )
    )


def generations_this_month(workspace: Workspace, now: datetime) -> int:
    """Generations that count against the plan this calendar month (UTC): not failed, not
    a reuse of an earlier zip, in any workspace sharing the quota (quota_workspace_ids)."""
    statement = select(func.count()).where(
        Generation.workspace_id.in_(quota_workspace_ids(workspace)),
        Generation.created_at >= month_start(now),
        Generation.status != GenerationStatus.FAILED,
        Generation.reused_from_id.is_(None),
    )
    return db.session.scalar(statement) or 0


if hasattr(plans, "counts_usage"):
    plans.counts_usage("generations_this_month")(generations_this_month)


def expires_at(generation: Generation, plan: plans.Plan) -> datetime | None:
    if generation.finished_at is None or generation.status != GenerationStatus.SUCCEEDED:
        return None
    return generation.finished_at + timedelta(days=plan.artifact_days)


def is_expired(generation: Generation, plan: plans.Plan, now: datetime | None = None) -> bool:
    ends = expires_at(generation, plan)
    return ends is not None and (now or utcnow()) >= ends


def earlier_artifact(
    workspace: Workspace | uuid.UUID,
    genome_sha: str,
    version: str,
    exclude_id: uuid.UUID | None = None,
    *,
    project_id: uuid.UUID,
    lineage: list[int] | tuple[int, ...],
) -> Generation | None:
    """The newest stored, unexpired zip of the same genome, generator version and lineage
    in the workspace, or None. A lineage is a project's own: with one, only the same
    project's zips qualify; without, any project's first-generation zip does."""
    statement = scoped(Generation, workspace).where(
        Generation.genome_sha256 == genome_sha,
        Generation.generator_version == version,
        Generation.status == GenerationStatus.SUCCEEDED,
        Generation.artifact_key.is_not(None),
        Generation.lineage == list(lineage),
    )
    if lineage:
        statement = statement.where(Generation.project_id == project_id)
    if exclude_id is not None:
        statement = statement.where(Generation.id != exclude_id)
    earlier = db.session.scalars(statement.order_by(Generation.finished_at.desc()).limit(1)).first()
    if earlier is None:
        return None
    owner = workspace if isinstance(workspace, Workspace) else db.session.get(Workspace, workspace)
    if owner is None or is_expired(earlier, plan_of(owner)):
        return None
    if not storage.artifact_store().exists(earlier.artifact_key):
        return None
    return earlier
