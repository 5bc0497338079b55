"""Password policy and hashing, secret tokens, and the order of roles."""

import pytest
from flask import Flask

from app.models import Role
from app.services.passwords import hash_password, password_problems, verify_password
from app.services.secret_tokens import hash_token, new_token


@pytest.fixture
def fast_hashing():
    app = Flask("passwords")
    app.config["PASSWORD_HASH_ROUNDS"] = 4
    with app.app_context():
        yield


def test_a_long_varied_password_has_no_problems():
    assert not password_problems("correct horse battery staple", "ada@example.com")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 10"),
        ("          ", "only spaces"),
        ("aaaaaaaaaaaa", "three different"),
        ("ada@example.com", "email address"),
        ("x" * 257, "at most 256"),
    ],
)
def test_weak_passwords_are_named(password, problem):
    assert any(problem in line for line in password_problems(password, "ada@example.com"))


def test_hashes_verify_only_their_password(fast_hashing):
    del fast_hashing
    hashed = hash_password("correct horse battery staple")
    assert hashed.startswith("$2b$04$")
    assert verify_password("correct horse battery staple", hashed)
    assert not verify_password("correct horse battery stapler", hashed)


def test_passwords_longer_than_bcrypts_72_bytes_still_count_every_character(fast_hashing):
    del fast_hashing
    base = "x" * 80
    hashed = hash_password(base + "1")
    assert not verify_password(base + "2", hashed)


def test_verifying_without_a_hash_or_with_a_broken_one_is_false(fast_hashing):
    del fast_hashing
    assert not verify_password("anything at all", None)
    assert not verify_password("anything at all", "not-a-bcrypt-hash")


def test_secret_tokens_are_random_and_only_their_hash_is_kept():
    first, first_hash = new_token()
    second, _ = new_token()
    assert first != second
    assert len(first) >= 40
    assert first_hash == hash_token(first)
    assert first not in first_hash


def test_roles_are_ordered_owner_admin_member():
    assert Role.OWNER.at_least(Role.ADMIN)
    assert Role.ADMIN.at_least(Role.MEMBER)
    assert Role.ADMIN.at_least(Role.ADMIN)
    assert not Role.MEMBER.at_least(Role.ADMIN)
    assert not Role.ADMIN.at_least(Role.OWNER)
