"""Genome versions: every saved genome of a project, kept and numbered 1, 2, ... per project.

A project's `genome_yaml` is always its newest version. Generations record the version
they were made from, and the lineage of earlier versions their migrations build on.
"""

from __future__ import annotations

import difflib
import uuid

from sqlalchemy import func, select

from app.errors import ApiError
from app.extensions import db
from app.genome import problems_payload
from app.models import Generation, GenerationStatus, GenomeVersion, Project
from app.services import genome_service
from app.services.pagination import Page, paginate
from app.services.tenancy import Tenant


def record(project: Project, user_id: uuid.UUID | None) -> GenomeVersion | None:
    """A new version holding the project's genome, unless its newest version already says
    exactly that text (or it has no genome). The caller holds the project row locked (or
    just created it) and commits."""
    text = project.genome_yaml
    if not text:
        return None
    newest = newest_of(project)
    if newest is not None and newest.genome_yaml == text:
        return newest
    version = GenomeVersion(
        workspace_id=project.workspace_id,
        project_id=project.id,
        number=(newest.number if newest is not None else 0) + 1,
        genome_yaml=text,
        created_by_id=user_id,
    )
    db.session.add(version)
    db.session.flush()
    return version


def newest_of(project: Project) -> GenomeVersion | None:
    if project.id is None:
        return None
    statement = (
        select(GenomeVersion)
        .where(
            GenomeVersion.workspace_id == project.workspace_id,
            GenomeVersion.project_id == project.id,
        )
        .order_by(GenomeVersion.number.desc())
        .limit(1)
    )
    return db.session.scalars(statement).first()


def list_versions(
    tenant: Tenant, project_id: uuid.UUID, page: int = 1, per_page: int = 20
) -> Page[GenomeVersion]:
    """The project's versions, newest first."""
    project = tenant.get_or_404(Project, project_id)
    statement = (
        tenant.scoped(GenomeVersion)
        .where(GenomeVersion.project_id == project.id)
        .order_by(GenomeVersion.number.desc())
    )
    return paginate(statement, page, per_page)


def count(tenant: Tenant, project_id: uuid.UUID) -> int:
    statement = select(func.count()).where(
        GenomeVersion.workspace_id == tenant.workspace.id,
        GenomeVersion.project_id == project_id,
    )
    return db.session.scalar(statement) or 0


def get(tenant: Tenant, project_id: uuid.UUID, number: int) -> GenomeVersion:
    """Version `number` of the tenant's project; 404 when either does not exist."""
    project = tenant.get_or_404(Project, project_id)
    version = db.session.scalars(
        tenant.scoped(GenomeVersion).where(
            GenomeVersion.project_id == project.id, GenomeVersion.number == number
        )
    ).first()
    if version is None:
        raise ApiError(404, "not_found", f"This project has no genome version {number}.")
    return version


def unified_diff(base: GenomeVersion, version: GenomeVersion) -> str:
    """The YAML of `base` to that of `version` as a unified diff ("" when equal)."""
    lines = difflib.unified_diff(
        _lines(base.genome_yaml),
        _lines(version.genome_yaml),
        fromfile=f"genome v{base.number}",
        tofile=f"genome v{version.number}",
    )
    return "".join(lines)


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def compare(tenant: Tenant, project_id: uuid.UUID, number: int, base: int) -> str:
    return unified_diff(get(tenant, project_id, base), get(tenant, project_id, number))


# Generations


def latest_generated(project: Project, before: Generation | None = None) -> Generation | None:
    """The project's newest succeeded generation (requested before `before`, when given)."""
    statement = select(Generation).where(
        Generation.workspace_id == project.workspace_id,
        Generation.project_id == project.id,
        Generation.status == GenerationStatus.SUCCEEDED,
    )
    if before is not None:
        statement = statement.where(
            (Generation.created_at < before.created_at)
            | ((Generation.created_at == before.created_at) & (Generation.id < before.id))
        )
    statement = statement.order_by(Generation.created_at.desc(), Generation.id.desc()).limit(1)
    return db.session.scalars(statement).first()


def lineage_after(previous: Generation | None, number: int | None) -> list[int]:
    """The earlier versions a new generation of version `number` builds its migrations
    on: the lineage of the project's newest succeeded generation, then that generation's
    own version; oldest first, no version twice in a row, and not ending with `number`
    itself. Following the newest generation's own lineage keeps the revisions a user
    already has unchanged."""
    if previous is None:
        return []
    lineage = [int(item) for item in previous.lineage or []]
    if previous.genome_version is not None and (
        not lineage or lineage[-1] != previous.genome_version.number
    ):
        lineage.append(previous.genome_version.number)
    if lineage and lineage[-1] == number:
        lineage.pop()
    return lineage


def versions_numbered(
    project_id: uuid.UUID, workspace_id: uuid.UUID, numbers: list[int]
) -> list[GenomeVersion]:
    """The versions of one project with these numbers, in the order asked."""
    if not numbers:
        return []
    found = {
        version.number: version
        for version in db.session.scalars(
            select(GenomeVersion).where(
                GenomeVersion.workspace_id == workspace_id,
                GenomeVersion.project_id == project_id,
                GenomeVersion.number.in_(set(numbers)),
            )
        )
    }
    missing = [number for number in numbers if number not in found]
    if missing:
        raise ApiError(
            409,
            "conflict",
            f"Genome version {missing[0]}, which an earlier generation was made from, is gone.",
        )
    return [found[number] for number in numbers]


def check_evolution(checked: genome_service.CheckedGenome, previous: Generation | None) -> None:
    """422 `invalid_genome` when `checked` cannot follow the genome of the project's newest
    generation (e.g. a new required field without a default on a table that has rows, a
    `renamed_from` naming nothing of that version), each problem with its line."""
    problems_of = _evolution_problems()
    if previous is None or problems_of is None or previous.genome_yaml == checked.text:
        return
    try:
        base = genome_service.check(previous.genome_yaml).genome
    except ApiError:
        return  # an old genome this version no longer reads: nothing to compare with
    problems = list(problems_of(base, checked.genome))
    if problems:
        payload = problems_payload(problems)
        lines = genome_service.lines_of(checked.text, [item["path"] for item in payload["details"]])
        details = [
            {**item, "line": line} for item, line in zip(payload["details"], lines, strict=True)
        ]
        raise ApiError(422, "invalid_genome", payload["message"], details)


def _evolution_problems():
    """The generator's `evolution_problems(base, new)`, or None while it has none."""
    try:
        from app.genome.evolution import evolution_problems
    except ImportError:
        return None
    return evolution_problems
