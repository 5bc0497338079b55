"""What a person types into a generated form: a valid value of a genome field, as text."""

from __future__ import annotations

import importlib.util
import math
import uuid
from pathlib import Path
from types import ModuleType

from app.genome.model import Entity, Field, Genome

INT_LIMITS = {"integer": 2**31 - 1, "bigint": 2**63 - 1, "float": 10**9, "decimal": 10**9}


def _regex_samples(project_root: Path) -> ModuleType:
    """The generated project's own sample generator for patterns (tests/regex_samples.py)."""
    path = project_root / "tests" / "regex_samples.py"
    spec = importlib.util.spec_from_file_location("generated_regex_samples", path)
    assert spec is not None, path
    assert spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _number(field: Field, n: int) -> int:
    low = math.ceil(field.min) if field.min is not None else 0
    high = math.floor(field.max) if field.max is not None else INT_LIMITS[field.type]
    if field.type == "decimal":
        high = min(high, 10 ** ((field.precision or 10) - (field.scale or 0)) - 1)
    if field.max is not None and field.max < 0 and field.min is None:
        low = high
    return low if high <= low else low + n % (high - low + 1)


def _text(field: Field, n: int) -> str:
    limit = field.max_length if field.max_length is not None else 10000
    text = f"{field.name} {n}" if len(field.name) + 8 <= limit else f"v{n}"
    text = text.ljust(field.min_length or 0, "x")
    return text[:limit]


def form_text(field: Field, n: int, project_root: Path) -> str | bool:
    """The input of a valid value (a bool for checkboxes)."""
    if field.pattern and field.type == "string":
        samples = _regex_samples(project_root)
        return samples.matching(field.pattern, n, field.min_length or 0, field.max_length)
    kind = field.type
    if kind in ("string", "text"):
        return _text(field, n)
    if kind in ("integer", "bigint", "float"):
        return str(_number(field, n))
    if kind == "decimal":
        whole = _number(field, n)
        if field.min is not None and whole < field.min:
            return str(field.min)
        return f"{whole}.{'0' * field.scale}" if field.scale else str(whole)
    simple = {
        "boolean": True,
        "date": f"2030-01-{1 + n % 28:02d}",
        "datetime": f"2030-01-01T{9 + n % 10:02d}:00",
        "time": f"{8 + n % 12:02d}:{n % 60:02d}",
        "email": f"{field.name.replace('_', '.')}{n}@example.com",
        "url": f"https://example.com/{field.name}/{n}",
        "uuid": str(uuid.UUID(int=n + 1)),
        "json": f'{{"n": {n}}}',
    }
    if kind in simple:
        return simple[kind]
    if kind == "enum":
        return field.values[n % len(field.values)]
    raise AssertionError(f"no form value for type {kind}")


def creation_order(genome: Genome) -> list[Entity]:
    """Entities ordered so that the targets of required relations come first."""
    done: list[Entity] = []
    names: set[str] = set()
    pending = list(genome.entities)
    while pending:
        ready = [
            entity
            for entity in pending
            if all(
                relation.target_is_user or relation.target in names
                for relation in entity.relations
                if relation.required and relation.kind != "many_to_many"
            )
        ]
        assert ready, f"required relations form a cycle: {[entity.name for entity in pending]}"
        for entity in ready:
            done.append(entity)
            names.add(entity.name)
            pending.remove(entity)
    return done
