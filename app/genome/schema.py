"""The genome format as data: one table drives both the validator and the JSON Schema."""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_VERSION = 1
MAX_ENTITIES = 60
MAX_FIELDS = 80
MAX_ENUM_VALUES = 100
MAX_DESCRIPTION = 20_000
MAX_NAME = 80
MAX_STRING_LENGTH = 10_000
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
IDENTIFIER_PATTERN = "^[a-z][a-z0-9_]{0,39}$"
ENTITY_NAME_PATTERN = "^[A-Z][A-Za-z0-9]{0,39}$"

ROLES = ("owner", "admin", "member")
ACTIONS = ("read", "create", "update", "delete")
DEFAULT_PERMISSIONS = {
    "owner": ACTIONS,
    "admin": ACTIONS,
    "member": ("read", "create", "update"),
}
RELATION_KINDS = ("many_to_one", "one_to_one", "many_to_many")
ON_DELETE = ("restrict", "cascade", "set_null")
SEARCHABLE_TYPES = ("string", "text", "email")
FILTERABLE_TYPES = ("enum", "boolean", "date")  # filtered by equality in list queries
FIXED_MAX_LENGTH = {"string": 255, "email": 320, "url": 2048}
RENAMED_FROM = (
    "The name this had in the project's previous genome version: regeneration renames "
    "(keeping the data) instead of dropping and adding."
)
# The JSON Schema type of each field type on the wire (json: any value) and its format.
JSON_TYPES = {
    "string": "string",
    "text": "string",
    "email": "string",
    "url": "string",
    "enum": "string",
    "decimal": "string",
    "date": "string",
    "datetime": "string",
    "time": "string",
    "uuid": "string",
    "integer": "integer",
    "bigint": "integer",
    "float": "number",
    "boolean": "boolean",
    "json": None,
}
JSON_FORMATS = {
    "email": "email",
    "url": "uri",
    "date": "date",
    "datetime": "date-time",
    "uuid": "uuid",
}


@dataclass(frozen=True, slots=True)
class Opt:
    """One option: its kind (how a value is checked) and bounds or choices.

    Kinds: bool, int, number, decimal, text, identifier, entity_name, choice, unique,
    regex, const, any (checked elsewhere, e.g. `default`) and container kinds
    (fields, relations, ...) whose structure the validator walks itself.
    """

    kind: str
    choices: tuple = ()
    minimum: int | None = None
    maximum: int | None = None
    required: bool = False
    default: object = None
    description: str = ""


