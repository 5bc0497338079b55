"""Founders' shorthand: parentheses, arrows, slashes, yes/no, ranges, counts of things."""

from __future__ import annotations

import pathlib

from app.drafting.draft import Draft, draft
from app.genome import validate

VET = (pathlib.Path(__file__).parent / "drafts" / "dev" / "vet_clinic.txt").read_text()


def _draft(text: str) -> Draft:
    result = draft(text)
    assert not validate(result.genome), validate(result.genome)
    return result


def _entities(result: Draft) -> dict[str, dict]:
    return {e["name"]: e for e in result.genome["entities"]}


def _targets(entity: dict) -> set[str]:
    return {r["target"] for r in (entity.get("relations") or {}).values()}


def test_the_vet_clinic_drafts_the_heart_of_the_product() -> None:
    ents = _entities(_draft(VET))
    assert {"Pet", "Appointment", "VisitNote", "Prescription", "Invoice", "LineItem"} <= set(ents)
    assert "Clinics" not in ents
    pet, appointment = ents["Pet"], ents["Appointment"]
    assert {"name", "species", "breed", "birth_date", "weight"} <= set(pet["fields"])
    assert pet["fields"]["birth_date"]["type"] == "date"
    assert "owner" in pet["relations"]
    assert {"date", "time", "reason", "status"} <= set(appointment["fields"])
    assert {"pet", "vet"} <= set(appointment["relations"])
    assert appointment["relations"]["vet"]["target"] == "User"
    assert appointment["fields"]["status"]["values"] == [
        "requested",
        "confirmed",
        "completed",
        "cancelled",
    ]
    prescription = ents["Prescription"]["fields"]
    assert set(prescription) == {"medicine", "dosage", "days"}
    assert prescription["days"]["type"] == "integer"
    assert ents["Invoice"]["fields"]["paid"]["type"] == "boolean"
    assert "Invoice" in _targets(ents["LineItem"])


def test_a_noun_with_a_parenthesised_list_is_an_entity_with_those_fields() -> None:
    ents = _entities(_draft("Volunteers sign up for shifts (title, starts at, max people)."))
    assert set(ents["Shift"]["fields"]) == {"title", "starts_at", "max_people"}
    assert ents["Shift"]["fields"]["starts_at"]["type"] == "datetime"


def test_a_field_with_a_parenthesised_list_is_an_enum() -> None:
    ents = _entities(_draft("Each parcel has a weight and a size (small, medium, large)."))
    assert ents["Parcel"]["fields"]["size"]["values"] == ["small", "medium", "large"]
    assert set(ents) == {"Parcel"}


def test_arrows_make_an_enum_with_transitions() -> None:
    ents = _entities(_draft("Parcels have a code. Parcels go packed -> shipped -> delivered."))
    parcel = ents["Parcel"]
    assert parcel["fields"]["status"]["values"] == ["packed", "shipped", "delivered"]
    assert parcel["transitions"] == {
        "field": "status",
        "allowed": {"packed": ["shipped"], "shipped": ["delivered"], "delivered": []},
    }


def test_slashes_yes_no_and_or_not_read_as_enums_and_booleans() -> None:
    ents = _entities(
        _draft("Job: title, status open/closed, remote or not, visa yes/no, salary min/max.")
    )
    fields = ents["Job"]["fields"]
    assert fields["status"]["values"] == ["open", "closed"]
    assert fields["remote"]["type"] == "boolean"
    assert fields["visa"]["type"] == "boolean"
    assert fields["min_salary"]["type"] == fields["max_salary"]["type"] == "decimal"


def test_a_bare_range_bounds_a_number() -> None:
    ents = _entities(_draft("Reviews have a comment and a rating 1-5."))
    assert ents["Review"]["fields"]["rating"] == {"type": "integer", "min": 1, "max": 5}


