"""Members of a workspace: list, change role, remove, leave, transfer ownership.

Owners outrank admins, admins outrank members. Only owners grant or take away the
owner role, and a workspace never loses its last owner (409). Losing rights (removal,
leaving, demotion) revokes the open invitations that needed them.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from app.errors import ApiError
from app.extensions import db
from app.models import Membership, Role, User, Workspace
from app.services.invitation_service import revoke_by_inviter
from app.services.pagination import Page, paginate
from app.services.tenancy import Tenant


def list_members(tenant: Tenant, page: int, per_page: int) -> Page[Membership]:
    statement = tenant.scoped(Membership).join(Membership.user).order_by(User.email)
    return paginate(statement, page, per_page)


def _owner_count(tenant: Tenant) -> int:
    """Owners of the workspace, with their rows locked so two demotions cannot race."""
    owners = (
        tenant.scoped(Membership)
        .where(Membership.role == Role.OWNER)
        .with_for_update(of=Membership)
    )
    return len(list(db.session.scalars(owners)))


def _last_owner_conflict() -> ApiError:
    return ApiError(
        409,
        "conflict",
        "A workspace needs at least one owner. Make someone else owner first.",
    )


def _lock_workspace(tenant: Tenant) -> None:
    """Every change of membership locks the workspace row first, so that two of them (two
    owners leaving at once) queue up instead of locking member rows in opposite orders."""
    db.session.execute(
        select(Workspace.id).where(Workspace.id == tenant.workspace.id).with_for_update()
    )


def _member(tenant: Tenant, user_id: uuid.UUID) -> Membership:
    _lock_workspace(tenant)
    return tenant.get_or_404(Membership, user_id, by=Membership.user_id, for_update=True)


def change_role(tenant: Tenant, user_id: uuid.UUID, role: Role) -> Membership:
    tenant.require(Role.ADMIN)
    member = _member(tenant, user_id)
    if Role.OWNER in (member.role, role):
        tenant.require(Role.OWNER)
    if member.role == Role.OWNER and role != Role.OWNER and _owner_count(tenant) <= 1:
        raise _last_owner_conflict()
    member.role = role
    revoke_by_inviter(tenant.workspace.id, user_id, role)
    db.session.commit()
    return member


def remove(tenant: Tenant, user_id: uuid.UUID) -> None:
    """Remove a member; removing yourself is leaving."""
    if user_id == tenant.user.id:
        leave(tenant)
        return
    tenant.require(Role.ADMIN)
    member = _member(tenant, user_id)
    if member.role == Role.OWNER:
        tenant.require(Role.OWNER)
        if _owner_count(tenant) <= 1:
            raise _last_owner_conflict()
    db.session.delete(member)
    revoke_by_inviter(tenant.workspace.id, user_id, None)
    db.session.commit()


def leave(tenant: Tenant) -> None:
    member = _member(tenant, tenant.user.id)
    if member.role == Role.OWNER and _owner_count(tenant) <= 1:
        raise ApiError(
            409,
            "conflict",
            "You are the last owner. Transfer ownership, or delete the workspace, before leaving.",
        )
    db.session.delete(member)
    revoke_by_inviter(tenant.workspace.id, tenant.user.id, None)
    db.session.commit()


def transfer_ownership(tenant: Tenant, user_id: uuid.UUID) -> Membership:
    """Make another member owner; the caller stays on as admin."""
    tenant.require(Role.OWNER)
    if user_id == tenant.user.id:
        raise ApiError(
            422,
            "validation_error",
            "Choose another member to transfer ownership to.",
            {"user_id": ["You already own this workspace."]},
        )
    member = _member(tenant, user_id)
    me = _member(tenant, tenant.user.id)
    member.role = Role.OWNER
    me.role = Role.ADMIN
    revoke_by_inviter(tenant.workspace.id, tenant.user.id, Role.ADMIN)
    db.session.commit()
    return member


def count_members(tenant: Tenant) -> int:
    statement = select(func.count()).select_from(tenant.scoped(Membership).subquery())
    return db.session.scalar(statement) or 0
