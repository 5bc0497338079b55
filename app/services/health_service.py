"""Whether the services Helix depends on answer."""

from __future__ import annotations

import logging

import redis
from flask import current_app
from sqlalchemy import text

from app.extensions import db

log = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # pylint: disable=broad-exception-caught  # any failure: not ready
        log.warning("database check failed: %s", type(exc).__name__)
        db.session.rollback()
        return False
    return True


def redis_answers() -> bool:
    try:
        client = redis.Redis.from_url(
            current_app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=2
        )
        return bool(client.ping())
    except redis.RedisError as exc:
        log.warning("redis check failed: %s", type(exc).__name__)
        return False


def check_dependencies() -> dict[str, bool]:
    return {"database": database_answers(), "redis": redis_answers()}
