"""Pages of the main journey: dashboard, new project (requirements form), review, project."""

from __future__ import annotations

import itertools
import uuid

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from app.blueprints.page_session import login_required, page_user
from app.errors import ApiError
from app.models import GenerationStatus
from app.schemas.projects import generation_json
from app.services import (
    artifact_files,
    generation_rules,
    generation_service,
    generation_trees,
    genome_versions,
    plan_meters,
    project_service,
    starters,
)
from app.services import project_pages_service as pages_service
from app.services.tenancy import tenant_for

bp = Blueprint("project_pages", __name__, url_prefix="/workspaces/<uuid:workspace_id>")


def tenant(workspace_id: uuid.UUID):
    return tenant_for(page_user(), workspace_id)


@bp.get("/dashboard")
@login_required
def dashboard(workspace_id: uuid.UUID):
    current = tenant(workspace_id)
    projects = project_service.list_projects(current, 1, 100)
    latest = generation_service.latest_per_project(current, [item.id for item in projects.items])
    return render_template(
        "projects/dashboard.html",
        tenant=current,
        projects=projects,
        latest=latest,
        view=plan_meters.plan_view(current.workspace),
        starters=starters.all_starters(),
        guided=bool(request.args.get("start")) or not projects.items,
    )


def render_new(current, status: int = 200, message: str | None = None, problems=None):
    form = request.form
    starter = starters.find(request.args.get("example"))
    if request.method == "GET" and starter is not None:
        form = {"name": starter.name, "description": starter.description}
    return (
        render_template(
            "projects/new.html",
            tenant=current,
            form=form,
            message=message,
            problems=problems or [],
            options=pages_service,
            starters=starters.all_starters(),
            view=plan_meters.plan_view(current.workspace),
        ),
        status,
    )


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new_project(workspace_id: uuid.UUID):
    current = tenant(workspace_id)
    if request.method == "GET":
        return render_new(current)
    name = (request.form.get("name") or "").strip()
    if not name or len(name) > 120:
        return render_new(current, 422, "Give the project a name of at most 120 characters.")
    try:
        genome_text = pages_service.requirements_genome(request.form)
        project = project_service.create(
            current, name, request.form.get("description", ""), genome_text
        )
    except ApiError as error:
        details = error.details if isinstance(error.details, list) else []
        return render_new(current, error.status, error.message, details)
    return redirect(url_for(".review", workspace_id=workspace_id, project_id=project.id), code=303)


@bp.get("/projects/<uuid:project_id>/review")
@login_required
def review(workspace_id: uuid.UUID, project_id: uuid.UUID):
    current = tenant(workspace_id)
    project = project_service.get(current, project_id)
    found = pages_service.review_of(project.genome_yaml)
    lines = (
        pages_service.problems_by_line(project.genome_yaml or "", found.problems)
        if found.problems
        else []
    )
    return render_template(
        "projects/review.html",
        tenant=current,
        project=project,
        review=found,
        lines=lines,
        options=pages_service,
        versions=genome_versions.list_versions(current, project.id, 1, 100),
        shown=shown_version(current, project),
    )


def shown_version(current, project) -> dict | None:
    """The version the review page was asked to show (?version=N), or the comparison of
    two (?base=M&version=N); None when neither was asked."""
    number = request.args.get("version", type=int)
    if number is None:
        return None
    version = genome_versions.get(current, project.id, number)
    base_number = request.args.get("base", type=int)
    if base_number is None:
        return {"version": version, "base": None, "diff": None}
    base = genome_versions.get(current, project.id, base_number)
    diff = genome_versions.unified_diff(base, version)
    return {
        "version": version,
        "base": base,
        "diff": artifact_files.highlight_diff(diff) if diff else None,
    }


@bp.get("/projects/<uuid:project_id>/diagram.svg")
@login_required
def diagram(workspace_id: uuid.UUID, project_id: uuid.UUID):
    project = project_service.get(tenant(workspace_id), project_id)
    drawing = pages_service.review_of(project.genome_yaml).diagram()
    if drawing is None:
        raise ApiError(404, "not_found", "This project has no valid genome to draw.")
    return Response(drawing, mimetype="image/svg+xml", headers={"Cache-Control": "no-cache"})


def previous_ids(items) -> dict[uuid.UUID, uuid.UUID]:
    """For each succeeded generation of a page (newest first), the succeeded one before
    it: the base of its changes and its patch."""
    succeeded = [item for item in items if item.status == GenerationStatus.SUCCEEDED]
    found = {newer.id: older.id for newer, older in itertools.pairwise(succeeded)}
    if succeeded:
        oldest = generation_trees.previous_of(succeeded[-1])
        if oldest is not None:
            found[succeeded[-1].id] = oldest.id
    return found


