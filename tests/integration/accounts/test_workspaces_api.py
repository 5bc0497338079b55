"""Workspaces and their members through the JSON API; roles enforced by the services."""

import uuid

import pytest
from sqlalchemy import select

from app.models import Membership, Role, Workspace

pytestmark = pytest.mark.integration


def members_url(workspace, user=None):
    base = f"/api/v1/workspaces/{workspace.id}/members"
    return f"{base}/{user.id}" if user else base


@pytest.fixture
def team(make_user, add_member):
    """A workspace with an owner, an admin and a member."""
    owner = make_user("Olive Owner")
    admin = make_user("Adam Admin")
    member = make_user("Mia Member")
    workspace = owner.own_workspace
    add_member(workspace, admin, "admin")
    add_member(workspace, member, "member")
    return workspace, owner, admin, member


def role_of(db_session, workspace, user):
    db_session.expire_all()
    membership = db_session.get(Membership, (workspace.id, user.id))
    return membership.role if membership else None


def test_a_user_can_create_and_list_several_workspaces(login, make_user):
    api = login(make_user())
    created = api.post("/api/v1/workspaces", json={"name": "Second"})
    assert created.status_code == 201
    assert created.get_json()["role"] == "owner"
    listed = api.get("/api/v1/workspaces").get_json()
    assert listed["total"] == 2
    assert {item["name"] for item in listed["items"]} >= {"Second"}
    assert listed["page"] == 1
    assert listed["per_page"] == 20


def test_workspace_lists_page_and_refuse_per_page_over_100(login, make_user):
    api = login(make_user())
    for number in range(3):
        api.post("/api/v1/workspaces", json={"name": f"W{number}"})
    page = api.get("/api/v1/workspaces?page=2&per_page=2").get_json()
    assert page["total"] == 4
    assert len(page["items"]) == 2
    too_many = api.get("/api/v1/workspaces?per_page=101")
    assert too_many.status_code == 422
    assert "per_page" in too_many.get_json()["details"]


def test_admins_rename_the_workspace_but_members_may_not(team, login, db_session):
    workspace, _owner, admin, member = team
    url = f"/api/v1/workspaces/{workspace.id}"
    assert login(member).patch(url, json={"name": "Nope"}).status_code == 403
    response = login(admin).patch(url, json={"name": "Renamed"})
    assert response.status_code == 200
    assert response.get_json()["name"] == "Renamed"
    db_session.refresh(workspace)
    assert workspace.name == "Renamed"


def test_only_an_owner_deletes_a_workspace(team, login, db_session):
    workspace, owner, admin, _member = team
    url = f"/api/v1/workspaces/{workspace.id}"
    denied = login(admin).delete(url)
    assert denied.status_code == 403
    assert denied.get_json()["error"] == "forbidden"
    assert login(owner).delete(url).status_code == 204
    assert db_session.scalar(select(Workspace).where(Workspace.id == workspace.id)) is None


def test_every_member_sees_the_member_list(team, login):
    workspace, *_people, member = team
    response = login(member).get(members_url(workspace))
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 3
    assert {item["role"] for item in body["items"]} == {"owner", "admin", "member"}
    assert set(body["items"][0]) >= {"user_id", "email", "name", "role"}


def test_an_admin_promotes_a_member_to_admin(team, login, db_session):
    workspace, _owner, admin, member = team
    response = login(admin).patch(members_url(workspace, member), json={"role": "admin"})
    assert response.status_code == 200
    assert response.get_json()["role"] == "admin"
    assert role_of(db_session, workspace, member) == Role.ADMIN


def test_a_member_cannot_change_roles(team, login, db_session):
    workspace, _owner, admin, member = team
    response = login(member).patch(members_url(workspace, admin), json={"role": "member"})
    assert response.status_code == 403
    assert role_of(db_session, workspace, admin) == Role.ADMIN


