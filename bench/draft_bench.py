"""Time drafting a ~2,000-word description (target: under 100 ms).

Run: .venv/bin/python -m bench.draft_bench
"""

from __future__ import annotations

import pathlib
import statistics
import time

from app.drafting.draft import draft

CASES = pathlib.Path(__file__).resolve().parents[1] / "tests" / "unit" / "generator" / "drafts"
RUNS = 30


def description(words: int = 2000, seed: int = 0) -> str:
    """Our own descriptions, repeated with numbered nouns, cut at `words` words.

    A different seed gives different nouns, so no run is served from the caches alone.
    """
    texts = [p.read_text(encoding="utf-8") for p in sorted(CASES.glob("*.txt"))]
    out: list[str] = []
    round_no = 0
    while len(out) < words:
        for text in texts:
            out.extend(text.replace("Each ", f"Each x{seed}r{round_no}").split())
        round_no += 1
    return " ".join(out[:words])


def main() -> None:
    start = time.perf_counter()
    draft(description(seed=RUNS))
    first_ms = (time.perf_counter() - start) * 1000
    texts = [description(seed=n) for n in range(RUNS)]
    times = []
    cpu = []
    for text in texts:
        start, start_cpu = time.perf_counter(), time.process_time()
        result = draft(text)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    print(
        f"words={len(texts[-1].split())} chars={len(texts[-1])} "
        f"entities={len(result.genome['entities'])} "
        f"runs={RUNS} first_ms={first_ms:.1f} median_ms={statistics.median(times):.1f} "
        f"p95_ms={times[int(RUNS * 0.95) - 1]:.1f} max_ms={times[-1]:.1f} "
        f"median_cpu_ms={statistics.median(cpu):.1f}"
    )


if __name__ == "__main__":
    main()
