"""CLI ``backtest``, ``privacy``, ``diff``, ``represent``: trustworthy personas (docs/trust.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from synthpersona.engine import ENGINES
from synthpersona.errors import InputError
from synthpersona.usecases.trust_checks import PRIVACY_CHECKS, PrivacyCheck


def _events_k(k: str | None) -> int | None:
    """``--k`` for an event log: a whole number, or 'auto' / unset for the product's own choice."""
    if k is None or k == "auto":
        return None
    if not k.isdigit():
        raise InputError(f"--k must be a whole number or 'auto', got {k!r}.")
    return int(k)


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


def _write_report(
    path: Path,
    backtest: dict[str, Any],
    goal: str | None,
    table: Path | None,
    k: str,
    target: str | None,
    random_state: int,
) -> None:
    from synthpersona.reporting.trust import render_trust_report
    from synthpersona.usecases.trust import privacy_table, representation_goal, representation_table

    privacy = None
    if table is not None:
        privacy = privacy_table(table, k=k, target=target, random_state=random_state)[0].summary()
        try:
            representation = representation_table(
                table, k=k, target=target, random_state=random_state
            ).summary()
        except InputError:  # no demographic column: the report has no such section
            representation = None
    else:
        assert goal is not None
        representation = representation_goal(goal, random_state=random_state).summary()
    render_trust_report(path, backtest=backtest, privacy=privacy, representation=representation)
    typer.echo(f"wrote {path}", err=True)


# --- the options (what a privacy check reads, and its help: the registry usecases.trust_checks) -------

# backtest: the personas of one of a goal run, a table file or an event log
BacktestGoal = Annotated[str | None, typer.Option("--goal", help="Back-test the personas of this goal run.")]
BacktestTable = Annotated[
    Path | None, typer.Option("--table", help="Back-test the personas of a table (leads) file.")
]
BacktestEvents = Annotated[
    str | None,
    typer.Option(
        "--events", help="Back-test the behavioural personas of an event log ('sample': the bundled one)."
    ),
]
BacktestEngine = Annotated[
    str | None,
    typer.Option(
        "--engine",
        help="With --events: query engine for a log larger than memory ("
        + ", ".join(ENGINES)
        + "). The file is read in place and the events of a sample of users back-tested. "
        "Default: in memory (or SYNTHPERSONA_ENGINE).",
    ),
]
TestFraction = Annotated[float, typer.Option("--test-fraction", help="Share of rows held out (0.1-0.5).")]
TimeColumn = Annotated[
    str | None,
    typer.Option(
        "--time-column", help="Table: hold out the latest rows by this date column (default: detected)."
    ),
]
TableK = Annotated[str, typer.Option("--k", help="Table: number of segments or 'auto'.")]
TableTarget = Annotated[str | None, typer.Option("--target", help="Table: the yes/no outcome column.")]
SplitSeed = Annotated[
    int, typer.Option("--random-state", "--seed", help="Seed of the split and the clustering.")
]
BacktestJson = Annotated[bool, typer.Option("--json", help="Print the back-test (every claim) as JSON.")]
AllClaims = Annotated[bool, typer.Option("--all", help="List every claim, not only those outside.")]
BacktestReport = Annotated[
    Path | None,
    typer.Option(
        "--report", help="Also write an HTML trust report (tables: with privacy and representation)."
    ),
]

# privacy: one of the checks of PRIVACY_CHECKS (a table is the argument)
PrivacyTable = Annotated[Path | None, typer.Argument(help=PRIVACY_CHECKS["table"].help)]
PrivacyGoal = Annotated[str | None, typer.Option("--goal", help=PRIVACY_CHECKS["goal"].help)]
PrivacyEvents = Annotated[Path | None, typer.Option("--events", help=PRIVACY_CHECKS["events"].help)]
Population = Annotated[
    Path | None,
    typer.Option("--population", help="With --goal: the population file (default: the built-in one)."),
]
KAnonymity = Annotated[int, typer.Option("--k-anonymity", help="Rows each persona must match at least.")]
Epsilon = Annotated[
    float | None,
    typer.Option("--epsilon", help="Add Laplace noise to published counts with this total privacy budget."),
]
K = Annotated[str, typer.Option("--k", help="Number of segments or 'auto'.")]
Target = Annotated[str | None, typer.Option("--target", help="The yes/no outcome column.")]
NoiseSeed = Annotated[int, typer.Option("--random-state", "--seed", help="Seed of the clustering and noise.")]
Out = Annotated[Path | None, typer.Option("--out", help="Write the protected personas.json here.")]
PrivacyJson = Annotated[bool, typer.Option("--json", help="Print the privacy report as JSON.")]

