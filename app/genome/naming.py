"""Derived names: snake case, English plurals and singulars, slugs, URL segments.

`pluralize` and `singularize` are the one pluralizer of Helix (the normalized genome and the
drafter both use them). They read lemminflect's shipped lexicon of English word forms, which
knows irregular plurals (person/people, analysis/analyses, criterion/criteria) and words
that only look plural (status, bus, series); a word it does not know gets the plural its
out-of-vocabulary rules give. lemminflect is imported on first use: its import and tables
cost a few tenths of a second, paid only by a process that names something.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from functools import cache, lru_cache
from types import ModuleType

IDENTIFIER_RE = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")
ENTITY_NAME_RE = re.compile(r"[A-Z][A-Za-z0-9]{0,39}\Z")

# `type` is a soft keyword only from Python 3.12, and SPEC.md accepts it as a name.
SOFT_KEYWORDS = frozenset({"match", "case", "_"})
PYTHON_KEYWORDS = frozenset(keyword.kwlist) | SOFT_KEYWORDS

# One spelling for sure where the lexicon lists several forms in another order
# (it lists `persons` before `people`), a learned form (`data` as the plural of `datum`) or
# a count plural of a mass noun (`equipments`): a table of such things keeps the noun.
MASS_NOUNS = (
    "equipment",
    "information",
    "software",
    "hardware",
    "feedback",
    "metadata",
    "furniture",
    "luggage",
    "baggage",
    "advice",
    "research",
    "evidence",
    "knowledge",
    "homework",
    "traffic",
)
PREFERRED_PLURALS = {"person": "people", "data": "data"} | {noun: noun for noun in MASS_NOUNS}
PREFERRED_SINGULARS = {plural: singular for singular, plural in PREFERRED_PLURALS.items()}
# Endings that a regular English plural adds, and what they replace: `-ies` <- `-y`, ...
_REGULAR_ENDINGS = (("ies", "y"), ("es", ""), ("s", ""))

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@cache
def lexicon() -> ModuleType:
    """lemminflect, imported on first use."""
    import lemminflect  # pylint: disable=import-outside-toplevel

    return lemminflect


def snake_case(pascal: str) -> str:
    """`OrderLine` -> `order_line`, `HTTPRequest` -> `http_request`."""
    return _WORD_BOUNDARY.sub("_", pascal).lower()


def _split_last(snake: str) -> tuple[str, str]:
    head, _, last = snake.rpartition("_")
    return (head + "_" if head else ""), last


@lru_cache(maxsize=16384)
def plural_forms(word: str) -> tuple[str, ...]:
    """Every plural of a lower-case singular noun, the usual one first."""
    found = []
    if word.isalpha() and word.isascii():
        found = [form.lower() for form in lexicon().getInflection(word, "NNS")]
    if word in PREFERRED_PLURALS:
        found.insert(0, PREFERRED_PLURALS[word])
    forms = list(dict.fromkeys(found))
    if not forms:
        return (word + "s",)
    if forms[0] == word and len(forms) > 1 and word not in PREFERRED_PLURALS:
        # `fish`: `fishes` first, `fish` still counts
        forms = [*forms[1:], word]
    return tuple(forms)


@lru_cache(maxsize=16384)
def pluralize(snake: str) -> str:
    """The English plural of a snake_case noun; only its last word is inflected."""
    head, last = _split_last(snake)
    return head + plural_forms(last)[0]


@lru_cache(maxsize=16384)
def singular_word(word: str) -> str:
    """The singular of a lower-case noun, or the word itself when it is not a plural.

    A candidate singular counts only when the word is one of its plurals, so a word that
    merely ends in -s (`status`, `news`, `series`) stays as it is. A word the lexicon knows
    as a noun takes its lemmas only.
    """
    if word in PREFERRED_SINGULARS:
        return PREFERRED_SINGULARS[word]
    if not word.isalpha() or not word.isascii():  # `item2s`: the plural `plural_forms` gives
        stem = word[:-1]
        return stem if word.endswith("s") and stem and plural_forms(stem) == (word,) else word
    if len(word) < 3:
        return word
    words = lexicon()
    regular = [word[: -len(end)] + add for end, add in _REGULAR_ENDINGS if word.endswith(end)]
    # A regular plural of a noun the lexicon knows (`tags`, `categories`, `statuses`) needs
    # only its table of inflections; the table of lemmas (loaded on first use) is for the rest.
    for candidate in regular:
        if word in words.getInflection(candidate, "NNS", inflect_oov=False):
            return candidate
    candidates = words.getAllLemmas(word, "NOUN").get("NOUN", ())
    if not candidates:  # not in the lexicon: its rules' guess, then the regular endings
        candidates = (*words.getAllLemmasOOV(word, "NOUN").get("NOUN", ()), *regular)
    for candidate in candidates:
        if candidate and candidate != word and word in plural_forms(candidate):
            return candidate
    return word


@lru_cache(maxsize=16384)
def singularize(snake: str) -> str:
    """The singular of a snake_case plural noun, or the name itself when not a plural."""
    head, last = _split_last(snake)
    return head + singular_word(last)


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
