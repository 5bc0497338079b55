"""Rate limits of the sign-in routes: per client address and per account (email)."""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address

from app.extensions import limiter


def account_key() -> str:
    """The email the request is about, from JSON or a form; without one, the client address."""
    data = request.get_json(silent=True) if request.is_json else request.form
    email = data.get("email") if hasattr(data, "get") else None
    if not isinstance(email, str) or not email.strip():
        return "address:" + get_remote_address()
    return "account:" + email.strip().lower()[:254]


def _per_ip() -> str:
    return str(current_app.config["RATELIMIT_AUTH_PER_IP"])


def _per_account() -> str:
    return str(current_app.config["RATELIMIT_AUTH_PER_ACCOUNT"])


def _failed(response) -> bool:
    return response.status_code in {401, 409, 422}


per_ip = limiter.shared_limit(_per_ip, scope="auth-ip", key_func=get_remote_address)
per_account = limiter.shared_limit(_per_account, scope="auth-account", key_func=account_key)
failures_per_account = limiter.shared_limit(
    _per_account, scope="auth-account-failures", key_func=account_key, deduct_when=_failed
)

# Pages: the same budgets, spent only by form posts.
per_ip_on_post = limiter.shared_limit(
    _per_ip, scope="auth-ip", key_func=get_remote_address, methods=["POST"]
)
per_account_on_post = limiter.shared_limit(
    _per_account, scope="auth-account", key_func=account_key, methods=["POST"]
)
failures_per_account_on_post = limiter.shared_limit(
    _per_account,
    scope="auth-account-failures",
    key_func=account_key,
    deduct_when=_failed,
    methods=["POST"],
)
