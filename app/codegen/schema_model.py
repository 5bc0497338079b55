"""The database schema a normalized genome stands for, as data the migration diff compares.

Only what changes with the genome is modelled: the entity tables, their association
tables and enum types. Names, types and constraints are exactly those of the initial
revision (templates_gen/flask/migrations/versions/0001_initial.py.j2) and of the models,
so a database migrated step by step matches one created fresh from the latest genome.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.codegen.escaping import ident, py_str
from app.genome.model import Entity, Field, Genome, Relation

USERS = "users"
ONDELETE = {"restrict": "RESTRICT", "cascade": "CASCADE", "set_null": "SET NULL"}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # the SQLAlchemy type as the migration writes it
    nullable: bool
    enum: str | None = None  # the PostgreSQL enum type's name
    values: tuple[str, ...] = ()  # enum values, in order
    field: Field | None = None  # the genome field behind it (defaults, placeholders)

    @property
    def type_key(self) -> str:
        """What PostgreSQL stores: JSONB with or without none_as_null is the same jsonb."""
        if self.enum is not None:
            return "enum"
        if self.type.startswith("postgresql.JSONB("):
            return "jsonb"
        return self.type


@dataclass(frozen=True, slots=True)
class Constraint:
    """A unique, check or foreign key constraint, or an index (kind uq / ck / fk / ix)."""

    kind: str
    name: str
    columns: tuple[str, ...]
    check: str = ""  # ck: SQL with {0}, {1}... standing for the quoted columns
    ref_table: str = ""  # fk
    ondelete: str = ""  # fk
    final_name: bool = True  # written through op.f() (uq, fk, ix); checks use their own name

    def sql(self) -> str:
        return self.check.format(*(f'"{column}"' for column in self.columns))


@dataclass(slots=True)
class Table:
    name: str
    columns: list[Column]
    constraints: list[Constraint]
    rls: bool = False  # an entity table: tenant policy, id sequence
    primary_key: tuple[str, ...] = ("id",)
    entity: str | None = None
    feature: str | None = None  # a built-in table of a feature (billing, async_jobs)

    @property
    def sequence(self) -> bool:
        """Whether its id comes from a sequence (`<table>_id_seq`)."""
        column = self.column("id")
        return self.primary_key == ("id",) and column is not None and column.type == "sa.Integer()"

    def column(self, name: str) -> Column | None:
        return next((column for column in self.columns if column.name == name), None)


@dataclass(slots=True)
class Schema:
    tenant_table: str
    tenant_column: str
    tables: dict[str, Table] = field(default_factory=dict)

    def enums(self) -> dict[str, tuple[str, str]]:
        """Enum type name -> (table, column) that uses it."""
        return {
            column.enum: (table.name, column.name)
            for table in self.tables.values()
            for column in table.columns
            if column.enum is not None
        }


def sa_type(f: Field) -> str:
    """The field's column type as the initial revision writes it (columns.j2, migration=True)."""
    simple = {
        "text": "sa.Text()",
        "integer": "sa.Integer()",
        "bigint": "sa.BigInteger()",
        "float": "sa.Float()",
        "boolean": "sa.Boolean()",
        "date": "sa.Date()",
        "datetime": "sa.DateTime(timezone=True)",
        "time": "sa.Time()",
        "uuid": "sa.Uuid()",
    }
    if f.type in simple:
        return simple[f.type]
    if f.type in ("string", "email", "url"):
        return f"sa.String(length={f.max_length})"
    if f.type == "decimal":
        return f"sa.Numeric(precision={f.precision}, scale={f.scale})"
    if f.type == "json":
        none_as_null = "none_as_null=True, " if f.required else ""
        return f"postgresql.JSONB({none_as_null}astext_type=sa.Text())"
    values = "".join(f"{py_str(value)}, " for value in f.values)
    return f"postgresql.ENUM({values}name={py_str(ident(f.enum_type_name))}, create_type=False)"


def _checks(entity: Entity, f: Field) -> list[Constraint]:
    """The CHECK constraints of one field (columns.j2 `checks`)."""
    found: list[tuple[str, str]] = []
    if f.type in ("integer", "bigint", "float", "decimal"):
        if f.min is not None:
            found.append(("min", f"{{0}} >= {f.min}"))
        if f.max is not None:
            found.append(("max", f"{{0}} <= {f.max}"))
    if f.type in ("string", "text") and f.min_length:
        found.append(("min_length", f"char_length({{0}}) >= {f.min_length}"))
    if f.type == "json" and f.required:
        found.append(("not_null", "jsonb_typeof({0}) <> 'null'"))
    if f.type == "text" and f.max_length:
        found.append(("max_length", f"char_length({{0}}) <= {f.max_length}"))
    return [
        Constraint(
            "ck", ident(f"{entity.table}_{f.name}_{suffix}"), (f.name,), check=sql, final_name=False
        )
        for suffix, sql in found
    ]


def _uq(entity: Entity, columns: tuple[str, ...]) -> Constraint:
    return Constraint("uq", ident(f"uq_{entity.table}_{'_'.join(columns)}"), columns)


def _ix(table: str, columns: tuple[str, ...]) -> Constraint:
    return Constraint("ix", ident(f"ix_{table}_{'_'.join(columns)}"), columns)


