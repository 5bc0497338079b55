"""Security headers and CORS on the account routes."""

import pytest

pytestmark = pytest.mark.integration


def test_pages_and_api_answers_carry_the_security_headers(new_client):
    response = new_client().get("/api/v1/me")
    headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_hsts_is_sent_in_production_only(app, client):
    from flask import Flask

    from app.security import register_security_headers

    assert "Strict-Transport-Security" not in client.get("/healthz").headers
    production = Flask("hsts-probe")
    production.config.update(
        ENV_NAME="production", MAX_CONTENT_LENGTH=app.config["MAX_CONTENT_LENGTH"]
    )
    production.add_url_rule("/probe", "probe", lambda: "ok")
    register_security_headers(production)
    response = production.test_client().get("/probe")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_cors_ignores_origins_that_are_not_configured(app, new_client):
    assert "https://evil.example.net" not in app.config["CORS_ORIGINS"]
    response = new_client().flask.options(
        "/api/v1/me",
        headers={"Origin": "https://evil.example.net", "Access-Control-Request-Method": "GET"},
    )
    assert "Access-Control-Allow-Origin" not in response.headers