def test_counts_and_values_never_become_entities() -> None:
    result = _draft(
        "We run three coworking spaces and want a booking tool. Each space has a name. "
        "Members book desks for a date, a start time and a duration in hours."
    )
    names = set(_entities(result))
    assert not any(n.startswith(("Three", "Want", "Date", "StartTime", "Duration")) for n in names)
    assert "Space" in names


def test_the_noun_of_a_verb_is_the_thing_it_creates() -> None:
    ents = _entities(
        _draft(
            "Rooms have a name. Guests have an email. Guests reserve rooms for a date. "
            "A reservation has a status (pending, confirmed)."
        )
    )
    assert {"Guest", "Room"} <= _targets(ents["Reservation"])
    assert "date" in ents["Reservation"]["fields"]


def test_a_bare_plural_owned_by_a_thing_belongs_to_it() -> None:
    ents = _entities(_draft("Customers have orders. Orders have a total."))
    assert ents["Order"]["relations"]["customer"]["target"] == "Customer"
    assert "orders" not in ents["Customer"]["fields"]


def test_features_follow_the_text_and_the_notes_never_contradict_the_genome() -> None:
    text = "Rooms have an hourly price. Every night the app emails guests. Hosts pay a monthly plan"
    result = _draft(text)
    assert result.detected == {"billing": True, "async_jobs": True, "email": "smtp"}
    assert result.genome["features"] == result.detected
    assert [j["name"] for j in result.genome["jobs"]] == ["email_guests"]
    chosen = draft(text, features={"async_jobs": False})
    assert chosen.detected["async_jobs"] is True
    assert chosen.genome["features"]["async_jobs"] is False
    assert "jobs" not in chosen.genome
    assert not any(n.startswith("turned on async jobs") for n in chosen.notes)
    assert any(n.startswith("left async jobs off as chosen") for n in chosen.notes)


def test_an_hourly_price_is_not_a_schedule() -> None:
    result = _draft("Rooms have a name and an hourly price. Tutors have a weekly rate.")
    assert result.detected["async_jobs"] is False
    assert not any("async" in note for note in result.notes)


def test_a_listed_field_named_for_its_event_and_a_trailing_chain_stay_fields() -> None:
    ents = _entities(_draft("Lessons: title, starts at, ends at, status scheduled -> done -> paid"))
    lesson = ents["Lesson"]
    assert set(lesson["fields"]) == {"title", "starts_at", "ends_at", "status"}
    assert lesson["fields"]["starts_at"]["type"] == "datetime"
    assert lesson["fields"]["status"]["values"] == ["scheduled", "done", "paid"]
    assert lesson["transitions"]["allowed"]["scheduled"] == ["done"]


def test_a_choice_whose_other_side_is_a_phrase_is_a_boolean() -> None:
    ents = _entities(_draft("Courses have a title and are online or in person."))
    assert ents["Course"]["fields"]["online"]["type"] == "boolean"


def test_a_list_after_a_thing_taken_one_at_a_time_describes_the_thing_before_it() -> None:
    ents = _entities(
        _draft("Plumbers log their hours on each job (start time, end time). Jobs have an address.")
    )
    assert set(ents["Hour"]["fields"]) == {"start_time", "end_time"}
    assert "Job" in _targets(ents["Hour"])
    assert set(ents["Job"]["fields"]) == {"address"}
    text = "Applicants pay a fee per application (amount, paid at). Applications have a title."
    fee = _entities(_draft(text))["Fee"]
    assert set(fee["fields"]) == {"amount", "paid_at"}
    assert "Application" in _targets(fee)


def test_a_reduced_relative_clause_names_a_thing_of_its_own() -> None:
    ents = _entities(
        _draft("Mechanics record the parts they used (part, quantity). Parts have a name, a sku.")
    )
    assert set(ents["UsedPart"]["fields"]) == {"quantity"}
    assert "Part" in _targets(ents["UsedPart"])
    assert set(ents["Part"]["fields"]) == {"name", "sku"}


