"""The generated Python passes the project's own `ruff check` and `ruff format --check`.

Templates write plain code; render() runs ruff once over the tree (imports sorted, unused
ones removed, formatted; app.codegen.formatting). These tests run the generated
project's ruff configuration on the output of the examples, the gate genomes (hostile,
awkward), names at the length limits and random genomes.
"""

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from test_genome_properties import valid_genomes

from app.codegen.formatting import ruff_bin
from app.codegen.render import render
from app.examples import genome_paths
from app.genome import load

ROOT = Path(__file__).resolve().parents[3]
GATE_GENOMES = ROOT / "tests" / "gates" / "genomes"  # hostile.yaml, awkward.yaml
LONG_NAMES = Path(__file__).resolve().parent / "genomes" / "long_names.yaml"
MIN_LENGTH_ONLY = """
genome: 1
name: Notes
stack: {backend: flask, frontend: none}
features: {async_jobs: true}
entities:
  - name: Note
    fields:
      body: {type: text, required: true, min_length: 5}
"""


def _write(files: dict[str, bytes], root: Path) -> None:
    for path, data in files.items():
        if path.endswith(".py") or path == "pyproject.toml":
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _ruff_problems(root: Path) -> tuple[str, set[str]]:
    """(ruff check output, files ruff format would change) under the project's config."""
    common = ["--no-cache", "--quiet"]
    check = subprocess.run(
        [ruff_bin(), "check", *common, "--output-format", "concise", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    fmt = subprocess.run(
        [ruff_bin(), "format", "--check", *common, "--output-format", "concise", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    unformatted = {line.split(":")[0] for line in fmt.stdout.splitlines() if ".py" in line}
    return (check.stdout if check.returncode else ""), unformatted


def assert_style(files: dict[str, bytes], root: Path) -> None:
    """Final output: lint-clean and already formatted (`make format` changes nothing)."""
    _write(files, root)
    lint, unformatted = _ruff_problems(root)
    assert not lint, lint
    assert not unformatted, f"not ruff-format-stable: {sorted(unformatted)}"


def _genomes() -> list[Path]:
    return [*genome_paths(), *sorted(GATE_GENOMES.glob("*.yaml")), LONG_NAMES]


@pytest.mark.parametrize("path", _genomes(), ids=lambda path: path.name)
def test_output_passes_ruff_check_and_format(path, tmp_path):
    assert_style(render(load(path.read_text(encoding="utf-8"))), tmp_path)


def test_min_length_without_max_length_is_format_stable(tmp_path):
    genome = load(MIN_LENGTH_ONLY)
    files = render(genome)
    assert "validate.Length(min=5)" in files["app/schemas/note.py"].decode()
    assert_style(files, tmp_path)


def test_templates_write_plain_code_and_ruff_tidies_it():
    raw = render(load(MIN_LENGTH_ONLY), format_code=False)
    final = render(load(MIN_LENGTH_ONLY))
    assert raw.keys() == final.keys()
    assert any(raw[path] != final[path] for path in raw if path.endswith(".py"))
    assert all(raw[path] == final[path] for path in raw if not path.endswith(".py"))


def test_helix_formats_with_the_ruff_the_project_pins():
    def pin(path: Path) -> str:
        lines = path.read_text(encoding="utf-8").splitlines()
        return next(line for line in lines if line.startswith("ruff=="))

    assert pin(ROOT / "requirements.txt") == pin(
        ROOT / "templates_gen" / "flask" / "requirements-dev.txt"
    )


def _m2m_user(relation: dict) -> bool:
    return relation["kind"] == "many_to_many" and relation["target"] == "User"


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking re-renders for minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(valid_genomes())
def test_random_genomes_render_ruff_clean(tmp_path_factory, data):
    data["stack"] = {"backend": "flask", "frontend": "none"}
    for entity in data["entities"]:
        # many_to_many to User does not render yet (KeyError in the service template);
        # that gap is the generator's, not this style test's.
        relations = entity.get("relations", {})
        for name in [key for key, rel in relations.items() if _m2m_user(rel)]:
            del relations[name]
    files = render(load(json.dumps(data)))
    assert_style(files, tmp_path_factory.mktemp("random"))
