"""``synthpersona population``: generate, inspect and calibrate populations."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from synthpersona.errors import InputError, SynthPersonaError
from synthpersona.population import (
    SUFFIXES,
    calibration_report,
    generate,
    load_population,
    population_path,
    read_population_file,
    targets,
    tolerance_pp,
    write_population,
)

if TYPE_CHECKING:
    import pandas as pd


def _size(path: Path) -> str:
    size = float(path.stat().st_size)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"  # pragma: no cover - loop always returns


def _generate(rows: int, seed: int, out: Path, force: bool, as_json: bool, quiet: bool) -> None:
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"--out {str(out)!r} must end in .parquet or .csv (got {suffix or 'no suffix'!r}).",
            details={"out": str(out), "allowed": list(SUFFIXES)},
        )
    if out.exists() and not force:
        raise InputError(
            f"{str(out)!r} already exists; pass --force to overwrite it or choose another --out.",
            details={"out": str(out)},
        )
    if out.exists() and out.is_dir():
        raise InputError(f"--out {str(out)!r} is a folder; give a file name ending in .parquet or .csv.")
    status = Console(stderr=True, quiet=quiet or as_json)
    t0 = time.perf_counter()
    with status.status(f"Generating {rows:,} people (seed {seed})..."):
        df = generate(rows, random_state=seed)
    t1 = time.perf_counter()
    with status.status(f"Writing {out.name}..."):
        write_population(df, out)
    t2 = time.perf_counter()
    if as_json:
        payload = {"path": str(out), "rows": len(df), "columns": int(df.shape[1]), "seed": seed}
        typer.echo(json.dumps({**payload, "bytes": out.stat().st_size}, indent=2))
        return
    if quiet:
        return
    typer.echo(
        f"Wrote {len(df):,} people x {df.shape[1]} columns (seed {seed}) to {out} ({_size(out)}) "
        f"in {t2 - t0:.1f} s (generate {t1 - t0:.1f} s, write {t2 - t1:.1f} s)."
    )


def _calibrate(rows: int, seed: int, population: Path | None, as_json: bool, check: bool) -> None:
    status = Console(stderr=True)
    if population is not None:
        with status.status(f"Reading {population.name}..."):
            df = read_population_file(population)
        label = f"{population.name} ({len(df):,} people)"
    else:
        with status.status(f"Generating {rows:,} people (seed {seed})..."):
            df = generate(rows, random_state=seed)
        label = f"built-in population, n={rows:,}, seed {seed}"
    report = calibration_report(df)
    worst = float(report["diff_pp"].abs().max())
    tolerance = tolerance_pp()
    off = report[report["diff_pp"].abs() > tolerance]
    if as_json:
        payload = {
            "population": label,
            "tolerance_pp": tolerance,
            "max_abs_diff_pp": round(worst, 2),
            "figures": report.to_dict(orient="records"),
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        console = Console()
        table = Table(title=f"Calibration: {label}")
        table.add_column("figure")
        for col in ("target %", "actual %", "diff pp"):
            table.add_column(col, justify="right")
        records = report.to_dict(orient="records")
        for rec in records:
            diff = float(rec["diff_pp"])
            colour = "red" if abs(diff) > tolerance else "green"
            table.add_row(
                str(rec["figure"]),
                f"{rec['target']:.1f}",
                f"{rec['actual']:.1f}",
                f"[{colour}]{diff:+.2f}[/{colour}]",
            )
        console.print(table)
        verdict = "all within" if off.empty else f"{len(off)} outside"
        console.print(f"{len(report)} figures, {verdict} ±{tolerance:g} pp (largest gap {worst:.2f} pp).")
        console.print("[dim]Sources (synthpersona population sources for the notes):[/dim]")
        for column, source in dict.fromkeys((t.column, t.source) for t in targets()):
            console.print(f"[dim]  {column}: {source}[/dim]")
    if check and not off.empty:
        shown = ", ".join(f"{f} ({d:+.1f} pp)" for f, d in zip(off["figure"], off["diff_pp"], strict=True))
        raise SynthPersonaError(
            f"{len(off)} figure(s) are more than {tolerance:g} pp off their targets: {shown}.",
            code="calibration_off",
            details={"figures": off["figure"].tolist()},
        )


def _column_summaries(df: pd.DataFrame) -> list[dict[str, str]]:
    """One ``{"column", "type", "summary"}`` per column: top shares, true share or range."""
    out = []
    for col in df.columns:
        s = df[col]
        if s.dtype.name == "category" or s.dtype == object:
            top = s.astype(str).value_counts(normalize=True).head(4)
            summary = ", ".join(f"{k} {100 * v:.0f}%" for k, v in top.items())
            kind = "category"
        elif s.dtype == bool:
            summary = f"{100 * s.mean():.0f}% true"
            kind = "bool"
        else:
            summary = f"min {s.min():g} • median {s.median():g} • max {s.max():g}"
            kind = str(s.dtype)
        out.append({"column": str(col), "type": kind, "summary": summary})
    return out


def _info(rows: int | None, seed: int | None, population: Path | None, as_json: bool) -> None:
    status = Console(stderr=True, quiet=as_json)
    if population is not None:
        df = read_population_file(population)
        where = str(population)
    else:
        path = population_path(rows, seed)
        with status.status(f"Loading the built-in population ({path.name})..."):
            df = load_population(rows, seed)
        where = str(path)
    summaries = _column_summaries(df)
    if as_json:
        payload = {"path": where, "rows": len(df), "columns": summaries}
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(f"[bold]{len(df):,} people x {df.shape[1]} columns[/bold] — {where}", soft_wrap=True)
    table = Table(show_header=True)
    table.add_column("column")
    table.add_column("type")
    table.add_column("summary", overflow="fold")
    for row in summaries:
        table.add_row(row["column"], row["type"], row["summary"])
    console.print(table)


# --- the options of ``population generate / calibrate / info / sources`` ----------------------------

GenerateRows = Annotated[int, typer.Option("--rows", "-n", help="Number of people (1 to 20,000,000).")]
GenerateSeed = Annotated[
    int, typer.Option("--random-state", "--seed", help="random_state: the same seed gives the same table.")
]
Out = Annotated[Path, typer.Option("--out", "-o", help="Output file, .parquet or .csv.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")]
GenerateJson = Annotated[bool, typer.Option("--json", help="Print what was written as JSON.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")]
CalibrateRows = Annotated[int, typer.Option("--rows", "-n", help="Rows to generate for the check.")]
CalibrateSeed = Annotated[
    int, typer.Option("--random-state", "--seed", help="random_state of the generated population.")
]
CalibratePopulation = Annotated[
    Path | None,
    typer.Option("--population", help="Check a population file (.parquet/.csv) instead of generating one."),
]
CalibrateJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
Check = Annotated[bool, typer.Option("--check", help="Exit with code 1 if a figure is off by > 2 pp.")]
InfoRows = Annotated[int | None, typer.Option("--rows", "-n", help="Size of the built-in population.")]
InfoSeed = Annotated[
    int | None, typer.Option("--random-state", "--seed", help="Seed of the built-in population.")
]
InfoPopulation = Annotated[Path | None, typer.Option("--population", help="Describe this file instead.")]
InfoJson = Annotated[bool, typer.Option("--json", help="Print the description as JSON.")]
SourcesJson = Annotated[bool, typer.Option("--json", help="Print the sources as JSON.")]


def register(app: typer.Typer) -> None:
    """Add the ``population`` command group to ``app``."""
    group = typer.Typer(
        help="Generate, inspect and calibrate the built-in synthetic population.", no_args_is_help=True
    )
    group.command("generate")(generate_cmd)
    group.command("calibrate")(calibrate_cmd)
    group.command("info")(info_cmd)
    group.command("sources")(sources_cmd)
    app.add_typer(group, name="population")


def generate_cmd(
    *,
    rows: GenerateRows = 50_000,
    seed: GenerateSeed = 0,
    out: Out,
    force: Force = False,
    as_json: GenerateJson = False,
    quiet: Quiet = False,
) -> None:
    """Generate a population and write it to a Parquet or CSV file."""
    _generate(rows, seed, out.expanduser(), force, as_json, quiet)


def calibrate_cmd(
    rows: CalibrateRows = 200_000,
    seed: CalibrateSeed = 0,
    population: CalibratePopulation = None,
    as_json: CalibrateJson = False,
    check: Check = False,
) -> None:
    """Compare marginals with the sourced targets (targets.json)."""
    _calibrate(rows, seed, population, as_json, check)


def info_cmd(
    rows: InfoRows = None, seed: InfoSeed = None, population: InfoPopulation = None, as_json: InfoJson = False
) -> None:
    """Describe a population: where it is stored and a summary of every column."""
    _info(rows, seed, population, as_json)


def sources_cmd(as_json: SourcesJson = False) -> None:
    """List the calibrated figures' public sources."""
    seen: dict[str, list[str]] = {}
    for t in targets():
        seen.setdefault(t.column, [t.source, t.note])
    if as_json:
        rows = [{"column": c, "source": src, "note": note} for c, (src, note) in seen.items()]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for column, (source, note) in seen.items():
        typer.echo(f"{column}: {source}\n    {note}")
    sys.stdout.flush()
