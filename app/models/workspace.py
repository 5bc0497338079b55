"""Workspaces (the tenants), their members with roles, and invitations."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.account import User
from app.models.base import CreatedMixin, IdMixin, timestamp


class Role(enum.StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"

    @property
    def rank(self) -> int:
        return {"member": 1, "admin": 2, "owner": 3}[self.value]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


ROLE_TYPE = Enum(
    Role,
    name="role",
    native_enum=False,
    create_constraint=True,
    length=16,
    values_callable=lambda roles: [role.value for role in roles],
)


class Workspace(IdMixin, CreatedMixin, db.Model):
    __tablename__ = "workspaces"

    name: Mapped[str] = mapped_column(String(120))
    plan: Mapped[str] = mapped_column(String(16), default="free")

    def __repr__(self) -> str:
        return f"<Workspace {self.id}>"


class Membership(CreatedMixin, db.Model):
    """A user's place in a workspace. Tenant-owned: scoped by workspace_id."""

    __tablename__ = "memberships"

    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[Role] = mapped_column(ROLE_TYPE)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    workspace: Mapped[Workspace] = relationship()


class Invitation(IdMixin, CreatedMixin, db.Model):
    """An emailed offer to join a workspace; only the token's SHA-256 is stored."""

    __tablename__ = "invitations"
    __table_args__ = (
        Index(
            "uq_invitations_pending_email",
            "workspace_id",
            "email",
            unique=True,
            postgresql_where=text("accepted_at IS NULL AND revoked_at IS NULL"),
        ),
    )

    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[Role] = mapped_column(ROLE_TYPE)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    expires_at: Mapped[datetime] = timestamp(nullable=False)
    sent_at: Mapped[datetime | None] = timestamp()
    accepted_at: Mapped[datetime | None] = timestamp()
    accepted_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None] = timestamp()

    workspace: Mapped[Workspace] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
