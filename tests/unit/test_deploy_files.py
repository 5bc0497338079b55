"""Docker, compose, nginx and the CI workflow, checked statically (no Docker engine runs here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from system_tools import system_tool

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*argv: object) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, check=False)


def test_the_dockerfile_passes_hadolint():
    result = run(BIN / "hadolint", "--failure-threshold", "info", ROOT / "Dockerfile")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_is_multi_stage_non_root_and_has_a_healthcheck():
    text = (ROOT / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", text, re.M)) >= 2
    assert re.search(r"^USER 10001", text, re.M)
    assert "HEALTHCHECK" in text
    assert "gunicorn" in text


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-workflows", ".github/workflows/ci.yml"),
        ("vendor.compose-spec", "docker-compose.yml"),
    ],
)
def test_workflow_and_compose_files_match_their_schemas(schema, path):
    result = run(BIN / "check-jsonschema", "--builtin-schema", schema, ROOT / path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_every_part_with_healthchecks():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert {"web", "worker", "beat", "db", "redis", "nginx"} <= set(services)
    for name in ("web", "worker", "db", "redis", "nginx"):
        assert "healthcheck" in services[name], name


def test_ci_runs_ruff_then_pylint_then_pytest_then_docker_then_deploy():
    jobs = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())["jobs"]
    assert list(jobs) == ["lint", "test", "docker", "deploy"]
    assert jobs["test"]["needs"] == "lint"
    assert {"postgres", "redis"} <= set(jobs["test"]["services"])
    lint_steps = [step.get("run", "") for step in jobs["lint"]["steps"]]
    assert [s.split()[0] for s in lint_steps if s.startswith(("ruff", "pylint"))] == [
        "ruff",
        "ruff",
        "pylint",
    ]


def test_the_nginx_config_passes_nginx_t(tmp_path):
    # The compose service name `web` does not resolve outside compose; test the same
    # config with the upstream pointed at loopback.
    conf = (
        (ROOT / "nginx/nginx.conf").read_text().replace("server web:8000", "server 127.0.0.1:8000")
    )
    (tmp_path / "nginx.conf").write_text(conf)
    nginx = system_tool("nginx")
    result = run(nginx, "-t", "-c", tmp_path / "nginx.conf", "-e", tmp_path / "error.log")
    assert result.returncode == 0, result.stderr


def test_behind_nginx_the_app_trusts_exactly_one_proxy():
    """nginx appends the client address to X-Forwarded-For; web trusts one hop of it."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert services["web"]["environment"]["TRUSTED_PROXIES"] == "1"
    assert "--forwarded-allow-ips" in " ".join(services["web"]["command"])
    assert "ports" not in services["web"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "TRUSTED_PROXIES=1" in dockerfile
    assert '"--forwarded-allow-ips"' in dockerfile
    nginx = (ROOT / "nginx/nginx.conf").read_text()
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in nginx
