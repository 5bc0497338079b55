"""A database through a project's genome versions: rows in it, its catalog, what was kept.

Rows are written with SQL from the schema the generator models (app.codegen.schema_model),
so every entity table, relation and association table of any genome gets some; the
catalog snapshot is what PostgreSQL says the schema is, compared as sets (a column added
later sits at the end of its table, which is not a difference).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import psycopg
from psycopg import sql

from app.codegen.schema_model import Column, Schema, Table
from app.genome.model import Field

BASE_DATE = datetime.date(2024, 1, 1)


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _clamp(value, low, high):
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return value


def _text(f: Field, n: int) -> str:
    text = f"{f.name[:3]}{n}"
    if f.type == "email":
        text = f"row{n}@example.com"
    elif f.type == "url":
        text = f"https://example.com/{n}"
    text = text.ljust(f.min_length or 0, "x")
    return text[: f.max_length] if f.max_length else text


def value_for(f: Field, n: int) -> object:
    """A value of row number n that every database constraint of the field accepts."""
    if f.type in ("string", "email", "url", "text"):
        return _text(f, n)
    if f.type in ("integer", "bigint"):
        return _clamp(n, f.min, f.max)
    if f.type in ("float", "decimal"):
        value = _clamp(Decimal(n) + Decimal("0.5"), f.min, f.max)
        return float(value) if f.type == "float" else value
    makers = {
        "boolean": lambda: n % 2 == 0,
        "date": lambda: BASE_DATE + datetime.timedelta(days=n),
        "datetime": lambda: (
            datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=n)
        ),
        "time": lambda: datetime.time(n % 24, 0),
        "uuid": lambda: uuid.UUID(int=n + 1),
        "json": lambda: psycopg.types.json.Jsonb({"row": n}),
        "enum": lambda: f.values[n % len(f.values)],
    }
    return makers[f.type]()


def _order(schema: Schema) -> list[Table]:
    """Entity tables, each after the tables its required relations point at."""
    tables = [t for t in schema.tables.values() if t.rls]
    done: list[Table] = []
    while tables:
        for table in tables:
            needs = {
                c.ref_table
                for c in table.constraints
                if c.kind == "fk"
                and c.ref_table in schema.tables
                and c.ref_table != table.name
                and not table.column(c.columns[0]).nullable  # type: ignore[union-attr]
            }
            if needs <= {t.name for t in done}:
                done.append(table)
                tables.remove(table)
                break
        else:
            raise AssertionError(f"required relations form a cycle: {[t.name for t in tables]}")
    return done


class Filler:
    """Inserts rows into every table of a schema, numbering them so unique values differ."""

    def __init__(self, url: str) -> None:
        self.url = libpq(url)
        self.counter = 0

    def fill(self, schema: Schema, rows_per_table: int = 2) -> None:
        with psycopg.connect(self.url, autocommit=False) as conn:
            tenant = conn.execute(
                sql.SQL(
                    "INSERT INTO {} (name, created_at, updated_at) VALUES (%s, now(), now()) "
                    "RETURNING id"
                ).format(sql.Identifier(schema.tenant_table)),
                [f"tenant {self.counter}"],
            ).fetchone()[0]
            ids: dict[str, list[int]] = {}
            for table in _order(schema):
                ids[table.name] = [
                    self._row(conn, schema, table, tenant, ids) for _ in range(rows_per_table)
                ]
            for table in schema.tables.values():
                if table.rls or table.feature:
                    continue  # entity tables are filled above; feature tables by the app
                fks = {c.columns[0]: c.ref_table for c in table.constraints if c.kind == "fk"}
                values = [ids[fks[column.name]][0] for column in table.columns]
                conn.execute(
                    sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
                        sql.Identifier(table.name),
                        sql.SQL(", ").join(sql.Identifier(c.name) for c in table.columns),
                        sql.SQL(", ").join(sql.Placeholder() * len(values)),
                    ),
                    values,
                )
            conn.commit()

    def _row(self, conn, schema: Schema, table: Table, tenant: int, ids: dict) -> int:
        self.counter += 1
        n = self.counter
        fks = {c.columns[0]: c.ref_table for c in table.constraints if c.kind == "fk"}
        unique = {c.columns[-1] for c in table.constraints if c.kind == "uq"}
        names, values = [], []
        for column in table.columns:
            value = self._value(schema, column, tenant, n, fks, unique, ids)
            if value is _SKIP:
                continue
            names.append(column.name)
            values.append(value)
        return conn.execute(
            sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING id").format(
                sql.Identifier(table.name),
                sql.SQL(", ").join(sql.Identifier(name) for name in names),
                sql.SQL(", ").join(sql.Placeholder() * len(values)),
            ),
            values,
        ).fetchone()[0]

    @staticmethod
    def _value(schema, column: Column, tenant, n, fks, unique, ids):
        if column.name == "id":
            return _SKIP
        if column.name == schema.tenant_column:
            return tenant
        if column.name in ("created_at", "updated_at"):
            return datetime.datetime.now(datetime.UTC)
        if column.name in fks:
            targets = ids.get(fks[column.name], [])
            if column.name in unique or not targets:
                if column.nullable:
                    return None
                return targets[n % len(targets)] if targets else None
            return targets[0]
        return value_for(column.field, n)  # type: ignore[arg-type]


_SKIP = object()


def snapshot(url: str) -> dict[str, frozenset]:
    """The public schema as PostgreSQL reports it (alembic_version left out)."""
    queries = {
        "columns": """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace s ON s.oid = c.relnamespace
            WHERE s.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0
              AND NOT a.attisdropped AND c.relname <> 'alembic_version'""",
        "constraints": """
            SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace s ON s.oid = c.relnamespace
            WHERE s.nspname = 'public' AND c.relname <> 'alembic_version'""",
        "indexes": """
            SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> 'alembic_version'""",
        "enums": """
            SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
            FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname""",
        "policies": """
            SELECT tablename, policyname, qual, with_check FROM pg_policies
            WHERE schemaname = 'public'""",
        "row_security": """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
            JOIN pg_namespace s ON s.oid = c.relnamespace
            WHERE s.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'alembic_version'""",
        "sequences": """
            SELECT c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
            WHERE s.nspname = 'public' AND c.relkind = 'S'""",
    }
    with psycopg.connect(libpq(url)) as conn:
        return {
            name: frozenset(tuple(row) for row in conn.execute(query).fetchall())
            for name, query in queries.items()
        }


def differences(expected: dict[str, frozenset], actual: dict[str, frozenset]) -> list[str]:
    found = []
    for name in expected:
        for row in sorted(expected[name] - actual[name], key=repr):
            found.append(f"{name}: missing {row}")
        for row in sorted(actual[name] - expected[name], key=repr):
            found.append(f"{name}: unexpected {row}")
    return found


def contents(url: str, schema: Schema) -> dict[str, dict[str, list[str]]]:
    """{table: {column: sorted values as text}} of every table of the schema."""
    found: dict[str, dict[str, list[str]]] = {}
    with psycopg.connect(libpq(url)) as conn:
        for table in schema.tables.values():
            found[table.name] = {}
            for column in table.columns:
                rows = conn.execute(
                    sql.SQL("SELECT {}::text FROM {}").format(
                        sql.Identifier(column.name), sql.Identifier(table.name)
                    )
                ).fetchall()
                found[table.name][column.name] = sorted(str(row[0]) for row in rows)
    return found


def grant_like_the_app_role(url: str, role: str) -> None:
    """A role given data access as the project's `flask grant-app-role` gives it."""
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        name = sql.Identifier(role)
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(name))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name))
        conn.execute(
            sql.SQL(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}"
            ).format(name)
        )
        conn.execute(
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(name)
        )


def drop_role(url: str, role: str) -> None:
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def missing_grants(url: str, role: str) -> list[str]:
    """Tables and sequences of the public schema the role cannot use."""
    query = """
        SELECT c.relname, c.relkind FROM pg_class c
        JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = 'public' AND c.relkind IN ('r', 'S') AND c.relname <> 'alembic_version'
          AND NOT CASE c.relkind
            WHEN 'r' THEN has_table_privilege(%(role)s, c.oid, 'SELECT,INSERT,UPDATE,DELETE')
            ELSE has_sequence_privilege(%(role)s, c.oid, 'USAGE') END"""
    with psycopg.connect(libpq(url)) as conn:
        return [f"{kind} {name}" for name, kind in conn.execute(query, {"role": role})]
