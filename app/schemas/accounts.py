"""Request schemas and response shapes of accounts, workspaces, members and invitations."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from app.models import Invitation, Membership, Role, User, Workspace
from app.schemas.fields import EmailAddress, Password, Text
from app.services.passwords import password_problems

ROLES = [role.value for role in Role]


def strong_password(password: str) -> None:
    """Field-level policy, so weak passwords are reported with every other field error."""
    problems = password_problems(password)
    if problems:
        raise ValidationError(problems)


class SignupSchema(Schema):
    email = EmailAddress(required=True)
    password = Password(required=True, validate=strong_password)
    name = Text(required=True)
    workspace_name = Text(load_default=None)
    invitation_token = fields.String(load_default=None, validate=validate.Length(max=200))


class LoginSchema(Schema):
    email = Text(required=True, max_length=254)
    password = Password(required=True)


class PasswordResetSchema(Schema):
    email = Text(required=True, max_length=254)


class InvitationAcceptSchema(Schema):
    token = Text(required=True, max_length=200)


class PasswordResetConfirmSchema(Schema):
    token = Text(required=True, max_length=200)
    password = Password(required=True)


class ProfileSchema(Schema):
    name = Text()
    password = Password()
    current_password = Password()


class NameSchema(Schema):
    name = Text(required=True)


class PasswordChangeSchema(Schema):
    current_password = Password(required=True)
    password = Password(required=True, validate=strong_password)


class NewPasswordSchema(Schema):
    password = Password(required=True, validate=strong_password)


class WorkspaceSchema(Schema):
    name = Text(required=True)


class RoleSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class InvitationSchema(Schema):
    email = EmailAddress(required=True)
    role = fields.String(load_default=Role.MEMBER.value, validate=validate.OneOf(ROLES))


class TransferSchema(Schema):
    user_id = fields.UUID(required=True)


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def user_json(user: User) -> dict:
    return {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "created_at": iso(user.created_at),
    }


def workspace_json(workspace: Workspace, role: Role | None = None) -> dict:
    body = {
        "id": str(workspace.id),
        "name": workspace.name,
        "plan": workspace.plan,
        "created_at": iso(workspace.created_at),
    }
    if role is not None:
        body["role"] = role.value
    return body


def member_json(membership: Membership) -> dict:
    return {
        "user_id": str(membership.user_id),
        "email": membership.user.email,
        "name": membership.user.name,
        "role": membership.role.value,
        "joined_at": iso(membership.created_at),
    }


def invitation_json(invitation: Invitation, status: str) -> dict:
    return {
        "id": str(invitation.id),
        "email": invitation.email,
        "role": invitation.role.value,
        "status": status,
        "created_at": iso(invitation.created_at),
        "sent_at": iso(invitation.sent_at),
        "expires_at": iso(invitation.expires_at),
    }
