"""The OpenAPI document is true: valid 3.1, the same routes as the app, and what the server says.

Schemathesis runs against a real Helix (gunicorn on a free port, the run's test database),
logged in through the API as the owner of a workspace, the way the gates' API fuzzing drives
a generated app (tests/gates/helix_gates/api_fuzz.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
import stripe_standin
from helix_server import free_port, start_gunicorn, stop
from openapi_spec_validator import validate

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
HTTP_METHODS = frozenset({"get", "put", "post", "patch", "delete"})
CONVERTER = re.compile(r"<(?:[a-z_]+(?:\([^)]*\))?:)?([a-z_]+)>")
MAX_EXAMPLES = 8
SEED = 20261125
PASSWORD = "correct horse battery staple"
# Logging out or deleting our own workspace would turn every later request into a 401/404;
# refresh would rotate the cookies Schemathesis sends. (Leaving is safe: the last owner can't.)
SESSION_ENDING = (
    "POST /api/v1/auth/logout",
    "POST /api/v1/auth/refresh",
    "DELETE /api/v1/workspaces/{workspace_id}",
)


def openapi_path(rule: str) -> str:
    """Flask's `/a/<uuid:b>` as OpenAPI's `/a/{b}`."""
    return CONVERTER.sub(r"{\1}", rule)


def documented_routes(app) -> set[tuple[str, str]]:
    """(METHOD, path) of every API route the document must describe."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") or rule.rule in {"/healthz", "/readyz"}:
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found.add((method, openapi_path(rule.rule)))
    return found


