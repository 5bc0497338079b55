"""Signing up: a new user with a workspace of their own, or joining by invitation."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import ApiError
from app.models import Role, User, Workspace
from app.services import auth_service, invitation_service, workspace_service


@dataclass(frozen=True)
class SignedUp:
    user: User
    workspace: Workspace | None
    role: Role | None


def sign_up(
    email: str,
    password: str,
    name: str,
    workspace_name: str | None = None,
    invitation_token: str | None = None,
) -> SignedUp:
    """Create the account; it owns `workspace_name`, or joins the invitation's workspace."""
    if not workspace_name and not invitation_token:
        raise ApiError(
            422,
            "validation_error",
            "Name your workspace.",
            {"workspace_name": ["Missing data for required field."]},
        )
    if invitation_token:
        invitation = invitation_service.find(invitation_token)
        status = invitation_service.status_of(invitation)
        if status != "pending":
            raise ApiError(
                410, "gone", invitation_service.GONE_REASONS[status] + " Ask for a new one."
            )
        if auth_service.normalize_email(email) != invitation.email:
            raise ApiError(
                422,
                "validation_error",
                "Sign up with the email address the invitation was sent to.",
                {"email": ["This invitation was sent to another email address."]},
            )
    user, workspace = auth_service.signup(email, password, name, workspace_name)
    if invitation_token:
        joined = invitation_service.accept(user, invitation_token)
        if workspace is None:
            return SignedUp(user, joined, workspace_service.role_of(joined, user))
    return SignedUp(user, workspace, Role.OWNER if workspace else None)
