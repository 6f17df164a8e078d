"""``synthpersona store check``: find and repair what crashes and deletes left behind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

_LABELS = {
    "staging": "uploads/analyses cut by a dead process",
    "dataset_folders": "dataset folders without a record",
    "missing_files": "dataset records whose file is missing",
    "analysis_records": "analysis records of deleted datasets",
    "analysis_folders": "analysis folders without a record",
    "job_records": "job records of deleted datasets, stray cancel requests",
    "interrupted_jobs": "queued/running jobs of a dead process",
    "simulation_folders": "simulation folders without a record",
}


def register(app: typer.Typer) -> None:
    """Add the ``store`` command group to ``app``."""
    store_app = typer.Typer(
        help="Check the state store and data directory (orphans, interrupted jobs); make API keys.",
        no_args_is_help=True,
    )
    store_app.command("check")(check)
    store_app.command("add-key")(add_key_cmd)
    app.add_typer(store_app, name="store")


def check(
    repair: Annotated[
        bool, typer.Option("--repair", help="Remove what was found (else only report).")
    ] = False,
    min_age: Annotated[
        float,
        typer.Option(
            "--min-age",
            min=0,
            help="Seconds a folder must be untouched to count (a running server may be writing it).",
        ),
    ] = 600.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Report (and with --repair remove) orphans in SYNTHPERSONA_HOME and the state store.

    Exits 1 when something was found and not repaired, so it can run in a cron job or CI.
    """
    found = _check_store(repair, min_age)
    total = sum(len(v) for v in found.values())
    if as_json:
        print(json.dumps({"repaired": repair, "found": found}, indent=2))
    else:
        _print_findings(found, total, repair)
    if total and not repair:
        raise typer.Exit(1)


def _check_store(repair: bool, min_age: float) -> dict[str, list[str]]:
    """What :meth:`Datasets.check` finds (and removes with ``repair``) in the configured store."""
    from synthpersona.config import get_settings
    from synthpersona.store import Store
    from synthpersona.usecases.datasets import Datasets

    settings = get_settings()
    store = Store.from_settings(settings)
    try:
        return Datasets(settings, store).check(repair=repair, min_age_s=min_age)
    finally:
        store.close()


def _print_findings(found: dict[str, list[str]], total: int, repair: bool) -> None:
    """Each kind of finding with up to 20 names, then the total."""
    verb = "removed" if repair else "found"
    for key, names in found.items():
        if names:
            typer.echo(f"{len(names):>5}  {_LABELS[key]} ({verb})")
            for name in names[:20]:
                typer.echo(f"         {name}")
    typer.echo(
        f"{total} problem(s) {verb}"
        + ("; run with --repair to remove them." if total and not repair else ".")
        if total
        else "Store and data directory are consistent."
    )


def add_key_cmd(
    tenant: Annotated[str, typer.Argument(help="Tenant the key belongs to (letters, digits, _ . -).")],
    read_only: Annotated[bool, typer.Option("--read-only", help="The key may only read (GET).")] = False,
    keys_file: Annotated[
        Path | None,
        typer.Option(
            "--file", help="Keys file (default: SYNTHPERSONA_API_KEYS_FILE, else <home>/api_keys.txt)."
        ),
    ] = None,
) -> None:
    """Make an API key for a tenant: print it once and append its SHA-256 to the keys file.

    Point the server at the file with SYNTHPERSONA_API_KEYS_FILE; each tenant sees only its
    own datasets, analyses, jobs and simulations.
    """
    from synthpersona.config import get_settings
    from synthpersona.usecases.tenants import add_key

    settings = get_settings()
    path = keys_file or settings.api_keys_file or settings.data_dir / "api_keys.txt"
    key = add_key(path, tenant, read_only=read_only)
    typer.echo(f"added a {'read-only ' if read_only else ''}key for {tenant!r} to {path}", err=True)
    typer.echo(key)
