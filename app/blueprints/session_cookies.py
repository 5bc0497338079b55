"""The session's JWT cookies, shared by the API and the pages: set them, and read which
session a request belongs to (to end it)."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_jwt_extended import (
    decode_token,
    get_jwt,
    set_access_cookies,
    set_refresh_cookies,
    verify_jwt_in_request,
)
from flask_jwt_extended.exceptions import CSRFError, JWTExtendedException
from jwt import PyJWTError

from app.services.auth_service import SessionTokens


def attach_session(response: Response, tokens: SessionTokens) -> Response:
    set_access_cookies(response, tokens.access)
    set_refresh_cookies(response, tokens.refresh)
    return response


def session_claims() -> dict | None:
    """Claims naming the session: from a valid access token (CSRF checked), else the refresh one.

    An expired access token must not keep anyone from logging out, so the refresh cookie is
    read as a fallback; SameSite=Lax keeps it off cross-site POSTs.
    """
    try:
        verify_jwt_in_request()
        return get_jwt()
    except CSRFError:
        raise
    except (JWTExtendedException, PyJWTError):
        pass
    refresh_cookie = request.cookies.get(current_app.config["JWT_REFRESH_COOKIE_NAME"])
    if not refresh_cookie:
        return None
    try:
        return decode_token(refresh_cookie, allow_expired=True)
    except (JWTExtendedException, PyJWTError):
        return None
