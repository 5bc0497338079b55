"""Validate + normalize a synthetic 60-entity genome; report the median time on one core.

Also checks a large genome with hundreds of problems the way the API does (problems with
their lines), which must cost time linear in the document.

Run: .venv/bin/python -m bench.genome_bench [--rounds 50] [--invalid-rounds 3] [--baseline]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from app.errors import ApiError
from app.genome import normalize
from app.genome.naming import pluralize, singularize
from app.services.genome_service import check, lines_of, to_yaml

TARGET_MS = 20.0
WORDS = [
    "Patient",
    "Doctor",
    "Room",
    "Invoice",
    "Payment",
    "Review",
    "Tag",
    "Order",
    "Line",
    "Product",
    "Category",
    "Customer",
    "Person",
    "Address",
    "Status",
    "Quiz",
]


def synthetic_genome(count: int = 60) -> dict:
    """`count` entities, 12 fields of mixed types each, relations to earlier entities."""
    names = [f"{WORDS[i % len(WORDS)]}{chr(65 + i // len(WORDS))}x" for i in range(count)]
    entities = []
    for index, name in enumerate(names):
        fields = {
            "title": {"type": "string", "required": True, "max_length": 120, "unique": True},
            "notes": {"type": "text", "max_length": 5000},
            "email": {"type": "email", "unique": "global"},
            "count": {"type": "integer", "min": 0, "max": 100, "default": 3},
            "price": {"type": "decimal", "precision": 10, "scale": 2, "min": 0, "default": "9.90"},
            "ratio": {"type": "float", "min": 0},
            "active": {"type": "boolean", "default": True},
            "due_on": {"type": "date", "default": "2026-01-31"},
            "starts_at": {"type": "datetime"},
            "code": {
                "type": "string",
                "max_length": 16,
                "pattern": "^[A-Z0-9-]+$",
                "default": "A-1",
            },
            "state": {"type": "enum", "values": ["draft", "open", "closed"], "default": "draft"},
            "payload": {"type": "json"},
        }
        relations = {"owner": {"kind": "many_to_one", "target": "User", "on_delete": "set_null"}}
        if index:
            relations["parent"] = {
                "kind": "many_to_one",
                "target": names[index - 1],
                "required": True,
                "on_delete": "cascade",
            }
            relations["links"] = {"kind": "many_to_many", "target": names[index // 2]}
        entities.append(
            {
                "name": name,
                "fields": fields,
                "relations": relations,
                "search": ["title", "notes"],
                "unique_together": [["title", "state"]],
                "indexes": [["state", "starts_at"]],
                "permissions": {"member": ["read"]},
                "transitions": {
                    "field": "state",
                    "allowed": {"draft": ["open"], "open": ["closed"], "closed": []},
                },
            }
        )
    return {"genome": 1, "name": "Bench", "entities": entities}


def invalid_genome_text(count: int = 60) -> str:
    """The synthetic genome as YAML with an unknown option on every field (hundreds of problems)."""
    data = synthetic_genome(count)
    for entity in data["entities"]:
        for spec in entity["fields"].values():
            spec["colour"] = "blue"
        entity["relations"]["owner"]["colour"] = "red"
    return to_yaml(data)


def bench_invalid(rounds: int, entities: int, baseline: bool) -> None:
    """CPU time of genome_service.check on the invalid genome (the API's 422 with lines).

    With `baseline`, also the old way: one YAML composition per problem (quadratic).
    """
    text = invalid_genome_text(entities)
    times, problems = [], []
    for _ in range(rounds):
        started = time.process_time()
        try:
            check(text)
        except ApiError as error:
            problems = [item["path"] for item in error.details or []]
        times.append((time.process_time() - started) * 1000)
    print(
        f"check with lines: {len(text) / 1024:.0f} KiB genome, {len(problems)} problems: "
        f"median of {rounds}: {statistics.median(times):.0f} ms CPU"
    )
    if baseline:
        started = time.process_time()
        for path in problems:
            lines_of(text, [path])
        print(f"  old way, one composition per problem: {time.process_time() - started:.1f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--invalid-rounds", type=int, default=3)
    parser.add_argument("--invalid-entities", type=int, default=60)
    parser.add_argument("--baseline", action="store_true", help="also time the old way")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    data = synthetic_genome()
    pluralize.cache_clear()
    singularize.cache_clear()
    started = time.perf_counter()
    genome = normalize(data)
    cold_ms = (time.perf_counter() - started) * 1000
    wall, cpu = [], []
    for _ in range(args.rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        normalize(data)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    median = statistics.median(cpu)
    relations = sum(len(entity.relations) for entity in genome.entities)
    print(
        f"genome validate+normalize: {len(genome.entities)} entities, {relations} relations, "
        f"{sum(len(e.fields) for e in genome.entities)} fields"
    )
    print(f"first run (cold inflection cache): {cold_ms:.1f} ms wall")
    # CPU time of this process: what one core spends, whatever else shares the machine.
    print(
        f"median of {args.rounds}: {median:.2f} ms CPU (min {min(cpu):.2f}); "
        f"{statistics.median(wall):.2f} ms wall (min {min(wall):.2f}); "
        f"target < {TARGET_MS:.0f} ms: {'PASS' if median < TARGET_MS else 'FAIL'}"
    )
    bench_invalid(args.invalid_rounds, args.invalid_entities, args.baseline)


if __name__ == "__main__":
    main()
