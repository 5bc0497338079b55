"""Fixtures of the quality gates: one generated project, venv and database set per genome.

Every example genome (examples/genomes/, plus HELIX_EXTRA_EXAMPLES) and every genome of
tests/gates/genomes/ is generated once per session; each gate is a separate test parametrized
by genome, so a failure names both.
With pytest-xdist, `--dist loadgroup` keeps all gates of one genome on one worker.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as redis_lib
from helix_gates.environment import REDIS_URL, project_env
from helix_gates.generation import GeneratedProject, generate
from helix_gates.postgres import Databases
from helix_gates.venvs import tool_venv

from app.examples import genome_paths

OWN_GENOMES_DIR = Path(__file__).parent / "genomes"


def genome_files() -> list[Path]:
    """Every genome the gates run on; HELIX_GATES_GENOMES=clinic,hostile narrows the set."""
    files = genome_paths() + sorted(OWN_GENOMES_DIR.glob("*.yaml"))
    wanted = {name for name in os.getenv("HELIX_GATES_GENOMES", "").split(",") if name}
    return [path for path in files if not wanted or path.stem in wanted]


GENOMES = genome_files()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every gate test `gates` and group it with its genome for xdist."""
    here = Path(__file__).parent
    for item in items:
        if here not in Path(item.fspath).parents:
            continue
        item.add_marker(pytest.mark.gates)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "genome_file" in callspec.params:
            item.add_marker(pytest.mark.xdist_group(callspec.params["genome_file"].stem))


class GenomeWorkspace:
    """Everything the gates of one genome share, built once per session on first use.

    pytest keeps only one instance of a parametrized session fixture alive, so with
    xdist's interleaving a plain session fixture would regenerate the project; this cache
    does not. A failure to build is remembered and reported by every gate that needs it.
    """

    def __init__(self, genome_file: Path, workdir: Path) -> None:
        self.genome_file = genome_file
        self.workdir = workdir
        self._values: dict[str, object] = {}

    def _once(self, key: str, build):
        if key not in self._values:
            try:
                self._values[key] = build()
            except Exception as error:  # pylint: disable=broad-exception-caught
                self._values[key] = error
        value = self._values[key]
        if isinstance(value, Exception):
            raise value
        return value

    def project(self) -> GeneratedProject:
        return self._once("project", lambda: generate(self.genome_file, self.workdir))

    def python(self) -> Path:
        return self._once("python", lambda: tool_venv(self.project().root))

    def redis_db(self) -> int:
        def flushed() -> int:
            number = 1 + GENOMES.index(self.genome_file) % 14
            redis_lib.Redis.from_url(f"{REDIS_URL}/{number}").flushdb()
            return number

        return self._once("redis_db", flushed)


@pytest.fixture(scope="session")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, GenomeWorkspace]:
    return {
        path: GenomeWorkspace(path, tmp_path_factory.mktemp(f"project-{path.stem}"))
        for path in GENOMES
    }


@pytest.fixture(params=GENOMES, ids=[path.stem for path in GENOMES])
def genome_file(request: pytest.FixtureRequest) -> Path:
    return request.param


@pytest.fixture(scope="session")
def databases() -> Iterator[Databases]:
    created = Databases()
    yield created
    created.drop_all()


@pytest.fixture
def project(genome_file: Path, workspaces) -> GeneratedProject:
    """The genome's project, generated, zipped and unpacked as a user gets it."""
    return workspaces[genome_file].project()


@pytest.fixture
def project_python(genome_file: Path, workspaces) -> Path:
    """The python of a cached venv holding the project's runtime and dev requirements."""
    return workspaces[genome_file].python()


@pytest.fixture
def redis_db(genome_file: Path, workspaces) -> int:
    """A Redis database number of this genome, emptied once (rate-limit counters included)."""
    return workspaces[genome_file].redis_db()


@pytest.fixture
def env_for(project: GeneratedProject, project_python: Path, databases: Databases, redis_db: int):
    """env_for(label): the project's environment with a fresh database of its own."""

    def make(label: str) -> dict[str, str]:
        url = databases.create(f"{project.name}_{label}")
        return project_env(project.root, project_python, url, redis_db)

    return make


@pytest.fixture
def static_env(project: GeneratedProject, project_python: Path, redis_db: int) -> dict[str, str]:
    """The project's environment for tools that never connect to the database."""
    return project_env(
        project.root,
        project_python,
        "postgresql+psycopg://postgres@127.0.0.1:5432/not_used_by_static_checks",
        redis_db,
    )