@pytest.fixture(scope="module")
def spec(app) -> dict:
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_every_route_is_documented_and_every_operation_is_a_route(app, spec):
    routes = documented_routes(app)
    operations = {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    assert sorted(routes - operations) == [], "routes missing from the document"
    assert sorted(operations - routes) == [], "documented operations that are not routes"


def test_operations_name_their_errors_in_the_common_shape(spec):
    error_ref = "#/components/schemas/Error"
    for name in ("error", "message"):
        assert name in spec["components"]["schemas"]["Error"]["required"]
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS & item.keys():
            operation = item[method]
            assert operation.get("summary"), f"{method} {path} has no summary"
            assert operation.get("operationId"), f"{method} {path} has no operationId"
            if path.startswith("/api/v1/") and path != "/api/v1/openapi.json":
                default = operation["responses"].get("default", {})
                resolved = spec["components"]["responses"][default["$ref"].rsplit("/", 1)[-1]]
                assert resolved["content"]["application/json"]["schema"]["$ref"] == error_ref


def test_state_changing_operations_need_the_csrf_header(spec):
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS & item.keys() - {"get"}:
            requirements = item[method].get("security", spec["security"])
            for requirement in requirements:
                if "accessCookie" in requirement or "refreshCookie" in requirement:
                    assert "csrfHeader" in requirement, f"{method} {path}"


def test_docs_page_lists_every_operation_without_inline_code(app, spec):
    response = app.test_client().get("/api/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<script" not in html
    assert "<style" not in html
    assert " style=" not in html
    assert "cdn" not in html.lower()
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS & item.keys():
            operation = item[method]
            assert f'id="{operation["operationId"]}"' in html
            assert path in html
            summary = operation["summary"].replace("'", "&#39;")
            assert summary in html, summary
            for status in operation["responses"]:
                assert f"<code>{status}</code>" in html
    assert "<code>page</code>" in html
    assert "X-CSRF-TOKEN" in html


# Schemathesis against a live server.


@pytest.fixture(scope="module")
def stripe_api():
    server = stripe_standin.StripeStandIn()
    yield server
    server.close()


@pytest.fixture(scope="module")
def helix_server(app, test_env, stripe_api, tmp_path_factory):
    """Gunicorn serving Helix on a free port against the run's test database and fake Stripe."""
    del app  # migrations are applied
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("openapi") / "server.log"
    env = {
        **os.environ,
        **test_env,
        "EMAIL_PROVIDER": "console",
        "PUBLIC_URL": base_url,
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "STRIPE_SECRET_KEY": stripe_standin.SECRET_KEY,
        "STRIPE_WEBHOOK_SECRET": stripe_standin.WEBHOOK_SECRET,
        "STRIPE_PRICE_PRO": stripe_standin.PRICE_PRO,
        "STRIPE_API_BASE": stripe_api.base_url,
        "RATELIMIT_KEY_PREFIX": f"helix-openapi-{uuid.uuid4().hex[:8]}",
    }
    server = start_gunicorn(port, env, log)
    server.log = log
    server.base_url = base_url
    yield server
    stop(server)


def sign_up(base_url: str) -> tuple[requests.Session, dict]:
    """A new account with a workspace and a project, logged in."""
    session = requests.Session()
    response = session.post(
        f"{base_url}/api/v1/auth/signup",
        json={
            "email": f"openapi-{uuid.uuid4().hex[:10]}@example.com",
            "password": PASSWORD,
            "name": "Ada Lovelace",
            "workspace_name": "Fuzzed",
        },
        timeout=30,
    )
    assert response.status_code == 201, response.text
    workspace_id = response.json()["workspace"]["id"]
    csrf = session.cookies["csrf_access_token"]
    draft = session.post(
        f"{base_url}/api/v1/genomes/draft",
        json={"description": "A library that lends books to members.", "name": "Lending"},
        headers={"X-CSRF-TOKEN": csrf},
        timeout=30,
    )
    assert draft.status_code == 200, draft.text
    project = session.post(
        f"{base_url}/api/v1/workspaces/{workspace_id}/projects",
        json={"name": "Lending", "genome": draft.json()["genome"]},
        headers={"X-CSRF-TOKEN": csrf},
        timeout=30,
    )
    assert project.status_code == 201, project.text
    return session, {"workspace_id": workspace_id, "project_id": project.json()["id"]}


def toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)


def write_config(path: Path, base_url: str, session: requests.Session, ids: dict) -> Path:
    cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    lines = [
        f"base-url = {toml_str(base_url)}",
        f"seed = {SEED}",
        "request-timeout = 30",
        "",
        "[headers]",
        f"Cookie = {toml_str(cookie)}",
        f"X-CSRF-TOKEN = {toml_str(session.cookies['csrf_access_token'])}",
        "",
        "[parameters]",
        *(f"{toml_str('path.' + name)} = {toml_str(value)}" for name, value in ids.items()),
        "",
        "[[operations]]",
        f"include-name = [{', '.join(toml_str(name) for name in SESSION_ENDING)}]",
        "enabled = false",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def operation_count(spec: dict) -> int:
    return sum(len(HTTP_METHODS & item.keys()) for item in spec["paths"].values())


def test_schemathesis_finds_no_server_error_and_no_schema_violation(helix_server, spec, tmp_path):
    base_url = helix_server.base_url
    session, ids = sign_up(base_url)
    config = write_config(tmp_path / "schemathesis.toml", base_url, session, ids)
    st = Path(sys.executable).parent / "st"
    started = time.monotonic()
    result = subprocess.run(
        [
            str(st),
            "--config-file",
            str(config),
            "--no-color",
            "run",
            f"{base_url}/api/v1/openapi.json",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--phases",
            "examples,coverage,fuzzing",
            "--workers",
            "1",
            "--generation-database",
            "none",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    start = max(0, min((i for i in (output.find("= FAILURES ="),) if i >= 0), default=-12000))
    server_log = "\n".join(
        line
        for line in helix_server.log.read_text(encoding="utf-8").splitlines()
        if " ERROR " in line or "Traceback" in line or line.startswith(("  File", "    "))
    )[-6000:]
    assert result.returncode == 0, f"{output[start:][:15000]}\n--- server log ---\n{server_log}"
    # Every operation but the disabled ones ran (the CLI leaves out the document's own URL).
    selected = re.search(r"Selected: (\d+)/(\d+)", output)
    tested = re.search(r"Tested: (\d+)", output)
    assert selected, output[-3000:]
    assert tested, output[-3000:]
    assert int(selected.group(2)) >= operation_count(spec) - 1
    assert int(selected.group(1)) == int(selected.group(2)) - len(SESSION_ENDING)
    assert int(tested.group(1)) == int(selected.group(1)), output[-4000:]
    assert elapsed < 240, f"Schemathesis took {elapsed:.0f} s"
