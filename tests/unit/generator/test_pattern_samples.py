"""Pattern test values are drawn at generation time: valid under RE2, bounded, sorted, stable."""

import ast
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
import re2

from app.codegen.pattern_samples import miss, samples
from app.codegen.render import render
from app.genome import load

REPO = Path(__file__).resolve().parents[3]
QUOTES = '^["\'\\\\]*(""")?$'
PATTERNS = [
    (QUOTES, 0, 60),
    ("^[A-Z]{3}-[0-9]+$", 3, 12),
    ("^[^\"'\\\\]*$", 0, 50),
    ("^\\d{5}(-\\d{4})?$", 0, None),
    ("^.{150,}$", 0, 300),
    ("^[a-z]+$", 20, 30),
    ("^(a+)+$", 0, 255),
    ("(?i)^x[a-c]{2}\\b", 0, 10),
]


@pytest.mark.parametrize(("pattern", "low", "high"), PATTERNS)
def test_samples_match_under_re2_within_bounds_sorted_and_distinct(pattern, low, high):
    values = samples(pattern, low, high)
    assert len(values) >= 4
    assert list(values) == sorted(set(values))
    for value in values:
        assert re2.fullmatch(pattern, value), value
        assert low <= len(value) <= (high if high is not None else len(value))
        assert all(0x20 <= ord(char) != 0x7F for char in value), value


def test_a_miss_is_matched_nowhere_and_none_when_everything_matches():
    assert re2.search(QUOTES, miss(QUOTES)) is None
    assert miss("x*") is None


def test_samples_are_the_same_in_every_process():
    code = (
        "from app.codegen.pattern_samples import samples\n"
        f"print(samples({QUOTES!r}, 0, 60), samples('^[^a-z]{{2,5}}$', 0, None))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1, outputs


def test_the_generated_project_carries_sorted_values_and_validates_with_re2(tmp_path):
    genome = load(
        "genome: 1\nname: Quotes\nstack: {backend: flask, frontend: none}\n"
        "entities:\n  - name: Note\n    fields:\n"
        f"      body: {{type: string, max_length: 60, pattern: {json.dumps(QUOTES)}}}\n"
    )
    files = render(genome)
    generated = tmp_path / "regex_samples.py"
    generated.write_bytes(files["tests/regex_samples.py"])
    module = runpy.run_path(str(generated))
    first, second, third = (module["matching"](QUOTES, n, 0, 60) for n in (1, 2, 3))
    assert first < second < third  # the generated sort test creates rows with n = 1, 2, 3
    assert module["not_matching"](QUOTES) == "!"
    schema = files["app/schemas/note.py"].decode("utf-8")
    assert f"validate.Regexp(re2.compile({ast.unparse(ast.Constant(QUOTES))}))" in schema
    assert "re._parser" not in files["tests/regex_samples.py"].decode("utf-8")
    assert "google-re2==" in files["requirements.txt"].decode("utf-8")
