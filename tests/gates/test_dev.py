"""Gate: the generated project's `make dev` works on a fresh copy with nothing set.

No DATABASE_URL, REDIS_URL or TEST_DATABASE_URL: the project starts its embedded PostgreSQL
and Redis (data under instance/), migrates and serves; /healthz and /api/docs answer 200.
Ctrl-C (SIGINT to its process group, as a terminal sends it) stops everything it started,
and a second `make dev` finds the data of the first. Slow on two cores: `make test` runs it
for clinic; `make test-dev` (HELIX_DEV_GENOMES=all) for every gate genome.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from helix_gates.environment import clean_env
from helix_gates.frontend import nextjs_variant, npm_env
from helix_gates.generation import GeneratedProject, generate
from helix_gates.make import link_venv
from helix_gates.server import HOST, free_port, serving, sign_up, wait_for
from helix_gates.venvs import tool_venv

from app.examples import genome_paths
from app.genome import load

# First start: pip is done, but initdb, the migrations and the app's import on a busy
# 2-core machine take minutes in the worst case; a ready server is seen at once.
START_TIMEOUT = 600
STOP_TIMEOUT = 120
SETTINGS_UNSET = ("DATABASE_URL", "REDIS_URL", "TEST_DATABASE_URL", "PORT", "FRONTEND_PORT")
# pgserver, run as root, starts PostgreSQL as its own system user, which must reach the
# venv's binaries: the gates' cache under the home folder is private, this one is not.
DEV_VENVS = Path(tempfile.gettempdir()) / "helix-gates-dev-venvs"


def dev_cases() -> list[tuple[Path, str]]:
    """(genome, frontend) pairs: clinic without a frontend by default; HELIX_DEV_GENOMES=all
    (or a comma-separated list) for more genomes, HELIX_DEV_FRONTENDS=none,nextjs to run each
    also with the Next.js frontend (`make dev` then runs `npm ci` and `next dev` too)."""
    every = genome_paths() + sorted((Path(__file__).parent / "genomes").glob("*.yaml"))
    wanted = os.getenv("HELIX_DEV_GENOMES", "clinic")
    genomes = every if wanted == "all" else [p for p in every if p.stem in wanted.split(",")]
    frontends = os.getenv("HELIX_DEV_FRONTENDS", "none").split(",")
    return [(genome, frontend) for genome in genomes for frontend in frontends]


def _processes_of(root: Path) -> list[psutil.Process]:
    """Live processes started for the project: run in it, or naming it on their command line."""
    found = []
    for process in psutil.process_iter(["cmdline", "cwd", "status"]):
        info = process.info
        if info["status"] == psutil.STATUS_ZOMBIE:
            continue
        cwd = info["cwd"] or ""
        cmdline = " ".join(info["cmdline"] or ())
        if cwd == str(root) or cwd.startswith(f"{root}/") or str(root) in cmdline:
            found.append(process)
    return found


def _describe(processes: list[psutil.Process]) -> str:
    lines = []
    for process in processes:
        try:
            lines.append(f"{process.pid}: {' '.join(process.cmdline())[:200]}")
        except psutil.Error:
            continue
    return "\n".join(lines)


def _expected_celery(genome_file: Path) -> list[str]:
    """The Celery processes `make dev` runs for this genome: the worker, beat for schedules."""
    genome = load(genome_file.read_text(encoding="utf-8"))
    if not genome.features.async_jobs:
        return []
    return ["worker", "beat"] if any(job.schedule for job in genome.jobs) else ["worker"]


def _status(url: str, body: dict | None = None) -> int:
    """The status of a GET, or of a JSON POST of `body`."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _make_dev(copy: Path, env: dict[str, str], log: Path):
    base_url = f"http://{HOST}:{env['PORT']}"
    return base_url, serving(
        ["make", "dev"],
        cwd=copy,
        env=env,
        log=log,
        ready_url=f"{base_url}/healthz",
        timeout=START_TIMEOUT,
        stop_signal=signal.SIGINT,
        stop_timeout=STOP_TIMEOUT,
    )


def _assert_all_stopped(copy: Path) -> None:
    deadline = time.monotonic() + STOP_TIMEOUT
    left = _processes_of(copy)
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = _processes_of(copy)
    assert not left, f"still running after Ctrl-C:\n{_describe(left)}"


def _project(genome: Path, frontend: str, workspaces, tmp_path: Path) -> GeneratedProject:
    if frontend == "nextjs":
        return generate(nextjs_variant(genome, tmp_path / "genome"), tmp_path)
    workspace = workspaces.get(genome)
    return workspace.project() if workspace else generate(genome, tmp_path)


@pytest.mark.timeout(START_TIMEOUT * 3)
@pytest.mark.parametrize(
    ("dev_genome", "frontend"),
    dev_cases(),
    ids=lambda value: value if isinstance(value, str) else value.stem,
)
def test_make_dev_with_nothing_set_serves_and_stops_cleanly(
    dev_genome: Path, frontend: str, workspaces, tmp_path: Path
) -> None:
    project = _project(dev_genome, frontend, workspaces, tmp_path)
    with tempfile.TemporaryDirectory(prefix="helix-dev-gate-") as scratch:
        copy = Path(scratch) / project.root.name
        shutil.copytree(project.root, copy, symlinks=True, ignore=shutil.ignore_patterns(".venv"))
        python = tool_venv(copy, DEV_VENVS)
        link_venv(copy, python)
        env = {k: v for k, v in clean_env(python).items() if k not in SETTINGS_UNSET}
        env["PORT"] = str(free_port())
        if frontend == "nextjs":
            env.update({k: v for k, v in npm_env().items() if k.startswith(("npm_", "NEXT_"))})
            env["FRONTEND_PORT"] = str(free_port())
        owner = {"email": "gate-owner@example.com", "password": "Gate-password-1234!"}

        base_url, first = _make_dev(copy, env, tmp_path / "make-dev-1.log")
        with first as process:
            assert _status(f"{base_url}/api/docs") == 200
            if frontend == "nextjs":
                next_url = f"http://{HOST}:{env['FRONTEND_PORT']}"
                wait_for(f"{next_url}/login", process, tmp_path / "make-dev-1.log", START_TIMEOUT)
                # Next forwards /api/* to the Flask port of this run.
                assert _status(f"{next_url}/api/docs") == 200
                # next dev writes agent instruction files unless next.config says agentRules: false.
                assert not (copy / "frontend" / "AGENTS.md").exists(), "make dev wrote files"
            sign_up(base_url, project.tenant_snake)
            started = _processes_of(copy)
            names = _describe(started)
            assert "pgdata" in names, f"no embedded PostgreSQL among:\n{names}"
            assert "redis-server" in names, f"no embedded Redis among:\n{names}"
            for part in _expected_celery(project.genome_file):
                assert f"celery_app:celery {part}" in names, f"no Celery {part} among:\n{names}"
        _assert_all_stopped(copy)

        env["PORT"] = str(free_port())
        base_url, second = _make_dev(copy, env, tmp_path / "make-dev-2.log")
        with second:
            assert _status(f"{base_url}/api/v1/auth/login", owner) == 200, "the data was not kept"
        _assert_all_stopped(copy)
