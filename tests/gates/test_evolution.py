"""A deployed project through a series of genome versions (tests/evolutions/clinic/v*.yaml).

One database lives through every version, filled with rows at each. At every version the
project is generated with the earlier versions as its lineage, and:
- upgrade takes the previous version's database to the new head, every row kept (each
  column that continues, renamed or not, holds the same values);
- the upgraded schema is exactly that of a fresh database of the new version alone
  (columns, types, nullability, constraints, indexes, enum types, policies, sequences);
- `flask db check` finds no drift between the models and the database;
- downgrade returns to the previous schema with the rows kept, and upgrade again works.
The last version's own `make test` passes. Marker `evolution`; `make test` runs it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helix_gates import evolution as evo
from helix_gates.alembic_session import AlembicSession
from helix_gates.commands import check
from helix_gates.environment import project_env, suite_env
from helix_gates.make import make
from helix_gates.postgres import ADMIN_URL, RUN_ID, Databases
from helix_gates.venvs import tool_venv
from private_redis import PrivateRedis

from app.codegen.migration import VERSIONS, mapping_between
from app.codegen.render import render
from app.codegen.schema_model import schema_of
from app.genome import load

SERIES = Path(__file__).resolve().parents[1] / "evolutions" / "clinic"
REDIS_DB = 15  # migrations never reach Redis; the final suite gets a private server

pytestmark = [pytest.mark.evolution, pytest.mark.timeout(2400)]


def _write(files: dict[str, bytes], root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def _kept(before: dict, after: dict, mapping, label: str) -> list[str]:
    """Every continuing column of `before` holds the same values in `after`."""
    lost = []
    for table, columns in before.items():
        new_table = mapping.tables.get(table)
        if new_table is None:
            continue
        for column, values in columns.items():
            new_column = mapping.columns.get((table, column))
            if new_column is not None and after[new_table][new_column] != values:
                lost.append(f"{label}: {table}.{column} -> {new_table}.{new_column} changed")
    return lost


class _Databases(Databases):
    """Databases, and the roles made for them (dropped after the databases)."""

    def __init__(self) -> None:
        super().__init__()
        self.roles: list[str] = []

    def drop_all(self) -> None:
        super().drop_all()
        for role in self.roles:
            evo.drop_role(ADMIN_URL, role)


class _Series:
    """The series' database and the checks of one version after another."""

    def __init__(self, tmp_path: Path, databases: _Databases, texts: list[str]) -> None:
        self.texts = texts
        self.genomes = [load(text) for text in self.texts]
        self.tmp_path, self.databases = tmp_path, databases
        self.url = databases.create("evolution")
        self.filler = evo.Filler(self.url)
        first = _write(render(self.genomes[0]), tmp_path / "v1")
        self.python = tool_venv(first)
        self.env = project_env(first, self.python, self.url, REDIS_DB)
        with AlembicSession(self.python, first, self.env) as alembic:
            alembic.run("upgrade", self.url)
        self.filler.fill(schema_of(self.genomes[0]))
        self.previous = evo.snapshot(self.url)
        self.role = f"evolution_app_{RUN_ID}"
        evo.grant_like_the_app_role(self.url, self.role)
        databases.roles.append(self.role)

    def version(self, index: int) -> tuple[Path, list[str]]:
        """Move the database to version index + 1; the project's folder and what went wrong."""
        base, new = self.genomes[index - 1], self.genomes[index]
        label = f"v{index + 1}"
        root = _write(render(new, lineage=self.texts[:index]), self.tmp_path / label)
        assert len(list((root / VERSIONS).glob("0*.py"))) == index + 1, f"{label}: revisions"
        fresh = _write(render(new), self.tmp_path / f"{label}-fresh")
        fresh_url = self.databases.create(f"evolution_fresh_{label}")
        before = evo.contents(self.url, schema_of(base))
        mapping = mapping_between(base, new)
        problems: list[str] = []
        with AlembicSession(self.python, root, self.env) as alembic:
            alembic.run("upgrade", self.url)
            alembic.run("upgrade", fresh_url, fresh / "migrations")
            problems += [
                f"{label} upgraded vs fresh: {difference}"
                for difference in evo.differences(evo.snapshot(fresh_url), evo.snapshot(self.url))
            ]
            problems += _kept(before, evo.contents(self.url, schema_of(new)), mapping, label)
            problems += [
                f"{label}: the app's role cannot use {what}"
                for what in evo.missing_grants(self.url, self.role)
            ]
            alembic.run("check", self.url)
            alembic.run("downgrade", self.url)
            problems += [
                f"{label} downgrade: {difference}"
                for difference in evo.differences(self.previous, evo.snapshot(self.url))
            ]
            after = evo.contents(self.url, schema_of(base))
            problems += [
                f"{label} downgrade: {table}.{column} changed"
                for table, columns in before.items()
                for column, values in columns.items()
                if mapping.columns.get((table, column))
                and after[table].get(column, values) != values
            ]
            alembic.run("upgrade", self.url)
        self.filler.fill(schema_of(new))
        self.previous = evo.snapshot(self.url)
        return root, problems


def test_a_database_follows_the_genome_through_every_version(tmp_path: Path) -> None:
    databases = _Databases()
    try:
        texts = [path.read_text(encoding="utf-8") for path in sorted(SERIES.glob("v*.yaml"))]
        series = _Series(tmp_path, databases, texts)
        assert len(series.genomes) >= 7, "the series has at least six evolutions"
        for index in range(1, len(series.genomes)):
            final, problems = series.version(index)
            assert not problems, "\n".join(problems)
    finally:
        databases.drop_all()
    # The project's own suite gets a Redis server of its own (rate-limit counters and all).
    redis = PrivateRedis(tmp_path / "redis")
    (tmp_path / "redis").mkdir()
    redis.start()
    try:
        env = {**suite_env(series.python, ADMIN_URL, REDIS_DB), "REDIS_URL": redis.url}
        check(make("test", final, series.python, env))
    finally:
        redis.stop()


def test_features_turned_on_add_their_tables_and_the_downgrade_removes_them(
    tmp_path: Path,
) -> None:
    first = (SERIES / "v1.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(first)
    data["features"].update(billing=True, async_jobs=True)
    databases = _Databases()
    try:
        series = _Series(tmp_path, databases, [first, yaml.safe_dump(data, sort_keys=False)])
        _, problems = series.version(1)
        assert not problems, "\n".join(problems)
    finally:
        databases.drop_all()
