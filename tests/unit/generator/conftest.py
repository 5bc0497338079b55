"""Fixtures for the genome tests: the example genomes and a small valid genome to edit."""

import copy
from pathlib import Path

import pytest

from app.examples import genome_paths

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
    paths = genome_paths()
    assert paths, "no example genomes found in examples/genomes"
    return paths
