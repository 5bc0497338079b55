"""The patch between two versions of clinic: what Helix adds to compare generations.

Version 1 is examples clinic.yaml; version 2 adds two fields to Patient (the required one
with a default) and an entity Insurer, rendered with version 1 as its lineage (so with
its new Alembic revision). Both are zipped as the worker stores them. Timed:
- manifest: the .helix/manifest.json of version 2's tree (hash every file), which every
  generation now pays;
- patch: open both stored zips, inflate the files whose manifest hashes differ and make
  the git patch of them (what GET .../patch answers);
- changes: the same files' diffs (the project page's changes of a generation).

Run: .venv/bin/python -m bench.patch_bench [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
import uuid
from types import SimpleNamespace

import yaml

from app.codegen.archive import archive
from app.codegen.render import render
from app.examples import genome_path
from app.genome import load
from app.services import generation_trees

TARGET_MS = 200.0


def versions() -> tuple[str, str]:
    first = genome_path("clinic.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(first)
    for entity in data["entities"]:
        if entity["name"] == "Patient":
            entity["fields"]["insurance_number"] = {"type": "string", "max_length": 40}
            entity["fields"]["vip"] = {"type": "boolean", "required": True, "default": False}
    data["entities"].append(
        {"name": "Insurer", "fields": {"name": {"type": "string", "required": True}}}
    )
    return first, yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def stored_zip(text: str, number: int, lineage: tuple[str, ...] = ()) -> tuple[bytes, float]:
    """The zip the worker would store for this genome (its migrations built on `lineage`),
    and the render time in ms."""
    genome = load(text)
    started = time.perf_counter()
    files = render(genome, lineage=lineage)
    rendered = (time.perf_counter() - started) * 1000
    generation = SimpleNamespace(
        id=uuid.uuid4(),
        project_id=uuid.uuid4(),
        genome_sha256="0" * 64,
        genome_version=SimpleNamespace(number=number),
        lineage=list(range(1, number)),
    )
    files[generation_trees.MANIFEST_PATH] = generation_trees.manifest(files, generation, "bench")
    return archive(files, genome.slug), rendered


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (git)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(function, rounds: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each round."""
    walls, cpus = [], []
    for _ in range(rounds):
        started, cpu = time.perf_counter(), cpu_seconds()
        function()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((cpu_seconds() - cpu) * 1000)
    return walls, cpus


def summary(name: str, times: tuple[list[float], list[float]]) -> str:
    walls, cpus = times
    ordered = sorted(walls)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{name:<9} wall median {statistics.median(walls):7.1f} ms  p95 {p95:7.1f} ms  "
        f"max {max(walls):7.1f} ms   CPU median {statistics.median(cpus):6.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    first, second = versions()
    old_zip, render_old = stored_zip(first, 1)
    new_zip, render_new = stored_zip(second, 2, (first,))
    old_tree = generation_trees.read_zip(old_zip)
    new_tree = generation_trees.read_zip(new_zip)
    files = {path: item.data for path, item in new_tree.items()}
    files.pop(generation_trees.MANIFEST_PATH)
    generation = SimpleNamespace(
        id=uuid.uuid4(),
        project_id=uuid.uuid4(),
        genome_sha256="0" * 64,
        genome_version=SimpleNamespace(number=2),
        lineage=[1],
    )
    patch = generation_trees.git_patch(old_tree, new_tree)
    assert patch == generation_trees.git_patch(
        *generation_trees.differing(
            generation_trees.Snapshot.of_zip(old_zip), generation_trees.Snapshot.of_zip(new_zip)
        )
    ), "the patch of the differing files is the patch of the whole trees"
    changes = generation_trees.changes(old_tree, new_tree)
    print(
        f"clinic v1 {len(old_tree)} files, v2 {len(new_tree)} files; render v1 "
        f"{render_old:.0f} ms, v2 {render_new:.0f} ms (once, not part of the numbers below)"
    )
    print(
        f"patch: {len(patch):,} bytes, {len(changes)} files changed "
        f"({sum(c.status == 'added' for c in changes)} added); load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    manifest_times = timed(
        lambda: generation_trees.manifest(files, generation, "bench"), args.rounds
    )

    def differing():
        return generation_trees.differing(
            generation_trees.Snapshot.of_zip(old_zip), generation_trees.Snapshot.of_zip(new_zip)
        )

    patch_times = timed(lambda: generation_trees.git_patch(*differing()), args.rounds)
    change_times = timed(lambda: generation_trees.changes(*differing()), args.rounds)
    print(summary("manifest", manifest_times))
    print(summary("patch", patch_times))
    print(summary("changes", change_times))
    wall = statistics.median(patch_times[0]) + statistics.median(manifest_times[0])
    cpu = statistics.median(patch_times[1]) + statistics.median(manifest_times[1])
    verdict = "PASS" if wall < TARGET_MS else "FAIL"
    print(
        f"{verdict}: manifest + patch median wall {wall:.1f} ms, CPU {cpu:.1f} ms (target "
        f"under {TARGET_MS:.0f} ms; on a loaded machine wall time is mostly waiting for a core)"
    )
    return 0 if wall < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
