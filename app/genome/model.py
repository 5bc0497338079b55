"""The normalized genome: frozen dataclasses carrying every derived name.

Templates read these and never compute names or plurals themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

FieldType = Literal[
    "string",
    "text",
    "integer",
    "bigint",
    "float",
    "decimal",
    "boolean",
    "date",
    "datetime",
    "time",
    "email",
    "url",
    "uuid",
    "json",
    "enum",
]
RelationKind = Literal["many_to_one", "one_to_one", "many_to_many"]
OnDelete = Literal["restrict", "cascade", "set_null"]
Role = Literal["owner", "admin", "member"]
Action = Literal["read", "create", "update", "delete"]


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # snake_case, also the column name
    type: FieldType
    required: bool = False
    unique: Literal[False, "tenant", "global"] = False
    default: object = None  # already coerced: Decimal, date, datetime, time, bool, int...
    has_default: bool = False
    index: bool = False
    immutable: bool = False
    description: str = ""
    max_length: int | None = None  # string (default 255), email 320, url 2048, text optional
    min_length: int | None = None
    pattern: str | None = None
    min: int | float | Decimal | None = None
    max: int | float | Decimal | None = None
    precision: int | None = None  # decimal only
    scale: int | None = None  # decimal only
    values: tuple[str, ...] = ()  # enum only
    enum_type_name: str | None = None  # enum only: PostgreSQL type name, e.g. appointment_status
    json_type: str | None = None  # JSON Schema type on the wire; None for json (any value)
    json_format: str | None = None  # JSON Schema format: email, uri, date, date-time, uuid


@dataclass(frozen=True, slots=True)
class Relation:
    name: str
    kind: RelationKind
    target: str  # entity class name, or "User"
    target_is_user: bool
    required: bool
    on_delete: OnDelete
    inverse: str | None  # attribute on the target; None when the target is User
    column: str | None  # "<name>_id" for many_to_one / one_to_one, else None
    wire_name: str  # "<name>_id" or "<singular name>_ids" for many_to_many
    association_table: str | None  # many_to_many only, e.g. patient_tags
    target_table: str  # table of the target ("users" for User)
    # many_to_many only: the association table's column pointing at this entity's row and the
    # one pointing at the target's row; they differ even on a self-reference
    # (event_id, related_event_id)
    association_source_column: str | None = None
    association_target_column: str | None = None


@dataclass(frozen=True, slots=True)
class Transitions:
    field: str
    allowed: dict[str, tuple[str, ...]]  # read-only by convention


@dataclass(frozen=True, slots=True)
class Entity:
    name: str  # PascalCase class name
    snake: str  # snake_case singular
    plural: str  # snake_case plural
    table: str  # table name (== plural)
    url_segment: str  # URL path segment (plural with hyphens)
    description: str
    fields: tuple[Field, ...]
    relations: tuple[Relation, ...]
    search: tuple[str, ...] = ()
    # column names, relations resolved to <name>_id
    unique_together: tuple[tuple[str, ...], ...] = ()
    # column names, the tenant column not included
    indexes: tuple[tuple[str, ...], ...] = ()
    # role -> actions, all three roles present
    permissions: dict[str, frozenset[str]] = field(default_factory=dict)
    transitions: Transitions | None = None
    # (attribute, source entity name, relation name) of relations pointing here
    inverses: tuple[tuple[str, str, str], ...] = ()
    # The same with the source's Relation itself (what the templates read)
    inverse_relations: tuple[tuple[str, str, Relation], ...] = ()
    # Derived sets the templates read: fields a PATCH may change; what a create must send.
    mutable_fields: tuple[Field, ...] = ()
    create_required: tuple[str, ...] = ()  # field names and relation wire names
    column_relations: tuple[Relation, ...] = ()  # many_to_one and one_to_one: own a column
    many_to_many: tuple[Relation, ...] = ()
    # Columns a list may be sorted by: id, every field but json ones, reference columns, times.
    sortable: tuple[str, ...] = ()
    filter_fields: tuple[Field, ...] = ()  # enum, boolean and date fields: equality filters
    filterable: tuple[str, ...] = ()  # filter_fields' names, then reference columns
    # Entity classes this entity's relations point at (not User, not itself), first seen first.
    relation_targets: tuple[str, ...] = ()
    references_user: bool = False
    # Entity classes its model module names (relation targets and inverse sources), sorted.
    model_imports: tuple[str, ...] = ()
    label: str = ""  # in words: "order line"
    label_plural: str = ""  # "order lines"
    a_label: str = ""  # with its article: "an order line"

    def role_for(self, action: str) -> str | None:
        """A role that may do `action` (tests): member first for reading, else owner first."""
        order = ("member", "admin", "owner") if action == "read" else ("owner", "admin", "member")
        return next((role for role in order if action in self.permissions.get(role, ())), None)


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    description: str
    schedule: str | None  # 5-field cron
    entity: str | None  # entity class name


@dataclass(frozen=True, slots=True)
class Features:
    billing: bool = False
    async_jobs: bool = False
    email: Literal["console", "smtp", "sendgrid", "postmark"] = "console"


@dataclass(frozen=True, slots=True)
class Genome:
    format: int
    name: str
    slug: str
    description: str
    backend: Literal["flask", "fastapi"]
    frontend: Literal["nextjs", "none"]
    tenancy: Literal["workspace", "organization"]
    tenant_class: str  # Workspace | Organization
    tenant_snake: str  # workspace | organization
    tenant_plural: str  # workspaces | organizations
    tenant_column: str  # workspace_id | organization_id
    a_tenant: str  # a workspace | an organization
    features: Features
    entities: tuple[Entity, ...]
    jobs: tuple[Job, ...] = ()
    # the validated input, rendered back as genome.yaml
    source: dict = field(default_factory=dict, compare=False)

    def entity(self, name: str) -> Entity:
        """Return the entity with this class name."""
        for ent in self.entities:
            if ent.name == name:
                return ent
        raise KeyError(name)