def render_project(current, project_id: uuid.UUID):
    project = project_service.get(current, project_id)
    history = generation_service.list_for_project(current, project.id, 1, 50)
    view = plan_meters.plan_view(current.workspace)
    return render_template(
        "projects/project.html",
        tenant=current,
        project=project,
        generations=[
            {
                **generation_json(item, view.plan),
                "stack": pages_service.stack_label_of(item.genome_yaml),
            }
            for item in history.items
        ],
        stack=pages_service.stack_label_of(project.genome_yaml),
        previous={str(new): str(old) for new, old in previous_ids(history.items).items()},
        idempotency_key=uuid.uuid4().hex,
        view=view,
        state=pages_service.generate_state(current.workspace, project, view),
    )


@bp.get("/projects/<uuid:project_id>")
@login_required
def project_page(workspace_id: uuid.UUID, project_id: uuid.UUID):
    return render_project(tenant(workspace_id), project_id)


@bp.post("/projects/<uuid:project_id>/generate")
@login_required
def generate(workspace_id: uuid.UUID, project_id: uuid.UUID):
    """Queue a generation, then back to the project page (a refresh does not resubmit)."""
    current = tenant(workspace_id)
    try:
        generation, _created = generation_service.request_generation(
            current, project_id, request.form.get("idempotency_key") or None
        )
    except ApiError as error:
        if error.status == 404:
            raise
        flash(error.message, "error")
    else:
        if generation.reused_from_id is not None:
            flash("Nothing changed since the last build: its files are reused, no quota spent.")
    return redirect(
        url_for(".project_page", workspace_id=workspace_id, project_id=project_id), code=303
    )


@bp.get("/projects/<uuid:project_id>/generations/<uuid:generation_id>/files")
@login_required
def files(workspace_id: uuid.UUID, project_id: uuid.UUID, generation_id: uuid.UUID):
    """The file tree of a stored generation and one file highlighted (README first)."""
    current = tenant(workspace_id)
    project = project_service.get(current, project_id)
    generation = artifact_files.ready_generation(current, generation_id)
    if generation.project_id != project.id:
        raise ApiError(404, "not_found", "No such generation, or it is not yours to see.")
    entries = artifact_files.list_files(generation)
    wanted = request.args.get("path")
    if wanted is None:
        first = artifact_files.first_file(entries)
        wanted = first.path if first else ""
    shown = artifact_files.show(generation, wanted) if wanted else None
    return render_template(
        "projects/files.html",
        tenant=current,
        project=project,
        generation=generation,
        download=generation_json(generation, generation_rules.plan_of(current.workspace)),
        entries=entries,
        shown=shown,
    )


@bp.get("/projects/<uuid:project_id>/generations/<uuid:generation_id>/changes")
@login_required
def changes(workspace_id: uuid.UUID, project_id: uuid.UUID, generation_id: uuid.UUID):
    """The files added, changed and removed since the previous generation (or ?base=),
    with their diffs, and the patch to download."""
    current = tenant(workspace_id)
    project = project_service.get(current, project_id)
    generation = generation_service.get(current, generation_id)
    if generation.project_id != project.id:
        raise ApiError(404, "not_found", "No such generation, or it is not yours to see.")
    base_id = request.args.get("base")
    if base_id is None:
        previous = generation_trees.previous_of(generation)
        base_id = str(previous.id) if previous is not None else None
    found = None
    base = None
    if base_id is not None:
        base, generation = generation_trees.pair(current, generation.id, base_id)
        found = generation_trees.changes(
            *generation_trees.differing(
                generation_trees.snapshot_of(base), generation_trees.snapshot_of(generation)
            )
        )
    plan = generation_rules.plan_of(current.workspace)
    return render_template(
        "projects/changes.html",
        tenant=current,
        project=project,
        generation=generation,
        download=generation_json(generation, plan),
        base=base,
        patch_url=f"/api/v1/workspaces/{workspace_id}/generations/{generation.id}/patch"
        f"?base={base.id}"
        if base is not None
        else None,
        changes=found,
        highlight=artifact_files.highlight_diff,
    )


@bp.post("/genome/convert")
@login_required
def convert_genome(workspace_id: uuid.UUID):
    """The visual editor's round trip: YAML to its data, or data to YAML; with the
    validator's problems and the diagram of the result."""
    tenant(workspace_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "Send a JSON object with genome_yaml or model.")
    return pages_service.convert(body)
