"""Another workspace's ids answer 404, exactly like missing ones, for read, update and delete."""

import pytest

from app.models import Invitation, Membership, Role
from app.models.base import utcnow

pytestmark = pytest.mark.integration

NOT_FOUND = {"error": "not_found"}


@pytest.fixture
def two_tenants(make_user, add_member, db_session):
    """`mine`: a workspace the caller owns. `theirs`: another with a member and an invitation."""
    me = make_user("Me")
    them = make_user("Them")
    their_member = make_user("Their member")
    add_member(them.own_workspace, their_member)
    invitation = Invitation(
        workspace_id=them.own_workspace.id,
        email="someone@example.com",
        role=Role.MEMBER,
        token_hash="0" * 64,
        invited_by_id=them.id,
        expires_at=utcnow().replace(year=utcnow().year + 1),
    )
    db_session.add(invitation)
    db_session.commit()
    return me, them, their_member, invitation


def assert_404(response):
    assert response.status_code == 404, response.get_json()
    assert response.get_json()["error"] == NOT_FOUND["error"]


def test_returns_404_for_another_workspace_itself(two_tenants, login, db_session):
    me, them, *_ = two_tenants
    api = login(me)
    url = f"/api/v1/workspaces/{them.own_workspace.id}"
    assert_404(api.get(url))
    assert_404(api.patch(url, json={"name": "Hijacked"}))
    assert_404(api.delete(url))
    db_session.refresh(them.own_workspace)
    assert them.own_workspace.name != "Hijacked"


def test_returns_404_for_members_of_another_workspace(two_tenants, login, db_session):
    me, them, their_member, _ = two_tenants
    api = login(me)
    base = f"/api/v1/workspaces/{them.own_workspace.id}/members"
    assert_404(api.get(base))
    assert_404(api.patch(f"{base}/{their_member.id}", json={"role": "admin"}))
    assert_404(api.delete(f"{base}/{their_member.id}"))
    membership = db_session.get(Membership, (them.own_workspace.id, their_member.id))
    assert membership.role == Role.MEMBER


def test_returns_404_for_another_workspaces_member_addressed_through_my_workspace(
    two_tenants, login, db_session
):
    me, them, their_member, _ = two_tenants
    api = login(me)
    url = f"/api/v1/workspaces/{me.own_workspace.id}/members/{their_member.id}"
    assert_404(api.patch(url, json={"role": "admin"}))
    assert_404(api.delete(url))
    assert db_session.get(Membership, (them.own_workspace.id, their_member.id)) is not None


def test_returns_404_for_invitations_of_another_workspace(two_tenants, login, db_session):
    me, them, _, invitation = two_tenants
    api = login(me)
    theirs = f"/api/v1/workspaces/{them.own_workspace.id}/invitations"
    assert_404(api.get(theirs))
    assert_404(api.post(theirs, json={"email": "x@example.com", "role": "member"}))
    assert_404(api.post(f"{theirs}/{invitation.id}/resend"))
    assert_404(api.delete(f"{theirs}/{invitation.id}"))
    # Their invitation id through my own workspace is not found either.
    mine = f"/api/v1/workspaces/{me.own_workspace.id}/invitations/{invitation.id}"
    assert_404(api.delete(mine))
    assert_404(api.post(f"{mine}/resend"))
    db_session.refresh(invitation)
    assert invitation.revoked_at is None


def test_a_missing_workspace_and_a_foreign_one_answer_identically(two_tenants, login):
    me, them, *_ = two_tenants
    api = login(me)
    foreign = api.get(f"/api/v1/workspaces/{them.own_workspace.id}").get_json()
    missing = api.get("/api/v1/workspaces/00000000-0000-4000-8000-000000000000").get_json()
    assert foreign == missing
