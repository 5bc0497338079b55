"""Account pages: sign up, log in, log out, forgot and reset password, account settings."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_jwt_extended import unset_jwt_cookies

from app.blueprints import invitation_cookie, rate_limits
from app.blueprints.page_forms import FormError, form_data, form_failure, render_form
from app.blueprints.page_session import (
    check_form_token,
    login_required,
    page_user,
    safe_next,
)
from app.blueprints.session_cookies import attach_session, session_claims
from app.errors import ApiError
from app.schemas.accounts import (
    LoginSchema,
    NameSchema,
    NewPasswordSchema,
    PasswordChangeSchema,
    PasswordResetSchema,
    SignupSchema,
)
from app.services import account_service, auth_service, invitation_service

bp = Blueprint("account_pages", __name__)


def home_after_login() -> str:
    return url_for("pages.dashboard")


@bp.route("/signup", methods=["GET", "POST"])
@rate_limits.per_ip_on_post
@rate_limits.per_account_on_post
def signup():
    # `?invitation=1` from the invitation page: the token is in the invitation cookie.
    token = invitation_cookie.recalled() if request.values.get("invitation") else None
    invitation = None
    if token:
        try:
            invitation = invitation_service.find(token)
        except ApiError:
            token = None
    context = {"invitation": invitation, "invitation_token": token}
    if request.method == "GET":
        if page_user() is not None and not token:
            return redirect(home_after_login())
        return render_form("accounts/signup.html", **context)
    check_form_token()
    try:
        data = form_data(SignupSchema)
        data["invitation_token"] = token
        result = account_service.sign_up(**data)
    except FormError as exc:
        return render_form("accounts/signup.html", 422, exc.errors, exc.message, **context)
    except ApiError as exc:
        failure = form_failure(exc)
        return render_form(
            "accounts/signup.html", exc.status, failure.errors, failure.message, **context
        )
    target = (
        url_for("project_pages.dashboard", workspace_id=result.workspace.id, start=1)
        if result.workspace
        else home_after_login()
    )
    flash("Welcome to Helix! Your account is ready.")
    response = attach_session(redirect(target, code=303), auth_service.start_session(result.user))
    return invitation_cookie.forget(response) if token else response


@bp.route("/login", methods=["GET", "POST"])
@rate_limits.per_ip_on_post
@rate_limits.failures_per_account_address_on_post
def login():
    target = safe_next(request.values.get("next"), home_after_login())
    if request.method == "GET":
        if page_user() is not None:
            return redirect(target)
        return render_form("accounts/login.html", next=target)
    check_form_token()
    try:
        data = form_data(LoginSchema)
        user = auth_service.authenticate(data["email"], data["password"])
    except FormError as exc:
        return render_form("accounts/login.html", 422, exc.errors, exc.message, next=target)
    except ApiError as exc:
        return render_form("accounts/login.html", exc.status, {}, exc.message, next=target)
    return attach_session(redirect(target, code=303), auth_service.start_session(user))


@bp.post("/logout")
def logout():
    auth_service.end_session(session_claims())
    response = redirect(url_for("account_pages.login"), code=303)
    unset_jwt_cookies(response)
    flash("You are logged out.")
    return response


@bp.route("/forgot-password", methods=["GET", "POST"])
@rate_limits.per_ip_on_post
@rate_limits.per_account_on_post
def forgot_password():
    if request.method == "GET":
        return render_form("accounts/forgot_password.html")
    check_form_token()
    try:
        data = form_data(PasswordResetSchema)
    except FormError as exc:
        return render_form("accounts/forgot_password.html", 422, exc.errors, exc.message)
    auth_service.request_password_reset(data["email"])
    return render_form("accounts/forgot_password.html", 202, sent=True)


@bp.route("/reset-password", methods=["GET", "POST"])
@rate_limits.per_ip_on_post
def reset_password():
    """Reset links carry the token in the fragment (`#token=...`); a script copies it into the
    form, so it reaches the server only in a POST body, never in a URL or access log."""
    if request.method == "GET":
        return render_form("accounts/reset_password.html", token="")
    check_form_token()
    token = request.form.get("token", "")
    try:
        data = form_data(NewPasswordSchema)
        auth_service.confirm_password_reset(token, data["password"])
    except FormError as exc:
        return render_form(
            "accounts/reset_password.html", 422, exc.errors, exc.message, token=token
        )
    except ApiError as exc:
        failure = form_failure(exc)
        return render_form(
            "accounts/reset_password.html", exc.status, failure.errors, failure.message, token=token
        )
    flash("Your password is changed. Log in with the new one.")
    response = redirect(url_for("account_pages.login"), code=303)
    unset_jwt_cookies(response)
    return response


@bp.route("/account", methods=["GET"])
@login_required
def account():
    return render_form("accounts/account.html", user=page_user())


@bp.post("/account/profile")
@login_required
def update_profile():
    user = page_user()
    try:
        data = form_data(NameSchema)
        auth_service.update_profile(user, name=data["name"])
    except FormError as exc:
        return render_form("accounts/account.html", 422, exc.errors, exc.message, user=user)
    flash("Your name is saved.")
    return redirect(url_for("account_pages.account"), code=303)


@bp.post("/account/password")
@login_required
def change_password():
    user = page_user()
    try:
        data = form_data(PasswordChangeSchema)
        auth_service.update_profile(
            user, password=data["password"], current_password=data["current_password"]
        )
    except FormError as exc:
        return render_form("accounts/account.html", 422, exc.errors, exc.message, user=user)
    except ApiError as exc:
        failure = form_failure(exc)
        return render_form(
            "accounts/account.html", exc.status, failure.errors, failure.message, user=user
        )
    flash("Your password is changed. Other devices were logged out.")
    response = redirect(url_for("account_pages.account"), code=303)
    return attach_session(response, auth_service.start_session(user))
