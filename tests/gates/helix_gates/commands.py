"""Run one command of a gate and turn its failure into a readable message."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

OUTPUT_TAIL = 6000


@dataclass(frozen=True)
class Result:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        """The command, its status and the end of its output, for an assertion message."""
        tail = self.output[-OUTPUT_TAIL:]
        return (
            f"$ {' '.join(self.args)}\n"
            f"exit status {self.returncode} after {self.seconds:.1f}s\n{tail}"
        )


def run(
    args: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 600,
) -> Result:
    """Run a command to completion (never through a shell) and capture its output."""
    started = time.monotonic()
    argv = tuple(str(arg) for arg in args)
    try:
        completed = subprocess.run(
            argv,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        return Result(
            argv,
            -1,
            _text(error.stdout),
            _text(error.stderr) + f"\ntimed out after {timeout:.0f}s",
            time.monotonic() - started,
        )
    return Result(
        argv, completed.returncode, completed.stdout, completed.stderr, time.monotonic() - started
    )


def _text(value: str | bytes | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def check(result: Result) -> Result:
    """Fail the gate with the command's output unless it exited 0."""
    assert result.returncode == 0, result.describe()
    return result
