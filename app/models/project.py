"""Projects (a named genome in a workspace) and their generations (one zip each)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.account import User
from app.models.base import CreatedMixin, IdMixin, timestamp, utcnow


class Project(IdMixin, CreatedMixin, db.Model):
    """A product being described: its genome as the user wrote it. Tenant-owned."""

    __tablename__ = "projects"

    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    genome_yaml: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = timestamp(nullable=False, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Project {self.id}>"


class GenomeVersion(IdMixin, CreatedMixin, db.Model):
    """One saved genome of a project, kept as written and numbered 1, 2, ... per project.
    Tenant-owned; never changed once written."""

    __tablename__ = "genome_versions"
    __table_args__ = (
        UniqueConstraint("project_id", "number", name="uq_genome_versions_project_number"),
    )

    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    genome_yaml: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<GenomeVersion {self.project_id} #{self.number}>"


class GenerationStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (GenerationStatus.SUCCEEDED, GenerationStatus.FAILED)


STATUS_TYPE = Enum(
    GenerationStatus,
    name="generation_status",
    native_enum=False,
    create_constraint=True,
    length=16,
    values_callable=lambda statuses: [status.value for status in statuses],
)


class Generation(IdMixin, CreatedMixin, db.Model):
    """One run of the generator over a snapshot of a project's genome. Tenant-owned."""

    __tablename__ = "generations"
    __table_args__ = (
        Index(
            "uq_generations_idempotency_key",
            "project_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
        Index("ix_generations_workspace_created", "workspace_id", "created_at"),
        Index("ix_generations_status_started", "status", "started_at"),
    )

    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    project_slug: Mapped[str] = mapped_column(String(64))
    genome_yaml: Mapped[str] = mapped_column(Text)
    genome_sha256: Mapped[str] = mapped_column(String(64))
    generator_version: Mapped[str] = mapped_column(String(32))
    # The saved genome this generation was made from (None for generations older than
    # versions whose genome no version matched), and the earlier versions its migrations
    # build on, oldest first (version numbers of the same project).
    genome_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("genome_versions.id", ondelete="SET NULL"), index=True
    )
    lineage: Mapped[list[int]] = mapped_column(JSONB, default=list, server_default=text("'[]'"))
    status: Mapped[GenerationStatus] = mapped_column(STATUS_TYPE, default=GenerationStatus.QUEUED)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error_message: Mapped[str | None] = mapped_column(Text)
    artifact_key: Mapped[str | None] = mapped_column(String(255))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    file_count: Mapped[int | None] = mapped_column(Integer)
    reused_from_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("generations.id", ondelete="SET NULL")
    )
    task_id: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    enqueued_at: Mapped[datetime | None] = timestamp()
    started_at: Mapped[datetime | None] = timestamp()
    finished_at: Mapped[datetime | None] = timestamp()

    project: Mapped[Project] = relationship()
    genome_version: Mapped[GenomeVersion | None] = relationship(lazy="selectin")

    def __repr__(self) -> str:
        return f"<Generation {self.id} {self.status}>"
