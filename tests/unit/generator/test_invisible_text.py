"""Invisible and bidirectional control characters from user text never reach generated files."""

import unicodedata

import yaml

from app.codegen import escaping
from app.codegen.render import render
from app.examples import genome_path
from app.genome import load

# Trojan Source: right-to-left override and isolates, zero-width characters, BOM, a tag.
TROJAN = "admin\u202e \u2066x\u2069 zero\u200bwidth\u200d join\ufeff tag\U000e0041 rlm\u200f"


def _with_trojan_text(node: object) -> object:
    """Every free-text description in the genome carrying TROJAN."""
    if isinstance(node, dict):
        return {
            key: f"{value} {TROJAN}"
            if key == "description" and isinstance(value, str)
            else _with_trojan_text(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_with_trojan_text(item) for item in node]
    return node


def _invisible(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cf"})


def test_no_generated_file_carries_an_invisible_format_character():
    data = _with_trojan_text(yaml.safe_load(genome_path("clinic.yaml").read_text("utf-8")))
    data["name"] = f"Clinic {TROJAN}"
    data["entities"][0]["description"] = f"Entity {TROJAN}"
    first_field = next(iter(data["entities"][0]["fields"].values()))
    first_field["description"] = f"Field {TROJAN}"
    genome = load(yaml.safe_dump(data, allow_unicode=True))
    assert TROJAN in genome.description  # the genome keeps the user's text as given

    files = render(genome, format_code=False)
    found = {path: _invisible(data.decode("utf-8")) for path, data in files.items()}
    assert {path: chars for path, chars in found.items() if chars} == {}
    assert "admin" in files["README.md"].decode("utf-8")


def test_text_filters_drop_them_and_literal_filters_escape_them():
    for text_filter in (
        escaping.md,
        escaping.html,
        escaping.py_comment,
        escaping.py_doc,
        escaping.sh,
        escaping.ini_comment,
        escaping.md_mermaid,
    ):
        assert _invisible(text_filter(TROJAN)) == [], text_filter.__name__
    assert escaping.py_str("a\u202eb") == '"a\\u202eb"'
    assert escaping.yaml_str("a\u202eb") == '"a\\u202eb"'
