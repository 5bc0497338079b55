"""Benchmark of the `flask generate` command as people run it: the whole process, start-up
included, on examples/genomes/clinic.yaml, pinned to one core (`taskset -c 0`).

Target (issue 11): under 1 s on one core. Each run is a fresh process writing a fresh
directory; the process's wall time and CPU time (its own and its children's, ruff) are
measured. Wall time counts waiting for the core too, so on a loaded machine it is above
the CPU time; the load average is printed beside the numbers.

Run: .venv/bin/python -m bench.cli_bench [--runs N] [--root CHECKOUT]
`--root` measures another checkout's `.venv/bin/flask` (a "before" number, say).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import shutil
import statistics
import subprocess  # nosec B404 - runs the project's own flask command
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENOME = Path("examples/genomes/clinic.yaml")
TARGET_S = 1.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(root: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `flask generate` process (CPU includes its children)."""
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    command = [*pin, str(root / ".venv" / "bin" / "flask"), "generate", str(GENOME)]
    env = {**os.environ, "FLASK_APP": "app"}
    cpu_before = _children_cpu()
    started = time.perf_counter()
    subprocess.run(  # nosec B603 - fixed arguments, no shell
        [*command, "--out", str(out)],
        cwd=root,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started, _children_cpu() - cpu_before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    walls, cpus = [], []
    with tempfile.TemporaryDirectory(prefix="helix-cli-bench-") as tmp:
        one_run(args.root, Path(tmp) / "warm")  # fills the Jinja bytecode cache
        for number in range(args.runs):
            wall, cpu = one_run(args.root, Path(tmp) / f"run{number}")
            walls.append(wall)
            cpus.append(cpu)
    load = os.getloadavg()[0]
    print(
        f"`flask generate {GENOME}` in {args.root}, {args.runs} runs on one core, "
        f"{datetime.date.today()}, {platform.machine()} {os.cpu_count()} cores, "
        f"load average {load:.1f}"
    )
    print("| measure | median | min | max |")
    print("|---|---|---|---|")
    for name, values in (("wall", walls), ("CPU (process + ruff)", cpus)):
        print(
            f"| {name} | {statistics.median(values):.3f} s | {min(values):.3f} s "
            f"| {max(values):.3f} s |"
        )
    met = statistics.median(cpus) < TARGET_S
    print(f"target under {TARGET_S:.0f} s on one core (CPU time): {'PASS' if met else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
