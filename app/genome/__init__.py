"""The genome: parse, validate and normalize a product description into the frozen model.

genome = load(text)          # parse + validate + normalize; raises GenomeError
problems = validate(data)    # every problem at once, never raises
body = problems_payload(problems)   # the documented 422 body

Modules: `parse` (YAML/JSON text -> data), `validate` (every problem at once, using the
option tables of `schema`, the scalar checks of `scalars`/`values`, `linear_regex` for
patterns and `generated_files` for names the output tree already takes), `normalize`
(data -> the frozen `model`, every derived name from `naming`), `problems` (the error
type and its 422 body), `cli` (`flask genome ...`). The genome imports neither drafting
nor codegen.
"""

from __future__ import annotations

from app.genome.model import Genome
from app.genome.normalize import build_genome
from app.genome.parse import MAX_BYTES, parse
from app.genome.problems import GenomeError, Problem, problems_payload
from app.genome.schema import json_schema
from app.genome.validate import validate

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
