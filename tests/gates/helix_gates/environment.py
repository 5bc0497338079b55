"""The environment a generated project runs in during the gates."""

from __future__ import annotations

import os
import re
from pathlib import Path

REDIS_URL = os.getenv("HELIX_GATES_REDIS_URL", "redis://127.0.0.1:6379")
# Variables of the Helix run that must not leak into a generated project's processes.
_LEAKING = re.compile(r"^(COV_CORE_|PYTEST_|FLASK_|HELIX_|VIRTUAL_ENV$|PYTHONPATH$|PYTHONHOME$)")
_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines of a .env file; comments and blank lines skipped, quotes removed."""
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _ASSIGNMENT.match(line)
        if not match:
            continue
        key, value = match.groups()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def clean_env(python: Path) -> dict[str, str]:
    """os.environ without Helix's own settings, with the project's venv first on PATH."""
    env = {key: value for key, value in os.environ.items() if not _LEAKING.match(key)}
    env.update(
        {
            "PATH": f"{python.parent}{os.pathsep}{env.get('PATH', '')}",
            "VIRTUAL_ENV": str(python.parent.parent),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def suite_env(python: Path, admin_url: str, redis_db: int) -> dict[str, str]:
    """What the project's CI gives its test suite: the servers, nothing from .env."""
    return {
        **clean_env(python),
        "TEST_DATABASE_URL": admin_url,
        "REDIS_URL": f"{REDIS_URL}/{redis_db}",
    }


def project_env(
    project_root: Path, python: Path, database_url: str, redis_db: int
) -> dict[str, str]:
    """The app as a user runs it: .env.example's settings, then our database and Redis."""
    env = clean_env(python)
    example = project_root / ".env.example"
    if example.exists():
        env.update(read_env_file(example))
    redis_url = f"{REDIS_URL}/{redis_db}"
    env.update(
        {
            "DATABASE_URL": database_url,
            "TEST_DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            "CELERY_RESULT_BACKEND": redis_url,
            "RATELIMIT_STORAGE_URI": redis_url,
            "JWT_COOKIE_SECURE": "false",
        }
    )
    return env
