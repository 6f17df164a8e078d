"""``verify`` for the table (leads) and clickstream workflows (see :mod:`synthpersona.usecases.verify`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthpersona.errors import InputError
from synthpersona.personas import Mismatch

if TYPE_CHECKING:
    import pandas as pd

    from synthpersona.tables import TableAnalysis
    from synthpersona.usecases.simulation import SimulationRun

MEMBERS_FILE = "members.parquet"
LEADS_FILES = ("personas.json", "clustered.csv", "analysis.json")


def verify_table(analysis: TableAnalysis) -> list[Mismatch]:
    """Every number and word of a table analysis's personas the rows do not back (empty: all true).

    Examples
    --------
    >>> from synthpersona.usecases.tables import analyze_file
    >>> verify_table(analyze_file("leads.csv", k=4))  # doctest: +SKIP
    []
    """
    from synthpersona.tables import verify_table_personas
    from synthpersona.views import seed003

    entries = seed003.personas(analysis.segments, analysis.personas)
    return verify_table_personas(
        entries, analysis.labels, analysis.prepared, analysis.outcome, analysis.titles
    )


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"Could not read {str(path)!r}: {exc}; write the outputs again.", details={"path": str(path)}
        ) from exc


def _missing(folder: Path, names: tuple[str, ...], how: str) -> None:
    missing = [n for n in names if not (folder / n).is_file()]
    if missing:
        raise InputError(
            f"{str(folder)!r} has no {' or '.join(missing)}; give the folder written by {how}.",
            details={"path": str(folder), "missing": missing},
        )


def verify_table_dir(path: str | Path) -> list[Mismatch]:
    """Verify the outputs ``leads analyze --out DIR`` wrote against the rows of ``clustered.csv``.

    The columns are prepared again from the table (with the analysis's recorded target,
    features, k and seed), and every figure and word of ``personas.json`` is recomputed
    from them and the table's ``Cluster`` column.

    Raises
    ------
    InputError
        ``path`` lacks ``personas.json``, ``clustered.csv`` or ``analysis.json``.
    """
    from synthpersona.tables import analyze_table, read_table, verify_table_personas

    folder = Path(path).expanduser()
    _missing(folder, LEADS_FILES, "'synthpersona leads analyze --out DIR'")
    entries = _read_json(folder / "personas.json")
    summary = _read_json(folder / "analysis.json")
    df, _ = read_table(folder / "clustered.csv")
    cluster_col = [c for c in df.columns if str(c) == "Cluster" or str(c).startswith("Cluster_")]
    if not cluster_col:
        raise InputError(f"{str(folder / 'clustered.csv')!r} has no 'Cluster' column; write it again.")
    labels = df[cluster_col[-1]].astype(int).to_numpy()
    again = analyze_table(
        df.drop(columns=[cluster_col[-1]]),
        k=int(summary["k"]),
        target=summary.get("target"),
        features=list(summary.get("features") or []) or None,
        mode=str(summary.get("mode") or "auto"),
        random_state=int(summary.get("random_state") or 0),
    )
    return verify_table_personas(entries, labels, again.prepared, again.outcome, again.titles)


def verify_simulation(run: SimulationRun) -> list[Mismatch]:
    """Every number and name word of a simulation's behavioural personas the event log does not back."""
    from synthpersona.simulation import verify_behaviour

    return verify_behaviour(
        run.events,
        run.summary()["personas"],
        completion_events=run.completion_events,
        drop_events=run.drop_events,
    )


def members_of_events(events: pd.DataFrame) -> pd.DataFrame:
    """``user_id, cluster_id`` of a segmented event log (one row per user)."""
    return events[["user_id", "cluster_id"]].drop_duplicates("user_id").reset_index(drop=True)


def verify_simulation_dir(path: str | Path, *, events: str | Path | None = None) -> list[Mismatch]:
    """Verify a simulation's reports folder (``summary.json``, ``members.parquet``) against its event log.

    ``events`` defaults to the file the run read (``summary.json``'s ``ingest.source``);
    it is loaded again with the run's column mapping and session gap, each user gets its
    cluster from ``members.parquet``, and every persona figure and name word is recomputed.

    Raises
    ------
    InputError
        A file is missing, or the event log cannot be found.
    """
    import pandas as pd

    from synthpersona.simulation import load_event_log, verify_behaviour

    folder = Path(path).expanduser()
    _missing(folder, ("summary.json", MEMBERS_FILE), "'synthpersona simulate --out DIR'")
    summary = _read_json(folder / "summary.json")
    ingest = summary.get("ingest") or {}
    source = events if events is not None else ingest.get("source")
    if source is None or not Path(str(source)).expanduser().is_file():
        raise InputError(
            f"The event log of {str(folder)!r} ({source!r}) is not a file here; pass it with --events.",
            details={"path": str(folder), "events": str(source)},
        )
    log = load_event_log(
        source,
        columns=ingest.get("column_mapping") or None,
        inactivity_gap=float(ingest.get("inactivity_gap_minutes") or 30.0),
    )
    members = pd.read_parquet(folder / MEMBERS_FILE)
    cluster = log["user_id"].map(members.set_index("user_id")["cluster_id"])
    if cluster.isna().any():
        return [
            Mismatch(
                "membership",
                f"{len(members):,} members",
                f"{int(cluster.isna().sum()):,} events of users without a cluster",
            )
        ]
    return verify_behaviour(
        log.assign(cluster_id=cluster.astype("int64")),
        summary.get("personas") or [],
        completion_events=summary.get("completion_events") or [],
        drop_events=summary.get("drop_events") or [],
    )
