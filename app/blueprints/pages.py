"""Public pages, the stable /dashboard address, the favicon and page-wide template helpers."""

from flask import Blueprint, Response, redirect, render_template, request, url_for

from app.blueprints.page_session import login_required, page_user
from app.services import workspace_service

bp = Blueprint("pages", __name__)

# One vocabulary for generation statuses on every page (the API keeps `succeeded`).
STATUS_WORDS = {"queued": "queued", "running": "running", "succeeded": "ready", "failed": "failed"}


@bp.app_template_filter("status_word")
def status_word(status) -> str:
    value = getattr(status, "value", status)
    return STATUS_WORDS.get(str(value), str(value))


@bp.app_template_global("current_membership")
def current_membership(memberships):
    """The workspace the page is about (its URL's workspace), else the user's first one."""
    wanted = (request.view_args or {}).get("workspace_id")
    for membership in memberships:
        if membership.workspace_id == wanted:
            return membership
    return memberships[0] if memberships else None


@bp.get("/")
def index():
    return render_template("index.html", signed_in=page_user() is not None)


@bp.get("/dashboard")
@login_required
def dashboard():
    """The signed-in home: the projects of the user's first workspace."""
    memberships = workspace_service.memberships_of(page_user())
    if not memberships:
        return redirect(url_for("workspace_pages.workspaces"))
    return redirect(url_for("project_pages.dashboard", workspace_id=memberships[0].workspace_id))


@bp.get("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/highlight.css")
def highlight_css():
    """The code browser's highlighting classes (Pygments), cached by the browser for a day."""
    from app.services import artifact_files

    response = Response(artifact_files.stylesheet(), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
