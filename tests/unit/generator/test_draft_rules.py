"""Drafting rules: types, enums, relations, people as users, features, notes."""

from __future__ import annotations

import dataclasses

import pytest

from app.drafting.draft import Draft, draft
from app.genome import validate


def _draft(text: str) -> Draft:
    result = draft(text)
    assert not validate(result.genome)
    return result


def _entity(result: Draft, name: str) -> dict:
    return next(e for e in result.genome["entities"] if e["name"] == name)


def _types(result: Draft, name: str) -> dict[str, str]:
    return {k: v["type"] for k, v in _entity(result, name)["fields"].items()}


def _targets(result: Draft, name: str) -> dict[str, tuple[str, str]]:
    rels = _entity(result, name).get("relations") or {}
    return {k: (v["target"], v["kind"]) for k, v in rels.items()}


@pytest.mark.parametrize(
    ("phrase", "field", "expected"),
    [
        ("a contact email", "contact_email", "email"),
        ("an email address", "email", "email"),
        ("a website URL", "website_url", "url"),
        ("a due date", "due_date", "date"),
        ("a date of birth", "date_of_birth", "date"),
        ("a start time", "start_time", "datetime"),
        ("a closed at timestamp", "closed_at", "datetime"),
        ("a price", "price", "decimal"),
        ("a total amount", "total_amount", "decimal"),
        ("a shipping cost", "shipping_cost", "decimal"),
        ("a number of pages", "pages", "integer"),
        ("a duration in minutes", "duration", "integer"),
        ("a length in meters", "length", "float"),
        ("a weight", "weight", "float"),
        ("a score from 1 to 10", "score", "integer"),
        ("a summary", "summary", "text"),
        ("some notes", "notes", "text"),
        ("a serial number", "serial_number", "string"),
        ("an archived flag", "archived", "boolean"),
    ],
)
def test_field_types_follow_english_cues(phrase: str, field: str, expected: str) -> None:
    result = _draft(f"Each gadget has a name and {phrase}.")
    assert _types(result, "Gadget")[field] == expected


def test_whether_clause_is_a_boolean_named_by_its_participle() -> None:
    result = _draft("A parcel has a code and records whether it was delivered.")
    assert _types(result, "Parcel")["delivered"] == "boolean"


def test_listed_choices_become_an_enum_with_snake_case_values() -> None:
    result = _draft("A room has a number and a state (free, Being Cleaned or out of order).")
    state = _entity(result, "Room")["fields"]["state"]
    assert state["values"] == ["free", "being_cleaned", "out_of_order"]
    assert state["default"] == "free"


def test_choices_after_a_colon_become_an_enum() -> None:
    result = _draft("Each shipment has a carrier and a status: pending, shipped or lost.")
    assert _entity(result, "Shipment")["fields"]["status"]["values"] == [
        "pending",
        "shipped",
        "lost",
    ]


def test_range_sets_integer_bounds() -> None:
    result = _draft("A review has a title and a stars value from 1 to 5.")
    stars = _entity(result, "Review")["fields"]["stars_value"]
    assert (stars["type"], stars["min"], stars["max"]) == ("integer", 1, 5)


def test_belongs_to_is_a_required_many_to_one() -> None:
    result = _draft("Stores have a name. Each shelf belongs to a store and has a label.")
    assert _targets(result, "Shelf")["store"] == ("Store", "many_to_one")
    assert _entity(result, "Shelf")["relations"]["store"]["required"] is True


def test_several_is_many_to_many() -> None:
    result = _draft("Songs have a title. A playlist has a name and can have several songs.")
    assert _targets(result, "Playlist")["songs"] == ("Song", "many_to_many")


def test_each_x_has_a_y_links_to_a_known_entity() -> None:
    result = _draft("Teams have a name. Each player has a name, a jersey number and a team.")
    assert _targets(result, "Player")["team"] == ("Team", "many_to_one")


