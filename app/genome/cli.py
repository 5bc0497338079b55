"""`genome validate FILE` and `genome schema`; plain click, registered as `flask genome`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from app.genome import MAX_BYTES, GenomeError, Problem, load
from app.genome.schema import json_schema

EXIT_INVALID = 2


def _read(path: str) -> bytes:
    file = Path(path)
    try:
        with file.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise GenomeError(
            [Problem("", "unreadable_file", f"Cannot read {path}: {reason}.")]
        ) from None


@click.group("genome", help="Validate genomes and print the genome JSON Schema.")
def genome_cli() -> None:
    """The `genome` command group."""


@genome_cli.command("validate")
@click.argument("file")
def validate_command(file: str) -> None:
    """Validate FILE (YAML or JSON); exit 0 when valid, 2 with one line per problem."""
    try:
        genome = load(_read(file))
    except GenomeError as error:
        for problem in error.problems:
            click.echo(str(problem))
        sys.exit(EXIT_INVALID)
    relations = sum(len(entity.relations) for entity in genome.entities)
    click.echo(
        f"{Path(file).name}: valid, {_count(len(genome.entities), 'entity', 'entities')}, "
        f"{_count(relations, 'relation', 'relations')}"
    )


@genome_cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the genome format."""
    click.echo(json.dumps(json_schema(), indent=2, sort_keys=False))


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


if __name__ == "__main__":
    genome_cli()  # pylint: disable=no-value-for-parameter
