"""Test harness: a fresh PostgreSQL database per run, a rolled-back transaction per test.

Honours TEST_DATABASE_URL (an administrative URL; the run's own database is created
beside it and dropped afterwards) and REDIS_URL. Nothing here touches a database until
a test asks for `app`, so pure unit tests run without one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
import redis as redis_lib
from sqlalchemy.engine import make_url

ADMIN_URL = os.getenv("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/15")
RUN_ID = uuid.uuid4().hex[:10]


def libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A database created for this run and dropped after it."""
    name = f"helix_test_{RUN_ID}"
    with psycopg.connect(libpq_url(ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(libpq_url(ADMIN_URL)).set(drivername="postgresql+psycopg", database=name)
    yield url.render_as_string(hide_password=False)
    with psycopg.connect(libpq_url(ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def test_env(database_url: str) -> dict[str, str]:
    """Environment for the app and for any process a test starts."""
    env = {
        "HELIX_ENV": "test",
        "TEST_DATABASE_URL": database_url,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"helix-test-{RUN_ID}",
        "JWT_COOKIE_SECURE": "false",
    }
    os.environ.update(env)
    return env


@pytest.fixture(scope="session")
def app(test_env):
    """The app, with every migration applied to the run's database."""
    del test_env
    from flask_migrate import upgrade

    from app import create_app

    application = create_app("test")
    with application.app_context():
        upgrade()
    return application


@pytest.fixture
def db_session(app):
    """A session inside a transaction rolled back after the test; commit() is allowed."""
    from app.extensions import db

    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(  # pylint: disable=protected-access
            {"bind": connection, "join_transaction_mode": "create_savepoint"}
        )
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture
def client(app, db_session):
    del db_session
    return app.test_client()


@pytest.fixture
def redis_client() -> redis_lib.Redis:
    return redis_lib.Redis.from_url(REDIS_URL)
