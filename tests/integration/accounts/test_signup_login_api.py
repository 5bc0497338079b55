"""Signing up, logging in and out, refreshing sessions through the JSON API."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import AuthSession, Membership, User

pytestmark = pytest.mark.integration

STRONG = "a long enough password"


def signup(api, email=None, **overrides):
    email = email or f"grace-{uuid.uuid4().hex[:12]}@example.com"
    payload = {
        "email": email,
        "password": STRONG,
        "name": "Grace Hopper",
        "workspace_name": "Compilers",
    }
    payload.update(overrides)
    return api.post("/api/v1/auth/signup", json=payload)


def test_signup_creates_a_user_owning_a_free_workspace_and_logs_them_in(new_client, db_session):
    api = new_client()
    response = signup(api, email="  Grace-Signup@Example.COM ")
    assert response.status_code == 201
    body = response.get_json()
    assert body["user"]["email"] == "grace-signup@example.com"
    assert body["workspace"]["name"] == "Compilers"
    assert body["workspace"]["plan"] == "free"
    assert body["workspace"]["role"] == "owner"
    cookies = {c.key: c for c in api.flask._cookies.values()}  # pylint: disable=protected-access
    assert {"access_token_cookie", "refresh_token_cookie", "csrf_access_token"} <= set(cookies)
    me = api.get("/api/v1/me")
    assert me.status_code == 200
    assert me.get_json()["workspaces"][0]["role"] == "owner"
    user = db_session.scalar(select(User).where(User.email == "grace-signup@example.com"))
    assert user.password_hash != STRONG


def test_session_cookies_are_http_only_and_same_site_lax(new_client):
    response = signup(new_client())
    assert response.status_code == 201, response.get_json()
    set_cookies = response.headers.getlist("Set-Cookie")
    access = next(c for c in set_cookies if c.startswith("access_token_cookie="))
    assert "HttpOnly" in access
    assert "SameSite=Lax" in access
    csrf = next(c for c in set_cookies if c.startswith("csrf_access_token="))
    assert "HttpOnly" not in csrf


def test_signup_with_a_taken_email_answers_409_and_creates_nothing(
    new_client, make_user, db_session
):
    user = make_user(email="taken@example.com")
    before = db_session.scalar(select(Membership).where(Membership.user_id == user.id))
    response = signup(new_client(), email="TAKEN@example.com")
    assert response.status_code == 409
    assert response.get_json()["error"] == "conflict"
    assert db_session.query(User).filter_by(email="taken@example.com").count() == 1
    assert before is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("password", "short"),
        ("password", "aaaaaaaaaaaaaa"),
        ("email", "not-an-email"),
        ("email", "two@@example.com"),
        ("name", "   "),
        ("workspace_name", "x" * 121),
    ],
)
def test_signup_with_bad_fields_answers_422_naming_the_field(new_client, db_session, field, value):
    fields = {"email": f"weak-{uuid.uuid4().hex[:12]}@example.com", field: value}
    response = signup(new_client(), **fields)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "validation_error"
    assert field in body["details"]
    assert db_session.query(User).filter_by(email=fields["email"]).count() == 0


def test_login_answers_the_user_and_sets_cookies(new_client, make_user):
    user = make_user()
    api = new_client()
    response = api.login(user.email.upper())
    assert response.status_code == 200
    assert response.get_json()["user"]["id"] == str(user.id)
    assert api.get("/api/v1/me").get_json()["user"]["email"] == user.email


@pytest.mark.parametrize("email_known", [True, False])
def test_login_with_wrong_credentials_answers_401_invalid_credentials(
    new_client, make_user, email_known
):
    user = make_user()
    email = user.email if email_known else "nobody@example.com"
    response = new_client().login(email, "wrong password here")
    assert response.status_code == 401
    assert response.get_json() == {
        "error": "invalid_credentials",
        "message": "The email or password is not right.",
    }


def test_me_without_cookies_answers_401_authentication_required(new_client):
    response = new_client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"] == "authentication_required"


def test_logout_clears_cookies_and_revokes_the_access_token(new_client, make_user):
    user = make_user()
    api = new_client()
    api.login(user.email)
    stolen_access = api.cookie("access_token_cookie")
    response = api.post("/api/v1/auth/logout")
    assert response.status_code == 204
    assert api.cookie("access_token_cookie") is None
    replay = new_client()
    replay.flask.set_cookie("access_token_cookie", stolen_access)
    assert replay.get("/api/v1/me").status_code == 401


def test_logout_also_ends_the_refresh_token(new_client, make_user):
    user = make_user()
    api = new_client()
    api.login(user.email)
    refresh_cookie = api.cookie("refresh_token_cookie")
    csrf_refresh = api.csrf(refresh=True)
    api.post("/api/v1/auth/logout")
    replay = new_client()
    replay.flask.set_cookie("refresh_token_cookie", refresh_cookie)
    replay.flask.set_cookie("csrf_refresh_token", csrf_refresh)
    assert replay.post("/api/v1/auth/refresh").status_code == 401


def test_refresh_rotates_the_refresh_token(new_client, make_user):
    user = make_user()
    api = new_client()
    api.login(user.email)
    first = api.cookie("refresh_token_cookie")
    response = api.post("/api/v1/auth/refresh")
    assert response.status_code == 200
    assert api.cookie("refresh_token_cookie") != first
    assert api.get("/api/v1/me").status_code == 200


def test_a_reused_refresh_token_ends_the_whole_session(app, new_client, make_user, db_session):
    user = make_user()
    api = new_client()
    api.login(user.email)
    old_refresh = api.cookie("refresh_token_cookie")
    old_csrf = api.csrf(refresh=True)
    assert api.post("/api/v1/auth/refresh").status_code == 200
    # Past the grace window of parallel refreshes.
    rotated = db_session.scalar(select(AuthSession).where(AuthSession.user_id == user.id))
    rotated.refreshed_at -= timedelta(seconds=app.config["REFRESH_GRACE_SECONDS"] + 1)
    db_session.commit()

    thief = new_client()
    thief.flask.set_cookie("refresh_token_cookie", old_refresh)
    thief.flask.set_cookie("csrf_refresh_token", old_csrf)
    reuse = thief.post("/api/v1/auth/refresh")
    assert reuse.status_code == 401
    assert reuse.get_json()["error"] == "authentication_required"

    # The legitimate holder's newer tokens died with the session.
    assert api.get("/api/v1/me").status_code == 401
    assert api.post("/api/v1/auth/refresh").status_code == 401
    session = db_session.scalar(select(AuthSession).where(AuthSession.user_id == user.id))
    assert session.revoked_reason == "refresh_reuse"


def test_refresh_without_the_refresh_csrf_token_answers_403_csrf_failed(new_client, make_user):
    user = make_user()
    api = new_client()
    api.login(user.email)
    response = api.post("/api/v1/auth/refresh", csrf=False)
    assert response.status_code == 403
    assert response.get_json()["error"] == "csrf_failed"


def test_patch_me_renames_the_user(login, make_user):
    api = login(make_user())
    response = api.patch("/api/v1/me", json={"name": "Ada King"})
    assert response.status_code == 200
    assert response.get_json()["user"]["name"] == "Ada King"


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(
    login, make_user, new_client
):
    user = make_user()
    api = login(user)
    other_device = login(user)
    wrong = api.patch(
        "/api/v1/me", json={"password": "a brand new password", "current_password": "nope"}
    )
    assert wrong.status_code == 422
    assert "current_password" in wrong.get_json()["details"]

    changed = api.patch(
        "/api/v1/me",
        json={
            "password": "a brand new password",
            "current_password": "correct horse battery staple",
        },
    )
    assert changed.status_code == 200
    assert api.get("/api/v1/me").status_code == 200
    assert other_device.get("/api/v1/me").status_code == 401
    assert new_client().login(user.email, "a brand new password").status_code == 200


def test_pruning_deletes_only_sessions_and_tokens_that_ended_over_a_day_ago(
    login, make_user, db_session
):

    from app.models import PasswordResetToken
    from app.models.base import utcnow
    from app.tasks.accounts import prune_sessions_and_tokens

    user = make_user()
    login(user)
    login(user)
    old, current = db_session.scalars(
        select(AuthSession).where(AuthSession.user_id == user.id).order_by(AuthSession.created_at)
    ).all()
    old.revoked_at = utcnow() - timedelta(days=2)
    db_session.add(
        PasswordResetToken(
            user_id=user.id, token_hash="f" * 64, expires_at=utcnow() - timedelta(days=3)
        )
    )
    db_session.commit()
    counts = prune_sessions_and_tokens.apply().get()
    assert counts["sessions"] >= 1
    assert counts["reset_tokens"] >= 1
    remaining = db_session.scalars(select(AuthSession).where(AuthSession.user_id == user.id))
    assert [session.id for session in remaining] == [current.id]
