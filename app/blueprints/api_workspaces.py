"""Workspaces, members and invitations API: /api/v1/workspaces/... and invitation acceptance."""

from __future__ import annotations

import uuid

from flask import Blueprint, jsonify
from flask_jwt_extended import current_user, jwt_required

from app.blueprints.api_input import body, page_args
from app.blueprints.api_output import no_content, page_json
from app.models import Role
from app.schemas.accounts import (
    InvitationAcceptSchema,
    InvitationSchema,
    RoleSchema,
    TransferSchema,
    WorkspaceSchema,
    invitation_json,
    member_json,
    workspace_json,
)
from app.services import invitation_service, member_service, workspace_service
from app.services.tenancy import tenant_for

bp = Blueprint("api_workspaces", __name__, url_prefix="/api/v1")


@bp.get("/workspaces")
@jwt_required()
def list_workspaces():
    page = workspace_service.list_for(current_user, *page_args())
    return jsonify(page_json(page, lambda m: workspace_json(m.workspace, m.role)))


@bp.post("/workspaces")
@jwt_required()
def create_workspace():
    tenant = workspace_service.create(current_user, body(WorkspaceSchema)["name"])
    return jsonify(workspace_json(tenant.workspace, tenant.role)), 201


@bp.get("/workspaces/<uuid:workspace_id>")
@jwt_required()
def get_workspace(workspace_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id)
    return jsonify(workspace_json(tenant.workspace, tenant.role))


@bp.patch("/workspaces/<uuid:workspace_id>")
@jwt_required()
def rename_workspace(workspace_id: uuid.UUID):
    data = body(WorkspaceSchema)
    tenant = workspace_service.rename(tenant_for(current_user, workspace_id), data["name"])
    return jsonify(workspace_json(tenant.workspace, tenant.role))


@bp.delete("/workspaces/<uuid:workspace_id>")
@jwt_required()
def delete_workspace(workspace_id: uuid.UUID):
    workspace_service.delete(tenant_for(current_user, workspace_id))
    return no_content()


@bp.get("/workspaces/<uuid:workspace_id>/members")
@jwt_required()
def list_members(workspace_id: uuid.UUID):
    page = member_service.list_members(tenant_for(current_user, workspace_id), *page_args())
    return jsonify(page_json(page, member_json))


@bp.patch("/workspaces/<uuid:workspace_id>/members/<uuid:user_id>")
@jwt_required()
def change_member_role(workspace_id: uuid.UUID, user_id: uuid.UUID):
    role = Role(body(RoleSchema)["role"])
    member = member_service.change_role(tenant_for(current_user, workspace_id), user_id, role)
    return jsonify(member_json(member))


@bp.delete("/workspaces/<uuid:workspace_id>/members/<uuid:user_id>")
@jwt_required()
def remove_member(workspace_id: uuid.UUID, user_id: uuid.UUID):
    member_service.remove(tenant_for(current_user, workspace_id), user_id)
    return no_content()


@bp.post("/workspaces/<uuid:workspace_id>/leave")
@jwt_required()
def leave_workspace(workspace_id: uuid.UUID):
    member_service.leave(tenant_for(current_user, workspace_id))
    return no_content()


@bp.post("/workspaces/<uuid:workspace_id>/transfer-ownership")
@jwt_required()
def transfer_ownership(workspace_id: uuid.UUID):
    user_id = body(TransferSchema)["user_id"]
    member = member_service.transfer_ownership(tenant_for(current_user, workspace_id), user_id)
    return jsonify(member_json(member))


@bp.get("/workspaces/<uuid:workspace_id>/invitations")
@jwt_required()
def list_invitations(workspace_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id)
    page = invitation_service.list_invitations(tenant, *page_args())
    return jsonify(page_json(page, invitation_response))


def invitation_response(invitation) -> dict:
    return invitation_json(invitation, invitation_service.status_of(invitation))


@bp.post("/workspaces/<uuid:workspace_id>/invitations")
@jwt_required()
def create_invitation(workspace_id: uuid.UUID):
    data = body(InvitationSchema)
    tenant = tenant_for(current_user, workspace_id)
    invitation = invitation_service.invite(tenant, data["email"], Role(data["role"]))
    return jsonify(invitation_response(invitation)), 201


@bp.post("/workspaces/<uuid:workspace_id>/invitations/<uuid:invitation_id>/resend")
@jwt_required()
def resend_invitation(workspace_id: uuid.UUID, invitation_id: uuid.UUID):
    tenant = tenant_for(current_user, workspace_id)
    return jsonify(invitation_response(invitation_service.resend(tenant, invitation_id)))


@bp.delete("/workspaces/<uuid:workspace_id>/invitations/<uuid:invitation_id>")
@jwt_required()
def revoke_invitation(workspace_id: uuid.UUID, invitation_id: uuid.UUID):
    invitation_service.revoke(tenant_for(current_user, workspace_id), invitation_id)
    return no_content()


@bp.post("/invitations/accept")
@jwt_required()
def accept_invitation():
    """The token comes in the body, never in a URL (URLs end up in access logs)."""
    workspace = invitation_service.accept(current_user, body(InvitationAcceptSchema)["token"])
    role = workspace_service.role_of(workspace, current_user)
    return jsonify(workspace=workspace_json(workspace, role))
