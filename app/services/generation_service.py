"""Generations, web side: request one (once per click or Idempotency-Key), list them, and
serve a zip while the plan retains it.

Requests lock the workspace row, so the monthly limit, the Idempotency-Key and the
"same genome already queued" checks hold under concurrent submissions. The job that
renders a generation is app.services.generation_job; the sweeper that rescues jobs a
lost worker left behind is app.services.generation_sweeper.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on

from app.errors import ApiError
from app.extensions import db
from app.models import Generation, GenerationStatus, Project, Workspace
from app.models.base import utcnow
from app.services import generation_queue, genome_service, genome_versions, plans, storage
from app.services.generation_rules import (
    ACTIVE,
    earlier_artifact,
    generations_this_month,
    is_expired,
    plan_of,
)
from app.services.pagination import Page, paginate
from app.services.tenancy import Tenant

IDEMPOTENCY_KEY_MAX = 128


# Requests


def _lock_workspace(tenant: Tenant) -> None:
    db.session.execute(
        select(Workspace.id).where(Workspace.id == tenant.workspace.id).with_for_update()
    )


def _check_content(tenant: Tenant, checked: genome_service.CheckedGenome) -> None:
    """403 when the genome needs more than the plan offers (entities, Pro features)."""
    plan = plan_of(tenant.workspace)
    genome = checked.genome
    if len(genome.entities) > plan.max_entities:
        raise _limit(
            f"This genome has {len(genome.entities)} entities; the {plan.title} plan allows "
            f"{plan.max_entities} entities per project."
        )
    for feature in ("billing", "async_jobs"):
        if getattr(genome.features, feature) and feature not in plan.features:
            raise _limit(
                f"This genome turns on features.{feature}, which the {plan.title} plan "
                "does not include."
            )


def _check_quota(tenant: Tenant, now: datetime) -> None:
    plan = plan_of(tenant.workspace)
    if plan.generations_per_month is not None:
        used = generations_this_month(tenant.workspace, now)
        if used >= plan.generations_per_month:
            raise _limit(
                f"This account has used {used} of the {plan.generations_per_month} "
                f"generations per month of the {plan.title} plan (counted over the free "
                "workspaces its owner owns)."
            )


def _limit(message: str) -> ApiError:
    return ApiError(403, "plan_limit_reached", f"{message} {plans.UPGRADE_HINT}")


def _check_key(key: str | None) -> str | None:
    if key is None or key == "":
        return None
    if len(key) > IDEMPOTENCY_KEY_MAX or not key.isprintable():
        raise ApiError(
            422,
            "validation_error",
            f"The Idempotency-Key header must be printable and at most "
            f"{IDEMPOTENCY_KEY_MAX} characters.",
        )
    return key


def request_generation(
    tenant: Tenant, project_id: uuid.UUID, idempotency_key: str | None = None
) -> tuple[Generation, bool]:
    """Queue a generation of the project's genome; (generation, created).

    A repeated Idempotency-Key, or the same genome already queued or running, answers
    with the existing generation instead of a new one. Nothing is queued on 422 or 403.
    """
    key = _check_key(idempotency_key)
    now = utcnow()
    _lock_workspace(tenant)
    project = tenant.get_or_404(Project, project_id, for_update=True)
    if key is not None:
        existing = db.session.scalars(
            tenant.scoped(Generation).where(
                Generation.project_id == project.id, Generation.idempotency_key == key
            )
        ).first()
        if existing is not None:
            db.session.commit()
            return existing, False
    if not project.genome_yaml:
        raise ApiError(
            422,
            "invalid_genome",
            "This project has no genome yet; draft or paste one on its review page first.",
            [],
        )
    checked = genome_service.check(project.genome_yaml)
    genome_service.check_generatable(checked)
    previous = genome_versions.latest_generated(project)
    genome_versions.check_evolution(checked, previous)
    genome_sha = genome_service.sha256_of(checked)
    active = db.session.scalars(
        tenant.scoped(Generation).where(
            Generation.project_id == project.id,
            Generation.genome_sha256 == genome_sha,
            Generation.status.in_(ACTIVE),
        )
    ).first()
    if active is not None:
        db.session.commit()
        return active, False
    _check_content(tenant, checked)
    version = genome_versions.record(project, tenant.user.id)
    lineage = genome_versions.lineage_after(previous, version.number if version else None)
    earlier = earlier_artifact(
        tenant.workspace,
        genome_sha,
        genome_service.generator_version(),
        project_id=project.id,
        lineage=lineage,
    )
    if earlier is None:
        _check_quota(tenant, now)
    generation = Generation(
        workspace_id=tenant.workspace.id,
        project_id=project.id,
        project_slug=checked.genome.slug,
        genome_yaml=checked.text,
        genome_sha256=genome_sha,
        generator_version=genome_service.generator_version(),
        genome_version_id=version.id if version else None,
        lineage=lineage,
        status=GenerationStatus.QUEUED,
        task_id=str(uuid.uuid4()),
        attempts=0,
        idempotency_key=key,
        requested_by_id=tenant.user.id,
        enqueued_at=now,
        created_at=now,
    )
    if earlier is not None:
        _reuse(generation, earlier, now)
    db.session.add(generation)
    db.session.commit()
    if earlier is None:
        generation_queue.enqueue(generation.id, generation.task_id)
    return generation, True


def _reuse(generation: Generation, earlier: Generation, now: datetime) -> None:
    """Finish `generation` at once with `earlier`'s zip: same genome, same generator."""
    generation.status = GenerationStatus.SUCCEEDED
    generation.artifact_key = earlier.artifact_key
    generation.size_bytes = earlier.size_bytes
    generation.sha256 = earlier.sha256
    generation.file_count = earlier.file_count
    generation.reused_from_id = earlier.reused_from_id or earlier.id
    generation.started_at = now
    generation.finished_at = now


