"""Stored zips are deleted: with their workspace (local and S3 storage) and, by the hourly
beat job, once past their plan's retention (the row stays and its download answers 410)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from app.models import Generation
from app.models.base import utcnow
from app.services import artifact_retention, storage

pytestmark = pytest.mark.integration


@pytest.fixture(params=["local", "s3"])
def backend(request, app):
    """Run the test on local storage (the artifact_dir fixture) and on moto's S3 server."""
    if request.param == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        saved = {
            key: app.config[key] for key in ("ARTIFACT_STORAGE", "S3_BUCKET", "S3_ENDPOINT_URL")
        }
        app.config.update(ARTIFACT_STORAGE="s3", S3_BUCKET="artifacts", S3_ENDPOINT_URL=endpoint)
        app.extensions.pop("artifact_store", None)
        yield request.param
        app.config.update(saved)
        app.extensions.pop("artifact_store", None)
    else:
        yield request.param


def generated(api, workspace_path, project) -> dict:
    response = api.post(f"{workspace_path}/projects/{project['id']}/generations")
    assert response.status_code == 202, response.get_json()
    found = api.get(response.headers["Location"]).get_json()
    assert found["status"] == "succeeded", found
    return found


def stored_keys(app, workspace_id) -> list[str]:
    with app.app_context():
        prefix = artifact_retention.workspace_prefix(workspace_id)
        store = storage.artifact_store()
        return [prefix + name for name in store.children(prefix)]


def test_deleting_a_workspace_deletes_its_stored_zips(
    app, backend, owner, owner_api, workspace_path, make_project, genome_named
):
    del backend
    for name in ("One", "Two"):
        generated(owner_api, workspace_path, make_project(genome_named(name), name))
    workspace_id = owner.own_workspace.id
    assert len(stored_keys(app, workspace_id)) == 2

    assert owner_api.delete(workspace_path).status_code == 204

    assert stored_keys(app, workspace_id) == []


def test_the_beat_job_deletes_zips_past_retention_and_the_download_says_gone(
    backend, owner_api, workspace_path, make_project, genome_named, db_session
):
    del backend
    old = generated(owner_api, workspace_path, make_project(genome_named("Old"), "Old"))
    fresh = generated(owner_api, workspace_path, make_project(genome_named("Fresh"), "Fresh"))
    row = db_session.get(Generation, uuid.UUID(old["id"]))
    key = row.artifact_key
    row.finished_at = utcnow() - timedelta(days=8)  # the free plan keeps zips 7 days
    db_session.commit()

    assert artifact_retention.purge()["expired"] == 1

    store = storage.artifact_store()
    assert not store.exists(key)
    db_session.expire_all()
    assert db_session.get(Generation, uuid.UUID(old["id"])).sha256 == old["sha256"]
    gone = owner_api.get(old["download_url"])
    assert gone.status_code == 410
    assert gone.get_json()["error"] == "gone"
    assert owner_api.get(fresh["download_url"]).status_code in (200, 302)
    assert artifact_retention.purge()["expired"] == 0


def test_a_zip_another_unexpired_generation_shares_is_kept(
    owner_api, workspace_path, make_project, genome_named, db_session
):
    project = make_project(genome_named("Shared"), "Shared")
    first = generated(owner_api, workspace_path, project)
    second = generated(owner_api, workspace_path, project)  # same genome: the same zip
    assert first["sha256"] == second["sha256"]
    row = db_session.get(Generation, uuid.UUID(first["id"]))
    row.finished_at = utcnow() - timedelta(days=8)
    db_session.commit()

    assert artifact_retention.purge_expired() == 0
    assert owner_api.get(second["download_url"]).status_code == 200


def test_the_beat_job_deletes_zips_a_deleted_workspace_left_behind(app, owner, artifact_dir):
    del artifact_dir
    with app.app_context():
        store = storage.artifact_store()
        left = f"workspaces/{uuid.uuid4()}/{'a' * 64}.zip"
        kept = f"workspaces/{owner.own_workspace.id}/{'b' * 64}.zip"
        store.put(left, b"zip")
        store.put(kept, b"zip")

        assert artifact_retention.purge()["orphaned"] == 1

        assert not store.exists(left)
        assert store.exists(kept)


def test_the_purge_runs_hourly_on_the_beat_schedule(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    entry = schedule["purge-expired-and-orphaned-artifacts"]
    assert entry["task"] == "helix.artifacts.purge"
    assert entry["schedule"] == 3600.0
