"""Login, signup and password reset are rate limited per client address and per account."""

import uuid

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture
def tight_limits(app):
    saved = {
        key: app.config[key] for key in ("RATELIMIT_AUTH_PER_IP", "RATELIMIT_AUTH_PER_ACCOUNT")
    }
    app.config.update(
        RATELIMIT_AUTH_PER_IP="6 per minute", RATELIMIT_AUTH_PER_ACCOUNT="3 per minute"
    )
    yield
    app.config.update(saved)


def assert_rate_limited(response):
    assert response.status_code == 429
    assert response.get_json()["error"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0


def test_failed_logins_for_one_account_are_limited_whatever_the_address(
    tight_limits, make_user, new_client
):
    del tight_limits
    user = make_user()
    for _ in range(3):
        assert new_client().login(user.email, "wrong password!").status_code == 401
    blocked = new_client().login(user.email, "wrong password!")
    assert_rate_limited(blocked)
    # Even the right password waits: the account is under attack.
    assert_rate_limited(new_client().login(user.email))
    # Another account is not affected.
    assert new_client().login(make_user().email).status_code == 200


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
    assert "Too many attempts" in blocked.get_data(as_text=True)