def _fk(table: str, column: str, target: str, ondelete: str) -> Constraint:
    return Constraint(
        "fk", f"fk_{table}_{column}_{target}", (column,), ref_table=target, ondelete=ondelete
    )


def _entity_table(genome: Genome, entity: Entity) -> Table:
    tc, tenants = genome.tenant_column, genome.tenant_plural
    columns = [Column("id", "sa.Integer()", False), Column(tc, "sa.Integer()", False)]
    for f in entity.fields:
        enum = ident(f.enum_type_name) if f.type == "enum" else None
        columns.append(Column(f.name, sa_type(f), not f.required, enum, f.values, f))
    for r in entity.relations:
        if r.column:
            columns.append(Column(r.column, "sa.Integer()", not r.required))
    columns += [
        Column("created_at", "sa.DateTime(timezone=True)", False),
        Column("updated_at", "sa.DateTime(timezone=True)", False),
    ]
    constraints = [_fk(entity.table, tc, tenants, "CASCADE")]
    for r in entity.relations:
        if r.column:
            constraints.append(_fk(entity.table, r.column, r.target_table, ONDELETE[r.on_delete]))
    for r in entity.relations:
        if r.kind == "one_to_one":
            constraints.append(_uq(entity, (r.column,)))  # type: ignore[arg-type]
    for f in entity.fields:
        if f.unique == "tenant":
            constraints.append(_uq(entity, (tc, f.name)))
        elif f.unique == "global":
            constraints.append(_uq(entity, (f.name,)))
        constraints += _checks(entity, f)
    for group in entity.unique_together:
        constraints.append(_uq(entity, (tc, *group)))
    constraints.append(_ix(entity.table, (tc,)))
    constraints += [_ix(entity.table, (r.column,)) for r in entity.relations if r.column]
    constraints += [_ix(entity.table, (tc, f.name)) for f in entity.fields if f.index]
    constraints += [_ix(entity.table, (tc, *group)) for group in entity.indexes]
    return Table(entity.table, columns, constraints, rls=True, entity=entity.name)


def _association_table(entity: Entity, r: Relation) -> Table:
    table = r.association_table or ""
    left, right = r.association_source_column or "", r.association_target_column or ""
    return Table(
        table,
        [Column(left, "sa.Integer()", False), Column(right, "sa.Integer()", False)],
        [
            _fk(table, left, entity.table, "CASCADE"),
            _fk(table, right, r.target_table, "CASCADE"),
            _ix(table, (left,)),
            _ix(table, (right,)),
        ],
        primary_key=(left, right),
    )


def _timestamps() -> list[Column]:
    return [
        Column("created_at", "sa.DateTime(timezone=True)", False),
        Column("updated_at", "sa.DateTime(timezone=True)", False),
    ]


def _feature_tables(genome: Genome) -> list[Table]:
    """The built-in tables that features add (as the initial revision creates them)."""
    tc, tenants = genome.tenant_column, genome.tenant_plural
    found: list[Table] = []
    text = "sa.String(length=255)"
    when = "sa.DateTime(timezone=True)"
    if genome.features.billing:
        columns = [
            Column("id", "sa.Integer()", False),
            Column(tc, "sa.Integer()", False),
            Column("stripe_customer_id", text, True),
            Column("stripe_subscription_id", text, True),
            Column("status", "sa.String(length=32)", False),
            Column("current_period_end", when, True),
            *_timestamps(),
        ]
        constraints = [
            _fk("subscriptions", tc, tenants, "CASCADE"),
            Constraint("uq", f"uq_subscriptions_{tc}", (tc,)),
            Constraint("uq", "uq_subscriptions_stripe_customer_id", ("stripe_customer_id",)),
        ]
        found.append(Table("subscriptions", columns, constraints, feature="billing"))
        columns = [
            Column("id", text, False),
            Column("type", text, False),
            Column("processed_at", when, False),
        ]
        found.append(Table("processed_stripe_events", columns, [], feature="billing"))
    if genome.features.async_jobs:
        columns = [
            Column("id", "sa.Integer()", False),
            Column(tc, "sa.Integer()", False),
            Column("job", "sa.String(length=64)", False),
            Column("status", "sa.String(length=16)", False),
            Column("processed", "sa.Integer()", False),
            Column("error", "sa.Text()", True),
            Column("finished_at", when, True),
            *_timestamps(),
        ]
        constraints = [
            _fk("job_runs", tc, tenants, "CASCADE"),
            Constraint("ix", f"ix_job_runs_{tc}", (tc,)),
        ]
        found.append(Table("job_runs", columns, constraints, feature="async_jobs"))
    return found


def schema_of(genome: Genome) -> Schema:
    """The genome-dependent part of its database: entity, association and feature tables."""
    schema = Schema(genome.tenant_plural, genome.tenant_column)
    for table in _feature_tables(genome):
        schema.tables[table.name] = table
    for entity in genome.entities:
        schema.tables[entity.table] = _entity_table(genome, entity)
    for entity in genome.entities:
        for r in entity.relations:
            if r.kind == "many_to_many":
                table = _association_table(entity, r)
                schema.tables[table.name] = table
    return schema
