"""Drafting never crashes: empty, long, foreign, nonsense and hostile text."""

from __future__ import annotations

import pathlib

import pytest
import yaml
from click.testing import CliRunner

from app.drafting.cli import draft_command
from app.drafting.draft import MAX_CHARS, DraftError, draft, to_yaml
from app.genome import load, validate

HOSTILE = [
    "{{ config }} {% raw %} each {{x}} has a {{ y }}",
    'A note has a """ body """ and a \\ path \\.',
    "A page has a title </script><script>alert(1)</script> and a body.",
    "Robert'); DROP TABLE students; -- each student has a name; SELECT * FROM users",
    "Each café has a naïve name, a 名前 and a émoji 🎉 rating.",
    "\x00\x01\x02 each thing has a name \u202e\u200b",
    "A, b or c. , , , ; ; : : ( ) ( (( ))",
    "is has have belongs to of the a an each",
]


def _valid(text: str) -> dict:
    result = draft(text)
    assert not validate(result.genome)
    load(to_yaml(result.genome))
    return result.genome


def test_empty_text_gives_a_minimal_draft_with_a_note() -> None:
    result = draft("")
    assert not validate(result.genome)
    assert [e["name"] for e in result.genome["entities"]] == ["Item"]
    assert any("found no entities" in note for note in result.notes)
    assert result.genome["stack"] == {"backend": "flask", "frontend": "nextjs"}


@pytest.mark.parametrize(
    "text",
    [
        "   \n\t ",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
        "Les clients ont un nom, une adresse e-mail et des commandes.",
        "顧客は名前とメールアドレスを持っています。",
        "asdf qwer zxcv. jkl; uiop!",
        *HOSTILE,
    ],
)
def test_odd_text_still_validates(text: str) -> None:
    genome = _valid(text)
    assert genome["entities"]


def test_hostile_text_is_kept_as_data_in_the_description() -> None:
    text = HOSTILE[2]
    genome = _valid(text)
    assert genome["description"] == text
    assert yaml.safe_load(to_yaml(genome)) == genome


def test_text_of_exactly_the_limit_is_drafted() -> None:
    sentence = "Each widget has a name, a price and a weight in grams. "
    text = (sentence * (MAX_CHARS // len(sentence) + 1))[:MAX_CHARS]
    genome = _valid(text)
    assert genome["entities"][0]["name"] == "Widget"


def test_text_over_the_limit_raises_a_clear_error() -> None:
    with pytest.raises(DraftError, match="limit is 20,000"):
        draft("a" * (MAX_CHARS + 1))


def test_many_entities_are_capped_at_the_genome_limit() -> None:
    text = " ".join(f"Each thing{n} has a name." for n in range(80))
    text = " ".join(
        f"Each {w}{v} has a name."
        for w in "abcdefghij"
        for v in ("ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen")
    )
    genome = _valid(text)
    assert len(genome["entities"]) <= 60


def test_cli_prints_yaml_with_notes_as_comments(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("Agents answer tickets. A ticket has a subject.", encoding="utf-8")
    result = CliRunner().invoke(draft_command, ["--text-file", str(path)])
    assert result.exit_code == 0, result.output
    assert "# note: treated 'agents' as users" in result.output
    genome = yaml.safe_load(result.output)
    assert not validate(genome)


def test_cli_rejects_too_long_text_with_exit_status_1(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"x" * (MAX_CHARS + 5) + b"\xff")
    result = CliRunner().invoke(draft_command, ["--text-file", str(path)])
    assert result.exit_code == 1
    assert "limit is 20,000" in result.output
