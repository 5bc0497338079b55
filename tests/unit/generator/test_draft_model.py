"""The language-model drafter against a local stand-in that replays recorded answers.

Real sockets, a real HTTP client: the stand-in (tests/model_standin.py) answers each request
with the next scripted reply. Every failure ends in the rules drafter's draft with a note
that says why, and the API key is never in a note, a genome or a log line.
"""

from __future__ import annotations

import json
import logging

import pytest
from model_standin import API_KEY, MODEL_NAME, ModelStandIn, Reply

from app.drafting import draft as rules
from app.drafting import model as draft_model
from app.genome import validate
from app.genome.schema import json_schema

VET = (
    "A veterinary clinic app. Clinics have vets and pet owners. Owners register pets "
    "(name, species, breed, birth date, weight). Owners book appointments with a vet for a "
    "pet at a date and time, with a reason and a status (requested, confirmed, completed, "
    "cancelled). Vets write visit notes and prescriptions (medicine, dosage, days). "
    "Invoices have line items and are paid or unpaid."
)
VALID = Reply("vet_valid.json")


@pytest.fixture(scope="module")
def standin():
    server = ModelStandIn()
    yield server
    server.close()


@pytest.fixture
def model(standin) -> draft_model.ModelSettings:
    return draft_model.ModelSettings(
        api_base=standin.base_url, api_key=API_KEY, model=MODEL_NAME, timeout_seconds=5
    )


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def _names(result: rules.Draft) -> set[str]:
    return {entity["name"] for entity in result.genome["entities"]}


def _assert_no_key(result: rules.Draft, logs) -> None:
    assert API_KEY not in " ".join(result.notes)
    assert API_KEY not in json.dumps(result.genome)
    assert API_KEY not in logs.text
    assert API_KEY not in repr(logs.records)


def _assert_rules_fallback(result: rules.Draft, reason: str) -> None:
    assert result.drafter == "rules"
    assert result.notes[0].startswith("drafted by the rules drafter")
    assert reason in result.notes[0]
    assert result.genome == rules.draft(VET).genome
    assert not validate(result.genome)


def test_a_valid_answer_is_the_draft(standin, model, logs) -> None:
    standin.play(VALID)
    result = draft_model.draft(VET, model)
    assert result.drafter == "model"
    assert not validate(result.genome)
    assert {"Pet", "Appointment", "VisitNote", "Prescription", "Invoice", "LineItem"} <= _names(
        result
    )
    assert result.genome["description"] == VET
    assert result.notes == (f"drafted by the language model {MODEL_NAME}",)
    assert result.detected == {"billing": False, "async_jobs": False, "email": "console"}
    _assert_no_key(result, logs)


def test_the_request_carries_the_schema_the_model_and_the_bearer_key(standin, model) -> None:
    standin.play(VALID)
    draft_model.draft(VET, model)
    (request,) = standin.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert request.body["model"] == MODEL_NAME
    response_format = request.body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == draft_model.SCHEMA_NAME
    assert response_format["json_schema"]["schema"] == json_schema()
    assert isinstance(response_format["json_schema"]["strict"], bool)
    roles = [message["role"] for message in request.body["messages"]]
    assert roles == ["system", "user"]
    assert VET in request.body["messages"][1]["content"]


def test_no_key_sends_no_authorization_header(standin, model) -> None:
    standin.play(VALID)
    keyless = draft_model.ModelSettings(model.api_base, "", MODEL_NAME, 5)
    assert draft_model.draft(VET, keyless).drafter == "model"
    assert "Authorization" not in standin.requests[0].headers


def test_an_invalid_answer_is_sent_back_once_with_its_problems_and_repaired(
    standin, model, logs
) -> None:
    standin.play(Reply("vet_invalid.json"), Reply("vet_repaired.json"))
    result = draft_model.draft(VET, model)
    assert result.drafter == "model"
    assert not validate(result.genome)
    assert "first answer had 4 problems" in result.notes[1]
    first, repair = standin.requests
    messages = repair.body["messages"]
    assert messages[:2] == first.body["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert json.loads(messages[2]["content"])["entities"][6]["fields"]["amount"] == {
        "type": "money"
    }
    problems = messages[3]["content"]
    assert "4 problems" in problems
    assert "entities[6].fields.amount.type: unknown_type" in problems
    assert "entities[3].relations.appointment.target: unknown_target" in problems
    assert "entities[2].relations.pet.on_delete" in problems
    assert "entities[1].fields.id: reserved_name" in problems
    assert repair.body["response_format"] == first.body["response_format"]
    _assert_no_key(result, logs)


