"""Property tests: random valid genomes normalize; random damage gives problems, not crashes."""

import copy
import json
import re

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.genome import (
    GenomeError,
    Problem,
    json_schema,
    normalize,
    parse,
    problems_payload,
    validate,
)

PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
ENTITY_NAMES = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Person", "Category"]
CODE_RE = re.compile(r"[a-z][a-z_]*\Z")
SCHEMA = json_schema()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def field_specs(draw) -> dict:
    field_type = draw(
        st.sampled_from(
            [
                "string",
                "text",
                "integer",
                "decimal",
                "boolean",
                "date",
                "email",
                "enum",
                "json",
                "uuid",
                "float",
            ]
        )
    )
    spec: dict = {"type": field_type}
    if draw(st.booleans()):
        spec["required"] = draw(st.booleans())
    if draw(st.booleans()):
        spec["unique"] = draw(st.sampled_from([False, True, "global"]))
    if field_type == "string":
        spec["max_length"] = draw(st.integers(1, 10_000))
        if draw(st.booleans()):
            spec["default"] = draw(
                st.text(max_size=min(spec["max_length"], 30)).filter(
                    lambda text: "\x00" not in text and not re.search("[\ud800-\udfff]", text)
                )
            )
    elif field_type == "integer":
        low = draw(st.integers(-1000, 1000))
        spec.update(min=low, max=low + draw(st.integers(0, 1000)))
        spec["default"] = draw(st.integers(spec["min"], spec["max"]))
    elif field_type == "decimal":
        spec.update(precision=draw(st.integers(4, 38)), scale=2)
        spec["default"] = draw(st.sampled_from(["0.00", "12.5", 3, 99.99]))
    elif field_type == "boolean":
        spec["default"] = draw(st.booleans())
    elif field_type == "enum":
        spec["values"] = draw(
            st.lists(
                st.sampled_from(["low", "mid", "high", "done"]), min_size=1, max_size=4, unique=True
            )
        )
        spec["default"] = draw(st.sampled_from(spec["values"]))
    return spec


@st.composite
def valid_genomes(draw) -> dict:
    names = draw(st.lists(st.sampled_from(ENTITY_NAMES), min_size=1, max_size=6, unique=True))
    entities = []
    for name in names:
        fields = {f"f_{index}": draw(field_specs()) for index in range(draw(st.integers(1, 5)))}
        relations = {}
        for index in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["many_to_one", "one_to_one", "many_to_many"]))
            relation = {"kind": kind, "target": draw(st.sampled_from([*names, "User"]))}
            if kind != "many_to_many" and draw(st.booleans()):
                relation["required"] = True
                relation["on_delete"] = draw(st.sampled_from(["cascade", "restrict"]))
            relations[f"r_{index}"] = relation
        entity = {"name": name, "fields": fields}
        if relations:
            entity["relations"] = relations
        searchable = [key for key, spec in fields.items() if spec["type"] in ("string", "text")]
        if searchable:
            entity["search"] = searchable
        if draw(st.booleans()):
            entity["permissions"] = {
                "member": draw(
                    st.lists(st.sampled_from(["read", "create", "update", "delete"]), unique=True)
                )
            }
        entities.append(entity)
    return {
        "genome": 1,
        "name": draw(
            st.text(min_size=1, max_size=80).filter(
                lambda text: (
                    text.strip() and "\x00" not in text and not re.search("[\ud800-\udfff]", text)
                )
            )
        ),
        "tenancy": draw(st.sampled_from(["workspace", "organization"])),
        "stack": {"frontend": draw(st.sampled_from(["nextjs", "none"]))},
        "entities": entities,
    }


def assert_documented_shape(problems: list) -> None:
    assert problems
    for problem in problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.path, str)
        assert CODE_RE.match(problem.code), problem
        assert problem.code != "internal_error", problem
        assert isinstance(problem.message, str)
        assert problem.message
    body = json.loads(json.dumps(problems_payload(problems)))
    assert set(body) == {"error", "message", "details"}
    assert all(set(detail) == {"path", "code", "message"} for detail in body["details"])


def all_paths(data: object, prefix: tuple = ()) -> list[tuple]:
    paths = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            paths += all_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            paths += all_paths(value, (*prefix, index))
    return paths


@PROPERTY_SETTINGS
@given(valid_genomes())
def test_random_valid_genomes_validate_and_normalize(data):
    problems = validate(data)
    assert not problems, problems
    genome = normalize(data)
    assert [entity.name for entity in genome.entities] == [e["name"] for e in data["entities"]]
    jsonschema.validate(data, SCHEMA)
    assert normalize(json.loads(json.dumps(data))) == genome


@PROPERTY_SETTINGS
@given(valid_genomes(), st.data())
def test_random_mutations_give_problems_or_a_genome(data, draw):
    mutated = copy.deepcopy(data)
    path = draw.draw(st.sampled_from(all_paths(mutated)[1:]))
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    action = draw.draw(st.sampled_from(["replace", "delete", "insert"]))
    if action == "replace":
        parent[path[-1]] = draw.draw(json_values)
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw.draw(st.text(max_size=12))] = draw.draw(json_values)
    else:
        parent.append(draw.draw(json_values))
    problems = validate(mutated)
    if problems:
        assert_documented_shape(problems)
    else:
        normalize(mutated)


@PROPERTY_SETTINGS
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_arbitrary_bytes_give_problems_never_an_exception(raw):
    try:
        data = parse(raw)
    except GenomeError as error:
        assert_documented_shape(list(error.problems))
        return
    assert_documented_shape(validate(data))
