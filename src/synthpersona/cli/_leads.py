"""``synthpersona leads analyze``: any customer table -> ranked personas and report files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from synthpersona.cli._progress import step_progress
from synthpersona.cli._stdin import file_or_stdin
from synthpersona.formats import describe
from synthpersona.segmentation import ClusteringParams, algorithm_help
from synthpersona.tables import table_mode_help  # the table stack: this module loads when `leads` runs

if TYPE_CHECKING:
    from synthpersona.tables import TableAnalysis

_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object


# The library is imported when the command runs, so `synthpersona --help` and other commands stay fast;
# the algorithm registry imports no numpy. A table offers every registered algorithm.
_ALGORITHMS = algorithm_help()
# the role vocabulary (synthpersona.tables.COLUMN_ROLES), spelled out so --help imports no pandas
_ROLES = (
    "person_name, email, phone, address, postal_code, owner, national_id, birth_date (personal: never "
    "clustered), identifier, date, "
    "free_text, leakage, target, extra, currency, percentage, number, category and the seed's roles "
    "(state, industry, job_title, education, age, experience, gender, lead_source)"
)


def _split(values: list[str] | None) -> list[str] | None:
    """Accept ``--features a --features b`` and ``--features "a,b"`` alike."""
    if not values:
        return None
    out = [part.strip() for v in values for part in v.split(",") if part.strip()]
    return out or None


def render(result: TableAnalysis, console: Console) -> None:
    """Print the ranked personas and where the outputs went."""
    from synthpersona.views import seed003

    for w in result.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")
    src = result.source.describe() if result.source else f"{result.n_rows:,} rows"
    console.print(
        f"[bold]{src}[/bold] · {result.mode} mode · k={result.k} ({result.algorithm}) · "
        f"features: {', '.join(result.features)}"
    )
    if result.source is not None:
        for note in result.source.notes:
            console.print(f"[dim]read: {note}[/dim]")
    for note in result.notes:
        if note.startswith("Privacy: "):
            console.print(f"[dim]{note}[/dim]")
    if result.extra_columns:
        by_role: dict[str, list[str]] = {}
        for c in result.columns:
            if not c.used and c.kind != "target":
                by_role.setdefault(c.role or c.kind, []).append(c.column)
        kept = "; ".join(f"{role}: {', '.join(cols)}" for role, cols in by_role.items())
        console.print(f"[dim]kept in the output, not clustered ({kept}); override with --role COL=ROLE[/dim]")
    table = Table(title="Personas ranked by conversion" if result.overall else "Personas ranked by size")
    for col in ("#", "persona", "cluster", "size", "%", "conv. rate", "95% CI", "lift"):
        table.add_column(col, justify="right" if col not in ("persona",) else "left")
    for p in seed003.personas(result.segments, result.personas):
        m = p.get("conversion_metrics")
        table.add_row(
            str(p["rank"]),
            p["persona_name"],
            str(p["cluster_id"]),
            f"{p['cluster_size']:,}",
            f"{p['cluster_percentage']:.1f}",
            f"{m['conversion_rate']:.1f}%" if m else "-",
            f"{m['ci_low']:.1f}-{m['ci_high']:.1f}" if m else "-",
            f"{m['lift']:.2f}x" if m else "-",
        )
    console.print(table)
    if result.overall is not None:
        console.print(
            f"overall conversion ({result.target}): {result.overall.conversion_rate:.1f}% "
            f"({result.overall.conversions:,} of "
            f"{result.overall.conversions + result.overall.non_conversions:,})"
        )
    for key, path in result.outputs.items():
        console.print(f"  {key:<10} {path}")


# --- the options of ``leads analyze`` (help texts from the registries: formats, algorithms, modes) ----

File = Annotated[Path, typer.Argument(help=f"The table: {describe('table')}; - reads stdin.")]
Out = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Folder for personas.json, clustered.csv, "
        "dashboard.png, pca.png, report.html and analysis.json (needs the [reports] extra).",
    ),
]
K = Annotated[str, typer.Option("--k", help="Number of clusters, or 'auto' (chosen by BIC/silhouette).")]
Target = Annotated[
    str | None,
    typer.Option("--target", help="Yes/no outcome column (default: is_sale, converted, ... found by name)."),
]
Features = Annotated[
    list[str] | None,
    typer.Option("--features", help="Feature columns (repeat or comma-separate); inferred when omitted."),
]
Exclude = Annotated[list[str] | None, typer.Option("--exclude", help="Columns never used as features.")]
Role = Annotated[
    list[str] | None,
    typer.Option(
        "--role",
        help="Override a detected column role, COLUMN=ROLE (repeatable), "
        "e.g. --role 'Lead Owner=category'. "
        f"Roles: {_ROLES}.",
    ),
]
Sheet = Annotated[
    str | None,
    typer.Option(
        "--sheet", help="Excel only: the sheet to analyse (default: the first sheet holding a table)."
    ),
]
Algorithm = Annotated[str, typer.Option("--algorithm", help=_ALGORITHMS)]
Mode = Annotated[str, typer.Option("--mode", help=f"How to read the table: {table_mode_help()}.")]
Seed = Annotated[int, typer.Option("--random-state", "--seed", help="random_state of every random step.")]
KAnonymity = Annotated[
    int,
    typer.Option(
        "--k-anonymity",
        help="Personas are protected: each one's stated attributes match at least this many rows "
        "(generalised until they do; reported in analysis.json 'privacy'). 0 shows them unprotected.",
    ),
]
PostalCountry = Annotated[
    str | None,
    typer.Option(
        "--postal-country",
        help="ISO country of the postal codes (IN, DE, US...) for the coarse 'COL (region)' feature; "
        "found from a country column, the header or the codes' format when omitted; 'none' derives none.",
    ),
]
ByPath = Annotated[
    bool | None,
    typer.Option(
        "--by-path/--in-memory",
        help="--by-path: the engine reads the CSV/Parquet file in place (fit on a 200,000-row sample, "
        "every row labelled in batches); default: so above SYNTHPERSONA_TABLE_BY_PATH_MB (256).",
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print personas.json to stdout instead of a table.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]


def register(app: typer.Typer) -> None:
    """Add the ``leads`` command group to ``app``."""
    leads = typer.Typer(
        help="Any customer table (CRM leads, customers) -> clusters -> ranked personas.", no_args_is_help=True
    )
    leads.command("analyze")(analyze_cmd)
    app.add_typer(leads, name="leads")


def analyze_cmd(
    file: File,
    out: Out = None,
    k: K = "4",
    target: Target = None,
    features: Features = None,
    exclude: Exclude = None,
    role: Role = None,
    sheet: Sheet = None,
    algorithm: Algorithm = _DEFAULTS.algorithm,
    mode: Mode = "auto",
    seed: Seed = 0,
    k_anonymity: KAnonymity = 5,
    postal_country: PostalCountry = None,
    by_path: ByPath = None,
    as_json: AsJson = False,
    quiet: Quiet = False,
) -> None:
    """Segment a customer table into ranked personas; write all outputs to --out, or print
    personas.json with --json (or both)."""
    from synthpersona.errors import InputError
    from synthpersona.usecases.tables import TableOptions, analyze_file

    if out is None and not as_json:
        raise InputError("give --out FOLDER for the outputs, --json to print the personas, or both.")
    console = Console(stderr=as_json)
    options = TableOptions(
        k=k,
        target=target,
        features=_split(features),
        exclude=_split(exclude),
        roles=role or None,
        algorithm=algorithm,
        mode=mode,
        random_state=seed,
        k_anonymity=k_anonymity or None,  # 0: unprotected; 1 or less than 0 is refused by the use case
        postal_country=postal_country,
    )
    with step_progress(console, enabled=not (quiet or as_json)) as progress, file_or_stdin(file) as path:
        result = analyze_file(path, options, out_dir=out, progress=progress, sheet=sheet, by_path=by_path)
    _show(result, console, as_json)


def _show(result: TableAnalysis, console: Console, as_json: bool) -> None:
    """personas.json on stdout (warnings on stderr) with ``--json``, else the ranked table."""
    if not as_json:
        render(result, console)
        return
    from synthpersona.views import seed003

    print(json.dumps(seed003.personas(result.segments, result.personas), indent=2, ensure_ascii=False))
    for w in result.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")
