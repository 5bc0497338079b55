"""Auth and account API: /api/v1/auth/* and /api/v1/me."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from flask_jwt_extended import (
    current_user,
    get_jwt,
    jwt_required,
    unset_jwt_cookies,
)

from app.blueprints import rate_limits
from app.blueprints.api_input import body
from app.blueprints.session_cookies import attach_session, session_claims
from app.schemas.accounts import (
    LoginSchema,
    PasswordResetConfirmSchema,
    PasswordResetSchema,
    ProfileSchema,
    SignupSchema,
    user_json,
    workspace_json,
)
from app.services import account_service, auth_service, workspace_service

bp = Blueprint("api_auth", __name__, url_prefix="/api/v1")


@bp.post("/auth/signup")
@rate_limits.per_ip
@rate_limits.per_account
def signup():
    data = body(SignupSchema)
    result = account_service.sign_up(**data)
    response = jsonify(
        user=user_json(result.user),
        workspace=workspace_json(result.workspace, result.role) if result.workspace else None,
    )
    response.status_code = 201
    return attach_session(response, auth_service.start_session(result.user))


@bp.post("/auth/login")
@rate_limits.per_ip
@rate_limits.failures_per_account_address
def login():
    data = body(LoginSchema)
    user = auth_service.authenticate(data["email"], data["password"])
    return attach_session(jsonify(user=user_json(user)), auth_service.start_session(user))


@bp.post("/auth/logout")
def logout():
    """End the session whose cookies came with the request; always clears the cookies."""
    auth_service.end_session(session_claims())
    response = Response(status=204)
    unset_jwt_cookies(response)
    return response


@bp.post("/auth/refresh")
@jwt_required(refresh=True)
def refresh():
    tokens = auth_service.rotate(current_user, get_jwt())
    return attach_session(jsonify(user=user_json(current_user)), tokens)


@bp.post("/auth/password-reset")
@rate_limits.per_ip
@rate_limits.per_account
def password_reset():
    auth_service.request_password_reset(body(PasswordResetSchema)["email"])
    return jsonify(message="If an account uses this email, a reset link is on its way."), 202


@bp.post("/auth/password-reset/confirm")
@rate_limits.per_ip
def password_reset_confirm():
    data = body(PasswordResetConfirmSchema)
    auth_service.confirm_password_reset(data["token"], data["password"])
    response = Response(status=204)
    unset_jwt_cookies(response)
    return response


def me_json(user) -> dict:
    memberships = workspace_service.memberships_of(user)
    return {
        "user": user_json(user),
        "workspaces": [workspace_json(m.workspace, m.role) for m in memberships],
    }


@bp.get("/me")
@jwt_required()
def me():
    return jsonify(me_json(current_user))


@bp.patch("/me")
@jwt_required()
def update_me():
    data = body(ProfileSchema)
    user = auth_service.update_profile(current_user, **data)
    response = jsonify(me_json(user))
    if "password" in data:
        # The password change ended every session, this one too: start a fresh one.
        attach_session(response, auth_service.start_session(user))
    return response
