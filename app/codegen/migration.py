"""Alembic revisions between versions of a genome: normalized genomes -> schemas -> diff -> code.

`revisions(lineage, genome)` gives the revision files that follow the initial one: one per
step of the lineage whose schema changed. A step's upgrade is the diff from the earlier
schema to the later one, and its downgrade the diff back, so every revision can be undone.
Renames (`renamed_from`) keep tables, columns, constraints, indexes, sequences, policies
and enum types with their data instead of dropping and adding them.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from app.codegen.escaping import py_literal, py_str
from app.codegen.schema_model import Column, Constraint, Schema, schema_of
from app.genome.evolution import Renames, as_genome, check
from app.genome.model import Field, Genome
from app.genome.problems import GenomeError

INITIAL = "0001_initial"
VERSIONS = "migrations/versions"
DROP_TYPES = {"uq": "unique", "ck": "check", "fk": "foreignkey"}
MAX_SLUG = 27  # alembic_version.version_num is varchar(32)


@dataclass(slots=True)
class _Map:
    """Where each table and column of one schema went in the other."""

    tables: dict[str, str] = field(default_factory=dict)
    columns: dict[tuple[str, str], str] = field(default_factory=dict)

    def inverse(self) -> _Map:
        return _Map(
            {new: old for old, new in self.tables.items()},
            {(self.tables[t], new): old for (t, old), new in self.columns.items()},
        )


def _mapping(
    base_genome: Genome, new_genome: Genome, renames: Renames, base: Schema, new: Schema
) -> _Map:
    found = _Map()
    for name, table in base.tables.items():
        if table.feature is not None and name in new.tables:
            found.tables[name] = name
            found.columns.update({(name, column.name): column.name for column in table.columns})
    for entity in new_genome.entities:
        old_name = renames.entities.get(entity.name)
        if old_name is None:
            continue
        old = base_genome.entity(old_name)
        found.tables[old.table] = entity.table
        for column in ("id", new.tenant_column, "created_at", "updated_at"):
            found.columns[(old.table, column)] = column
        for f in entity.fields:
            if (entity.name, f.name) in renames.fields:
                found.columns[(old.table, renames.fields[(entity.name, f.name)])] = f.name
        old_relations = {r.name: r for r in old.relations}
        for r in entity.relations:
            was = old_relations.get(renames.relations.get((entity.name, r.name), ""))
            if was is None:
                continue
            if r.column and was.column:
                found.columns[(old.table, was.column)] = r.column
            if r.association_table and was.association_table:
                found.tables[was.association_table] = r.association_table
                for before, after in (
                    (was.association_source_column, r.association_source_column),
                    (was.association_target_column, r.association_target_column),
                ):
                    found.columns[(was.association_table, before or "")] = after or ""
    # Only pairs whose ends exist (a relation kept by name may have changed kind).
    found.tables = {o: n for o, n in found.tables.items() if o in base.tables and n in new.tables}
    found.columns = {
        (t, o): n
        for (t, o), n in found.columns.items()
        if t in found.tables
        and base.tables[t].column(o) is not None
        and new.tables[found.tables[t]].column(n) is not None
    }
    return found


def mapping_between(base: Genome, new: Genome) -> _Map:
    """Where each table and column of `base`'s database goes in `new`'s (renames followed)."""
    return _mapping(base, new, check(base, new)[1], schema_of(base), schema_of(new))


@dataclass(slots=True)
class _Code:
    """The body of upgrade() or downgrade(), and what it changes in words."""

    lines: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    slugs: list[str] = field(default_factory=list)
    table_slugs: list[str] = field(default_factory=list)
    rls: bool = False

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def change(self, words: str, slug: str, *, table: bool = False) -> None:
        self.changes.append(words)
        self.slugs.append(slug)
        if table:
            self.table_slugs.append(slug)


def _q(value: str) -> str:
    return py_str(value)


def _exec(sql: str) -> str:
    return f"op.execute({_q(sql)})"


def _set_nullable(table: str, column: Column, *, nullable: bool) -> str:
    return (
        f"op.alter_column({_q(table)}, {_q(column.name)}, existing_type={column.type}, "
        f"nullable={nullable})"
    )


def _names(names: Sequence[str]) -> str:
    return "[" + ", ".join(_q(name) for name in names) + "]"


def _constraint_name(c: Constraint) -> str:
    return f"op.f({_q(c.name)})" if c.final_name else _q(c.name)


def _placeholder(f: Field | None) -> object:
    """A value that satisfies the field's database constraints, for rows that need one."""
    if f is None:
        return None
    if f.has_default:
        return f.default
    numbers = {"integer": 0, "bigint": 0, "float": 0.0}
    if f.type in numbers or f.type == "decimal":
        zero = numbers.get(f.type, 0)
        low = f.min if f.min is not None and f.min > zero else None
        high = f.max if f.max is not None and f.max < zero else None
        value = low if low is not None else high if high is not None else zero
        return value if f.type != "decimal" else Decimal(str(value))
    others: dict[str, object] = {
        "boolean": False,
        "date": datetime.date(1970, 1, 1),
        "datetime": datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC),
        "time": datetime.time(0, 0),
        "uuid": uuid.UUID(int=0),
        "json": {},
        "enum": f.values[0] if f.values else "",
    }
    if f.type in others:
        return others[f.type]
    return "-" * (f.min_length or 0)


