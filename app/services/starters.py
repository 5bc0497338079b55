"""Example descriptions a new user can start from on the guided start (product copy)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Starter:
    slug: str
    name: str
    summary: str
    description: str


STARTERS = (
    Starter(
        "clinic",
        "Clinic bookings",
        "Patients, doctors and appointments.",
        "A clinic booking app. Patients have a name, an email and a birth date. Doctors have "
        "a name and a specialty. Patients book appointments with a doctor at a date and time, "
        "with a reason and a status (requested, confirmed, completed, cancelled). Doctors "
        "write notes on appointments.",
    ),
    Starter(
        "crm",
        "Sales CRM",
        "Companies, contacts and deals.",
        "A CRM for a small sales team. Companies have a name and a website. Contacts belong "
        "to a company and have a first name, a last name, an email and a phone. Deals belong "
        "to a company, have a title, an amount and a stage (lead, qualified, won, lost) and "
        "an expected close date.",
    ),
    Starter(
        "library",
        "Lending library",
        "Books, members and loans.",
        "A lending library. Books have a title, an author, an ISBN and a published year. "
        "Members have a name and an email. Members borrow books: a loan has a due date and a "
        "returned date.",
    ),
)
BY_SLUG = {starter.slug: starter for starter in STARTERS}


def find(slug: str | None) -> Starter | None:
    return BY_SLUG.get(slug or "")
