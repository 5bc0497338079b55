"""`renamed_from` within one genome: it names an earlier name, never a current one, once.

Whether that name existed in the base version is checked between two versions
(app.genome.evolution.evolution_problems), not here.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.genome.naming import IDENTIFIER_RE
from app.genome.problems import Problem


def renamed_from_problems(entity: Mapping, name: str | None, path: str) -> list[Problem]:
    """Problems of the `renamed_from` keys of one entity (its own and its members')."""
    problems: list[Problem] = []
    if name is not None and entity.get("renamed_from") == name:
        problems.append(
            Problem(
                f"{path}.renamed_from",
                "invalid_rename",
                f"'renamed_from' names the entity's own name '{name}'; it names the name the "
                "entity had in the previous version, or is left out.",
            )
        )
    for key in ("fields", "relations"):
        specs = entity.get(key)
        if not isinstance(specs, Mapping):
            continue
        claimed: dict[str, str] = {}
        for member, spec in specs.items():
            old = spec.get("renamed_from") if isinstance(spec, Mapping) else None
            if not isinstance(old, str) or not IDENTIFIER_RE.match(old):
                continue
            where = f"{path}.{key}.{member}.renamed_from"
            if old in specs:
                problems.append(
                    Problem(
                        where,
                        "invalid_rename",
                        f"'renamed_from: {old}' names a {key[:-1]} of this version; it names "
                        "the name this one had in the previous version, or is left out.",
                    )
                )
            elif old in claimed:
                problems.append(
                    Problem(
                        where,
                        "duplicate_rename",
                        f"'{old}' is already the earlier name of '{claimed[old]}'; one "
                        f"{key[:-1]} can be renamed to only one new name.",
                    )
                )
            else:
                claimed[old] = member
    return problems
