"""Projects API: create, list, read, update and delete a workspace's projects."""

import pytest

pytestmark = pytest.mark.integration


def test_creating_a_project_with_a_yaml_genome_answers_201_with_the_genome(
    owner_api, workspace_path, small_yaml
):
    response = owner_api.post(
        f"{workspace_path}/projects",
        json={"name": "Notes", "description": "Line one\nline two", "genome_yaml": small_yaml},
    )
    assert response.status_code == 201, response.get_json()
    project = response.get_json()
    assert project["name"] == "Notes"
    assert project["description"] == "Line one\nline two"
    assert project["genome"]["entities"][0]["name"] == "Note"
    assert project["genome_yaml"] == small_yaml
    assert response.headers["Location"].endswith(project["id"])


def test_a_genome_may_be_sent_as_an_object(owner_api, workspace_path):
    genome = {
        "genome": 1,
        "name": "Objects",
        "entities": [{"name": "Item", "fields": {"label": {"type": "string"}}}],
    }
    response = owner_api.post(f"{workspace_path}/projects", json={"name": "O", "genome": genome})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["genome"]["entities"][0]["name"] == "Item"


def test_a_project_without_a_genome_can_be_created(owner_api, workspace_path):
    response = owner_api.post(f"{workspace_path}/projects", json={"name": "Later"})
    assert response.status_code == 201
    assert response.get_json()["genome"] is None


def test_an_invalid_genome_is_refused_with_each_problem_and_its_line(owner_api, workspace_path):
    text = (
        "genome: 1\nname: Broken\nentities:\n  - name: Note\n    fields:\n      t: {type: strng}\n"
    )
    response = owner_api.post(
        f"{workspace_path}/projects", json={"name": "Broken", "genome_yaml": text}
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_genome"
    problem = body["details"][0]
    assert problem["path"] == "entities[0].fields.t.type"
    assert problem["line"] == 6
    assert owner_api.get(f"{workspace_path}/projects").get_json()["total"] == 0


def test_projects_are_listed_in_pages(make_project, owner_api, workspace_path):
    for number in range(3):
        make_project(name=f"P{number}")
    first = owner_api.get(f"{workspace_path}/projects?per_page=2").get_json()
    assert (first["total"], first["page"], first["per_page"], len(first["items"])) == (3, 1, 2, 2)


def test_updating_a_project_changes_only_the_given_fields(make_project, owner_api, workspace_path):
    project = make_project()
    response = owner_api.patch(
        f"{workspace_path}/projects/{project['id']}", json={"name": "Renamed"}
    )
    assert response.status_code == 200
    assert response.get_json()["name"] == "Renamed"
    assert response.get_json()["genome_yaml"] == project["genome_yaml"]


def test_an_invalid_genome_update_keeps_the_saved_genome(make_project, owner_api, workspace_path):
    project = make_project()
    path = f"{workspace_path}/projects/{project['id']}"
    response = owner_api.patch(path, json={"genome_yaml": "genome: 1\nname: x\n"})
    assert response.status_code == 422
    assert owner_api.get(path).get_json()["genome_yaml"] == project["genome_yaml"]


def test_deleting_a_project_answers_204_and_it_is_gone(make_project, owner_api, workspace_path):
    project = make_project()
    path = f"{workspace_path}/projects/{project['id']}"
    assert owner_api.delete(path).status_code == 204
    assert owner_api.get(path).status_code == 404


def test_writes_without_the_csrf_header_are_refused(owner_api, workspace_path):
    response = owner_api.post(f"{workspace_path}/projects", json={"name": "X"}, csrf=False)
    assert response.status_code == 403
    assert response.get_json()["error"] == "csrf_failed"


def test_projects_need_a_login(new_client, workspace_path):
    response = new_client().get(f"{workspace_path}/projects")
    assert response.status_code == 401
