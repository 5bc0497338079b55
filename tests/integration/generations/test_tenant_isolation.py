"""Another workspace's projects and generations answer 404, exactly like missing ones."""

import uuid

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture
def theirs(make_user, login, small_yaml):
    """A project of another workspace with one finished generation."""
    them = make_user("Them")
    api = login(them)
    base = f"/api/v1/workspaces/{them.own_workspace.id}"
    project = api.post(f"{base}/projects", json={"name": "Theirs", "genome_yaml": small_yaml})
    generation = api.post(f"{base}/projects/{project.get_json()['id']}/generations")
    assert generation.status_code == 202
    return {
        "workspace": str(them.own_workspace.id),
        "project": project.get_json()["id"],
        "generation": generation.get_json()["id"],
    }


def assert_404(response):
    assert response.status_code == 404, response.get_json()
    assert response.get_json()["error"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/projects/{project}", None),
        ("PATCH", "/projects/{project}", {"name": "Mine now"}),
        ("DELETE", "/projects/{project}", None),
        ("GET", "/projects/{project}/generations", None),
        ("POST", "/projects/{project}/generations", None),
        ("GET", "/generations/{generation}", None),
        ("GET", "/generations/{generation}/download", None),
    ],
)
def test_returns_404_for_another_workspaces_rows_through_my_workspace(
    owner_api, workspace_path, theirs, method, path, body
):
    response = owner_api.open(method, workspace_path + path.format(**theirs), json=body)
    assert_404(response)


@pytest.mark.parametrize(
    "path",
    ["/projects", "/projects/{project}", "/generations/{generation}/download"],
)
def test_returns_404_for_another_workspace_i_am_not_a_member_of(owner_api, theirs, path):
    response = owner_api.get(f"/api/v1/workspaces/{theirs['workspace']}" + path.format(**theirs))
    assert_404(response)


def test_returns_404_for_ids_that_do_not_exist(owner_api, workspace_path):
    assert_404(owner_api.get(f"{workspace_path}/projects/{uuid.uuid4()}"))
    assert_404(owner_api.get(f"{workspace_path}/generations/{uuid.uuid4()}/download"))


def test_their_project_is_untouched_after_my_attempts(owner_api, workspace_path, theirs, login):
    owner_api.patch(f"{workspace_path}/projects/{theirs['project']}", json={"name": "Mine"})
    owner_api.delete(f"{workspace_path}/projects/{theirs['project']}")
    from app.extensions import db
    from app.models import Project

    project = db.session.get(Project, uuid.UUID(theirs["project"]))
    assert project is not None
    assert project.name == "Theirs"
    del login


def test_lists_show_only_my_workspaces_projects(owner_api, workspace_path, theirs, make_project):
    del theirs
    make_project()
    listed = owner_api.get(f"{workspace_path}/projects").get_json()
    assert [item["name"] for item in listed["items"]] == ["Tiny notes"]
