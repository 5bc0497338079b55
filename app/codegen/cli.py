"""`flask generate FILE --out DIR_OR_ZIP`: a project from a genome, no server needed."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import click

from app.codegen.archive import archive, is_executable
from app.codegen.render import UnsupportedStackError, check_stack, render
from app.genome import load
from app.genome.problems import GenomeError

EXIT_INVALID = 2


def _problems(error: GenomeError) -> list[str]:
    """One line per problem of an invalid genome."""
    return [f"{problem.path}: {problem.code}: {problem.message}" for problem in error.problems]


def write_project(files: dict[str, bytes], top: str, out: Path) -> str:
    """Write the project as a zip (out ends in .zip) or a directory; return what was written."""
    if out.suffix == ".zip":
        data = archive(files, top)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return f"{out} ({len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()})"
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        target.chmod(0o755 if is_executable(path) else 0o644)
    return f"{out} ({len(files)} files)"


@click.command("generate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="A directory, or a path ending in .zip for an archive.",
)
def generate_command(file: Path, out: Path) -> None:
    """Generate the project of the genome in FILE into --out (a directory or a .zip)."""
    try:
        genome = load(file.read_bytes())
        check_stack(genome)
    except UnsupportedStackError as error:
        click.echo(f"{error.path}: {error.code}: {error}", err=True)
        sys.exit(EXIT_INVALID)
    except GenomeError as error:
        for line in _problems(error):
            click.echo(line, err=True)
        sys.exit(EXIT_INVALID)
    files = render(genome)
    click.echo(f"Generated {write_project(files, genome.slug, out)}")


if __name__ == "__main__":
    generate_command()  # pylint: disable=no-value-for-parameter
