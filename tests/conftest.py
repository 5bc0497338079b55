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
from system_tools import system_tool

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


def _connection_bound_session_class():
    from flask_sqlalchemy.session import Session

    class BoundSession(Session):
        """Flask-SQLAlchemy's session picks the app's engine even when a connection was
        given; use the test's connection so that the test's transaction holds every write."""

        def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
            if bind is None and self.bind is not None:
                return self.bind
            return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)

    return BoundSession


@pytest.fixture
def db_session(app):
    """A session inside a transaction rolled back after the test; commit() is allowed."""
    from app.extensions import db

    ConnectionBoundSession = _connection_bound_session_class()  # noqa: N806
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(  # pylint: disable=protected-access
            {
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
                "class_": ConnectionBoundSession,
            }
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


# Accounts and workspaces: people, their workspaces and clients logged in as them.

PASSWORD = "correct horse battery staple"
_client_counter = iter(range(1, 1_000_000))


class ApiClient:
    """A test client that sends the CSRF header from its cookie, as a browser app would."""

    def __init__(self, flask_client):
        self.flask = flask_client

    def cookie(self, name: str) -> str | None:
        found = self.flask.get_cookie(name)
        return found.value if found else None

    def csrf(self, refresh: bool = False) -> str | None:
        return self.cookie("csrf_refresh_token" if refresh else "csrf_access_token")

    def open(self, method: str, path: str, *, csrf: bool | str = True, headers=None, **kwargs):
        headers = dict(headers or {})
        if csrf is True and self.csrf(refresh=path.endswith("/auth/refresh")):
            headers["X-CSRF-TOKEN"] = self.csrf(refresh=path.endswith("/auth/refresh"))
        elif isinstance(csrf, str):
            headers["X-CSRF-TOKEN"] = csrf
        return self.flask.open(path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs):
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.open("POST", path, **kwargs)

    def patch(self, path: str, **kwargs):
        return self.open("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs):
        return self.open("DELETE", path, **kwargs)

    def login(self, email: str, password: str = PASSWORD):
        return self.post("/api/v1/auth/login", json={"email": email, "password": password})


@pytest.fixture
def new_client(app, db_session):
    """Make API clients, each from its own loopback address so rate limits stay per test."""
    del db_session

    def make() -> ApiClient:
        number = next(_client_counter) + (uuid.uuid4().int % 50_000) * 100
        address = f"127.{(number >> 16) % 256}.{(number >> 8) % 256}.{number % 256 or 1}"
        flask_client = app.test_client()
        flask_client.environ_base["REMOTE_ADDR"] = address
        return ApiClient(flask_client)

    return make


@pytest.fixture
def make_user(db_session):
    """Create a user (password PASSWORD) who owns a workspace of their own."""
    from app.models import Membership, Role, User, Workspace
    from app.services.passwords import hash_password

    password_hash = hash_password(PASSWORD)

    def make(name: str = "Ada Lovelace", email: str | None = None, workspace: str | None = None):
        user = User(
            email=email or f"user-{uuid.uuid4().hex[:10]}@example.com",
            name=name,
            password_hash=password_hash,
        )
        db_session.add(user)
        db_session.flush()
        owned = Workspace(name=workspace or f"{name}'s workspace", plan="free")
        db_session.add(owned)
        db_session.flush()
        db_session.add(Membership(workspace_id=owned.id, user_id=user.id, role=Role.OWNER))
        db_session.commit()
        user.own_workspace = owned
        return user

    return make


@pytest.fixture
def add_member(db_session):
    """Put a user into a workspace with a role."""
    from app.models import Membership, Role

    def add(workspace, user, role: str = "member"):
        membership = Membership(workspace_id=workspace.id, user_id=user.id, role=Role(role))
        db_session.add(membership)
        db_session.commit()
        return membership

    return add


@pytest.fixture
def login(new_client):
    """An API client logged in as the given user."""

    def log_in(user) -> ApiClient:
        api = new_client()
        response = api.login(user.email)
        assert response.status_code == 200, response.get_json()
        return api

    return log_in


# Email: a real SMTP server (aiosmtpd) on loopback that keeps what it receives.


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """Messages an SMTP server received, parsed, oldest first."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  # pylint: disable=invalid-name
        del server, session
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message.recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.recipients]

    def wait_for(self, address: str, count: int = 1, timeout: float = 20.0) -> list:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.to(address)) < count:
            time.sleep(0.05)
        found = self.to(address)
        assert len(found) >= count, f"no email to {address} within {timeout}s"
        return found

    def last_link(self, address: str, path_part: str) -> str:
        import re

        message = self.wait_for(address)[-1]
        text = message.get_body(preferencelist=("plain",)).get_content()
        links = re.findall(r"https?://\S+", text)
        matching = [link for link in links if path_part in link]
        assert matching, f"no link containing {path_part!r} in: {text}"
        return matching[-1]


@pytest.fixture(scope="session")
def smtp_server():
    """An SMTP server on a free loopback port for the whole run."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def mailbox(app, smtp_server):
    """Send the app's email to the loopback SMTP server; yields what arrives in this test."""
    keys = ("EMAIL_PROVIDER", "SMTP_HOST", "SMTP_PORT")
    saved = {key: app.config[key] for key in keys}
    app.config.update(EMAIL_PROVIDER="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    box = smtp_server.handler
    box.messages.clear()
    yield box
    app.config.update(saved)


CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one for the whole run: Playwright's sync API
    allows one instance per process, so the browser journeys and the gates share it."""
    executable = system_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
