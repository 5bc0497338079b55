"""How flask-jwt-extended finds users, spots ended sessions and words its errors."""

from __future__ import annotations

import uuid

from flask import Flask
from flask_jwt_extended.exceptions import CSRFError

from app.errors import error_response, wants_json
from app.extensions import db, jwt
from app.models import User
from app.services import auth_service

LOG_IN_AGAIN = "Your session is not valid any more; log in again."


def register_jwt_callbacks(app: Flask) -> None:
    @jwt.user_identity_loader
    def identity(user: User | str) -> str:
        return str(user.id) if isinstance(user, User) else str(user)

    @jwt.user_lookup_loader
    def load_user(_header: dict, payload: dict) -> User | None:
        try:
            return db.session.get(User, uuid.UUID(str(payload["sub"])))
        except (KeyError, ValueError):
            return None

    @jwt.token_in_blocklist_loader
    def session_ended(_header: dict, payload: dict) -> bool:
        return auth_service.session_revoked(payload)

    @jwt.unauthorized_loader
    def missing_token(_reason: str):
        return error_response(401, "authentication_required", "Log in to do this.")

    @jwt.invalid_token_loader
    def invalid_token(_reason: str):
        return error_response(401, "authentication_required", LOG_IN_AGAIN)

    @jwt.expired_token_loader
    def expired_token(_header: dict, _payload: dict):
        return error_response(
            401, "authentication_required", "Your session has expired; refresh it or log in again."
        )

    @jwt.revoked_token_loader
    def revoked_token(_header: dict, _payload: dict):
        return error_response(401, "authentication_required", LOG_IN_AGAIN)

    @jwt.user_lookup_error_loader
    def unknown_user(_header: dict, _payload: dict):
        return error_response(401, "authentication_required", LOG_IN_AGAIN)

    def csrf_failed(_exc: CSRFError):
        if wants_json():
            message = (
                "The CSRF token is missing or wrong. Send the csrf_access_token cookie's value "
                "in the X-CSRF-TOKEN header and try again."
            )
        else:
            message = (
                "This form has expired or did not come from Helix (CSRF check failed). "
                "Go back, reload the page and try again."
            )
        return error_response(403, "csrf_failed", message)

    # Replaces the handler jwt.init_app registered, which would have answered 401.
    app.register_error_handler(CSRFError, csrf_failed)
