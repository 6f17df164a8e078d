"""``synthpersona verify RUN_DIR``: re-derive a run's numbers and trait words from the data."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add the ``verify`` command to ``app``."""

    @app.command("verify")
    def verify_cmd(
        run_dir: Path = typer.Argument(
            ..., help="Folder written by 'synthpersona segment --goal ... --out DIR'."
        ),
        population: Path | None = typer.Option(
            None, "--population", help="The population file the run used (default: the built-in one)."
        ),
    ) -> None:
        """Re-derive every number and trait word of a 'segment --out' run from the data.

        Prints one line per mismatch and exits 1 when there is any.
        """
        from synthpersona.usecases.verify import verify_dir  # heavy: imported only when the command runs

        found = verify_dir(run_dir, population=population)
        for mismatch in found:
            typer.echo(mismatch.line())
        if found:
            typer.echo(f"{len(found)} mismatch(es) in {run_dir}", err=True)
            raise typer.Exit(1)
        typer.echo(f"ok: every number and trait word of {run_dir} recomputes from the data")
