"""Names the generator's own files take, read from templates_gen/ so they never drift.

An entity whose per-entity file (`app/models/{entity}.py`, `tests/test_{entity}.py`, ...)
would land on a built-in file (`app/models/base.py`, `tests/test_health.py`, ...) overwrites
it; the validator rejects those entity names.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

TEMPLATES_ROOT = Path(__file__).resolve().parents[2] / "templates_gen"  # the one definition
STACK_DIRS = ("flask", "fastapi", "nextjs")  # one folder per stack, mirroring the output tree
TENANT_SNAKES = ("workspace", "organization")
_SNAKE = "([a-z][a-z0-9_]*)"


def _outputs() -> list[str]:
    """Output paths of every template and copied file, `.j2` removed."""
    found = []
    for base in STACK_DIRS:
        root = TEMPLATES_ROOT / base
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and not rel.startswith("_macros/"):
                found.append(rel.removesuffix(".j2"))
    return found


@functools.cache
def taken_entity_snakes() -> dict[str, str]:
    """{entity snake name: the built-in file its per-entity file would overwrite}."""
    outputs = _outputs()
    patterns = [
        re.compile(re.escape(out).replace(re.escape("{entity}"), _SNAKE) + r"\Z")
        for out in outputs
        if "{entity}" in out
    ]
    fixed = [
        out.replace("{tenant}", tenant)
        for out in outputs
        if "{entity}" not in out
        for tenant in TENANT_SNAKES
    ]
    taken: dict[str, str] = {}
    for out in sorted(set(fixed)):
        for pattern in patterns:
            match = pattern.match(out)
            if match:
                taken.setdefault(match.group(1), out)
    return taken
