"""The OpenAPI 3.1 document of the JSON API (/api/v1/openapi.json) and a readable page of it.

The document is app/openapi/openapi.yaml, kept by hand next to the code and checked against
the routes and live responses by tests/integration/test_openapi.py.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, jsonify, render_template

bp = Blueprint("api_docs", __name__)

DOCUMENT = Path(__file__).resolve().parent.parent / "openapi" / "openapi.yaml"
METHODS = ("get", "put", "post", "patch", "delete")


@functools.cache
def _document() -> dict[str, Any]:
    with DOCUMENT.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def document() -> dict[str, Any]:
    """The OpenAPI document (a copy: callers may change it)."""
    return copy.deepcopy(_document())


@bp.get("/api/v1/openapi.json")
def openapi_json():
    response = jsonify(_document())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/api/docs")
def api_docs():
    return render_template("api/docs.html", **page_of(_document()))


# The page: operations grouped by tag, with parameters, body and responses spelled out.


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def resolve(spec: dict, node: dict) -> dict:
    """`node` with its local $ref followed (one level at a time, until none is left)."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def type_of(schema: dict | None) -> str:
    """A short human reading of a JSON Schema: `string (uuid)`, `array of Member`, ..."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return ref_name(schema["$ref"])
    if "const" in schema:
        return f"{schema['const']!r}".replace("'", '"').replace("True", "true")
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    for key, joiner in (("oneOf", " or "), ("anyOf", " or ")):
        if key in schema:
            return joiner.join(type_of(option) for option in schema[key])
    if "allOf" in schema:
        parts = schema["allOf"]
        base = next((ref_name(p["$ref"]) for p in parts if "$ref" in p), None)
        items = next((p["properties"]["items"] for p in parts if "properties" in p), None)
        if base == "Page" and items:
            return f"page of {type_of(items.get('items'))}"
        return " and ".join(type_of(part) for part in parts)
    types = schema.get("type", "any")
    names = types if isinstance(types, list) else [types]
    readings = []
    for name in names:
        if name == "array":
            readings.append(f"array of {type_of(schema.get('items'))}")
        elif name == "string" and schema.get("format"):
            readings.append(f"string ({schema['format']})")
        else:
            readings.append(str(name))
    return " or ".join(readings)


def constraints(schema: dict) -> str:
    words = []
    for key, label in (
        ("minimum", "min"),
        ("maximum", "max"),
        ("minLength", "min length"),
        ("maxLength", "max length"),
        ("default", "default"),
    ):
        if key in schema:
            words.append(f"{label} {schema[key]}")
    return ", ".join(words)


def security_of(spec: dict, operation: dict) -> str:
    requirements = operation.get("security", spec.get("security", []))
    if not requirements or requirements == [{}]:
        return "none"
    readings = []
    for requirement in requirements:
        if not requirement:
            readings.append("none")
            continue
        names = []
        for scheme_name in requirement:
            scheme = spec["components"]["securitySchemes"][scheme_name]
            names.append(f"{scheme['name']} {scheme['in']}")
        readings.append(" + ".join(names))
    return " or ".join(readings)


def parameters_of(spec: dict, path_item: dict, operation: dict) -> list[dict]:
    found = []
    for raw in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        parameter = resolve(spec, raw)
        schema = parameter.get("schema", {})
        found.append(
            {
                "name": parameter["name"],
                "in": parameter["in"],
                "required": parameter.get("required", False),
                "type": type_of(schema),
                "notes": " ".join(
                    part for part in (parameter.get("description", ""), constraints(schema)) if part
                ),
            }
        )
    return found


def body_of(spec: dict, operation: dict) -> dict | None:
    if "requestBody" not in operation:
        return None
    body = resolve(spec, operation["requestBody"])
    media, content = next(iter(body["content"].items()))
    return {
        "media": media,
        "required": body.get("required", False),
        "type": type_of(content.get("schema")),
    }


def responses_of(spec: dict, operation: dict) -> list[dict]:
    found = []
    for status, raw in operation.get("responses", {}).items():
        response = resolve(spec, raw)
        content = response.get("content") or {}
        media = next(iter(content), None)
        found.append(
            {
                "status": status,
                "description": response.get("description", ""),
                "media": media,
                "type": type_of(content[media].get("schema")) if media else "",
                "headers": sorted(response.get("headers") or {}),
            }
        )
    return found


def schema_rows(spec: dict, schema: dict) -> list[dict]:
    schema = resolve(spec, schema)
    required = set(schema.get("required", []))
    rows = []
    for name, prop in (schema.get("properties") or {}).items():
        rows.append(
            {
                "name": name,
                "required": name in required,
                "type": type_of(prop),
                "notes": " ".join(
                    part
                    for part in (resolve(spec, prop).get("description", ""), constraints(prop))
                    if part
                ),
            }
        )
    return rows


def page_of(spec: dict) -> dict[str, Any]:
    """What the template shows: tags with their operations, then the schemas."""
    tags = [{**tag, "operations": []} for tag in spec.get("tags", [])]
    by_tag = {tag["name"]: tag for tag in tags}
    for path, path_item in spec["paths"].items():
        for method in METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            tag_name = (operation.get("tags") or ["Other"])[0]
            if tag_name not in by_tag:
                by_tag[tag_name] = {"name": tag_name, "operations": []}
                tags.append(by_tag[tag_name])
            by_tag[tag_name]["operations"].append(
                {
                    "id": operation.get("operationId") or f"{method}-{path}",
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "security": security_of(spec, operation),
                    "parameters": parameters_of(spec, path_item, operation),
                    "body": body_of(spec, operation),
                    "responses": responses_of(spec, operation),
                }
            )
    schemas = [
        {
            "name": name,
            "type": type_of({k: v for k, v in schema.items() if k != "properties"}),
            "description": schema.get("description", ""),
            "rows": schema_rows(spec, schema),
        }
        for name, schema in spec["components"]["schemas"].items()
    ]
    return {"info": spec["info"], "tags": tags, "schemas": schemas}
