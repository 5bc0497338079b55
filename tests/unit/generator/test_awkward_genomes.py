"""Awkward but valid genomes render into Python that compiles and, when a venv with the
generated project's requirements is named by HELIX_PROJECT_PYTHON (its python), imports with
every mapper configured.

The full gates (migrations, the project's own tests) run on tests/gates/genomes/awkward.yaml.
"""

import os
import subprocess  # nosec B404 - runs the generated project's python on its own code
from pathlib import Path

import pytest

from app.codegen.render import render
from app.genome import normalize

PROJECT_PYTHON = Path(os.getenv("HELIX_PROJECT_PYTHON") or "/nonexistent")
IMPORT_CHECK = (
    "import sqlalchemy.orm, app.models, app.schemas, tests.factories;"
    "from app import create_app;"
    "sqlalchemy.orm.configure_mappers()"
)


def _genome(*entities: dict, **top: object) -> dict:
    return {"genome": 1, "name": "Awkward", "stack": {"frontend": "none"}, **top,
            "entities": list(entities)}  # fmt: skip


BUSINESS_NAMES = _genome(
    {
        "name": "Event",
        "fields": {
            "date": {"type": "date", "default": "2024-02-29", "required": True},
            "time": {"type": "time", "default": "23:59:59"},
            "datetime": {"type": "datetime", "default": "2024-01-01T00:00:00+00:00"},
            "later": {"type": "date", "default": "2030-01-01"},
            "decimal": {"type": "decimal", "default": 1.5},
            "uuid": {"type": "uuid"},
            "json": {"type": "json"},
            "type": {"type": "enum", "values": ["pass", "class", "none", "true"]},
            "status": {"type": "enum", "values": ["only"]},
            "order": {"type": "integer"},
            "group": {"type": "string"},
            "timedelta": {"type": "integer"},
            "page": {"type": "integer"},
        },
        "relations": {
            "events": {"kind": "many_to_many", "target": "Event", "inverse": "followers"},
            "tenant": {"kind": "many_to_one", "target": "Tenant", "on_delete": "set_null"},
        },
    },
    {"name": "Tenant", "fields": {"name": {"type": "string"}}},
    {
        "name": "Page",
        "fields": {"title": {"type": "string"}},
        "relations": {"session": {"kind": "many_to_one", "target": "Session"}},
    },
    {"name": "Session", "fields": {"starts": {"type": "datetime"}}},
)
LONG = "A" + "b" * 39
WIDE = _genome(
    *(
        {
            "name": f"Thing{index:02d}",
            "fields": {f"field_{number:02d}": {"type": "string"} for number in range(80)},
            "relations": {"previous": {"kind": "many_to_one", "target": f"Thing{index - 1:02d}"}}
            if index
            else {},
        }
        for index in range(60)
    )
)
LONGEST = _genome(
    {
        "name": LONG,
        "fields": {"x" * 40: {"type": "string", "unique": True, "index": True}},
        "relations": {"y" * 40: {"kind": "many_to_one", "target": LONG}},
        "unique_together": [["x" * 40, "y" * 40]],
    }
)
AWKWARD = {"business_names": BUSINESS_NAMES, "sixty_wide_entities": WIDE, "longest_names": LONGEST}


@pytest.fixture(scope="module", params=sorted(AWKWARD))
def rendered(request: pytest.FixtureRequest) -> tuple[str, dict[str, bytes]]:
    return request.param, render(normalize(AWKWARD[request.param]), format_code=False)


def test_every_rendered_python_file_compiles(rendered: tuple[str, dict[str, bytes]]) -> None:
    _, files = rendered
    for path, data in files.items():
        if path.endswith(".py"):
            compile(data, path, "exec")


def test_self_referencing_many_to_many_gets_two_columns() -> None:
    event = normalize(BUSINESS_NAMES).entity("Event")
    events = next(relation for relation in event.relations if relation.name == "events")
    assert events.association_source_column == "event_id"
    assert events.association_target_column == "related_event_id"


def test_date_defaults_do_not_go_through_names_a_field_can_hide() -> None:
    files = render(normalize(BUSINESS_NAMES), format_code=False)
    model = files["app/models/event.py"].decode()
    assert 'default=_dt.date.fromisoformat("2030-01-01")' in model
    assert "import datetime as _dt" in model


@pytest.mark.skipif(
    not PROJECT_PYTHON.exists(),
    reason="HELIX_PROJECT_PYTHON names no python of a generated project's venv",
)
def test_the_generated_project_imports(
    rendered: tuple[str, dict[str, bytes]], tmp_path: Path
) -> None:
    name, files = rendered
    for path, data in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    done = subprocess.run(  # nosec B603 - fixed arguments, no shell
        [str(PROJECT_PYTHON), "-c", IMPORT_CHECK],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, f"{name}:\n{done.stderr[-3000:]}"
