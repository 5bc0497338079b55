"""Rules of SPEC.md on the document, entities and names: one genome breaks each, one keeps it."""

import pytest
from genome_edits import (
    ASYNC,
    DELETE,
    E1,
    JOB,
    LABEL,
    edited,
    entity,
    field,
    many_entities,
    relation,
)

from app.genome import validate

# (rule, changes that keep the rule, changes that break it, path of the problem, its code)
RULES = [
    # top level
    ("genome version", [("genome", 1)], [("genome", 2)], "genome", "unsupported_version"),
    ("genome version is a number", [], [("genome", "1")], "genome", "unsupported_version"),
    ("genome required", [], [("genome", DELETE)], "genome", "missing"),
    ("name required", [], [("name", DELETE)], "name", "missing"),
    ("name at most 80", [("name", "n" * 80)], [("name", "n" * 81)], "name", "invalid_length"),
    ("name not empty", [("name", "x")], [("name", "")], "name", "invalid_length"),
    ("name not blank", [("name", "x")], [("name", "   ")], "name", "invalid_length"),
    ("name is text", [], [("name", 42)], "name", "invalid_type"),
    (
        "free text is data",
        [("name", 'Ünï "{{ x }}" """ </script> \\ \n 🎉')],
        [("name", "a\x00b")],
        "name",
        "invalid_character",
    ),
    (
        "no lone surrogates",
        [("description", "ok")],
        [("description", "a\ud800")],
        "description",
        "invalid_character",
    ),
    ("slug pattern", [("slug", "my_app2")], [("slug", "My-App")], "slug", "invalid_name"),
    ("slug at most 40", [("slug", "a" * 40)], [("slug", "a" * 41)], "slug", "invalid_name"),
    ("slug not a keyword", [("slug", "classes")], [("slug", "class")], "slug", "reserved_name"),
    (
        "description at most 20000",
        [("description", "d" * 20_000)],
        [("description", "d" * 20_001)],
        "description",
        "invalid_length",
    ),
    (
        "backend choice",
        [("stack", {"backend": "fastapi"})],
        [("stack", {"backend": "django"})],
        "stack.backend",
        "invalid_choice",
    ),
    (
        "frontend choice",
        [("stack", {"frontend": "nextjs"})],
        [("stack", {"frontend": "react"})],
        "stack.frontend",
        "invalid_choice",
    ),
    (
        "stack keys",
        [("stack", {"frontend": "none"})],
        [("stack", {"database": "mysql"})],
        "stack.database",
        "unknown_key",
    ),
    (
        "tenancy choice",
        [("tenancy", "organization")],
        [("tenancy", "team")],
        "tenancy",
        "invalid_choice",
    ),
    (
        "billing is a bool",
        [("features", {"billing": True})],
        [("features", {"billing": "yes"})],
        "features.billing",
        "invalid_type",
    ),
    (
        "email choice",
        [("features", {"email": "postmark"})],
        [("features", {"email": "mailgun"})],
        "features.email",
        "invalid_choice",
    ),
    ("unknown top-level key", [], [("entitys", [])], "entitys", "unknown_key"),
    ("genome is a mapping", [], [("entities", "Item")], "entities", "invalid_type"),
    ("entities required", [], [("entities", DELETE)], "entities", "missing"),
    ("at least one entity", [], [("entities", [])], "entities", "invalid_count"),
    ("at most 60 entities", many_entities(60), many_entities(61), "entities", "invalid_count"),
    (
        "jobs need async_jobs",
        [ASYNC, ("jobs", [JOB])],
        [("jobs", [JOB])],
        "jobs",
        "jobs_require_async_jobs",
    ),
    # entities
    (
        "entity name PascalCase",
        [entity(1, "OrderLine")],
        [entity(1, "order_line")],
        f"{E1}.name",
        "invalid_name",
    ),
    (
        "entity name at most 40",
        [entity(1, "A" + "b" * 39)],
        [entity(1, "A" + "b" * 40)],
        f"{E1}.name",
        "invalid_name",
    ),
    (
        "entity not a built-in",
        [entity(1, "Member")],
        [entity(1, "Membership")],
        f"{E1}.name",
        "reserved_name",
    ),
    ("entity not User", [entity(1, "Account")], [entity(1, "User")], f"{E1}.name", "reserved_name"),
    (
        "entity not the tenant",
        [entity(1, "Team")],
        [entity(1, "Workspace")],
        f"{E1}.name",
        "reserved_name",
    ),
    (
        "Subscription is built in with billing",
        [entity(1, "Subscription")],
        [entity(1, "Subscription"), ("features", {"billing": True})],
        f"{E1}.name",
        "reserved_name",
    ),
    (
        "entity not a keyword",
        [entity(1, "Order"), entity(0, "Group")],
        [entity(1, "None")],
        f"{E1}.name",
        "reserved_name",
    ),
    (
        "entity snake not a keyword",
        [entity(1, "Check")],
        [entity(1, "Class")],
        f"{E1}.name",
        "reserved_name",
    ),
    ("entity names unique", [], [entity(1, "Owner")], f"{E1}.name", "duplicate_name"),
    (
        "entity snake names unique",
        [entity(0, "HttpLog"), entity(1, "HttpRecord")],
        [entity(0, "HttpLog"), entity(1, "HTTPLog")],
        f"{E1}.name",
        "name_collision",
    ),
    (
        "entity plurals unique",
        [(f"{E1}.plural", "item_list")],
        [(f"{E1}.plural", "owners")],
        f"{E1}.plural",
        "name_collision",
    ),
    (
        "plural not a built-in table",
        [(f"{E1}.plural", "members")],
        [(f"{E1}.plural", "users")],
        f"{E1}.plural",
        "name_collision",
    ),
    (
        "plural snake_case",
        [(f"{E1}.plural", "items_x")],
        [(f"{E1}.plural", "Items")],
        f"{E1}.plural",
        "invalid_name",
    ),
    (
        "plural differs from singular",
        [entity(1, "Sheep", plural="flock")],
        [entity(1, "Sheep")],
        f"{E1}.plural",
        "plural_equals_singular",
    ),
    (
        "entity keys",
        [(f"{E1}.description", "x")],
        [(f"{E1}.colour", "red")],
        f"{E1}.colour",
        "unknown_key",
    ),
    ("fields required", [], [(f"{E1}.fields", DELETE)], f"{E1}.fields", "missing"),
    ("at least one field", [], [(f"{E1}.fields", {})], f"{E1}.fields", "invalid_count"),
    (
        "at most 80 fields",
        [(f"{E1}.fields", {f"f{i}": {"type": "text"} for i in range(80)})],
        [(f"{E1}.fields", {f"f{i}": {"type": "text"} for i in range(81)})],
        f"{E1}.fields",
        "invalid_count",
    ),
    (
        "fields is a mapping",
        [],
        [(f"{E1}.fields", [{"label": "string"}])],
        f"{E1}.fields",
        "invalid_type",
    ),
    # field and relation names
    (
        "field name snake_case",
        [(f"{E1}.fields.label_2", {"type": "text"})],
        [(f"{E1}.fields.Label", {"type": "text"})],
        f"{E1}.fields.Label",
        "invalid_name",
    ),
    (
        "field name at most 40",
        [(f"{E1}.fields.{'a' * 40}", {"type": "text"})],
        [(f"{E1}.fields.{'a' * 41}", {"type": "text"})],
        f"{E1}.fields.{'a' * 41}",
        "invalid_name",
    ),
    (
        "field not a keyword",
        [(f"{E1}.fields.klass", {"type": "text"})],
        [(f"{E1}.fields.class", {"type": "text"})],
        f"{E1}.fields.class",
        "reserved_name",
    ),
    (
        "field not a soft keyword",
        [(f"{E1}.fields.type", {"type": "text"})],
        [(f"{E1}.fields.match", {"type": "text"})],
        f"{E1}.fields.match",
        "reserved_name",
    ),
    (
        "field not a name the model code uses",
        [(f"{E1}.fields.date", {"type": "date", "default": "2024-02-29"})],
        [(f"{E1}.fields.int", {"type": "integer"})],
        f"{E1}.fields.int",
        "reserved_name",
    ),
    (
        "field not sa",
        [(f"{E1}.fields.datetime", {"type": "datetime"})],
        [(f"{E1}.fields.sa", {"type": "text"})],
        f"{E1}.fields.sa",
        "reserved_name",
    ),
    (
        "relation not relationship",
        [(f"{E1}.relations.parent", {"kind": "many_to_one", "target": "Owner"})],
        [(f"{E1}.relations.relationship", {"kind": "many_to_one", "target": "Owner"})],
        f"{E1}.relations.relationship",
        "reserved_name",
    ),
    (
        "filter field not a list parameter",
        [(f"{E1}.fields.sort", {"type": "integer"})],
        [(f"{E1}.fields.sort", {"type": "enum", "values": ["asc", "desc"]})],
        f"{E1}.fields.sort",
        "reserved_name",
    ),
    (
        "entity not an import of the generated code",
        [entity(1, "Page")],
        [entity(1, "Decimal")],
        f"{E1}.name",
        "reserved_name",
    ),
    (
        "entity not a built-in file",
        [entity(1, "EmailMessage")],
        [entity(1, "Email")],
        f"{E1}.name",
        "reserved_name",
    ),
    (
        "field not id",
        [],
        [(f"{E1}.fields.id", {"type": "integer"})],
        f"{E1}.fields.id",
        "reserved_name",
    ),
    (
        "field not created_at",
        [],
        [(f"{E1}.fields.created_at", {"type": "datetime"})],
        f"{E1}.fields.created_at",
        "reserved_name",
    ),
    (
        "field not updated_at",
        [],
        [(f"{E1}.fields.updated_at", {"type": "datetime"})],
        f"{E1}.fields.updated_at",
        "reserved_name",
    ),
    (
        "field not the tenant column",
        [(f"{E1}.fields.organization_id", {"type": "integer"})],
        [(f"{E1}.fields.workspace_id", {"type": "integer"})],
        f"{E1}.fields.workspace_id",
        "reserved_name",
    ),
    (
        "tenant column follows tenancy",
        [(f"{E1}.fields.workspace_id", {"type": "integer"}), ("tenancy", "organization")],
        [(f"{E1}.fields.organization_id", {"type": "integer"}), ("tenancy", "organization")],
        f"{E1}.fields.organization_id",
        "reserved_name",
    ),
    (
        "field not metadata",
        [],
        [(f"{E1}.fields.metadata", {"type": "json"})],
        f"{E1}.fields.metadata",
        "reserved_name",
    ),
    (
        "field not query",
        [],
        [(f"{E1}.fields.query", {"type": "text"})],
        f"{E1}.fields.query",
        "reserved_name",
    ),
    (
        "field not fields",
        [],
        [(f"{E1}.fields.fields", {"type": "text"})],
        f"{E1}.fields.fields",
        "reserved_name",
    ),
    (
        "SQL words are fine",
        [
            (f"{E1}.fields.{name}", {"type": "text"})
            for name in ("order", "group", "user", "select", "type", "limit", "check")
        ],
        [(f"{E1}.fields.registry", {"type": "text"})],
        f"{E1}.fields.registry",
        "reserved_name",
    ),
    (
        "relation name snake_case",
        relation(),
        [(f"{E1}.relations.Owner", {"kind": "many_to_one", "target": "Owner"})],
        f"{E1}.relations.Owner",
        "invalid_name",
    ),
    (
        "relation vs field name",
        relation(),
        [*relation(), (f"{E1}.fields.owner", {"type": "text"})],
        f"{E1}.relations.owner",
        "duplicate_name",
    ),
    (
        "relation column vs field",
        relation(),
        [*relation(), (f"{E1}.fields.owner_id", {"type": "integer"})],
        f"{E1}.relations.owner",
        "duplicate_name",
    ),
    (
        "many_to_many wire name vs field",
        [(f"{E1}.relations.owners", {"kind": "many_to_many", "target": "Owner"})],
        [
            (f"{E1}.relations.owners", {"kind": "many_to_many", "target": "Owner"}),
            (f"{E1}.fields.owner_ids", {"type": "json"}),
        ],
        f"{E1}.relations.owners",
        "duplicate_name",
    ),
]


