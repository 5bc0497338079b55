"""Fixtures for the genome tests: the shared examples and a small valid genome to edit."""

import copy
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
EXAMPLES_DIR = REPO / ".." / "shared" / "genome" / "examples"

BASE_GENOME = {
    "genome": 1,
    "name": "Test App",
    "entities": [
        {"name": "Owner", "fields": {"title": {"type": "string"}}},
        {"name": "Item", "fields": {"label": {"type": "string"}}},
    ],
}


@pytest.fixture
def base_genome() -> dict:
    return copy.deepcopy(BASE_GENOME)


@pytest.fixture(scope="session")
def example_paths() -> list[Path]:
    paths = sorted(EXAMPLES_DIR.resolve().glob("*.yaml"))
    assert paths, f"no examples found in {EXAMPLES_DIR}"
    return paths
