"""Run a generated project's own Makefile targets, as its user and its CI do."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from helix_gates.commands import Result, run

ENV_FILE = ".env"
EXAMPLE = ".env.example"


def link_venv(project_root: Path, python: Path) -> None:
    """Let the project's `.venv` be the cached venv of its requirements (installed once).

    The Makefile's stamp is refreshed so `make` does not reinstall; everything else runs
    as written.
    """
    venv = project_root / ".venv"
    if not venv.exists():
        venv.symlink_to(python.parent.parent, target_is_directory=True)
    (venv / ".installed").touch()


def make(
    target: str, project_root: Path, python: Path, env: dict[str, str], timeout: float = 1200
) -> Result:
    """`make <target>` in the project, with its venv linked."""
    link_venv(project_root, python)
    return run(["make", target], cwd=project_root, env=env, timeout=timeout)


def copy_with_dotenv(project_root: Path, target: Path, settings: dict[str, str]) -> Path:
    """A copy of the project after the README's `cp .env.example .env`, then `settings` set.

    Each setting replaces its line of the copied file, or is appended when it has none.
    """
    copy = target / project_root.name
    shutil.copytree(project_root, copy, symlinks=True, ignore=shutil.ignore_patterns(".venv"))
    text = (copy / EXAMPLE).read_text(encoding="utf-8")
    for name, value in settings.items():
        line = f"{name}={value}"
        pattern = re.compile(rf"^{re.escape(name)}=.*$", re.MULTILINE)
        text, found = pattern.subn(lambda _match, line=line: line, text)
        if not found:
            text = text.rstrip("\n") + f"\n{line}\n"
    (copy / ENV_FILE).write_text(text, encoding="utf-8")
    return copy