# diff: two or more versions of a table, a goal run or an event log
Versions = Annotated[
    list[Path],
    typer.Argument(
        help="Two or more versions, oldest first: table files, goal run folders ('segment --out') "
        "or, with --events, event logs."
    ),
]
VersionsK = Annotated[str, typer.Option("--k", help="Number of segments or 'auto' (each version).")]
Seed = Annotated[int, typer.Option("--random-state", "--seed", help="Seed of the clustering.")]
ShareThreshold = Annotated[
    float, typer.Option("--share-threshold", help="Share change reported (0.05 = 5 points).")
]
DiffJson = Annotated[bool, typer.Option("--json", help="Print the diffs as JSON.")]
DiffReport = Annotated[Path | None, typer.Option("--report", help="Also write the diffs as an HTML report.")]
Populations = Annotated[
    list[Path] | None,
    typer.Option(
        "--population",
        help="Goal runs: the population file of each run, in order (default: the built-in population).",
    ),
]
EventLogs = Annotated[
    bool,
    typer.Option(
        "--events", help="The versions are event logs (clickstreams): diff their behavioural personas."
    ),
]
DiffKAnonymity = Annotated[
    int,
    typer.Option(
        "--k-anonymity", help="--events: privacy-check both runs' personas at this k (0: unprotected)."
    ),
]

# represent: the personas of one of a goal run, a table file or an event log
RepresentGoal = Annotated[str | None, typer.Option("--goal", help="Check the personas of this goal run.")]
RepresentTable = Annotated[Path | None, typer.Option("--table", help="Check the personas of a table file.")]
RepresentEvents = Annotated[
    str | None,
    typer.Option(
        "--events", help="Check the behavioural personas of an event log ('sample': the bundled one)."
    ),
]
RepresentK = Annotated[
    str | None,
    typer.Option("--k", help="Number of segments or 'auto' (default: 4 for a table, 'auto' for --events)."),
]
RepresentJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]


def register(app: typer.Typer) -> None:
    """Add the ``backtest``, ``privacy``, ``diff`` and ``represent`` commands to ``app``."""
    app.command("privacy")(privacy_cmd)
    app.command("diff")(diff_cmd)
    app.command("represent")(represent_cmd)
    app.command("backtest")(backtest_cmd)


def backtest_cmd(
    goal: BacktestGoal = None,
    table: BacktestTable = None,
    events: BacktestEvents = None,
    test_fraction: TestFraction = 0.3,
    time_column: TimeColumn = None,
    k: TableK = "4",
    target: TableTarget = None,
    random_state: SplitSeed = 0,
    as_json: BacktestJson = False,
    verbose: AllClaims = False,
    report: BacktestReport = None,
    engine: BacktestEngine = None,
) -> None:
    """Back-test personas: build them on part of the data and check their claims on the held-out rest.

    Prints the calibration (share of claims whose held-out value lies inside its 95 %
    prediction interval), the conversion ranking agreement for tables, and the claims
    outside their interval.
    """
    from synthpersona.usecases.trust import backtest_dict

    _one_source(goal, table, events, " to back-test")
    if events is not None and report is not None:
        raise InputError(
            "--report covers goal and table back-tests; print the event-log back-test with --json."
        )
    if engine is not None and events is None:
        raise InputError("--engine reads an event log in place: give it with --events FILE.")
    bt = _backtest(goal, table, events, test_fraction, time_column, k, target, random_state, engine)
    data = backtest_dict(bt)
    if report is not None:
        _write_report(report, data, goal, table, k, target, random_state)
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_backtest(data, verbose)
    if verbose:
        for claim in bt.claims:
            typer.echo(f"  {claim.describe()}")


def _one_source(goal: str | None, table: Path | None, events: str | None, purpose: str = "") -> None:
    """Refuse anything but exactly one of ``--goal``, ``--table`` and ``--events``."""
    if sum(x is not None for x in (goal, table, events)) != 1:
        raise InputError(f"Give exactly one of --goal TEXT, --table FILE or --events FILE{purpose}.")


def _backtest(
    goal: str | None,
    table: Path | None,
    events: str | None,
    test_fraction: float,
    time_column: str | None,
    k: str,
    target: str | None,
    random_state: int,
    engine: str | None = None,
) -> Any:
    """The back-test of whichever of ``goal``, ``table`` or ``events`` is given."""
    from synthpersona.usecases.trust import backtest_event_log, backtest_goal, backtest_table

    if events is not None:
        return backtest_event_log(
            None if events == "sample" else events,
            test_fraction=test_fraction,
            random_state=random_state,
            engine=engine,
        )
    if goal is not None:
        return backtest_goal(goal, test_fraction=test_fraction, random_state=random_state)
    assert table is not None
    return backtest_table(
        table,
        test_fraction=test_fraction,
        time_column=time_column,
        k=k,
        target=target,
        random_state=random_state,
    )


