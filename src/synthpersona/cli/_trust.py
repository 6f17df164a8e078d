"""``synthpersona backtest``: check personas against data they were not built from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from synthpersona.errors import InputError


def _print_backtest(summary: dict[str, Any], verbose: bool) -> None:
    cal = summary["calibration"]
    shown = "n/a" if cal is None else f"{cal:.1%}"
    typer.echo(
        f"{summary['workflow']} back-test ({summary['split']} split): built on {summary['n_build']:,} rows, "
        f"checked on {summary['n_held_out']:,} held-out rows"
    )
    typer.echo(
        f"calibration: {summary['inside']} of {summary['checked']} claims inside their "
        f"{summary['level']:.0%} prediction interval ({shown})"
    )
    ranking = summary.get("ranking")
    if ranking:
        typer.echo(
            f"{ranking['what']} ranking agreement: Spearman {ranking['spearman']:.2f}, "
            f"top segment {'kept' if ranking['top_kept'] else 'changed'}"
        )
    for name, value in summary.get("agreement", {}).items():
        typer.echo(f"{name}: {value:.3f}")
    for line in summary["outside"] if not verbose else []:
        typer.echo(f"  {line}")
    for note in summary["notes"]:
        typer.echo(f"note: {note}")


def register(app: typer.Typer) -> None:
    """Add the ``backtest`` command to ``app``."""

    @app.command("backtest")
    def backtest_cmd(
        goal: str | None = typer.Option(None, "--goal", help="Back-test the personas of this goal run."),
        table: Path | None = typer.Option(
            None, "--table", help="Back-test the personas of a table (leads) file."
        ),
        test_fraction: float = typer.Option(0.3, "--test-fraction", help="Share of rows held out (0.1-0.5)."),
        time_column: str | None = typer.Option(
            None,
            "--time-column",
            help="Table: hold out the latest rows by this date column (default: detected).",
        ),
        k: str = typer.Option("4", "--k", help="Table: number of segments or 'auto'."),
        target: str | None = typer.Option(None, "--target", help="Table: the yes/no outcome column."),
        random_state: int = typer.Option(
            0, "--random-state", "--seed", help="Seed of the split and the clustering."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the back-test (every claim) as JSON."),
        verbose: bool = typer.Option(False, "--all", help="List every claim, not only those outside."),
    ) -> None:
        """Back-test personas: build them on part of the data and check their claims on the held-out rest.

        Prints the calibration (share of claims whose held-out value lies inside its 95 %
        prediction interval), the conversion ranking agreement for tables, and the claims
        outside their interval.
        """
        from synthpersona.usecases.trust import backtest_dict, backtest_goal, backtest_table

        if (goal is None) == (table is None):
            raise InputError("Give exactly one of --goal TEXT or --table FILE to back-test.")
        if goal is not None:
            bt = backtest_goal(goal, test_fraction=test_fraction, random_state=random_state)
        else:
            assert table is not None
            bt = backtest_table(
                table,
                test_fraction=test_fraction,
                time_column=time_column,
                k=k,
                target=target,
                random_state=random_state,
            )
        data = backtest_dict(bt)
        if as_json:
            typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        _print_backtest(data, verbose)
        if verbose:
            for claim in bt.claims:
                typer.echo(f"  {claim.describe()}")
