"""The eight quality gates of DESIGN.md, for every genome (see conftest.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import yaml
from helix_gates import api_fuzz, routes, static_checks
from helix_gates.commands import check, run
from helix_gates.environment import REDIS_URL, clean_env, suite_env
from helix_gates.generation import GeneratedProject, generate_with_cli, zip_differences
from helix_gates.make import copy_with_dotenv, make
from helix_gates.postgres import ADMIN_URL, RUN_ID
from helix_gates.server import gunicorn, sign_up
from helix_gates.stripe_standin import stripe_standin
from helix_gates.venvs import claim_fresh_install, create_venv, install_from_wheels
from system_tools import system_tool

# Shared by every xdist worker of one run; a plain run has its own id.
TEST_RUN_ID = os.getenv("PYTEST_XDIST_TESTRUNUID") or RUN_ID
FLASK = ("-m", "flask", "--app", "app")
LOG_DIR = Path(os.getenv("HELIX_GATES_LOG_DIR", "/tmp/helix-gates-logs"))


# Gate 8 first: it needs nothing but the generator.
def test_generating_twice_gives_the_same_zip(project: GeneratedProject, tmp_path: Path) -> None:
    out = tmp_path / "again.zip"
    check(generate_with_cli(project.genome_file, out, hash_seed="12345"))
    again = hashlib.sha256(out.read_bytes()).hexdigest()
    differences = zip_differences(project.zip_file, out) or ["same entries; archive bytes differ"]
    assert again == project.zip_sha256, "two generations differ:\n" + "\n".join(differences)


# Gate 1: the project's own `make lint` (ruff, ruff format --check, pylint, bandit).
def test_make_lint(project: GeneratedProject, project_python: Path, static_env) -> None:
    check(make("lint", project.root, project_python, static_env))


# Gate 2: the runtime requirements install into a brand-new venv.
def test_fresh_venv_installs_requirements(project: GeneratedProject, tmp_path: Path) -> None:
    if os.getenv("HELIX_GATES_FRESH") != "all":
        installed_by = claim_fresh_install(project.root, TEST_RUN_ID)
        if installed_by:
            pytest.skip(f"same requirements.txt as {installed_by}, installed fresh in this run")
    python = create_venv(tmp_path / "venv")
    check(install_from_wheels(python, project.root, ("requirements.txt",)))
    check(run([python, "-m", "pip", "check"], timeout=120))


# Gate 3: Alembic on a fresh database.
def test_alembic_upgrade_downgrade_upgrade(
    project: GeneratedProject, project_python: Path, env_for
) -> None:
    env = env_for("alembic")
    for step in (("upgrade",), ("downgrade", "base"), ("upgrade",)):
        check(run([project_python, *FLASK, "db", *step], cwd=project.root, env=env, timeout=300))


def test_alembic_autogenerate_finds_no_drift(
    project: GeneratedProject, project_python: Path, env_for
) -> None:
    env = env_for("drift")
    check(run([project_python, *FLASK, "db", "upgrade"], cwd=project.root, env=env, timeout=300))
    check(run([project_python, *FLASK, "db", "check"], cwd=project.root, env=env, timeout=300))


# Gate 4: the project's own `make test` (coverage at least 90%), as in its CI and after
# the README's `cp .env.example .env` with the database and Redis URLs set.
def test_make_test_as_in_ci(project: GeneratedProject, project_python: Path, redis_db: int) -> None:
    # As in the project's CI: the suite creates and drops its own database on this server.
    env = suite_env(project_python, ADMIN_URL, redis_db)
    check(make("test", project.root, project_python, env))


def test_make_test_after_copying_env_example(
    project: GeneratedProject, project_python: Path, redis_db: int, tmp_path: Path
) -> None:
    redis_url = f"{REDIS_URL}/{redis_db}"
    servers = {"DATABASE_URL": ADMIN_URL, "TEST_DATABASE_URL": ADMIN_URL, "REDIS_URL": redis_url}
    copy = copy_with_dotenv(project.root, tmp_path, servers)
    check(make("test", copy, project_python, clean_env(project_python)))


# Gate 5: openapi.yaml is valid OpenAPI 3.1 and matches the routes both ways.
@pytest.fixture
def openapi_spec(project: GeneratedProject) -> dict:
    return yaml.safe_load(project.read("openapi.yaml"))


def test_openapi_is_valid_3_1(openapi_spec: dict) -> None:
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation import OpenAPIV31SpecValidator

    assert str(openapi_spec.get("openapi", "")).startswith("3.1"), openapi_spec.get("openapi")
    validate(openapi_spec, cls=OpenAPIV31SpecValidator)


def test_openapi_matches_app_routes(
    project: GeneratedProject, project_python: Path, static_env, openapi_spec: dict
) -> None:
    served = routes.app_operations(project_python, project.root, static_env)
    described = routes.spec_operations(openapi_spec)
    missing_in_spec = sorted(served - described)
    missing_in_app = sorted(described - served)
    assert not missing_in_spec, f"routes not in openapi.yaml: {missing_in_spec}"
    assert not missing_in_app, f"openapi.yaml paths the app does not serve: {missing_in_app}"


# Gate 6: Schemathesis against the running app, logged in.
def test_schemathesis_finds_no_failure(
    project: GeneratedProject, project_python: Path, env_for, openapi_spec: dict, tmp_path: Path
) -> None:
    with stripe_standin() as stripe_url:
        # Billing is configured against the Stripe stand-in. The auth rate limit stays as
        # shipped: lifting it makes Schemathesis spend minutes in bcrypt on signup and login.
        env = {
            **env_for("api"),
            "STRIPE_SECRET_KEY": "sk_test_gate",
            "STRIPE_WEBHOOK_SECRET": "whsec_gate",
            "STRIPE_PRICE_PRO": "price_gate",
            "STRIPE_API_BASE": stripe_url,
        }
        result, server_log = _fuzz(project, project_python, env, openapi_spec, tmp_path)
    # Kept outside pytest's rotating temp dirs, so the report outlives other runs.
    log = LOG_DIR / f"{project.name}-schemathesis.log"
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log.write_text(result.output + "\n--- server log ---\n" + server_log, encoding="utf-8")
    assert result.returncode == 0, (
        f"Schemathesis failed (full output: {log}):\n{api_fuzz.summary(result.output)}"
        f"\n--- server log ---\n{server_log[-3000:]}"
    )


def _fuzz(project, project_python, env, openapi_spec, tmp_path):
    """Migrate a fresh database, serve the app, sign up, run Schemathesis."""
    check(run([project_python, *FLASK, "db", "upgrade"], cwd=project.root, env=env, timeout=300))
    with gunicorn(project_python, project.root, env, tmp_path / "gunicorn.log") as server:
        login = sign_up(server.base_url, project.tenant_snake)
        config = api_fuzz.write_config(
            tmp_path / "schemathesis.toml",
            server.base_url,
            login,
            openapi_spec,
            project.tenant_plural,
        )
        result = api_fuzz.run_schemathesis(
            project.root / "openapi.yaml", config, tmp_path / "report"
        )
    return result, server.log.read_text(encoding="utf-8")


# Gate 7: Dockerfile, workflows, compose and nginx.
def test_hadolint(project: GeneratedProject) -> None:
    check(static_checks.hadolint(project.root))


def test_workflows_match_github_schema(project: GeneratedProject) -> None:
    workflows = sorted((project.root / ".github" / "workflows").glob("*.y*ml"))
    assert workflows, "no workflow in .github/workflows"
    check(static_checks.check_jsonschema("vendor.github-workflows", workflows))


def test_compose_matches_compose_spec(project: GeneratedProject) -> None:
    check(
        static_checks.check_jsonschema("vendor.compose-spec", [project.root / "docker-compose.yml"])
    )


def test_nginx_config_passes_nginx_t(project: GeneratedProject, tmp_path: Path) -> None:
    services = static_checks.compose_service_names(project.root / "docker-compose.yml")
    config = project.root / "nginx" / "nginx.conf"
    check(static_checks.nginx_test(system_tool("nginx"), config, services, tmp_path))