TOP_LEVEL = {
    "genome": Opt("const", (FORMAT_VERSION,), required=True, description="Format version"),
    "name": Opt("text", minimum=1, maximum=MAX_NAME, required=True),
    "slug": Opt("identifier"),
    "description": Opt("text", maximum=MAX_DESCRIPTION),
    "stack": Opt("stack"),
    "tenancy": Opt("choice", ("workspace", "organization"), default="workspace"),
    "features": Opt("features"),
    "entities": Opt("entities", minimum=1, maximum=MAX_ENTITIES, required=True),
    "jobs": Opt("jobs"),
}
STACK = {
    "backend": Opt("choice", ("flask", "fastapi"), default="flask"),
    "frontend": Opt("choice", ("nextjs", "none"), default="nextjs"),
}
FEATURES = {
    "billing": Opt("bool", default=False),
    "async_jobs": Opt("bool", default=False),
    "email": Opt("choice", ("console", "smtp", "sendgrid", "postmark"), default="console"),
}
ENTITY = {
    "name": Opt("entity_name", required=True),
    "plural": Opt("identifier"),
    "description": Opt("text"),
    "fields": Opt("fields", minimum=1, maximum=MAX_FIELDS, required=True),
    "relations": Opt("relations"),
    "search": Opt("search"),
    "unique_together": Opt("column_groups"),
    "indexes": Opt("column_groups"),
    "permissions": Opt("permissions"),
    "transitions": Opt("transitions"),
    "renamed_from": Opt("entity_name", description=RENAMED_FROM),
}
FIELD_COMMON = {
    "type": Opt("choice", (), required=True),  # choices filled below from FIELD_TYPES
    "required": Opt("bool", default=False),
    "unique": Opt("unique", (False, True, "global"), default=False),
    "default": Opt("any"),
    "index": Opt("bool", default=False),
    "description": Opt("text"),
    "immutable": Opt("bool", default=False),
    "renamed_from": Opt("identifier", description=RENAMED_FROM),
}
_LENGTH = Opt("int", minimum=0, maximum=MAX_STRING_LENGTH)
FIELD_TYPES: dict[str, dict[str, Opt]] = {
    "string": {
        "max_length": Opt("int", minimum=1, maximum=MAX_STRING_LENGTH, default=255),
        "min_length": _LENGTH,
        "pattern": Opt("regex"),
    },
    "text": {"min_length": Opt("int", minimum=0), "max_length": Opt("int", minimum=1)},
    "integer": {
        "min": Opt("int", minimum=INT32[0], maximum=INT32[1]),
        "max": Opt("int", minimum=INT32[0], maximum=INT32[1]),
    },
    "bigint": {
        "min": Opt("int", minimum=INT64[0], maximum=INT64[1]),
        "max": Opt("int", minimum=INT64[0], maximum=INT64[1]),
    },
    "float": {"min": Opt("number"), "max": Opt("number")},
    "decimal": {
        "precision": Opt("int", minimum=1, maximum=38, default=12),
        "scale": Opt("int", minimum=0, maximum=38, default=2),
        "min": Opt("decimal"),
        "max": Opt("decimal"),
    },
    "boolean": {},
    "date": {},
    "datetime": {},
    "time": {},
    "email": {},
    "url": {},
    "uuid": {},
    "json": {},
    "enum": {"values": Opt("enum_values", minimum=1, maximum=MAX_ENUM_VALUES, required=True)},
}
FIELD_COMMON["type"] = Opt("choice", tuple(FIELD_TYPES), required=True)
RELATION = {
    "kind": Opt("choice", RELATION_KINDS, required=True),
    "target": Opt("target", required=True),
    "required": Opt("bool", default=False),
    "on_delete": Opt("choice", ON_DELETE, default="restrict"),
    "inverse": Opt("identifier"),
    "renamed_from": Opt("identifier", description=RENAMED_FROM),
}
RELATION_KIND_OPTIONS = {
    "many_to_one": set(RELATION),
    "one_to_one": set(RELATION),
    "many_to_many": set(RELATION) - {"required"},
}
TRANSITIONS = {
    "field": Opt("identifier", required=True),
    "allowed": Opt("transition_map", required=True),
}
JOB = {
    "name": Opt("identifier", required=True),
    "description": Opt("text"),
    "schedule": Opt("cron"),
    "entity": Opt("entity_name"),
}

