"""``synthpersona verify RUN_DIR``: re-derive a run's numbers and trait words from the data."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add the ``verify`` command to ``app``."""

    @app.command("verify")
    def verify_cmd(
        run_dir: Path = typer.Argument(
            ...,
            help="Folder written by 'segment --goal ... --out DIR', 'leads analyze --out DIR' "
            "or 'simulate --out DIR'.",
        ),
        population: Path | None = typer.Option(
            None, "--population", help="Goal runs: the population file used (default: the built-in one)."
        ),
        events: Path | None = typer.Option(
            None, "--events", help="Simulations: the event log used (default: the file the run read)."
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print {run, ok, mismatches: [{where, claim, expected, kind}]} as JSON."
        ),
    ) -> None:
        """Re-derive every number and trait word of a run (goal, leads or clickstream) from the data.

        Prints one line per mismatch and exits 1 when there is any.
        """
        from synthpersona.usecases.verify import verify_path  # heavy: imported only when the command runs

        found = verify_path(run_dir, population=population, events=events)
        if as_json:
            rows = [dataclasses.asdict(m) for m in found]
            typer.echo(json.dumps({"run": str(run_dir), "ok": not found, "mismatches": rows}, indent=2))
            if found:
                raise typer.Exit(1)
            return
        for mismatch in found:
            typer.echo(mismatch.line())
        if found:
            typer.echo(f"{len(found)} mismatch(es) in {run_dir}", err=True)
            raise typer.Exit(1)
        typer.echo(f"ok: every number and trait word of {run_dir} recomputes from the data")