def test_an_answer_still_invalid_after_the_repair_falls_back_to_the_rules(
    standin, model, logs
) -> None:
    standin.play(Reply("vet_invalid.json"), Reply("vet_still_invalid.json"), VALID)
    result = draft_model.draft(VET, model)
    _assert_rules_fallback(result, "still had 2 problems after one repair")
    assert len(standin.requests) == 2  # one repair round, never a third request
    assert "fell back to the rules drafter" in logs.text
    _assert_no_key(result, logs)


def test_no_answer_within_the_timeout_falls_back_to_the_rules(standin, model, logs) -> None:
    standin.play(Reply("vet_valid.json", stall_seconds=30))
    quick = draft_model.ModelSettings(model.api_base, API_KEY, MODEL_NAME, 1)
    result = draft_model.draft(VET, quick)
    _assert_rules_fallback(result, "no answer within DRAFT_MODEL_TIMEOUT_SECONDS (1 s)")
    _assert_no_key(result, logs)


@pytest.mark.parametrize("status", [500, 429, 401])
def test_an_http_error_falls_back_to_the_rules(standin, model, logs, status) -> None:
    standin.play(Reply("server_error.json", status=status))
    result = draft_model.draft(VET, model)
    _assert_rules_fallback(result, f"the model API answered HTTP {status}")
    _assert_no_key(result, logs)


def test_a_body_that_is_not_json_falls_back_to_the_rules(standin, model, logs) -> None:
    standin.play(Reply("gateway_garbage.html"))
    result = draft_model.draft(VET, model)
    _assert_rules_fallback(result, "the model API's answer was not JSON")
    _assert_no_key(result, logs)


def test_a_completion_whose_content_is_prose_falls_back_to_the_rules(standin, model) -> None:
    standin.play(Reply("prose_content.json"))
    result = draft_model.draft(VET, model)
    _assert_rules_fallback(result, "its answer was not JSON")
    assert len(standin.requests) == 1


def test_an_oversize_answer_falls_back_to_the_rules(standin, model, logs) -> None:
    standin.play(Reply(oversize_bytes=draft_model.MAX_ANSWER_BYTES + 200_000))
    result = draft_model.draft(VET, model)
    _assert_rules_fallback(result, f"its answer was over {draft_model.MAX_ANSWER_BYTES:,} bytes")
    _assert_no_key(result, logs)


def test_an_unreachable_api_falls_back_to_the_rules(model, logs) -> None:
    closed = ModelStandIn()
    closed.close()  # nothing listens on its port any more
    gone = draft_model.ModelSettings(closed.base_url, API_KEY, MODEL_NAME, 5)
    result = draft_model.draft(VET, gone)
    _assert_rules_fallback(result, "the model API could not be reached (ConnectionError)")
    assert closed.base_url not in " ".join(result.notes)
    del model
    _assert_no_key(result, logs)


def test_the_callers_choices_override_the_models(standin, model) -> None:
    standin.play(VALID)
    result = draft_model.draft(
        VET,
        model,
        name="Paws",
        tenancy="organization",
        stack={"frontend": "none"},
        features={"billing": True},
    )
    genome = result.genome
    assert genome["name"] == "Paws"
    assert "slug" not in genome  # derived from the caller's name, not the model's
    assert genome["tenancy"] == "organization"
    assert genome["stack"] == {"backend": "flask", "frontend": "none"}
    assert genome["features"]["billing"] is True
    assert result.detected["billing"] is False  # what the model read, before the choice
    assert not validate(genome)


def test_a_description_over_the_limit_is_refused_without_calling_the_model(standin, model) -> None:
    standin.play(VALID)
    with pytest.raises(rules.DraftError, match="limit is 20,000"):
        draft_model.draft("x" * (rules.MAX_CHARS + 1), model)
    assert not standin.requests


def test_the_settings_choose_the_rules_drafter_unless_told_otherwise() -> None:
    assert draft_model.ModelSettings.from_config({}) is None
    assert draft_model.ModelSettings.from_config({"DRAFTER": "rules"}) is None
    chosen = draft_model.ModelSettings.from_config(
        {
            "DRAFTER": "model",
            "DRAFT_MODEL_API_BASE": "https://llm.example/v1/",
            "DRAFT_MODEL_API_KEY": API_KEY,
            "DRAFT_MODEL_NAME": "m",
            "DRAFT_MODEL_TIMEOUT_SECONDS": 12,
        }
    )
    assert chosen is not None
    assert chosen.api_base == "https://llm.example/v1"
    assert chosen.timeout_seconds == 12
    assert API_KEY not in repr(chosen)
