"""The generated Next.js frontend: a nextjs variant of a genome, npm, and its production server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from helix_gates.commands import Result, run
from helix_gates.server import HOST, free_port, serving

# One npm cache for every run and worker: `npm ci` then copies from disk, not the network.
NPM_CACHE = Path(os.getenv("HELIX_NPM_CACHE", Path.home() / ".npm"))
NPM = shutil.which("npm") or "npm"
NODE = shutil.which("node") or "node"


def nextjs_variant(genome_file: Path, workdir: Path) -> Path:
    """The genome with `stack.frontend: nextjs` (every gate genome gets a frontend here)."""
    data = yaml.safe_load(genome_file.read_text(encoding="utf-8"))
    data.setdefault("stack", {})["frontend"] = "nextjs"
    workdir.mkdir(parents=True, exist_ok=True)
    target = workdir / genome_file.name
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def npm_env(api_url: str | None = None) -> dict[str, str]:
    """The environment of npm and Next: the shared cache, no telemetry, no update notices."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "HELIX_", "COV_CORE_"))
    }
    env.update(
        {
            "npm_config_cache": str(NPM_CACHE),
            "npm_config_update_notifier": "false",
            "npm_config_fund": "false",
            "npm_config_audit": "false",
            "NEXT_TELEMETRY_DISABLED": "1",
            "CI": "1",
        }
    )
    if api_url:
        env["API_URL"] = api_url
    return env


def npm(frontend: Path, *args: str, api_url: str | None = None, timeout: float = 900) -> Result:
    """Run `npm <args>` in the frontend folder."""
    return run([NPM, *args], cwd=frontend, env=npm_env(api_url), timeout=timeout)


@contextmanager
def next_server(frontend: Path, log: Path) -> Iterator[str]:
    """The standalone production server of a built frontend (as in its Docker image)."""
    standalone = frontend / ".next" / "standalone"
    static = standalone / ".next" / "static"
    if not static.exists():
        shutil.copytree(frontend / ".next" / "static", static)
    port = free_port()
    env = {**npm_env(), "PORT": str(port), "HOSTNAME": HOST, "NODE_ENV": "production"}
    base_url = f"http://{HOST}:{port}"
    with serving(
        [NODE, "server.js"], cwd=standalone, env=env, log=log, ready_url=f"{base_url}/login"
    ):
        yield base_url
