"""Invitations: offer a role by email, resend, revoke, and accept with the emailed token."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app.errors import ApiError
from app.extensions import db
from app.models import Invitation, Membership, Role, User, Workspace
from app.models.base import utcnow
from app.services import email_service, plans
from app.services.auth_service import link_with_token, normalize_email
from app.services.pagination import Page, paginate
from app.services.secret_tokens import hash_token, new_token
from app.services.tenancy import Tenant

log = logging.getLogger(__name__)


def status_of(invitation: Invitation) -> str:
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= utcnow():
        return "expired"
    return "pending"


GONE_REASONS = {
    "accepted": "This invitation was already used.",
    "revoked": "This invitation was revoked.",
    "expired": "This invitation has expired.",
}


def _pending(tenant: Tenant):
    return tenant.scoped(Invitation).where(
        Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None)
    )


def list_invitations(tenant: Tenant, page: int, per_page: int) -> Page[Invitation]:
    """Invitations not yet accepted or revoked (expired ones included, to resend)."""
    tenant.require(Role.ADMIN)
    return paginate(_pending(tenant).order_by(Invitation.created_at.desc()), page, per_page)


def _send(invitation: Invitation, token: str, inviter: User) -> None:
    link = link_with_token("/invitations/open", token)
    email_service.send_template(
        invitation.email,
        f"{inviter.name} invited you to {invitation.workspace.name} on Helix",
        "invitation",
        invitation=invitation,
        inviter=inviter,
        link=link,
        days=int(current_app.config["INVITATION_DAYS"]),
    )


def _lifetime() -> timedelta:
    return timedelta(days=int(current_app.config["INVITATION_DAYS"]))


def _require_member_seat(workspace_id: uuid.UUID) -> None:
    """403 plan_limit_reached when the workspace's plan has no room for one more member.

    The workspace row is locked first, so two acceptances cannot both take the last seat.
    """
    workspace = db.session.scalars(
        select(Workspace).where(Workspace.id == workspace_id).with_for_update()
    ).one()
    plans.check_member_seat(workspace, plans.count_members(workspace, utcnow()))


def invite(tenant: Tenant, email: str, role: Role) -> Invitation:
    tenant.require(Role.ADMIN)
    if role == Role.OWNER:
        tenant.require(Role.OWNER)
    _require_member_seat(tenant.workspace.id)
    email = normalize_email(email)
    already_member = db.session.scalar(
        tenant.scoped(Membership).join(Membership.user).where(User.email == email)
    )
    if already_member is not None:
        raise ApiError(
            409, "conflict", "This person is already a member.", {"email": ["Already a member."]}
        )
    previous = db.session.scalar(
        _pending(tenant).where(Invitation.email == email).with_for_update()
    )
    if previous is not None:
        if status_of(previous) == "pending":
            raise ApiError(
                409,
                "conflict",
                "This email already has a pending invitation; resend it instead.",
                {"email": ["Already invited."]},
            )
        previous.revoked_at = utcnow()
        db.session.flush()
    token, token_hash = new_token()
    invitation = Invitation(
        workspace_id=tenant.workspace.id,
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by_id=tenant.user.id,
        expires_at=utcnow() + _lifetime(),
        sent_at=utcnow(),
    )
    db.session.add(invitation)
    db.session.commit()
    _send(invitation, token, tenant.user)
    log.info("invitation %s created in workspace %s", invitation.id, tenant.workspace.id)
    return invitation


def _open_invitation(tenant: Tenant, invitation_id: uuid.UUID) -> Invitation:
    invitation = tenant.get_or_404(Invitation, invitation_id, for_update=True)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ApiError(410, "gone", GONE_REASONS[status_of(invitation)])
    return invitation


def resend(tenant: Tenant, invitation_id: uuid.UUID) -> Invitation:
    """A fresh token and expiry for an open invitation; the old link stops working."""
    tenant.require(Role.ADMIN)
    invitation = _open_invitation(tenant, invitation_id)
    if invitation.role == Role.OWNER:
        tenant.require(Role.OWNER)
    token, invitation.token_hash = new_token()
    invitation.expires_at = utcnow() + _lifetime()
    invitation.sent_at = utcnow()
    db.session.commit()
    _send(invitation, token, tenant.user)
    return invitation


def revoke(tenant: Tenant, invitation_id: uuid.UUID) -> None:
    tenant.require(Role.ADMIN)
    invitation = _open_invitation(tenant, invitation_id)
    if invitation.role == Role.OWNER:
        tenant.require(Role.OWNER)
    invitation.revoked_at = utcnow()
    db.session.commit()


def find(token: str) -> Invitation:
    """The invitation behind an emailed token, whatever its state; 404 if none."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None:
        raise ApiError(404, "not_found", "This invitation link is not valid.")
    return invitation


def required_role(invitation_role: Role) -> Role:
    """The role an inviter needs to offer `invitation_role`: owner for owners, else admin."""
    return Role.OWNER if invitation_role == Role.OWNER else Role.ADMIN


def revoke_by_inviter(workspace_id: uuid.UUID, inviter_id: uuid.UUID, role: Role | None) -> int:
    """Revoke the open invitations `inviter_id` made in a workspace that `role` (None: no
    longer a member) does not allow to make; the caller commits. Returns how many."""
    statement = select(Invitation).where(
        Invitation.workspace_id == workspace_id,
        Invitation.invited_by_id == inviter_id,
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
    )
    revoked = 0
    for invitation in db.session.scalars(statement.with_for_update()):
        if role is None or not role.at_least(required_role(invitation.role)):
            invitation.revoked_at = utcnow()
            revoked += 1
    if revoked:
        log.info("%d invitation(s) of %s revoked with their rights", revoked, inviter_id)
    return revoked


def _inviter_still_allowed(invitation: Invitation) -> bool:
    if invitation.invited_by_id is None:
        return False
    membership = db.session.get(Membership, (invitation.workspace_id, invitation.invited_by_id))
    return membership is not None and membership.role.at_least(required_role(invitation.role))


def require_addressee(invitation: Invitation, email: str) -> None:
    """403 unless `email` is the address the invitation was sent to."""
    if normalize_email(email) != invitation.email:
        raise ApiError(
            403,
            "forbidden",
            "This invitation was sent to another email address. Log in with that address, "
            "or ask for an invitation to yours.",
        )


def accept(user: User, token: str) -> Workspace:
    """Join the invitation's workspace with its role: only as the invited email, only while
    its inviter may still invite, once; an existing membership keeps its role."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token)).with_for_update()
    )
    if invitation is None:
        raise ApiError(404, "not_found", "This invitation link is not valid.")
    status = status_of(invitation)
    if status == "pending" and not _inviter_still_allowed(invitation):
        invitation.revoked_at = utcnow()
        db.session.commit()
        status = "revoked"
    if status != "pending":
        db.session.rollback()
        raise ApiError(410, "gone", GONE_REASONS[status] + " Ask for a new one.")
    try:
        require_addressee(invitation, user.email)
    except ApiError:
        db.session.rollback()
        raise
    existing = db.session.get(Membership, (invitation.workspace_id, user.id))
    if existing is None:
        _require_member_seat(invitation.workspace_id)
        db.session.add(
            Membership(workspace_id=invitation.workspace_id, user_id=user.id, role=invitation.role)
        )
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    workspace = invitation.workspace
    db.session.commit()
    log.info("invitation %s accepted by %s", invitation.id, user.id)
    return workspace
