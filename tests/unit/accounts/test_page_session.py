"""Where a page may send someone after logging in, and whose budget a request spends."""

import pytest
from flask import Flask

from app.blueprints.page_session import safe_next
from app.blueprints.rate_limits import account_key


@pytest.mark.parametrize(
    "target", ["/workspaces", "/workspaces/1/settings?tab=members", "/invitations/abc"]
)
def test_same_site_paths_are_followed(target):
    assert safe_next(target, "/home") == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example.net/",
        "//evil.example.net",
        "javascript:alert(1)",
        "relative",
    ],
)
def test_other_targets_fall_back_to_the_default(target):
    assert safe_next(target, "/home") == "/home"


@pytest.fixture
def flask_app():
    return Flask("keys")


def test_the_account_key_is_the_lower_cased_email_of_a_json_body(flask_app):
    with flask_app.test_request_context(
        "/",
        method="POST",
        json={"email": " Ada@Example.com "},
        environ_base={"REMOTE_ADDR": "127.0.0.9"},
    ):
        assert account_key() == "account:ada@example.com"


def test_the_account_key_reads_forms_too(flask_app):
    with flask_app.test_request_context("/", method="POST", data={"email": "b@example.com"}):
        assert account_key() == "account:b@example.com"


@pytest.mark.parametrize("body", [{"email": 42}, {"email": ""}, ["list"], None])
def test_without_a_readable_email_the_client_address_is_the_key(flask_app, body):
    with flask_app.test_request_context(
        "/", method="POST", json=body, environ_base={"REMOTE_ADDR": "127.0.0.9"}
    ):
        assert account_key() == "address:127.0.0.9"
