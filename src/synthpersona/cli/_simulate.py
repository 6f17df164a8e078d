"""``synthpersona simulate``: clickstream -> behavioural personas -> simulated A/B test -> reports."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import typer
from rich.console import Console
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


def render(run: SimulationRun, console: Console) -> None:
    """Print the personas, the experiment and the files of a run."""
    console.print(f"[bold]Events:[/bold] {run.ingest.summary()}")
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


def register(app: typer.Typer) -> None:
    """Add the ``simulate`` command."""

    @app.command("simulate")
    def simulate_cmd(
        events: Path | None = typer.Option(
            None,
            "--events",
            "-e",
            help=f"Event log ({describe('event_log')}; - reads stdin) with user_id, event, timestamp "
            "[, session_id]. Default: the bundled sample.",
        ),
        out: Path = typer.Option(..., "--out", "-o", help="Folder for the reports (created)."),
        funnel: str | None = typer.Option(
            None,
            "--funnel",
            help="Ordered funnel steps, e.g. landing,signup_start,signup_complete; "
            "the last one is the conversion unless --goal names another.",
        ),
        goal: str | None = typer.Option(
            None,
            "--goal",
            help="The goal event(s) that count as a conversion, e.g. purchase (comma-separated for "
            "several). Default: the last --funnel step; without a funnel, an event named like a "
            "conversion, or the last value of a stage/status column.",
        ),
        modification: str = typer.Option(
            "additional_steps=2,friction_factor=0.1",
            "--modification",
            "-m",
            help="Change to test as key=value pairs: "
            + ", ".join(MODIFICATION_KEYS)
            + ". Empty for an A/A test.",
        ),
        personas: int = typer.Option(
            500, "--personas", "-n", min=1, max=20_000_000, help="Synthetic users per arm."
        ),
        clusters: int | None = typer.Option(
            None,
            "--clusters",
            "-k",
            min=1,
            max=50,
            help="Behavioural personas to find (default: chosen by silhouette).",
        ),
        max_length: int | None = typer.Option(
            None,
            "--max-length",
            min=1,
            max=500,
            help="Most events per simulated session (default: the log's 99.9th percentile session length).",
        ),
        order: int = typer.Option(1, "--order", min=1, max=2, help="Markov order of the generator."),
        seed: int = typer.Option(0, "--random-state", "--seed", help="random_state of every random step."),
        columns: str | None = typer.Option(
            None, "--columns", help="Map your column names, e.g. 'user_id=visitor,event=action,timestamp=ts'."
        ),
        gap: float = typer.Option(
            30.0,
            "--gap",
            min=0.01,
            help="Inactivity gap (minutes) that splits sessions when the log has no session_id.",
        ),
        no_validate: bool = typer.Option(False, "--no-validate", help="Skip the held-out validation."),
        no_deck: bool = typer.Option(False, "--no-deck", help="Skip the PowerPoint deck."),
        k_anonymity: int = typer.Option(
            5,
            "--k-anonymity",
            help="Personas are protected: no trait, attribute combination, path or event they state rests on "
            "fewer than this many users (reported in summary.json 'privacy'). 0 shows them unprotected.",
        ),
        engine: str | None = typer.Option(
            None,
            "--engine",
            help="Query engine for a log larger than memory: "
            + ", ".join(ENGINES)
            + ". The file is read in place; clusters, chains and the funnel cover every user, the "
            "profiles a sample of --sample-users. Default: in memory (or SYNTHPERSONA_ENGINE).",
        ),
        sample_users: int = typer.Option(
            SAMPLE_USERS, "--sample-users", min=10, help="With --engine: most users read into memory."
        ),
        compare_to: Path | None = typer.Option(
            None,
            "--compare-to",
            help="An earlier event log of the same product: match its personas to this run's and report "
            "what changed (summary.json 'drift', the report's 'Versions and drift').",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the run summary as JSON on stdout."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display nor summary table."),
    ) -> None:
        """Ingest a clickstream, find behavioural personas, simulate a product change and write reports."""
        mod = parse_modification(modification)  # fail fast, before loading anything
        column_map = _columns(columns)
        console = Console(stderr=as_json, quiet=quiet)
        with (
            step_progress(console, enabled=not quiet) as progress,
            contextlib.ExitStack() as stack,
        ):
            source = stack.enter_context(file_or_stdin(events)) if events is not None else None
            run = run_simulation(
                source,
                funnel=funnel,
                completion_events=_goal_events(goal),
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
