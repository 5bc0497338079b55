"""Workspace pages: the switcher, settings with members and invitations, accepting an invitation."""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.blueprints import invitation_cookie
from app.blueprints.page_forms import FormError, form_data, form_failure
from app.blueprints.page_session import (
    check_form_token,
    login_required,
    page_user,
    session_form_token,
)
from app.errors import ApiError, error_response
from app.models import Role
from app.schemas.accounts import InvitationSchema, RoleSchema, TransferSchema, WorkspaceSchema
from app.services import invitation_service, member_service, workspace_service
from app.services.tenancy import Tenant, tenant_for

bp = Blueprint("workspace_pages", __name__)
MEMBERS_SHOWN = 100


def settings_url(workspace_id: uuid.UUID) -> str:
    return url_for("workspace_pages.settings", workspace_id=workspace_id)


def render_settings(tenant: Tenant, status: int = 200, errors=None, message=None, form_name=None):
    members = member_service.list_members(tenant, 1, MEMBERS_SHOWN)
    invitations = (
        invitation_service.list_invitations(tenant, 1, MEMBERS_SHOWN).items
        if tenant.role.at_least(Role.ADMIN)
        else []
    )
    return (
        render_template(
            "workspaces/settings.html",
            tenant=tenant,
            members=members,
            invitations=invitations,
            status_of=invitation_service.status_of,
            roles=[role.value for role in Role],
            Role=Role,
            errors=errors or {},
            message=message,
            form_name=form_name,
            form=request.form,
        ),
        status,
    )


def act(workspace_id: uuid.UUID, form_name: str, action, success: str):
    """Run one settings action; field errors re-render the page, others come back as a notice."""
    tenant = tenant_for(page_user(), workspace_id)
    try:
        action(tenant)
    except FormError as exc:
        return render_settings(tenant, 422, exc.errors, exc.message, form_name)
    except ApiError as exc:
        if exc.status == 422 or (exc.status == 409 and isinstance(exc.details, dict)):
            failure = form_failure(exc)
            return render_settings(tenant, exc.status, failure.errors, failure.message, form_name)
        if exc.status == 404 and form_name in {"leave", "delete"}:
            raise
        flash(exc.message, "error")
        return redirect(settings_url(workspace_id), code=303)
    flash(success)
    if form_name in {"leave", "delete"}:
        return redirect(url_for("workspace_pages.workspaces"), code=303)
    return redirect(settings_url(workspace_id), code=303)


@bp.get("/workspaces")
@login_required
def workspaces():
    return render_template(
        "workspaces/list.html",
        memberships=workspace_service.memberships_of(page_user()),
        errors={},
        form=request.form,
    )


@bp.post("/workspaces")
@login_required
def create_workspace():
    try:
        data = form_data(WorkspaceSchema)
    except FormError as exc:
        memberships = workspace_service.memberships_of(page_user())
        return render_template(
            "workspaces/list.html", memberships=memberships, errors=exc.errors, form=request.form
        ), 422
    tenant = workspace_service.create(page_user(), data["name"])
    flash(f"Workspace {tenant.workspace.name} is ready.")
    return redirect(settings_url(tenant.workspace.id), code=303)


@bp.get("/workspaces/<uuid:workspace_id>/settings")
@login_required
def settings(workspace_id: uuid.UUID):
    return render_settings(tenant_for(page_user(), workspace_id))


@bp.post("/workspaces/<uuid:workspace_id>/settings/name")
@login_required
def rename(workspace_id: uuid.UUID):
    def action(tenant):
        workspace_service.rename(tenant, form_data(WorkspaceSchema)["name"])

    return act(workspace_id, "rename", action, "The workspace name is saved.")


@bp.post("/workspaces/<uuid:workspace_id>/members/<uuid:user_id>/role")
@login_required
def change_role(workspace_id: uuid.UUID, user_id: uuid.UUID):
    def action(tenant):
        member_service.change_role(tenant, user_id, Role(form_data(RoleSchema)["role"]))

    return act(workspace_id, "role", action, "The role is changed.")


@bp.post("/workspaces/<uuid:workspace_id>/members/<uuid:user_id>/remove")
@login_required
def remove_member(workspace_id: uuid.UUID, user_id: uuid.UUID):
    def action(tenant):
        member_service.remove(tenant, user_id)

    return act(workspace_id, "remove", action, "The member is removed.")