def test_passive_link_and_tagging() -> None:
    result = _draft(
        "Articles have a headline and a body. Articles are filed under sections. "
        "Articles can be tagged."
    )
    targets = _targets(result, "Article")
    assert targets["section"] == ("Section", "many_to_one")
    assert targets["tags"] == ("Tag", "many_to_many")


def test_x_of_a_y_is_ownership() -> None:
    result = _draft("Courses have a title. The lessons of a course have a title and a video URL.")
    assert _targets(result, "Lesson")["course"][0] == "Course"


def test_actors_with_nothing_of_their_own_are_users_with_a_note() -> None:
    result = _draft("Editors write articles. An article has a headline and a body.")
    assert _targets(result, "Article")["editor"] == ("User", "many_to_one")
    assert all(e["name"] != "Editor" for e in result.genome["entities"])
    assert "treated 'editors' as users (the built-in User)" in result.notes


def test_people_with_data_of_their_own_stay_entities() -> None:
    result = _draft("Patients have a name and a birth date. Patients book visits.")
    assert "Patient" in {e["name"] for e in result.genome["entities"]}


def test_entity_with_no_fields_gets_a_name_with_a_note() -> None:
    result = _draft("Each invoice has a total and belongs to a client.")
    assert _types(result, "Client") == {"name": "string"}
    assert any("Client" in note and "name" in note for note in result.notes)


def test_reserved_names_are_renamed_and_noted() -> None:
    result = _draft("Pottery studio. A class has a title, a type, an id and a from date.")
    names = {e["name"] for e in result.genome["entities"]}
    assert "PotteryClass" in names
    fields = _types(result, "PotteryClass")
    assert "id" not in fields
    assert "from_date" in fields
    assert any("reserved" in note for note in result.notes)


def test_built_in_entity_names_are_not_reused() -> None:
    result = _draft("Choir app. Each role has a title. Subscriptions have a price.")
    names = {e["name"] for e in result.genome["entities"]}
    assert not names & {"Role", "Subscription", "User"}


def test_billing_when_customers_pay_a_subscription() -> None:
    result = _draft("Studios pay a monthly subscription. Each studio has a name.")
    assert result.genome["features"]["billing"] is True
    plain = _draft("Plans have a name and a monthly price.")
    assert plain.genome["features"]["billing"] is False


def test_scheduled_work_turns_on_async_jobs_with_a_job() -> None:
    result = _draft(
        "Loans have a due date. Every night the app marks overdue loans. "
        "Members get a reminder e-mail before the due date."
    )
    genome = result.genome
    assert genome["features"]["async_jobs"] is True
    assert genome["features"]["email"] != "console"
    jobs = {j["name"]: j for j in genome["jobs"]}
    assert any(j.get("schedule") == "0 2 * * *" for j in jobs.values())
    assert "send_reminders" in jobs


def test_no_features_without_cues() -> None:
    result = _draft("Each book has a title and an email of its publisher.")
    assert result.genome["features"] == {"billing": False, "async_jobs": False, "email": "console"}
    assert "jobs" not in result.genome


def test_caller_choices_override_the_draft() -> None:
    result = draft(
        "Every night the app closes tickets. A ticket has a subject.",
        name="Desk",
        stack={"frontend": "nextjs"},
        tenancy="organization",
        features={"async_jobs": False, "email": "postmark"},
    )
    genome = result.genome
    assert genome["name"] == "Desk"
    assert genome["stack"] == {"backend": "flask", "frontend": "nextjs"}
    assert genome["tenancy"] == "organization"
    assert genome["features"]["async_jobs"] is False
    assert "jobs" not in genome
    assert genome["features"]["email"] == "postmark"
    assert not validate(genome)


def test_draft_is_frozen_and_deterministic() -> None:
    text = "Drivers have a name. A trip is assigned to a driver and has a distance."
    first, second = draft(text), draft(text)
    assert first == second
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.notes = ()  # type: ignore[misc]
