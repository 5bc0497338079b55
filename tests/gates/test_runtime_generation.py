"""Helix generates with only its runtime requirements installed (the Docker image, `make dev`).

A virtual environment holds requirements.txt and nothing else (no dev tools); the command
line generates a genome whose names and descriptions sit at the SPEC's length limits, and
the project's own ruff accepts the result as formatted.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from helix_gates.commands import check, run
from helix_gates.environment import clean_env
from helix_gates.generation import HELIX_ROOT
from helix_gates.venvs import CACHE_ROOT, PIP_TIMEOUT, create_venv

pytestmark = pytest.mark.gates

MAX_NAME = 80  # genome name (SPEC: 1..80 characters)
MAX_DESCRIPTION = 20_000  # genome description
MAX_IDENTIFIER = 40  # entity, field and relation names


def runtime_venv() -> Path:
    """A cached venv with Helix's requirements.txt only; return its python."""
    requirements = HELIX_ROOT / "requirements.txt"
    key = hashlib.sha256(requirements.read_bytes()).hexdigest()[:32]
    home = CACHE_ROOT / "helix-runtime" / key
    python = home / "bin" / "python"
    if not (home / ".complete").exists():
        shutil.rmtree(home, ignore_errors=True)
        create_venv(home)
        pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        check(run([*pip, "-r", requirements], cwd=HELIX_ROOT, timeout=PIP_TIMEOUT))
        (home / ".complete").touch()
    return python


def _words(length: int, seed: str) -> str:
    """Text of exactly `length` characters with quotes, backslashes and non-ASCII."""
    text = ""
    while len(text) < length:
        text += f'{seed} "quoted" back\\slash é—ü {{brace}} '
    return text[:length]


def limits_genome() -> dict:
    """A valid genome with every name and description at its longest."""
    long_entity = "E" + "x" * (MAX_IDENTIFIER - 1)
    other = "O" + "y" * (MAX_IDENTIFIER - 1)
    long_field = "f" + "_long" * 7 + "abcd"
    assert len(long_field) == MAX_IDENTIFIER
    return {
        "genome": 1,
        "name": _words(MAX_NAME, "Name"),
        "description": _words(MAX_DESCRIPTION, "Description"),
        "stack": {"backend": "flask", "frontend": "none"},
        "features": {"billing": True, "async_jobs": True, "email": "smtp"},
        "entities": [
            {
                "name": long_entity,
                "description": _words(2000, "Entity"),
                "fields": {
                    long_field: {
                        "type": "string",
                        "required": True,
                        "min_length": 5,
                        "description": _words(2000, "Field"),
                    },
                    "note": {"type": "text", "min_length": 1},
                    "payload": {"type": "json", "required": True},
                    "state": {
                        "type": "enum",
                        "values": ["v" + "a" * (MAX_IDENTIFIER - 1), "v" + "b" * 39],
                    },
                },
                "relations": {
                    # The association table <entity>_<relation> must fit in 63 characters.
                    "r" + "z" * 21: {"kind": "many_to_many", "target": other},
                },
                "search": [long_field],
                "unique_together": [[long_field, "state"]],
            },
            {
                "name": other,
                "fields": {"title": {"type": "string", "required": True}},
                "relations": {
                    "p" + "q" * (MAX_IDENTIFIER - 1): {
                        "kind": "many_to_one",
                        "target": long_entity,
                        "on_delete": "cascade",
                    }
                },
            },
        ],
    }


def test_generation_needs_only_the_runtime_requirements(tmp_path: Path) -> None:
    python = runtime_venv()
    env = clean_env(python)
    missing = run([python, "-c", "import pytest"], cwd=tmp_path, env=env)
    assert missing.returncode != 0, "the runtime venv must not hold the dev tools"
    genome = tmp_path / "limits.yaml"
    genome.write_text(yaml.safe_dump(limits_genome(), allow_unicode=True), encoding="utf-8")
    out = tmp_path / "limits.zip"
    cli = [python, "-m", "app.codegen.cli", genome, "--out", out]
    check(run(cli, cwd=HELIX_ROOT, env=env, timeout=300))
    project = tmp_path / "project"
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        archive.extractall(project)
    (root,) = project.iterdir()
    ruff = python.parent / "ruff"
    check(run([ruff, "check", "--no-cache", "."], cwd=root, env=env))
    check(run([ruff, "format", "--check", "--no-cache", "."], cwd=root, env=env))
