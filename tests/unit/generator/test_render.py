"""Rendering: escaping filters, determinism, unsupported stacks and the CLI."""

import ast
import dataclasses
import datetime
import hashlib
import json
import tomllib
from decimal import Decimal

import pytest
import yaml
from click.testing import CliRunner

from app.codegen import escaping
from app.codegen.archive import archive
from app.codegen.cli import generate_command
from app.codegen.render import UnsupportedStackError, openapi_json, render
from app.examples import genome_path
from app.genome import load

HOSTILE = [
    "say \"hi\" and 'bye'",
    "{{ config }} {% raw %} ${x}",
    '""" end of docstring',
    "back\\slash\\",
    "</script><script>alert(1)</script>",
    "'; DROP TABLE users; --",
    "emoji \U0001f600 and accents \u00e9",
    "line one\nline two\r\nthree\u2028four",
    "nul \x00 and bell \x07",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_py_str_round_trips_through_the_python_parser(text):
    assert ast.literal_eval(escaping.py_str(text)) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_yaml_str_round_trips_through_yaml(text):
    assert yaml.safe_load("k: " + escaping.yaml_str(text))["k"] == text


@pytest.mark.parametrize("text", HOSTILE)
def test_toml_and_json_strings_round_trip(text):
    assert tomllib.loads("k = " + escaping.toml_str(text))["k"] == text
    assert json.loads(escaping.json_str(text)) == text
    assert "</script" not in escaping.json_str(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_one_line_filters_never_break_the_line_or_the_docstring(text):
    for name in ("py_comment", "py_doc", "md", "md_mermaid", "ini_comment", "sh"):
        out = escaping.FILTERS[name](text)
        assert "\n" not in out
        assert "\r" not in out
    doc = escaping.py_doc(text)
    assert ast.literal_eval(f'"""{doc}"""') is not None
    assert "<" not in escaping.html(text)
    assert "<" not in escaping.md(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_ts_value_is_json_that_never_closes_a_script(text):
    out = escaping.ts_value({"text": text, "list": [text, None, True, 1.5]})
    assert json.loads(out) == {"text": text, "list": [text, None, True, 1.5]}
    assert "</script" not in out
    assert "\n" not in out


def test_ts_value_writes_decimals_dates_and_sets_as_plain_json():
    value = [Decimal("0.01"), datetime.date(2030, 1, 2), datetime.time(9, 30), None]
    assert json.loads(escaping.ts_value(value)) == ["0.01", "2030-01-02", "09:30:00", None]


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (2**53 - 1, "9007199254740991"),
        (2**53, '"9007199254740992"'),
        (-(2**63), '"-9223372036854775808"'),
        (9000000000000000000, '"9000000000000000000"'),
        (1.5, "1.5"),
        (True, "true"),
        (None, "null"),
        (Decimal("-1000"), '"-1000"'),
    ],
)
def test_ts_number_writes_whole_numbers_beyond_2_53_as_text(value, literal):
    assert escaping.ts_number(value) == literal


def test_ident_keeps_names_within_postgresql_limits():
    long_name = "ix_" + "x" * 100
    assert len(escaping.ident(long_name)) == 63
    assert escaping.ident(long_name) == escaping.ident(long_name)
    assert escaping.ident("short") == "short"


def _genome(name: str = "clinic.yaml"):
    return load(genome_path(name).read_text(encoding="utf-8"))


def test_rendering_twice_gives_the_same_zip():
    genome = _genome()
    first = archive(render(genome), genome.slug)
    second = archive(render(genome), genome.slug)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_every_python_file_parses_and_every_entity_has_its_files():
    genome = _genome()
    files = render(genome)
    for path, data in files.items():
        if path.endswith(".py"):
            ast.parse(data.decode("utf-8"), filename=path)
    for entity in genome.entities:
        for folder in ("models", "services", "schemas", "blueprints"):
            suffix = {"services": "_service", "blueprints": "_bp"}.get(folder, "")
            assert f"app/{folder}/{entity.snake}{suffix}.py" in files
    assert yaml.safe_load(files["openapi.yaml"])["openapi"] == "3.1.0"


def test_optional_features_disappear_when_off():
    files = render(_genome("tasks.yaml"))
    assert "app/blueprints/billing_bp.py" not in files
    assert "app/tasks/jobs.py" not in files
    shop = render(_genome("shop.yaml"))
    assert "app/blueprints/billing_bp.py" in shop
    assert "app/tasks/jobs.py" in shop


def test_hostile_text_stays_data():
    genome = _genome("tasks.yaml")
    hostile = " | ".join(HOSTILE[:-1])
    entity = dataclasses.replace(genome.entities[0], description=hostile)
    genome = dataclasses.replace(
        genome, name=hostile, description=hostile, entities=(entity, *genome.entities[1:])
    )
    files = render(genome)
    for path, data in files.items():
        if path.endswith(".py"):
            ast.parse(data.decode("utf-8"), filename=path)
    spec = yaml.safe_load(files["openapi.yaml"])
    assert spec["info"]["title"] == hostile
    tomllib.loads(files["pyproject.toml"].decode("utf-8"))


def test_an_optional_self_reference_breaks_its_delete_cycle_with_a_post_update():
    # shop.yaml: Category.parent -> Category. A row that is its own parent must stay deletable.
    model = render(_genome("shop.yaml"))["app/models/category.py"].decode()
    parent = model.split("parent: Mapped[", 1)[1].split(")", 1)[0]
    assert 'remote_side="Category.id"' in parent
    assert "post_update=True" in parent


def test_a_many_to_many_relation_to_user_renders_with_membership_checks():
    source = yaml.safe_load(genome_path("tasks.yaml").read_text(encoding="utf-8"))
    entity = source["entities"][0]
    entity.setdefault("relations", {})["watchers"] = {"kind": "many_to_many", "target": "User"}
    genome = load(yaml.safe_dump(source))
    snake = genome.entity(entity["name"]).snake
    files = render(genome)
    for path, data in files.items():
        if path.endswith(".py"):
            ast.parse(data.decode("utf-8"), filename=path)
    model = files[f"app/models/{snake}.py"].decode("utf-8")
    assert 'sa.ForeignKey("users.id", ondelete="CASCADE")' in model
    service = files[f"app/services/{snake}_service.py"].decode("utf-8")
    assert 'resource.Collection("watcher_ids", "watchers", None, "users")' in service
    shared = files["app/services/resource.py"].decode("utf-8")
    assert ".join(Membership, Membership.user_id == User.id)" in shared
    schema = yaml.safe_load(files["openapi.yaml"])["components"]["schemas"]
    assert any("watcher_ids" in (spec.get("properties") or {}) for spec in schema.values())
    tests = files[f"tests/test_{snake}.py"].decode("utf-8")
    assert '("watcher_ids", "watchers", None)' in tests
    contract = files["tests/resource_contract.py"].decode("utf-8")
    assert "def test_id_lists_are_stored_and_stay_inside_the_" in contract
    assert "foreign = world.stranger.user_id" in contract


def test_fastapi_renders_its_own_backend_with_the_shared_contract():
    flask = render(_genome(), format_code=False)
    files = render(dataclasses.replace(_genome(), backend="fastapi"), format_code=False)
    assert "app/main.py" in files
    assert "app/blueprints/__init__.py" not in files
    assert files["openapi.yaml"] == flask["openapi.yaml"]
    assert files["app/openapi.json"] == flask["app/openapi.json"]
    assert "from fastapi import" in files["app/main.py"].decode("utf-8")


@pytest.mark.parametrize("feature", ["billing", "async_jobs"])
def test_fastapi_with_a_feature_it_does_not_generate_yet_is_refused(feature):
    genome = _genome()
    features = dataclasses.replace(genome.features, **{feature: True})
    with pytest.raises(UnsupportedStackError) as caught:
        render(dataclasses.replace(genome, backend="fastapi", features=features))
    assert caught.value.code == "unsupported_stack"
    assert caught.value.path == f"features.{feature}"


def test_cli_exits_2_with_unsupported_stack(tmp_path):
    source = genome_path("shop.yaml").read_text(encoding="utf-8")
    assert "billing: true" in source
    genome_file = tmp_path / "g.yaml"
    genome_file.write_text(source.replace("backend: flask", "backend: fastapi"), encoding="utf-8")
    result = CliRunner().invoke(generate_command, [str(genome_file), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "unsupported_stack" in result.output


def test_nextjs_adds_the_frontend_beside_the_backend():
    without = render(_genome())
    files = render(dataclasses.replace(_genome(), frontend="nextjs"))
    frontend = {path for path in files if path.startswith("frontend/")}
    assert not any(path.startswith("frontend/") for path in without)
    assert set(files) - frontend == {*without, ".github/workflows/frontend.yml"}
    assert b"location /api/" in files["nginx/nginx.conf"]
    assert b"location /api/" not in without["nginx/nginx.conf"]
    assert b"dockerfile: frontend/Dockerfile" in files["docker-compose.yml"]
    assert {"frontend/package.json", "frontend/package-lock.json"} <= frontend
    assert "frontend/Dockerfile" in frontend
    for entity in _genome().entities:
        module = files[f"frontend/src/entities/{entity.snake}.ts"].decode("utf-8")
        assert f'components["schemas"]["{entity.name}"]' in module
        for field in entity.fields:
            assert f'name: "{field.name}",' in module


def test_cli_writes_a_zip(tmp_path):
    out = tmp_path / "tasks.zip"
    tasks = str(genome_path("tasks.yaml"))
    result = CliRunner().invoke(generate_command, [tasks, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"


def test_the_app_serves_openapi_yaml_as_json_with_dates_as_written():
    genome = """
genome: 1
name: Dated
stack: {backend: flask, frontend: none}
entities:
  - name: Event
    fields:
      day: {type: date, required: true, default: "2024-02-29"}
"""
    files = render(load(genome), format_code=False)
    served = json.loads(files["app/openapi.json"])
    written = yaml.safe_load(files["openapi.yaml"])
    assert served["paths"].keys() == written["paths"].keys()
    assert {"/", "/api/v1/openapi.json", "/api/docs"} <= served["paths"].keys()
    assert json.loads(openapi_json(b"example: 2024-02-29\n")) == {"example": "2024-02-29"}
