"""The stack in words, as the requirements form, the review and the project page say it."""

import pytest

from app.services import project_pages_service as pages


@pytest.mark.parametrize(
    ("genome_yaml", "label"),
    [
        ("genome: 1\nname: A\nstack: {backend: flask, frontend: nextjs}\n", "Flask API + Next.js"),
        ("genome: 1\nname: A\nstack: {backend: flask, frontend: none}\n", "Flask API only"),
        ("genome: 1\nname: A\nstack: {frontend: none}\n", "Flask API only"),
        ("genome: 1\nname: A\n", "Flask API + Next.js"),  # the format's defaults
        ("genome: 1\nname: A\nstack: {backend: fastapi}\n", "FastAPI + Next.js"),
    ],
)
def test_a_genome_says_its_stack_in_words(genome_yaml, label):
    assert pages.stack_label_of(genome_yaml) == label


@pytest.mark.parametrize(
    "genome_yaml",
    [
        None,
        "",
        "stack: [unclosed",
        "- a list\n",
        "stack: {frontend: vue}\n",
        "stack: {frontend: [1]}",
    ],
)
def test_an_unreadable_or_unknown_stack_has_no_label(genome_yaml):
    assert pages.stack_label_of(genome_yaml) is None


def test_the_form_offers_the_default_stack_first_with_labels_not_values():
    assert pages.stack_choices(None) == [
        ("nextjs", "Flask API + Next.js"),
        ("none", "Flask API only"),
    ]
    assert pages.stack_choices("fastapi")[0] == ("nextjs", "FastAPI + Next.js")
    assert pages.stack_choices("<script>")[1] == ("none", "Flask API only")
