"""Fresh PostgreSQL databases for the gates, created and dropped by name."""

from __future__ import annotations

import os
import uuid

import psycopg
from psycopg import sql

ADMIN_URL = os.getenv("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
RUN_ID = uuid.uuid4().hex[:8]


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


class Databases:
    """Creates databases named gate_<run>_<label> and drops every one of them at the end."""

    def __init__(self, admin_url: str = ADMIN_URL) -> None:
        self.admin_url = _libpq(admin_url)
        self.created: list[str] = []

    def create(self, label: str) -> str:
        """A new empty database; return its SQLAlchemy URL (psycopg 3 driver)."""
        name = f"gate_{RUN_ID}_{label}"[:63]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append(name)
        info = psycopg.conninfo.conninfo_to_dict(self.admin_url)
        user = info.get("user", "postgres")
        password = f":{info['password']}" if info.get("password") else ""
        host = info.get("host", "127.0.0.1")
        port = info.get("port", "5432")
        return f"postgresql+psycopg://{user}{password}@{host}:{port}/{name}"

    def drop_all(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for name in self.created:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
        self.created.clear()
