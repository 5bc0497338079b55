"""Gates of the generated Next.js frontend (marker `frontend`).

Each gate genome is generated with `stack.frontend: nextjs`; its frontend must pass `npm ci`,
eslint, `tsc --noEmit`, vitest, `next build` and hadolint, and a Chromium journey against
its real backend on PostgreSQL. They are slow on two cores: `make test` runs them for
clinic only; `make test-frontend` (HELIX_FRONTEND_GENOMES=all) runs every gate genome.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import redis as redis_lib
import yaml
from helix_gates import static_checks
from helix_gates.commands import check, run
from helix_gates.environment import REDIS_URL, project_env
from helix_gates.frontend import next_server, nextjs_variant, npm
from helix_gates.generation import GeneratedProject, generate
from helix_gates.journey import Journey, conflict_target
from helix_gates.postgres import Databases
from helix_gates.server import free_port, gunicorn
from helix_gates.venvs import tool_venv
from system_tools import NODE_HINT, REQUIRE_ENV, system_tool

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
NODE_MINIMUM = (20, 9)  # Next.js 16's engines field


@pytest.fixture(scope="session", autouse=True)
def node_and_npm() -> None:
    """Skip (fail under HELIX_REQUIRE_SYSTEM_TOOLS=1) with an install hint without Node and npm."""
    node = system_tool("node")
    system_tool("npm")
    version = run([node, "--version"], timeout=30).stdout.strip().lstrip("v")
    found = tuple(int(part) for part in version.split(".")[:2] if part.isdigit())
    if found < NODE_MINIMUM:
        message = f"Node.js {version} is too old for Next.js 16 (install it: {NODE_HINT})"
        if os.getenv(REQUIRE_ENV) == "1":
            pytest.fail(f"{message}; {REQUIRE_ENV}=1 forbids skipping", pytrace=False)
        pytest.skip(message)


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


def test_frontend_deploy_files(workspace: FrontendWorkspace, tmp_path: Path) -> None:
    """CI job, image, compose service and nginx routes of the frontend, checked statically."""
    root = workspace.project().root
    workflows = sorted((root / ".github" / "workflows").glob("*.y*ml"))
    check(static_checks.check_jsonschema("vendor.github-workflows", workflows))
    check(static_checks.check_jsonschema("vendor.compose-spec", [root / "docker-compose.yml"]))
    frontend_ci_runs_the_gates_steps(root / ".github" / "workflows" / "frontend.yml")
    image_is_multi_stage_standalone_and_non_root(root / "frontend")
    compose = yaml.safe_load((root / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["frontend"]["build"] == {"context": ".", "dockerfile": "frontend/Dockerfile"}
    assert services["nginx"]["depends_on"]["frontend"] == {"condition": "service_healthy"}
    config = root / "nginx" / "nginx.conf"
    routes = nginx_routes(config.read_text(encoding="utf-8"))
    assert routes["/api/"] == "app_server", routes
    assert routes["/"] == "frontend_server", routes
    assert re.search(r"upstream frontend_server \{\s*server frontend:3000;", config.read_text())
    check(static_checks.nginx_test(system_tool("nginx"), config, sorted(services), tmp_path))


def frontend_ci_runs_the_gates_steps(workflow: Path) -> None:
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    steps = jobs["frontend"]["steps"]
    node = next(step for step in steps if step.get("uses", "").startswith("actions/setup-node"))
    assert node["with"]["cache"] == "npm"
    assert node["with"]["cache-dependency-path"] == "frontend/package-lock.json"
    runs = [step["run"].split(" --")[0] for step in steps if "run" in step]
    # The same steps as the gates above, in their order.
    assert runs == ["npm ci", "npm run lint", "npm run typecheck", "npm test", "npm run build"]
    assert jobs["frontend"]["defaults"]["run"]["working-directory"] == "frontend"


def image_is_multi_stage_standalone_and_non_root(frontend: Path) -> None:
    text = (frontend / "Dockerfile").read_text(encoding="utf-8")
    assert len(re.findall(r"^FROM ", text, re.M)) >= 2
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users, "the image runs as root"
    assert users[-1].split(":")[0] not in ("0", "root"), users
    assert ".next/standalone" in text
    assert "HEALTHCHECK" in text
    assert re.search(r'^CMD \["node", "server.js"\]', text, re.M)
    assert re.search(r'output:\s*"standalone"', (frontend / "next.config.ts").read_text())


def nginx_routes(config: str) -> dict[str, str]:
    """{location prefix: upstream it proxies to} of the nginx configuration."""
    return dict(re.findall(r"location (/\S*) \{[^}]*?proxy_pass http://(\w+);", config))


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
