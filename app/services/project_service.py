"""Projects of a workspace: create, read, update, delete; every query through the tenant."""

from __future__ import annotations

import logging
import uuid

from app.extensions import db
from app.models import Generation, Project
from app.services import genome_service, genome_versions, storage
from app.services.pagination import Page, paginate
from app.services.tenancy import Tenant

UNSET = object()
log = logging.getLogger(__name__)


def list_projects(tenant: Tenant, page: int = 1, per_page: int = 20) -> Page[Project]:
    statement = tenant.scoped(Project).order_by(Project.updated_at.desc(), Project.id)
    return paginate(statement, page, per_page)


def get(tenant: Tenant, project_id: uuid.UUID) -> Project:
    return tenant.get_or_404(Project, project_id)


def create(
    tenant: Tenant, name: str, description: str = "", genome_text: str | None = None
) -> Project:
    """A new project; its genome, when given, must be valid (422 `invalid_genome`)."""
    if genome_text is not None:
        genome_text = genome_service.check(genome_text).text
    project = Project(
        workspace_id=tenant.workspace.id,
        name=name,
        description=description or "",
        genome_yaml=genome_text,
        created_by_id=tenant.user.id,
    )
    db.session.add(project)
    db.session.flush()
    genome_versions.record(project, tenant.user.id)
    db.session.commit()
    return project


def update(
    tenant: Tenant,
    project_id: uuid.UUID,
    *,
    name: object = UNSET,
    description: object = UNSET,
    genome_text: object = UNSET,
) -> Project:
    """Change the given fields; a new genome is validated first and nothing is saved if not.
    A changed genome becomes the project's next version."""
    project = tenant.get_or_404(Project, project_id, for_update=True)
    if genome_text is not UNSET and genome_text is not None:
        checked = genome_service.check(str(genome_text))
        genome_versions.check_evolution(checked, genome_versions.latest_generated(project))
        project.genome_yaml = checked.text
        genome_versions.record(project, tenant.user.id)
    if name is not UNSET:
        project.name = str(name)
    if description is not UNSET:
        project.description = str(description or "")
    db.session.commit()
    return project


def delete(tenant: Tenant, project_id: uuid.UUID) -> None:
    """Delete the project, its generations and the artifacts no other generation uses."""
    project = tenant.get_or_404(Project, project_id, for_update=True)
    keys = set(
        db.session.scalars(
            tenant.scoped(Generation)
            .where(Generation.project_id == project.id, Generation.artifact_key.is_not(None))
            .with_only_columns(Generation.artifact_key)
        )
    )
    db.session.delete(project)
    db.session.commit()
    still_used = set(
        db.session.scalars(
            tenant.scoped(Generation)
            .where(Generation.artifact_key.in_(keys))
            .with_only_columns(Generation.artifact_key)
        )
    )
    store = storage.artifact_store()
    for key in keys - still_used:
        try:
            store.delete(key)
        except storage.StorageError as error:
            # An orphaned blob costs storage, not correctness.
            log.warning("artifact %s of a deleted project stays: %s", key, error)
