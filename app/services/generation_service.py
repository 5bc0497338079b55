"""Generations: request one (once per click or Idempotency-Key), run it in a worker,
serve its zip while the plan retains it, and rescue jobs a lost worker left behind.

Requests lock the workspace row, so the monthly limit, the Idempotency-Key and the
"same genome already queued" checks hold under concurrent submissions. The worker side
is idempotent: claiming, rendering and storing may happen twice, finishing only once.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.exc import SQLAlchemyError

from app.errors import ApiError
from app.extensions import db
from app.models import Generation, GenerationStatus, Membership, Project, Role, Workspace
from app.models.base import utcnow
from app.services import genome_service, genome_versions, plans, storage
from app.services.pagination import Page, paginate
from app.services.tenancy import Tenant, scoped

log = logging.getLogger(__name__)

ACTIVE = (GenerationStatus.QUEUED, GenerationStatus.RUNNING)
MAX_ATTEMPTS = 3
STUCK_GRACE = timedelta(seconds=30)
IDEMPOTENCY_KEY_MAX = 128


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


# Requests (web side)


def _lock_workspace(tenant: Tenant) -> None:
    db.session.execute(
        select(Workspace.id).where(Workspace.id == tenant.workspace.id).with_for_update()
    )


def _check_plan(tenant: Tenant, checked: genome_service.CheckedGenome, now: datetime) -> None:
    _check_content(tenant, checked)
    _check_quota(tenant, now)


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
        enqueue(generation.id, generation.task_id)
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


def enqueue(generation_id: uuid.UUID, task_id: str | None) -> bool:
    """Send the job to the broker, after the row is committed; False when it could not be
    sent. A broker that is down loses nothing: the row stays queued, marked unsent
    (enqueued_at cleared), and the sweeper sends it on its next pass once Redis is back."""
    from app.tasks.generation import generate_codebase

    try:
        generate_codebase.apply_async(
            args=[str(generation_id)],
            task_id=task_id,
            queue=current_app.config.get("GENERATION_QUEUE") or None,
            # The row holds the outcome; waiting on a result store would also block on Redis.
            ignore_result=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        )
    except Exception as error:  # pylint: disable=broad-exception-caught
        if current_app.config.get("CELERY_TASK_ALWAYS_EAGER"):
            raise
        log.warning("generation %s not sent to the broker yet: %s", generation_id, error)
        _mark_unsent(generation_id)
        return False
    return True


def _mark_unsent(generation_id: uuid.UUID) -> None:
    try:
        db.session.execute(
            update(Generation)
            .where(Generation.id == generation_id, Generation.status == GenerationStatus.QUEUED)
            .values(enqueued_at=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    except SQLAlchemyError:
        # Then its enqueued_at stays, and the sweeper re-sends it after GENERATION_REQUEUE_SECONDS.
        db.session.rollback()
        log.exception("generation %s could not be marked unsent", generation_id)


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


# The job (worker side). The worker knows only the generation id, so these read by
# primary key; every web-facing read above goes through the tenant.


@dataclass(frozen=True, slots=True)
class Claim:
    generation_id: uuid.UUID
    workspace_id: uuid.UUID
    project_id: uuid.UUID
    lineage: tuple[int, ...]
    slug: str
    genome_yaml: str
    genome_sha256: str
    generator_version: str


@dataclass(frozen=True, slots=True)
class Artifact:
    key: str
    size: int
    sha256: str
    file_count: int
    reused_from_id: uuid.UUID | None = None


def claim(generation_id: uuid.UUID, task_id: str | None = None) -> Claim | None:
    """Mark the generation running; None when it is gone or already finished.

    A running one is claimed again: that is a redelivery after its worker was lost, or a
    duplicate; both render the same bytes and only the first to finish records them.
    """
    generation = db.session.get(Generation, generation_id, with_for_update=True)
    if generation is None or generation.status.finished:
        db.session.rollback()
        return None
    generation.status = GenerationStatus.RUNNING
    generation.started_at = utcnow()
    generation.attempts += 1
    generation.task_id = task_id or generation.task_id
    found = Claim(
        generation_id=generation.id,
        workspace_id=generation.workspace_id,
        project_id=generation.project_id,
        lineage=tuple(generation.lineage or ()),
        slug=generation.project_slug,
        genome_yaml=generation.genome_yaml,
        genome_sha256=generation.genome_sha256,
        generator_version=genome_service.generator_version(),
    )
    db.session.commit()
    return found


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


def reusable_artifact(job: Claim) -> Artifact | None:
    """A stored zip of the same genome and generator version in the same workspace."""
    earlier = earlier_artifact(
        job.workspace_id,
        job.genome_sha256,
        job.generator_version,
        job.generation_id,
        project_id=job.project_id,
        lineage=job.lineage,
    )
    if earlier is None:
        return None
    return Artifact(
        key=earlier.artifact_key or "",
        size=earlier.size_bytes or 0,
        sha256=earlier.sha256 or "",
        file_count=earlier.file_count or 0,
        reused_from_id=earlier.reused_from_id or earlier.id,
    )


def build_artifact(job: Claim) -> tuple[bytes, int]:
    """Render and zip the snapshot: (zip bytes, file count). Raises ApiError when the
    genome cannot be generated by this version."""
    from app.codegen.archive import archive
    from app.services import generation_trees

    checked = genome_service.check(job.genome_yaml)
    genome_service.check_generatable(checked)
    generation = db.session.get(Generation, job.generation_id)
    if generation is None:
        raise ApiError(404, "not_found", "This generation was deleted while it ran.")
    files = generation_trees.render_files(generation, checked, job.generator_version)
    return archive(files, checked.genome.slug), len(files)


def store_artifact(job: Claim, data: bytes, file_count: int) -> Artifact:
    """Store the zip under its content hash: a second run writes the same object."""
    digest = hashlib.sha256(data).hexdigest()
    key = f"workspaces/{job.workspace_id}/{digest}.zip"
    stored = storage.artifact_store().put(key, data)
    return Artifact(key=key, size=stored.size, sha256=digest, file_count=file_count)


def finish(job: Claim, artifact: Artifact) -> bool:
    """Record success once; False when another run (or the sweeper) finished it first."""
    result = db.session.execute(
        update(Generation)
        .where(Generation.id == job.generation_id, Generation.status.in_(ACTIVE))
        .values(
            status=GenerationStatus.SUCCEEDED,
            artifact_key=artifact.key,
            size_bytes=artifact.size,
            sha256=artifact.sha256,
            file_count=artifact.file_count,
            reused_from_id=artifact.reused_from_id,
            generator_version=job.generator_version,
            error_code=None,
            error_message=None,
            finished_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def fail(generation_id: uuid.UUID, code: str, message: str) -> bool:
    """Record failure with its reason, unless the generation already finished."""
    db.session.rollback()
    result = db.session.execute(
        update(Generation)
        .where(Generation.id == generation_id, Generation.status.in_(ACTIVE))
        .values(
            status=GenerationStatus.FAILED,
            error_code=code,
            error_message=message,
            finished_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def run(generation_id: uuid.UUID, task_id: str | None = None) -> str:
    """The job: claim, reuse or render, store, finish. Returns the outcome for the logs.

    StorageError propagates so that the task retries with backoff.
    """
    job = claim(generation_id, task_id)
    if job is None:
        return "skipped"
    artifact = reusable_artifact(job)
    if artifact is None:
        try:
            data, file_count = build_artifact(job)
        except ApiError as error:
            fail(job.generation_id, error.code, error.message)
            return "failed"
        except SoftTimeLimitExceeded:
            raise
        except Exception:  # pylint: disable=broad-exception-caught
            # A bug of the generator, not of the genome: never leave the job running.
            log.exception("generation %s: the generator failed", job.generation_id)
            fail(
                job.generation_id,
                "generator_error",
                "The generator failed on this genome; we have logged the error. "
                "Try again later, or contact support if it keeps failing.",
            )
            return "failed"
        artifact = store_artifact(job, data, file_count)
    return "succeeded" if finish(job, artifact) else "already finished"


# The sweeper (beat)


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Requeue jobs stuck running past the time limit (or fail them after MAX_ATTEMPTS
    tries), send jobs whose message never reached the broker, and re-send jobs queued so
    long their message was probably lost."""
    now = now or utcnow()
    config = current_app.config
    running_limit = timedelta(seconds=int(config["CELERY_TIME_LIMIT"])) + STUCK_GRACE
    queued_limit = timedelta(seconds=int(config.get("GENERATION_REQUEUE_SECONDS", 600)))
    # A system-wide scan: the one query over every workspace, by design.
    stuck = db.session.scalars(
        select(Generation)
        .where(
            (
                (Generation.status == GenerationStatus.RUNNING)
                & (Generation.started_at < now - running_limit)
            )
            | (
                (Generation.status == GenerationStatus.QUEUED)
                & (Generation.enqueued_at.is_(None) | (Generation.enqueued_at < now - queued_limit))
            )
        )
        .with_for_update(skip_locked=True)
        .limit(500)
    ).all()
    counts = {"requeued": 0, "failed": 0, "resent": 0, "sent": 0}
    send: list[tuple[uuid.UUID, str | None]] = []
    for generation in stuck:
        if generation.status == GenerationStatus.RUNNING and generation.attempts >= MAX_ATTEMPTS:
            generation.status = GenerationStatus.FAILED
            generation.error_code = "timed_out"
            generation.error_message = (
                f"The job did not finish within {int(running_limit.total_seconds())} seconds "
                f"in {generation.attempts} attempts; its worker stopped or the genome is too "
                "large. Try again, or contact support if it keeps happening."
            )
            generation.finished_at = now
            counts["failed"] += 1
            continue
        if generation.status == GenerationStatus.RUNNING:
            counts["requeued"] += 1
        else:
            counts["sent" if generation.enqueued_at is None else "resent"] += 1
        generation.status = GenerationStatus.QUEUED
        generation.enqueued_at = now
        send.append((generation.id, generation.task_id))
    db.session.commit()
    for generation_id, task_id in send:
        enqueue(generation_id, task_id)
    if any(counts.values()):
        log.warning("generation sweep: %s", counts)
    return counts