def list_for_project(
    tenant: Tenant, project_id: uuid.UUID, page: int = 1, per_page: int = 20
) -> Page[Generation]:
    project = tenant.get_or_404(Project, project_id)
    statement = (
        tenant.scoped(Generation)
        .where(Generation.project_id == project.id)
        .order_by(Generation.created_at.desc(), Generation.id.desc())
    )
    return paginate(statement, page, per_page)


def recent(tenant: Tenant, limit: int = 10) -> list[Generation]:
    statement = (
        tenant.scoped(Generation)
        .order_by(Generation.created_at.desc(), Generation.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(statement))


def latest_per_project(tenant: Tenant, project_ids: list[uuid.UUID]) -> dict[uuid.UUID, Generation]:
    """The newest generation of each of `project_ids`, by project id (one query)."""
    if not project_ids:
        return {}
    statement = (
        tenant.scoped(Generation)
        .where(Generation.project_id.in_(project_ids))
        .ext(distinct_on(Generation.project_id))
        .order_by(Generation.project_id, Generation.created_at.desc(), Generation.id.desc())
    )
    return {generation.project_id: generation for generation in db.session.scalars(statement)}


def get(tenant: Tenant, generation_id: uuid.UUID) -> Generation:
    return tenant.get_or_404(Generation, generation_id)


# Downloads


@dataclass(frozen=True, slots=True)
class Download:
    filename: str
    etag: str
    size: int
    path: Path | None = None  # stream this file (local storage)
    redirect_url: str | None = None  # or send the client here (S3)
    chunks: Iterator[bytes] | None = None  # or stream these


def filename_of(generation: Generation) -> str:
    day = (generation.finished_at or generation.created_at).strftime("%Y%m%d")
    return f"{generation.project_slug}-{day}-{(generation.sha256 or '')[:8]}.zip"


def regenerate_details(generation: Generation) -> dict:
    return {
        "action": "regenerate",
        "method": "POST",
        "url": f"/api/v1/workspaces/{generation.workspace_id}/projects/"
        f"{generation.project_id}/generations",
    }


def download(tenant: Tenant, generation_id: uuid.UUID, now: datetime | None = None) -> Download:
    """How to serve the zip: 409 while not ready, 410 once the plan no longer keeps it."""
    generation = tenant.get_or_404(Generation, generation_id)
    if generation.status != GenerationStatus.SUCCEEDED:
        reason = (
            f"it failed: {generation.error_message}"
            if generation.status == GenerationStatus.FAILED
            else f"it is still {generation.status.value}"
        )
        raise ApiError(409, "conflict", f"This generation has no download: {reason}.")
    plan = plan_of(tenant.workspace)
    store = storage.artifact_store()
    # No key: the retention job deleted the zip (the row stays to say so).
    key = generation.artifact_key
    if not key or is_expired(generation, plan, now) or not store.exists(key):
        raise ApiError(
            410,
            "gone",
            f"This download has expired: the {plan.title} plan keeps artifacts for "
            f"{plan.artifact_days} days. Generate the project again to get a fresh one.",
            regenerate_details(generation),
        )
    filename = filename_of(generation)
    common = {"filename": filename, "etag": generation.sha256 or "", "size": generation.size_bytes}
    url = store.presigned_url(key, filename)
    if url is not None:
        return Download(**common, redirect_url=url)
    path = store.local_path(key)
    if path is not None:
        return Download(**common, path=path)
    return Download(**common, chunks=store.open(key))
