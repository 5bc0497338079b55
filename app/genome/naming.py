"""Derived names: snake case, English plurals and singulars, slugs, URL segments."""

from __future__ import annotations

import keyword
import re
import unicodedata
from functools import lru_cache

import inflect

IDENTIFIER_RE = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")
ENTITY_NAME_RE = re.compile(r"[A-Z][A-Za-z0-9]{0,39}\Z")

# `type` is a soft keyword only from Python 3.12, and SPEC.md accepts it as a name.
SOFT_KEYWORDS = frozenset({"match", "case", "_"})
PYTHON_KEYWORDS = frozenset(keyword.kwlist) | SOFT_KEYWORDS

# Where inflect is wrong or where we want one spelling for sure.
IRREGULAR_PLURALS = {
    "person": "people",
    "category": "categories",
    "status": "statuses",
    "address": "addresses",
    "quiz": "quizzes",
    "bus": "buses",
    "campus": "campuses",
    "data": "data",
}
IRREGULAR_SINGULARS = {plural: singular for singular, plural in IRREGULAR_PLURALS.items()}

_ENGINE = inflect.engine()
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(pascal: str) -> str:
    """`OrderLine` -> `order_line`, `HTTPRequest` -> `http_request`."""
    return _WORD_BOUNDARY.sub("_", pascal).lower()


def _split_last(snake: str) -> tuple[str, str]:
    head, _, last = snake.rpartition("_")
    return (head + "_" if head else ""), last


@lru_cache(maxsize=4096)
def pluralize(snake: str) -> str:
    """The English plural of a snake_case noun; only its last word is inflected."""
    head, last = _split_last(snake)
    if last in IRREGULAR_PLURALS:
        return head + IRREGULAR_PLURALS[last]
    plural = _ENGINE.plural_noun(last) if last.isalpha() else last + "s"
    return head + (plural or last + "s").lower()


@lru_cache(maxsize=4096)
def singularize(snake: str) -> str:
    """The singular of a snake_case plural noun, or the word itself when not a plural."""
    head, last = _split_last(snake)
    if last in IRREGULAR_SINGULARS:
        return head + IRREGULAR_SINGULARS[last]
    if not last.isalpha():
        return snake
    singular = _ENGINE.singular_noun(last)
    # inflect guesses wrong on words like "bus" -> "bu"; keep only round-trips.
    if not singular or pluralize(singular.lower()) != last:
        return snake
    return head + singular.lower()


# Words whose first letter misleads: "a user", "a one-off", "an hour".
_A_BEFORE = ("uni", "use", "usa", "usu", "uti", "ura", "ure", "uro", "eu", "one", "once", "ewe")
_AN_BEFORE = ("hour", "honest", "honor", "honour", "heir")


def with_article(phrase: str) -> str:
    """The phrase with its English indefinite article: `an appointment`, `a user`."""
    word = phrase.split(" ", 1)[0].lower()
    if word.startswith(_A_BEFORE):
        article = "a"
    elif word.startswith(_AN_BEFORE) or word[:1] in ("a", "e", "i", "o", "u"):
        article = "an"
    else:
        article = "a"
    return f"{article} {phrase}"


def words(snake: str) -> str:
    """A snake_case name as words: `order_line` -> `order line`."""
    return snake.replace("_", " ")


def url_segment(plural: str) -> str:
    return plural.replace("_", "-")


def slugify(name: str) -> str:
    """A package-safe slug from free text: `Clinic Booking` -> `clinic_booking`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    if not slug:
        return "app"
    if not slug[0].isalpha():
        slug = "app_" + slug
    slug = slug[:40].rstrip("_")
    if slug in PYTHON_KEYWORDS:
        slug += "_app"
    return slug
