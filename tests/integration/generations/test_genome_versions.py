"""Genome versions: every saved genome of a project is kept, numbered, with who and when;
generations record the version they were made from; versions compare as a YAML diff."""

import importlib.util
import uuid

import pytest

from app.extensions import db
from app.models import GenomeVersion

from .genomes import SMALL_GENOME

pytestmark = pytest.mark.integration

WITH_PRIORITY = SMALL_GENOME + "      priority: {type: integer}\n"


@pytest.fixture
def project(make_project):
    return make_project()


@pytest.fixture
def versions_path(workspace_path, project) -> str:
    return f"{workspace_path}/projects/{project['id']}/versions"


def save(api, workspace_path, project, genome_yaml, **headers):
    return api.patch(
        f"{workspace_path}/projects/{project['id']}",
        json={"genome_yaml": genome_yaml},
        headers=headers or None,
    )


def numbers(api, versions_path) -> list[int]:
    response = api.get(versions_path)
    assert response.status_code == 200, response.get_json()
    return [item["number"] for item in response.get_json()["items"]]


def test_creating_a_project_with_a_genome_makes_version_1_by_its_creator(
    owner_api, versions_path, owner, small_yaml
):
    listed = owner_api.get(versions_path).get_json()
    assert listed["total"] == 1
    [item] = listed["items"]
    assert item["number"] == 1
    assert item["created_by"] == str(owner.id)
    assert item["created_by_name"] == "Owner"
    assert item["created_at"]
    assert "genome_yaml" not in item
    one = owner_api.get(item["url"])
    assert one.status_code == 200
    assert one.get_json()["genome_yaml"] == small_yaml


def test_each_changed_genome_is_the_next_version_and_the_same_text_is_not(
    owner_api, workspace_path, project, versions_path, small_yaml
):
    assert save(owner_api, workspace_path, project, WITH_PRIORITY).status_code == 200
    assert save(owner_api, workspace_path, project, WITH_PRIORITY).status_code == 200
    renamed = owner_api.patch(f"{workspace_path}/projects/{project['id']}", json={"name": "New"})
    assert renamed.status_code == 200
    assert save(owner_api, workspace_path, project, small_yaml).status_code == 200
    assert numbers(owner_api, versions_path) == [3, 2, 1]
    assert owner_api.get(f"{versions_path}/2").get_json()["genome_yaml"] == WITH_PRIORITY
    assert owner_api.get(f"{versions_path}/3").get_json()["genome_yaml"] == small_yaml


def test_an_invalid_genome_or_a_missing_csrf_header_makes_no_version(
    owner_api, workspace_path, project, versions_path
):
    bad = save(owner_api, workspace_path, project, "genome: 1\nname: x\nentities: []\n")
    assert bad.status_code == 422
    assert bad.get_json()["error"] == "invalid_genome"
    forged = owner_api.open(
        "PATCH",
        f"{workspace_path}/projects/{project['id']}",
        json={"genome_yaml": WITH_PRIORITY},
        csrf=False,
    )
    assert forged.status_code == 403
    assert forged.get_json()["error"] == "csrf_failed"
    assert numbers(owner_api, versions_path) == [1]


def test_two_versions_compare_as_a_unified_diff_of_their_yaml(
    owner_api, workspace_path, project, versions_path
):
    save(owner_api, workspace_path, project, WITH_PRIORITY)
    response = owner_api.get(f"{versions_path}/2/diff?base=1")
    assert response.status_code == 200
    body = response.get_json()
    assert body["base"] == 1
    assert body["version"] == 2
    lines = body["diff"].splitlines()
    assert lines[:2] == ["--- genome v1", "+++ genome v2"]
    assert "+      priority: {type: integer}" in lines
    assert not [line for line in lines[2:] if line.startswith("-")]
    same = owner_api.get(f"{versions_path}/2/diff?base=2").get_json()
    assert same["diff"] == ""


