"""Benchmark of the generator: render + zip of clinic.yaml and of a synthetic 60-entity genome.

Targets (issue 4): clinic.yaml under 150 ms on one core, 60 entities under 1 s.
Run: .venv/bin/python bench/generate.py [--runs N] [--write]
`--write` replaces the "## Generation" section of bench/RESULTS.md with this run's numbers.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CLINIC = ROOT.parent / "shared" / "genome" / "examples" / "clinic.yaml"
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Generation"
TARGETS_MS = {"clinic.yaml": 150.0, "synthetic, 60 entities": 1000.0}
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


@dataclass(frozen=True)
class Measurement:
    label: str
    entities: int
    files: int
    zip_bytes: int
    median_ms: float
    best_ms: float

    @property
    def ms_per_entity(self) -> float:
        return self.median_ms / self.entities


def measure(label: str, text: str, runs: int) -> Measurement:
    """Median and best wall time of render + zip, after one warm-up run."""
    from app.generator.archive import archive
    from app.generator.genome import load
    from app.generator.render import render

    genome = load(text)
    files = render(genome)
    data = archive(files, genome.slug)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        data = archive(render(genome), genome.slug)
        times.append((time.perf_counter() - started) * 1000)
    return Measurement(
        label, len(genome.entities), len(files), len(data), statistics.median(times), min(times)
    )


def table(results: list[Measurement]) -> str:
    rows = [
        "| genome | entities | files | zip bytes | median ms | best ms | ms per entity | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for item in results:
        target = TARGETS_MS[item.label]
        verdict = "met" if item.median_ms < target else "MISSED"
        rows.append(
            f"| {item.label} | {item.entities} | {item.files} | {item.zip_bytes:,} | "
            f"{item.median_ms:.0f} | {item.best_ms:.0f} | {item.ms_per_entity:.1f} | "
            f"< {target:.0f} ms: {verdict} |"
        )
    return "\n".join(rows)


def section(results: list[Measurement], runs: int) -> str:
    return (
        f"{SECTION}\n\n"
        "render + deterministic zip, one process pinned to one core, Python "
        f"{platform.python_version()}; median of {runs} runs after a warm-up.\n"
        "Machine: 2 cores, 24 GiB. Date: 2026-11-25. "
        "Command: `.venv/bin/python bench/generate.py --write`.\n\n"
        f"{table(results)}\n"
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
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    results = [
        measure("clinic.yaml", CLINIC.read_text(encoding="utf-8"), args.runs),
        measure("synthetic, 60 entities", synthetic_genome(), max(3, args.runs // 3)),
    ]
    print(table(results))
    if args.write:
        write_section(section(results, args.runs))
    return 0 if all(item.median_ms < TARGETS_MS[item.label] for item in results) else 1


if __name__ == "__main__":
    sys.exit(main())
