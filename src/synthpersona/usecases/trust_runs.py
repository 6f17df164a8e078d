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
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
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
# goal profile columns left out of the trait comparison: ids, names, and places with hundreds of
# values (city and state; the tier and area columns carry them)
TRAIT_SKIP = ("user_id", "name", "city", "state")


def save_run_members(store: Store, run_id: str, run: GoalRun) -> None:
    """Keep who is in which segment of ``run`` (stored as ``run_id``) for later diffs.

    With them, each segment's trait statistics (:func:`synthpersona.trust.segment_stats`:
    count, mean and variance of each number, value counts of each category), so a later
    run's traits can be compared with this one's even when this population is gone.
    """
    labels = np.asarray(run.segmentation.labels) + 1
    store.put_document(
        RUN_MEMBERS_KIND,
        run_id,
        {
            "run_id": run_id,
            "user_id": [int(u) for u in run.audience["user_id"].to_numpy()],
            "cluster_id": [int(c) for c in labels],
            "traits": _segment_traits(run.audience, labels),
        },
    )


def _segment_traits(audience: pd.DataFrame, labels: np.ndarray) -> dict[str, Any]:
    from synthpersona.schema import BOOLEAN_COLUMNS, CATEGORICAL_VALUES, NUMERIC_COLUMNS
    from synthpersona.trust import segment_stats

    columns = [
        c
        for c in (*NUMERIC_COLUMNS, *CATEGORICAL_VALUES, *BOOLEAN_COLUMNS)
        if c in audience.columns and c not in TRAIT_SKIP
    ]
    frame = audience[columns]
    return {
        str(c): segment_stats(frame[labels == c], [n for n in columns if n in NUMERIC_COLUMNS])
        for c in np.unique(labels)
    }


def _members(store: Store, run_id: str) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    try:
        doc = store.get_document(RUN_MEMBERS_KIND, run_id)
    except NotFoundError:
        raise InputError(
            f"Run {run_id!r} has no stored members (it was made before runs kept them); run its goal "
            "again to make a version that can be diffed.",
            code="run_members_missing",
            details={"run_id": run_id},
        ) from None
    return pd.DataFrame({"user_id": doc["user_id"], "cluster_id": doc["cluster_id"]}), doc.get("traits")


def _name(run: dict[str, Any]) -> str:
    return f"{str(run.get('created_at') or '')[:16].replace('T', ' ')} ({str(run['run_id'])[:8]})"


def diff_stored_runs(
    store: Store,
    run_ids: Sequence[str],
    *,
    tenant: str | None = None,
    min_overlap: float = 0.3,
    share_threshold: float = 0.05,
    alpha: float = 0.01,
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
        store, run_ids, tenant=tenant, min_overlap=min_overlap, share_threshold=share_threshold, alpha=alpha
    )[0]


def stored_run_history(
    store: Store,
    run_ids: Sequence[str],
    *,
    tenant: str | None = None,
    min_overlap: float = 0.3,
    share_threshold: float = 0.05,
    alpha: float = 0.01,
) -> tuple[list[Drift], list[dict[str, Any]]]:
    """:func:`diff_stored_runs` and each persona's history across the runs.

    History rows (one per persona per run it is in): ``persona_id`` (stable across the runs),
    ``version`` (0 = the oldest run), ``version_name``, ``segment_id``, ``label``, ``share``.
    Each match of a diff carries its trait words gained and lost (the segment's label and top
    traits) and its ``traits``: every mean and value share of the segment's members in both
    runs, whether the change is beyond noise (Holm-adjusted at ``alpha``).
    """
    from synthpersona.usecases.trust_versions import _run_version_of, diff_members

    if len(run_ids) < 2:
        raise InputError(f"Give two or more run ids to diff, oldest first; got {len(run_ids)}.")
    runs = [store.get_run(r, tenant=tenant) for r in run_ids]
    kept = [_members(store, str(r["run_id"])) for r in runs]
    members = [m for m, _ in kept]
    traits = [t for _, t in kept]
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
        _with_words(d, runs[i - 1], runs[i])
        before, after = traits[i - 1], traits[i]
        if before is not None and after is not None:
            _with_stored_traits(d, before, after, alpha)
            d.notes.append(
                "Traits: each persisting segment's members in both runs (statistics kept with each run), "
                f"Welch / two-proportion tests, Holm-adjusted per segment at {alpha}; shared members make "
                "the tests conservative."
            )
        else:
            d.notes.append(
                "Traits are not compared: a run was stored before runs kept their trait statistics; "
                "run its goal again to make a version whose traits can be compared."
            )
        drifts.append(d)
        history += [
            _row(stable.get(pid, pid), i, _name(runs[i]), seg)
            for seg in segments[i]
            for pid in seg.persona_ids
        ]
    return drifts, history


def _words(run: dict[str, Any], cluster_id: int) -> list[str]:
    """A stored segment's trait words: its label's parts and its top traits, in order, once each."""
    for c in run.get("clusters", []):
        if int(c["cluster_id"]) == cluster_id:
            parts = [w.strip() for w in str(c.get("cluster_label", "")).split("•")]
            parts += [str(t).strip() for t in c.get("top_traits") or []]
            seen: dict[str, str] = {}
            for w in parts:
                if w and w.lower() not in seen:
                    seen[w.lower()] = w
            return list(seen.values())
    return []


def _with_words(drift: Drift, old_run: dict[str, Any], new_run: dict[str, Any]) -> None:
    moved = []
    for m in drift.matches:
        before = _words(old_run, m.old_id)
        after = [w for sid in (m.new_id, *m.split_ids) for w in _words(new_run, sid)]
        low_before, low_after = {w.lower() for w in before}, {w.lower() for w in after}
        gained = tuple(dict.fromkeys(w for w in after if w.lower() not in low_before))
        lost = tuple(w for w in before if w.lower() not in low_after)
        moved.append(replace(m, words_gained=gained, words_lost=lost))
    drift.matches = moved


def _with_stored_traits(drift: Drift, old: dict[str, Any], new: dict[str, Any], alpha: float) -> None:
    from synthpersona.trust import shifts_from_stats

    moved = []
    for m in drift.matches:
        a = old.get(str(m.old_id))
        parts = [new[str(i)] for i in (m.new_id, *m.split_ids) if str(i) in new]
        if a is None or not parts:
            moved.append(m)
            continue
        b = parts[0] if len(parts) == 1 else _pooled(parts)
        traits = tuple(shifts_from_stats(a, b, alpha=alpha))
        top = tuple((t.feature, t.old, t.new) for t in traits if t.significant)[:5]
        moved.append(replace(m, traits=traits, shifts=top))
    drift.matches = moved


def _pooled(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The statistics of segments taken together (a segment and the ones split off it)."""
    out: dict[str, Any] = {"numeric": {}, "counts": {}}
    for col in parts[0]["numeric"]:
        stats = [p["numeric"][col] for p in parts if col in p["numeric"]]
        n = sum(s[0] for s in stats)
        mean = sum(s[0] * s[1] for s in stats) / n if n else 0.0
        ss = sum((s[0] - 1) * s[2] + s[0] * (s[1] - mean) ** 2 for s in stats)
        out["numeric"][col] = [n, mean, ss / (n - 1) if n > 1 else 0.0]
    for col in parts[0]["counts"]:
        total: dict[str, int] = {}
        for p in parts:
            for v, c in p["counts"].get(col, {}).items():
                total[v] = total.get(v, 0) + int(c)
        out["counts"][col] = total
    return out


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
