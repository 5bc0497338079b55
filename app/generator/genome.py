"""The genome: parse, validate and normalize a product description into the frozen model.

genome = load(text)          # parse + validate + normalize; raises GenomeError
problems = validate(data)    # every problem at once, never raises
body = problems_payload(problems)   # the documented 422 body
"""

from __future__ import annotations

from app.generator.genome_normalize import build_genome
from app.generator.genome_parse import MAX_BYTES, parse
from app.generator.genome_problems import GenomeError, Problem, problems_payload
from app.generator.genome_schema import json_schema
from app.generator.genome_validate import validate
from app.generator.model import Genome

__all__ = [
    "MAX_BYTES",
    "GenomeError",
    "Problem",
    "json_schema",
    "load",
    "normalize",
    "parse",
    "problems_payload",
    "validate",
]


def normalize(data: object) -> Genome:
    """Validated data -> Genome; raises GenomeError when validate() finds problems."""
    problems = validate(data)
    if problems:
        raise GenomeError(problems)
    return build_genome(data)  # type: ignore[arg-type]


def load(text: str | bytes) -> Genome:
    """Genome text (YAML or JSON) -> Genome; raises GenomeError listing every problem."""
    return normalize(parse(text))
