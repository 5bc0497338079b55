"""Gates of the generated FastAPI backend (marker `fastapi`).

Each gate genome is generated with `stack.backend: fastapi` and must pass the project's own
`make lint` and `make test` (PostgreSQL, coverage >= 90%), Alembic upgrade / downgrade /
upgrade with no drift, serve the shared `openapi.yaml`, and zip deterministically. A genome
asking for what the FastAPI templates do not generate yet (billing, Celery jobs) must be
refused with `unsupported_stack`. `make test` runs clinic; `make test-fastapi`
(HELIX_FASTAPI_GENOMES=all) runs every gate genome.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis as redis_lib
import requests
import yaml
from helix_gates import api_fuzz, contract, static_checks
from helix_gates.commands import check, run
from helix_gates.environment import REDIS_URL, project_env, suite_env
from helix_gates.generation import GeneratedProject, generate, generate_with_cli
from helix_gates.make import make
from helix_gates.postgres import ADMIN_URL, Databases
from helix_gates.server import HOST, free_port, gunicorn, serving, sign_up
from helix_gates.venvs import tool_venv
from system_tools import system_tool

from app.codegen.render import UnsupportedStackError, check_stack
from app.examples import genome_paths
from app.genome import load

REDIS_DB = 14
ALEMBIC = ("-m", "alembic")


def fastapi_genomes() -> list[Path]:
    """clinic by default; HELIX_FASTAPI_GENOMES=all (or a comma-separated list) for more."""
    every = genome_paths() + sorted((Path(__file__).parent / "genomes").glob("*.yaml"))
    wanted = os.getenv("HELIX_FASTAPI_GENOMES", "clinic")
    if wanted == "all":
        return every
    names = set(wanted.split(","))
    return [path for path in every if path.stem in names]


FASTAPI_GENOMES = fastapi_genomes()
# One xdist worker holds every FastAPI gate, so each project and venv is built once.
pytestmark = [pytest.mark.fastapi, pytest.mark.xdist_group("fastapi")]


def fastapi_variant(genome_file: Path, workdir: Path) -> Path:
    """The genome with `stack.backend: fastapi`."""
    data = yaml.safe_load(genome_file.read_text(encoding="utf-8"))
    data.setdefault("stack", {})["backend"] = "fastapi"
    workdir.mkdir(parents=True, exist_ok=True)
    target = workdir / genome_file.name
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def generatable(genome_file: Path) -> bool:
    """Whether the FastAPI templates generate this genome (no billing, no Celery jobs)."""
    genome = load(genome_file.read_text(encoding="utf-8"))
    try:
        check_stack(dataclasses.replace(genome, backend="fastapi"))
    except UnsupportedStackError:
        return False
    return True


class FastapiWorkspace:
    """One genome's FastAPI project and its venv, built once per session; failures remembered."""

    def __init__(self, genome_file: Path, workdir: Path) -> None:
        self.genome_file = genome_file
        self.workdir = workdir
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

    def project(self) -> GeneratedProject:
        def build() -> GeneratedProject:
            variant = fastapi_variant(self.genome_file, self.workdir / "genome")
            return generate(variant, self.workdir)

        return self._once("project", build)

    def python(self) -> Path:
        return self._once("python", lambda: tool_venv(self.project().root))


@pytest.fixture(scope="session")
def fastapi_workspaces(tmp_path_factory) -> dict[Path, FastapiWorkspace]:
    return {
        path: FastapiWorkspace(path, tmp_path_factory.mktemp(f"fastapi-{path.stem}"))
        for path in FASTAPI_GENOMES
    }


@pytest.fixture(params=FASTAPI_GENOMES, ids=[path.stem for path in FASTAPI_GENOMES])
def fastapi_genome(request) -> Path:
    if not generatable(request.param):
        pytest.skip("asks for billing or Celery jobs, which the FastAPI backend refuses (below)")
    return request.param


