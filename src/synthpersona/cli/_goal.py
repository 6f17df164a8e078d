"""``synthpersona goal``: understand a business goal (intents, domain, filters, SQL)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table

from synthpersona.errors import InputError
from synthpersona.goals import GoalSpec, build_query, explain_empty, parse_goal

goal_app = typer.Typer(
    help="Understand a business goal: intents, domain, filters and the SQL they make.", no_args_is_help=True
)

_BAR = 20


def _bar(confidence: float) -> str:
    filled = round(confidence * _BAR)
    colour = "green" if confidence >= 0.8 else "yellow" if confidence >= 0.5 else "dim"
    return f"[{colour}]{'█' * filled}[/{colour}][dim]{'░' * (_BAR - filled)}[/dim]"


def _value(v: Any) -> str:
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return str(v).lower() if isinstance(v, bool) else str(v)


def _today(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"--today {text!r} is not a date; use YYYY-MM-DD, e.g. 2026-01-15.") from exc


def _audience(spec: GoalSpec, population: Path | None) -> dict[str, Any]:
    # Imported here: counting needs the population, parsing alone does not.
    from synthpersona.engine import DuckDBEngine
    from synthpersona.population import default_engine, register_population

    if population is not None:
        engine = DuckDBEngine()
        register_population(engine, population)
    else:
        engine = default_engine()
    sql, params = build_query(spec, select="count")
    n = int(engine.scalar(sql, params))
    total = int(engine.scalar("SELECT count(*) FROM users"))
    out: dict[str, Any] = {"count": n, "total": total}
    if n == 0:
        err = explain_empty(engine, spec)
        if err is not None:
            out["empty_reason"] = err.message
            out["empty_details"] = err.details
    return out


def _render(spec: GoalSpec, sql: str, params: list[Any], audience: dict[str, Any] | None) -> None:
    console = Console()
    console.print(
        Panel.fit(f"[bold]{spec.goal}[/bold]", title="goal", subtitle=f"domain: [cyan]{spec.domain}[/cyan]")
    )
    intents = Table(title="Intents", show_edge=False, header_style="bold")
    intents.add_column("intent")
    intents.add_column("confidence")
    intents.add_column("", justify="right")
    intents.add_column("evidence", overflow="fold")
    for it in spec.intents:
        if it.confidence < 0.3 and not it.evidence:
            continue
        intents.add_row(it.name, _bar(it.confidence), f"{it.confidence:.2f}", ", ".join(it.evidence))
    console.print(intents)
    filters = Table(title="Filters", show_edge=False, header_style="bold")
    for col in ("column", "op", "value", "from the goal"):
        filters.add_column(col, overflow="fold")
    for f in spec.filters:
        filters.add_row(f.column, f.op, _value(f.value), f.source)
    if not spec.filters:
        filters.add_row("[dim](none: the whole population)[/dim]", "", "", "")
    console.print(filters)
    console.print(Syntax(sql, "sql", theme="ansi_dark", word_wrap=True))
    console.print(f"[dim]params:[/dim] {json.dumps(params, ensure_ascii=False)}")
    if spec.unparsed:
        console.print(f"[yellow]not understood:[/yellow] {spec.unparsed}")
    for w in spec.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")
    if audience is not None:
        n, total = audience["count"], audience["total"]
        share = 100 * n / total if total else 0.0
        colour = "green" if n else "red"
        console.print(f"[{colour}]audience: {n:,} of {total:,} people ({share:.1f}%)[/{colour}]")
        if "empty_reason" in audience:
            console.print(f"[red]{audience['empty_reason']}[/red]")


# --- the options of ``goal parse`` -----------------------------------------------------------------

Text = Annotated[str, typer.Argument(help='The goal in plain words, e.g. "Gen Z moms in tier-2 cities".')]
AsJson = Annotated[bool, typer.Option("--json", help="Print the GoalSpec with sql and params as JSON.")]
Count = Annotated[bool, typer.Option("--count", help="Also count the matching people in the population.")]
Population = Annotated[
    Path | None, typer.Option("--population", help="Count on this Parquet/CSV population.")
]
Today = Annotated[str | None, typer.Option("--today", help="Reference date for generations (YYYY-MM-DD).")]


@goal_app.command("parse")
def parse_cmd(
    text: Text,
    as_json: AsJson = False,
    count: Count = False,
    population: Population = None,
    today: Today = None,
) -> None:
    """Parse a goal and show its intents, filters and parameterised SQL."""
    spec = parse_goal(text, today=_today(today))
    sql, params = build_query(spec)
    audience = _audience(spec, population) if (count or population is not None) else None
    if as_json:
        payload = spec.model_dump(mode="json")
        payload.update(sql=sql, params=params)
        if audience is not None:
            payload["audience"] = audience
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _render(spec, sql, params, audience)


def register(app: typer.Typer) -> None:
    """Add the ``goal`` command group to the CLI."""
    app.add_typer(goal_app, name="goal")
