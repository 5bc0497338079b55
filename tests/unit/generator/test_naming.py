"""Helix's one pluralizer (`app.genome.naming`): the genome's names and the drafter's words."""

import subprocess
import sys

import pytest

from app.drafting import words as draft_words
from app.genome.naming import plural_forms, pluralize, singular_word, singularize

# Irregular plurals, words that only look plural, Latin and Greek plurals, -y/-f/-o words.
ENGLISH = [
    ("person", "people"),
    ("child", "children"),
    ("man", "men"),
    ("woman", "women"),
    ("foot", "feet"),
    ("mouse", "mice"),
    ("category", "categories"),
    ("company", "companies"),
    ("day", "days"),
    ("status", "statuses"),
    ("bus", "buses"),
    ("campus", "campuses"),
    ("virus", "viruses"),
    ("address", "addresses"),
    ("class", "classes"),
    ("quiz", "quizzes"),
    ("box", "boxes"),
    ("church", "churches"),
    ("analysis", "analyses"),
    ("diagnosis", "diagnoses"),
    ("thesis", "theses"),
    ("criterion", "criteria"),
    ("phenomenon", "phenomena"),
    ("matrix", "matrices"),
    ("knife", "knives"),
    ("shelf", "shelves"),
    ("roof", "roofs"),
    ("hero", "heroes"),
    ("potato", "potatoes"),
    ("photo", "photos"),
    ("series", "series"),
    ("species", "species"),
    ("sheep", "sheep"),
    ("news", "news"),
    ("equipment", "equipment"),
    ("information", "information"),
    ("data", "data"),
]


@pytest.mark.parametrize(("word", "plural"), ENGLISH)
def test_english_plurals_and_back(word, plural):
    assert pluralize(word) == plural
    assert singularize(plural) == word


@pytest.mark.parametrize(
    ("name", "plural"),
    [
        ("order_line", "order_lines"),
        ("sales_person", "sales_people"),
        ("bus_stop_status", "bus_stop_statuses"),
        ("lab_analysis", "lab_analyses"),
        ("item2", "item2s"),
    ],
)
def test_only_the_last_word_of_a_snake_case_name_is_inflected(name, plural):
    assert pluralize(name) == plural
    assert singularize(plural) == name


@pytest.mark.parametrize("word", ["status", "bus", "analysis", "news", "series", "this", "gas"])
def test_a_singular_ending_in_s_is_not_taken_for_a_plural(word):
    assert singular_word(word) == word
    assert not draft_words.is_plural(word)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("skus", "sku"), ("timesheets", "timesheet"), ("payslips", "payslip"), ("smses", "sms")],
)
def test_words_outside_the_lexicon_follow_the_regular_endings(plural, singular):
    assert singular_word(plural) == singular
    assert plural in plural_forms(singular)


@pytest.mark.parametrize(
    ("word", "singular"), [("persons", "person"), ("indices", "index"), ("people", "person")]
)
def test_every_listed_plural_reads_back_to_its_singular(word, singular):
    assert singular_word(word) == singular


def test_the_drafter_uses_the_same_pluralizer():
    for word, plural in ENGLISH:
        assert draft_words.plural(word) == plural
        assert draft_words.singular(plural) == word


def test_naming_imports_neither_inflect_nor_the_lexicon_up_front():
    code = (
        "import sys, app.genome, app.cli_commands; "
        "print(sorted(m for m in ('inflect', 'lemminflect', 'flask_sqlalchemy', 'celery') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
