"""Problems of a genome come with their lines, found in time linear in the document."""

import pytest
import yaml

from app.errors import ApiError
from app.services import genome_service


def _problems(text: str) -> list[dict]:
    with pytest.raises(ApiError) as caught:
        genome_service.check(text)
    assert caught.value.status == 422
    return caught.value.details


def _genome_with_bad_fields(count: int) -> str:
    fields = "".join(f"      f{i}: {{type: string, colour: blue}}\n" for i in range(count))
    return f"genome: 1\nname: Lines\nentities:\n  - name: Item\n    fields:\n{fields}"


def test_each_problem_names_the_line_of_its_key():
    problems = _problems(_genome_with_bad_fields(3))
    assert [(p["path"], p["line"]) for p in problems] == [
        ("entities[0].fields.f0.colour", 6),
        ("entities[0].fields.f1.colour", 7),
        ("entities[0].fields.f2.colour", 8),
    ]


def test_the_document_is_composed_once_however_many_problems(monkeypatch):
    calls = []
    real_compose = yaml.compose

    def counting_compose(*args, **kwargs):
        calls.append(1)
        return real_compose(*args, **kwargs)

    monkeypatch.setattr(yaml, "compose", counting_compose)
    _problems(_genome_with_bad_fields(2))
    few = len(calls)
    calls.clear()
    assert len(_problems(_genome_with_bad_fields(300))) > 300
    assert len(calls) == few


@pytest.mark.parametrize(
    "text",
    [
        "genome: 1\nname: X\nentities: " + "[" * 100_000 + "]" * 100_000,
        "genome: 1\nentities: " + "[{a: " * 3000 + "1" + "}]" * 3000,
        "genome: 1\nname: X\nentities:\n" + "".join("  " * i + "- \n" for i in range(1, 2000)),
    ],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_deep_nesting_is_a_422_not_a_crash(text):
    assert _problems(text)


def test_a_genome_object_nested_too_deeply_for_yaml_is_a_422():
    data: dict = {}
    node = data
    for _ in range(5000):
        node["x"] = {}
        node = node["x"]
    with pytest.raises(ApiError) as caught:
        genome_service.to_yaml(data)
    assert caught.value.status == 422
