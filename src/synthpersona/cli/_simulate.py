"""``synthpersona simulate``: clickstream -> behavioural personas -> simulated A/B test -> reports."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from synthpersona.cli._progress import step_progress
from synthpersona.cli._stdin import file_or_stdin
from synthpersona.engine import ENGINES, requested_engine
from synthpersona.errors import InputError
from synthpersona.formats import describe
from synthpersona.usecases.simulation import (
    MODIFICATION_KEYS,
    SAMPLE_USERS,
    SimulationRun,
    parse_modification,
    run_simulation,
)


def _columns(spec: str | None) -> dict[str, str] | None:
    if not spec:
        return None
    out = {}
    for part in spec.split(","):
        if "=" not in part:
            raise InputError(
                "--columns expects canonical=source pairs, e.g. 'user_id=visitor,event=action', "
                f"got {part!r}.",
            )
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _goal_events(goal: str | None) -> list[str] | None:
    """``--goal a,b`` as a list of event names (``None`` when not given)."""
    if goal is None:
        return None
    events = [g.strip() for g in goal.split(",") if g.strip()]
    if not events:
        raise InputError("--goal needs at least one event name, e.g. --goal purchase.")
    return events


def print_notes(notes: list[str], console: Console) -> None:
    """Print the ingest notes dimmed; they quote the log's column names, so never as Rich markup."""
    for note in notes:  # column choices (a person's id over a device's)
        console.print(f"[dim]{escape(note)}[/dim]")


def render(run: SimulationRun, console: Console) -> None:
    """Print the personas, the experiment and the files of a run."""
    console.print(f"[bold]Events:[/bold] {run.ingest.summary()}")
    print_notes(run.ingest.notes, console)
    if run.goal_note:
        console.print(f"[bold]Goal:[/bold] {run.goal_note}")
    if run.planted_ari is not None:
        console.print(
            f"[dim]Agreement with the planted _group column (adjusted Rand): {run.planted_ari:.3f}[/dim]"
        )
    table = Table(title="Behavioural personas", show_lines=False)
    for col in ("persona", "users", "conversion", "typical path", "leaves at"):
        table.add_column(col)
    for row in run.persona_summary.to_dict(orient="records"):
        table.add_row(
            row["persona"],
            f"{row['share_users']:.0%}",
            f"{row['conversion_rate']:.0%}",
            str(row["typical_path"]),
            row["exit_event"] if isinstance(row["exit_event"], str) else "",  # NaN: nobody left
        )
    console.print(table)
    if run.privacy is not None:
        from synthpersona.usecases.trust import privacy_lines

        names = {p.persona_id: p.name for p in run.personas}
        for line in privacy_lines(run.privacy.summary(), names, unit="users"):
            console.print(f"[dim]{line}[/dim]")
    from synthpersona.usecases.trust import drift_lines, representation_lines

    if run.drift is not None:
        for line in drift_lines(run.drift.summary()):
            console.print(f"[bold]Versions:[/bold] {line}")
    if run.representation is not None:
        names = {p.persona_id: p.name for p in run.personas}
        for line in representation_lines(run.representation.summary(), names):
            console.print(f"[dim]Representation: {line}[/dim]")
    s = run.experiment.stats
    verdict = "[red]significant[/red]" if run.experiment.significant else "not significant"
    console.print(
        f"[bold]A/B:[/bold] {run.experiment.modification.description} — conversion {s['control_rate']:.1%} → "
        f"{s['treatment_rate']:.1%} ({100 * s['abs_lift']:+.1f} pp, 95% CI {100 * s['abs_ci_low']:+.1f} to "
        f"{100 * s['abs_ci_high']:+.1f}; p = {s['p_value']:.2g}, {verdict})"
    )
    if run.validation is not None:
        failed = run.validation.table.loc[~run.validation.table["passed"], "metric"].tolist()
        status = "[green]passed[/green]" if not failed else f"[yellow]failed: {', '.join(failed)}[/yellow]"
        console.print(f"[bold]Generator vs held-out sessions:[/bold] {status}")
    if run.out_dir is not None:
        console.print(f"Reports in [bold]{run.out_dir}[/bold]: open index.html (deck.pptx for slides)")


# --- the options of ``simulate`` (help texts from the registries: formats, modifications, engines) ----

