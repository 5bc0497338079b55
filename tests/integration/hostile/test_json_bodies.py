"""Every JSON endpoint answers hostile bodies with a documented 4xx, never a 500.

Bodies: nesting far past the limit (which used to raise RecursionError), nesting just
over and under it, and random JSON from Hypothesis (deep, wide, odd strings and numbers).
"""

from __future__ import annotations

import io
import json
import re
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.json_limits import MAX_JSON_DEPTH

pytestmark = pytest.mark.integration

SMALL_GENOME = (
    "genome: 1\nname: Tiny\nentities:\n  - name: Note\n    fields:\n      title: {type: string}\n"
)
PARAM = re.compile(r"<(?:[a-z_]+:)?([a-z_]+)>")
JSON_METHODS = ("POST", "PUT", "PATCH")
# Raw bodies of their own kind: the webhook (signed bytes) is tested in billing.
NOT_JSON = {"api_billing.stripe_webhook"}


def nested(depth: int, kind: str = "list") -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


def json_routes(app) -> list[tuple[str, str]]:
    """(method, rule) of every API route that takes a body."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint in NOT_JSON:
            continue
        for method in JSON_METHODS:
            if method in (rule.methods or ()):
                found.add((method, rule.rule))
    # Logging out ends the session the later requests use: it goes last.
    return sorted(found, key=lambda route: (route[1].endswith("/logout"), route))


@pytest.fixture
def targets(app, owner_api_and_ids):
    """Concrete (method, path) pairs: the owner's real workspace and project ids."""
    _, ids = owner_api_and_ids
    routes = json_routes(app)
    assert len(routes) >= 14, routes
    return [
        (method, PARAM.sub(lambda m: ids.get(m.group(1), str(uuid.uuid4())), rule))
        for method, rule in routes
    ]


@pytest.fixture
def owner_api_and_ids(make_user, login):
    owner = make_user("Fuzz Owner")
    api = login(owner)
    workspace_id = str(owner.own_workspace.id)
    created = api.post(
        f"/api/v1/workspaces/{workspace_id}/projects",
        json={"name": "Fuzzed", "genome_yaml": SMALL_GENOME},
    )
    assert created.status_code == 201, created.get_json()
    ids = {
        "workspace_id": workspace_id,
        "project_id": created.get_json()["id"],
        "user_id": str(owner.id),
    }
    return api, ids


def send(api, method: str, path: str, body: bytes):
    return api.open(method, path, data=body, content_type="application/json")


def assert_documented_error_or_success(response, method: str, path: str) -> None:
    where = f"{method} {path}"
    # 503 is billing's documented "Stripe is not configured here"; any other 5xx is a bug.
    assert response.status_code < 500 or response.status_code == 503, (
        where,
        response.get_data(as_text=True)[:300],
    )
    if response.status_code >= 400 and path.startswith("/api/"):
        body = response.get_json(silent=True)
        assert isinstance(body, dict), (where, body)
        assert {"error", "message"} <= body.keys(), (where, body)


@pytest.mark.parametrize(
    "body",
    [nested(100_000), nested(50_000, "object"), nested(MAX_JSON_DEPTH + 1)],
    ids=["deep-lists", "deep-objects", "just-over-the-limit"],
)
def test_bodies_nested_too_deeply_are_400_everywhere(owner_api_and_ids, targets, body):
    api, _ = owner_api_and_ids
    statuses = {}
    for method, path in targets:
        response = send(api, method, path, body)
        assert_documented_error_or_success(response, method, path)
        statuses[f"{method} {path}"] = response.status_code
    # Routes that read a body refuse it with 400; those that take none answer as usual.
    assert list(statuses.values()).count(400) >= 10, statuses


def test_a_genome_nested_up_to_the_limit_is_an_ordinary_validation_error(owner_api_and_ids):
    api, ids = owner_api_and_ids
    deep: dict = {}
    node = deep
    for _ in range(MAX_JSON_DEPTH - 3):
        node["x"] = {}
        node = node["x"]
    response = api.post(
        f"/api/v1/workspaces/{ids['workspace_id']}/projects",
        json={"name": "Deep", "genome": {"genome": 1, "name": "D", "entities": deep}},
    )
    assert response.status_code == 422, response.get_json()


def test_a_chunked_body_over_the_limit_is_413(app, owner_api_and_ids):
    api, ids = owner_api_and_ids
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps({"name": "Big", "genome_yaml": "#" * (limit + 10)}).encode()
    response = api.flask.post(
        f"/api/v1/workspaces/{ids['workspace_id']}/projects",
        input_stream=io.BytesIO(body),
        headers={
            "Content-Type": "application/json",
            "Transfer-Encoding": "chunked",
            "X-CSRF-TOKEN": api.csrf() or "",
        },
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413, response.get_json()
    assert response.get_json()["error"] == "payload_too_large"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["name", "email", "genome", "genome_yaml", "role", "password", "x"])
            | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=30,
)


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=JSON_VALUES, wrap=st.integers(min_value=0, max_value=3 * MAX_JSON_DEPTH))
def test_random_json_bodies_never_cause_a_500(owner_api_and_ids, targets, value, wrap):
    api, _ = owner_api_and_ids
    body = b"[" * wrap + json.dumps(value).encode() + b"]" * wrap
    for method, path in targets:
        assert_documented_error_or_success(send(api, method, path, body), method, path)
