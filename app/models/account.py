"""People and their sign-in state: users, sessions (refresh-token families), reset tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import CreatedMixin, IdMixin, timestamp


class User(IdMixin, CreatedMixin, db.Model):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None] = timestamp()

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class AuthSession(IdMixin, CreatedMixin, db.Model):
    """One login: a family of refresh tokens of which only the newest may be used (and the
    one before it, for a few seconds after a refresh, so that parallel refreshes agree)."""

    __tablename__ = "auth_sessions"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    refresh_jti: Mapped[str] = mapped_column(String(64))
    previous_refresh_jti: Mapped[str | None] = mapped_column(String(64))
    refreshed_at: Mapped[datetime | None] = timestamp()
    expires_at: Mapped[datetime] = timestamp(nullable=False)
    revoked_at: Mapped[datetime | None] = timestamp()
    revoked_reason: Mapped[str | None] = mapped_column(String(32))


class PasswordResetToken(IdMixin, CreatedMixin, db.Model):
    """A single-use, expiring reset token; only its SHA-256 is stored."""

    __tablename__ = "password_reset_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = timestamp(nullable=False)
    used_at: Mapped[datetime | None] = timestamp()