@pytest.fixture
def workspace(fastapi_genome, fastapi_workspaces) -> FastapiWorkspace:
    return fastapi_workspaces[fastapi_genome]


@pytest.fixture(scope="session")
def fastapi_databases():
    created = Databases()
    yield created
    created.drop_all()


@pytest.mark.parametrize("source_genome", FASTAPI_GENOMES, ids=[p.stem for p in FASTAPI_GENOMES])
def test_billing_or_jobs_are_refused_with_unsupported_stack(source_genome: Path, tmp_path: Path):
    if generatable(source_genome):
        pytest.skip("generatable with FastAPI (gated below)")
    variant = fastapi_variant(source_genome, tmp_path)
    result = generate_with_cli(variant, tmp_path / "out.zip", hash_seed="1")
    assert result.returncode == 2, result.output
    assert "unsupported_stack" in result.output


def test_generating_twice_gives_the_same_zip(workspace: FastapiWorkspace, tmp_path: Path) -> None:
    project = workspace.project()
    out = tmp_path / "again.zip"
    check(generate_with_cli(project.genome_file, out, hash_seed="4242"))
    assert hashlib.sha256(out.read_bytes()).hexdigest() == project.zip_sha256


def test_make_lint(workspace: FastapiWorkspace) -> None:
    project, python = workspace.project(), workspace.python()
    env = suite_env(python, ADMIN_URL, REDIS_DB)
    check(make("lint", project.root, python, env))


def test_make_test(workspace: FastapiWorkspace) -> None:
    project, python = workspace.project(), workspace.python()
    env = suite_env(python, ADMIN_URL, REDIS_DB)
    check(make("test", project.root, python, env))


def test_alembic_upgrade_downgrade_upgrade_and_no_drift(
    workspace: FastapiWorkspace, fastapi_databases: Databases
) -> None:
    project, python = workspace.project(), workspace.python()
    url = fastapi_databases.create(f"{project.name}_fastapi_alembic")
    env = project_env(project.root, python, url, REDIS_DB)
    for step in (("upgrade", "head"), ("downgrade", "base"), ("upgrade", "head"), ("check",)):
        check(run([python, *ALEMBIC, *step], cwd=project.root, env=env, timeout=300))


