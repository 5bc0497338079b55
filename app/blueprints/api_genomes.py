"""Genome API: validate, draft and the JSON Schema. Logged in, no workspace needed."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_jwt_extended import jwt_required

from app.blueprints.api_input import body
from app.errors import ApiError
from app.schemas.projects import DraftSchema, GenomeInputSchema
from app.services import genome_service

bp = Blueprint("api_genomes", __name__, url_prefix="/api/v1/genomes")


@bp.post("/validate")
@jwt_required()
def validate_genome():
    data = body(GenomeInputSchema)
    text = genome_service.text_of(data["genome"], data["genome_yaml"])
    if text is None:
        raise ApiError(422, "validation_error", "Send the genome as genome or genome_yaml.")
    checked = genome_service.check(text)
    return jsonify(valid=True, genome=checked.data)


@bp.post("/draft")
@jwt_required()
def draft_genome():
    data = body(DraftSchema)
    options = {key: data[key] for key in ("name", "stack", "tenancy", "features") if data[key]}
    return jsonify(genome_service.draft(data["description"], **options))


@bp.get("/schema")
@jwt_required()
def genome_schema():
    return jsonify(genome_service.schema())
