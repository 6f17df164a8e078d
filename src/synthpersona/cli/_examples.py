"""``synthpersona examples``: copy the example inputs the README uses into a folder."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add the ``examples`` command to ``app``."""

    @app.command("examples")
    def examples(
        dest: Path = typer.Argument(Path("examples"), help="Folder to copy the examples into."),
        force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
        as_json: bool = typer.Option(False, "--json", help="Print the written paths as JSON."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing on success."),
    ) -> None:
        """Copy the example inputs (scenario templates, a leads table) into a folder, default
        ./examples, so the README's commands run as written."""
        from synthpersona.examples import copy_examples

        written = copy_examples(dest, force=force)
        if as_json:
            typer.echo(json.dumps([str(p) for p in written], indent=2))
        elif not quiet:
            for path in written:
                typer.echo(str(path))
