"""Projects and generations API: /api/v1/workspaces/{wid}/projects|generations/..."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, jsonify, request, send_file, stream_with_context
from flask_jwt_extended import current_user, jwt_required

from app.blueprints.api_input import body, page_args, validated
from app.blueprints.api_output import no_content, page_json
from app.schemas.projects import (
    ProjectCreateSchema,
    ProjectUpdateSchema,
    VersionDiffArgsSchema,
    generation_json,
    project_json,
    version_json,
)
from app.services import (
    generation_rules,
    generation_service,
    generation_trees,
    genome_service,
    genome_versions,
    project_service,
)
from app.services.tenancy import tenant_for

bp = Blueprint("api_projects", __name__, url_prefix="/api/v1/workspaces/<uuid:workspace_id>")


@bp.get("/projects")
@jwt_required()
def list_projects(workspace_id: uuid.UUID):
    page = project_service.list_projects(tenant_for(current_user, workspace_id), *page_args())
    return jsonify(page_json(page, project_json))


@bp.post("/projects")
@jwt_required()
def create_project(workspace_id: uuid.UUID):
    data = body(ProjectCreateSchema)
    tenant = tenant_for(current_user, workspace_id)
    project = project_service.create(
        tenant,
        data["name"],
        data["description"],
        genome_service.text_of(data["genome"], data["genome_yaml"]),
    )
    response = jsonify(project_json(project))
    response.headers["Location"] = f"{request.path}/{project.id}"
    return response, 201


@bp.get("/projects/<uuid:project_id>")
@jwt_required()
def get_project(workspace_id: uuid.UUID, project_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id)
    return jsonify(project_json(project_service.get(tenant, project_id)))


@bp.patch("/projects/<uuid:project_id>")
@jwt_required()
def update_project(workspace_id: uuid.UUID, project_id: uuid.UUID):
    data = body(ProjectUpdateSchema)
    tenant = tenant_for(current_user, workspace_id)
    changes = {key: data[key] for key in ("name", "description") if key in data}
    if data["genome"] is not None or data["genome_yaml"] is not None:
        changes["genome_text"] = genome_service.text_of(data["genome"], data["genome_yaml"])
    project = project_service.update(tenant, project_id, **changes)
    return jsonify(project_json(project))


@bp.delete("/projects/<uuid:project_id>")
@jwt_required()
def delete_project(workspace_id: uuid.UUID, project_id: uuid.UUID):
    project_service.delete(tenant_for(current_user, workspace_id), project_id)
    return no_content()


VERSION = "<int(min=1, max=2147483647):number>"


@bp.get("/projects/<uuid:project_id>/versions")
@jwt_required()
def list_versions(workspace_id: uuid.UUID, project_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id)
    page = genome_versions.list_versions(tenant, project_id, *page_args())
    return jsonify(page_json(page, version_json))


@bp.get(f"/projects/<uuid:project_id>/versions/{VERSION}")
@jwt_required()
def get_version(workspace_id: uuid.UUID, project_id: uuid.UUID, number: int):
    tenant = tenant_for(current_user, workspace_id)
    version = genome_versions.get(tenant, project_id, number)
    return jsonify(version_json(version, with_yaml=True))


@bp.get(f"/projects/<uuid:project_id>/versions/{VERSION}/diff")
@jwt_required()
def compare_versions(workspace_id: uuid.UUID, project_id: uuid.UUID, number: int):
    tenant = tenant_for(current_user, workspace_id)
    base = validated(VersionDiffArgsSchema(), request.args.to_dict())["base"]
    diff = genome_versions.compare(tenant, project_id, number, base)
    return jsonify({"base": base, "version": number, "diff": diff})


@bp.post("/projects/<uuid:project_id>/generations")
@jwt_required()
def request_generation(workspace_id: uuid.UUID, project_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id)
    generation, _created = generation_service.request_generation(
        tenant, project_id, request.headers.get("Idempotency-Key")
    )
    response = jsonify(generation_json(generation, generation_rules.plan_of(tenant.workspace)))
    response.status_code = 202
    response.headers["Location"] = f"/api/v1/workspaces/{workspace_id}/generations/{generation.id}"
    return response


@bp.get("/projects/<uuid:project_id>/generations")
@jwt_required()
def list_generations(workspace_id: uuid.UUID, project_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id)
    page = generation_service.list_for_project(tenant, project_id, *page_args())
    plan = generation_rules.plan_of(tenant.workspace)
    return jsonify(page_json(page, lambda generation: generation_json(generation, plan)))


@bp.get("/generations/<uuid:generation_id>")
@jwt_required()
def get_generation(workspace_id: uuid.UUID, generation_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id)
    generation = generation_service.get(tenant, generation_id)
    return jsonify(generation_json(generation, generation_rules.plan_of(tenant.workspace)))


@bp.get("/generations/<uuid:generation_id>/download")
@jwt_required()
def download_generation(workspace_id: uuid.UUID, generation_id: uuid.UUID):
    found = generation_service.download(tenant_for(current_user, workspace_id), generation_id)
    if found.path is not None:
        response = send_file(
            found.path,
            mimetype="application/zip",
            as_attachment=True,
            download_name=found.filename,
            etag=found.etag,
            conditional=True,
            max_age=0,
        )
    elif request.if_none_match.contains(found.etag):
        response = Response(status=304)
        response.set_etag(found.etag)
    elif found.redirect_url is not None:
        response = Response(status=302, headers={"Location": found.redirect_url})
        response.set_etag(found.etag)
    else:
        response = Response(
            stream_with_context(found.chunks),
            mimetype="application/zip",
            headers={"Content-Disposition": f"attachment; filename={found.filename}"},
        )
        response.set_etag(found.etag)
        response.content_length = found.size
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/generations/<uuid:generation_id>/patch")
@jwt_required()
def generation_patch(workspace_id: uuid.UUID, generation_id: uuid.UUID):
    """A git patch from an earlier generation (?base=) of the same project to this one."""
    tenant = tenant_for(current_user, workspace_id)
    data, filename = generation_trees.patch(tenant, generation_id, request.args.get("base"))
    response = Response(data, mimetype="text/x-diff")
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    response.headers["Cache-Control"] = "private, no-cache"
    return response
