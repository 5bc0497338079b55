"""A real Helix server (gunicorn, email to the loopback SMTP server) and Debian's Chromium."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import page_checks
import pytest
from helix_server import free_port, start_gunicorn, stop

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_server(app, test_env, smtp_server, tmp_path_factory):
    """Gunicorn serving Helix on a free port; email goes to the test SMTP server."""
    del app  # migrations are applied
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        **test_env,
        "EMAIL_PROVIDER": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_server.port),
        "PUBLIC_URL": base_url,
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "RATELIMIT_KEY_PREFIX": f"helix-e2e-{uuid.uuid4().hex[:8]}",
    }
    server = start_gunicorn(port, env, tmp_path_factory.mktemp("web") / "web.log")
    yield base_url
    stop(server)


@pytest.fixture
def new_page(browser, live_server):
    """Open pages in fresh browser contexts (separate cookie jars), closed after the test."""
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shoot():
    """Save a screenshot under tests/e2e/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def mail(smtp_server):
    return smtp_server.handler


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed once per machine (npm) and injected into each checked page."""
    return page_checks.axe_source()
