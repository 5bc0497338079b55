"""Session validity is the database's decision (the cache only remembers it), and parallel
refreshes of one session agree within a short grace window."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import AuthSession

pytestmark = pytest.mark.integration


def forget_cached_state(app, session_id) -> None:
    """What a Redis restart, FLUSHDB or eviction does to one session's cache entry."""
    from app.extensions import cache
    from app.services.auth_service import SESSION_STATE_KEY

    with app.app_context():
        cache.delete(SESSION_STATE_KEY.format(session_id))


def session_of(db_session, user) -> AuthSession:
    return db_session.scalar(select(AuthSession).where(AuthSession.user_id == user.id))


def test_after_logout_losing_the_cache_does_not_revive_the_access_token(
    app, new_client, make_user, db_session
):
    user = make_user()
    api = new_client()
    api.login(user.email)
    stolen = api.cookie("access_token_cookie")
    assert api.post("/api/v1/auth/logout").status_code == 204
    forget_cached_state(app, session_of(db_session, user).id)
    replay = new_client()
    replay.flask.set_cookie("access_token_cookie", stolen)
    assert replay.get("/api/v1/me").status_code == 401


def test_a_session_ended_in_the_database_only_is_refused_once_the_cache_forgets(
    app, new_client, make_user, db_session
):
    from app.models.base import utcnow

    user = make_user()
    api = new_client()
    api.login(user.email)
    assert api.get("/api/v1/me").status_code == 200
    session = session_of(db_session, user)
    session.revoked_at = utcnow()
    db_session.commit()
    forget_cached_state(app, session.id)
    assert api.get("/api/v1/me").status_code == 401


def test_an_access_token_naming_a_made_up_session_is_refused(app, new_client, make_user):
    from flask_jwt_extended import create_access_token

    user = make_user()
    with app.app_context():
        forged = create_access_token(identity=user, additional_claims={"sid": str(uuid.uuid4())})
        no_session = create_access_token(identity=user)
    for token in (forged, no_session):
        api = new_client()
        api.flask.set_cookie("access_token_cookie", token)
        assert api.get("/api/v1/me").status_code == 401


def test_a_session_of_another_user_does_not_vouch_for_a_token(app, new_client, make_user):
    from flask_jwt_extended import create_access_token, decode_token

    victim, other = make_user(), make_user()
    api = new_client()
    api.login(other.email)
    with app.app_context():
        sid = decode_token(api.cookie("access_token_cookie"))["sid"]
        mixed = create_access_token(identity=victim, additional_claims={"sid": sid})
    mixer = new_client()
    mixer.flask.set_cookie("access_token_cookie", mixed)
    assert mixer.get("/api/v1/me").status_code == 401


def two_tabs(new_client, api):
    """A second client holding the same cookies, as a second tab of one browser would."""
    tab = new_client()
    for name in ("refresh_token_cookie", "csrf_refresh_token"):
        tab.flask.set_cookie(name, api.cookie(name))
    return tab


def test_two_tabs_refreshing_at_once_both_stay_logged_in(new_client, make_user, db_session):
    user = make_user()
    first = new_client()
    first.login(user.email)
    second = two_tabs(new_client, first)
    assert first.post("/api/v1/auth/refresh").status_code == 200
    assert second.post("/api/v1/auth/refresh").status_code == 200
    assert first.get("/api/v1/me").status_code == 200
    assert second.get("/api/v1/me").status_code == 200
    # Both now hold the family's current refresh token: the next rotation works for either.
    assert second.post("/api/v1/auth/refresh").status_code == 200
    assert session_of(db_session, user).revoked_at is None


def test_the_previous_refresh_token_after_the_grace_window_ends_the_session(
    app, new_client, make_user, db_session
):
    user = make_user()
    api = new_client()
    api.login(user.email)
    late = two_tabs(new_client, api)
    assert api.post("/api/v1/auth/refresh").status_code == 200
    session = session_of(db_session, user)
    session.refreshed_at -= timedelta(seconds=app.config["REFRESH_GRACE_SECONDS"] + 1)
    db_session.commit()
    assert late.post("/api/v1/auth/refresh").status_code == 401
    assert api.get("/api/v1/me").status_code == 401
    db_session.refresh(session)
    assert session.revoked_reason == "refresh_reuse"


def test_a_refresh_token_older_than_the_previous_one_is_reuse_even_in_the_window(
    new_client, make_user, db_session
):
    user = make_user()
    api = new_client()
    api.login(user.email)
    oldest = two_tabs(new_client, api)
    assert api.post("/api/v1/auth/refresh").status_code == 200
    assert api.post("/api/v1/auth/refresh").status_code == 200
    assert oldest.post("/api/v1/auth/refresh").status_code == 401
    assert session_of(db_session, user).revoked_reason == "refresh_reuse"


def test_a_valid_session_is_read_from_the_database_once_then_remembered(
    app, new_client, make_user, db_session
):
    from sqlalchemy import event

    from app.extensions import db

    user = make_user()
    api = new_client()
    api.login(user.email)
    forget_cached_state(app, session_of(db_session, user).id)
    lookups: list[str] = []

    def record(_conn, _cursor, statement, *_rest):
        if "FROM auth_sessions" in statement:
            lookups.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        for _ in range(3):
            assert api.get("/api/v1/me").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(lookups) == 1