@pytest.mark.parametrize(
    ("path", "status", "error"),
    [
        ("/1/diff", 422, "validation_error"),
        ("/1/diff?base=x", 422, "validation_error"),
        ("/1/diff?base=0", 422, "validation_error"),
        ("/1/diff?base=7", 404, "not_found"),
        ("/7/diff?base=1", 404, "not_found"),
        ("/7", 404, "not_found"),
        ("/0", 404, "not_found"),
        ("/99999999999", 404, "not_found"),
    ],
)
def test_bad_version_requests_get_the_documented_errors(
    owner_api, versions_path, path, status, error
):
    response = owner_api.get(versions_path + path)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"] == error


def test_another_workspaces_versions_answer_404(make_user, login, owner_api, workspace_path):
    them = make_user("Them")
    their_api = login(them)
    theirs = f"/api/v1/workspaces/{them.own_workspace.id}"
    project = their_api.post(
        f"{theirs}/projects", json={"name": "Theirs", "genome_yaml": WITH_PRIORITY}
    ).get_json()
    for base in (workspace_path, theirs):
        for tail in ("", "/1", "/1/diff?base=1"):
            response = owner_api.get(f"{base}/projects/{project['id']}/versions{tail}")
            assert response.status_code == 404, (base, tail)
            assert response.get_json()["error"] == "not_found"
    assert owner_api.get(f"{workspace_path}/projects/{uuid.uuid4()}/versions").status_code == 404


def test_a_generation_records_its_genome_version_and_lineage(owner_api, workspace_path, project):
    first = owner_api.post(f"{workspace_path}/projects/{project['id']}/generations")
    assert first.status_code == 202
    assert first.get_json()["genome_version"] == 1
    save(owner_api, workspace_path, project, WITH_PRIORITY)
    second = owner_api.post(f"{workspace_path}/projects/{project['id']}/generations")
    assert second.get_json()["genome_version"] == 2
    listed = owner_api.get(f"{workspace_path}/projects/{project['id']}/generations").get_json()
    assert [item["genome_version"] for item in listed["items"]] == [2, 1]
    from app.models import Generation

    row = db.session.get(Generation, uuid.UUID(second.get_json()["id"]))
    assert row.lineage == [1]
    assert row.generator_version == second.get_json()["generator_version"]


def test_versions_are_numbered_per_project(make_project):
    make_project()
    other = make_project(WITH_PRIORITY, name="Other")
    found = db.session.scalars(
        db.select(GenomeVersion).where(GenomeVersion.project_id == uuid.UUID(other["id"]))
    ).all()
    assert [version.number for version in found] == [1]


EVOLUTION = importlib.util.find_spec("app.genome.evolution") is not None
REQUIRED_WITHOUT_DEFAULT = WITH_PRIORITY.replace(
    "priority: {type: integer}", "priority: {type: integer, required: true}"
)


@pytest.mark.skipif(not EVOLUTION, reason="the generator has no schema evolution yet")
def test_a_change_existing_rows_cannot_take_is_refused_once_generated(
    owner_api, workspace_path, project, versions_path
):
    # Before any generation there are no rows to keep: any valid genome is saved.
    assert save(owner_api, workspace_path, project, REQUIRED_WITHOUT_DEFAULT).status_code == 200
    generations = f"{workspace_path}/projects/{project['id']}/generations"
    assert owner_api.post(generations).status_code == 202
    from_generated = save(
        owner_api,
        workspace_path,
        project,
        REQUIRED_WITHOUT_DEFAULT.replace(
            "      priority: {type: integer, required: true}\n",
            "      priority: {type: integer, required: true}\n"
            "      rank: {type: integer, required: true}\n",
        ),
    )
    assert from_generated.status_code == 422, from_generated.get_json()
    body = from_generated.get_json()
    assert body["error"] == "invalid_genome"
    [problem] = body["details"]
    assert ".rank" in problem["path"]
    assert "default" in problem["message"]
    assert problem["line"] == 11
    assert numbers(owner_api, versions_path) == [2, 1]