Events = Annotated[
    Path | None,
    typer.Option(
        "--events",
        "-e",
        help=f"Event log ({describe('event_log')}; - reads stdin) with user_id, event, timestamp "
        "[, session_id]. Default: the bundled sample.",
    ),
]
Out = Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports (created).")]
Funnel = Annotated[
    str | None,
    typer.Option(
        "--funnel",
        help="Ordered funnel steps, e.g. landing,signup_start,signup_complete; "
        "the last one is the conversion unless --goal names another.",
    ),
]
Goal = Annotated[
    str | None,
    typer.Option(
        "--goal",
        help="The goal event(s) that count as a conversion, e.g. purchase (comma-separated for "
        "several). Default: the last --funnel step; without a funnel, an event named like a "
        "conversion, or the last value of a stage/status column.",
    ),
]
Modification = Annotated[
    str,
    typer.Option(
        "--modification",
        "-m",
        help="Change to test as key=value pairs: "
        + ", ".join(MODIFICATION_KEYS)
        + ". Empty for an A/A test.",
    ),
]
Personas = Annotated[
    int, typer.Option("--personas", "-n", min=1, max=20_000_000, help="Synthetic users per arm.")
]
Clusters = Annotated[
    int | None,
    typer.Option(
        "--clusters",
        "-k",
        min=1,
        max=50,
        help="Behavioural personas to find (default: chosen by silhouette).",
    ),
]
MaxLength = Annotated[
    int | None,
    typer.Option(
        "--max-length",
        min=1,
        max=500,
        help="Most events per simulated session (default: the log's 99.9th percentile session length).",
    ),
]
Order = Annotated[int, typer.Option("--order", min=1, max=2, help="Markov order of the generator.")]
Seed = Annotated[int, typer.Option("--random-state", "--seed", help="random_state of every random step.")]
Columns = Annotated[
    str | None,
    typer.Option(
        "--columns", help="Map your column names, e.g. 'user_id=visitor,event=action,timestamp=ts'."
    ),
]
Gap = Annotated[
    float,
    typer.Option(
        "--gap",
        min=0.01,
        help="Inactivity gap (minutes) that splits sessions when the log has no session_id.",
    ),
]
NoValidate = Annotated[bool, typer.Option("--no-validate", help="Skip the held-out validation.")]
NoDeck = Annotated[bool, typer.Option("--no-deck", help="Skip the PowerPoint deck.")]
KAnonymity = Annotated[
    int,
    typer.Option(
        "--k-anonymity",
        help="Personas are protected: no trait, attribute combination, path or event they state rests on "
        "fewer than this many users (reported in summary.json 'privacy'). 0 shows them unprotected.",
    ),
]
EngineName = Annotated[
    str | None,
    typer.Option(
        "--engine",
        help="Query engine for a log larger than memory: "
        + ", ".join(ENGINES)
        + ". The file is read in place; clusters, chains and the funnel cover every user, the "
        "profiles a sample of --sample-users. Default: in memory (or SYNTHPERSONA_ENGINE).",
    ),
]
SampleUsers = Annotated[
    int, typer.Option("--sample-users", min=10, help="With --engine: most users read into memory.")
]
CompareTo = Annotated[
    Path | None,
    typer.Option(
        "--compare-to",
        help="An earlier event log of the same product: match its personas to this run's and report "
        "what changed (summary.json 'drift', the report's 'Versions and drift').",
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the run summary as JSON on stdout.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display nor summary table.")]


def register(app: typer.Typer) -> None:
    """Add the ``simulate`` command."""
    app.command("simulate")(simulate_cmd)


def simulate_cmd(
    *,
    events: Events = None,
    out: Out,
    funnel: Funnel = None,
    goal: Goal = None,
    modification: Modification = "additional_steps=2,friction_factor=0.1",
    personas: Personas = 500,
    clusters: Clusters = None,
    max_length: MaxLength = None,
    order: Order = 1,
    seed: Seed = 0,
    columns: Columns = None,
    gap: Gap = 30.0,
    no_validate: NoValidate = False,
    no_deck: NoDeck = False,
    k_anonymity: KAnonymity = 5,
    engine: EngineName = None,
    sample_users: SampleUsers = SAMPLE_USERS,
    compare_to: CompareTo = None,
    as_json: AsJson = False,
    quiet: Quiet = False,
) -> None:
    """Ingest a clickstream, find behavioural personas, simulate a product change and write reports."""
    # checked before anything is loaded: a bad --modification, --columns or --goal fails fast
    mod, column_map, goal_events = parse_modification(modification), _columns(columns), _goal_events(goal)
    console = Console(stderr=as_json, quiet=quiet)
    with step_progress(console, enabled=not quiet) as progress, contextlib.ExitStack() as stack:
        source = stack.enter_context(file_or_stdin(events)) if events is not None else None
        run = run_simulation(
            source,
            funnel=funnel,
            completion_events=goal_events,
            modification=mod,
            n_personas=personas,
            k=clusters,
            max_length=max_length,
            order=order,
            random_state=seed,
            out_dir=out,
            columns=column_map,
            inactivity_gap_minutes=gap,
            validate=not no_validate,
            deck=not no_deck,
            progress=progress,
            k_anonymity=k_anonymity or None,  # 0: unprotected; 1 or less than 0 is refused
            engine=requested_engine(engine),
            sample_users=sample_users,
            compare_to=compare_to,
        )
    if as_json:
        typer.echo(json.dumps(run.summary(), indent=2, default=str))
    render(run, console)
