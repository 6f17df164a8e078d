"""``verify``: re-derive every number and trait word of a run from the data, in every workflow.

- Goal runs: in memory (:func:`verify_run`, a :class:`GoalRun`) or from the folder
  ``synthpersona segment --out DIR`` wrote (:func:`verify_dir`: ``run.json`` and
  ``members.parquet``; the audience is selected again from the population with the
  run's own filters).
- Table / leads analyses: :func:`verify_table` (a ``TableAnalysis``) or the folder
  ``leads analyze --out`` wrote (:func:`verify_table_dir`: ``personas.json``,
  ``clustered.csv``, ``analysis.json``).
- Clickstream simulations: :func:`verify_simulation` (a ``SimulationRun``) or its
  reports folder (:func:`verify_simulation_dir`: ``summary.json``, ``members.parquet``
  and the event log).

:func:`verify_path` tells the three folders apart. Each claim the data does not back is
one :class:`~synthpersona.personas.Mismatch`; a true run gives none.

Examples
--------
>>> from synthpersona.usecases.goals import run_goal
>>> run = run_goal("college students interested in headphones")  # doctest: +SKIP
>>> verify_run(run)  # doctest: +SKIP
[]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from synthpersona.errors import InputError
from synthpersona.personas import Mismatch, verify_goal_output
from synthpersona.usecases._verify_more import (
    verify_simulation,
    verify_simulation_dir,
    verify_table,
    verify_table_dir,
)
from synthpersona.usecases.goals import GoalRun

__all__ = [
    "MEMBERS_FILE",
    "Mismatch",
    "members_frame",
    "members_parquet",
    "rerun",
    "verify_dir",
    "verify_leads",
    "verify_leads_dir",
    "verify_path",
    "verify_run",
    "verify_simulation",
    "verify_simulation_dir",
    "verify_stored",
    "verify_table",
    "verify_table_dir",
    "write_members",
]

MEMBERS_FILE = "members.parquet"


def members_frame(run: GoalRun) -> pd.DataFrame:
    """Who is in which segment: ``user_id, cluster_id`` (1-based) and ``distance`` to its centre.

    Examples
    --------
    >>> members_frame(run).columns.tolist()  # doctest: +SKIP
    ['user_id', 'cluster_id', 'distance']
    """
    return pd.DataFrame(
        {
            "user_id": run.audience["user_id"].to_numpy(),
            "cluster_id": run.segmentation.labels.astype("int64") + 1,
            "distance": run.segmentation.distances.astype("float64"),
        }
    )


def write_members(run: GoalRun, folder: str | Path) -> Path:
    """Write ``members.parquet`` (``user_id, cluster_id, distance``) of ``run`` into ``folder``.

    The file activates the segments in a CRM or ad platform (``user_id`` to ``cluster_id``)
    and lets :func:`verify_dir` check the anchors' distance percentiles.
    """
    path = Path(folder) / MEMBERS_FILE
    members_frame(run).to_parquet(path, index=False)
    return path


def members_parquet(run: GoalRun) -> bytes:
    """``members.parquet`` of ``run`` as bytes (the API's download)."""
    import io

    buf = io.BytesIO()
    members_frame(run).to_parquet(buf, index=False)
    return buf.getvalue()


def rerun(stored: dict[str, Any], runner: Any = None) -> GoalRun:
    """The :class:`GoalRun` behind a stored run (same goal and request: deterministic).

    Raises
    ------
    ConflictError
        The recomputed run has another ``run_id`` (the population changed since).
    """
    from synthpersona.errors import ConflictError
    from synthpersona.usecases.goals import run_goal

    request = {k: v for k, v in (stored.get("request") or {}).items() if k != "population"}
    run = (runner or run_goal)(stored["goal"], **request)
    # a service-stored run has a random run_id; the computation's own id is its source_run_id
    expected = stored.get("source_run_id", stored.get("run_id"))
    if not isinstance(run, GoalRun) or run.run_id != expected:
        found = getattr(run, "run_id", type(run).__name__)
        raise ConflictError(
            f"Run {stored.get('run_id')!r} cannot be recomputed on this population (got {found!r}); "
            "generate it again with the same goal.",
            details={"run_id": stored.get("run_id")},
        )
    return run


def verify_stored(
    stored: dict[str, Any], runner: Any = None, *, built: dict[Any, list[dict[str, Any]]] | None = None
) -> list[Mismatch]:
    """Verify a stored run's JSON (API store) against its recomputed membership and the data.

    A privacy-checked run (``stored["privacy"]``) serves protected personas, which state no
    anchor: ``built`` (its personas as built, kept server-side, ``service.built_personas``)
    is checked against the data as any run's personas, with the values of what they state
    withheld from the mismatches (:func:`redact`); each protected persona is recounted (at
    least k audience members share what it states) and its trait words re-derived from the
    data without the anchor (:func:`protected_persona_mismatches`).
    """
    run = rerun(stored, runner)
    members = members_frame(run)
    if not stored.get("privacy"):
        output = {"clusters": stored.get("clusters", []), "personas": stored.get("personas", {})}
        return verify_goal_output(run.audience, members, output)
    found = protected_persona_mismatches(run.audience, stored, members)
    found += verify_goal_output(
        run.audience, members, {"clusters": stored.get("clusters", []), "personas": {}}
    )
    if built:
        as_built = verify_goal_output(run.audience, members, {"clusters": [], "personas": built})
        found += [redact(m) for m in as_built]
    return found


def redact(m: Mismatch) -> Mismatch:
    """A mismatch of a persona as built, published without its values (they may be withheld ones).

    Examples
    --------
    >>> redact(Mismatch("dyn_1_0 profile.age", "29", "26")).line()
    "dyn_1_0 profile.age (as built): shows 'withheld', data gives withheld"
    """
    return Mismatch(f"{m.where} (as built)", WITHHELD, WITHHELD, m.kind)


WITHHELD = "withheld"


def verify_run(run: GoalRun) -> list[Mismatch]:
    """Every claim of ``run`` the data contradicts (empty when the run is true to its data)."""
    return verify_goal_output(run.audience, members_frame(run), run.to_dict(protected=False))


def verify_dir(
    path: str | Path, *, population: pd.DataFrame | str | Path | None = None, engine: Any = None
) -> list[Mismatch]:
    """Verify the run ``segment --out`` wrote to ``path`` against ``population`` (default built-in).

    The audience is selected again from the population with the run's filters (its
    ``spec``), so a membership that no longer matches the data is reported too.

    Raises
    ------
    InputError
        ``path`` is not a folder with ``run.json`` and ``members.parquet``.
    """
    from synthpersona.goals import AudienceSample, GoalSpec
    from synthpersona.usecases._populations import load_population

    folder = Path(path).expanduser()
    run_file, members_file = folder / "run.json", folder / MEMBERS_FILE
    missing = [f.name for f in (run_file, members_file) if not f.is_file()]
    if missing:
        raise InputError(
            f"{str(folder)!r} has no {' or '.join(missing)}; give the folder written by "
            "'synthpersona segment --goal ... --out DIR'.",
            details={"path": str(folder), "missing": missing},
        )
    try:
        output: dict[str, Any] = json.loads(run_file.read_text(encoding="utf-8"))
        spec = GoalSpec.model_validate(output["spec"])
        members = pd.read_parquet(members_file)
    except (ValueError, KeyError, OSError) as exc:
        raise InputError(
            f"Could not read the run in {str(folder)!r}: {exc}; write it again with 'segment --out'.",
            details={"path": str(folder)},
        ) from exc
    sample = AudienceSample.from_meta((output.get("meta") or {}).get("sample"))  # a sampled run's sample
    audience = load_population(population, engine).audience(spec, sample)  # engine: where the filters run
    found: list[Mismatch] = []
    ids, member_ids = set(audience["user_id"]), set(members["user_id"])
    if ids != member_ids:
        found.append(
            Mismatch(
                "membership",
                f"{len(member_ids):,} members",
                f"{len(ids):,} people match the goal ({len(ids ^ member_ids):,} differ)",
            )
        )
        audience = audience[audience["user_id"].isin(member_ids)]
    if output.get("privacy"):  # privacy-checked personas state no anchor: recount what they state
        found += protected_persona_mismatches(audience, output, members)
        output = {**output, "personas": {}}
    return found + verify_goal_output(audience, members, output)


def protected_persona_mismatches(
    audience: pd.DataFrame, output: dict[str, Any], members: pd.DataFrame | None = None
) -> list[Mismatch]:
    """Each claim of a privacy-checked persona of ``output`` that ``audience`` does not give back.

    A persona states each quasi-identifier of :data:`synthpersona.trust.ANCHOR_QUASI_IDENTIFIERS`
    at one level of its ladder (exact or coarser); a member shares it when any level of the
    member's value reads the same, and at least k members must share them all. With
    ``members`` (``user_id, cluster_id``), each care, barrier and title word is re-derived
    from the persona's segment in the rows or the facts it still states
    (:func:`synthpersona.trust.protected_claim_mismatches`).
    """
    import numpy as np

    from synthpersona.trust import ANCHOR_QUASI_IDENTIFIERS, protected_claim_mismatches

    k = int(output["privacy"]["k"])
    found = []
    cluster = None
    if members is not None:
        cluster = audience["user_id"].map(members.set_index("user_id")["cluster_id"]).to_numpy()
    for plist in (output.get("personas") or {}).values():
        for p in plist:
            if cluster is not None:
                found += protected_claim_mismatches(p, audience, cluster == int(p["cluster_id"]))
            profile, mask = p.get("profile", {}), np.ones(len(audience), dtype=bool)
            for q in ANCHOR_QUASI_IDENTIFIERS:
                if q.profile_key in profile and q.column in audience:
                    stated = str(profile[q.profile_key])
                    mask &= (
                        audience[q.column]
                        .map(lambda v, q=q, s=stated: any(f(v) == s for f in q.levels))
                        .to_numpy()
                    )
            if int(mask.sum()) < k:
                found.append(
                    Mismatch(f"{p['persona_id']} privacy", f"{int(mask.sum())} members", f">= {k}", "privacy")
                )
    return found


def verify_path(
    path: str | Path,
    *,
    population: pd.DataFrame | str | Path | None = None,
    events: str | Path | None = None,
    engine: Any = None,
) -> list[Mismatch]:
    """Verify the run in folder ``path``, whichever workflow wrote it.

    ``run.json`` + ``members.parquet``: a goal run (:func:`verify_dir`, against
    ``population``); ``personas.json`` + ``clustered.csv``: a table analysis
    (:func:`verify_table_dir`); ``summary.json`` + ``members.parquet``: a clickstream
    simulation (:func:`verify_simulation_dir`, against ``events``, default the log it read).

    Raises
    ------
    InputError
        ``path`` holds none of these.
    """
    folder = Path(path).expanduser()
    if (folder / "run.json").is_file():
        return verify_dir(folder, population=population, engine=engine)
    if (folder / "personas.json").is_file() and (folder / "clustered.csv").is_file():
        return verify_table_dir(folder)
    if (folder / "summary.json").is_file():
        return verify_simulation_dir(folder, events=events)
    raise InputError(
        f"{str(folder)!r} holds no run to verify; give the folder written by 'segment --goal ... --out DIR' "
        "(run.json), 'leads analyze --out DIR' (personas.json, clustered.csv) or 'simulate --out DIR' "
        "(summary.json, members.parquet).",
        details={"path": str(folder)},
    )


#: Deprecated names of :func:`verify_table` and :func:`verify_table_dir` (one word: table).
verify_leads = verify_table
verify_leads_dir = verify_table_dir
