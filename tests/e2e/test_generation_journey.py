"""The main journey in a real browser: sign up, paste clinic.yaml into the requirements
form, review, generate on a real worker, follow the status live, download, unzip, and
run the downloaded project's own tests against PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from helix_server import free_port, start_gunicorn, stop

from app.celery_app import worker_argv
from app.examples import genome_path

ROOT = Path(__file__).resolve().parents[2]
CLINIC = genome_path("clinic.yaml")
sys.path.insert(0, str(ROOT / "tests" / "gates"))

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def journey_server(app, test_env, tmp_path_factory):
    """Gunicorn and a real Celery worker sharing a private queue and artifact directory."""
    del app  # migrations are applied
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    queue = f"helix-e2e-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        **test_env,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "GENERATION_QUEUE": queue,
        "ARTIFACT_DIR": str(tmp_path_factory.mktemp("artifacts")),
        "PUBLIC_URL": base_url,
        "RATELIMIT_KEY_PREFIX": f"helix-e2e-gen-{uuid.uuid4().hex[:8]}",
    }
    logs = tmp_path_factory.mktemp("logs")
    processes = [
        start_gunicorn(port, env, logs / "web.log", workers=2, threads=1),
        subprocess.Popen(  # pylint: disable=consider-using-with
            worker_argv(queue, f"{queue}@%h"),
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stderr=(logs / "worker.log").open("w"),
        ),
    ]
    yield base_url
    for process in processes:
        stop(process)


def make_pro(app, workspace_id: str) -> None:
    """Clinic has 10 entities, over the free plan's 8: this workspace pays for Pro."""
    from app.extensions import db
    from app.models import Workspace

    with app.app_context():
        db.session.get(Workspace, uuid.UUID(workspace_id)).plan = "pro"
        db.session.commit()


def run_generated_tests(project_root: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """The downloaded project's own pytest suite on a fresh PostgreSQL database, in the
    gate harness's cached venv for its requirements."""
    # pylint: disable=import-error  # tests/gates is put on sys.path above
    from helix_gates.environment import project_env
    from helix_gates.postgres import Databases
    from helix_gates.venvs import tool_venv

    python = tool_venv(project_root)
    databases = Databases()
    try:
        env = project_env(project_root, python, databases.create("e2e_clinic"), redis_db=13)
        return subprocess.run(
            [str(python), "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
            cwd=project_root,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    finally:
        databases.drop_all()
        del tmp_path


def review_with_a_problem_then_save(page, shoot) -> None:
    """Review: entities, diagram; a broken edit shows its problem by its line, then the
    good genome is saved again without leaving the page."""
    page.wait_for_url("**/review")
    assert page.locator("#entities").get_by_text("Appointment", exact=True).count() == 1
    assert page.locator("#diagram-viewport svg g.entity").count() >= 10
    shoot(page, "generation-3-review")
    good = page.locator("#genome_yaml").input_value()
    page.locator("#genome_yaml").fill(good.replace("type: email", "type: emial", 1))
    page.get_by_role("button", name="Save and validate").click()
    problem = page.locator("#yaml-lines li.has-problem .problem").first
    assert "emial" in problem.inner_text()
    shoot(page, "generation-4-review-problem")
    page.locator("#genome_yaml").fill(good)
    page.get_by_role("button", name="Save and validate").click()
    page.wait_for_selector("#save-status.ok")


def test_sign_up_paste_clinic_generate_download_and_run_its_tests(
    app, browser, journey_server, shoot, tmp_path
):
    context = browser.new_context(
        base_url=journey_server, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        # Sign up: the new workspace's id is in the page we land on.
        page.goto("/signup")
        page.get_by_label("Your name").fill("Clinic Founder")
        page.get_by_label("Email").fill(f"founder-{uuid.uuid4().hex[:8]}@example.com")
        page.get_by_label("Password").fill("correct horse battery staple")
        page.get_by_label("Workspace name").fill("Clinic Co")
        page.get_by_role("button", name="Sign up").click()
        page.wait_for_url(re.compile(r"/workspaces/[0-9a-f-]+/dashboard"))
        workspace_id = page.url.split("/workspaces/")[1].split("/")[0]
        make_pro(app, workspace_id)

        page.goto(f"/workspaces/{workspace_id}/dashboard")
        shoot(page, "generation-1-dashboard-empty")

        # The requirements form, with clinic.yaml pasted into it.
        page.get_by_role("link", name="New project").first.click()
        page.get_by_label("Project name").fill("Clinic Booking")
        page.get_by_label("Description").fill(
            "Patients book appointments with doctors of a clinic."
        )
        page.get_by_role("button", name="Draft genome").click()
        page.wait_for_selector("#draft-notes li, #draft-status:has-text('Drafted')")
        page.locator("#genome_yaml").fill(CLINIC.read_text(encoding="utf-8"))
        shoot(page, "generation-2-requirements-form")
        page.get_by_role("button", name="Continue to review").click()

        review_with_a_problem_then_save(page, shoot)

        # Generate on the real worker; the page follows the status without a reload.
        page.get_by_role("link", name="Continue to generate").click()
        page.get_by_role("button", name="Generate codebase").click()
        page.wait_for_selector("#generations li[data-status]")
        page.wait_for_selector('#generations li[data-status="succeeded"]', timeout=90_000)
        row = page.locator('#generations li[data-status="succeeded"]').first
        sha = row.locator(".sha").get_attribute("title").rsplit(" ", 1)[-1]
        assert len(sha) == 64
        assert "KB" in row.locator(".size-cell").inner_text()
        shoot(page, "generation-5-project-ready")

        with page.expect_download() as download_info:
            row.get_by_role("link", name="Download zip").click()
        download = download_info.value
        assert download.suggested_filename.startswith("clinic-")
        assert download.suggested_filename.endswith(f"-{sha[:8]}.zip")
        archive = tmp_path / download.suggested_filename
        download.save_as(archive)
    finally:
        context.close()
    assert not errors, errors

    unzip_and_run_its_tests(archive, sha, tmp_path)


def unzip_and_run_its_tests(archive: Path, sha: str, tmp_path: Path) -> None:
    """The zip is the one the page named, and the project in it passes its own tests."""
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == sha
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path / "unzipped")
    project_root = tmp_path / "unzipped" / "clinic"
    assert (project_root / "requirements-dev.txt").exists()
    result = run_generated_tests(project_root, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
