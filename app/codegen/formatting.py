"""Format the rendered Python of a project once, with ruff and the project's own settings.

Templates write plain code; ruff sorts the imports, removes the unused ones and lays
every file out, so the generated `ruff check` and `ruff format --check` start clean.
"""

from __future__ import annotations

import os
import subprocess  # nosec B404 - runs the pinned ruff binary on generated code only
import tempfile
from pathlib import Path

CONFIG = "pyproject.toml"
# Import sorting and unused imports only: other rules are the templates' job (tests check).
FIXES = "I,F401"
# Templates may list imports one per line; joined again when they fit (the project's own
# setting keeps either form, so its `ruff check` stays clean).
JOIN_IMPORTS = "lint.isort.split-on-trailing-comma = false"
# ruff reports an unused import in a package's __init__.py but offers no stable fix (it
# could be a re-export), while the project's lint fails on it: format such files under a
# plain module name. Intended re-exports carry a noqa comment for F401.
INIT = "__init__.py"
INIT_STAND_IN = "__init__-.py"


def _scratch_name(path: str) -> str:
    head, _, name = path.rpartition("/")
    return f"{head}/{INIT_STAND_IN}".lstrip("/") if name == INIT else path


class FormattingError(RuntimeError):
    """The rendered Python does not parse (a template bug)."""


def ruff_bin() -> str:
    """Path of the pinned ruff executable (next to the interpreter, or found by ruff)."""
    from ruff.__main__ import find_ruff_bin

    return os.fsdecode(find_ruff_bin())


def _ruff(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # nosec B603 - fixed arguments, no shell
        [ruff_bin(), *args, "--no-cache", "--quiet", "."],
        cwd=cwd,
        check=False,
        capture_output=True,
        text=True,
    )


def format_python(files: dict[str, bytes]) -> dict[str, bytes]:
    """Every .py file of `files` fixed (imports) and formatted; other files unchanged."""
    python = sorted(path for path in files if path.endswith(".py"))
    if not python:
        return files
    with tempfile.TemporaryDirectory(prefix="helix-fmt-") as tmp:
        root = Path(tmp)
        for path in [*python, CONFIG]:
            if path in files:
                target = root / _scratch_name(path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(files[path])
        fixed = _ruff(["check", "--fix-only", "--select", FIXES, "--config", JOIN_IMPORTS], root)
        if fixed.returncode != 0:
            raise FormattingError(f"ruff could not fix the generated Python:\n{fixed.stderr}")
        done = _ruff(["format"], root)
        if done.returncode != 0:
            raise FormattingError(f"Generated Python does not parse:\n{done.stderr}")
        return {**files, **{path: (root / _scratch_name(path)).read_bytes() for path in python}}
