"""Virtual environments for generated projects, cached by the hash of their requirements.

Wheels are built once per set of requirements into a shared wheel cache; the venv that
runs a project's tools is cached too, so a second run installs nothing. The gate of a
fresh install builds a brand-new venv from the wheel cache every time.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sys
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helix_gates.commands import Result, check, run

CACHE_ROOT = Path(os.getenv("HELIX_GATES_CACHE", Path.home() / ".cache" / "helix-gates"))
REQUIREMENT_FILES = ("requirements.txt", "requirements-dev.txt")
PIP_TIMEOUT = 900


def requirements_key(project_root: Path) -> str:
    """sha256 over the project's requirement files (names and contents)."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version_info[:2]}".encode())
    for name in REQUIREMENT_FILES:
        path = project_root / name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


@contextmanager
def _locked(name: str) -> Iterator[None]:
    """An exclusive lock shared by every pytest worker on this machine."""
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    with (CACHE_ROOT / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _requirement_args(project_root: Path) -> list[str]:
    args: list[str] = []
    for name in REQUIREMENT_FILES:
        if (project_root / name).exists():
            args += ["-r", str(project_root / name)]
    return args


def wheel_dir(project_root: Path) -> Path:
    """The wheel cache, holding a wheel for every pinned requirement of the project."""
    wheels = CACHE_ROOT / "wheels"
    marker = wheels / f".complete-{requirements_key(project_root)[:32]}"
    with _locked("wheels"):
        if not marker.exists():
            wheels.mkdir(parents=True, exist_ok=True)
            check(
                run(
                    [
                        sys.executable,
                        "-m",
                        "pip",
                        "wheel",
                        "--quiet",
                        "--wheel-dir",
                        wheels,
                        *_requirement_args(project_root),
                    ],
                    cwd=project_root,
                    timeout=PIP_TIMEOUT,
                )
            )
            marker.touch()
    return wheels


def create_venv(path: Path) -> Path:
    """A new virtual environment with pip; return its python."""
    venv.EnvBuilder(with_pip=True, clear=True, symlinks=True).create(path)
    return path / "bin" / "python"


def install_from_wheels(python: Path, project_root: Path, files: tuple[str, ...]) -> Result:
    """pip install -r each file, offline, from the wheel cache only."""
    args = [
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
    ]
    args += ["--no-index", "--find-links", wheel_dir(project_root)]
    for name in files:
        args += ["-r", project_root / name]
    return run(args, cwd=project_root, timeout=PIP_TIMEOUT)


def tool_venv(project_root: Path, venvs: Path | None = None) -> Path:
    """The cached venv with the project's runtime and dev requirements; return its python.

    `venvs` is the folder of the cached venvs (default: under the gates' cache).
    """
    key = requirements_key(project_root)[:32]
    home = (venvs or CACHE_ROOT / "venvs") / key
    python = home / "bin" / "python"
    with _locked(f"venv-{key}"):
        if not (home / ".complete").exists():
            shutil.rmtree(home, ignore_errors=True)
            create_venv(home)
            files = tuple(name for name in REQUIREMENT_FILES if (project_root / name).exists())
            check(install_from_wheels(python, project_root, files))
            (home / ".complete").touch()
    return python


def claim_fresh_install(project_root: Path, run_id: str) -> str | None:
    """Claim the fresh install of this requirements.txt for this test run.

    Returns None when the caller should install, or the name of the claim file of the
    project that already does it (genomes with equal requirements share one install).
    """
    digest = hashlib.sha256((project_root / "requirements.txt").read_bytes()).hexdigest()[:32]
    claims = CACHE_ROOT / "fresh-installs"
    claims.mkdir(parents=True, exist_ok=True)
    claim = claims / f"{run_id}-{digest}"
    try:
        with claim.open("x", encoding="utf-8") as handle:
            handle.write(str(project_root))
    except FileExistsError:
        return claim.read_text(encoding="utf-8")
    return None