@pytest.mark.parametrize(
    ("rule", "good", "bad", "path", "code"), RULES, ids=[rule[0] for rule in RULES]
)
def test_rule_is_enforced(base_genome, rule, good, bad, path, code):
    kept = validate(edited(base_genome, good))
    assert not kept, (rule, kept)
    problems = validate(edited(base_genome, bad))
    assert (path, code) in [(p.path, p.code) for p in problems], problems


def test_every_problem_is_reported_at_once(base_genome):
    data = edited(
        base_genome,
        [("genome", 3), (f"{LABEL}.type", "money"), *relation(target="Persn"), ("tenancy", "team")],
    )
    codes = sorted(p.code for p in validate(data))
    assert codes == ["invalid_choice", "unknown_target", "unknown_type", "unsupported_version"]


def test_suggestions_name_the_close_match(base_genome):
    problems = validate(
        edited(base_genome, [*field("strng"), *relation(target="Ownr"), ("entitis", [])])
    )
    suggestions = {p.code: p.suggestion for p in problems}
    assert suggestions == {
        "unknown_type": "string",
        "unknown_target": "Owner",
        "unknown_key": "entities",
    }
    assert all("Did you mean" in p.message for p in problems)


@pytest.mark.parametrize(
    "data",
    [
        None,
        0,
        1.5,
        "genome",
        [],
        [1, 2],
        True,
        {"genome": None},
        {1: 2},
        {"entities": [None, 1, "x", []]},
        {"entities": [{"name": "A", "fields": {"x": None}}]},
        {"entities": [{"fields": {1: {"type": []}}}]},
    ],
)
def test_any_json_gives_problems_never_an_exception(data):
    problems = validate(data)
    assert problems
    assert all(p.code != "internal_error" for p in problems)
