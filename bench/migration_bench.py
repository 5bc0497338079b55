"""What computing the migration between genome versions adds to a generation of clinic.

Timed, on the series tests/evolutions/clinic/ (v1 = examples clinic.yaml):
- migration: what render() does more with a lineage: normalize the earlier version(s), render
  the first version's initial revision, and compute and write the revisions (the diff of
  the normalized genomes, both directions), for one step (v1 -> v2, an entity, a relation)
  and for the whole series (v1..v8 -> v9, eight revisions);
- render: the whole generation of v2 without and with the lineage [v1] (formatting
  included), whose difference is the same cost seen from outside (noisier).

Run: .venv/bin/python -m bench.migration_bench [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from app.codegen.render import GENERATOR_VERSION, _migrations, render
from app.genome import load

SERIES = Path(__file__).resolve().parents[1] / "tests" / "evolutions" / "clinic"
TARGET_MS = 200.0


def _timed(action: Callable[[], object], rounds: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each round."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def _line(name: str, walls: list[float], cpus: list[float]) -> str:
    ordered = sorted(walls)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{name:<44} median {statistics.median(walls):7.1f} ms  p95 {p95:7.1f} ms  "
        f"cpu median {statistics.median(cpus):7.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    texts = [path.read_text(encoding="utf-8") for path in sorted(SERIES.glob("v*.yaml"))]
    v2, last = load(texts[1]), load(texts[-1])
    render(v2, lineage=texts[:1])  # warm up: templates compiled, ruff on disk cache
    one_step = _timed(lambda: _migrations(texts[:1], v2, GENERATOR_VERSION), rounds)
    series = _timed(lambda: _migrations(texts[:-1], last, GENERATOR_VERSION), rounds)
    plain = _timed(lambda: render(v2), max(3, rounds // 4))
    with_lineage = _timed(lambda: render(v2, lineage=texts[:1]), max(3, rounds // 4))
    print(_line("migration v1 -> v2 (one revision)", *one_step))
    print(
        _line(
            f"migration v1..v{len(texts) - 1} -> v{len(texts)} ({len(texts) - 1} revisions)",
            *series,
        )
    )
    print(_line("render v2 without lineage", *plain))
    print(_line("render v2 with lineage [v1]", *with_lineage))
    added = statistics.median(with_lineage[0]) - statistics.median(plain[0])
    print(f"render difference (medians): {added:.1f} ms")
    median = statistics.median(one_step[0])
    verdict = "met" if median < TARGET_MS else "NOT met"
    print(f"target: one step adds < {TARGET_MS:.0f} ms -> {verdict} ({median:.1f} ms median)")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
