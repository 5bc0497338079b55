"""Fixtures of the projects and generations suites: artifacts in a temporary directory,
genomes to submit, and a logged-in owner of a workspace."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from private_redis import free_port

from app.examples import genome_path
from app.services.storage import S3Store

from .genomes import SMALL_GENOME

CLINIC = genome_path("clinic.yaml")


@pytest.fixture(autouse=True)
def artifact_dir(app, tmp_path: Path):
    """Each test stores artifacts in a directory of its own."""
    saved = {key: app.config[key] for key in ("ARTIFACT_STORAGE", "ARTIFACT_DIR")}
    app.config.update(ARTIFACT_STORAGE="local", ARTIFACT_DIR=str(tmp_path / "artifacts"))
    app.extensions.pop("artifact_store", None)
    yield tmp_path / "artifacts"
    app.config.update(saved)
    app.extensions.pop("artifact_store", None)


@pytest.fixture
def clinic_yaml() -> str:
    return CLINIC.read_text(encoding="utf-8")


@pytest.fixture
def small_yaml() -> str:
    return SMALL_GENOME


@pytest.fixture
def genome_named():
    return named_genome


def named_genome(name: str, entities: int = 1) -> str:
    """A valid genome whose name (and so slug and hash) differs with `name`."""
    lines = ["genome: 1", f"name: {name}", "stack: {backend: flask, frontend: none}", "entities:"]
    for index in range(entities):
        lines += [
            f"  - name: Thing{index}",
            "    fields:",
            "      title: {type: string, required: true, max_length: 80}",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def owner(make_user):
    return make_user("Owner")


@pytest.fixture
def owner_api(owner, login):
    return login(owner)


@pytest.fixture
def workspace_path(owner) -> str:
    return f"/api/v1/workspaces/{owner.own_workspace.id}"


@pytest.fixture
def make_project(owner_api, workspace_path):
    def make(genome_yaml: str | None = SMALL_GENOME, name: str = "Tiny notes") -> dict:
        body: dict = {"name": name, "description": "Notes, but tiny."}
        if genome_yaml is not None:
            body["genome_yaml"] = genome_yaml
        response = owner_api.post(f"{workspace_path}/projects", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return make


@pytest.fixture
def set_plan(db_session):
    def set_to(workspace, plan: str) -> None:
        workspace.plan = plan
        db_session.commit()

    return set_to


CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free loopback port, with a bucket `artifacts`."""
    port = free_port()
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    saved = {key: os.environ.get(key) for key in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url, timeout=5)
                break
            except requests.RequestException:  # refused or still starting (slow under load)
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        S3Store("artifacts", url).client.create_bucket(Bucket="artifacts")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
