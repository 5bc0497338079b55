"""Sign-up, log-in sessions with rotating refresh tokens, password changes and resets."""

from __future__ import annotations

import logging
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, get_jti
from redis.exceptions import RedisError
from sqlalchemy import delete, or_, select, update

from app.errors import ApiError
from app.extensions import cache, celery, db
from app.models import AuthSession, PasswordResetToken, User, Workspace
from app.models.base import utcnow
from app.services import email_service, workspace_service
from app.services.passwords import hash_password, password_problems, verify_password
from app.services.secret_tokens import hash_token, new_token

log = logging.getLogger(__name__)
# One cache key per session holds either its user's id (valid, for a short while) or
# "revoked"; the database decides whenever the key is missing.
SESSION_STATE_KEY = "session-state:{}"
REVOKED = "revoked"
VALID_CACHE_SECONDS = 60
# The task app.tasks.accounts.send_password_reset, sent by name.
PASSWORD_RESET_TASK = "helix.accounts.password_reset"  # noqa: S105  # a task name, not a secret


@dataclass(frozen=True)
class SessionTokens:
    """The encoded tokens of one session, to be set as cookies."""

    access: str
    refresh: str
    session_id: uuid.UUID


def normalize_email(email: str) -> str:
    return unicodedata.normalize("NFC", email).strip().lower()


def weak_password(problems: list[str], field: str = "password") -> ApiError:
    return ApiError(422, "validation_error", "Choose a stronger password.", {field: problems})


def set_password(user: User, password: str) -> None:
    problems = password_problems(password, user.email)
    if problems:
        raise weak_password(problems)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()


