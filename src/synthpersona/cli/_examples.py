"""``synthpersona examples``: copy the example inputs the README uses into a folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

Dest = Annotated[Path, typer.Argument(help="Folder to copy the examples into.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite files that already exist.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the written paths as JSON.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")]


def register(app: typer.Typer) -> None:
    """Add the ``examples`` command to ``app``."""
    app.command("examples")(examples_cmd)


def examples_cmd(
    dest: Dest = Path("examples"), force: Force = False, as_json: AsJson = False, quiet: Quiet = False
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
