"""``synthpersona segment``: goal → segments → personas in the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from synthpersona._files import atomic_write_text
from synthpersona.errors import InputError
from synthpersona.segmentation import ClusteringParams, algorithm_help

if TYPE_CHECKING:
    from synthpersona.usecases.goals import GoalRun


def _json(payload: Any) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False)


def render_run(run: GoalRun, console: Console) -> None:
    """Print a run: the parsed goal, the SQL, the clusters and their personas."""
    meta = run.meta
    filters = ", ".join(f"{f.column} {f.op} {f.value}" for f in run.spec.filters) or "none"
    console.print(
        Panel.fit(
            f"[bold]{run.goal}[/bold]\n"
            f"domain: {meta['domain']} • filters: {filters}\n"
            f"matched {meta['subset_n']:,} of {meta['population_n']:,} people • k={meta['k']} • "
            f"silhouette {meta['silhouette']:.3f} • {meta['algorithm']} • run {run.run_id}",
            title="synthpersona segment",
        )
    )
    console.print(f"[dim]SQL: {run.sql}  params={meta['params']}[/dim]")
    if meta.get("unparsed"):
        console.print(f"[yellow]not understood (ignored):[/yellow] {meta['unparsed']}")
    for warning in meta["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {warning}")
    selection = meta.get("selection") or {}
    if selection.get("clear") is False:  # the split is descriptive: say so before the segments
        console.print(f"[yellow]{selection['reason']}[/yellow]")
    table = Table(title="Segments", show_lines=False)
    for col in ("#", "label", "size", "%", "demographics", "engagement"):
        table.add_column(col)
    body = run.to_dict()  # seed 000's shapes, the same the API returns
    clusters, personas = body["clusters"], body["personas"]
    for c in clusters:
        table.add_row(
            str(c["cluster_id"]),
            f"{c['representative_icon']} {c['cluster_label']}",
            f"{c['cluster_size']:,}",
            f"{c['cluster_size_pct']}",
            c["demographics_summary"],
            c["engagement_score"],
        )
    console.print(table)
    for c in clusters:
        lines = [f"[italic]{c['cluster_description']}[/italic]", ""]
        for p in personas.get(str(c["cluster_id"]), []):
            lines.append(f"[bold]{p['persona_id']}[/bold]  {p['persona_name']}  ({p['demographics']})")
            lines.append(f"   cares about: {'; '.join(p['care_about_top2'])} • barrier: {p['barriers_top1']}")
            lines.append(f"   media: {p['media_preference']} • goal match: {p['behavioral_score']}")
        console.print(Panel("\n".join(lines), title=f"Cluster {c['cluster_id']}: {c['cluster_label']}"))
    if run.privacy is not None:  # a user-supplied population: say what was generalised
        from synthpersona.usecases.trust import privacy_lines

        names = {p["persona_id"]: p["persona_name"] for ps in personas.values() for p in ps}
        for line in privacy_lines(run.privacy, names, kind="goal"):
            console.print(f"[dim]{line}[/dim]")


# --- the options of ``segment`` (the algorithms' help from the registry) ---------------------------

Goal = Annotated[str, typer.Option("--goal", "-g", help='Business goal, e.g. "Gen Z moms in tier-2 cities".')]
KMin = Annotated[int, typer.Option("--k-min", help="Smallest number of clusters to try.")]
KMax = Annotated[int, typer.Option("--k-max", help="Largest number of clusters to try.")]
MinClusterPct = Annotated[float, typer.Option("--min-cluster-pct", help="Smallest cluster share (0-1).")]
Algorithm = Annotated[str, typer.Option("--algorithm", help=algorithm_help("numeric"))]
Seed = Annotated[int, typer.Option("--random-state", "--seed", help="random_state of every random step.")]
Population = Annotated[
    Path | None,
    typer.Option(
        "--population",
        help="Population file (.parquet/.csv), folder or quoted glob of Parquet files (read in place).",
    ),
]
KAnonymity = Annotated[
    int,
    typer.Option(
        "--k-anonymity",
        help="With --population (your data): each persona states only what at least this many members "
        "of its audience share (reported in 'privacy'). 0 shows them unprotected. The built-in "
        "population is synthetic and always shown as built.",
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print clusters and personas as JSON.")]
Out = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Write clusters.json, personas.json, run.json and members.parquet to this folder."
    ),
]


def register(app: typer.Typer) -> None:
    """Add the ``segment`` command to ``app``."""
    app.command("segment")(segment_cmd)


_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object


def segment_cmd(
    goal: Goal,
    k_min: KMin = _DEFAULTS.k_min,
    k_max: KMax = _DEFAULTS.k_max,
    min_cluster_pct: MinClusterPct = _DEFAULTS.min_cluster_pct,
    algorithm: Algorithm = _DEFAULTS.algorithm,
    seed: Seed = 0,
    population: Population = None,
    k_anonymity: KAnonymity = 5,
    as_json: AsJson = False,
    out: Out = None,
) -> None:
    """Goal → segments → personas on the built-in population (or --population)."""
    if as_json and out is not None:
        raise InputError("Use either --json or --out, not both.")
    from synthpersona.usecases.goals import run_goal  # heavy: imported only when the command runs

    console = Console(stderr=as_json)
    with console.status("Parsing the goal, selecting the audience, segmenting…"):
        run = run_goal(
            goal,
            k_min=k_min,
            k_max=k_max,
            min_cluster_pct=min_cluster_pct,
            algorithm=algorithm,
            random_state=seed,
            population=population,
            k_anonymity=k_anonymity or None,  # 0: unprotected; 1 or less than 0 is refused
        )
    if as_json:
        typer.echo(json.dumps(run.to_dict(), indent=2, ensure_ascii=False))
        return
    render_run(run, console)
    if out is not None:
        _write(run, out, console)


def _write(run: GoalRun, out: Path, console: Console) -> None:
    """``--out``: the seed-000 responses, the run and its members, in ``out``."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {str(out)!r} is a file; give a folder.")
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / "clusters.json", _json(run.clusters_response()))
    atomic_write_text(
        out / "personas.json", _json({str(cid): run.personas_response(cid) for cid in run.personas})
    )
    atomic_write_text(out / "run.json", _json(run.to_dict()))
    from synthpersona.usecases.verify import write_members

    write_members(run, out)
    console.print(
        f"Wrote clusters.json, personas.json, run.json and members.parquet (user_id, cluster_id) to {out}"
    )