# The JSON wire shape of a `default` for each field type.
_DEFAULT_SCHEMA = {
    "string": {"type": "string"},
    "text": {"type": "string"},
    "integer": {"type": "integer"},
    "bigint": {"type": "integer"},
    "float": {"type": "number"},
    "decimal": {"type": ["number", "string"]},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "time": {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$"},
    "email": {"type": "string", "format": "email"},
    "url": {"type": "string", "format": "uri"},
    "uuid": {"type": "string", "format": "uuid"},
    "json": {},
    "enum": {"type": "string", "pattern": IDENTIFIER_PATTERN},
}
_CRON_PATTERN = r"^\S+(\s+\S+){4}$"


def _opt_schema(opt: Opt) -> dict:
    kind = opt.kind
    schema: dict
    if kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "int":
        schema = {"type": "integer"}
    elif kind in ("number", "decimal"):
        schema = {"type": "number"} if kind == "number" else {"type": ["number", "string"]}
    elif kind == "text":
        schema = {"type": "string"}
        if opt.minimum is not None:
            schema["minLength"] = opt.minimum
        if opt.maximum is not None:
            schema["maxLength"] = opt.maximum
        return schema
    elif kind == "identifier":
        schema = {"type": "string", "pattern": IDENTIFIER_PATTERN}
    elif kind in ("entity_name", "target"):
        schema = {"type": "string", "pattern": ENTITY_NAME_PATTERN}
    elif kind == "choice":
        schema = {"enum": list(opt.choices)}
    elif kind == "const":
        schema = {"const": opt.choices[0]}
    elif kind == "unique":
        schema = {"enum": [False, True, "global"]}
    elif kind == "regex":
        schema = {"type": "string", "format": "regex"}
    elif kind == "cron":
        schema = {"type": "string", "pattern": _CRON_PATTERN}
    elif kind == "enum_values":
        return {
            "type": "array",
            "minItems": opt.minimum,
            "maxItems": opt.maximum,
            "uniqueItems": True,
            "items": {"type": "string", "pattern": IDENTIFIER_PATTERN},
        }
    else:
        schema = {}
    if kind in ("int", "number") and opt.minimum is not None:
        schema["minimum"] = opt.minimum
    if kind in ("int", "number") and opt.maximum is not None:
        schema["maximum"] = opt.maximum
    return schema


def _object(table: dict[str, Opt], overrides: dict | None = None) -> dict:
    properties = {}
    for key, opt in table.items():
        prop = dict((overrides or {}).get(key) or _opt_schema(opt))
        if opt.default is not None and "default" not in prop:
            prop["default"] = opt.default
        if opt.description:
            prop["description"] = opt.description
        properties[key] = prop
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    required = [key for key, opt in table.items() if opt.required]
    if required:
        schema["required"] = required
    return schema


def _field_schema() -> dict:
    variants = []
    for type_name, options in FIELD_TYPES.items():
        table = {**FIELD_COMMON, **options}
        variant = _object(
            table, {"type": {"const": type_name}, "default": _DEFAULT_SCHEMA[type_name]}
        )
        variants.append(variant)
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": list(FIELD_TYPES)}},
        "oneOf": variants,
    }


def _relation_schema() -> dict:
    schema = _object(RELATION)
    schema["if"] = {"properties": {"kind": {"const": "many_to_many"}}}
    schema["then"] = {"not": {"required": ["required"]}}
    return schema


def _mapping(value_schema: dict, minimum: int | None = None, maximum: int | None = None) -> dict:
    schema = {
        "type": "object",
        "propertyNames": {"pattern": IDENTIFIER_PATTERN},
        "additionalProperties": value_schema,
    }
    if minimum is not None:
        schema["minProperties"] = minimum
    if maximum is not None:
        schema["maxProperties"] = maximum
    return schema


def json_schema() -> dict:
    """The JSON Schema (2020-12) of genome format 1, for editors and API clients."""
    names = {"type": "array", "items": {"type": "string", "pattern": IDENTIFIER_PATTERN}}
    column_groups = {"type": "array", "items": {**names, "minItems": 1}}
    permissions = {
        "type": "object",
        "propertyNames": {"enum": list(ROLES)},
        "additionalProperties": {
            "type": "array",
            "uniqueItems": True,
            "items": {"enum": list(ACTIONS)},
        },
    }
    transitions = _object(TRANSITIONS, {"allowed": _mapping(names)})
    entity = _object(
        ENTITY,
        {
            "fields": _mapping(_field_schema(), 1, MAX_FIELDS),
            "relations": _mapping(_relation_schema()),
            "search": names,
            "unique_together": column_groups,
            "indexes": column_groups,
            "permissions": permissions,
            "transitions": transitions,
        },
    )
    root = _object(
        TOP_LEVEL,
        {
            "stack": _object(STACK),
            "features": _object(FEATURES),
            "entities": {"type": "array", "minItems": 1, "maxItems": MAX_ENTITIES, "items": entity},
            "jobs": {"type": "array", "items": _object(JOB)},
        },
    )
    async_jobs_on = {"required": ["async_jobs"], "properties": {"async_jobs": {"const": True}}}
    root["if"] = {"not": {"required": ["features"], "properties": {"features": async_jobs_on}}}
    root["then"] = {"properties": {"jobs": {"maxItems": 0}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://helix.dev/schemas/genome-1.json",
        "title": "Helix genome, format 1",
        **root,
    }
