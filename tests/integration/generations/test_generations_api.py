"""Generations API: queue a job, follow it, download its zip; once per click or key."""

import hashlib
import io
import re
import zipfile
from datetime import timedelta

import pytest

from app.models import Generation, GenerationStatus
from app.services import generation_job, generation_queue

pytestmark = pytest.mark.integration


@pytest.fixture
def sent(monkeypatch):
    """Jobs sent to the broker, recorded instead of run."""
    calls = []
    monkeypatch.setattr(generation_queue, "enqueue", lambda gid, tid: calls.append(gid))
    return calls


def generate(api, workspace_path, project, **headers):
    return api.post(
        f"{workspace_path}/projects/{project['id']}/generations", headers=headers or None
    )


def test_a_generation_is_queued_then_its_zip_downloads_with_its_name_and_hash(
    make_project, owner_api, workspace_path
):
    project = make_project()
    response = generate(owner_api, workspace_path, project)
    assert response.status_code == 202, response.get_json()
    generation_id = response.get_json()["id"]
    assert response.headers["Location"] == f"{workspace_path}/generations/{generation_id}"

    found = owner_api.get(response.headers["Location"]).get_json()
    assert found["status"] == "succeeded"
    assert found["error"] is None
    assert found["file_count"] > 10
    assert len(found["genome_sha256"]) == 64
    assert found["generator_version"]

    download = owner_api.get(found["download_url"])
    assert download.status_code == 200
    assert download.mimetype == "application/zip"
    data = download.get_data()
    assert hashlib.sha256(data).hexdigest() == found["sha256"]
    assert len(data) == found["size_bytes"]
    disposition = download.headers["Content-Disposition"]
    assert re.fullmatch(
        rf"attachment; filename=tiny_notes-\d{{8}}-{found['sha256'][:8]}\.zip", disposition
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert len(names) == found["file_count"]
    assert all(name.startswith("tiny_notes/") for name in names)


def test_a_download_answers_304_when_the_client_has_it(make_project, owner_api, workspace_path):
    project = make_project()
    found = owner_api.get(generate(owner_api, workspace_path, project).headers["Location"])
    url = found.get_json()["download_url"]
    first = owner_api.get(url)
    assert first.headers["ETag"] == f'"{found.get_json()["sha256"]}"'
    again = owner_api.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_the_same_idempotency_key_creates_one_generation(
    make_project, owner_api, workspace_path, sent
):
    project = make_project()
    first = generate(owner_api, workspace_path, project, **{"Idempotency-Key": "click-1"})
    second = generate(owner_api, workspace_path, project, **{"Idempotency-Key": "click-1"})
    assert first.status_code == second.status_code == 202
    assert first.get_json()["id"] == second.get_json()["id"]
    listed = owner_api.get(f"{workspace_path}/projects/{project['id']}/generations").get_json()
    assert listed["total"] == 1
    assert len(sent) == 1


def test_a_double_click_without_a_key_answers_with_the_generation_already_queued(
    make_project, owner_api, workspace_path, sent
):
    project = make_project()
    first = generate(owner_api, workspace_path, project)
    second = generate(owner_api, workspace_path, project)
    assert first.get_json()["id"] == second.get_json()["id"]
    assert second.get_json()["status"] == "queued"
    assert len(sent) == 1


def test_a_project_without_a_genome_is_422_and_nothing_is_queued(
    make_project, owner_api, workspace_path, sent
):
    project = make_project(genome_yaml=None)
    response = generate(owner_api, workspace_path, project)
    assert response.status_code == 422
    assert response.get_json()["error"] == "invalid_genome"
    assert sent == []


def test_a_stored_genome_that_no_longer_validates_is_422_with_details_and_nothing_queued(
    make_project, owner_api, workspace_path, sent, db_session
):
    from app.models import Project

    project = make_project()
    db_session.get(Project, project["id"]).genome_yaml = "genome: 1\nname: Gone bad\n"
    db_session.commit()
    response = generate(owner_api, workspace_path, project)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_genome"
    assert {"path": "entities", "code": "missing"}.items() <= body["details"][0].items()
    assert sent == []
    assert db_session.query(Generation).filter_by(project_id=project["id"]).count() == 0


@pytest.mark.parametrize("feature", ["billing", "async_jobs"])
def test_a_stack_not_supported_yet_is_422_unsupported_stack(
    make_project, owner_api, workspace_path, sent, feature, genome_named
):
    text = genome_named("Later Stack").replace(
        "backend: flask, frontend: none",
        "backend: fastapi, frontend: none}\nfeatures: {" + feature + ": true",
    )
    response = generate(owner_api, workspace_path, make_project(text))
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "unsupported_stack"
    assert f"features.{feature}" in body["message"]
    assert sent == []


def test_a_genome_over_the_free_plans_entities_is_403_naming_the_limit(
    make_project, owner_api, workspace_path, sent, clinic_yaml
):
    response = generate(owner_api, workspace_path, make_project(clinic_yaml))
    assert response.status_code == 403
    body = response.get_json()
    assert body["error"] == "plan_limit_reached"
    assert "10 entities" in body["message"]
    assert "allows 8 entities" in body["message"]
    assert sent == []


def test_a_feature_outside_the_plan_is_403(
    make_project, owner_api, workspace_path, sent, genome_named
):
    text = genome_named("Billing Wanted") + "features: {billing: true}\n"
    response = generate(owner_api, workspace_path, make_project(text))
    assert response.status_code == 403
    assert "features.billing" in response.get_json()["message"]
    assert sent == []


def test_the_free_plans_monthly_generations_run_out_with_403(
    make_project, owner_api, workspace_path, genome_named
):
    projects = [make_project(genome_named(f"P{number}"), name=f"P{number}") for number in range(4)]
    for project in projects[:3]:
        assert generate(owner_api, workspace_path, project).status_code == 202
    response = generate(owner_api, workspace_path, projects[3])
    assert response.status_code == 403
    assert "3 of the 3 generations per month" in response.get_json()["message"]


def test_the_pro_plan_generates_clinic(
    make_project, owner_api, workspace_path, clinic_yaml, owner, set_plan
):
    set_plan(owner.own_workspace, "pro")
    response = generate(owner_api, workspace_path, make_project(clinic_yaml, name="Clinic"))
    assert response.status_code == 202
    found = owner_api.get(response.headers["Location"]).get_json()
    assert found["status"] == "succeeded", found
    assert found["download_url"]


def test_a_generation_not_ready_answers_409(make_project, owner_api, workspace_path, sent):
    del sent
    project = make_project()
    queued = generate(owner_api, workspace_path, project).get_json()
    response = owner_api.get(f"{workspace_path}/generations/{queued['id']}/download")
    assert response.status_code == 409
    assert response.get_json()["error"] == "conflict"


def test_an_artifact_past_the_plans_retention_answers_410_with_a_regenerate_action(
    make_project, owner_api, workspace_path, db_session
):
    project = make_project()
    found = owner_api.get(generate(owner_api, workspace_path, project).headers["Location"])
    generation = db_session.get(Generation, found.get_json()["id"])
    generation.finished_at -= timedelta(days=7, minutes=1)
    db_session.commit()
    response = owner_api.get(found.get_json()["download_url"])
    assert response.status_code == 410
    body = response.get_json()
    assert body["error"] == "gone"
    assert "7 days" in body["message"]
    assert body["details"]["action"] == "regenerate"
    assert body["details"]["url"] == f"{workspace_path}/projects/{project['id']}/generations"


def test_the_pro_plan_keeps_artifacts_for_90_days(
    make_project, owner_api, workspace_path, db_session, owner, set_plan
):
    set_plan(owner.own_workspace, "pro")
    found = owner_api.get(generate(owner_api, workspace_path, make_project()).headers["Location"])
    generation = db_session.get(Generation, found.get_json()["id"])
    generation.finished_at -= timedelta(days=89)
    db_session.commit()
    assert owner_api.get(found.get_json()["download_url"]).status_code == 200


def test_generations_are_listed_newest_first(make_project, owner_api, workspace_path, genome_named):
    project = make_project()
    path = f"{workspace_path}/projects/{project['id']}"
    first = generate(owner_api, workspace_path, project).get_json()["id"]
    owner_api.patch(path, json={"genome_yaml": genome_named("Second Version")})
    second = generate(owner_api, workspace_path, project).get_json()["id"]
    listed = owner_api.get(f"{path}/generations").get_json()
    assert [item["id"] for item in listed["items"]] == [second, first]


def test_the_same_genome_reuses_the_stored_artifact(
    make_project, owner_api, workspace_path, artifact_dir
):
    one, two = make_project(name="One"), make_project(name="Two")
    first = owner_api.get(generate(owner_api, workspace_path, one).headers["Location"])
    second = owner_api.get(generate(owner_api, workspace_path, two).headers["Location"])
    assert second.get_json()["status"] == "succeeded"
    assert first.get_json()["sha256"] == second.get_json()["sha256"]
    assert len(list(artifact_dir.rglob("*.zip"))) == 1


def test_a_failed_generation_says_why(make_project, owner_api, workspace_path, db_session, sent):
    del sent
    project = make_project()
    queued = generate(owner_api, workspace_path, project).get_json()
    generation_job.fail(queued["id"], "generator_error", "The generator stumbled.")
    found = owner_api.get(f"{workspace_path}/generations/{queued['id']}").get_json()
    assert found["status"] == "failed"
    assert found["error"] == {"code": "generator_error", "message": "The generator stumbled."}
    assert found["download_url"] is None
    assert db_session.get(Generation, queued["id"]).status == GenerationStatus.FAILED
