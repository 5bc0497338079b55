"""Invitations by email: invite, resend, revoke, accept as an existing user or by signing up."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import Invitation, Membership, Role
from app.models.base import utcnow

pytestmark = pytest.mark.integration


def invite(api, workspace, email, role="member"):
    return api.post(
        f"/api/v1/workspaces/{workspace.id}/invitations", json={"email": email, "role": role}
    )


def token_from(link: str) -> str:
    """Invitation links carry the token in the fragment, never in the path or query."""
    path, fragment = link.split("#", 1)
    assert path.endswith("/invitations/open")
    return fragment.removeprefix("token=")


def accept(api, token):
    return api.post("/api/v1/invitations/accept", json={"token": token})


def test_an_admin_invites_by_email_with_a_link_that_works_once(
    make_user, login, mailbox, db_session
):
    owner = make_user("Olive")
    invitee = make_user("Ivan", email="ivan@example.com")
    api = login(owner)
    response = invite(api, owner.own_workspace, "Ivan@Example.com", "admin")
    assert response.status_code == 201
    body = response.get_json()
    assert body["email"] == "ivan@example.com"
    assert body["status"] == "pending"
    assert "token" not in body
    link = mailbox.last_link("ivan@example.com", "/invitations/open#")
    message = mailbox.to("ivan@example.com")[-1]
    assert "Olive invited you" in message["Subject"]
    stored = db_session.scalar(select(Invitation).where(Invitation.email == "ivan@example.com"))
    assert token_from(link) not in stored.token_hash

    ivan = login(invitee)
    accepted = accept(ivan, token_from(link))
    assert accepted.status_code == 200
    assert accepted.get_json()["workspace"]["id"] == str(owner.own_workspace.id)
    assert accepted.get_json()["workspace"]["role"] == "admin"
    again = accept(ivan, token_from(link))
    assert again.status_code == 410
    assert again.get_json()["error"] == "gone"


def test_signing_up_from_an_invitation_joins_the_workspace(make_user, login, mailbox, new_client):
    owner = make_user("Olive")
    invite(login(owner), owner.own_workspace, "newbie@example.com")
    token = token_from(mailbox.last_link("newbie@example.com", "/invitations/open#"))
    api = new_client()
    response = api.post(
        "/api/v1/auth/signup",
        json={
            "email": "newbie@example.com",
            "password": "a long enough password",
            "name": "Newbie",
            "invitation_token": token,
        },
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["workspace"]["id"] == str(owner.own_workspace.id)
    assert response.get_json()["workspace"]["role"] == "member"
    workspaces = api.get("/api/v1/me").get_json()["workspaces"]
    assert [w["id"] for w in workspaces] == [str(owner.own_workspace.id)]


def test_an_expired_invitation_answers_410_and_adds_nobody(make_user, login, mailbox, db_session):
    owner = make_user()
    invitee = make_user(email="late@example.com")
    invite(login(owner), owner.own_workspace, "late@example.com")
    token = token_from(mailbox.last_link("late@example.com", "/invitations/open#"))
    invitation = db_session.scalar(select(Invitation).where(Invitation.email == "late@example.com"))
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    response = accept(login(invitee), token)
    assert response.status_code == 410
    assert db_session.get(Membership, (owner.own_workspace.id, invitee.id)) is None


def test_invitations_expire_after_seven_days(make_user, login, mailbox, db_session):
    del mailbox
    owner = make_user()
    invite(login(owner), owner.own_workspace, "week@example.com")
    invitation = db_session.scalar(select(Invitation).where(Invitation.email == "week@example.com"))
    lifetime = invitation.expires_at - invitation.created_at
    assert timedelta(days=7) - timedelta(seconds=5) < lifetime <= timedelta(days=7)


def test_resending_replaces_the_link_and_the_old_one_stops_working(
    make_user, login, mailbox, db_session
):
    owner = make_user()
    invitee = make_user(email="twice@example.com")
    api = login(owner)
    invitation_id = invite(api, owner.own_workspace, "twice@example.com").get_json()["id"]
    old_token = token_from(mailbox.last_link("twice@example.com", "/invitations/open#"))
    resent = api.post(
        f"/api/v1/workspaces/{owner.own_workspace.id}/invitations/{invitation_id}/resend"
    )
    assert resent.status_code == 200
    mailbox.wait_for("twice@example.com", count=2)
    new_token = token_from(mailbox.last_link("twice@example.com", "/invitations/open#"))
    assert new_token != old_token
    ivan = login(invitee)
    assert accept(ivan, old_token).status_code == 404
    assert accept(ivan, new_token).status_code == 200
    assert db_session.get(Membership, (owner.own_workspace.id, invitee.id)) is not None


def test_a_revoked_invitation_cannot_be_accepted(make_user, login, mailbox, db_session):
    owner = make_user()
    invitee = make_user(email="revoked@example.com")
    api = login(owner)
    invitation_id = invite(api, owner.own_workspace, "revoked@example.com").get_json()["id"]
    token = token_from(mailbox.last_link("revoked@example.com", "/invitations/open#"))
    url = f"/api/v1/workspaces/{owner.own_workspace.id}/invitations/{invitation_id}"
    assert api.delete(url).status_code == 204
    assert (
        api.get(f"/api/v1/workspaces/{owner.own_workspace.id}/invitations").get_json()["total"] == 0
    )
    assert accept(login(invitee), token).status_code == 410
    assert db_session.get(Membership, (owner.own_workspace.id, invitee.id)) is None


def test_inviting_twice_or_inviting_a_member_answers_409(make_user, login, add_member, mailbox):
    del mailbox
    owner = make_user()
    colleague = make_user(email="colleague@example.com")
    add_member(owner.own_workspace, colleague)
    api = login(owner)
    assert invite(api, owner.own_workspace, "colleague@example.com").status_code == 409
    assert invite(api, owner.own_workspace, "fresh@example.com").status_code == 201
    assert invite(api, owner.own_workspace, "fresh@example.com").status_code == 409


def test_members_cannot_invite_and_admins_cannot_invite_owners(
    make_user, login, add_member, db_session
):
    owner = make_user()
    admin = make_user()
    member = make_user()
    add_member(owner.own_workspace, admin, "admin")
    add_member(owner.own_workspace, member, "member")
    assert invite(login(member), owner.own_workspace, "x@example.com").status_code == 403
    assert invite(login(admin), owner.own_workspace, "y@example.com", "owner").status_code == 403
    assert (
        login(member).get(f"/api/v1/workspaces/{owner.own_workspace.id}/invitations").status_code
        == 403
    )
    assert (
        db_session.scalar(
            select(Invitation).where(Invitation.workspace_id == owner.own_workspace.id)
        )
        is None
    )


def test_accepting_an_invitation_when_already_a_member_keeps_one_membership(
    make_user, login, add_member, mailbox, db_session
):
    owner = make_user()
    invitee = make_user(email="already@example.com")
    invite(login(owner), owner.own_workspace, "already@example.com", "admin")
    token = token_from(mailbox.last_link("already@example.com", "/invitations/open#"))
    add_member(owner.own_workspace, invitee, "member")
    assert accept(login(invitee), token).status_code == 200
    memberships = db_session.scalars(
        select(Membership).where(Membership.user_id == invitee.id)
    ).all()
    assert len(memberships) == 2  # their own workspace and this one
    # Accepting never raises an existing role: that would be a way back in for a demoted admin.
    assert db_session.get(Membership, (owner.own_workspace.id, invitee.id)).role == Role.MEMBER


def test_an_unknown_invitation_token_answers_404(make_user, login):
    response = accept(login(make_user()), "not-a-real-token")
    assert response.status_code == 404


def test_only_the_invited_email_can_accept(make_user, login, mailbox, db_session):
    owner = make_user()
    invited = make_user(email="invited@example.com")
    someone_else = make_user()
    invite(login(owner), owner.own_workspace, "invited@example.com", "admin")
    token = token_from(mailbox.last_link("invited@example.com", "/invitations/open#"))
    refused = accept(login(someone_else), token)
    assert refused.status_code == 403
    assert refused.get_json()["error"] == "forbidden"
    assert db_session.get(Membership, (owner.own_workspace.id, someone_else.id)) is None
    assert accept(login(invited), token).status_code == 200


def test_signing_up_with_another_email_than_the_invited_one_is_refused(
    make_user, login, mailbox, new_client, db_session
):
    owner = make_user()
    invite(login(owner), owner.own_workspace, "right@example.com", "admin")
    token = token_from(mailbox.last_link("right@example.com", "/invitations/open#"))
    response = new_client().post(
        "/api/v1/auth/signup",
        json={
            "email": "wrong@example.com",
            "password": "a long enough password",
            "name": "Wrong",
            "invitation_token": token,
        },
    )
    assert response.status_code == 422
    assert "email" in response.get_json()["details"]
    from app.models import User

    assert db_session.scalar(select(User).where(User.email == "wrong@example.com")) is None


@pytest.mark.parametrize("how", ["removed", "demoted", "left"])
def test_a_removed_or_demoted_admin_cannot_get_back_in_with_an_invitation(
    how, make_user, login, add_member, mailbox, db_session
):
    """Admin D invites an address he controls, loses his rights, then accepts it himself."""
    owner = make_user()
    admin = make_user(email=f"d-{how}@example.com")
    workspace = owner.own_workspace
    add_member(workspace, admin, "admin")
    admin_api = login(admin)
    assert invite(admin_api, workspace, f"d-{how}-alt@example.com", "admin").status_code == 201
    token = token_from(mailbox.last_link(f"d-{how}-alt@example.com", "/invitations/open#"))
    members = f"/api/v1/workspaces/{workspace.id}/members/{admin.id}"
    owner_api = login(owner)
    if how == "removed":
        assert owner_api.delete(members).status_code == 204
    elif how == "demoted":
        assert owner_api.patch(members, json={"role": "member"}).status_code == 200
    else:
        assert admin_api.delete(members).status_code == 204
    invitation = db_session.scalar(
        select(Invitation).where(Invitation.workspace_id == workspace.id)
    )
    db_session.refresh(invitation)
    assert invitation.revoked_at is not None
    alt = make_user(email=f"d-{how}-alt@example.com")
    assert accept(login(alt), token).status_code == 410
    assert db_session.get(Membership, (workspace.id, alt.id)) is None


def test_an_invitation_whose_inviter_lost_rights_meanwhile_is_refused_at_acceptance(
    make_user, login, add_member, mailbox, db_session
):
    """Even without the revocation (say, rights changed by hand), acceptance checks them."""
    owner = make_user()
    admin = make_user()
    add_member(owner.own_workspace, admin, "admin")
    invite(login(admin), owner.own_workspace, "late-check@example.com")
    token = token_from(mailbox.last_link("late-check@example.com", "/invitations/open#"))
    db_session.get(Membership, (owner.own_workspace.id, admin.id)).role = Role.MEMBER
    db_session.commit()
    invitee = make_user(email="late-check@example.com")
    assert accept(login(invitee), token).status_code == 410
    assert db_session.get(Membership, (owner.own_workspace.id, invitee.id)) is None


def test_an_owner_handing_over_ownership_keeps_admin_invitations_but_not_owner_ones(
    make_user, login, add_member, mailbox, db_session
):
    del mailbox  # the invitation emails go to the loopback server
    owner = make_user()
    successor = make_user()
    add_member(owner.own_workspace, successor, "admin")
    api = login(owner)
    invite(api, owner.own_workspace, "co-owner@example.com", "owner")
    invite(api, owner.own_workspace, "helper@example.com", "admin")
    transfer = api.post(
        f"/api/v1/workspaces/{owner.own_workspace.id}/transfer-ownership",
        json={"user_id": str(successor.id)},
    )
    assert transfer.status_code == 200, transfer.get_json()
    by_email = {
        i.email: i
        for i in db_session.scalars(
            select(Invitation).where(Invitation.workspace_id == owner.own_workspace.id)
        )
    }
    for invitation in by_email.values():
        db_session.refresh(invitation)
    assert by_email["co-owner@example.com"].revoked_at is not None
    assert by_email["helper@example.com"].revoked_at is None