class _Diff:
    """The code that turns the database of `base` into that of `new` (one direction)."""

    def __init__(self, base: Schema, new: Schema, mapping: _Map) -> None:
        self.base, self.new, self.map = base, new, mapping
        self.kept = dict(mapping.tables.items())
        self.created = [name for name in new.tables if name not in set(self.kept.values())]
        self.dropped = [name for name in base.tables if name not in self.kept]
        self.code = _Code()
        self.base_enums = base.enums()

    # identity of constraints across the two schemas -----------------------------------

    def _identity(self, table: str, c: Constraint, *, of_base: bool) -> tuple | None:
        if of_base:
            new_table = self.map.tables.get(table)
            columns = tuple(self.map.columns.get((table, column)) for column in c.columns)
            if new_table is None or None in columns:
                return None
            ref = c.ref_table
            if ref in self.base.tables:
                ref = self.map.tables.get(ref)
                if ref is None:
                    return None
            return (c.kind, new_table, columns, c.check, ref, c.ondelete)
        return (c.kind, table, c.columns, c.check, c.ref_table, c.ondelete)

    def run(self) -> _Code:
        new_ids = {
            self._identity(t.name, c, of_base=False): c
            for t in self.new.tables.values()
            for c in t.constraints
        }
        base_ids = {}
        for table in self.base.tables.values():
            for c in table.constraints:
                identity = self._identity(table.name, c, of_base=True)
                if identity is not None:
                    base_ids[identity] = (table.name, c)
        gone = [
            (table.name, c)
            for table in self.base.tables.values()
            if table.name in self.kept
            for c in table.constraints
            if self._identity(table.name, c, of_base=True) not in new_ids
        ]
        fresh = [
            (table.name, c)
            for table in self.new.tables.values()
            if table.name not in self.created
            for c in table.constraints
            if self._identity(table.name, c, of_base=False) not in base_ids
        ]
        renamed = [
            (self.map.tables[t], c, new_ids[identity])
            for identity, (t, c) in base_ids.items()
            if identity in new_ids and new_ids[identity].name != c.name
        ]
        self._drop_constraints(gone)
        self._drop_tables()
        self._drop_columns()
        self._drop_enums()
        self._rename_tables()
        self._rename_columns()
        self._rename_enums()
        self._rename_constraints(renamed)
        self._enum_values()
        self._create_enums()
        self._alter_columns(tighten=False)
        self._add_columns()
        self._alter_columns(tighten=True)
        self._create_tables()
        self._create_constraints(fresh)
        return self.code

    # drops ------------------------------------------------------------------------------

    def _drop_constraints(self, gone: list[tuple[str, Constraint]]) -> None:
        order = {"fk": 0, "ix": 1, "uq": 2, "ck": 3}
        for table, c in sorted(gone, key=lambda item: order[item[1].kind]):
            if c.kind == "ix":
                self.code.add(f"op.drop_index({_constraint_name(c)}, table_name={_q(table)})")
            else:
                self.code.add(
                    f"op.drop_constraint({_constraint_name(c)}, {_q(table)}, "
                    f"type_={_q(DROP_TYPES[c.kind])})"
                )

    def _drop_tables(self) -> None:
        dropped = set(self.dropped)
        plain = [t for t in self.dropped if self.base.tables[t].rls or self.base.tables[t].feature]
        for name in plain:
            for c in self.base.tables[name].constraints:
                if c.kind == "fk" and c.ref_table in dropped and c.ref_table != name:
                    self.code.add(
                        f'op.drop_constraint({_constraint_name(c)}, {_q(name)}, type_="foreignkey")'
                    )
        for name in [t for t in self.dropped if t not in plain] + plain:
            self.code.add(f"op.drop_table({_q(name)})")
            self.code.change(f"drop table {name}", f"drop_{name}", table=True)

    def _drop_columns(self) -> None:
        for old, new in self.kept.items():
            for column in self.base.tables[old].columns:
                if (old, column.name) not in self.map.columns:
                    self.code.add(f"op.drop_column({_q(old)}, {_q(column.name)})")
                    self.code.change(
                        f"drop column {new}.{column.name}", f"drop_{new}_{column.name}"
                    )

    def _enum_owner_in_new(self, enum: str) -> Column | None:
        table, column = self.base_enums[enum]
        new_table = self.map.tables.get(table)
        new_column = self.map.columns.get((table, column))
        if new_table is None or new_column is None:
            return None
        found = self.new.tables[new_table].column(new_column)
        return found if found is not None and found.enum is not None else None

    def _drop_enums(self) -> None:
        for enum in self.base_enums:
            if self._enum_owner_in_new(enum) is None:
                self.code.add(f"postgresql.ENUM(name={_q(enum)}).drop(op.get_bind())")

    # renames ----------------------------------------------------------------------------

    def _rename_tables(self) -> None:
        for old, new in self.kept.items():
            if old == new:
                continue
            self.code.add(f"op.rename_table({_q(old)}, {_q(new)})")
            self.code.change(f"rename table {old} to {new}", f"rename_{old}", table=True)
            if self.base.tables[old].rls:
                self.code.add(
                    _exec(f'ALTER SEQUENCE "{old}_id_seq" RENAME TO "{new}_id_seq"'),
                    _exec(
                        f'ALTER POLICY "{old}_tenant_isolation" ON "{new}" '
                        f'RENAME TO "{new}_tenant_isolation"'
                    ),
                )
            self.code.add(_exec(f'ALTER TABLE "{new}" RENAME CONSTRAINT "pk_{old}" TO "pk_{new}"'))

    def _rename_columns(self) -> None:
        for (table, old), new in self.map.columns.items():
            if old != new:
                target = self.map.tables[table]
                self.code.add(
                    f"op.alter_column({_q(target)}, {_q(old)}, new_column_name={_q(new)})"
                )
                self.code.change(f"rename column {target}.{old} to {new}", f"rename_{target}_{old}")

    def _rename_enums(self) -> None:
        for enum in self.base_enums:
            column = self._enum_owner_in_new(enum)
            if column is not None and column.enum != enum:
                self.code.add(_exec(f'ALTER TYPE "{enum}" RENAME TO "{column.enum}"'))

    def _rename_constraints(self, renamed: list[tuple[str, Constraint, Constraint]]) -> None:
        for table, old, new in renamed:
            if old.kind == "ix":
                sql = f'ALTER INDEX "{old.name}" RENAME TO "{new.name}"'
            else:
                sql = f'ALTER TABLE "{table}" RENAME CONSTRAINT "{old.name}" TO "{new.name}"'
            self.code.add(f"op.execute({_q(sql)})")

    # enums ------------------------------------------------------------------------------

    def _enum_values(self) -> None:
        for enum, (table, column) in self.base_enums.items():
            new_column = self._enum_owner_in_new(enum)
            if new_column is None:
                continue
            old_values = self.base.tables[table].column(column).values  # type: ignore[union-attr]
            name, values = new_column.enum or "", new_column.values
            new_table = self.map.tables[table]
            if any(value not in values for value in old_values):
                self._recreate_enum(new_table, new_column, old_values)
                continue
            for index, value in enumerate(values):
                if value in old_values:
                    continue
                before = [v for v in values[:index] if v in old_values or values.index(v) < index]
                where = f" AFTER '{before[-1]}'" if before else f" BEFORE '{values[index + 1]}'"
                if not before and index + 1 >= len(values):
                    where = ""
                self.code.add(
                    _exec(f"ALTER TYPE \"{name}\" ADD VALUE IF NOT EXISTS '{value}'{where}")
                )
                self.code.change(
                    f"add value {value} to {new_table}.{new_column.name}",
                    f"add_{new_table}_{new_column.name}_{value}",
                )

    def _recreate_enum(self, table: str, column: Column, old_values: tuple[str, ...]) -> None:
        """Values leave an enum type only by building it anew (PostgreSQL cannot drop one)."""
        name, kept = column.enum or "", column.values
        removed = [value for value in old_values if value not in kept]
        f = column.field
        fallback = f.default if f is not None and f.has_default and f.default in kept else None
        if fallback is None and not column.nullable:
            fallback = kept[0]
        quoted = ", ".join(f"'{value}'" for value in removed)
        target = "NULL" if fallback is None else f"'{fallback}'"
        self.code.add(
            f"# Rows holding {', '.join(removed)} take {target} (the value no longer exists).",
            # Generated code: table, column and values are validated snake_case names.
            _exec(
                f'UPDATE "{table}" SET "{column.name}" = {target} '  # noqa: S608
                f'WHERE "{column.name}"::text IN ({quoted})'
            ),
            _exec(f'ALTER TYPE "{name}" RENAME TO "{name}_old"'),
            f"postgresql.ENUM({', '.join(_q(v) for v in kept)}, name={_q(name)})"
            ".create(op.get_bind())",
            _exec(
                f'ALTER TABLE "{table}" ALTER COLUMN "{column.name}" TYPE "{name}" '
                f'USING "{column.name}"::text::"{name}"'
            ),
            _exec(f'DROP TYPE "{name}_old"'),
        )
        self.code.change(
            f"remove {', '.join(removed)} from {table}.{column.name}",
            f"remove_{table}_{column.name}_values",
        )

    def _create_enums(self) -> None:
        known = {
            column.enum
            for enum in self.base_enums
            if (column := self._enum_owner_in_new(enum)) is not None
        }
        for table in self.new.tables.values():
            for column in table.columns:
                if column.enum is not None and column.enum not in known:
                    values = ", ".join(_q(value) for value in column.values)
                    self.code.add(
                        f"postgresql.ENUM({values}, name={_q(column.enum)}).create(op.get_bind())"
                    )

    # columns ----------------------------------------------------------------------------

    def _pairs(self):
        for (table, old), new in self.map.columns.items():
            before = self.base.tables[table].column(old)
            new_table = self.map.tables[table]
            after = self.new.tables[new_table].column(new)
            if before is not None and after is not None:
                yield new_table, before, after

    def _fill(self, table: str, column: Column, *, only_null: bool) -> None:
        value = _placeholder(column.field)
        if value is None:
            return
        where = f' WHERE "{column.name}" IS NULL' if only_null else ""
        why = "the default" if column.field and column.field.has_default else "a placeholder"
        # Generated code: table and column are validated snake_case names; the value is bound.
        update = f'UPDATE "{table}" SET "{column.name}" = :value{where}'  # noqa: S608
        self.code.add(
            f"# Rows already there get {why}: {py_literal(value)}.",
            f"op.execute(sa.text({_q(update)}).bindparams("
            f'sa.bindparam("value", {py_literal(value)}, type_={column.type})))',
        )

    def _alter_columns(self, *, tighten: bool) -> None:
        for table, before, after in self._pairs():
            if not tighten and before.type_key != after.type_key:
                self.code.add(
                    f"op.alter_column({_q(table)}, {_q(after.name)}, existing_type={before.type}, "
                    f"type_={after.type}, existing_nullable={before.nullable})"
                )
                self.code.change(
                    f"change the type of {table}.{after.name}", f"retype_{table}_{after.name}"
                )
            if not tighten and after.nullable and not before.nullable:
                self.code.add(_set_nullable(table, after, nullable=True))
                self.code.change(
                    f"{table}.{after.name} may be empty", f"optional_{table}_{after.name}"
                )
            if tighten and before.nullable and not after.nullable:
                self._fill(table, after, only_null=True)
                self.code.add(_set_nullable(table, after, nullable=False))
                self.code.change(
                    f"{table}.{after.name} is required", f"require_{table}_{after.name}"
                )

    def _add_columns(self) -> None:
        mapped = {(self.map.tables[t], n) for (t, _), n in self.map.columns.items()}
        for old, new in self.kept.items():
            for column in self.new.tables[new].columns:
                if (new, column.name) in mapped:
                    continue
                backfill = not column.nullable
                self.code.add(
                    f"op.add_column({_q(new)}, sa.Column({_q(column.name)}, {column.type}, "
                    f"nullable={column.nullable or backfill}))"
                )
                if backfill:
                    self._fill(new, column, only_null=False)
                    self.code.add(_set_nullable(new, column, nullable=False))
                self.code.change(f"add column {new}.{column.name}", f"add_{new}_{column.name}")
            del old

    # creations --------------------------------------------------------------------------

    def _create_tables(self) -> None:
        tables = self.new.tables
        order = [t for t in self.created if tables[t].rls or tables[t].feature] + [
            t for t in self.created if not (tables[t].rls or tables[t].feature)
        ]
        later: list[tuple[str, Constraint]] = []
        made: set[str] = set()
        for name in order:
            table = self.new.tables[name]
            lines = ["op.create_table(", f"    {_q(name)},"]
            for column in table.columns:
                lines.append(
                    f"    sa.Column({_q(column.name)}, {column.type}, nullable={column.nullable}),"
                )
            for c in table.constraints:
                if c.kind != "fk":
                    continue
                if c.ref_table in self.created and c.ref_table not in made and c.ref_table != name:
                    later.append((name, c))
                    continue
                lines.append(
                    f"    sa.ForeignKeyConstraint({_names(c.columns)}, "
                    f"[{_q(c.ref_table + '.id')}], "
                    f"name={_constraint_name(c)}, ondelete={_q(c.ondelete)}),"
                )
            pk = ", ".join(_q(column) for column in table.primary_key)
            lines.append(f"    sa.PrimaryKeyConstraint({pk}, name=op.f({_q('pk_' + name)})),")
            for c in table.constraints:
                if c.kind == "uq":
                    lines.append(
                        f"    sa.UniqueConstraint({', '.join(_q(x) for x in c.columns)}, "
                        f"name={_constraint_name(c)}),"
                    )
                elif c.kind == "ck":
                    lines.append(
                        f"    sa.CheckConstraint({_q(c.sql())}, name={_constraint_name(c)}),"
                    )
            lines.append(")")
            self.code.add(*lines)
            for c in table.constraints:
                if c.kind == "ix":
                    self.code.add(self._create_index(name, c))
            made.add(name)
            self.code.change(f"add table {name}", f"add_{name}", table=True)
        for name, c in later:
            self.code.add(self._create_foreign_key(name, c))
        for name in order:
            if self.new.tables[name].rls:
                self.code.rls = True
                self.code.add(f"_enable_row_level_security({_q(name)})")
            self.code.add(self._grant(name, self.new.tables[name].sequence))

    def _grant(self, table: str, sequence: bool) -> str:
        """Roles granted the tenant table's rows (`flask grant-app-role`) get the new table's."""
        statements = [
            f"EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', '{table}', r); "
        ]
        if sequence:
            statements.append(
                f"EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO %I', '{table}_id_seq', r); "
            )
        parts = [
            "DO $$ DECLARE r text; BEGIN ",
            "FOR r IN SELECT DISTINCT pg_get_userbyid(a.grantee) ",
            "FROM pg_class c, aclexplode(c.relacl) a ",
            f"WHERE c.oid = '{self.new.tenant_table}'::regclass ",
            "AND a.grantee NOT IN (0, c.relowner) ",
            "AND a.privilege_type = 'SELECT' LOOP ",
            *statements,
            "END LOOP; END $$",
        ]
        return "op.execute(\n" + "\n".join(f"    {_q(part)}" for part in parts) + "\n)"

    def _create_index(self, table: str, c: Constraint) -> str:
        columns = _names(c.columns)
        return f"op.create_index({_constraint_name(c)}, {_q(table)}, {columns}, unique=False)"

    def _create_foreign_key(self, table: str, c: Constraint) -> str:
        return (
            f"op.create_foreign_key({_constraint_name(c)}, {_q(table)}, {_q(c.ref_table)}, "
            f'{_names(c.columns)}, ["id"], ondelete={_q(c.ondelete)})'
        )

    def _create_constraints(self, fresh: list[tuple[str, Constraint]]) -> None:
        order = {"uq": 0, "ck": 1, "ix": 2, "fk": 3}
        for table, c in sorted(fresh, key=lambda item: order[item[1].kind]):
            if c.kind == "uq":
                self.code.add(
                    f"op.create_unique_constraint({_constraint_name(c)}, {_q(table)}, "
                    f"{_names(c.columns)})"
                )
                self.code.change(
                    f"unique {table}({', '.join(c.columns)})",
                    f"unique_{table}_{'_'.join(c.columns)}",
                )
            elif c.kind == "ck":
                self.code.add(
                    f"op.create_check_constraint({_constraint_name(c)}, {_q(table)}, {_q(c.sql())})"
                )
            elif c.kind == "ix":
                self.code.add(self._create_index(table, c))
            else:
                self.code.add(self._create_foreign_key(table, c))


