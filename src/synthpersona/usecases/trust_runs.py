"""Versions of stored goal runs: the same goal run again on refreshed data, diffed by its members.

Every goal run the service stores (REST API, web UI) keeps who is in which segment
(:func:`save_run_members`, a store document of kind :data:`RUN_MEMBERS_KIND`). Two or more
stored runs are then versions: :func:`diff_stored_runs` matches each run's segments to the
previous run's by the overlap of their members (``user_id``: a refreshed population keeps
its people's ids), keeps persona ids stable where a segment persists and reports share
changes, new and vanished segments (as :func:`synthpersona.usecases.trust.diff_runs` does for
run folders). :func:`goal_run_versions` lists the stored runs of one goal, oldest first; the
API's ``POST /diff {"run_ids": [...]}`` and the web UI's Persona history page call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from synthpersona.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from synthpersona.store import Store
    from synthpersona.trust import Drift
    from synthpersona.usecases.goals import GoalRun

__all__ = [
    "RUN_MEMBERS_KIND",
    "diff_stored_runs",
    "goal_run_versions",
    "save_run_members",
    "stored_run_history",
]

RUN_MEMBERS_KIND = "run_members"  # store documents: user_id and cluster_id of each stored goal run


def save_run_members(store: Store, run_id: str, run: GoalRun) -> None:
    """Keep who is in which segment of ``run`` (stored as ``run_id``) for later diffs."""
    store.put_document(
        RUN_MEMBERS_KIND,
        run_id,
        {
            "run_id": run_id,
            "user_id": [int(u) for u in run.audience["user_id"].to_numpy()],
            "cluster_id": [int(c) + 1 for c in run.segmentation.labels],
        },
    )


def _members(store: Store, run_id: str) -> pd.DataFrame:
    try:
        doc = store.get_document(RUN_MEMBERS_KIND, run_id)
    except NotFoundError:
        raise InputError(
            f"Run {run_id!r} has no stored members (it was made before runs kept them); run its goal "
            "again to make a version that can be diffed.",
            code="run_members_missing",
            details={"run_id": run_id},
        ) from None
    return pd.DataFrame({"user_id": doc["user_id"], "cluster_id": doc["cluster_id"]})


def _name(run: dict[str, Any]) -> str:
    return f"{str(run.get('created_at') or '')[:16].replace('T', ' ')} ({str(run['run_id'])[:8]})"


def diff_stored_runs(
    store: Store,
    run_ids: Sequence[str],
    *,
    tenant: str | None = None,
    min_overlap: float = 0.3,
    share_threshold: float = 0.05,
) -> list[Drift]:
    """Diff stored goal runs, oldest first: one :class:`~synthpersona.trust.Drift` per consecutive pair.

    Persona ids are chained across the versions: a persona keeps the id it had in the first
    version its segment appeared in. ``old``/``new`` of each diff name the runs by time and id.

    Raises
    ------
    InputError
        Fewer than two runs, or a run stored without its members.
    NotFoundError
        An unknown run id (or another tenant's).

    Examples
    --------
    >>> from synthpersona.store import Store
    >>> diff_stored_runs(Store("sqlite://"), ["only-one"])
    Traceback (most recent call last):
    ...
    synthpersona.errors.InputError: Give two or more run ids to diff, oldest first; got 1.
    """
    return stored_run_history(
        store, run_ids, tenant=tenant, min_overlap=min_overlap, share_threshold=share_threshold
    )[0]


def stored_run_history(
    store: Store,
    run_ids: Sequence[str],
    *,
    tenant: str | None = None,
    min_overlap: float = 0.3,
    share_threshold: float = 0.05,
) -> tuple[list[Drift], list[dict[str, Any]]]:
    """:func:`diff_stored_runs` and each persona's history across the runs.

    History rows (one per persona per run it is in): ``persona_id`` (stable across the runs),
    ``version`` (0 = the oldest run), ``version_name``, ``segment_id``, ``label``, ``share``.
    """
    from synthpersona.usecases.trust_versions import _run_version_of, diff_members

    if len(run_ids) < 2:
        raise InputError(f"Give two or more run ids to diff, oldest first; got {len(run_ids)}.")
    runs = [store.get_run(r, tenant=tenant) for r in run_ids]
    members = [_members(store, str(r["run_id"])) for r in runs]
    segments = [_run_version_of(r, m) for r, m in zip(runs, members, strict=True)]
    history = [_row(pid, 0, _name(runs[0]), s) for s in segments[0] for pid in s.persona_ids]
    drifts: list[Drift] = []
    stable: dict[str, str] = {}
    for i in range(1, len(runs)):
        d = diff_members(
            segments[i - 1],
            members[i - 1],
            segments[i],
            members[i],
            names=(_name(runs[i - 1]), _name(runs[i])),
            min_overlap=min_overlap,
            share_threshold=share_threshold,
        )
        d.persona_ids = {new: stable.get(old, old) for new, old in d.persona_ids.items()}
        stable = dict(d.persona_ids)
        d.notes.append(
            "Stored runs: segments matched by their members; traits are compared for run folders "
            "(synthpersona diff RUN_A RUN_B), where each version's population is at hand."
        )
        drifts.append(d)
        history += [
            _row(stable.get(pid, pid), i, _name(runs[i]), seg)
            for seg in segments[i]
            for pid in seg.persona_ids
        ]
    return drifts, history


def _row(pid: str, version: int, name: str, seg: Any) -> dict[str, Any]:
    return {
        "persona_id": pid,
        "version": version,
        "version_name": name,
        "segment_id": seg.segment_id,
        "label": seg.label,
        "share": seg.share,
    }


def goal_run_versions(
    store: Store, goal: str | None = None, *, tenant: str | None = None
) -> list[dict[str, Any]]:
    """Stored runs that can be diffed (members kept), grouped as versions of their goal, oldest first.

    With ``goal``, only that goal's runs (compared without case and surrounding spaces).
    Each row: ``run_id, goal, created_at, k, subset_n``.
    """
    kept = {str(d["run_id"]) for d in store.list_documents(RUN_MEMBERS_KIND)}
    runs = [r for r in store.list_runs(limit=1000, tenant=tenant) if str(r["run_id"]) in kept]
    if goal is not None:
        runs = [r for r in runs if str(r.get("goal", "")).strip().lower() == goal.strip().lower()]
    return runs[::-1]  # the store lists the newest first
