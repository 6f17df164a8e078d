"""``synthpersona verify RUN_DIR``: re-derive a run's numbers and trait words from the data."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Any

import typer

RunDir = Annotated[
    Path,
    typer.Argument(
        help="Folder written by 'segment --goal ... --out DIR', 'leads analyze --out DIR' "
        "or 'simulate --out DIR'.",
    ),
]
Population = Annotated[
    Path | None,
    typer.Option("--population", help="Goal runs: the population file used (default: the built-in one)."),
]
Events = Annotated[
    Path | None,
    typer.Option("--events", help="Simulations: the event log used (default: the file the run read)."),
]
AsJson = Annotated[
    bool,
    typer.Option("--json", help="Print {run, ok, mismatches: [{where, claim, expected, kind}]} as JSON."),
]


def register(app: typer.Typer) -> None:
    """Add the ``verify`` command to ``app``."""
    app.command("verify")(verify_cmd)


def verify_cmd(
    run_dir: RunDir, population: Population = None, events: Events = None, as_json: AsJson = False
) -> None:
    """Re-derive every number and trait word of a run (goal, leads or clickstream) from the data.

    Prints one line per mismatch and exits 1 when there is any.
    """
    from synthpersona.usecases.verify import verify_path  # heavy: imported only when the command runs

    found = verify_path(run_dir, population=population, events=events)
    if as_json:
        _print_json(run_dir, found)
    else:
        _print_lines(run_dir, found)
    if found:
        raise typer.Exit(1)


def _print_json(run_dir: Path, found: list[Any]) -> None:
    rows = [dataclasses.asdict(m) for m in found]
    typer.echo(json.dumps({"run": str(run_dir), "ok": not found, "mismatches": rows}, indent=2))


def _print_lines(run_dir: Path, found: list[Any]) -> None:
    for mismatch in found:
        typer.echo(mismatch.line())
    if found:
        typer.echo(f"{len(found)} mismatch(es) in {run_dir}", err=True)
    else:
        typer.echo(f"ok: every number and trait word of {run_dir} recomputes from the data")
