"""``synthpersona behaviour graph|steps|sankey|compare|retention|paths``: analytics on an event log."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from synthpersona.errors import InputError
from synthpersona.formats import describe
from synthpersona.usecases.behaviour import GROUP_SPECIALS, VIEWS, BehaviourView, analyse

SUMMARY = "Behaviour analytics on a clickstream: transition graph, step matrix, group comparison, retention."

_EVENTS = typer.Option(
    None,
    "--events",
    "-e",
    help=f"Event log ({describe('event_log')}) with user_id, event, timestamp. Default: the bundled sample.",
)
_GROUP_BY = typer.Option(
    None,
    "--group-by",
    "-g",
    help=f"Compare groups: a column of the log (variant, attribute) or {' / '.join(GROUP_SPECIALS)}.",
)
_GROUPS = typer.Option(None, "--groups", help="The two groups A,B (default: the two largest; A minus B).")
_TARGET = typer.Option(
    None, "--target", "-t", help="Conversion event(s), comma-separated (default: *complete*...)."
)
_PIPELINE = typer.Option(
    None,
    "--pipeline",
    help='Preprocessing steps: a JSON file or inline JSON, e.g. \'[{"kind": "collapse_repeats"}]\'.',
)
_COLUMNS = typer.Option(None, "--columns", help="Map your column names, e.g. 'user_id=visitor,event=action'.")
_UNIT = typer.Option("user", "--path-unit", help="A path is a user's whole history ('user') or a 'session'.")
_K = typer.Option(
    None, "--k", min=1, max=50, help="--group-by persona: number of personas (default: automatic)."
)
_SEED = typer.Option(0, "--random-state", "--seed", help="random_state of the persona clustering.")
_OUT = typer.Option(None, "--out", "-o", help="Folder for CSV, JSON, interactive HTML and pipeline.json.")
_JSON = typer.Option(False, "--json", help="Print the view as JSON on stdout.")
_ROWS = typer.Option(20, "--rows", min=1, help="Rows to print.")


def _pipeline(spec: str | None) -> Any:
    if not spec:
        return None
    text = Path(spec).read_text(encoding="utf-8") if Path(spec).is_file() else spec
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"--pipeline is neither a JSON file nor valid JSON ({exc.msg}): {spec[:60]!r}.", code="bad_json"
        ) from None


def _columns(spec: str | None) -> dict[str, str] | None:
    if not spec:
        return None
    pairs = [p.split("=", 1) for p in spec.split(",")]
    if any(len(p) != 2 for p in pairs):
        raise InputError(f"--columns expects canonical=source pairs, e.g. 'user_id=visitor', got {spec!r}.")
    return {k.strip(): v.strip() for k, v in pairs}


def _groups(spec: str | None) -> list[str] | None:
    if not spec:
        return None
    parts = [p.strip() for p in spec.split(",") if p.strip()]
    if len(parts) != 2:
        raise InputError(f"--groups expects two groups 'A,B', got {spec!r}.")
    return parts


def _show(result: BehaviourView, as_json: bool, rows: int) -> None:
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, default=str))
        return
    console = Console()
    groups = result.params.get("groups")
    head = f"[bold]{result.view}[/bold]: {result.n_events:,} events, {result.n_users:,} users"
    console.print(head + (f"; {groups[0]} (A) vs {groups[1]} (B)" if groups else ""))
    with_index = result.view in ("steps", "retention")
    table = result.table
    if result.view == "compare":
        keep = ["metric", "test", "value_a", "value_b", "difference", "ci_low", "ci_high", "effect_size"]
        table = table[[*keep, "p_adjusted", "significant"]]
    # Plain text, not rich: wide tables must not wrap.
    typer.echo(table.head(rows).to_string(index=with_index, float_format=lambda v: f"{v:.3g}"))
    if result.params.get("answer"):
        typer.echo(str(result.params["answer"]))
    if result.files:
        html = [n for n in result.files if n.endswith(".html")]
        where = Path(next(iter(result.files.values()))).parent
        console.print(f"Files in [bold]{where}[/bold]" + (f": open {html[0]}" if html else ""))


def _run(view: str, show: tuple[bool, int], **kwargs: Any) -> None:
    kwargs["pipeline"] = _pipeline(kwargs.get("pipeline"))
    kwargs["columns"] = _columns(kwargs.get("columns"))
    kwargs["groups"] = _groups(kwargs.get("groups"))
    _show(analyse(view, kwargs.pop("events"), **kwargs), *show)


def graph_cmd(
    events: Path | None = _EVENTS,
    group_by: str | None = _GROUP_BY,
    groups: str | None = _GROUPS,
    target: str | None = _TARGET,
    min_count: int = typer.Option(0, "--min-count", min=0, help="Hide edges with fewer transitions."),
    min_share: float = typer.Option(0.0, "--min-share", min=0, max=1, help="Hide edges under this share."),
    pipeline: str | None = _PIPELINE,
    columns: str | None = _COLUMNS,
    path_unit: str = _UNIT,
    k: int | None = _K,
    seed: int = _SEED,
    out: Path | None = _OUT,
    as_json: bool = _JSON,
    rows: int = _ROWS,
) -> None:
    """Transition graph (with --group-by: the difference A minus B)."""
    _run(
        "graph", (as_json, rows), events=events, group_by=group_by, groups=groups, target=target,
        min_count=min_count, min_share=min_share, pipeline=pipeline, columns=columns,
        path_unit=path_unit, k=k, random_state=seed, out_dir=out,
    )  # fmt: skip


def steps_cmd(
    events: Path | None = _EVENTS,
    group_by: str | None = _GROUP_BY,
    groups: str | None = _GROUPS,
    target: str | None = _TARGET,
    max_steps: int = typer.Option(10, "--max-steps", min=1, max=1000, help="Number of steps."),
    back_from: str | None = typer.Option(None, "--back-from", help="Count steps back from this event."),
    pipeline: str | None = _PIPELINE,
    columns: str | None = _COLUMNS,
    path_unit: str = _UNIT,
    k: int | None = _K,
    seed: int = _SEED,
    out: Path | None = _OUT,
    as_json: bool = _JSON,
    rows: int = _ROWS,
) -> None:
    """Step matrix: share of paths at each event by step (with --group-by: A minus B)."""
    _run(
        "steps", (as_json, rows), events=events, group_by=group_by, groups=groups, target=target,
        max_steps=max_steps, back_from=back_from, pipeline=pipeline, columns=columns,
        path_unit=path_unit, k=k, random_state=seed, out_dir=out,
    )  # fmt: skip


def sankey_cmd(
    events: Path | None = _EVENTS,
    group_by: str | None = _GROUP_BY,
    groups: str | None = typer.Option(None, "--groups", help="Only these groups, e.g. 'control,variant'."),
    target: str | None = _TARGET,
    max_steps: int = typer.Option(5, "--max-steps", min=2, max=50, help="Steps followed (funnel length)."),
    min_share: float = typer.Option(0.0, "--min-share", min=0, max=1, help="Hide thinner flows."),
    pipeline: str | None = _PIPELINE,
    columns: str | None = _COLUMNS,
    path_unit: str = _UNIT,
    k: int | None = _K,
    seed: int = _SEED,
    out: Path | None = _OUT,
    as_json: bool = _JSON,
    rows: int = _ROWS,
) -> None:
    """Step Sankey: flows between consecutive steps (with --group-by: one per arm/persona)."""
    _run(
        "sankey", (as_json, rows), events=events, group_by=group_by, groups=groups, target=target,
        max_steps=max_steps, min_share=min_share, pipeline=pipeline, columns=columns,
        path_unit=path_unit, k=k, random_state=seed, out_dir=out,
    )  # fmt: skip


def compare_cmd(
    group_by: str = typer.Option(..., "--group-by", "-g", help=_GROUP_BY.help),
    events: Path | None = _EVENTS,
    groups: str | None = _GROUPS,
    target: str | None = _TARGET,
    pipeline: str | None = _PIPELINE,
    columns: str | None = _COLUMNS,
    path_unit: str = _UNIT,
    k: int | None = _K,
    seed: int = _SEED,
    out: Path | None = _OUT,
    as_json: bool = _JSON,
    rows: int = typer.Option(40, "--rows", min=1, help="Rows to print."),
) -> None:
    """Two groups on conversion, steps/time to convert, path length and events, BH-corrected."""
    _run(
        "compare", (as_json, rows), events=events, group_by=group_by, groups=groups, target=target,
        pipeline=pipeline, columns=columns, path_unit=path_unit, k=k, random_state=seed, out_dir=out,
    )  # fmt: skip


def retention_cmd(
    events: Path | None = _EVENTS,
    period: str = typer.Option("week", "--period", help="day, week or month."),
    cohort_event: str | None = typer.Option(
        None, "--cohort-event", help="Cohort by this event (default: first)."
    ),
    return_event: str | None = typer.Option(
        None, "--return-event", help="Count only this event as a return."
    ),
    pipeline: str | None = _PIPELINE,
    columns: str | None = _COLUMNS,
    out: Path | None = _OUT,
    as_json: bool = _JSON,
    rows: int = _ROWS,
) -> None:
    """Cohort-by-period retention matrix."""
    _run(
        "retention", (as_json, rows), events=events, period=period, cohort_event=cohort_event,
        return_event=return_event, pipeline=pipeline, columns=columns, out_dir=out,
    )  # fmt: skip


def paths_cmd(
    events: Path | None = _EVENTS,
    target: str | None = _TARGET,
    pipeline: str | None = _PIPELINE,
    columns: str | None = _COLUMNS,
    path_unit: str = _UNIT,
    out: Path | None = _OUT,
    as_json: bool = _JSON,
    rows: int = _ROWS,
) -> None:
    """Per-path metrics: converted, time and steps to convert, loops, back-steps."""
    _run(
        "paths", (as_json, rows), events=events, target=target, pipeline=pipeline, columns=columns,
        path_unit=path_unit, out_dir=out,
    )  # fmt: skip


#: One command per behaviour view (``usecases.behaviour.VIEWS``), in the order the help lists them.
COMMANDS: dict[str, Callable[..., None]] = {
    "graph": graph_cmd,
    "steps": steps_cmd,
    "sankey": sankey_cmd,
    "compare": compare_cmd,
    "retention": retention_cmd,
    "paths": paths_cmd,
}


def register(app: typer.Typer) -> None:
    """Add the ``behaviour`` command group: one command per view of the views registry."""
    group = typer.Typer(help=SUMMARY, no_args_is_help=True)
    for view in VIEWS:
        group.command(view)(COMMANDS[view])
    app.add_typer(group, name="behaviour")
