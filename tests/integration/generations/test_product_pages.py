"""What a new user meets: /dashboard, guided start, plan meters, quota per account, reuse of
an unchanged genome, stacks that cannot be generated, the file browser, 429 and favicon."""

import io
import re
import zipfile

import pytest
from markupsafe import escape

from app.extensions import db
from app.models import Generation, Membership, Role, Workspace
from app.services import generation_rules, generation_service, storage

pytestmark = pytest.mark.integration


def generate(api, workspace_path, project):
    return api.post(f"{workspace_path}/projects/{project['id']}/generations")


def test_dashboard_is_a_stable_address_leading_to_the_first_workspace(owner_api, owner):
    response = owner_api.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/workspaces/{owner.own_workspace.id}/dashboard"


def test_every_signed_in_page_has_the_navigation_and_the_current_workspace(owner_api, owner):
    base = f"/workspaces/{owner.own_workspace.id}"
    for path in (f"{base}/dashboard", f"{base}/settings", f"{base}/billing", "/account"):
        page = owner_api.get(path).get_data(as_text=True)
        nav = re.search(r'<nav class="main-nav" aria-label="Main">(.*?)</nav>', page, re.S)
        assert nav, path
        for label in ("Projects", "Members", "Billing", "Account"):
            assert f">{label}</a>" in nav.group(1), (path, label)
        assert f'id="current-workspace">{escape(owner.own_workspace.name)}<' in page
        assert 'rel="icon"' in page


def test_a_new_workspace_shows_the_guided_start_with_examples_that_prefill_the_form(
    owner_api, owner
):
    base = f"/workspaces/{owner.own_workspace.id}"
    page = owner_api.get(f"{base}/dashboard").get_data(as_text=True)
    assert 'id="guided-start"' in page
    assert "?example=crm" in page
    form = owner_api.get(f"{base}/projects/new?example=crm").get_data(as_text=True)
    assert "each contact belongs to a company" in form
    assert 'value="CRM"' in form


def test_the_dashboard_shows_usage_meters(owner_api, owner, make_project, workspace_path):
    generate(owner_api, workspace_path, make_project())
    page = owner_api.get(f"/workspaces/{owner.own_workspace.id}/dashboard").get_data(as_text=True)
    for key, text in (
        ("generations_this_month", "1 of 3"),
        ("projects", "1"),
        ("members", "1 of 3"),
    ):
        meter = re.search(rf'data-meter="{key}">(.*?)</div>\s*</div>', page, re.S)
        assert meter, key
        assert f"<strong>{text}" in meter.group(1), key


def test_pro_features_are_labelled_and_unavailable_stacks_cannot_be_chosen(owner_api, owner):
    base = f"/workspaces/{owner.own_workspace.id}"
    form = owner_api.get(f"{base}/projects/new").get_data(as_text=True)
    assert re.search(r"Billing \(Stripe\) <span class=\"badge pro\">Pro</span>", form)
    assert re.search(r'<option value="fastapi"[^>]*>FastAPI</option>', form)
    assert not re.search(r'<option value="fastapi"[^>]* disabled', form)
    response = owner_api.post(
        f"{base}/projects/new",
        data={
            "csrf_token": owner_api.csrf(),
            "name": "Fast",
            "description": "Customers place orders.",
            "backend": "django",
        },
    )
    assert response.status_code == 422
    assert "The django backend is coming soon" in response.get_data(as_text=True)
    assert owner_api.get(f"/api/v1{base}/projects").get_json()["total"] == 0


def test_the_free_quota_counts_per_owner_so_a_new_workspace_does_not_reset_it(
    owner, owner_api, workspace_path, make_project, genome_named, db_session
):
    for number in range(3):
        project = make_project(genome_named(f"Quota {number}"), name=f"Q{number}")
        assert generate(owner_api, workspace_path, project).status_code == 202
    second = Workspace(name="Second", plan="free")
    db_session.add(second)
    db_session.flush()
    db_session.add(Membership(workspace_id=second.id, user_id=owner.id, role=Role.OWNER))
    db_session.commit()
    other_path = f"/api/v1/workspaces/{second.id}"
    created = owner_api.post(
        f"{other_path}/projects", json={"name": "New", "genome_yaml": genome_named("Fresh")}
    ).get_json()
    response = generate(owner_api, other_path, created)
    assert response.status_code == 403
    assert "3 of the 3 generations" in response.get_json()["message"]
    page = owner_api.get(f"/workspaces/{second.id}/projects/{created['id']}").get_data(as_text=True)
    assert 'id="generate-button" disabled' in page
    assert "All 3 generations of the Free plan are used this month" in page


