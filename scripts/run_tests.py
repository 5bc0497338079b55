"""`make test`: lint, then every test (unit, integration, e2e, gates) on real services.

Exits non-zero on any lint finding, any failing test, or when no test was collected.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LINTED = ["app", "tests", "bench", "scripts", "celery_worker.py"]

STEPS = [
    ("ruff check", [BIN / "ruff", "check", *LINTED]),
    ("ruff format", [BIN / "ruff", "format", "--check", *LINTED]),
    ("pylint", [BIN / "pylint", *LINTED]),
    ("pytest", [BIN / "python", "-m", "pytest", "-rs", "-p", "no:cacheprovider", *sys.argv[1:]]),
]


def main() -> int:
    for name, argv in STEPS:
        print(f"==> {name}", flush=True)
        code = subprocess.call(argv, cwd=ROOT)
        if code != 0:
            reason = "no tests were collected" if name == "pytest" and code == 5 else f"exit {code}"
            print(f"FAILED: {name} ({reason})", flush=True)
            return code or 1
    print("All checks passed.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
