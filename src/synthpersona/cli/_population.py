"""``synthpersona population``: generate, inspect and calibrate populations."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from synthpersona.errors import InputError, SynthPersonaError
from synthpersona.population import (
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

_SUFFIXES = (".parquet", ".csv")


def _size(path: Path) -> str:
    size = float(path.stat().st_size)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"  # pragma: no cover - loop always returns


def _generate(rows: int, seed: int, out: Path, force: bool, as_json: bool, quiet: bool) -> None:
    suffix = out.suffix.lower()
    if suffix not in _SUFFIXES:
        raise InputError(
            f"--out {str(out)!r} must end in .parquet or .csv (got {suffix or 'no suffix'!r}).",
            details={"out": str(out), "allowed": list(_SUFFIXES)},
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


def register(app: typer.Typer) -> None:
    """Add the ``population`` command group to ``app``."""
    group = typer.Typer(
        help="Generate, inspect and calibrate the built-in synthetic population.", no_args_is_help=True
    )

    @group.command("generate")
    def generate_cmd(
        rows: int = typer.Option(50_000, "--rows", "-n", help="Number of people (1 to 20,000,000)."),
        seed: int = typer.Option(
            0, "--random-state", "--seed", help="random_state: the same seed gives the same table."
        ),
        out: Path = typer.Option(..., "--out", "-o", help="Output file, .parquet or .csv."),
        force: bool = typer.Option(False, "--force", help="Overwrite --out if it exists."),
        as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing on success."),
    ) -> None:
        """Generate a population and write it to a Parquet or CSV file."""
        _generate(rows, seed, out.expanduser(), force, as_json, quiet)

    @group.command("calibrate")
    def calibrate_cmd(
        rows: int = typer.Option(200_000, "--rows", "-n", help="Rows to generate for the check."),
        seed: int = typer.Option(
            0, "--random-state", "--seed", help="random_state of the generated population."
        ),
        population: Path | None = typer.Option(
            None, "--population", help="Check a population file (.parquet/.csv) instead of generating one."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
        check: bool = typer.Option(False, "--check", help="Exit with code 1 if a figure is off by > 2 pp."),
    ) -> None:
        """Compare marginals with the sourced targets (targets.json)."""
        _calibrate(rows, seed, population, as_json, check)

    @group.command("info")
    def info_cmd(
        rows: int | None = typer.Option(None, "--rows", "-n", help="Size of the built-in population."),
        seed: int | None = typer.Option(
            None, "--random-state", "--seed", help="Seed of the built-in population."
        ),
        population: Path | None = typer.Option(None, "--population", help="Describe this file instead."),
        as_json: bool = typer.Option(False, "--json", help="Print the description as JSON."),
    ) -> None:
        """Describe a population: where it is stored and a summary of every column."""
        _info(rows, seed, population, as_json)

    @group.command("sources")
    def sources_cmd(
        as_json: bool = typer.Option(False, "--json", help="Print the sources as JSON."),
    ) -> None:
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

    app.add_typer(group, name="population")
