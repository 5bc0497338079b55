"""Workspaces: create, list the caller's, rename, delete."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, lazyload

from app.extensions import db
from app.models import Membership, Role, User, Workspace
from app.services import artifact_retention, billing_cancel
from app.services.pagination import Page, paginate
from app.services.storage import StorageError
from app.services.tenancy import Tenant

log = logging.getLogger(__name__)
FREE_PLAN = "free"


def create_workspace(user: User, name: str) -> Workspace:
    """A new workspace on the free plan, owned by `user` (the caller commits)."""
    workspace = Workspace(name=name, plan=FREE_PLAN)
    db.session.add(workspace)
    db.session.flush()
    db.session.add(Membership(workspace_id=workspace.id, user_id=user.id, role=Role.OWNER))
    return workspace


def create(user: User, name: str) -> Tenant:
    workspace = create_workspace(user, name)
    db.session.commit()
    return Tenant(workspace=workspace, user=user, role=Role.OWNER)


def _memberships_with_workspaces(user: User):
    """The user's memberships, each with its workspace loaded by the same query."""
    return (
        select(Membership)
        .join(Membership.workspace)
        .options(contains_eager(Membership.workspace), lazyload(Membership.user))
        .where(Membership.user_id == user.id)
    )


def memberships_of(user: User) -> list[Membership]:
    """Every workspace membership of `user`, oldest first (what a switcher lists)."""
    statement = _memberships_with_workspaces(user).order_by(Membership.created_at, Workspace.name)
    return list(db.session.scalars(statement))


def list_for(user: User, page: int, per_page: int) -> Page[Membership]:
    statement = _memberships_with_workspaces(user).order_by(Membership.created_at, Workspace.id)
    return paginate(statement, page, per_page)


def rename(tenant: Tenant, name: str) -> Tenant:
    tenant.require(Role.ADMIN)
    tenant.workspace.name = name
    db.session.commit()
    return tenant


def delete(tenant: Tenant) -> None:
    """Delete the workspace (owners only) after cancelling its Stripe subscription, then
    its stored zips."""
    tenant.require(Role.OWNER)
    billing_cancel.end_subscription_of(tenant.workspace)
    log.info("workspace %s deleted by %s", tenant.workspace.id, tenant.user.id)
    workspace_id = tenant.workspace.id
    db.session.delete(tenant.workspace)
    db.session.commit()
    try:
        artifact_retention.purge_workspace(workspace_id)
    except StorageError as error:
        # The hourly purge (beat) deletes what a deleted workspace left behind.
        log.warning("artifacts of deleted workspace %s stay for now: %s", workspace_id, error)


def role_of(workspace: Workspace, user: User) -> Role | None:
    membership = db.session.get(Membership, (workspace.id, user.id))
    return membership.role if membership else None
