"""Benchmark of the generator: render + zip of clinic.yaml and of a synthetic 60-entity genome.

Targets (issue 12): clinic.yaml render + format + zip at most 400 ms CPU on one core,
60 entities at most 2.5 s.
Run: .venv/bin/python bench/generate.py [--runs N] [--write]
`--write` replaces the "## Generation" section of bench/RESULTS.md with this run's numbers.

Warm: median of render + zip in a process that has rendered before (a Celery worker).
Cold: the first render + zip of clinic.yaml in a new process (imports not counted), once
with an empty Jinja bytecode cache (templates compiled) and once with the cache filled.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess  # nosec B404 - runs this same script in a fresh interpreter
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Generation"
TARGETS_MS = {
    "clinic.yaml": 400.0,
    "clinic.yaml + Next.js": 400.0,  # the frontend adds no npm work, only files
    "synthetic, 60 entities": 2500.0,
}
FIELD_KINDS = (
    "{type: string, required: true, max_length: 120}",
    "{type: text}",
    "{type: integer, min: 0, max: 1000}",
    "{type: decimal, precision: 10, scale: 2, min: 0}",
    "{type: boolean, default: false}",
    "{type: date}",
    "{type: datetime}",
    "{type: enum, values: [draft, active, archived], default: draft}",
)


def clinic_path() -> Path:
    """The repository's clinic.yaml (imported late: the app package is on sys.path by now)."""
    from app.examples import genome_path

    return genome_path("clinic.yaml")


def clinic_with_nextjs() -> str:
    """clinic.yaml with `stack.frontend: nextjs` (the frontend/ tree rendered beside the API)."""
    text = clinic_path().read_text(encoding="utf-8")
    assert "frontend: none" in text, "clinic.yaml no longer says frontend: none"
    return text.replace("frontend: none", "frontend: nextjs")


def synthetic_genome(entities: int = 60) -> str:
    """A valid genome with `entities` entities, 8 fields each and relations to earlier ones."""
    lines = [
        "genome: 1",
        "name: Synthetic Sixty",
        "stack: {backend: flask, frontend: none}",
        "features: {billing: true, async_jobs: true, email: smtp}",
        "entities:",
    ]
    for index in range(entities):
        lines += [f"  - name: Thing{index:02d}", "    fields:"]
        lines += [f"      field_{kind:02d}: {spec}" for kind, spec in enumerate(FIELD_KINDS)]
        lines.append("    search: [field_00]")
        if index:
            parent = f"Thing{index - 1:02d}"
            lines += [
                "    relations:",
                f"      parent: {{kind: many_to_one, target: {parent}, on_delete: cascade}}",
            ]
            if index % 5 == 0:
                lines.append(f"      peers: {{kind: many_to_many, target: Thing{index - 5:02d}}}")
    lines += [
        "jobs:",
        "  - {name: nightly_cleanup, schedule: '0 3 * * *', entity: Thing00}",
    ]
    return "\n".join(lines) + "\n"


COLD_SNIPPET = """
import os, sys, time
sys.path.insert(0, {root!r})
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {{min(os.sched_getaffinity(0))}})
from app.codegen.archive import archive
from app.genome import load
from app.codegen.render import render
genome = load(open({clinic!r}, encoding="utf-8").read())
started = time.perf_counter()
archive(render(genome), genome.slug)
print((time.perf_counter() - started) * 1000)
"""


def cold_ms(cache_dir: str) -> float:
    """First render + zip of clinic.yaml in a new interpreter using this bytecode cache."""
    code = COLD_SNIPPET.format(root=str(ROOT), clinic=str(clinic_path()))
    env = {**os.environ, "HELIX_JINJA_CACHE": cache_dir}
    done = subprocess.run(  # nosec B603 - this interpreter, fixed code
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def cold_measurements(runs: int = 3) -> tuple[float, float]:
    """(median cold ms with an empty bytecode cache, median with a filled one)."""
    empty, filled = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="helix-bench-jinja-") as cache:
            empty.append(cold_ms(cache))
            filled.append(cold_ms(cache))
    return statistics.median(empty), statistics.median(filled)


