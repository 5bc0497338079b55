"""Pages of the main journey, server-rendered: dashboard, requirements form, review, project."""

import re

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture
def pages(owner_api, owner):
    base = f"/workspaces/{owner.own_workspace.id}"
    return owner_api, base


def csrf(api) -> str:
    return api.csrf()


def test_pages_need_a_login(new_client, owner):
    response = new_client().get(f"/workspaces/{owner.own_workspace.id}/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_another_workspaces_pages_are_404(pages, make_user):
    api, _ = pages
    other = make_user("Other")
    assert api.get(f"/workspaces/{other.own_workspace.id}/dashboard").status_code == 404


def test_the_dashboard_lists_projects_and_recent_generations(pages, make_project, owner_api):
    api, base = pages
    project = make_project(name="Listed project")
    owner_api.post(f"/api/v1{base}/projects/{project['id']}/generations")
    html = api.get(f"{base}/dashboard").get_data(as_text=True)
    assert "Listed project" in html
    assert 'id="projects"' in html
    assert "Last generation:" in html
    assert '<span class="status status-ready">ready</span>' in html
    assert "succeeded" not in html


def test_the_requirements_form_has_every_field_and_no_inline_script(pages):
    api, base = pages
    html = api.get(f"{base}/projects/new").get_data(as_text=True)
    for name in ("name", "description", "backend", "frontend", "tenancy", "billing"):
        assert f'name="{name}"' in html
    assert 'name="async_jobs"' in html
    assert 'name="email_provider"' in html
    assert 'id="draft-button"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html


def test_the_stack_choice_offers_nextjs_first_and_enabled(pages):
    api, base = pages
    html = api.get(f"{base}/projects/new").get_data(as_text=True)
    select = re.search(r'<select id="frontend" name="frontend"[^>]*>(.*?)</select>', html, re.S)
    assert select
    options = re.findall(r'<option value="(\w+)"([^>]*)>([^<]*)</option>', select.group(1))
    assert [(value, label) for value, _, label in options] == [
        ("nextjs", "Flask API + Next.js"),
        ("none", "Flask API only"),
    ]
    assert all("disabled" not in attributes for _, attributes, _ in options)
    assert "coming soon" not in select.group(1)
    backend = re.search(r'<select id="backend" name="backend">(.*?)</select>', html, re.S)
    assert re.search(r'<option value="flask"[^>]*>Flask</option>', backend.group(1))


def test_a_posted_form_keeps_the_chosen_stack_selected(pages):
    api, base = pages
    response = api.post(
        f"{base}/projects/new",
        data={"csrf_token": csrf(api), "name": "", "description": "", "frontend": "none"},
    )
    select = re.search(
        r'<select id="frontend" name="frontend"[^>]*>(.*?)</select>',
        response.get_data(as_text=True),
        re.S,
    )
    assert select, response.status_code
    assert re.search(r'<option value="none"[^>]* selected>Flask API only</option>', select.group(1))


@pytest.mark.parametrize(
    ("stack", "label"),
    [
        ("{backend: flask, frontend: nextjs}", "Flask API + Next.js"),
        (None, "Flask API + Next.js"),
        ("{backend: flask, frontend: none}", "Flask API only"),
    ],
)
def test_review_and_project_pages_say_which_stack_the_genome_holds(
    pages, make_project, small_yaml, stack, label
):
    api, base = pages
    genome = small_yaml.replace("stack: {backend: flask, frontend: none}\n", "")
    if stack:
        genome = genome.replace("entities:", f"stack: {stack}\nentities:")
    project = make_project(genome_yaml=genome)
    review = api.get(f"{base}/projects/{project['id']}/review").get_data(as_text=True)
    assert f'id="stack">Stack: <strong>{label}</strong>' in review
    page = api.get(f"{base}/projects/{project['id']}").get_data(as_text=True)
    assert f'id="stack">Stack: <strong>{label}</strong>' in page


def test_posting_the_form_with_a_pasted_genome_creates_the_project_and_opens_review(
    pages, small_yaml
):
    api, base = pages
    response = api.post(
        f"{base}/projects/new",
        data={"csrf_token": csrf(api), "name": "Pasted", "genome_yaml": small_yaml},
    )
    assert response.status_code == 303
    review = api.get(response.headers["Location"]).get_data(as_text=True)
    assert "Review: Pasted" in review
    assert "<strong>Note</strong>" in review
    assert 'id="diagram-viewport"' in review
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in review


def test_posting_the_form_with_only_a_description_drafts_the_genome(pages):
    api, base = pages
    response = api.post(
        f"{base}/projects/new",
        data={
            "csrf_token": csrf(api),
            "name": "Drafted",
            "description": "Customers place orders. Each order has a total and a date.",
            "backend": "flask",
            "frontend": "none",
            "tenancy": "workspace",
            "email_provider": "console",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert "Order" in api.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [({}, True), ({"async_jobs": "auto"}, True), ({"async_jobs": "off"}, False)],
)
def test_the_form_leaves_features_to_the_description_unless_chosen(pages, choice, expected):
    api, base = pages
    text = "Guests have a name. Every night the app emails guests a reminder."
    data = {"csrf_token": csrf(api), "name": "Auto", "description": text, **choice}
    response = api.post(f"{base}/projects/new", data=data)
    assert response.status_code == 303
    review = api.get(response.headers["Location"]).get_data(as_text=True)
    assert ("async_jobs: true" in review) is expected


def test_an_invalid_pasted_genome_shows_each_problem_under_its_line(pages):
    api, base = pages
    text = "genome: 1\nname: Bad\nentities:\n  - name: Note\n    fields:\n      t: {type: strng}\n"
    response = api.post(
        f"{base}/projects/new", data={"csrf_token": csrf(api), "name": "Bad", "genome_yaml": text}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    problem = re.search(r'<ul class="problem-list" id="problem-list">(.*?)</ul>', html, re.S)
    assert problem
    assert "line 6" in problem.group(1)
    assert "entities[0].fields.t.type" in problem.group(1)


def test_the_form_without_its_csrf_token_is_refused(pages):
    api, base = pages
    response = api.post(f"{base}/projects/new", data={"name": "No token"}, csrf=False)
    assert response.status_code == 403


def test_the_diagram_is_an_svg_naming_every_entity_with_text_escaped(
    pages, make_project, owner, set_plan, clinic_yaml
):
    api, base = pages
    set_plan(owner.own_workspace, "pro")
    project = make_project(clinic_yaml, name="Clinic <b>")
    response = api.get(f"{base}/projects/{project['id']}/diagram.svg")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    for name in ("Specialty", "Doctor", "Appointment", "Tag", "User"):
        assert f">{name}</text>" in svg
    assert "appointment N:1 → Appointment" in svg


def test_the_project_page_lists_generations_with_size_sha_and_download(
    pages, make_project, owner_api
):
    api, base = pages
    project = make_project()
    found = owner_api.post(f"/api/v1{base}/projects/{project['id']}/generations").get_json()
    html = api.get(f"{base}/projects/{project['id']}").get_data(as_text=True)
    generation = owner_api.get(f"/api/v1{base}/generations/{found['id']}").get_json()
    assert generation["sha256"] in html
    assert generation["download_url"] in html
    assert '<span class="stack-cell">Flask API only</span>' in html
    assert " KB" in html
    assert 'name="idempotency_key"' in html


def test_the_generate_button_posted_twice_with_one_key_makes_one_generation(
    pages, make_project, owner_api, monkeypatch
):
    from app.services import generation_queue

    monkeypatch.setattr(generation_queue, "enqueue", lambda gid, tid: None)
    api, base = pages
    project = make_project()
    form = {"csrf_token": csrf(api), "idempotency_key": "page-load-1"}
    for _ in range(2):
        response = api.post(f"{base}/projects/{project['id']}/generate", data=form)
        assert response.status_code == 303
    listed = owner_api.get(f"/api/v1{base}/projects/{project['id']}/generations").get_json()
    assert listed["total"] == 1


def test_a_plan_limit_on_the_project_page_is_shown_in_the_page(
    pages, make_project, clinic_yaml, owner, set_plan
):
    api, base = pages
    set_plan(owner.own_workspace, "pro")
    project = make_project(clinic_yaml)
    set_plan(owner.own_workspace, "free")
    page = api.get(f"{base}/projects/{project['id']}").get_data(as_text=True)
    assert re.search(r'id="generate-button" disabled aria-describedby="generate-why"', page)
    assert "the Free plan allows 8" in page
    response = api.post(
        f"{base}/projects/{project['id']}/generate",
        data={"csrf_token": csrf(api), "idempotency_key": "k"},
    )
    assert response.status_code == 303
    shown = api.get(response.headers["Location"]).get_data(as_text=True)
    assert "allows 8 entities" in shown