def test_the_served_contract_is_the_flask_backends(workspace: FastapiWorkspace, tmp_path: Path):
    project = workspace.project()
    flask_genome = yaml.safe_load(project.read("genome.yaml"))
    flask_genome["stack"]["backend"] = "flask"
    flask_file = tmp_path / "flask.yaml"
    flask_file.write_text(
        yaml.safe_dump(flask_genome, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    flask_project = generate(flask_file, _made(tmp_path / "flask"))
    assert project.read("openapi.yaml") == flask_project.read("openapi.yaml")
    assert project.read("app/openapi.json") == flask_project.read("app/openapi.json")


@contextmanager
def uvicorn(python: Path, project_root: Path, env: dict[str, str], log: Path) -> Iterator[str]:
    """uvicorn serving the FastAPI app (two workers, like the Flask gate's gunicorn)."""
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    command = [
        str(python),
        *("-m", "uvicorn", "--factory", "app.main:create_app"),
        *("--host", HOST, "--port", str(port), "--workers", "2"),
    ]
    with serving(command, cwd=project_root, env=env, log=log, ready_url=f"{base_url}/healthz"):
        yield base_url


def test_flask_and_fastapi_answer_the_same_requests_alike(
    workspace: FastapiWorkspace, fastapi_databases: Databases, tmp_path: Path
) -> None:
    project, python = workspace.project(), workspace.python()
    source = yaml.safe_load(project.read("genome.yaml"))
    source["stack"]["backend"] = "flask"
    flask_file = tmp_path / "flask.yaml"
    flask_file.write_text(
        yaml.safe_dump(source, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    flask_project = generate(flask_file, _made(tmp_path / "flask"))
    flask_python = tool_venv(flask_project.root)
    segments = [
        path.split("/")[4]
        for path in yaml.safe_load(project.read("openapi.yaml"))["paths"]
        if path.count("/") == 4 and path.startswith(f"/api/v1/{project.tenant_plural}/")
    ]
    sessions = {}
    flask_env = project_env(
        flask_project.root,
        flask_python,
        fastapi_databases.create(f"{project.name}_contract_flask"),
        REDIS_DB,
    )
    fastapi_env = project_env(
        project.root, python, fastapi_databases.create(f"{project.name}_contract_fastapi"), REDIS_DB
    )
    for env in (flask_env, fastapi_env):
        env.update(
            AUTH_RATE_LIMIT="1000 per minute",
            RATELIMIT_STORAGE_URI="memory://",
            EMAIL_PROVIDER="console",
        )
    check(
        run(
            [flask_python, "-m", "flask", "--app", "app", "db", "upgrade"],
            cwd=flask_project.root,
            env=flask_env,
            timeout=300,
        )
    )
    check(
        run([python, *ALEMBIC, "upgrade", "head"], cwd=project.root, env=fastapi_env, timeout=300)
    )
    with gunicorn(flask_python, flask_project.root, flask_env, tmp_path / "flask.log") as server:
        sessions["flask"] = contract.Session(requests.Session(), server.base_url)
        contract.scenario(sessions["flask"], project.tenant_snake, project.tenant_plural, segments)
    with uvicorn(python, project.root, fastapi_env, tmp_path / "fastapi.log") as base_url:
        sessions["fastapi"] = contract.Session(requests.Session(), base_url)
        contract.scenario(
            sessions["fastapi"], project.tenant_snake, project.tenant_plural, segments
        )
    different = list(contract.differences(sessions["flask"], sessions["fastapi"]))
    assert not different, (
        f"{len(different)} of {len(sessions['flask'].log)} answers differ:\n" + "\n".join(different)
    )


def test_dockerfile_compose_nginx_and_workflows(
    workspace: FastapiWorkspace, tmp_path: Path
) -> None:
    root = workspace.project().root
    check(static_checks.hadolint(root))
    workflows = sorted((root / ".github" / "workflows").glob("*.y*ml"))
    check(static_checks.check_jsonschema("vendor.github-workflows", workflows))
    check(static_checks.check_jsonschema("vendor.compose-spec", [root / "docker-compose.yml"]))
    services = static_checks.compose_service_names(root / "docker-compose.yml")
    config = root / "nginx" / "nginx.conf"
    check(static_checks.nginx_test(system_tool("nginx"), config, services, tmp_path))


def test_schemathesis_finds_no_failure(
    workspace: FastapiWorkspace, fastapi_databases: Databases, tmp_path: Path
) -> None:
    project, python = workspace.project(), workspace.python()
    env = project_env(
        project.root, python, fastapi_databases.create(f"{project.name}_fastapi_api"), REDIS_DB
    )
    check(run([python, *ALEMBIC, "upgrade", "head"], cwd=project.root, env=env, timeout=300))
    # A fresh rate-limit window: the previous genome's run signed up from the same address.
    redis_lib.Redis.from_url(f"{REDIS_URL}/{REDIS_DB}").flushdb()
    spec = yaml.safe_load(project.read("openapi.yaml"))
    with uvicorn(python, project.root, env, tmp_path / "uvicorn.log") as base_url:
        login = sign_up(base_url, project.tenant_snake)
        config = api_fuzz.write_config(
            tmp_path / "schemathesis.toml", base_url, login, spec, project.tenant_plural
        )
        result = api_fuzz.run_schemathesis(project.root / "openapi.yaml", config, tmp_path / "r")
    server_log = (tmp_path / "uvicorn.log").read_text(encoding="utf-8")
    assert result.returncode == 0, (
        f"{api_fuzz.summary(result.output)}\n--- server log ---\n{server_log[-3000:]}"
    )
