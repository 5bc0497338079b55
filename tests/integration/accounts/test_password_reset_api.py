"""Password reset by email: always 202, single-use expiring tokens stored as hashes."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import PasswordResetToken
from app.models.base import utcnow

pytestmark = pytest.mark.integration

NEW_PASSWORD = "a fresh new password"


def ask_reset(api, email):
    return api.post("/api/v1/auth/password-reset", json={"email": email})


def confirm(api, token, password=NEW_PASSWORD):
    return api.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "password": password}
    )


def token_from(link):
    """Reset links carry the token in the fragment, never in the path or query."""
    path, fragment = link.split("#", 1)
    assert path.endswith("/reset-password")
    assert fragment.startswith("token=")
    return fragment.removeprefix("token=")


def test_a_reset_request_answers_202_whether_or_not_the_email_exists(
    make_user, new_client, mailbox
):
    user = make_user()
    known = ask_reset(new_client(), user.email)
    unknown = ask_reset(new_client(), "nobody-here@example.com")
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert mailbox.wait_for(user.email)
    assert mailbox.to("nobody-here@example.com") == []


def test_a_reset_link_sets_a_new_password_once_and_ends_every_session(
    make_user, new_client, login, mailbox, db_session
):
    user = make_user()
    logged_in = login(user)
    ask_reset(new_client(), user.email)
    link = mailbox.last_link(user.email, "/reset-password#")
    stored = db_session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.user_id == user.id)
    )
    assert stored.token_hash != token_from(link)

    assert confirm(new_client(), token_from(link)).status_code == 204
    assert logged_in.get("/api/v1/me").status_code == 401
    assert new_client().login(user.email, NEW_PASSWORD).status_code == 200
    assert new_client().login(user.email).status_code == 401

    reused = confirm(new_client(), token_from(link), "yet another password")
    assert reused.status_code == 422
    assert "token" in reused.get_json()["details"]


def test_an_expired_reset_token_answers_422_and_keeps_the_password(
    make_user, new_client, mailbox, db_session
):
    user = make_user()
    ask_reset(new_client(), user.email)
    token = token_from(mailbox.last_link(user.email, "/reset-password#"))
    stored = db_session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.user_id == user.id)
    )
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    response = confirm(new_client(), token)
    assert response.status_code == 422
    assert new_client().login(user.email).status_code == 200


def test_a_weak_new_password_answers_422_and_leaves_the_token_usable(
    make_user, new_client, mailbox
):
    user = make_user()
    ask_reset(new_client(), user.email)
    token = token_from(mailbox.last_link(user.email, "/reset-password#"))
    weak = confirm(new_client(), token, "short")
    assert weak.status_code == 422
    assert "password" in weak.get_json()["details"]
    assert confirm(new_client(), token).status_code == 204


def test_a_made_up_token_answers_422(new_client):
    response = confirm(new_client(), "made-up-token")
    assert response.status_code == 422
    assert response.get_json()["error"] == "validation_error"


def test_a_reset_request_does_the_same_work_whether_or_not_the_email_exists(
    app, make_user, new_client, monkeypatch
):
    """Equal work means equal time: the request only queues; the worker looks the email up."""
    from sqlalchemy import event

    from app.extensions import db
    from app.tasks import accounts as account_tasks

    user = make_user()
    queued: list[tuple] = []
    monkeypatch.setattr(
        account_tasks.send_password_reset,
        "apply_async",
        lambda args, **options: queued.append(tuple(args)),
    )

    def work_for(email: str) -> tuple[int, int]:
        statements: list[str] = []

        def record(_conn, _cursor, statement, *_rest):
            statements.append(statement)

        queued.clear()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            assert ask_reset(new_client(), email).status_code == 202
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return len(statements), len(queued)

    known = work_for(user.email.upper())
    unknown = work_for("nobody-at-all@example.com")
    assert known == unknown == (0, 1)
    assert queued == [("nobody-at-all@example.com",)]
