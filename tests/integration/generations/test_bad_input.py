"""Bad input answers a documented error, never a 500."""

import pytest

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "validation_error"),
        ({"name": ""}, 422, "validation_error"),
        ({"name": "x" * 121}, 422, "validation_error"),
        ({"name": "Bell\x07"}, 422, "validation_error"),
        ({"name": "X", "genome": "not an object"}, 422, "validation_error"),
        ({"name": "X", "genome_yaml": 42}, 422, "validation_error"),
        ({"name": "X", "genome": {"genome": 1}, "genome_yaml": "genome: 1"}, 422, None),
        ({"name": "X", "genome_yaml": "{unclosed: ["}, 422, "invalid_genome"),
        ({"name": "X", "genome_yaml": "a: &a [*a, *a]"}, 422, "invalid_genome"),
        ({"name": "X", "genome_yaml": "- just\n- a list\n"}, 422, "invalid_genome"),
        ({"name": "X", "description": 5}, 422, "validation_error"),
    ],
)
def test_creating_a_project_with_bad_fields_is_refused(
    owner_api, workspace_path, body, status, code
):
    response = owner_api.post(f"{workspace_path}/projects", json=body)
    assert response.status_code == status, response.get_json()
    if code:
        assert response.get_json()["error"] == code


def test_a_body_that_is_not_json_is_400(owner_api, workspace_path):
    response = owner_api.post(
        f"{workspace_path}/projects", data="{nope", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"


def test_a_body_over_the_limit_is_413(owner_api, workspace_path):
    response = owner_api.post(
        f"{workspace_path}/projects", json={"name": "Big", "genome_yaml": "#" * 1_100_000}
    )
    assert response.status_code == 413


def test_an_idempotency_key_too_long_is_422(owner_api, workspace_path, make_project):
    project = make_project()
    response = owner_api.post(
        f"{workspace_path}/projects/{project['id']}/generations",
        headers={"Idempotency-Key": "k" * 129},
    )
    assert response.status_code == 422


def test_a_malformed_id_in_the_path_is_404(owner_api, workspace_path):
    assert owner_api.get(f"{workspace_path}/projects/not-a-uuid").status_code == 404


def test_per_page_over_100_is_422(owner_api, workspace_path):
    response = owner_api.get(f"{workspace_path}/projects?per_page=1000")
    assert response.status_code == 422


def test_validate_answers_the_normalized_genome(owner_api, small_yaml):
    response = owner_api.post("/api/v1/genomes/validate", json={"genome_yaml": small_yaml})
    assert response.status_code == 200
    assert response.get_json()["valid"] is True
    assert response.get_json()["genome"]["name"] == "Tiny Notes"


def test_validate_lists_every_problem_with_its_line(owner_api):
    text = "genome: 1\nname: Two\nentities:\n  - name: lower\n    fields:\n      a: {type: nope}\n"
    response = owner_api.post("/api/v1/genomes/validate", json={"genome_yaml": text})
    assert response.status_code == 422
    details = response.get_json()["details"]
    assert {(item["path"], item["line"]) for item in details} >= {
        ("entities[0].name", 4),
        ("entities[0].fields.a.type", 6),
    }


def test_validate_without_a_genome_is_422(owner_api):
    assert owner_api.post("/api/v1/genomes/validate", json={}).status_code == 422


def test_draft_answers_a_genome_and_its_yaml(owner_api):
    response = owner_api.post(
        "/api/v1/genomes/draft",
        json={"description": "Customers place orders. Each order has a total and a date."},
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["genome"]["entities"]
    assert "entities:" in body["genome_yaml"]
    assert isinstance(body["notes"], list)


def test_draft_reports_the_detected_features_and_keeps_explicit_choices(owner_api):
    text = "Guests book rooms. Every night the app emails guests a reminder."
    body = owner_api.post("/api/v1/genomes/draft", json={"description": text}).get_json()
    assert body["features_detected"] == {"billing": False, "async_jobs": True, "email": "smtp"}
    assert body["genome"]["features"] == body["features_detected"]
    chosen = owner_api.post(
        "/api/v1/genomes/draft", json={"description": text, "features": {"async_jobs": False}}
    ).get_json()
    assert chosen["features_detected"]["async_jobs"] is True
    assert chosen["genome"]["features"] == {"billing": False, "async_jobs": False, "email": "smtp"}


def test_draft_of_a_description_too_long_is_422(owner_api):
    response = owner_api.post("/api/v1/genomes/draft", json={"description": "word " * 5000})
    assert response.status_code == 422


def test_the_schema_is_a_json_schema(owner_api):
    body = owner_api.get("/api/v1/genomes/schema").get_json()
    assert "$schema" in body


def test_genome_routes_need_a_login(new_client):
    assert new_client().get("/api/v1/genomes/schema").status_code == 401
