"""Who is using a page: JWT cookies checked, renewed on GET when only the access token expired,
and CSRF tokens for forms (the access token's own, or a session-bound one before login)."""

from __future__ import annotations

import functools
import secrets
import uuid
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, redirect, request, session, url_for
from flask_jwt_extended import (
    decode_token,
    get_csrf_token,
    get_current_user,
    verify_jwt_in_request,
)
from flask_jwt_extended.exceptions import CSRFError, JWTExtendedException, NoAuthorizationError
from jwt import ExpiredSignatureError, PyJWTError
from sqlalchemy.exc import SQLAlchemyError

from app.blueprints.session_cookies import attach_session
from app.errors import ApiError
from app.extensions import db
from app.models import User
from app.services import auth_service

FORM_TOKEN_KEY = "form_csrf"  # noqa: S105  # a session key, not a secret


def request_state() -> dict:
    """Per-request memory of this module (not `g`, which outlives a request inside an
    app context that was pushed around it, as in tests)."""
    return request.environ.setdefault("helix.page_session", {})


def page_user() -> User | None:
    """The logged-in user of this request, or None; a POST without a valid CSRF token raises."""
    state = request_state()
    if "user" in state:
        return state["user"]
    user = None
    try:
        verify_jwt_in_request()
        user = get_current_user()
    except CSRFError:
        raise
    except (ExpiredSignatureError, NoAuthorizationError):
        # An expired (or already dropped) access cookie: a GET renews it from the refresh one.
        user = _renewed_user() if request.method == "GET" else None
    except (JWTExtendedException, PyJWTError):
        user = None
    state["user"] = user
    return user


def _renewed_user() -> User | None:
    """Rotate the session from the refresh cookie; the new cookies go out with the response."""
    cookie = request.cookies.get(current_app.config["JWT_REFRESH_COOKIE_NAME"])
    if not cookie:
        return None
    try:
        payload = decode_token(cookie)
        user = db.session.get(User, uuid.UUID(str(payload["sub"])))
        if user is None:
            return None
        tokens = auth_service.rotate(user, payload)
    except (JWTExtendedException, PyJWTError, ApiError, KeyError, ValueError):
        return None
    request_state()["renewed_tokens"] = tokens
    return user


def attach_renewed_cookies(response: Response) -> Response:
    tokens = request_state().get("renewed_tokens")
    if tokens is not None:
        attach_session(response, tokens)
    return response


def csrf_token() -> str:
    """The token a form posts as `csrf_token`: the access token's when logged in."""
    state = request_state()
    if state.get("renewed_tokens") is not None:
        return get_csrf_token(state["renewed_tokens"].access)
    if state.get("user") is not None:
        cookie = request.cookies.get(current_app.config["JWT_ACCESS_CSRF_COOKIE_NAME"])
        if cookie:
            return cookie
    return session_form_token()


def session_form_token() -> str:
    """The session-bound form token that `check_form_token` accepts, logged in or not."""
    if FORM_TOKEN_KEY not in session:
        session[FORM_TOKEN_KEY] = secrets.token_urlsafe(32)
    return session[FORM_TOKEN_KEY]


def check_form_token() -> None:
    """CSRF for forms posted before logging in (sign up, log in, reset): session-bound token."""
    expected = session.get(FORM_TOKEN_KEY)
    given = request.form.get("csrf_token", "")
    if not expected or not secrets.compare_digest(str(expected), given):
        raise CSRFError("Missing or wrong form token")


def safe_next(target: str | None, default: str) -> str:
    """Only same-site paths are followed after logging in."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def login_required(view):
    """Pages for logged-in people: others go to the login page and come back after."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if page_user() is None:
            return redirect(url_for("account_pages.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper


def nav_account() -> dict | None:
    """The logged-in user and their workspaces for the top bar, or None; never raises."""
    try:
        user = page_user()
        if user is None:
            return None
        from app.services import workspace_service

        return {"user": user, "memberships": workspace_service.memberships_of(user)}
    except (JWTExtendedException, PyJWTError, ApiError, SQLAlchemyError):
        return None


def init_page_session(app: Flask) -> None:
    """A step of create_app: the session cookie's rules, the template helpers the pages
    use (`csrf_token`, `nav_account`) and the delivery of renewed cookies."""
    # The Flask session carries flashes and the pre-login form token: same cookie rules as JWTs.
    app.config["SESSION_COOKIE_SECURE"] = app.config["JWT_COOKIE_SECURE"]
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.after_request(attach_renewed_cookies)
    app.jinja_env.globals.update(csrf_token=csrf_token, nav_account=nav_account)
