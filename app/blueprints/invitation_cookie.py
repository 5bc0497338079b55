"""The invitation a browser is looking at, kept in a short-lived HttpOnly cookie.

Invitation links carry their token in the URL fragment (never sent to a server); the page
posts it once to `/invitations/open`, which stores it here and redirects to the clean
`/invitations`, so the token never appears in a URL, an access log or a Referer header.
"""

from __future__ import annotations

from flask import Response, current_app, request

COOKIE = "helix_invitation"
MAX_AGE_SECONDS = 3600


def remember(response: Response, token: str) -> Response:
    response.set_cookie(
        COOKIE,
        token,
        max_age=MAX_AGE_SECONDS,
        path="/",
        secure=bool(current_app.config["JWT_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
    )
    return response


def recalled() -> str | None:
    token = request.cookies.get(COOKIE, "")
    return token if 0 < len(token) <= 200 else None


def forget(response: Response) -> Response:
    response.delete_cookie(
        COOKIE, path="/", secure=bool(current_app.config["JWT_COOKIE_SECURE"]), httponly=True
    )
    return response