def _slug(code: _Code) -> str:
    """A short name of the revision: its first table-level change, else its first change.

    Alembic's version table holds 32 characters: "NNNN_" and at most 27 more, cut at a word.
    """
    slugs = code.table_slugs or code.slugs
    text = re.sub(r"[^a-z0-9_]+", "_", slugs[0].lower()).strip("_") if slugs else "evolve"
    if len(text) > MAX_SLUG:
        text = text[: MAX_SLUG + 1].rsplit("_", 1)[0]
    return text[:MAX_SLUG].rstrip("_") or "evolve"


_RLS = '''

TENANT_FILTER = {filter}


def _enable_row_level_security(table: str) -> None:
    """Only rows of the {tenant} named by app.{column} are visible, even to the owner."""
    op.execute(f'ALTER TABLE "{{table}}" ENABLE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{{table}}" FORCE ROW LEVEL SECURITY')
    op.execute(
        f'CREATE POLICY "{{table}}_tenant_isolation" ON "{{table}}" '
        f"USING ({{TENANT_FILTER}}) WITH CHECK ({{TENANT_FILTER}})"
    )
'''


def _body(code: _Code) -> str:
    return "\n".join(
        f"    {line}" if line else "" for part in code.lines for line in part.split("\n")
    )


def _revision_text(
    genome: Genome, revision: str, down: str, up: _Code, back: _Code, title: str
) -> str:
    changes = "\n".join(f"- {change}" for change in up.changes) or "- constraints and indexes"
    rls = ""
    if up.rls or back.rls:
        tc = genome.tenant_column
        rls = _RLS.format(
            filter=_q(f"{tc} = NULLIF(current_setting('app.{tc}', true), '')::integer"),
            tenant=genome.tenant_snake,
            column=tc,
        )
    return f'''"""{title}

Revision ID: {revision}
Revises: {down}
Create Date: 2024-01-01 00:00:00

Changes from the previous genome version:
{changes}
"""

import datetime as _dt
from decimal import Decimal
from uuid import UUID

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = {_q(revision)}
down_revision = {_q(down)}
branch_labels = None
depends_on = None
{rls}

def upgrade() -> None:
    """Move the schema from the previous genome version to this one, keeping every row."""
{_body(up)}


def downgrade() -> None:
    """Return to the previous genome version's schema."""
{_body(back)}
'''


