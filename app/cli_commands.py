"""The generator's command line: `flask genome validate|schema|draft` and `flask generate`.

pyproject.toml names these as Flask plugin commands (entry points), so with Helix installed
(`make install`) Flask runs them without building the web app; `create_app` registers the
same objects for a checkout that is not installed. Nothing here may import the web stack.
"""

from __future__ import annotations

from app.codegen.cli import generate_command
from app.drafting.cli import draft_command
from app.genome.cli import genome_cli

genome_cli.add_command(draft_command)

__all__ = ["generate_command", "genome_cli"]
