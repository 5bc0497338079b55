"""`make test-clone`: clone HEAD into a temporary folder and run the unit suite there.

Proves the repository stands alone (nothing beside the working copy, a shared folder say, is
read). Reuses this interpreter's environment instead of installing again; only committed
files are in the clone. Extra arguments go to pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIT = shutil.which("git") or "/usr/bin/git"
HIDDEN = ("PYTHONPATH", "HELIX_EXTRA_EXAMPLES")  # nothing may reach the clone's tests from outside


def _git(*argv: str, cwd: Path) -> str:
    done = subprocess.run([GIT, *argv], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def main(pytest_args: list[str]) -> int:
    head = _git("rev-parse", "HEAD", cwd=ROOT)
    with tempfile.TemporaryDirectory(prefix="helix-clone-") as tmp:
        clone = Path(tmp) / "helix"
        _git("clone", "--quiet", "--no-checkout", str(ROOT), str(clone), cwd=Path(tmp))
        _git("checkout", "--quiet", "--detach", head, cwd=clone)
        env = {k: v for k, v in os.environ.items() if k not in HIDDEN}
        where = subprocess.run(
            [sys.executable, "-c", "import app; print(app.__file__)"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not Path(where).resolve().is_relative_to(clone.resolve()):
            print(f"FAILED: the clone imports app from {where}, not from itself", flush=True)
            return 1
        print(f"==> unit tests in a clone of {head[:12]} at {clone}", flush=True)
        argv = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider"]
        return subprocess.call([*argv, "tests/unit", *pytest_args], cwd=clone, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
