"""Bad input gets the documented error and changes nothing."""

import json
import uuid

import pytest
from sqlalchemy import func, select

from app.models import User, Workspace

pytestmark = pytest.mark.integration

SIGNUP = "/api/v1/auth/signup"


def unique_email() -> str:
    return f"bad-input-{uuid.uuid4().hex[:12]}@example.com"


def count(db_session, model):
    return db_session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def counts(db_session):
    def snapshot():
        return count(db_session, User), count(db_session, Workspace)

    return snapshot


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[1, 2, 3]", b'"a string"', b"\xff\xfe\x00garbage", b"null"],
)
def test_malformed_json_answers_400_bad_request(new_client, counts, raw):
    before = counts()
    response = new_client().post(SIGNUP, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"
    assert counts() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (
            {"email": 42, "password": "a long enough password", "name": "X", "workspace_name": "W"},
            "email",
        ),
        (
            {"email": unique_email(), "password": ["list"], "name": "X", "workspace_name": "W"},
            "password",
        ),
        (
            {
                "email": unique_email(),
                "password": "a long enough password",
                "name": None,
                "workspace_name": "W",
            },
            "name",
        ),
        (
            {
                "email": unique_email(),
                "password": "a long enough password",
                "name": {"a": 1},
                "workspace_name": "W",
            },
            "name",
        ),
        (
            {
                "email": unique_email(),
                "password": "a long enough password",
                "name": "X",
                "workspace_name": "W",
                "is_admin": True,
            },
            "is_admin",
        ),
    ],
)
def test_wrong_types_and_unknown_fields_answer_422_naming_the_field(
    new_client, counts, payload, field
):
    before = counts()
    response = new_client().post(SIGNUP, json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["details"]
    assert counts() == before


@pytest.mark.parametrize(
    "name",
    ["nul\x00byte", "bell\x07", "lone \ud800 surrogate", "private \ue000 use"],
)
def test_unstorable_characters_answer_422(new_client, counts, name):
    before = counts()
    response = new_client().post(
        SIGNUP,
        json={
            "email": unique_email(),
            "password": "a long enough password",
            "name": name,
            "workspace_name": "W",
        },
    )
    assert response.status_code == 422
    assert "name" in response.get_json()["details"]
    assert counts() == before


def test_odd_but_valid_unicode_is_kept_normalized(new_client):
    api = new_client()
    email = unique_email()
    name = "Zoe\u0301 \u202eRTL\u202c \U0001f9ec \u6f22\u5b57"
    response = api.post(
        SIGNUP,
        json={
            "email": email,
            "password": "p\u00e4ssw\u00f6rd \U0001f511 long",
            "name": name,
            "workspace_name": "\u0394\u03b5\u03bb\u03c4\u03b1 \U0001f680",
        },
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["user"]["name"] == "Zo\u00e9 \u202eRTL\u202c \U0001f9ec \u6f22\u5b57"
    assert api.login(email, "p\u00e4ssw\u00f6rd \U0001f511 long").status_code == 200


def test_nul_bytes_in_a_login_email_answer_422_not_500(new_client):
    response = new_client().login("a\x00b@example.com", "whatever password")
    assert response.status_code == 422


def test_a_two_megabyte_body_answers_413_and_creates_nothing(new_client, counts):
    before = counts()
    big = b'{"email": "big@example.com", "name": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = new_client().post(SIGNUP, data=big, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"] == "payload_too_large"
    assert counts() == before


def test_a_two_megabyte_body_to_an_authenticated_route_answers_413(login, make_user, db_session):
    user = make_user()
    response = login(user).patch(
        "/api/v1/me", data=b"{" + b" " * (2 * 1024 * 1024) + b"}", content_type="application/json"
    )
    assert response.status_code == 413
    db_session.refresh(user)
    assert user.name == "Ada Lovelace"


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_a_state_change_without_the_csrf_header_answers_403_csrf_failed(
    login, make_user, db_session, method
):
    user = make_user()
    api = login(user)
    workspace = user.own_workspace
    calls = {
        "post": ("/api/v1/workspaces", {"name": "Sneaky"}),
        "patch": (f"/api/v1/workspaces/{workspace.id}", {"name": "Sneaky"}),
        "delete": (f"/api/v1/workspaces/{workspace.id}", None),
    }
    path, payload = calls[method]
    workspaces_before = count(db_session, Workspace)
    response = getattr(api, method)(path, json=payload, csrf=False)
    assert response.status_code == 403
    assert response.get_json()["error"] == "csrf_failed"
    wrong = getattr(api, method)(path, json=payload, csrf="not-the-token")
    assert wrong.status_code == 403
    assert wrong.get_json()["error"] == "csrf_failed"
    assert count(db_session, Workspace) == workspaces_before
    db_session.refresh(workspace)
    assert workspace.name != "Sneaky"


def test_reads_need_no_csrf_header(login, make_user):
    assert login(make_user()).get("/api/v1/me", csrf=False).status_code == 200


def test_a_forged_access_token_answers_401(new_client):
    api = new_client()
    api.flask.set_cookie("access_token_cookie", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad")
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"] == "authentication_required"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_json_body_sent_as_another_media_type_answers_400_and_logs_nobody_in(
    new_client, make_user, content_type
):
    user = make_user()
    api = new_client()
    body = json.dumps({"email": user.email, "password": "correct horse battery staple"})
    response = api.post("/api/v1/auth/login", data=body, content_type=content_type)
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_request"
    assert api.cookie("access_token_cookie") is None
