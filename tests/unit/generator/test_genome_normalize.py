"""The normalized model: every derived name computed once, defaults typed, examples valid."""

import dataclasses
import json
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

import jsonschema
import pytest
from click.testing import CliRunner

from app.genome import GenomeError, json_schema, load, normalize, parse, validate
from app.genome.cli import genome_cli
from app.genome.naming import pluralize, singularize, slugify, snake_case, with_article
from app.genome.schema import FIELD_TYPES, JSON_FORMATS, JSON_TYPES


def genome_with(*entities: dict, **top: object) -> dict:
    return {"genome": 1, "name": "Test App", "entities": list(entities), **top}


def entity(name: str, **extra: object) -> dict:
    return {"name": name, "fields": {"title": {"type": "string"}}, **extra}


def test_every_example_validates_and_normalizes(example_paths):
    for path in example_paths:
        data = parse(path.read_bytes())
        problems = validate(data)
        assert not problems, (path.name, problems)
        genome = normalize(data)
        assert genome.entities
        jsonschema.validate(json.loads(json.dumps(data, default=str)), json_schema())


def test_examples_derive_the_expected_names(example_paths):
    shop = load(next(p for p in example_paths if p.name == "shop.yaml").read_text())
    line = shop.entity("OrderLine")
    assert (line.snake, line.plural, line.table, line.url_segment) == (
        "order_line",
        "order_lines",
        "order_lines",
        "order-lines",
    )
    assert shop.entity("Order").inverses == (("lines", "OrderLine", "order"),)
    assert shop.entity("Category").inverses[0] == ("children", "Category", "parent")
    assert (shop.tenant_column, shop.tenant_class, shop.slug) == (
        "organization_id",
        "Organization",
        "corner_shop",
    )
    assert [job.schedule for job in shop.jobs] == ["0 2 * * *", None]


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("person", "people"),
        ("category", "categories"),
        ("status", "statuses"),
        ("address", "addresses"),
        ("quiz", "quizzes"),
        ("order_line", "order_lines"),
        ("child", "children"),
        ("box", "boxes"),
        ("sales_person", "sales_people"),
    ],
)
def test_plurals_follow_english(word, plural):
    assert pluralize(word) == plural
    assert singularize(plural) == word


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("OrderLine", "order_line"),
        ("HTTPLog", "http_log"),
        ("Item2", "item2"),
        ("ABTest", "ab_test"),
    ],
)
def test_snake_case(name, snake):
    assert snake_case(name) == snake


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Clinic Booking", "clinic_booking"),
        ("Café Ünïcode!", "cafe_unicode"),
        ("日本", "app"),
        ("3D Prints", "app_3d_prints"),
        ("Class", "class_app"),
    ],
)
def test_slug_is_derived_from_the_name(name, slug):
    assert slugify(name) == slug


def test_irregular_entities_and_plural_override():
    genome = load(
        json.dumps(
            genome_with(
                entity("Person"),
                entity("Category"),
                entity("Status"),
                entity("Address"),
                entity("Quiz"),
                entity("Leaf", plural="leaf_list"),
            )
        )
    )
    assert [e.plural for e in genome.entities] == [
        "people",
        "categories",
        "statuses",
        "addresses",
        "quizzes",
        "leaf_list",
    ]
    assert genome.entity("Leaf").url_segment == "leaf-list"


def test_defaults_are_typed():
    fields = {
        "price": {"type": "decimal", "default": 12.5},
        "on": {"type": "date", "default": "2024-02-29"},
        "at": {"type": "datetime", "default": "2024-01-01T09:00:00Z"},
        "opens": {"type": "time", "default": "08:30"},
        "ref": {"type": "uuid", "default": "123e4567-e89b-12d3-a456-426614174000"},
        "state": {"type": "enum", "values": ["a", "b"], "default": "b"},
        "count": {"type": "integer", "min": 0},
        "name": {"type": "string"},
        "mail": {"type": "email", "unique": True},
        "site": {"type": "url", "unique": "global"},
    }
    genome = load(json.dumps(genome_with({"name": "Shop", "fields": fields})))
    by_name = {f.name: f for f in genome.entity("Shop").fields}
    assert by_name["price"].default == Decimal("12.50")
    assert (by_name["price"].precision, by_name["price"].scale) == (12, 2)
    assert by_name["on"].default == date(2024, 2, 29)
    assert isinstance(by_name["at"].default, datetime)
    assert by_name["at"].default.tzinfo is not None
    assert by_name["opens"].default == time(8, 30)
    assert by_name["ref"].default == UUID("123e4567-e89b-12d3-a456-426614174000")
    assert by_name["state"].enum_type_name == "shop_state"
    assert by_name["state"].values == ("a", "b")
    assert by_name["count"].has_default is False
    assert (by_name["name"].max_length, by_name["mail"].max_length) == (255, 320)
    assert (by_name["mail"].unique, by_name["site"].unique) == ("tenant", "global")


