"""Rate limits of the sign-in routes, keyed so that nobody can lock someone else out.

- per client address (the real one: see TRUSTED_PROXIES): every login, signup and reset;
- per email address: signups and reset emails (no mail bombing one inbox);
- failed logins per (account, client address) pair, in widening windows so the wait grows
  with every step (backoff). An attacker's failures never block the owner's address.
"""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address

from app.extensions import limiter


def _email() -> str | None:
    data = request.get_json(silent=True) if request.is_json else request.form
    email = data.get("email") if hasattr(data, "get") else None
    if not isinstance(email, str) or not email.strip():
        return None
    return email.strip().lower()[:254]


def account_key() -> str:
    """The email the request is about, from JSON or a form; without one, the client address."""
    email = _email()
    return "account:" + email if email else "address:" + get_remote_address()


def account_address_key() -> str:
    """The (email, client address) pair a login attempt comes from."""
    return f"{account_key()}|address:{get_remote_address()}"


def _per_ip() -> str:
    return str(current_app.config["RATELIMIT_AUTH_PER_IP"])


def _per_account() -> str:
    return str(current_app.config["RATELIMIT_AUTH_PER_ACCOUNT"])


def _login_failures() -> str:
    return str(current_app.config["RATELIMIT_LOGIN_FAILURES"])


def _failed(response) -> bool:
    return response.status_code in {401, 409, 422}


per_ip = limiter.shared_limit(_per_ip, scope="auth-ip", key_func=get_remote_address)
per_account = limiter.shared_limit(_per_account, scope="auth-account", key_func=account_key)
failures_per_account_address = limiter.shared_limit(
    _login_failures, scope="auth-login-failures", key_func=account_address_key, deduct_when=_failed
)

# Pages: the same budgets, spent only by form posts.
per_ip_on_post = limiter.shared_limit(
    _per_ip, scope="auth-ip", key_func=get_remote_address, methods=["POST"]
)
per_account_on_post = limiter.shared_limit(
    _per_account, scope="auth-account", key_func=account_key, methods=["POST"]
)
failures_per_account_address_on_post = limiter.shared_limit(
    _login_failures,
    scope="auth-login-failures",
    key_func=account_address_key,
    deduct_when=_failed,
    methods=["POST"],
)