@dataclass(frozen=True)
class Measurement:
    label: str
    entities: int
    files: int
    zip_bytes: int
    cpu_ms: float  # median CPU time of render + zip, ruff's subprocess included
    wall_ms: float  # median wall time
    templates_ms: float  # median CPU time of the templates alone
    format_ms: float  # median CPU time of ruff, run only on files with unsplittable long lines
    zip_ms: float

    @property
    def ms_per_entity(self) -> float:
        return self.cpu_ms / self.entities


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (ruff)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure(label: str, text: str, runs: int) -> Measurement:
    """Medians of render + zip after one warm-up run, split into its three steps."""
    from app.codegen.archive import archive
    from app.codegen.formatting import format_python
    from app.codegen.render import render
    from app.genome import load

    genome = load(text)
    files = render(genome)
    data = archive(files, genome.slug)
    samples: list[tuple[float, float, float, float, float]] = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), _cpu()
        raw = render(genome, format_code=False)
        after_templates = _cpu()
        formatted = format_python(raw)  # one ruff pass over the whole tree
        after_format = _cpu()
        data = archive(formatted, genome.slug)
        end = _cpu()
        samples.append(
            (
                (end - cpu) * 1000,
                (time.perf_counter() - wall) * 1000,
                (after_templates - cpu) * 1000,
                (after_format - after_templates) * 1000,
                (end - after_format) * 1000,
            )
        )
    medians = [statistics.median(column) for column in zip(*samples, strict=True)]
    return Measurement(label, len(genome.entities), len(files), len(data), *medians)


def table(results: list[Measurement]) -> str:
    rows = [
        "| genome | entities | files | zip bytes | CPU ms | wall ms | templates | ruff | zip "
        "| CPU ms per entity | target (CPU) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for item in results:
        target = TARGETS_MS[item.label]
        verdict = "met" if item.cpu_ms < target else "MISSED"
        rows.append(
            f"| {item.label} | {item.entities} | {item.files} | {item.zip_bytes:,} | "
            f"{item.cpu_ms:.0f} | {item.wall_ms:.0f} | {item.templates_ms:.0f} | "
            f"{item.format_ms:.0f} | {item.zip_ms:.0f} | {item.ms_per_entity:.1f} | "
            f"< {target:.0f} ms: {verdict} |"
        )
    return "\n".join(rows)


def cold_table(cold: tuple[float, float]) -> str:
    return "\n".join(
        [
            "| clinic.yaml, first render + zip in a new process | wall ms |",
            "|---|---|",
            f"| empty Jinja bytecode cache (templates compiled) | {cold[0]:.0f} |",
            f"| filled bytecode cache (a restarted worker, the CLI) | {cold[1]:.0f} |",
        ]
    )


def section(
    results: list[Measurement], runs: int, load_average: float, cold: tuple[float, float]
) -> str:
    return (
        f"{SECTION}\n\n"
        "render (templates, then one ruff pass over every Python file: imports fixed, "
        "formatted) + deterministic zip, "
        f"pinned to one core, Python {platform.python_version()}; medians of {runs} runs after "
        "a warm-up. CPU time counts this process and the ruff subprocess, so it stays "
        "meaningful on a busy machine; wall time is shown beside it "
        f"(1-minute load average at the start: {load_average:.1f}).\n"
        f"Machine: 2 cores, 24 GiB. Date: {datetime.date.today().isoformat()}. "
        "Command: `.venv/bin/python bench/generate.py --write`.\n\n"
        f"{table(results)}\n\n"
        "Cold, median of 3 fresh interpreters (imports not counted):\n\n"
        f"{cold_table(cold)}\n"
    )


def write_section(text: str) -> None:
    """Replace this benchmark's section of RESULTS.md (others' sections stay as they are)."""
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _match: text + "\n", current, count=1).rstrip("\n") + "\n"
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(updated, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    load_average = os.getloadavg()[0]
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    results = [
        measure("clinic.yaml", clinic_path().read_text(encoding="utf-8"), args.runs),
        measure("clinic.yaml + Next.js", clinic_with_nextjs(), args.runs),
        measure("synthetic, 60 entities", synthetic_genome(), max(3, args.runs // 3)),
    ]
    cold = cold_measurements()
    print(table(results))
    print(cold_table(cold))
    if args.write:
        write_section(section(results, args.runs, load_average, cold))
    return 0 if all(item.cpu_ms < TARGETS_MS[item.label] for item in results) else 1


if __name__ == "__main__":
    sys.exit(main())
