"""`draft --text-file FILE`: print a genome drafted from a product description as YAML."""

from __future__ import annotations

import pathlib

import click

from app.drafting.draft import DraftError, draft, to_yaml


@click.command("draft")
@click.option(
    "--text-file",
    "text_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path),
    help="A plain-text product description (UTF-8).",
)
@click.option("--name", default=None, help="The product name; drafted from the text when absent.")
@click.option("--tenancy", type=click.Choice(["workspace", "organization"]), default=None)
def draft_command(text_file: pathlib.Path, name: str | None, tenancy: str | None) -> None:
    """Print a genome drafted from the description in FILE, with notes as YAML comments."""
    text = text_file.read_bytes().decode("utf-8", errors="replace")
    try:
        result = draft(text, name=name, tenancy=tenancy)
    except DraftError as exc:
        raise click.ClickException(str(exc)) from exc
    for note in result.notes:
        click.echo(f"# note: {' '.join(note.split())}")
    click.echo(to_yaml(result.genome), nl=False)


if __name__ == "__main__":
    draft_command()  # pylint: disable=no-value-for-parameter
