"""Versions and representation of behavioural (clickstream) personas.

**Versions.** Two event logs (a refresh of the same product's log, or two periods) each get
their behavioural segments. The old run's fitted mixture assigns the new log's users to the
old segments (:func:`align_counts` puts the new users' behaviour counts into the columns the
old model was fitted on: transitions and tempo bins it never saw carry no evidence for any
old segment and are left out). The contingency of that assignment with the new run's own
segments, and the distance between the segments' behaviour profiles
(:func:`behaviour_profiles`: the share of a segment's users who did each event at least once,
who came back for a second session, and who hold each user-level value), feed the same
matching as tables (:func:`~synthpersona.trust.diff_versions`): persisting segments keep their
persona ids, new and vanished segments are named. Column drift (:func:`behaviour_column_drift`)
compares, per user, the number of sessions and events per session (KS), the mix of events
(chi-square over all events) and each user-level column (chi-square), with the PSI bands.

**Representation.** The groups of a clickstream are its user-level columns (device, channel,
country, ...: constant within a user, :func:`~synthpersona.simulation.features.user_attribute_columns`)
and each user's activity (sessions in the log: ``1``, ``2-3``, ``4+``). The reference is every
user of the log. A behavioural persona's group on a dimension is the value its persona states
(its trait; what a reader takes it to be) or, when it states none, its segment's most common
one; a persona **over-claims** when fewer than 20 % of its segment hold the value it states.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from synthpersona.model import BehaviourSegmentFacts, Persona, Segment
from synthpersona.trust._drift import ColumnDrift, SegmentVersion, column_drift
from synthpersona.trust._represent import Representation, modal_groups, representation

__all__ = [
    "ACTIVITY",
    "align_counts",
    "behaviour_column_drift",
    "behaviour_profiles",
    "behaviour_representation",
    "behaviour_versions",
]

ACTIVITY = "activity"  # the representation dimension read from the number of sessions


def align_counts(counts: Any, names: Sequence[str], block: np.ndarray) -> Any:
    """``counts`` (behaviour counts of other users) in the columns ``names`` of a fitted model.

    Columns the model has but ``counts`` lacks are zero; columns only ``counts`` has are
    dropped (the model holds no evidence on them).

    Examples
    --------
    >>> from synthpersona.segmentation import BehaviourCounts
    >>> c = BehaviourCounts(sparse.csr_matrix(np.array([[1.0, 2.0]])), np.array([0, 0]), ["a>b", "a>c"])
    >>> align_counts(c, ["a>c", "x>y"], np.array([0, 1])).C.toarray().tolist()
    [[2.0, 0.0]]
    """
    from synthpersona.segmentation import BehaviourCounts

    where = {n: j for j, n in enumerate(counts.names)}
    src = [where[n] for n in names if n in where]
    dst = [i for i, n in enumerate(names) if n in where]
    C = sparse.csc_matrix(counts.C)[:, src].tocoo()
    out = sparse.csr_matrix(
        (C.data, (C.row, np.asarray(dst, dtype=np.int64)[C.col])), shape=(counts.C.shape[0], len(names))
    )
    return BehaviourCounts(out, np.asarray(block), list(names))


def _per_user(events: pd.DataFrame, attrs: Sequence[str]) -> pd.DataFrame:
    """One row per user: segment, sessions, events per session and the user-level columns."""
    g = events.groupby("user_id", sort=False, observed=True)
    users = pd.DataFrame(
        {
            "sessions": g["session_id"].nunique(),
            "events_per_session": g.size() / g["session_id"].nunique(),
        }
    )
    first = events.drop_duplicates("user_id").set_index("user_id")
    if "cluster_id" in events.columns:
        users["cluster_id"] = first["cluster_id"].reindex(users.index).to_numpy()
    for a in attrs:
        users[a] = first[a].reindex(users.index).astype(str).to_numpy()
    return users


def _activity(sessions: pd.Series) -> np.ndarray:
    s = sessions.to_numpy()
    return np.where(s <= 1, "1 session", np.where(s <= 3, "2-3 sessions", "4+ sessions"))


def behaviour_profiles(events: pd.DataFrame, attrs: Sequence[str] = ()) -> dict[int, dict[str, float]]:
    """Per segment: share of its users who did each event, came back, and hold each attribute value.

    ``events`` is a segmented log (``cluster_id``). Every entry is a share in [0, 1], so the
    profile distance weighs events and attributes alike.

    Examples
    --------
    >>> log = pd.DataFrame({"user_id": [1, 1, 2], "session_id": [1, 2, 3], "event": ["a", "b", "a"],
    ...                     "cluster_id": [0, 0, 0]})
    >>> behaviour_profiles(log)[0]
    {'did a': 1.0, 'did b': 0.5, 'returning': 0.5}
    """
    did = events[["user_id", "event", "cluster_id"]].drop_duplicates()
    did = did.assign(event=did["event"].astype(str))
    users = _per_user(events, attrs)
    out: dict[int, dict[str, float]] = {}
    for cid, members in users.groupby("cluster_id", sort=True):
        n = len(members)
        per_event = did[did["cluster_id"] == cid].groupby("event").size()
        prof = {f"did {e}": float(c / n) for e, c in sorted(per_event.items())}
        prof["returning"] = float((members["sessions"] > 1).mean())
        for a in attrs:
            for value, share in members[a].value_counts(normalize=True).sort_index().items():
                prof[f"{a}={value}"] = float(share)
        out[int(str(cid))] = prof
    return out


def behaviour_versions(
    events: pd.DataFrame, segments: Sequence[Segment], personas: Sequence[Persona], attrs: Sequence[str] = ()
) -> list[SegmentVersion]:
    """The segments of one clickstream run as versions (share of users, persona ids, profile)."""
    profiles = behaviour_profiles(events, attrs)
    n = max(int(events["user_id"].nunique()), 1)
    ids: dict[int, list[str]] = {}
    for p in personas:
        ids.setdefault(p.segment_id, []).append(p.persona_id)
    return [
        SegmentVersion(
            segment_id=s.segment_id,
            label=s.label,
            share=float(s.size / n),
            persona_ids=tuple(ids.get(s.segment_id, [])),
            profile=profiles.get(s.segment_id, {}),
        )
        for s in segments
    ]


def behaviour_column_drift(
    old: pd.DataFrame, new: pd.DataFrame, attrs: Sequence[str] = ()
) -> list[ColumnDrift]:
    """Drift of sessions per user, events per session, the event mix and each user-level column.

    Examples
    --------
    >>> a = pd.DataFrame({"user_id": [1, 2], "session_id": [1, 2], "event": ["x", "y"]})
    >>> [c.column for c in behaviour_column_drift(a, a)]
    ['sessions', 'events_per_session', 'event']
    """
    per_user = column_drift(
        _per_user(old, attrs).drop(columns="cluster_id", errors="ignore"),
        _per_user(new, attrs).drop(columns="cluster_id", errors="ignore"),
        numeric=["sessions", "events_per_session"],
    )
    return [*per_user[:2], _event_mix(old, new), *per_user[2:]]


def _event_mix(old: pd.DataFrame, new: pd.DataFrame) -> ColumnDrift:
    """Drift of the mix of events; the test counts users, not events.

    One user's events are not independent draws: a chi-square on event counts finds
    "drift" between two logs of the same generator (p < 1e-10 on two 600-user sample logs,
    PSI 0.02). The counts are scaled to each log's number of users before the test.
    """
    from synthpersona.trust._drift import _chi2, psi

    a, b = old["event"].astype(str), new["event"].astype(str)
    ca = a.value_counts() * (old["user_id"].nunique() / max(len(a), 1))
    cb = b.value_counts() * (new["user_id"].nunique() / max(len(b), 1))
    stat, p = _chi2(ca, cb)
    return ColumnDrift("event", "category", psi(a, b), "chi2", stat, p)


def _stated(seg: Segment) -> dict[str, str]:
    facts = seg.facts
    if not isinstance(facts, BehaviourSegmentFacts):
        return {}
    return {
        str(t["attribute"]): str(t["value"])
        for t in facts.traits
        if t.get("share") is not None and not str(t["value"]).startswith("mean ")
    }


def behaviour_representation(
    events: pd.DataFrame,
    segments: Sequence[Segment],
    personas: Sequence[Persona],
    *,
    min_share: float = 0.05,
    overclaim_share: float = 0.2,
) -> Representation:
    """How behavioural personas cover the log's users: user-level columns and activity.

    ``events`` is the segmented log (``cluster_id``); ``segments``/``personas`` are what is
    shown (the protected ones when the run is privacy-checked). See the module docstring.

    Examples
    --------
    >>> from synthpersona.simulation import make_sample_events, cluster_event_sequences
    >>> from synthpersona.simulation import attach_clusters, profile_behavioural_personas
    >>> raw = make_sample_events(random_state=0)
    >>> log = attach_clusters(raw, cluster_event_sequences(raw, k=3))
    >>> rep = behaviour_representation(log, *profile_behavioural_personas(log))
    >>> rep.dimensions
    ['device', 'channel', 'activity']
    """
    from synthpersona.simulation.features import user_attribute_columns

    attrs = [a for a in user_attribute_columns(events) if a != ACTIVITY]
    users = _per_user(events, attrs)
    groups = users[attrs].copy()
    groups[ACTIVITY] = _activity(users["sessions"])
    labels = users["cluster_id"].to_numpy()
    dims = [*attrs, ACTIVITY]
    stated = {s.segment_id: _stated(s) for s in segments}
    persona_groups = {}
    for p in personas:
        own = modal_groups(groups, labels, p.segment_id, dims)
        own.update({a: v for a, v in stated.get(p.segment_id, {}).items() if a in dims})
        persona_groups[p.persona_id] = (p.segment_id, own)
    rep = representation(
        groups, groups, labels, persona_groups, min_share=min_share, overclaim_share=overclaim_share
    )
    rep.notes.append(
        f"{len(users):,} users of the log are the reference; groups: "
        + (", ".join(attrs) + " (user-level columns) and " if attrs else "")
        + "activity (sessions in the log). A persona's group is the value it states, else its segment's "
        "most common one."
    )
    return rep