@dataclass(frozen=True, slots=True)
class Step:
    up: _Code
    back: _Code


def step(base: Genome, new: Genome, renames: Renames) -> Step | None:
    """The upgrade and downgrade between two versions; None when the schema is the same."""
    base_schema, new_schema = schema_of(base), schema_of(new)
    mapping = _mapping(base, new, renames, base_schema, new_schema)
    up = _Diff(base_schema, new_schema, mapping).run()
    if not up.lines:
        return None
    back = _Diff(new_schema, base_schema, mapping.inverse()).run()
    return Step(up, back)


def revisions(lineage: Sequence[Genome | str | bytes], genome: Genome) -> dict[str, str]:
    """{path: text} of the revisions after the initial one, for a project whose earlier
    generations came from `lineage` (oldest first) and whose current genome is `genome`.

    Raises GenomeError with evolution_problems' problems when a step cannot be applied.
    """
    versions = [as_genome(item) for item in lineage] + [genome]
    files: dict[str, str] = {}
    down, number = INITIAL, 2
    for base, new in pairwise(versions):
        problems, renames = check(base, new)
        if problems:
            raise GenomeError(problems)
        found = step(base, new, renames)
        if found is None:
            continue
        revision = f"{number:04d}_{_slug(found.up)}"
        title = "; ".join(found.up.changes[:3]) if found.up.changes else "Constraints and indexes"
        if len(found.up.changes) > 3:
            title += f"; and {len(found.up.changes) - 3} more"
        title = title[:1].upper() + title[1:] + "."
        files[f"{VERSIONS}/{revision}.py"] = _revision_text(
            new, revision, down, found.up, found.back, title
        )
        down, number = revision, number + 1
    return files
