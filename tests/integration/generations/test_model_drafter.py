"""DRAFTER=model reaches every way in: the draft API, the requirements form and the CLI.

The app is pointed at the chat completions stand-in (tests/model_standin.py) that replays
recorded answers; a failing model leaves the rules drafter's draft and says why.
"""

from __future__ import annotations

import pytest
from model_standin import API_KEY, MODEL_NAME, ModelStandIn, Reply

pytestmark = pytest.mark.integration

VET = (
    "A veterinary clinic app. Clinics have vets and pet owners. Owners register pets "
    "(name, species, breed, birth date, weight). Owners book appointments with a vet for a "
    "pet at a date and time, with a reason and a status (requested, confirmed, completed, "
    "cancelled). Vets write visit notes and prescriptions (medicine, dosage, days). "
    "Invoices have line items and are paid or unpaid."
)
MODEL_KEYS = (
    "DRAFTER",
    "DRAFT_MODEL_API_BASE",
    "DRAFT_MODEL_API_KEY",
    "DRAFT_MODEL_NAME",
    "DRAFT_MODEL_TIMEOUT_SECONDS",
)


@pytest.fixture(scope="module")
def standin():
    server = ModelStandIn()
    yield server
    server.close()


@pytest.fixture
def model_drafter(app, standin):
    """The app drafting with the stand-in's model; the settings come back afterwards."""
    saved = {key: app.config[key] for key in MODEL_KEYS}
    app.config.update(
        DRAFTER="model",
        DRAFT_MODEL_API_BASE=standin.base_url,
        DRAFT_MODEL_API_KEY=API_KEY,
        DRAFT_MODEL_NAME=MODEL_NAME,
        DRAFT_MODEL_TIMEOUT_SECONDS=5,
    )
    yield standin
    app.config.update(saved)


def test_the_draft_api_answers_the_models_draft_and_names_its_drafter(owner_api, model_drafter):
    model_drafter.play(Reply("vet_valid.json"))
    response = owner_api.post("/api/v1/genomes/draft", json={"description": VET})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["drafter"] == "model"
    assert body["notes"] == [f"drafted by the language model {MODEL_NAME}"]
    assert "Vet" in {entity["name"] for entity in body["genome"]["entities"]}
    assert "name: LineItem" in body["genome_yaml"]
    (request,) = model_drafter.requests
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert API_KEY not in response.get_data(as_text=True)


def test_a_failing_model_leaves_the_rules_draft_with_the_reason(owner_api, model_drafter):
    model_drafter.play(Reply("server_error.json", status=500))
    response = owner_api.post("/api/v1/genomes/draft", json={"description": VET})
    assert response.status_code == 200
    body = response.get_json()
    assert body["drafter"] == "rules"
    assert body["notes"][0] == (
        "drafted by the rules drafter: the language model's draft could not be used "
        "(the model API answered HTTP 500)"
    )
    assert {"Pet", "LineItem"} <= {entity["name"] for entity in body["genome"]["entities"]}
    assert API_KEY not in response.get_data(as_text=True)


def test_the_rules_drafter_is_the_default_and_calls_no_model(owner_api, standin):
    standin.play(Reply("vet_valid.json"))
    body = owner_api.post("/api/v1/genomes/draft", json={"description": VET}).get_json()
    assert body["drafter"] == "rules"
    assert not standin.requests


def test_the_requirements_form_drafts_with_the_model(owner_api, owner, model_drafter):
    model_drafter.play(Reply("vet_invalid.json"), Reply("vet_repaired.json"))
    base = f"/workspaces/{owner.own_workspace.id}"
    response = owner_api.post(
        f"{base}/projects/new",
        data={"csrf_token": owner_api.csrf(), "name": "Paws", "description": VET},
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    review = owner_api.get(response.headers["Location"]).get_data(as_text=True)
    assert "name: Vet" in review  # the model's entity; the rules make vets users
    assert len(model_drafter.requests) == 2  # the answer and its repair


def test_the_draft_command_drafts_with_the_model_the_environment_names(app, standin, tmp_path):
    standin.play(Reply("vet_valid.json"))
    description = tmp_path / "vet.txt"
    description.write_text(VET, encoding="utf-8")
    env = {
        "DRAFTER": "model",
        "DRAFT_MODEL_API_BASE": standin.base_url,
        "DRAFT_MODEL_API_KEY": API_KEY,
        "DRAFT_MODEL_NAME": MODEL_NAME,
    }
    result = app.test_cli_runner().invoke(
        args=["genome", "draft", "--text-file", str(description)], env=env
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"# note: drafted by the language model {MODEL_NAME}\n")
    assert "- name: Prescription" in result.output
    assert API_KEY not in result.output
    assert standin.requests[0].headers["Authorization"] == f"Bearer {API_KEY}"


def test_the_draft_command_names_a_half_configured_model_drafter(app, tmp_path):
    description = tmp_path / "vet.txt"
    description.write_text(VET, encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["genome", "draft", "--text-file", str(description)], env={"DRAFTER": "model"}
    )
    assert result.exit_code != 0
    assert "DRAFT_MODEL_API_BASE is not set (DRAFTER is model)" in result.output
