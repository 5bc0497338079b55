"""A deployed project through a series of genome versions (tests/evolutions/clinic/v*.yaml).

One database lives through every version, filled with rows at each. At every version the
project is generated with the earlier versions as its lineage, and:
- `flask db upgrade` takes the previous version's database to the new head, every row kept
  (each column that continues, renamed or not, holds the same values);
- the upgraded schema is exactly that of a fresh database of the new version alone;
- `flask db check` finds no drift between the models and the database;
- `flask db downgrade` returns to the previous schema, rows kept, and upgrade again works.
The last version's own `make test` passes. Marker `evolution` (run by `make test`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helix_gates import evolution as evo
from helix_gates.commands import check, run
from helix_gates.environment import project_env, suite_env
from helix_gates.make import make
from helix_gates.postgres import ADMIN_URL, Databases
from helix_gates.venvs import tool_venv

from app.codegen.migration import VERSIONS, mapping_between
from app.codegen.render import render
from app.codegen.schema_model import schema_of
from app.genome import load

SERIES = Path(__file__).resolve().parents[1] / "evolutions" / "clinic"
FLASK = ("-m", "flask", "--app", "app")
REDIS_DB = 15

pytestmark = [pytest.mark.evolution, pytest.mark.timeout(2400)]


def _write(files: dict[str, bytes], root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def _flask(python: Path, root: Path, env: dict[str, str], *args: str) -> None:
    check(run([python, *FLASK, "db", *args], cwd=root, env=env, timeout=300))


def _kept(before: dict, after: dict, mapping, label: str) -> list[str]:
    """Every continuing column of `before` holds the same values in `after`."""
    lost = []
    for table, columns in before.items():
        new_table = mapping.tables.get(table)
        if new_table is None:
            continue
        for column, values in columns.items():
            new_column = mapping.columns.get((table, column))
            if new_column is None:
                continue
            if after[new_table][new_column] != values:
                lost.append(f"{label}: {table}.{column} -> {new_table}.{new_column} changed")
    return lost


def test_a_database_follows_the_genome_through_every_version(tmp_path: Path) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SERIES.glob("v*.yaml"))]
    assert len(texts) >= 7, "the series has at least six evolutions"
    genomes = [load(text) for text in texts]
    databases = Databases()
    try:
        url = databases.create("evolution")
        filler = evo.Filler(url)
        first = _write(render(genomes[0]), tmp_path / "v1")
        python = tool_venv(first)
        env = project_env(first, python, url, REDIS_DB)
        _flask(python, first, env, "upgrade")
        filler.fill(schema_of(genomes[0]))
        previous = evo.snapshot(url)
        problems: list[str] = []
        for index in range(1, len(genomes)):
            base, new = genomes[index - 1], genomes[index]
            label = f"v{index + 1}"
            root = _write(render(new, lineage=texts[:index]), tmp_path / label)
            revisions = sorted((root / VERSIONS).glob("0*.py"))
            assert len(revisions) == index + 1, f"{label}: one revision per changed version"
            before = evo.contents(url, schema_of(base))
            mapping = mapping_between(base, new)

            _flask(python, root, env, "upgrade")
            upgraded = evo.snapshot(url)
            fresh_url = databases.create(f"evolution_fresh_{label}")
            _flask(
                python,
                _write(render(new), tmp_path / f"{label}-fresh"),
                {**env, "DATABASE_URL": fresh_url, "TEST_DATABASE_URL": fresh_url},
                "upgrade",
            )
            problems += [
                f"{label} vs fresh: {d}" for d in evo.differences(evo.snapshot(fresh_url), upgraded)
            ]
            problems += _kept(
                before, evo.contents(url, schema_of(new)), mapping, f"{label} upgrade"
            )
            _flask(python, root, env, "check")

            _flask(python, root, env, "downgrade")
            problems += [
                f"{label} downgrade: {d}" for d in evo.differences(previous, evo.snapshot(url))
            ]
            after_downgrade = evo.contents(url, schema_of(base))
            problems += [
                f"{label} downgrade: {table}.{column} changed"
                for table, columns in before.items()
                for column, values in columns.items()
                if mapping.columns.get((table, column))
                and after_downgrade[table].get(column, values) != values
            ]

            _flask(python, root, env, "upgrade")
            filler.fill(schema_of(new))
            previous = evo.snapshot(url)
            assert not problems, "\n".join(problems)
        final = root
    finally:
        databases.drop_all()
    check(make("test", final, python, suite_env(python, ADMIN_URL, REDIS_DB)))
