"""Generate a project from a genome file the way a user gets it: a zip, unpacked."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from helix_gates.commands import Result, run

HELIX_ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class GeneratedProject:
    name: str  # the genome file's stem: clinic, shop, hostile...
    genome_file: Path
    slug: str
    tenant_snake: str
    tenant_plural: str
    zip_sha256: str
    zip_file: Path
    root: Path  # the unpacked project

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")


def generate_zip(genome_file: Path) -> tuple[bytes, object]:
    """Load, render and archive in this process; return the zip and the genome."""
    from app.codegen.archive import archive
    from app.codegen.render import render
    from app.genome import load

    genome = load(genome_file.read_text(encoding="utf-8"))
    return archive(render(genome), genome.slug), genome


def unpack(data: bytes, target: Path) -> Path:
    """Extract the zip with its file modes; return its single top folder."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
        assert len(tops) == 1, f"the zip must have one top folder, not {sorted(tops)}"
        for info in archive.infolist():
            path = target / info.filename
            assert target in path.resolve().parents, f"zip entry escapes: {info.filename}"
            archive.extract(info, target)
            mode = (info.external_attr >> 16) & 0o777
            if mode and not info.is_dir():
                path.chmod(mode | stat.S_IRUSR)
    return target / tops.pop()


def generate(genome_file: Path, workdir: Path) -> GeneratedProject:
    """Generate the genome's project into workdir and describe it."""
    data, genome = generate_zip(genome_file)
    zip_file = workdir / f"{genome.slug}.zip"
    zip_file.write_bytes(data)
    root = unpack(data, workdir / "project")
    return GeneratedProject(
        name=genome_file.stem,
        genome_file=genome_file,
        slug=genome.slug,
        tenant_snake=genome.tenant_snake,
        tenant_plural=genome.tenant_plural,
        zip_sha256=hashlib.sha256(data).hexdigest(),
        zip_file=zip_file,
        root=root,
    )


def generate_with_cli(genome_file: Path, out_zip: Path, hash_seed: str) -> Result:
    """Generate through the command line in a fresh interpreter with its own hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return run(
        [sys.executable, "-m", "app.codegen.cli", genome_file, "--out", out_zip],
        cwd=HELIX_ROOT,
        env=env,
        timeout=120,
    )


def zip_differences(first: Path, second: Path) -> list[str]:
    """Entries whose presence, bytes or metadata differ between two zips."""
    with zipfile.ZipFile(first) as one, zipfile.ZipFile(second) as two:
        left = {info.filename: info for info in one.infolist()}
        right = {info.filename: info for info in two.infolist()}
        differences = [f"only in the first: {name}" for name in sorted(left.keys() - right.keys())]
        differences += [
            f"only in the second: {name}" for name in sorted(right.keys() - left.keys())
        ]
        for name in sorted(left.keys() & right.keys()):
            a, b = left[name], right[name]
            if one.read(name) != two.read(name):
                differences.append(f"content differs: {name}")
            elif (a.date_time, a.external_attr) != (b.date_time, b.external_attr):
                differences.append(f"metadata differs: {name}")
        if not differences and list(left) != list(right):
            differences.append("same entries in a different order")
    return differences
