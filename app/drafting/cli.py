"""`draft --text-file FILE`: print a genome drafted from a product description as YAML."""

from __future__ import annotations

import os
import pathlib

import click

from app.config import ConfigError, Settings


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
    """Print a genome drafted from the description in FILE, with notes as YAML comments.

    DRAFTER=model (and DRAFT_MODEL_*) drafts with the language model, as the app does.
    """
    # Imported here: every `flask` command loads this module (a plugin command).
    from app.drafting.draft import DraftError, draft, to_yaml

    text = text_file.read_bytes().decode("utf-8", errors="replace")
    settings = _settings()
    try:
        if settings.drafter == "model":
            from app.drafting import model as draft_model

            model = draft_model.ModelSettings.from_config(settings.flask_config())
            assert model is not None  # DRAFTER is model
            result = draft_model.draft(text, model, name=name, tenancy=tenancy)
        else:
            result = draft(text, name=name, tenancy=tenancy)
    except DraftError as exc:
        raise click.ClickException(str(exc)) from exc
    for note in result.notes:
        click.echo(f"# note: {' '.join(note.split())}")
    click.echo(to_yaml(result.genome), nl=False)


def _settings() -> Settings:
    """DRAFTER and DRAFT_MODEL_* from the environment, as the app reads them (a plugin
    command runs without building the app)."""
    try:
        settings = Settings.from_env(os.environ.get("HELIX_ENV") or "development")
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
    problems = settings.drafter_problems()
    if problems:
        raise click.ClickException("; ".join(problems) + ".")
    return settings


if __name__ == "__main__":
    draft_command()  # pylint: disable=no-value-for-parameter
