"""Login, signup and password reset are rate limited per client address, per email, and
failed logins per (account, address) pair, so an attacker cannot lock the owner out."""

import os
import uuid

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture
def tight_limits(app):
    keys = ("RATELIMIT_AUTH_PER_IP", "RATELIMIT_AUTH_PER_ACCOUNT", "RATELIMIT_LOGIN_FAILURES")
    saved = {key: app.config[key] for key in keys}
    app.config.update(
        RATELIMIT_AUTH_PER_IP="6 per minute",
        RATELIMIT_AUTH_PER_ACCOUNT="3 per minute",
        RATELIMIT_LOGIN_FAILURES="3 per minute;4 per hour",
    )
    yield
    app.config.update(saved)


def assert_rate_limited(response):
    assert response.status_code == 429
    assert response.get_json()["error"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0


def test_an_attacker_failing_logins_is_limited_but_cannot_lock_the_owner_out(
    tight_limits, make_user, new_client
):
    del tight_limits
    user = make_user()
    attacker = new_client()
    for _ in range(3):
        assert attacker.login(user.email, "wrong password!").status_code == 401
    assert_rate_limited(attacker.login(user.email, "wrong password!"))
    # The attacker's address waits even with the right password ...
    assert_rate_limited(attacker.login(user.email))
    # ... but the owner, from their own address, logs in.
    assert new_client().login(user.email).status_code == 200
    # And more attackers, each from its own address, do not change that.
    for _ in range(3):
        other = new_client()
        for _ in range(4):
            other.login(user.email, "wrong password!")
    assert new_client().login(user.email).status_code == 200


def test_failed_logins_back_off_in_widening_windows(app, make_user, new_client):
    """Short window first, then the longer one: each step makes the wait longer."""
    import time

    saved = app.config["RATELIMIT_LOGIN_FAILURES"]
    app.config["RATELIMIT_LOGIN_FAILURES"] = "2 per 1 second;3 per hour"
    try:
        user = make_user()
        api = new_client()
        assert [api.login(user.email, "wrong password!").status_code for _ in range(2)] == [401] * 2
        first = api.login(user.email, "wrong password!")
        assert_rate_limited(first)
        assert int(first.headers["Retry-After"]) <= 2
        time.sleep(1.1)
        assert api.login(user.email, "wrong password!").status_code == 401
        second = api.login(user.email, "wrong password!")
        assert_rate_limited(second)
        assert int(second.headers["Retry-After"]) > 60
    finally:
        app.config["RATELIMIT_LOGIN_FAILURES"] = saved


def test_successful_logins_do_not_use_up_the_account_limit(tight_limits, make_user, new_client):
    del tight_limits
    user = make_user()
    for _ in range(5):
        assert new_client().login(user.email).status_code == 200


def test_one_address_is_limited_across_accounts(tight_limits, new_client):
    del tight_limits
    api = new_client()
    statuses = [
        api.login(f"spray-{uuid.uuid4().hex[:8]}@example.com", "guess password").status_code
        for _ in range(6)
    ]
    assert statuses == [401] * 6
    assert_rate_limited(api.login("another@example.com", "guess password"))


def test_password_reset_requests_are_limited_per_account(tight_limits, make_user, new_client):
    del tight_limits
    user = make_user()
    for _ in range(3):
        response = new_client().post("/api/v1/auth/password-reset", json={"email": user.email})
        assert response.status_code == 202
    assert_rate_limited(
        new_client().post("/api/v1/auth/password-reset", json={"email": user.email})
    )


def test_signups_from_one_address_are_limited(tight_limits, new_client):
    del tight_limits
    api = new_client()
    for _ in range(6):
        api.post("/api/v1/auth/signup", json={"email": f"s-{uuid.uuid4().hex[:8]}@example.com"})
    assert_rate_limited(
        api.post("/api/v1/auth/signup", json={"email": f"s-{uuid.uuid4().hex[:8]}@example.com"})
    )


def test_the_login_page_is_limited_too_and_says_so_in_the_page(tight_limits, make_user, new_client):
    del tight_limits
    import re

    user = make_user()
    api = new_client()
    page = api.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"email": user.email, "password": "wrong password!", "csrf_token": token}
    statuses = [api.flask.post("/login", data=form).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    blocked = api.flask.post("/login", data=form)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    shown = blocked.get_data(as_text=True)
    assert "Too many attempts" in shown
    assert re.search(r"You can try again in (about )?\d+ (seconds|minutes)", shown)
    assert 'href="/forgot-password"' in shown


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(
    test_env, tight_limits, db_session
):
    """nginx appends the client's address to X-Forwarded-For; with TRUSTED_PROXIES=1 the app
    limits that address, not nginx's, and a forged left-hand entry changes nothing."""
    del test_env, tight_limits, db_session
    from app import create_app

    proxied = create_app("test", TRUSTED_PROXIES=1)
    assert proxied.config["SETTINGS"].trusted_proxies == 1
    proxied.config.update(RATELIMIT_AUTH_PER_IP="6 per minute")
    nginx = f"10.{uuid.uuid4().int % 250}.0.1"

    def from_client(address: str, forged: str = ""):
        client = proxied.test_client()
        client.environ_base["REMOTE_ADDR"] = nginx
        forwarded = f"{forged}, {address}" if forged else address
        return client.post(
            "/api/v1/auth/login",
            json={"email": f"p-{uuid.uuid4().hex[:8]}@example.com", "password": "guess pass"},
            headers={"X-Forwarded-For": forwarded},
        )

    client_a = f"198.51.{uuid.uuid4().int % 250}.7"
    assert [from_client(client_a).status_code for _ in range(6)] == [401] * 6
    assert_rate_limited(from_client(client_a))
    assert_rate_limited(from_client(client_a, forged="203.0.113.9"))
    # Another client behind the same nginx is not affected.
    assert from_client(f"198.51.{uuid.uuid4().int % 250}.8").status_code == 401


def test_rate_limit_keys_use_the_configured_prefix(app, tight_limits, new_client, redis_client):
    del tight_limits
    prefix = app.config["RATELIMIT_KEY_PREFIX"]
    assert prefix == os.environ["RATELIMIT_KEY_PREFIX"] != "helix"
    new_client().login(f"k-{uuid.uuid4().hex[:8]}@example.com", "guess password")
    keys = [key.decode() for key in redis_client.scan_iter(match=f"*{prefix}*", count=1000)]
    assert any("auth-ip" in key for key in keys), keys