def _print_privacy(summary: dict[str, Any], unit: str = "records") -> None:
    verdict = "ok" if summary["ok"] else "NOT OK"
    typer.echo(f"privacy (k={summary['k']}): {verdict}")
    for p in summary["personas"]:
        attrs = ", ".join(f"{c}={'|'.join(v)}" for c, v in p["attributes"].items()) or "(no attribute)"
        line = f"  {p['persona_id']}: {attrs} -> {p['matches']:,} {unit}"
        if p["generalised"]:
            line += f" (generalised: {', '.join(p['generalised'])})"
        typer.echo(line)
    cells = summary["small_cells"]
    if cells:
        typer.echo(f"small cells (< {summary['k']} people) generalised: {len(cells)}")
        for c in cells[:20]:
            typer.echo(
                f"  segment {c['segment_id']}: {c['column']}={c['value']} ({c['count']}): {c['action']}"
            )
    for leak in summary["leaks"]:
        typer.echo(f"  LEAK {leak['where']}: value of {leak['column']!r} shown")
    if summary["protected_columns"]:
        typer.echo(
            f"never shown (personal, identifier, free text): {', '.join(summary['protected_columns'])}"
        )
    if summary["epsilon"] is not None:
        typer.echo(
            f"Laplace noise: epsilon {summary['epsilon']} in all, {summary['epsilon_per_histogram']:.4g} "
            "per published histogram"
        )
    for note in summary["notes"]:
        typer.echo(f"note: {note}")


def privacy_cmd(
    table: PrivacyTable = None,
    goal: PrivacyGoal = None,
    events: PrivacyEvents = None,
    population: Population = None,
    k_anonymity: KAnonymity = 5,
    epsilon: Epsilon = None,
    k: K = "4",
    target: Target = None,
    random_state: NoiseSeed = 0,
    out: Out = None,
    as_json: PrivacyJson = False,
) -> None:
    """Privacy-check personas of a table, goal run or event log: k-anonymity, small cells, identifiers, noise.

    With --goal, each goal persona's anchor (age, city, occupation, income, ...) is
    generalised until k members of the audience share it. With --events, each behavioural
    persona's traits, paths and events must be shared by k users (as in every simulation).
    Exits 1 when a persona still identifies fewer than k rows or an identifier is shown.
    """
    from synthpersona._files import atomic_write_text
    from synthpersona.usecases.trust_checks import check_privacy

    sources = {"table": table, "goal": goal, "events": events}
    check = _privacy_check(sources, population, epsilon)
    report, _, shown = check_privacy(
        check.name,
        sources[check.name],
        k_anonymity=k_anonymity,
        epsilon=epsilon,
        k=k,
        target=target,
        random_state=random_state,
        population=population,
    )
    summary = report.summary()
    if out is not None:
        atomic_write_text(out, json.dumps(shown, indent=2, ensure_ascii=False))
    if as_json:
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        _print_privacy(summary, check.unit)
    if not report.ok:
        raise typer.Exit(1)


def _privacy_check(sources: dict[str, Any], population: Path | None, epsilon: float | None) -> PrivacyCheck:
    """The one check given (of ``PRIVACY_CHECKS``); refused before any work if an option does not apply."""
    from synthpersona.usecases.trust_checks import check_for, noise_error

    check = check_for(sources, "cli")
    refused = noise_error(check, "cli") if epsilon is not None else None
    if refused is not None:
        raise refused
    if population is not None and sources["goal"] is None:
        raise InputError("--population applies to --goal; leave it out with a table or --events.")
    return check


def _print_drift(s: dict[str, Any]) -> None:
    typer.echo(f"{s['old']} -> {s['new']}")
    for m in s["matches"]:
        mark = "CHANGED" if m["changed"] else "stable "
        typer.echo(
            f"  {mark} segment {m['old_id']} -> {m['new_id']} ({m['new_label']}): share "
            f"{m['share_old']:.1%} -> {m['share_new']:.1%} ({m['share_change'] * 100:+.1f} points), "
            f"overlap {m['overlap']:.2f}"
        )
        if m["split_ids"]:
            typer.echo(f"      split into more segments: {m['split_ids']} (counted in the new share)")
        traits = {t["feature"]: t for t in m.get("traits", [])}
        for sh in m["shifts"][:3]:
            t = traits.get(sh["feature"])
            sig = "" if t is None else f" (effect {t['effect']:+.2f}, p={t['p_value']:.2g})"
            typer.echo(f"      {sh['feature']}: {sh['old']:.3g} -> {sh['new']:.3g}{sig}")
    for seg in s["new_segments"]:
        typer.echo(f"  NEW     segment {seg['segment_id']} ({seg['label']}): {seg['share']:.1%}")
    for seg in s["vanished_segments"]:
        typer.echo(f"  GONE    segment {seg['segment_id']} ({seg['label']}): was {seg['share']:.1%}")
    for g in s.get("emerging_groups", []):
        typer.echo(
            f"  NEW     {g['label']}: {g['share_new']:.1%} of the new rows "
            f"(old: {g['share_old_region']:.1%}), "
            f"inside segment {g['new_segment_id']} (not separated by the new run's k)"
        )
    renamed = {new: old for new, old in s["persona_ids"].items() if new != old}
    typer.echo(
        "  persona ids (this run -> stable): "
        + (", ".join(f"{a} -> {b}" for a, b in renamed.items()) if renamed else "unchanged")
    )
    for c in s["columns"]:
        if c["drifted"]:
            typer.echo(
                f"  drift {c['column']}: PSI {c['psi']:.3f} ({c['level']}), {c['test']} p={c['p_value']:.2g}"
            )


