"""`make bench`: run every benchmark in bench/ in turn, as modules; each prints its numbers.

The soak test (bench/soak.py, 10+ minutes of 200 users) runs only by `make soak`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEPARATE = {"soak"}


def main() -> int:
    failed = []
    for script in sorted((ROOT / "bench").glob("[!_]*.py")):
        if script.stem in SEPARATE:
            continue
        print(f"==> {script.name}", flush=True)
        if subprocess.call([sys.executable, "-m", f"bench.{script.stem}"], cwd=ROOT) != 0:
            failed.append(script.name)
    if failed:
        print("FAILED: " + ", ".join(failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