def test_a_clause_in_a_list_gives_its_object_and_object_pronouns_are_never_things() -> None:
    ents = _entities(_draft("Parts have a name, a sku and we track the stock."))
    assert set(ents["Part"]["fields"]) == {"name", "sku", "stock"}
    ents = _entities(
        _draft("Customers call us and we create a ticket: subject, priority (low, high).")
    )
    assert set(ents) == {"Ticket"}
    assert set(ents["Ticket"]["fields"]) == {"subject", "priority"}


def test_an_opening_when_clause_without_a_comma_leaves_the_main_clause() -> None:
    ents = _entities(
        _draft("When the order ships we send the customer an invoice (total, due date).")
    )
    assert set(ents["Invoice"]["fields"]) == {"total", "due_date"}


def test_an_uncountable_entity_gets_a_plural_of_its_own() -> None:
    result = _draft("Teachers leave feedback on each lesson with a rating 1-5 and a comment.")
    assert _entities(result)["Feedback"]["plural"] == "feedback_items"


def test_listed_state_values_never_turn_on_jobs() -> None:
    result = _draft("Lessons: title, status scheduled -> done -> paid")
    assert result.genome["features"]["async_jobs"] is False
    assert "jobs" not in result.genome


def test_types_follow_the_thing_measured_units_counts_and_questions() -> None:
    text = (
        "Beans: origin, kg in stock, cost per kg. "
        "Orders: bean, bags, ship date, shipped?, submitted on. Rooms: name, price per group."
    )
    ents = _entities(_draft(text))
    bean, order = ents["Bean"]["fields"], ents["Order"]["fields"]
    assert bean["kg_in_stock"]["type"] == "float"
    assert bean["cost_per_kg"]["type"] == "decimal"
    assert order["bags"]["type"] == "integer"
    assert order["shipped"]["type"] == "boolean"
    assert order["submitted_on"]["type"] == "date"
    assert ents["Room"]["fields"]["price_per_group"]["type"] == "decimal"


def test_what_a_thing_can_be_is_its_status_and_a_verb_books_its_noun() -> None:
    text = (
        "Rooms have a name. Customers book a room for a time slot and a number of players; "
        "bookings can be pending, confirmed or no-show."
    )
    booking = _entities(_draft(text))["Booking"]
    assert booking["fields"]["status"]["values"] == ["pending", "confirmed", "no_show"]
    assert booking["fields"]["players"]["type"] == "integer"
    assert "time_slot" in booking["fields"]
    assert "Room" in _targets(booking)


def test_a_subject_defined_inline_then_a_clause_with_a_colon_list_for_its_object() -> None:
    text = (
        "Applicants (name, email, is local) submit permit applications for a property: "
        "type (fence / extension), estimated cost, submitted on. "
        "Application status: draft -> submitted -> approved | rejected. Properties have a zoning."
    )
    ents = _entities(_draft(text))
    assert set(ents["Applicant"]["fields"]) == {"name", "email", "local"}
    application = ents["PermitApplication"]
    assert {"type", "estimated_cost", "submitted_on", "status"} <= set(application["fields"])
    assert application["fields"]["status"]["values"] == [
        "draft",
        "submitted",
        "approved",
        "rejected",
    ]
    assert application["transitions"]["allowed"]["submitted"] == ["approved", "rejected"]
    assert {"Applicant", "Property"} <= _targets(application)
    assert "zoning" in ents["Property"]["fields"]


def test_a_thing_of_another_named_after_a_pronoun_subject_is_linked_to_it() -> None:
    text = "Orders have a total. They schedule deliveries of an order with a date and notes."
    delivery = _entities(_draft(text))["Delivery"]
    assert set(delivery["fields"]) == {"date", "notes"}
    assert "Order" in _targets(delivery)


def test_one_state_of_a_list_said_as_a_phrase_stays_a_state() -> None:
    text = "Vehicles have a plate and a status: available, on route or in maintenance."
    status = _entities(_draft(text))["Vehicle"]["fields"]["status"]
    assert status["values"] == ["available", "on_route", "in_maintenance"]
