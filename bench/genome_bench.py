"""Validate + normalize a synthetic 60-entity genome; report the median time on one core.

Run: .venv/bin/python -m bench.genome_bench [--rounds 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from app.generator.genome import normalize
from app.generator.naming import pluralize, singularize

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
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


if __name__ == "__main__":
    main()
