"""Reading genome text: YAML and JSON, bounded, with positions in syntax errors."""

import json
import time

import pytest

from app.genome import GenomeError, load, parse, problems_payload

MINIMAL = "genome: 1\nname: App\nentities:\n  - name: Item\n    fields: {label: {type: string}}\n"


def codes(error: GenomeError) -> list[str]:
    return [problem.code for problem in error.problems]


def test_yaml_and_json_read_the_same():
    as_json = json.dumps(parse(MINIMAL))
    assert parse(as_json) == parse(MINIMAL) == parse(MINIMAL.encode())


def test_byte_order_mark_is_ignored():
    assert parse("\ufeff" + MINIMAL) == parse(MINIMAL)
    assert parse(b"\xef\xbb\xbf" + MINIMAL.encode()) == parse(MINIMAL)


def test_yaml_syntax_error_names_line_and_column():
    with pytest.raises(GenomeError) as error:
        parse("genome: 1\nname: [App\nentities: []\n")
    (problem,) = error.value.problems
    assert problem.code == "yaml_syntax"
    assert "Line 3, column" in problem.message


def test_json_syntax_error_names_line_and_column():
    with pytest.raises(GenomeError) as error:
        parse('{"genome": 1,\n "name": "App"')
    (problem,) = error.value.problems
    assert problem.code == "json_syntax"
    assert "Line 2, column" in problem.message


def test_flow_yaml_that_is_not_json_still_reads():
    assert parse("{genome: 1, name: App}") == {"genome": 1, "name": "App"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_document"),
        ("   \n# only a comment\n", "empty_document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "invalid_encoding"),
        ("a: 1\n---\nb: 2\n", "yaml_syntax"),
        ("a: !!python/object:os.system {}\n", "yaml_syntax"),
        ("a: 1\na: 2\n", "duplicate_key"),
        ('{"a": 1, "a": 2}', "duplicate_key"),
        ("d: 2024-13-45\n", "invalid_value"),
        ("a: &x [*x]\n", "recursive_alias"),
    ],
)
def test_bad_documents_are_refused_with_a_code(text, code):
    with pytest.raises(GenomeError) as error:
        parse(text)
    assert codes(error.value) == [code]


def test_more_than_a_megabyte_is_refused():
    big = MINIMAL + "description: " + "x" * 1_000_001 + "\n"
    for text in (big, big.encode()):
        with pytest.raises(GenomeError) as error:
            parse(text)
        assert codes(error.value) == ["too_large"]


def test_billion_laughs_is_refused_quickly():
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    started = time.perf_counter()
    with pytest.raises(GenomeError) as error:
        parse("\n".join(lines))
    assert codes(error.value) == ["too_large"]
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000,
        "[" * 100_000 + "]" * 100_000,
        "a:\n" + "".join("  " * i + "- \n" for i in range(200)),
    ],
)
def test_deep_nesting_is_refused(text):
    with pytest.raises(GenomeError) as error:
        parse(text)
    assert codes(error.value) == ["too_deep"]


def test_yaml_scalars_read_as_written():
    data = parse("values: [yes, no, on, off, y, n]\nat: 08:30\nzip: 01234\nn: 1e3\nok: true\n")
    assert data == {
        "values": ["yes", "no", "on", "off", "y", "n"],
        "at": "08:30",
        "zip": "01234",
        "n": 1000.0,
        "ok": True,
    }


def test_aliases_within_limits_expand():
    data = parse("base: &b {type: string}\nother: *b\nmerged: {<<: *b, required: true}\n")
    assert data["other"] == {"type": "string"}
    assert data["merged"] == {"type": "string", "required": True}


def test_load_reports_parse_and_validation_problems_alike():
    with pytest.raises(GenomeError) as error:
        load("genome: 1\nname: App\nentities: []\n")
    assert codes(error.value) == ["invalid_count"]
    assert str(error.value) == "The genome has 1 problem."


def test_problems_payload_has_the_documented_shape():
    with pytest.raises(GenomeError) as error:
        load("genome: 2\nname: App\nentities: []\n")
    body = problems_payload(error.value.problems)
    assert body["error"] == "invalid_genome"
    assert body["message"] == "The genome has 2 problems."
    assert body["details"] == [
        {"path": p.path, "code": p.code, "message": p.message} for p in error.value.problems
    ]
    assert json.loads(json.dumps(body)) == body
