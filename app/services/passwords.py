"""Password hashing (bcrypt over SHA-256, so long passwords are not truncated) and policy."""

from __future__ import annotations

import base64
import hashlib
from functools import cache

import bcrypt
from flask import current_app

MIN_LENGTH = 10
MAX_LENGTH = 256


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str) -> str:
    rounds = int(current_app.config["PASSWORD_HASH_ROUNDS"])
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds)).decode("ascii")


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; without a hash, spend the same time and answer False."""
    if not password_hash:
        bcrypt.checkpw(
            _prehash(password), _dummy_hash(int(current_app.config["PASSWORD_HASH_ROUNDS"]))
        )
        return False
    try:
        return bcrypt.checkpw(_prehash(password), password_hash.encode("ascii"))
    except ValueError:
        return False


@cache
def _dummy_hash(rounds: int) -> bytes:
    return bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(rounds))


def password_problems(password: str, email: str = "") -> list[str]:
    """Why a new password is too weak, one sentence each; empty when it is fine."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    if password and not password.strip():
        problems.append("A password cannot be only spaces.")
    if email and password.strip().lower() in {email.lower(), email.split("@")[0].lower()}:
        problems.append("Do not use your email address as the password.")
    if password and len(set(password)) < 4:
        problems.append("Use more than three different characters.")
    return problems
