"""Tenant scoping: the one way a service reaches a workspace's rows.

Every tenant-owned query starts from `Tenant.scoped(Model)` or `Tenant.get_or_404(...)`,
so a query without a workspace stands out in review. A workspace the caller is not a
member of, and a row of another workspace, are answered exactly like missing ones: 404.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, select

from app.errors import ApiError
from app.extensions import db
from app.models import Membership, Role, User, Workspace

ModelT = TypeVar("ModelT")


def not_found(what: str = "resource") -> ApiError:
    return ApiError(404, "not_found", f"No such {what}, or it is not yours to see.")


def scoped(model: type[ModelT], workspace: Workspace | uuid.UUID) -> Select[tuple[ModelT]]:
    """A SELECT of `model` limited to one workspace's rows."""
    workspace_id = workspace.id if isinstance(workspace, Workspace) else workspace
    return select(model).where(model.workspace_id == workspace_id)  # type: ignore[attr-defined]


def get_or_404(
    model: type[ModelT],
    workspace: Workspace | uuid.UUID,
    ident: Any,
    *,
    by: Any = None,
    for_update: bool = False,
) -> ModelT:
    """The row of `model` in `workspace` whose `by` column (default: id) equals `ident`."""
    column = by if by is not None else model.id  # type: ignore[attr-defined]
    statement = scoped(model, workspace).where(column == ident)
    if for_update:
        statement = statement.with_for_update(of=model)
    row = db.session.scalars(statement).first()
    if row is None:
        raise not_found(getattr(model, "__tablename__", "resource").rstrip("s").replace("_", " "))
    return row


@dataclass(frozen=True)
class Tenant:
    """A user acting inside one workspace with their role there."""

    workspace: Workspace
    user: User
    role: Role

    def require(self, minimum: Role) -> None:
        if not self.role.at_least(minimum):
            raise ApiError(
                403,
                "forbidden",
                f"This needs the {minimum.value} role or higher in this workspace; "
                f"you are {self.role.value}.",
            )

    def scoped(self, model: type[ModelT]) -> Select[tuple[ModelT]]:
        return scoped(model, self.workspace)

    def get_or_404(self, model: type[ModelT], ident: Any, **kwargs: Any) -> ModelT:
        return get_or_404(model, self.workspace, ident, **kwargs)


def tenant_for(user: User, workspace_id: uuid.UUID, minimum: Role = Role.MEMBER) -> Tenant:
    """The caller inside `workspace_id`: 404 unless a member, 403 below `minimum`."""
    membership = get_or_404(Membership, workspace_id, user.id, by=Membership.user_id)
    workspace = db.session.get(Workspace, workspace_id)
    if workspace is None:
        raise not_found("workspace")
    tenant = Tenant(workspace=workspace, user=user, role=membership.role)
    tenant.require(minimum)
    return tenant