def test_yaml_dates_are_accepted_as_defaults():
    text = (
        "genome: 1\nname: A\nentities:\n  - name: Day\n    fields:\n"
        "      on: {type: date, default: 2024-05-31}\n"
    )
    assert load(text).entities[0].fields[0].default == date(2024, 5, 31)


def test_relations_derive_columns_tables_and_inverses():
    leave = entity(
        "LeaveRequest",
        relations={
            "requester": {"kind": "many_to_one", "target": "Employee", "required": True},
            "approver": {"kind": "many_to_one", "target": "Employee", "on_delete": "set_null"},
            "tags": {"kind": "many_to_many", "target": "Tag"},
            "badge": {"kind": "one_to_one", "target": "Badge"},
            "author": {"kind": "many_to_one", "target": "User"},
        },
    )
    manager = {"manager": {"kind": "many_to_one", "target": "Employee"}}
    genome = load(
        json.dumps(
            genome_with(
                entity("Employee", relations=manager), entity("Tag"), entity("Badge"), leave
            )
        )
    )
    rel = {r.name: r for r in genome.entity("LeaveRequest").relations}
    assert rel["requester"].inverse == "requester_leave_requests"
    assert rel["approver"].inverse == "approver_leave_requests"
    assert (rel["requester"].column, rel["requester"].required) == ("requester_id", True)
    assert rel["approver"].on_delete == "set_null"
    assert (rel["tags"].wire_name, rel["tags"].association_table) == (
        "tag_ids",
        "leave_request_tags",
    )
    assert (rel["tags"].inverse, rel["tags"].column, rel["tags"].on_delete) == (
        "leave_requests",
        None,
        "restrict",
    )
    assert rel["badge"].inverse == "leave_request"
    assert (rel["author"].inverse, rel["author"].target_is_user, rel["author"].target_table) == (
        None,
        True,
        "users",
    )
    assert genome.entity("Employee").inverses == (
        ("employees", "Employee", "manager"),
        ("requester_leave_requests", "LeaveRequest", "requester"),
        ("approver_leave_requests", "LeaveRequest", "approver"),
    )


def test_groups_become_columns_and_permissions_are_filled():
    item = entity(
        "Item",
        relations={"owner": {"kind": "many_to_one", "target": "Owner"}},
        unique_together=[["owner", "title"]],
        indexes=[["title"]],
        permissions={"owner": ["read"], "member": ["read", "delete"]},
    )
    genome = load(json.dumps(genome_with(entity("Owner"), item)))
    built = genome.entity("Item")
    assert built.unique_together == (("owner_id", "title"),)
    assert built.indexes == (("title",),)
    assert built.permissions == {
        "owner": frozenset({"read", "delete"}),
        "admin": frozenset({"read", "create", "update", "delete"}),
        "member": frozenset({"read", "delete"}),
    }
    assert genome.entity("Owner").permissions["member"] == {"read", "create", "update"}


def test_top_level_defaults():
    genome = load(json.dumps(genome_with(entity("Item"))))
    assert (genome.backend, genome.frontend, genome.tenancy, genome.slug) == (
        "flask",
        "nextjs",
        "workspace",
        "test_app",
    )
    assert (genome.features.billing, genome.features.async_jobs, genome.features.email) == (
        False,
        False,
        "console",
    )
    assert genome.tenant_column == "workspace_id"


def test_nextjs_and_fastapi_are_valid_genomes():
    data = genome_with(entity("Item"), stack={"backend": "fastapi", "frontend": "nextjs"})
    assert normalize(data).backend == "fastapi"


def test_model_is_frozen():
    genome = load(json.dumps(genome_with(entity("Item"))))
    with pytest.raises(dataclasses.FrozenInstanceError):
        genome.entities[0].name = "Other"  # type: ignore[misc]


def test_normalize_refuses_invalid_data():
    with pytest.raises(GenomeError) as error:
        normalize({"genome": 1})
    assert {p.code for p in error.value.problems} == {"missing"}


def test_json_schema_is_valid_and_shares_the_type_table():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    entity_schema = schema["properties"]["entities"]["items"]
    field_schema = entity_schema["properties"]["fields"]["additionalProperties"]
    assert field_schema["properties"]["type"]["enum"] == list(FIELD_TYPES)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            genome_with({"name": "Item", "fields": {"a": {"type": "money"}}}), schema
        )


def test_cli_validate_valid_file(example_paths):
    result = CliRunner().invoke(genome_cli, ["validate", str(example_paths[0])])
    assert result.exit_code == 0
    assert result.output.startswith(f"{example_paths[0].name}: valid, ")
    assert result.output.count("\n") == 1


