"""Example genomes and product descriptions kept in the repository under examples/.

EXAMPLES_DIR is the one place that says where they live; HELIX_EXTRA_EXAMPLES may name one
more folder laid out the same way (genomes/, descriptions/) that tests and benches add.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
EXTRA_EXAMPLES_ENV = "HELIX_EXTRA_EXAMPLES"
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.S)


@dataclass(frozen=True)
class ExampleDescription:
    """A product description to start from: file stem, first sentence and full text."""

    name: str
    summary: str
    text: str


def example_dirs() -> list[Path]:
    """The repository's examples folder, then the extra folder when the variable names one."""
    extra = os.getenv(EXTRA_EXAMPLES_ENV, "").strip()
    return [EXAMPLES_DIR, *([Path(extra)] if extra else [])]


def genome_path(name: str) -> Path:
    """One of the repository's example genomes, by file name (`clinic.yaml`)."""
    return EXAMPLES_DIR / "genomes" / name


def genome_paths() -> list[Path]:
    """Every example genome (*.yaml), the repository's first."""
    return [path for folder in example_dirs() for path in sorted(folder.glob("genomes/*.yaml"))]


def description_dirs() -> list[Path]:
    """Every folder of descriptions (NAME.txt beside NAME.gold.json) that exists."""
    folders = [folder / "descriptions" for folder in example_dirs()]
    return [folder for folder in folders if folder.is_dir()]


def example_descriptions() -> list[ExampleDescription]:
    """The repository's product descriptions, by name, for the requirements form to offer."""
    found = []
    for path in sorted((EXAMPLES_DIR / "descriptions").glob("*.txt")):
        text = path.read_text(encoding="utf-8").strip()
        match = _FIRST_SENTENCE.match(text)
        summary = " ".join((match.group(1) if match else text).split())
        found.append(ExampleDescription(name=path.stem, summary=summary, text=text))
    return found
