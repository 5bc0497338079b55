"""Every rule of SPEC.md, checked at once; returns problems and never raises."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.genome import schema
from app.genome.generated_files import taken_entity_snakes
from app.genome.naming import IDENTIFIER_RE, PYTHON_KEYWORDS
from app.genome.normalize import (
    TENANTS,
    USER,
    association_table,
    entity_names,
    enum_type_name,
    inverse_names,
    relation_column,
    relation_wire_name,
)
from app.genome.problems import Problem, closest
from app.genome.renames import renamed_from_problems
from app.genome.scalars import describe as _describe
from app.genome.scalars import quote as _quote
from app.genome.scalars import scalar_problem as _scalar_problem
from app.genome.schema import Opt
from app.genome.values import (
    coerce_default,
    default_violation,
    is_int,
    to_decimal,
)

BUILT_IN_ENTITIES = ("User", "Role", "Workspace", "Organization", "Membership", "Invitation")
BUILT_IN_TABLES = (
    "users",
    "roles",
    "workspaces",
    "organizations",
    "memberships",
    "invitations",
    "revoked_tokens",
    "password_reset_tokens",
    "job_runs",
    "processed_stripe_events",
    "alembic_version",
)
GENERATED_COLUMNS = ("id", "created_at", "updated_at")
# Attributes SQLAlchemy / Flask-SQLAlchemy put on a model or marshmallow on a schema.
RESERVED_ATTRIBUTES = frozenset(
    {
        "metadata",
        "query",
        "query_class",
        "registry",
        "fields",
        "declared_fields",
        "load_fields",
        "dump_fields",
        "opts",
        "many",
        "partial",
        "only",
        "exclude",
        "unknown",
        "load_only",
        "dump_only",
        "context",
        "error_messages",
        "dict_class",
        "set_class",
        "validate",
        "load",
        "loads",
        "dump",
        "dumps",
        "handle_error",
        "get_attribute",
        "on_bind_field",
    }
)
# Names the generated model, schema and factory class bodies use after the fields: a field
# of that name would hide them there (`int: ...` turns every later `Mapped[int]` into a column).
# Business names such as date, time, datetime, type or status stay allowed: the templates
# reach those through names no field can take.
CODE_NAMES = frozenset(
    {
        "sa",
        "postgresql",
        "mapped_column",
        "relationship",
        "int_range",
        "factory",
        "int",
        "str",
        "float",
        "bool",
        "list",
        "dict",
    }
)
# Classes and imported names of the generated modules that hold or import entity classes.
CODE_ENTITY_NAMES = frozenset(
    {
        "Any",
        "Mapped",
        "Mapping",
        "Decimal",
        "UUID",
        "TimestampMixin",
        "BaseFactory",
        "ListQuery",
        "Strict",
        "Unprocessable",
        "Scoped",
        "JobRun",
        "ProcessedStripeEvent",
        "RevokedToken",
        "PasswordResetToken",
    }
)
# The list endpoint's own query parameters; enum, boolean and date fields are list filters
# of the same name, so they cannot take these.
LIST_QUERY_PARAMS = frozenset({"page", "per_page", "q", "sort"})
LIST_FILTER_TYPES = frozenset({"enum", "boolean", "date"})
MAX_SQL_IDENTIFIER = 63
MAX_NODES_SCANNED = 1_000_000
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
_SCALAR_KINDS = frozenset(
    {
        "bool",
        "int",
        "number",
        "decimal",
        "text",
        "identifier",
        "entity_name",
        "choice",
        "const",
        "unique",
        "regex",
        "cron",
        "target",
    }
)


@dataclass
class _EntityInfo:
    index: int
    name: str
    snake: str
    plural: str
    path: str
    fields: dict = field(default_factory=dict)  # name -> spec with a valid type
    relations: dict = field(default_factory=dict)  # name -> spec with a valid kind and target
    owned: set = field(default_factory=set)  # every attribute and column name on the model


class _Validator:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.tenant_snake = "workspace"
        self.billing = False

    def add(self, path: str, code: str, message: str, suggestion: str | None = None) -> None:
        if suggestion:
            message = f"{message} Did you mean '{suggestion}'?"
        self.problems.append(Problem(path, code, message, suggestion))

    # generic structure -------------------------------------------------------------

    def _mapping(self, value: object, table: Mapping[str, Opt], path: str, what: str) -> dict:
        """Check keys and scalar options of a mapping; returns the well-formed scalars."""
        if not isinstance(value, dict):
            self.add(path, "invalid_type", f"{what} must be a mapping, not {_describe(value)}.")
            return {}
        good = {}
        for key, item in value.items():
            opt = table.get(key)
            if opt is None:
                self.add(
                    _join(path, key),
                    "unknown_key",
                    f"Unknown key {_quote(key)} in "
                    f"{what[:1].lower()}{what[1:]}; allowed: {', '.join(table)}.",
                    closest(key, table),
                )
            elif opt.kind not in _SCALAR_KINDS or self._scalar(item, opt, _join(path, key), key):
                good[key] = item
        for key in _required_keys(table):
            if key not in value:
                self.add(_join(path, key), "missing", f"{what} needs '{key}'.")
        return good

    def _scalar(self, value: object, opt: Opt, path: str, key: str) -> bool:
        message = _scalar_problem(value, opt)
        if message is None:
            return True
        code, text = message
        suggestion = closest(value, opt.choices) if opt.kind == "choice" else None
        self.add(path, code, f"'{key}' {text}", suggestion)
        return False

    def _names_list(self, value: object, path: str, what: str) -> list[str]:
        if not isinstance(value, list):
            self.add(path, "invalid_type", f"{what} must be a list, not {_describe(value)}.")
            return []
        names, seen = [], set()
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if not isinstance(item, str):
                self.add(item_path, "invalid_type", f"Expected a name, not {_describe(item)}.")
            elif item in seen:
                self.add(item_path, "duplicate_value", f"'{item}' is listed twice.")
            else:
                seen.add(item)
                names.append(item)
        return names

    # names ------------------------------------------------------------------------------

    def _attribute_name(self, name: object, path: str, what: str) -> bool:
        """A field, relation or inverse name: snake_case, not a keyword, not reserved."""
        if not isinstance(name, str) or not IDENTIFIER_RE.match(name):
            self.add(
                path,
                "invalid_name",
                f"{what} name {_quote(name)} must be snake_case: a "
                "lowercase letter, then lowercase letters, digits or _ (40 at most).",
            )
            return False
        reason = self._reserved_reason(name)
        if reason:
            self.add(path, "reserved_name", f"{what} name '{name}' {reason}; choose another.")
            return False
        return True

    def _reserved_reason(self, name: str) -> str | None:
        if name in PYTHON_KEYWORDS:
            return "is a Python keyword"
        tenant_column = f"{self.tenant_snake}_id"
        if name in GENERATED_COLUMNS or name in (tenant_column, self.tenant_snake):
            return "is a column or attribute every generated model already has"
        if name in RESERVED_ATTRIBUTES:
            return "is reserved by SQLAlchemy or marshmallow on a model or schema"
        if name in CODE_NAMES:
            return "is a name the generated model, schema or factory code relies on"
        return None

    # the document -----------------------------------------------------------------------

    def run(self, data: object) -> None:
        self._scan_strings(data)
        if not isinstance(data, dict):
            self.add(
                "",
                "invalid_type",
                "A genome is a mapping with at least `genome: 1`, "
                f"`name` and `entities`, not {_describe(data)}.",
            )
            return
        if "genome" in data and (not is_int(data["genome"]) or data["genome"] != 1):
            self.add(
                "genome",
                "unsupported_version",
                f"Unsupported genome format {_quote(data['genome'])}; this Helix reads "
                "format 1 (`genome: 1`).",
            )
            data = {key: value for key, value in data.items() if key != "genome"}
            data["genome"] = 1
        top = self._mapping(data, schema.TOP_LEVEL, "", "The genome")
        if isinstance(top.get("name"), str) and not top["name"].strip():
            self.add("name", "invalid_length", "'name' must contain more than spaces.")
        slug = top.get("slug")
        if isinstance(slug, str) and slug in PYTHON_KEYWORDS:
            self.add(
                "slug",
                "reserved_name",
                f"Slug '{slug}' is a Python keyword and cannot name a package; choose another.",
            )
        self.tenant_snake = TENANTS[top.get("tenancy", "workspace")][1]
        if "stack" in top:
            self._mapping(top["stack"], schema.STACK, "stack", "'stack'")
        features = (
            self._mapping(top["features"], schema.FEATURES, "features", "'features'")
            if "features" in top
            else {}
        )
        self.billing = features.get("billing", False)
        infos = self._entities(top["entities"]) if "entities" in top else []
        self._cross_entity(infos)
        if "jobs" in top:
            self._jobs(top["jobs"], features.get("async_jobs", False), infos)

    def _scan_strings(self, data: object) -> None:
        """Strings must survive PostgreSQL and UTF-8: no NUL, no lone surrogates."""
        if _has_bad_character(data):
            self._report_bad_characters(data, "")

    def _report_bad_characters(self, node: object, path: str) -> None:
        if isinstance(node, str):
            if _BAD_CHARACTER.search(node):
                self.add(
                    path,
                    "invalid_character",
                    "Text may not contain NUL characters or unpaired surrogates "
                    "(\\u0000, \\ud800...).",
                )
        elif isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and _BAD_CHARACTER.search(key):
                    self.add(
                        path,
                        "invalid_character",
                        "A key contains a NUL character or an unpaired surrogate.",
                    )
                elif _has_bad_character(value):
                    self._report_bad_characters(value, _join(path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if _has_bad_character(value):
                    self._report_bad_characters(value, f"{path}[{index}]")

    # entities ---------------------------------------------------------------------------

    def _entities(self, value: object) -> list[_EntityInfo]:
        if not isinstance(value, list):
            self.add(
                "entities",
                "invalid_type",
                f"'entities' must be a list of entities, not {_describe(value)}.",
            )
            return []
        if not schema.TOP_LEVEL["entities"].minimum <= len(value) <= schema.MAX_ENTITIES:
            self.add(
                "entities",
                "invalid_count",
                f"A genome has 1 to {schema.MAX_ENTITIES} entities, not {len(value)}.",
            )
        infos = []
        for index, raw in enumerate(value):
            info = self._entity(raw, f"entities[{index}]", index)
            if info is not None:
                infos.append(info)
        return infos

    def _entity(self, raw: object, path: str, index: int) -> _EntityInfo | None:
        good = self._mapping(raw, schema.ENTITY, path, "An entity")
        name = good.get("name")
        named = self._entity_name(name, _join(path, "name"))
        snake, plural = entity_names(good) if name else ("", "")
        if named and plural == snake:
            self.add(
                _join(path, "plural"),
                "plural_equals_singular",
                f"The plural of '{snake}' is '{plural}' again; set `plural:` to a different "
                f"name such as '{snake}_items' so lists and single rows are told apart.",
            )
        info = _EntityInfo(index, name, snake, plural, path)
        if "fields" in good:
            self._fields(good["fields"], info)
        if "relations" in good:
            self._relations(good["relations"], info)
        self._entity_options(good, info)
        self.problems += renamed_from_problems(good, info.name, info.path)
        return info if named else None

    def _entity_name(self, name: str | None, path: str) -> bool:
        if name is None:
            return False
        if name in BUILT_IN_ENTITIES or (name == "Subscription" and self.billing):
            self.add(
                path,
                "reserved_name",
                f"'{name}' is a built-in entity of every generated "
                f"app; rename yours (e.g. 'Client{name}').",
            )
            return False
        snake = entity_names({"name": name})[0]
        if name in PYTHON_KEYWORDS or snake in PYTHON_KEYWORDS:
            self.add(
                path,
                "reserved_name",
                f"Entity '{name}' would be named '{snake}' in code, a Python keyword.",
            )
            return False
        if name in CODE_ENTITY_NAMES:
            self.add(
                path,
                "reserved_name",
                f"'{name}' is a class or import of the generated code; rename the entity "
                f"(e.g. '{name}Item').",
            )
            return False
        taken = taken_entity_snakes().get(snake)
        if taken is not None:
            self.add(
                path,
                "reserved_name",
                f"Entity '{name}' would write its code over the built-in file {taken}; "
                f"rename it (e.g. '{name}Record').",
            )
            return False
        return True

    def _owned(self, info: _EntityInfo, name: str, path: str) -> None:
        if name in info.owned:
            self.add(
                path,
                "duplicate_name",
                f"'{name}' is already a field, relation or column "
                f"name of {info.name}; names must be unique within an entity.",
            )
        info.owned.add(name)

    def _fields(self, value: object, info: _EntityInfo) -> None:
        path = _join(info.path, "fields")
        if not isinstance(value, dict):
            self.add(
                path,
                "invalid_type",
                f"'fields' must be a mapping of field name to field spec, not {_describe(value)}.",
            )
            return
        if not 1 <= len(value) <= schema.MAX_FIELDS:
            self.add(
                path,
                "invalid_count",
                f"An entity has 1 to {schema.MAX_FIELDS} fields, not {len(value)}.",
            )
        for name, spec in value.items():
            field_path = _join(path, name)
            if not self._attribute_name(name, field_path, "Field"):
                continue
            self._owned(info, name, field_path)
            if self._field(spec, field_path):
                info.fields[name] = spec
                if spec["type"] in LIST_FILTER_TYPES and name in LIST_QUERY_PARAMS:
                    self.add(
                        field_path,
                        "reserved_name",
                        f"The {spec['type']} field '{name}' would be the list filter "
                        f"`?{name}=`, which is already the list's own parameter; choose "
                        f"another name (e.g. '{name}_value').",
                    )

    def _field(self, spec: object, path: str) -> bool:
        """Check one field spec; True when its type is known (so others may refer to it)."""
        if not isinstance(spec, dict):
            self.add(
                path,
                "invalid_type",
                "A field spec is a mapping such as "
                f"{{type: string, required: true}}, not {_describe(spec)}.",
            )
            return False
        field_type = spec.get("type")
        if not isinstance(field_type, str):
            field_type = repr(field_type)
        if "type" not in spec:
            self.add(_join(path, "type"), "missing", "A field needs a 'type'.")
        elif field_type not in schema.FIELD_TYPES:
            self.add(
                _join(path, "type"),
                "unknown_type",
                f"Unknown field type {_quote(field_type)}; use one of: "
                f"{', '.join(schema.FIELD_TYPES)}.",
                closest(field_type, schema.FIELD_TYPES),
            )
        if field_type not in schema.FIELD_TYPES:
            return False
        options = _FIELD_OPTIONS[field_type]
        before = len(self.problems)
        for key in spec:
            if key not in options and key in _ALL_FIELD_OPTIONS:
                owners = [name for name, table in schema.FIELD_TYPES.items() if key in table]
                self.add(
                    _join(path, key),
                    "option_not_allowed",
                    f"'{key}' applies to {', '.join(owners)} fields, not to {field_type}.",
                )
        known = {
            key: value
            for key, value in spec.items()
            if key in options or key not in _ALL_FIELD_OPTIONS
        }
        good = self._mapping(known, options, path, f"A {field_type} field")
        self._field_consistency(field_type, good, path)
        if "default" in good and good["default"] is not None and len(self.problems) == before:
            self._field_default(field_type, good, path)
        return True

    def _field_consistency(self, field_type: str, spec: dict, path: str) -> None:
        for low, high in (("min_length", "max_length"), ("min", "max")):
            if low not in spec or high not in spec:
                continue
            low_value, high_value = to_decimal(spec[low]), to_decimal(spec[high])
            if low_value is not None and high_value is not None and low_value > high_value:
                self.add(
                    _join(path, low),
                    "min_greater_than_max",
                    f"'{low}' ({spec[low]}) is greater than '{high}' ({spec[high]}).",
                )
        if field_type == "decimal":
            precision = spec.get("precision", 12)
            if spec.get("scale", 2) > precision:
                self.add(
                    _join(path, "scale"),
                    "invalid_option",
                    f"'scale' ({spec.get('scale')}) cannot exceed precision ({precision}).",
                )
        if field_type == "enum" and "values" in spec:
            self._enum_values(spec["values"], _join(path, "values"))

    def _enum_values(self, values: object, path: str) -> None:
        if not isinstance(values, list):
            self.add(path, "invalid_type", f"'values' must be a list, not {_describe(values)}.")
            return
        if not 1 <= len(values) <= schema.MAX_ENUM_VALUES:
            self.add(
                path,
                "invalid_count",
                f"An enum has 1 to {schema.MAX_ENUM_VALUES} values, not {len(values)}.",
            )
        seen: set[str] = set()
        for index, value in enumerate(values):
            if not isinstance(value, str) or not IDENTIFIER_RE.match(value):
                self.add(
                    f"{path}[{index}]",
                    "invalid_name",
                    f"Enum value {_quote(value)} must "
                    "be a snake_case string such as 'in_progress'.",
                )
            elif value in seen:
                self.add(f"{path}[{index}]", "duplicate_value", f"'{value}' is listed twice.")
            else:
                seen.add(value)

    def _field_default(self, field_type: str, spec: dict, path: str) -> None:
        try:
            value = coerce_default(field_type, spec["default"])
        except ValueError as error:
            self.add(
                _join(path, "default"),
                "invalid_default",
                f"Default {_quote(spec['default'])} is not valid for a {field_type} field; "
                f"expected {error}.",
            )
            return
        violation = default_violation(field_type, value, spec)
        if violation:
            self.add(
                _join(path, "default"),
                "invalid_default",
                f"Default {_quote(spec['default'])} breaks the field's constraints: {violation}.",
            )

    def _relations(self, value: object, info: _EntityInfo) -> None:
        path = _join(info.path, "relations")
        if not isinstance(value, dict):
            self.add(
                path,
                "invalid_type",
                "'relations' must be a mapping of relation name to "
                f"relation spec, not {_describe(value)}.",
            )
            return
        for name, spec in value.items():
            rel_path = _join(path, name)
            if not self._attribute_name(name, rel_path, "Relation"):
                continue
            self._owned(info, name, rel_path)
            good = self._mapping(spec, schema.RELATION, rel_path, "A relation")
            kind = good.get("kind")
            if kind is None:
                continue
            for key in spec:
                if key in schema.RELATION and key not in schema.RELATION_KIND_OPTIONS[kind]:
                    self.add(
                        _join(rel_path, key),
                        "option_not_allowed",
                        f"'{key}' does not apply to a {kind} relation.",
                    )
            if good.get("on_delete") == "set_null" and good.get("required"):
                self.add(
                    _join(rel_path, "on_delete"),
                    "invalid_on_delete",
                    "on_delete: set_null needs a relation that is not required; use "
                    "cascade or restrict, or drop `required`.",
                )
            column = relation_column(name, kind)
            if column:
                self._owned(info, column, rel_path)
            wire = relation_wire_name(name, kind)
            if wire != column:
                self._owned(info, wire, rel_path)
            if "target" in good:
                info.relations[name] = good

    def _entity_options(self, good: dict, info: _EntityInfo) -> None:
        path = info.path
        if "search" in good:
            for index, name in enumerate(
                self._names_list(good["search"], _join(path, "search"), "'search'")
            ):
                self._searchable(name, f"{_join(path, 'search')}[{index}]", info)
        for key in ("unique_together", "indexes"):
            if key in good:
                self._column_groups(good[key], _join(path, key), info)
        if "permissions" in good:
            self._permissions(good["permissions"], _join(path, "permissions"))
        if "transitions" in good:
            self._transitions(good["transitions"], _join(path, "transitions"), info)

    def _searchable(self, name: str, path: str, info: _EntityInfo) -> None:
        spec = info.fields.get(name)
        if spec is None:
            self.add(
                path,
                "unknown_field",
                f"'{name}' is not a field of {info.name}.",
                closest(name, info.fields),
            )
        elif spec["type"] not in schema.SEARCHABLE_TYPES:
            self.add(
                path,
                "not_searchable",
                f"'{name}' is a {spec['type']} field; search "
                f"matches only {', '.join(schema.SEARCHABLE_TYPES)} fields.",
            )

    def _column_groups(self, value: object, path: str, info: _EntityInfo) -> None:
        if not isinstance(value, list):
            self.add(
                path,
                "invalid_type",
                "Expected a list of lists of field or relation "
                f"names, e.g. [[doctor, starts_at]], not {_describe(value)}.",
            )
            return
        seen: set[tuple[str, ...]] = set()
        for index, group in enumerate(value):
            group_path = f"{path}[{index}]"
            names = self._names_list(group, group_path, "Each group")
            if isinstance(group, list) and not group:
                self.add(group_path, "invalid_count", "A group names at least one column.")
            for position, name in enumerate(names):
                self._column_member(name, f"{group_path}[{position}]", info)
            if tuple(names) in seen:
                self.add(group_path, "duplicate_value", "This group is listed twice.")
            seen.add(tuple(names))

    def _column_member(self, name: str, path: str, info: _EntityInfo) -> None:
        relation = info.relations.get(name)
        if relation is not None and relation["kind"] == "many_to_many":
            self.add(
                path,
                "not_a_column",
                f"'{name}' is a many_to_many relation and has no "
                "column; use fields or many_to_one / one_to_one relations.",
            )
        elif relation is None and name not in info.fields:
            self.add(
                path,
                "unknown_field",
                f"'{name}' is not a field or relation of {info.name}.",
                closest(name, [*info.fields, *info.relations]),
            )

    def _permissions(self, value: object, path: str) -> None:
        if not isinstance(value, dict):
            self.add(
                path,
                "invalid_type",
                "'permissions' maps a role to its actions, e.g. "
                f"{{member: [read]}}, not {_describe(value)}.",
            )
            return
        for role, actions in value.items():
            role_path = _join(path, role)
            if role not in schema.ROLES:
                self.add(
                    role_path,
                    "unknown_role",
                    f"Unknown role {_quote(role)}; roles are {', '.join(schema.ROLES)}.",
                    closest(role, schema.ROLES),
                )
                continue
            for index, action in enumerate(self._names_list(actions, role_path, "Actions")):
                if action not in schema.ACTIONS:
                    self.add(
                        f"{role_path}[{index}]",
                        "unknown_action",
                        f"Unknown action '{action}'; actions are {', '.join(schema.ACTIONS)}.",
                        closest(action, schema.ACTIONS),
                    )

    def _transitions(self, value: object, path: str, info: _EntityInfo) -> None:
        good = self._mapping(value, schema.TRANSITIONS, path, "'transitions'")
        name = good.get("field")
        if name is None:
            return
        spec = info.fields.get(name)
        if spec is None or spec["type"] != "enum" or not isinstance(spec.get("values"), list):
            enums = [key for key, item in info.fields.items() if item["type"] == "enum"]
            self.add(
                _join(path, "field"),
                "not_enum_field",
                f"'{name}' is not an enum field of {info.name}; transitions need one.",
                closest(name, enums),
            )
            return
        allowed = good.get("allowed")
        if not isinstance(allowed, dict):
            if "allowed" in good:
                self.add(
                    _join(path, "allowed"),
                    "invalid_type",
                    "'allowed' maps every value "
                    f"to the values it may move to, not {_describe(allowed)}.",
                )
            return
        values = [value for value in spec.get("values") or () if isinstance(value, str)]
        for state, targets in allowed.items():
            state_path = _join(_join(path, "allowed"), state)
            if state not in values:
                self.add(
                    state_path,
                    "unknown_state",
                    f"{_quote(state)} is not a value of '{name}'.",
                    closest(state, values),
                )
            for index, target in enumerate(self._names_list(targets, state_path, "Targets")):
                if target not in values:
                    self.add(
                        f"{state_path}[{index}]",
                        "unknown_state",
                        f"'{target}' is not a value of '{name}'.",
                        closest(target, values),
                    )
        missing = [value for value in values if value not in allowed]
        if missing:
            self.add(
                _join(path, "allowed"),
                "missing_state",
                "Every value needs an entry "
                f"(an empty list for a final state); missing: {', '.join(missing)}.",
            )

    # across entities --------------------------------------------------------------------

    def _cross_entity(self, infos: list[_EntityInfo]) -> None:
        by_name: dict[str, _EntityInfo] = {}
        built_in = (*BUILT_IN_TABLES, "subscriptions") if self.billing else BUILT_IN_TABLES
        namespace = dict.fromkeys(built_in, "a built-in table")
        code_names: dict[str, str] = {}
        for info in infos:
            if info.name in by_name:
                self.add(
                    _join(info.path, "name"),
                    "duplicate_name",
                    f"Entity '{info.name}' is defined twice.",
                )
                continue
            by_name[info.name] = info
            self._claim_code_names(info, code_names)
            self._claim(
                namespace, info.plural, f"the table of {info.name}", _join(info.path, "plural")
            )
        for info in by_name.values():
            for name, spec in info.fields.items():
                if spec["type"] == "enum":
                    self._claim(
                        namespace,
                        enum_type_name(info.snake, name),
                        f"the enum type of {info.name}.{name}",
                        _join(_join(info.path, "fields"), name),
                    )
            for name, spec in info.relations.items():
                if spec["kind"] == "many_to_many":
                    self._claim(
                        namespace,
                        association_table(info.snake, name),
                        f"the association table of {info.name}.{name}",
                        _join(_join(info.path, "relations"), name),
                    )
        self._targets(by_name)

    def _claim_code_names(self, info: _EntityInfo, code_names: dict[str, str]) -> None:
        for name in (info.snake, info.plural):
            owner = code_names.get(name)
            if owner is not None and owner != info.name:
                self.add(
                    _join(info.path, "name"),
                    "name_collision",
                    f"Entity {info.name} and "
                    f"{owner} both use the name '{name}' in code; rename one or set "
                    "`plural:`.",
                )
            code_names.setdefault(name, info.name)

    def _claim(self, namespace: dict[str, str], name: str, what: str, path: str) -> None:
        if len(name) > MAX_SQL_IDENTIFIER:
            self.add(
                path,
                "name_too_long",
                f"'{name}' ({what}) is longer than PostgreSQL's "
                f"{MAX_SQL_IDENTIFIER} characters; use shorter names.",
            )
        if name in namespace:
            self.add(
                path,
                "name_collision",
                f"'{name}' ({what}) is already {namespace[name]} "
                "in the database; rename one of them.",
            )
        else:
            namespace[name] = what

    def _targets(self, by_name: dict[str, _EntityInfo]) -> None:
        incoming: dict[str, list[tuple[str, str]]] = {name: [] for name in by_name}
        for info in by_name.values():
            valid = {}
            for name, spec in info.relations.items():
                rel_path = _join(_join(info.path, "relations"), name)
                target = spec["target"]
                if target != USER and target not in by_name:
                    self.add(
                        _join(rel_path, "target"),
                        "unknown_target",
                        f"Relation target {_quote(target)} is not an entity of this genome"
                        " (of the built-in entities only User can be a target).",
                        closest(target, [*by_name, USER]),
                    )
                elif target == USER and "inverse" in spec:
                    self.add(
                        _join(rel_path, "inverse"),
                        "inverse_on_user",
                        "Relations to User get no inverse (users span tenants); remove `inverse:`.",
                    )
                else:
                    valid[name] = spec
            inverses = inverse_names(
                info.snake,
                info.plural,
                (
                    (name, spec["kind"], spec["target"], spec.get("inverse"))
                    for name, spec in valid.items()
                ),
            )
            for name, inverse in inverses.items():
                if inverse is not None:
                    rel_path = _join(_join(info.path, "relations"), name)
                    if "inverse" in valid[name]:
                        rel_path = _join(rel_path, "inverse")
                    incoming[valid[name]["target"]].append((inverse, rel_path))
        for target, inverses in incoming.items():
            self._inverse_collisions(by_name[target], inverses)

    def _inverse_collisions(self, target: _EntityInfo, inverses: list[tuple[str, str]]) -> None:
        taken = set(target.owned)
        for inverse, path in inverses:
            reason = self._reserved_reason(inverse)
            if reason is None and inverse in taken:
                reason = f"is already a field, relation, column or inverse of {target.name}"
            if reason:
                self.add(
                    path,
                    "inverse_collision",
                    f"The inverse '{inverse}' on "
                    f"{target.name} {reason}; set `inverse:` on this relation to "
                    "another snake_case name.",
                )
            taken.add(inverse)

    # jobs -------------------------------------------------------------------------------

    def _jobs(self, value: object, async_jobs: bool, infos: list[_EntityInfo]) -> None:
        if not isinstance(value, list):
            self.add("jobs", "invalid_type", f"'jobs' must be a list, not {_describe(value)}.")
            return
        if value and async_jobs is not True:
            self.add(
                "jobs",
                "jobs_require_async_jobs",
                "Jobs run on the Celery worker; set `features.async_jobs: true` or remove `jobs`.",
            )
        names = {info.name for info in infos}
        seen: set[str] = set()
        for index, raw in enumerate(value):
            path = f"jobs[{index}]"
            good = self._mapping(raw, schema.JOB, path, "A job")
            name = good.get("name")
            if name in PYTHON_KEYWORDS:
                self.add(
                    _join(path, "name"),
                    "reserved_name",
                    f"Job name '{name}' is a Python keyword; choose another.",
                )
            elif name in seen:
                self.add(_join(path, "name"), "duplicate_name", f"Job '{name}' is defined twice.")
            if name:
                seen.add(name)
            entity = good.get("entity")
            if entity is not None and entity not in names:
                self.add(
                    _join(path, "entity"),
                    "unknown_entity",
                    f"'{entity}' is not an entity of this genome.",
                    closest(entity, names),
                )


_ALL_FIELD_OPTIONS = frozenset(
    {key for table in schema.FIELD_TYPES.values() for key in table} | set(schema.FIELD_COMMON)
)


_ESCAPED_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FIELD_OPTIONS = {
    name: {**schema.FIELD_COMMON, **options} for name, options in schema.FIELD_TYPES.items()
}
_REQUIRED_KEYS: dict[int, tuple[str, ...]] = {}


def _required_keys(table: Mapping[str, Opt]) -> tuple[str, ...]:
    keys = _REQUIRED_KEYS.get(id(table))
    if keys is None:
        keys = _REQUIRED_KEYS[id(table)] = tuple(k for k, opt in table.items() if opt.required)
    return keys


def _has_bad_character(data: object) -> bool:
    try:
        # One C-speed pass in the common case; NUL comes out escaped, surrogates raw.
        text = json.dumps(data, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return _walk_has_bad_character(data)
    return bool(_SURROGATE.search(text) or ("\\u0000" in text and _ESCAPED_NUL.search(text)))


def _walk_has_bad_character(data: object) -> bool:
    stack = [data]
    scanned = 0
    while stack and scanned < MAX_NODES_SCANNED:
        node = stack.pop()
        scanned += 1
        if isinstance(node, str):
            if _BAD_CHARACTER.search(node):
                return True
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def validate(data: object) -> list[Problem]:
    """Every problem in the genome data (empty when valid). Never raises."""
    validator = _Validator()
    try:
        validator.run(data)
    except Exception as error:  # pylint: disable=broad-exception-caught
        # A bug here must not become a 500; report it as a problem the caller can show.
        validator.add(
            "",
            "internal_error",
            f"The validator failed ({type(error).__name__}); "
            "please report this genome to Helix support.",
        )
    return validator.problems
