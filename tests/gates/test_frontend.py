"""Gates of the generated Next.js frontend (marker `frontend`).

Each gate genome is generated with `stack.frontend: nextjs`; its frontend must pass `npm ci`,
eslint, `tsc --noEmit`, vitest, `next build` and hadolint, and a Chromium journey against
its real backend on PostgreSQL. They are slow on two cores: `make test` runs them for
clinic only; `make test-frontend` (HELIX_FRONTEND_GENOMES=all) runs every gate genome.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import redis as redis_lib
from helix_gates import static_checks
from helix_gates.commands import check, run
from helix_gates.environment import REDIS_URL, project_env
from helix_gates.frontend import next_server, nextjs_variant, npm
from helix_gates.generation import GeneratedProject, generate
from helix_gates.journey import Journey, conflict_target
from helix_gates.postgres import Databases
from helix_gates.server import free_port, gunicorn
from helix_gates.venvs import tool_venv

from app.examples import genome_paths

REDIS_DB = 15
LOG_DIR = Path(os.getenv("HELIX_GATES_LOG_DIR", "/tmp/helix-gates-logs"))


def frontend_genomes() -> list[Path]:
    """clinic by default; HELIX_FRONTEND_GENOMES=all (or a comma-separated list) for more."""
    every = genome_paths() + sorted((Path(__file__).parent / "genomes").glob("*.yaml"))
    wanted = os.getenv("HELIX_FRONTEND_GENOMES", "clinic")
    if wanted == "all":
        return every
    names = set(wanted.split(","))
    return [path for path in every if path.stem in names]


FRONTEND_GENOMES = frontend_genomes()
pytestmark = pytest.mark.frontend


class FrontendWorkspace:
    """One genome's nextjs project, installed and built once per session; failures remembered."""

    def __init__(self, genome_file: Path, workdir: Path) -> None:
        self.genome_file = genome_file
        self.workdir = workdir
        self.api_port = free_port()
        self._done: dict[str, object] = {}

    def _once(self, key: str, build):
        if key not in self._done:
            try:
                self._done[key] = build()
            except Exception as error:  # pylint: disable=broad-exception-caught
                self._done[key] = error
        value = self._done[key]
        if isinstance(value, Exception):
            raise value
        return value

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def project(self) -> GeneratedProject:
        def make() -> GeneratedProject:
            variant = nextjs_variant(self.genome_file, self.workdir / "genome")
            return generate(variant, self.workdir)

        return self._once("project", make)

    def frontend(self) -> Path:
        return self.project().root / "frontend"

    def installed(self) -> Path:
        def install() -> Path:
            check(npm(self.frontend(), "ci", "--prefer-offline"))
            return self.frontend()

        return self._once("npm ci", install)

    def built(self) -> Path:
        def build() -> Path:
            # The rewrite of /api/* is fixed at build time: the journey's backend listens there.
            check(npm(self.installed(), "run", "build", api_url=self.api_url, timeout=1200))
            return self.frontend()

        return self._once("build", build)


@pytest.fixture(scope="session")
def frontend_workspaces(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, FrontendWorkspace]:
    return {
        path: FrontendWorkspace(path, tmp_path_factory.mktemp(f"frontend-{path.stem}"))
        for path in FRONTEND_GENOMES
    }


@pytest.fixture(
    params=[
        pytest.param(path, id=path.stem, marks=pytest.mark.xdist_group(f"frontend-{path.stem}"))
        for path in FRONTEND_GENOMES
    ]
)
def workspace(request: pytest.FixtureRequest, frontend_workspaces) -> FrontendWorkspace:
    return frontend_workspaces[request.param]


def test_frontend_npm_ci(workspace: FrontendWorkspace) -> None:
    frontend = workspace.installed()
    assert (frontend / "src" / "api" / "openapi.d.ts").exists(), "postinstall wrote no API types"


def test_frontend_eslint(workspace: FrontendWorkspace) -> None:
    check(npm(workspace.installed(), "run", "lint"))


def test_frontend_tsc(workspace: FrontendWorkspace) -> None:
    check(npm(workspace.installed(), "run", "typecheck"))


def test_frontend_vitest(workspace: FrontendWorkspace) -> None:
    check(npm(workspace.installed(), "test"))


def test_frontend_next_build(workspace: FrontendWorkspace) -> None:
    frontend = workspace.built()
    assert (frontend / ".next" / "standalone" / "server.js").exists(), "no standalone server"


def test_frontend_hadolint(workspace: FrontendWorkspace) -> None:
    root = workspace.project().root
    check(run([static_checks.HELIX_BIN / "hadolint", "frontend/Dockerfile"], cwd=root, timeout=60))


def test_frontend_browser_journey(workspace: FrontendWorkspace, browser, tmp_path: Path) -> None:
    from app.genome import load

    project = workspace.project()
    frontend = workspace.built()
    genome = load((project.root / "genome.yaml").read_text(encoding="utf-8"))
    python = tool_venv(project.root)
    databases = Databases()
    redis_lib.Redis.from_url(f"{REDIS_URL}/{REDIS_DB}").flushdb()
    try:
        env = project_env(project.root, python, databases.create(f"{project.name}_ui"), REDIS_DB)
        flask = [python, "-m", "flask", "--app", "app", "db", "upgrade"]
        check(run(flask, cwd=project.root, env=env, timeout=300))
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        api_log = LOG_DIR / f"{project.name}-frontend-api.log"
        with (
            gunicorn(python, project.root, env, api_log, port=workspace.api_port),
            next_server(frontend, tmp_path / "next.log") as base_url,
        ):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            try:
                _journey(Journey(page, base_url, genome, project.root))
            except Exception:
                page.screenshot(path=str(LOG_DIR / f"{project.name}-frontend-journey.png"))
                raise
            finally:
                page.close()
    finally:
        databases.drop_all()


def _journey(journey: Journey) -> None:
    journey.sign_up(f"journey-{journey.genome.slug[:20]}@example.com")
    order = journey.create_all()
    first, last = order[0], order[-1]
    journey.search_sort_and_filter(first)
    for entity in order:
        if entity.search:
            journey.search_sort_and_filter(entity)
            break
    editable = [
        entity
        for entity in order
        if any(
            item.type in ("string", "text") and not item.immutable and not item.pattern
            for item in entity.fields
        )
    ]
    if editable:
        journey.edit(editable[0])
    for entity in order:
        if entity.transitions:
            journey.transition(entity)
    blocked = conflict_target(order)
    if blocked is not None:
        journey.delete(blocked, conflict=True)
    journey.delete(last)
    journey.fits_390_px(first)
    journey.other_workspace_sees_not_found(first)