def test_cli_validate_reports_one_line_per_problem(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("genome: 2\nname: A\nentities:\n  - name: item\n    fields: {}\n")
    result = CliRunner().invoke(genome_cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "genome: unsupported_version: Unsupported genome format 2; this Helix reads format 1 "
        "(`genome: 1`).",
        "entities[0].name: invalid_name: 'name' must be a PascalCase singular name such as "
        "'OrderLine' (^[A-Z][A-Za-z0-9]{0,39}$), not 'item'.",
        "entities[0].fields: invalid_count: An entity has 1 to 80 fields, not 0.",
    ]


@pytest.mark.parametrize(
    "content", [None, b"\x00\xff\xfe binary", b"a: [1,\n", b"\xff" * 2_000_000]
)
def test_cli_validate_never_shows_a_traceback(tmp_path, content):
    path = tmp_path / "genome.yaml"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(genome_cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert all(line.count(": ") >= 2 for line in result.output.splitlines())


def test_cli_schema_prints_json():
    result = CliRunner().invoke(genome_cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"].startswith("Helix genome")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("appointment", "an appointment"),
        ("invoice", "an invoice"),
        ("order line", "an order line"),
        ("user", "a user"),
        ("unit", "a unit"),
        ("umbrella", "an umbrella"),
        ("hour slot", "an hour slot"),
        ("hotel", "a hotel"),
        ("euro price", "a euro price"),
        ("workspace", "a workspace"),
        ("organization", "an organization"),
    ],
)
def test_english_indefinite_articles(phrase, expected):
    assert with_article(phrase) == expected


def test_the_normalized_genome_carries_labels_with_articles():
    genome = load(
        "genome: 1\nname: X\ntenancy: organization\nentities:\n"
        "  - name: OrderLine\n    fields: {qty: {type: integer}}\n"
    )
    (entity,) = genome.entities
    assert (entity.label, entity.label_plural, entity.a_label) == (
        "order line",
        "order lines",
        "an order line",
    )
    assert genome.a_tenant == "an organization"


def test_every_field_type_has_its_wire_type_and_format():
    """The OpenAPI document reads these; a new field type must say how it travels."""
    assert set(JSON_TYPES) == set(FIELD_TYPES)
    assert set(JSON_FORMATS) <= set(FIELD_TYPES)
    fields = {
        "code": {"type": "string"},
        "price": {"type": "decimal"},
        "count": {"type": "bigint"},
        "ratio": {"type": "float"},
        "link": {"type": "url"},
        "at": {"type": "datetime"},
        "extra": {"type": "json"},
    }
    genome = normalize(genome_with(entity("Item", fields=fields)))
    wire = {f.name: (f.json_type, f.json_format) for f in genome.entity("Item").fields}
    assert wire == {
        "code": ("string", None),
        "price": ("string", None),
        "count": ("integer", None),
        "ratio": ("number", None),
        "link": ("string", "uri"),
        "at": ("string", "date-time"),
        "extra": (None, None),
    }


def test_create_required_and_mutable_fields_are_derived_once():
    genome = normalize(
        genome_with(
            entity("Owner"),
            entity(
                "Pet",
                fields={
                    "name": {"type": "string", "required": True},
                    "kind": {"type": "string", "required": True, "default": "dog"},
                    "chip": {"type": "string", "immutable": True},
                    "notes": {"type": "text"},
                },
                relations={"owner": {"kind": "many_to_one", "target": "Owner", "required": True}},
            ),
        )
    )
    pet = genome.entity("Pet")
    assert pet.create_required == ("name", "owner_id")  # a default makes `kind` optional
    assert [f.name for f in pet.mutable_fields] == ["name", "kind", "notes"]


def test_relation_sets_and_imports_are_derived_once():
    genome = normalize(
        genome_with(
            entity("Tag"),
            entity("Owner"),
            entity(
                "Pet",
                fields={
                    "name": {"type": "string"},
                    "kind": {"type": "enum", "values": ["dog", "cat"]},
                    "born": {"type": "date"},
                    "extra": {"type": "json"},
                },
                relations={
                    "owner": {"kind": "many_to_one", "target": "Owner", "inverse": "pets"},
                    "parent": {"kind": "many_to_one", "target": "Pet", "inverse": "children"},
                    "vet": {"kind": "many_to_one", "target": "User"},
                    "tags": {"kind": "many_to_many", "target": "Tag", "inverse": "pets"},
                },
            ),
        )
    )
    pet, owner = genome.entity("Pet"), genome.entity("Owner")
    assert [r.name for r in pet.column_relations] == ["owner", "parent", "vet"]
    assert [r.name for r in pet.many_to_many] == ["tags"]
    assert pet.sortable == (
        "id",
        "name",
        "kind",
        "born",
        "owner_id",
        "parent_id",
        "vet_id",
        "created_at",
        "updated_at",
    )
    assert [f.name for f in pet.filter_fields] == ["kind", "born"]
    assert pet.filterable == ("kind", "born", "owner_id", "parent_id", "vet_id")
    assert pet.relation_targets == ("Owner", "Tag")  # not User, not itself
    assert pet.references_user
    assert pet.model_imports == ("Owner", "Tag")
    assert owner.model_imports == ("Pet",)  # the source of the relation pointing at it
    assert not owner.references_user
    ((attr, source, relation),) = owner.inverse_relations
    assert (attr, source, relation.name) == ("pets", "Pet", "owner")
    assert relation is pet.relations[0]
    assert owner.inverses == (("pets", "Pet", "owner"),)