def test_an_admin_cannot_make_owners_or_touch_an_owner(team, login, db_session):
    workspace, owner, admin, member = team
    api = login(admin)
    assert api.patch(members_url(workspace, member), json={"role": "owner"}).status_code == 403
    assert api.patch(members_url(workspace, owner), json={"role": "member"}).status_code == 403
    assert api.delete(members_url(workspace, owner)).status_code == 403
    assert role_of(db_session, workspace, owner) == Role.OWNER


def test_demoting_the_last_owner_answers_409(team, login, db_session):
    workspace, owner, *_rest = team
    response = login(owner).patch(members_url(workspace, owner), json={"role": "admin"})
    assert response.status_code == 409
    assert response.get_json()["error"] == "conflict"
    assert role_of(db_session, workspace, owner) == Role.OWNER


def test_the_last_owner_cannot_leave(team, login, db_session):
    workspace, owner, *_rest = team
    api = login(owner)
    assert api.post(f"/api/v1/workspaces/{workspace.id}/leave").status_code == 409
    assert api.delete(members_url(workspace, owner)).status_code == 409
    assert role_of(db_session, workspace, owner) == Role.OWNER


def test_an_owner_may_step_down_when_another_owner_remains(team, login, db_session):
    workspace, owner, admin, _member = team
    api = login(owner)
    assert api.patch(members_url(workspace, admin), json={"role": "owner"}).status_code == 200
    assert api.patch(members_url(workspace, owner), json={"role": "member"}).status_code == 200
    assert role_of(db_session, workspace, owner) == Role.MEMBER


def test_a_member_leaves_and_loses_access(team, login, db_session):
    workspace, *_people, member = team
    api = login(member)
    assert api.post(f"/api/v1/workspaces/{workspace.id}/leave").status_code == 204
    assert role_of(db_session, workspace, member) is None
    assert api.get(f"/api/v1/workspaces/{workspace.id}").status_code == 404


def test_an_admin_removes_a_member(team, login, db_session):
    workspace, _owner, admin, member = team
    assert login(admin).delete(members_url(workspace, member)).status_code == 204
    assert role_of(db_session, workspace, member) is None


def test_a_member_cannot_remove_anyone(team, login, db_session):
    workspace, _owner, admin, member = team
    assert login(member).delete(members_url(workspace, admin)).status_code == 403
    assert role_of(db_session, workspace, admin) == Role.ADMIN


def test_transferring_ownership_makes_the_caller_an_admin(team, login, db_session):
    workspace, owner, _admin, member = team
    response = login(owner).post(
        f"/api/v1/workspaces/{workspace.id}/transfer-ownership", json={"user_id": str(member.id)}
    )
    assert response.status_code == 200
    assert role_of(db_session, workspace, member) == Role.OWNER
    assert role_of(db_session, workspace, owner) == Role.ADMIN


def test_only_an_owner_transfers_ownership(team, login, db_session):
    workspace, _owner, admin, member = team
    response = login(admin).post(
        f"/api/v1/workspaces/{workspace.id}/transfer-ownership", json={"user_id": str(member.id)}
    )
    assert response.status_code == 403
    assert role_of(db_session, workspace, member) == Role.MEMBER


def test_changing_the_role_of_someone_outside_the_workspace_answers_404(team, login, make_user):
    workspace, owner, *_rest = team
    stranger = make_user("Stranger")
    response = login(owner).patch(members_url(workspace, stranger), json={"role": "admin"})
    assert response.status_code == 404


def test_an_unknown_role_answers_422(team, login, db_session):
    workspace, owner, _admin, member = team
    response = login(owner).patch(members_url(workspace, member), json={"role": "emperor"})
    assert response.status_code == 422
    assert "role" in response.get_json()["details"]
    assert role_of(db_session, workspace, member) == Role.MEMBER


def test_a_malformed_workspace_id_answers_404(login, make_user):
    response = login(make_user()).get(f"/api/v1/workspaces/not-a-uuid-{uuid.uuid4().hex}")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
