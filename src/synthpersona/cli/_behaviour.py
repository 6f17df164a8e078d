"""``synthpersona behaviour graph|steps|sankey|compare|retention|paths``: analytics on an event log."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from synthpersona.errors import InputError
from synthpersona.formats import describe
from synthpersona.usecases.behaviour import GROUP_SPECIALS, PERIODS, VIEWS, BehaviourView, analyse

SUMMARY = "Behaviour analytics on a clickstream: transition graph, step matrix, group comparison, retention."

# --- the options of the ``behaviour`` commands (module-level, as in every CLI module) ---------------

_GROUP_BY_HELP = f"Compare groups: a column of the log (variant, attribute) or {' / '.join(GROUP_SPECIALS)}."
Events = Annotated[
    Path | None,
    typer.Option(
        "--events",
        "-e",
        help=f"Event log ({describe('event_log')}) with user_id, event, timestamp. "
        "Default: the bundled sample.",
    ),
]
GroupBy = Annotated[str | None, typer.Option("--group-by", "-g", help=_GROUP_BY_HELP)]
CompareGroupBy = Annotated[str, typer.Option("--group-by", "-g", help=_GROUP_BY_HELP)]  # required there
Groups = Annotated[
    str | None, typer.Option("--groups", help="The two groups A,B (default: the two largest; A minus B).")
]
SankeyGroups = Annotated[
    str | None, typer.Option("--groups", help="Only these groups, e.g. 'control,variant'.")
]
Target = Annotated[
    str | None,
    typer.Option("--target", "-t", help="Conversion event(s), comma-separated (default: *complete*...)."),
]
Pipeline = Annotated[
    str | None,
    typer.Option(
        "--pipeline",
        help='Preprocessing steps: a JSON file or inline JSON, e.g. \'[{"kind": "collapse_repeats"}]\'.',
    ),
]
Columns = Annotated[
    str | None, typer.Option("--columns", help="Map your column names, e.g. 'user_id=visitor,event=action'.")
]
PathUnit = Annotated[
    str, typer.Option("--path-unit", help="A path is a user's whole history ('user') or a 'session'.")
]
K = Annotated[
    int | None,
    typer.Option("--k", min=1, max=50, help="--group-by persona: number of personas (default: automatic)."),
]
Seed = Annotated[
    int, typer.Option("--random-state", "--seed", help="random_state of the persona clustering.")
]
Out = Annotated[
    Path | None, typer.Option("--out", "-o", help="Folder for CSV, JSON, interactive HTML and pipeline.json.")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the view as JSON on stdout.")]
Rows = Annotated[int, typer.Option("--rows", min=1, help="Rows to print.")]
MinCount = Annotated[int, typer.Option("--min-count", min=0, help="Hide edges with fewer transitions.")]
EdgeMinShare = Annotated[
    float, typer.Option("--min-share", min=0, max=1, help="Hide edges under this share.")
]
FlowMinShare = Annotated[float, typer.Option("--min-share", min=0, max=1, help="Hide thinner flows.")]
StepCount = Annotated[int, typer.Option("--max-steps", min=1, max=1000, help="Number of steps.")]
FlowSteps = Annotated[int, typer.Option("--max-steps", min=2, max=50, help="Steps followed (funnel length).")]
BackFrom = Annotated[str | None, typer.Option("--back-from", help="Count steps back from this event.")]
Period = Annotated[str, typer.Option("--period", help=f"{', '.join(PERIODS[:-1])} or {PERIODS[-1]}.")]
CohortEvent = Annotated[
    str | None, typer.Option("--cohort-event", help="Cohort by this event (default: first).")
]
ReturnEvent = Annotated[str | None, typer.Option("--return-event", help="Count only this event as a return.")]


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
    events: Events = None,
    group_by: GroupBy = None,
    groups: Groups = None,
    target: Target = None,
    min_count: MinCount = 0,
    min_share: EdgeMinShare = 0.0,
    pipeline: Pipeline = None,
    columns: Columns = None,
    path_unit: PathUnit = "user",
    k: K = None,
    seed: Seed = 0,
    out: Out = None,
    as_json: AsJson = False,
    rows: Rows = 20,
) -> None:
    """Transition graph (with --group-by: the difference A minus B)."""
    _run(
        "graph", (as_json, rows), events=events, group_by=group_by, groups=groups, target=target,
        min_count=min_count, min_share=min_share, pipeline=pipeline, columns=columns,
        path_unit=path_unit, k=k, random_state=seed, out_dir=out,
    )  # fmt: skip


def steps_cmd(
    events: Events = None,
    group_by: GroupBy = None,
    groups: Groups = None,
    target: Target = None,
    max_steps: StepCount = 10,
    back_from: BackFrom = None,
    pipeline: Pipeline = None,
    columns: Columns = None,
    path_unit: PathUnit = "user",
    k: K = None,
    seed: Seed = 0,
    out: Out = None,
    as_json: AsJson = False,
    rows: Rows = 20,
) -> None:
    """Step matrix: share of paths at each event by step (with --group-by: A minus B)."""
    _run(
        "steps", (as_json, rows), events=events, group_by=group_by, groups=groups, target=target,
        max_steps=max_steps, back_from=back_from, pipeline=pipeline, columns=columns,
        path_unit=path_unit, k=k, random_state=seed, out_dir=out,
    )  # fmt: skip


def sankey_cmd(
    events: Events = None,
    group_by: GroupBy = None,
    groups: SankeyGroups = None,
    target: Target = None,
    max_steps: FlowSteps = 5,
    min_share: FlowMinShare = 0.0,
    pipeline: Pipeline = None,
    columns: Columns = None,
    path_unit: PathUnit = "user",
    k: K = None,
    seed: Seed = 0,
    out: Out = None,
    as_json: AsJson = False,
    rows: Rows = 20,
) -> None:
    """Step Sankey: flows between consecutive steps (with --group-by: one per arm/persona)."""
    _run(
        "sankey", (as_json, rows), events=events, group_by=group_by, groups=groups, target=target,
        max_steps=max_steps, min_share=min_share, pipeline=pipeline, columns=columns,
        path_unit=path_unit, k=k, random_state=seed, out_dir=out,
    )  # fmt: skip


def compare_cmd(
    group_by: CompareGroupBy,
    events: Events = None,
    groups: Groups = None,
    target: Target = None,
    pipeline: Pipeline = None,
    columns: Columns = None,
    path_unit: PathUnit = "user",
    k: K = None,
    seed: Seed = 0,
    out: Out = None,
    as_json: AsJson = False,
    rows: Rows = 40,
) -> None:
    """Two groups on conversion, steps/time to convert, path length and events, BH-corrected."""
    _run(
        "compare", (as_json, rows), events=events, group_by=group_by, groups=groups, target=target,
        pipeline=pipeline, columns=columns, path_unit=path_unit, k=k, random_state=seed, out_dir=out,
    )  # fmt: skip


def retention_cmd(
    events: Events = None,
    period: Period = "week",
    cohort_event: CohortEvent = None,
    return_event: ReturnEvent = None,
    pipeline: Pipeline = None,
    columns: Columns = None,
    out: Out = None,
    as_json: AsJson = False,
    rows: Rows = 20,
) -> None:
    """Cohort-by-period retention matrix."""
    _run(
        "retention", (as_json, rows), events=events, period=period, cohort_event=cohort_event,
        return_event=return_event, pipeline=pipeline, columns=columns, out_dir=out,
    )  # fmt: skip


def paths_cmd(
    events: Events = None,
    target: Target = None,
    pipeline: Pipeline = None,
    columns: Columns = None,
    path_unit: PathUnit = "user",
    out: Out = None,
    as_json: AsJson = False,
    rows: Rows = 20,
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