def test_regenerating_an_unchanged_genome_reuses_the_zip_without_spending_quota(
    owner_api, workspace_path, make_project, genome_named, owner
):
    project = make_project(genome_named("Same"))
    first = generate(owner_api, workspace_path, project).get_json()
    for _ in range(3):
        again = generate(owner_api, workspace_path, project)
        assert again.status_code == 202
        body = again.get_json()
        assert body["status"] == "succeeded"
        assert (
            body["sha256"]
            == owner_api.get(f"{workspace_path}/generations/{first['id']}").get_json()["sha256"]
        )
    assert (
        generation_rules.generations_this_month(owner.own_workspace, generation_service.utcnow())
        == 1
    )
    page = owner_api.get(f"/workspaces/{owner.own_workspace.id}/projects/{project['id']}")
    assert 'id="generate-reuse"' in page.get_data(as_text=True)


def test_the_file_browser_shows_the_readme_first_highlighted_from_the_stored_zip(
    owner_api, owner, workspace_path, make_project
):
    project = make_project()
    made = generate(owner_api, workspace_path, project).get_json()
    base = f"/workspaces/{owner.own_workspace.id}/projects/{project['id']}"
    page = owner_api.get(f"{base}/generations/{made['id']}/files").get_data(as_text=True)
    assert "<code>README.md</code>" in page
    assert 'class="code"' in page
    tree = re.search(r'<ul id="file-tree">(.*?)</ul>', page, re.S).group(1)
    assert tree.index("README.md") < tree.index("app/")
    python = owner_api.get(f"{base}/generations/{made['id']}/files?path=app/config.py")
    assert python.status_code == 200
    assert '<span class="kn">import</span>' in python.get_data(as_text=True)
    missing = owner_api.get(f"{base}/generations/{made['id']}/files?path=../../etc/passwd")
    assert missing.status_code == 404


def test_file_names_from_the_zip_are_escaped(owner_api, owner, workspace_path, make_project):
    project = make_project()
    made = generate(owner_api, workspace_path, project).get_json()
    generation = db.session.get(Generation, made["id"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("tiny/README.md", "# <script>alert(1)</script>\n")
        archive.writestr('tiny/<img src=x onerror="alert(1)">.txt', "x")
    storage.artifact_store().put(generation.artifact_key, buffer.getvalue())
    base = f"/workspaces/{owner.own_workspace.id}/projects/{project['id']}"
    page = owner_api.get(f"{base}/generations/{made['id']}/files").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


def test_another_workspaces_files_are_404(owner_api, make_user, login, make_project, owner):
    project = make_project()
    made = generate(owner_api, f"/api/v1/workspaces/{owner.own_workspace.id}", project).get_json()
    stranger = make_user("Stranger")
    api = login(stranger)
    path = f"/projects/{project['id']}/generations/{made['id']}/files"
    assert api.get(f"/workspaces/{stranger.own_workspace.id}{path}").status_code == 404
    assert api.get(f"/workspaces/{owner.own_workspace.id}{path}").status_code == 404


def test_a_refused_generate_redirects_so_a_refresh_does_not_post_again(
    owner_api, owner, make_project, genome_named
):
    project = make_project(genome_named("Featured") + "features: {billing: true}\n")
    base = f"/workspaces/{owner.own_workspace.id}/projects/{project['id']}"
    page = owner_api.get(base).get_data(as_text=True)
    assert "Billing (Stripe) is a Pro feature" in page
    response = owner_api.post(
        f"{base}/generate", data={"csrf_token": owner_api.csrf(), "idempotency_key": "x"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == base


def test_the_favicon_is_served(new_client):
    api = new_client()
    assert api.get("/favicon.ico").status_code == 301
    icon = api.get("/static/favicon.svg")
    assert icon.status_code == 200
    assert icon.mimetype == "image/svg+xml"


def test_the_editor_round_trip_turns_yaml_into_data_and_back_with_problems(
    owner_api, owner, small_yaml, make_user
):
    url = f"/workspaces/{owner.own_workspace.id}/genome/convert"
    headers = {"X-CSRF-TOKEN": owner_api.csrf()}
    parsed = owner_api.post(url, json={"genome_yaml": small_yaml}, headers=headers).get_json()
    model = parsed["model"]
    assert parsed["problems"] == []
    assert "<svg" in parsed["svg"]
    first = model["entities"][0]
    first["fields"] = {"renamed": {"type": "integer", "min": 5, "max": 1}}
    back = owner_api.post(url, json={"model": model}, headers=headers).get_json()
    assert "renamed:" in back["genome_yaml"]
    assert any(
        problem["path"].startswith("entities[0].fields.renamed") for problem in back["problems"]
    )
    assert owner_api.post(url, json=["x"], headers=headers).status_code == 400
    assert owner_api.post(url, json={"model": "x"}, headers=headers).status_code == 422
    stranger = make_user("Stranger")
    assert (
        owner_api.post(
            f"/workspaces/{stranger.own_workspace.id}/genome/convert",
            json={"genome_yaml": small_yaml},
            headers=headers,
        ).status_code
        == 404
    )