@bp.post("/workspaces/<uuid:workspace_id>/leave")
@login_required
def leave(workspace_id: uuid.UUID):
    return act(workspace_id, "leave", member_service.leave, "You left the workspace.")


@bp.post("/workspaces/<uuid:workspace_id>/transfer")
@login_required
def transfer(workspace_id: uuid.UUID):
    def action(tenant):
        member_service.transfer_ownership(tenant, form_data(TransferSchema)["user_id"])

    return act(workspace_id, "transfer", action, "Ownership is transferred; you are now an admin.")


@bp.post("/workspaces/<uuid:workspace_id>/delete")
@login_required
def delete(workspace_id: uuid.UUID):
    def action(tenant):
        if request.form.get("confirm_name", "").strip() != tenant.workspace.name:
            raise FormError(
                {"confirm_name": "Type the workspace name exactly to confirm."},
                "The workspace was not deleted.",
            )
        workspace_service.delete(tenant)

    return act(workspace_id, "delete", action, "The workspace is deleted.")


@bp.post("/workspaces/<uuid:workspace_id>/invitations")
@login_required
def invite(workspace_id: uuid.UUID):
    def action(tenant):
        data = form_data(InvitationSchema)
        invitation_service.invite(tenant, data["email"], Role(data["role"]))

    return act(workspace_id, "invite", action, "The invitation is on its way.")


@bp.post("/workspaces/<uuid:workspace_id>/invitations/<uuid:invitation_id>/resend")
@login_required
def resend(workspace_id: uuid.UUID, invitation_id: uuid.UUID):
    def action(tenant):
        invitation_service.resend(tenant, invitation_id)

    return act(workspace_id, "resend", action, "The invitation was sent again with a new link.")


@bp.post("/workspaces/<uuid:workspace_id>/invitations/<uuid:invitation_id>/revoke")
@login_required
def revoke(workspace_id: uuid.UUID, invitation_id: uuid.UUID):
    def action(tenant):
        invitation_service.revoke(tenant, invitation_id)

    return act(workspace_id, "revoke", action, "The invitation is revoked.")


@bp.get("/invitations/open")
def open_invitation_page():
    """Where invitation links land (`/invitations/open#token=...`): a script posts the token."""
    return render_template("workspaces/invitation_open.html", form_token=session_form_token())


@bp.post("/invitations/open")
def open_invitation():
    """Keep the posted token in a short-lived cookie and show the invitation at a clean URL."""
    check_form_token()
    token = request.form.get("token", "").strip()
    response = redirect(url_for("workspace_pages.invitation"), code=303)
    if not token or len(token) > 200:
        return invitation_cookie.forget(response)
    return invitation_cookie.remember(response, token)


@bp.get("/invitations/<string:token>")
def legacy_invitation_link(token: str):
    """Links emailed before tokens moved into the fragment: same exchange, then a clean URL."""
    response = redirect(url_for("workspace_pages.invitation"), code=303)
    return invitation_cookie.remember(response, token[:200])


@bp.route("/invitations", methods=["GET", "POST"])
def invitation():
    token = invitation_cookie.recalled()
    if token is None:
        return error_response(
            404, "not_found", "No invitation is open here. Use the link in your invitation email."
        )
    try:
        found = invitation_service.find(token)
    except ApiError as exc:
        return invitation_cookie.forget(error_response(exc.status, exc.code, exc.message))
    user = page_user()
    if request.method == "POST":
        if user is None:
            return redirect(url_for("account_pages.login", next=request.path), code=303)
        try:
            workspace = invitation_service.accept(user, token)
        except ApiError as exc:
            return render_template(
                "workspaces/invitation.html",
                invitation=found,
                user=user,
                status=invitation_service.status_of(found),
                message=exc.message,
            ), exc.status
        flash(f"You joined {workspace.name}.")
        return invitation_cookie.forget(redirect(settings_url(workspace.id), code=303))
    return render_template(
        "workspaces/invitation.html",
        invitation=found,
        user=user,
        status=invitation_service.status_of(found),
        message=None,
    )
