"""Request schemas and response shapes of genomes, projects and generations."""

from __future__ import annotations

import unicodedata

from marshmallow import Schema, ValidationError, fields, validate

from app.genome import MAX_BYTES
from app.models import Generation, GenomeVersion, Project
from app.schemas.accounts import iso
from app.schemas.fields import Text, unstorable
from app.services import generation_rules, generation_service, genome_service

MAX_DESCRIPTION = 20_000


class LongText(fields.String):
    """Several lines of text, NFC-normalized; tabs and newlines allowed."""

    def __init__(self, *, max_length: int = MAX_DESCRIPTION, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if unstorable(text, allow_newlines=True):
            raise ValidationError("Remove control or invalid characters.")
        text = unicodedata.normalize("NFC", text)
        if len(text) > self.max_length:
            raise ValidationError(f"Use at most {self.max_length:,} characters.")
        return text


class GenomeInputSchema(Schema):
    genome = fields.Dict(load_default=None, allow_none=True)
    genome_yaml = LongText(load_default=None, allow_none=True, max_length=MAX_BYTES)


class ProjectCreateSchema(GenomeInputSchema):
    name = Text(required=True)
    description = LongText(load_default="")


class ProjectUpdateSchema(GenomeInputSchema):
    name = Text()
    description = LongText()


class DraftSchema(Schema):
    description = LongText(required=True)
    name = Text(load_default=None, max_length=80)
    stack = fields.Dict(load_default=None)
    tenancy = fields.String(
        load_default=None, validate=validate.OneOf(["workspace", "organization"])
    )
    features = fields.Dict(load_default=None)


def project_json(project: Project) -> dict:
    return {
        "id": str(project.id),
        "workspace_id": str(project.workspace_id),
        "name": project.name,
        "description": project.description,
        "genome": genome_service.data_of(project.genome_yaml),
        "genome_yaml": project.genome_yaml,
        "created_by": str(project.created_by_id) if project.created_by_id else None,
        "created_at": iso(project.created_at),
        "updated_at": iso(project.updated_at),
    }


def generation_json(generation: Generation, plan=None) -> dict:
    succeeded = generation.status.value == "succeeded"
    version = generation.genome_version
    base = f"/api/v1/workspaces/{generation.workspace_id}/generations/{generation.id}"
    error = (
        {"code": generation.error_code, "message": generation.error_message}
        if generation.error_code
        else None
    )
    return {
        "id": str(generation.id),
        "project_id": str(generation.project_id),
        "status": generation.status.value,
        "error": error,
        "genome_sha256": generation.genome_sha256,
        "genome_version": version.number if version is not None else None,
        "generator_version": generation.generator_version,
        "size_bytes": generation.size_bytes,
        "sha256": generation.sha256,
        "file_count": generation.file_count,
        "created_at": iso(generation.created_at),
        "started_at": iso(generation.started_at),
        "finished_at": iso(generation.finished_at),
        "expires_at": iso(generation_rules.expires_at(generation, plan)) if plan else None,
        "filename": generation_service.filename_of(generation) if succeeded else None,
        "download_url": f"{base}/download" if succeeded else None,
    }


class VersionDiffArgsSchema(Schema):
    base = fields.Integer(
        required=True, strict=False, validate=validate.Range(min=1, max=2**31 - 1)
    )


def version_json(version: GenomeVersion, *, with_yaml: bool = False) -> dict:
    found = {
        "number": version.number,
        "project_id": str(version.project_id),
        "created_by": str(version.created_by_id) if version.created_by_id else None,
        "created_by_name": version.created_by.name if version.created_by else None,
        "created_at": iso(version.created_at),
        "url": f"/api/v1/workspaces/{version.workspace_id}/projects/{version.project_id}"
        f"/versions/{version.number}",
    }
    if with_yaml:
        found["genome_yaml"] = version.genome_yaml
    return found