def signup(
    email: str, password: str, name: str, workspace_name: str | None
) -> tuple[User, Workspace | None]:
    """Create a user; with a workspace name, the user owns that new workspace."""
    email = normalize_email(email)
    problems = password_problems(password, email)
    if problems:
        raise weak_password(problems)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ApiError(
            409,
            "conflict",
            "An account with this email already exists. Log in, or reset your password.",
            {"email": ["This email is already registered."]},
        )
    user = User(email=email, name=name, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    workspace = workspace_service.create_workspace(user, workspace_name) if workspace_name else None
    db.session.commit()
    log.info("user signed up: %s", user.id)
    return user, workspace


def authenticate(email: str, password: str) -> User:
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if not verify_password(password, user.password_hash if user else None) or user is None:
        raise ApiError(401, "invalid_credentials", "The email or password is not right.")
    return user


def _issue(user: User, session: AuthSession, refresh_jti: str | None = None) -> SessionTokens:
    """New tokens for `session`; the refresh token gets a new id unless `refresh_jti` is given."""
    claims = {"sid": str(session.id)}
    refresh_claims = dict(claims, jti=refresh_jti) if refresh_jti else claims
    refresh = create_refresh_token(identity=user, additional_claims=refresh_claims)
    session.refresh_jti = get_jti(refresh)
    access = create_access_token(identity=user, additional_claims=claims)
    return SessionTokens(access=access, refresh=refresh, session_id=session.id)


def start_session(user: User) -> SessionTokens:
    """Log `user` in: a new session (refresh-token family) and its first tokens."""
    lifetime = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    session = AuthSession(user_id=user.id, refresh_jti="", expires_at=utcnow() + lifetime)
    db.session.add(session)
    db.session.flush()
    tokens = _issue(user, session)
    db.session.commit()
    return tokens


def rotate(user: User, refresh_payload: dict) -> SessionTokens:
    """Trade a refresh token for new tokens; a reused one ends its whole session.

    The token rotated away just before is still honoured for REFRESH_GRACE_SECONDS, so two
    tabs (or page loads) refreshing at once both stay logged in: the late one gets the
    family's current refresh token again. Reuse after that window revokes the family.
    """
    session = _session_for(refresh_payload, for_update=True)
    if session is None or session.user_id != user.id:
        raise ApiError(401, "authentication_required", "This session has ended; log in again.")
    if session.revoked_at is not None or session.expires_at <= utcnow():
        db.session.rollback()
        raise ApiError(401, "authentication_required", "This session has ended; log in again.")
    jti = refresh_payload.get("jti")
    if jti == session.refresh_jti:
        session.previous_refresh_jti = session.refresh_jti
        session.refreshed_at = utcnow()
        tokens = _issue(user, session)
    elif jti is not None and jti == session.previous_refresh_jti and _in_grace(session):
        tokens = _issue(user, session, refresh_jti=session.refresh_jti)
    else:
        _revoke(session, "refresh_reuse")
        db.session.commit()
        log.warning("refresh token reused; session %s revoked", session.id)
        raise ApiError(
            401,
            "authentication_required",
            "This refresh token was already used, so the session was ended. Log in again.",
        )
    db.session.commit()
    return tokens


def _in_grace(session: AuthSession) -> bool:
    grace = timedelta(seconds=int(current_app.config["REFRESH_GRACE_SECONDS"]))
    return session.refreshed_at is not None and utcnow() - session.refreshed_at <= grace


def _session_for(payload: dict | None, for_update: bool = False) -> AuthSession | None:
    try:
        session_id = uuid.UUID(str((payload or {}).get("sid")))
    except ValueError:
        return None
    statement = select(AuthSession).where(AuthSession.id == session_id)
    if for_update:
        statement = statement.with_for_update()
    return db.session.scalar(statement)


def _revoke(session: AuthSession, reason: str) -> None:
    if session.revoked_at is None:
        session.revoked_at = utcnow()
        session.revoked_reason = reason
    ttl = current_app.config["JWT_ACCESS_TOKEN_EXPIRES"] + timedelta(minutes=1)
    _cache_call("set", SESSION_STATE_KEY.format(session.id), REVOKED, int(ttl.total_seconds()))


def end_session(payload: dict | None) -> None:
    """Log out: the session's access and refresh tokens stop working."""
    session = _session_for(payload)
    if session is not None:
        _revoke(session, "logout")
        db.session.commit()


def end_all_sessions(user: User, reason: str) -> None:
    sessions = db.session.scalars(
        select(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
    )
    for session in sessions:
        _revoke(session, reason)


def session_revoked(payload: dict) -> bool:
    """Whether the token's session is not (any more) valid; checked on every authenticated
    request. The database decides; the cache only remembers its answer for a while."""
    try:
        session_id = uuid.UUID(str(payload.get("sid")))
    except ValueError:
        return True
    key = SESSION_STATE_KEY.format(session_id)
    user_id = str(payload.get("sub"))
    cached = _cache_call("get", key)
    if cached == REVOKED:
        return True
    if cached == user_id:
        return False
    session = db.session.get(AuthSession, session_id)
    valid = (
        session is not None
        and str(session.user_id) == user_id
        and session.revoked_at is None
        and session.expires_at > utcnow()
    )
    if valid:
        # add, not set: a revocation written meanwhile is never overwritten.
        _cache_call("add", key, user_id, VALID_CACHE_SECONDS)
    return not valid


def _cache_call(method: str, *args: object) -> object:
    """A cache operation whose failure only costs speed (the database still decides)."""
    try:
        return getattr(cache, method)(*args)
    except RedisError:
        log.warning("session cache unavailable for %s", method)
        return None


def update_profile(
    user: User,
    name: str | None = None,
    password: str | None = None,
    current_password: str | None = None,
) -> User:
    """Rename and/or change the password (which needs the current one and ends other sessions)."""
    if password is not None:
        if not current_password or not verify_password(current_password, user.password_hash):
            raise ApiError(
                422,
                "validation_error",
                "Your current password is needed to set a new one.",
                {"current_password": ["This is not your current password."]},
            )
        set_password(user, password)
        end_all_sessions(user, "password_changed")
    if name is not None:
        user.name = name
    db.session.commit()
    return user


def request_password_reset(email: str) -> None:
    """Queue the reset email for `email`, known or not: the request does the same work
    either way, so its timing says nothing about which emails have accounts."""
    try:
        # No result to wait for: a result store that is down would block the request.
        celery.tasks[PASSWORD_RESET_TASK].apply_async(
            args=[normalize_email(email)], ignore_result=True
        )
    except Exception:  # pylint: disable=broad-exception-caught  # the answer must not differ
        log.exception("password reset could not be queued")


def send_password_reset(email: str) -> bool:
    """Email a reset link when an account uses `email` (in the worker); say nothing otherwise."""
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        log.info("password reset asked for an unknown email")
        return False
    token, token_hash = new_token()
    hours = int(current_app.config["PASSWORD_RESET_HOURS"])
    db.session.add(
        PasswordResetToken(
            user_id=user.id, token_hash=token_hash, expires_at=utcnow() + timedelta(hours=hours)
        )
    )
    db.session.commit()
    email_service.send_template(
        user.email,
        "Reset your Helix password",
        "password_reset",
        user=user,
        link=link_with_token("/reset-password", token),
        hours=hours,
    )
    return True


def link_with_token(path: str, token: str) -> str:
    """A link for an email whose token rides in the fragment: browsers never send it, so it
    stays out of access logs, proxies and Referer headers; the page hands it over in a POST."""
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}{path}#token={token}"


def confirm_password_reset(token: str, password: str) -> User:
    """Set a new password with a reset token; the token and every session end."""
    reset = db.session.scalar(
        select(PasswordResetToken)
        .where(PasswordResetToken.token_hash == hash_token(token))
        .with_for_update()
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        db.session.rollback()
        raise ApiError(
            422,
            "validation_error",
            "This reset link is invalid or has expired. Ask for a new one.",
            {"token": ["Invalid or expired token."]},
        )
    user = db.session.get(User, reset.user_id)
    assert user is not None
    set_password(user, password)
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    end_all_sessions(user, "password_reset")
    db.session.commit()
    return user


def prune(now: datetime | None = None, keep: timedelta = timedelta(days=1)) -> dict[str, int]:
    """Delete sessions and reset tokens that stopped working more than `keep` ago."""
    cutoff = (now or utcnow()) - keep
    sessions = db.session.execute(
        delete(AuthSession).where(
            or_(AuthSession.expires_at < cutoff, AuthSession.revoked_at < cutoff)
        )
    )
    tokens = db.session.execute(
        delete(PasswordResetToken).where(
            or_(PasswordResetToken.expires_at < cutoff, PasswordResetToken.used_at < cutoff)
        )
    )
    db.session.commit()
    return {"sessions": sessions.rowcount, "reset_tokens": tokens.rowcount}
