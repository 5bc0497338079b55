"""Genomes may give two entities the same fields; the generated `make lint` must still pass.

The generated pylint configuration keeps `duplicate-code` on. Per-entity declarations
(model columns, schema fields, service rules) mirror the genome, so two entities with the
same fields declare the same lines; those files say so and opt out, nothing else does.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from app.codegen.render import render
from app.examples import genome_paths
from app.genome import load

TWINS = Path(__file__).resolve().parent / "genomes" / "twins.yaml"


def _pylint_duplicates(genome_text: str, root: Path) -> str:
    for path, data in render(load(genome_text)).items():
        if path.endswith(".py") or path == "pyproject.toml":
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--rcfile",
            "pyproject.toml",
            "--disable=all",
            "--enable=duplicate-code",
            "--score=n",
            "app",
            "tests",
            "migrations",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return result.stdout + result.stderr


@pytest.mark.parametrize("genome_file", [TWINS, *genome_paths()], ids=lambda p: p.stem)
def test_generated_code_has_no_duplicate_code_finding(genome_file, tmp_path):
    output = _pylint_duplicates(genome_file.read_text(encoding="utf-8"), tmp_path)
    assert "R0801" not in output, output


def test_the_generated_pylint_configuration_keeps_duplicate_code_on():
    files = render(load(TWINS.read_text(encoding="utf-8")))
    assert b"duplicate-code" not in files["pyproject.toml"]
