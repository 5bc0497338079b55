"""Deleting stored zips: a deleted workspace's at once, and, from beat, those past their
plan's retention (the generation row stays and answers 410) and any a deleted workspace
left behind (a job that finished after the deletion, or a purge that failed).

Keys are content hashes shared by the generations of one workspace that produced the
same zip, so a key is deleted only when every generation using it has expired; the
workspace row stays locked meanwhile, so no new generation of that workspace can be
requested (and write the same key again) until the purge has committed.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.models import Generation, GenerationStatus, Workspace
from app.models.base import utcnow
from app.services import generation_rules, plans, storage

log = logging.getLogger(__name__)
ROOT = "workspaces/"


def workspace_prefix(workspace_id: uuid.UUID) -> str:
    return f"{ROOT}{workspace_id}/"


def purge_workspace(workspace_id: uuid.UUID) -> int:
    """Delete every stored zip of a (deleted) workspace; how many there were."""
    count = storage.artifact_store().delete_prefix(workspace_prefix(workspace_id))
    log.info("purged %s artifacts of deleted workspace %s", count, workspace_id)
    return count


def purge_orphans() -> int:
    """Delete the stored zips of workspaces that no longer exist."""
    store = storage.artifact_store()
    named: list[uuid.UUID] = []
    for name in store.children(ROOT):
        try:
            named.append(uuid.UUID(name))
        except ValueError:
            continue
    if not named:
        return 0
    existing = set(db.session.scalars(select(Workspace.id).where(Workspace.id.in_(named))))
    db.session.rollback()
    return sum(
        purge_workspace(workspace_id) for workspace_id in named if workspace_id not in existing
    )


def purge_expired(now: datetime | None = None) -> int:
    """Delete zips every generation of which is past its plan's retention; the rows keep
    their metadata (downloads answer 410). Returns how many zips were deleted."""
    now = now or utcnow()
    shortest = min(plan.artifact_days for plan in plans.PLANS.values())
    # A system-wide scan (the beat job), by design: workspaces with a candidate, oldest first.
    candidates = db.session.scalars(
        select(Generation.workspace_id)
        .where(
            Generation.status == GenerationStatus.SUCCEEDED,
            Generation.artifact_key.is_not(None),
            Generation.finished_at < now - timedelta(days=shortest),
        )
        .group_by(Generation.workspace_id)
        .limit(1000)
    ).all()
    db.session.rollback()
    return sum(_purge_expired_in(workspace_id, now) for workspace_id in candidates)


def _purge_expired_in(workspace_id: uuid.UUID, now: datetime) -> int:
    workspace = db.session.scalars(
        select(Workspace).where(Workspace.id == workspace_id).with_for_update()
    ).first()
    if workspace is None:
        db.session.rollback()
        return 0
    plan = generation_rules.plan_of(workspace)
    rows = db.session.scalars(
        select(Generation).where(
            Generation.workspace_id == workspace_id, Generation.artifact_key.is_not(None)
        )
    ).all()
    by_key: dict[str, list[Generation]] = defaultdict(list)
    for row in rows:
        by_key[row.artifact_key].append(row)
    active = set(
        db.session.scalars(
            select(Generation.genome_sha256).where(
                Generation.workspace_id == workspace_id,
                Generation.status.in_(generation_rules.ACTIVE),
            )
        )
    )
    expired = [
        key
        for key, users in by_key.items()
        if all(generation_rules.is_expired(row, plan, now) for row in users)
        and not any(row.genome_sha256 in active for row in users)
    ]
    store = storage.artifact_store()
    deleted = []
    for key in expired:
        try:
            store.delete(key)
        except storage.StorageError as error:
            log.warning("expired artifact %s stays for now: %s", key, error)
            continue
        deleted.append(key)
    if deleted:
        db.session.execute(
            update(Generation)
            .where(Generation.workspace_id == workspace_id, Generation.artifact_key.in_(deleted))
            .values(artifact_key=None)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    if deleted:
        log.info("purged %s expired artifacts of workspace %s", len(deleted), workspace_id)
    return len(deleted)


def purge() -> dict[str, int]:
    """The beat job: expired zips, then those of deleted workspaces."""
    return {"expired": purge_expired(), "orphaned": purge_orphans()}
