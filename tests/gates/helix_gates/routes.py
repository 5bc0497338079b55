"""Compare the routes of a generated app with the paths of its openapi.yaml."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helix_gates.commands import check, run

HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_CONVERTER = re.compile(r"<(?:[a-z_]+(?:\([^)]*\))?:)?([A-Za-z_][A-Za-z0-9_]*)>")
_PARAMETER = re.compile(r"\{[^}]+\}")

# Runs inside the project's venv: print every (rule, methods) of the app's url_map.
URL_MAP_SCRIPT = """
import json
from app import create_app

app = create_app()
print(json.dumps([
    [rule.rule, sorted(rule.methods)]
    for rule in app.url_map.iter_rules()
    if rule.endpoint != "static"
]))
"""


def normalize(path: str) -> str:
    """A path with every parameter written `{}`, so names do not matter."""
    return _PARAMETER.sub("{}", path)


def app_operations(python: Path, project_root: Path, env: dict[str, str]) -> set[tuple[str, str]]:
    """{(METHOD, path)} served by the generated app, Flask converters in OpenAPI style."""
    result = check(run([python, "-c", URL_MAP_SCRIPT], cwd=project_root, env=env, timeout=120))
    rules = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        (method, normalize(_CONVERTER.sub(r"{\1}", rule)))
        for rule, methods in rules
        for method in methods
        if method in HTTP_METHODS
    }


def spec_operations(spec: dict) -> set[tuple[str, str]]:
    """{(METHOD, path)} described by an OpenAPI document (server base path included)."""
    base = ""
    servers = spec.get("servers") or []
    if servers:
        url = servers[0].get("url", "")
        base = re.sub(r"^[a-z]+://[^/]+", "", url).rstrip("/")
    return {
        (method.upper(), normalize(base + path))
        for path, item in (spec.get("paths") or {}).items()
        for method in item
        if method.upper() in HTTP_METHODS
    }