def diff_cmd(
    versions: Versions,
    k: VersionsK = "auto",
    target: Target = None,
    random_state: Seed = 0,
    share_threshold: ShareThreshold = 0.05,
    as_json: DiffJson = False,
    report: DiffReport = None,
    population: Populations = None,
    events: EventLogs = False,
    k_anonymity: DiffKAnonymity = 5,
) -> None:
    """Diff persona versions (tables, goal runs, logs): matched segments, stable ids, share and column drift.

    Segments are matched by membership overlap and profile distance; persona ids stay
    stable where a segment persists.
    """
    from synthpersona.usecases.trust import diff_events, diff_tables

    if events:
        drifts = diff_events(
            versions,
            k=_events_k(k),
            random_state=random_state,
            share_threshold=share_threshold,
            k_anonymity=k_anonymity or None,
        )
    elif len(versions) >= 2 and all(v.is_dir() for v in versions):  # goal runs written by 'segment --out'
        drifts = _diff_goal_runs(versions, population or [], share_threshold)
    else:
        drifts = diff_tables(
            versions, k=k, target=target, random_state=random_state, share_threshold=share_threshold
        )
    summaries = [d.summary() for d in drifts]
    if report is not None:
        from synthpersona.reporting.trust import render_trust_report

        render_trust_report(report, drift=summaries)
        typer.echo(f"wrote {report}", err=True)
    if as_json:
        typer.echo(json.dumps(summaries, indent=2, ensure_ascii=False))
        return
    for s in summaries:
        _print_drift(s)


def _diff_goal_runs(runs: list[Path], population: list[Path], share_threshold: float) -> list[Any]:
    """Each goal run folder against the one before it, on its own population (default: the built-in)."""
    from synthpersona.usecases.trust import diff_runs

    if population and len(population) != len(runs):
        raise InputError(
            f"Give one --population per run ({len(runs)}), got {len(population)}; "
            "or none for the built-in population."
        )
    pops: list[Path | None] = list(population) if population else [None] * len(runs)
    return [
        diff_runs(runs[i - 1], runs[i], populations=(pops[i - 1], pops[i]), share_threshold=share_threshold)
        for i in range(1, len(runs))
    ]


def _print_representation(s: dict[str, Any]) -> None:
    current = None
    for g in s["groups"]:
        if g["dimension"] != current:
            current = g["dimension"]
            typer.echo(f"{current}:")
        flag = f"  [{g['flag']}]" if g["flag"] else ""
        personas = ", ".join(g["personas"]) or "no persona"
        typer.echo(
            f"  {g['group']}: reference {g['reference_share']:.1%}, segmented {g['audience_share']:.1%}; "
            f"{personas}{flag}"
        )
    for o in s["over_claims"]:
        typer.echo(
            f"over-claim: {o['persona_id']} is {o['dimension']}={o['group']}, "
            f"as are only {o['share_in_segment']:.1%} of segment {o['segment_id']}"
        )
    for note in s["notes"]:
        typer.echo(f"note: {note}")


def represent_cmd(
    goal: RepresentGoal = None,
    table: RepresentTable = None,
    events: RepresentEvents = None,
    k: RepresentK = None,
    random_state: Seed = 0,
    as_json: RepresentJson = False,
) -> None:
    """Representation: demographic groups the personas cover, miss or over-claim.

    Gender, age band, city tier / region and income band, against the population or the table;
    with --events, the log's user-level columns (device, channel, country, ...) and activity
    against every user of the log.
    """
    from synthpersona.usecases.trust import (
        representation_events,
        representation_goal,
        representation_table,
    )

    _one_source(goal, table, events)
    if events is not None:
        rep = representation_events(
            None if events == "sample" else events,
            k=_events_k(k),
            random_state=random_state,
        )
    elif goal is not None:
        rep = representation_goal(goal, random_state=random_state)
    else:
        assert table is not None
        rep = representation_table(table, k=k or "4", random_state=random_state)
    summary = rep.summary()
    if as_json:
        typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        _print_representation(summary)
