"""Example descriptions a new user can start from on the guided start: the repository's own
(examples/descriptions, read through app.examples), named for people."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app.examples import example_descriptions

TITLES = {"crm": "CRM", "helpdesk": "Help desk"}


@dataclass(frozen=True, slots=True)
class Starter:
    slug: str
    name: str
    summary: str
    description: str


@cache
def all_starters() -> tuple[Starter, ...]:
    return tuple(
        Starter(
            slug=example.name,
            name=TITLES.get(example.name, example.name.replace("_", " ").capitalize()),
            summary=example.summary,
            description=example.text,
        )
        for example in example_descriptions()
    )


def find(slug: str | None) -> Starter | None:
    return next((starter for starter in all_starters() if starter.slug == slug), None)
