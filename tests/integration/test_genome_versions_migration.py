"""The genome-versions migration gives existing projects their history back from what is
stored, links every generation to its version, and downgrades cleanly."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

pytestmark = pytest.mark.integration

BEFORE = "b7d2c41e9a53"
REVISION = "c4e81f0a9d27"


@pytest.fixture
def scratch_app(app, database_url):
    """An app on a database of its own, migrated up to just before genome versions."""
    del app  # the run's environment is set
    from flask_migrate import upgrade

    from app import create_app

    name = f"helix_mig_{uuid.uuid4().hex[:10]}"
    admin = make_url(database_url).set(drivername="postgresql")
    admin_dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.set(drivername="postgresql+psycopg", database=name)
    scratch = create_app("test", TEST_DATABASE_URL=url.render_as_string(hide_password=False))
    try:
        with scratch.app_context():
            upgrade(revision=BEFORE)
            yield scratch
            from app.extensions import db

            db.session.remove()
            db.engine.dispose()
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def insert(connection, table: str, **values) -> None:
    columns = ", ".join(values)
    marks = ", ".join(f":{key}" for key in values)
    connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), values)


def generation(connection, project, genome_yaml: str, at: str, user) -> uuid.UUID:
    ident = uuid.uuid4()
    insert(
        connection,
        "generations",
        id=ident,
        workspace_id=project["workspace_id"],
        project_id=project["id"],
        project_slug="notes",
        genome_yaml=genome_yaml,
        genome_sha256="0" * 64,
        generator_version="0.1.0",
        status="succeeded",
        attempts=1,
        requested_by_id=user,
        created_at=at,
    )
    return ident


@pytest.mark.usefixtures("scratch_app")
def test_existing_projects_get_their_versions_and_the_downgrade_removes_them():
    from flask_migrate import downgrade, upgrade

    from app.extensions import db

    user, workspace = uuid.uuid4(), uuid.uuid4()
    with db.engine.begin() as connection:
        insert(
            connection,
            "users",
            id=user,
            email="old@example.com",
            name="Old",
            password_hash="x",
            created_at="2026-11-01T00:00:00Z",
        )
        insert(
            connection,
            "workspaces",
            id=workspace,
            name="Old",
            plan="free",
            created_at="2026-11-01T00:00:00Z",
        )
        project = {"id": uuid.uuid4(), "workspace_id": workspace}
        insert(
            connection,
            "projects",
            **project,
            name="Notes",
            description="",
            genome_yaml="C",
            created_by_id=user,
            created_at="2026-11-01T00:00:00Z",
            updated_at="2026-11-05T00:00:00Z",
        )
        first = generation(connection, project, "A", "2026-11-02T00:00:00Z", user)
        again = generation(connection, project, "A", "2026-11-03T00:00:00Z", None)
        second = generation(connection, project, "B", "2026-11-04T00:00:00Z", None)

    upgrade(revision=REVISION)
    with db.engine.connect() as connection:
        versions = connection.execute(
            text(
                "SELECT number, genome_yaml, created_by_id, id FROM genome_versions "
                "WHERE project_id = :p ORDER BY number"
            ),
            {"p": project["id"]},
        ).all()
        assert [(row.number, row.genome_yaml, row.created_by_id) for row in versions] == [
            (1, "A", user),
            (2, "B", None),
            (3, "C", user),
        ]
        linked = dict(
            connection.execute(text("SELECT id, genome_version_id FROM generations")).all()
        )
        assert linked == {first: versions[0].id, again: versions[0].id, second: versions[1].id}
        lineages = connection.execute(text("SELECT DISTINCT lineage::text FROM generations"))
        assert lineages.scalars().all() == ["[]"]

    downgrade(revision=BEFORE)
    with db.engine.connect() as connection:
        tables = connection.execute(
            text("SELECT to_regclass('genome_versions') IS NULL")
        ).scalar_one()
        assert tables
        columns = connection.execute(
            text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'generations' AND column_name IN ('lineage', "
                "'genome_version_id')"
            )
        ).all()
        assert columns == []
