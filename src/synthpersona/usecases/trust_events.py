"""Trust use cases for clickstreams: versions (diff of two event logs) and representation.

The personas compared are those a simulation shows for each log: the simulation's own load
and persona steps, privacy-checked with the same ``k_anonymity`` (see
:mod:`synthpersona.trust._behaviour`). Re-exported by :mod:`synthpersona.usecases.trust`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from synthpersona.engine import requested_engine
from synthpersona.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from synthpersona.trust import Drift, Representation

__all__ = [
    "diff_event_logs",
    "diff_events",
    "diff_found",
    "drift_lines",
    "previous_run",
    "representation_events",
    "representation_lines",
]

# A new user is assigned to an old segment only when the old model knows most of what they did.
MIN_KNOWN_EVENTS = 0.5


def _found(
    events: pd.DataFrame | str | Path | None,
    *,
    k: int | None,
    random_state: int,
    k_anonymity: int | None,
    columns: Any = None,
    funnel: Any = None,
    engine: Any = None,
) -> Any:
    """The simulation's steps 1-2 on ``events``: the segmented log and its (protected) personas.

    ``engine`` runs them as ``run_simulation(engine=...)`` does: a path stays in the engine and
    its users are clustered there; the personas are profiled on (a sample of at most
    ``SAMPLE_USERS`` of) its users. ``None``: in memory.
    """
    from synthpersona.usecases._simulation_personas import find_personas, load_log
    from synthpersona.usecases.trust_privacy import check_k_anonymity

    if k_anonymity is not None:
        check_k_anonymity(k_anonymity)
    loaded = load_log(events, columns, 30.0, funnel, None, None, engine)
    return find_personas(
        loaded.log, loaded.roles, k, random_state, engine, k_anonymity, loaded.table, loaded.sampled
    )


def previous_run(
    events: pd.DataFrame | str | Path,
    *,
    k: int | None = None,
    random_state: int = 0,
    k_anonymity: int | None = 5,
    columns: Any = None,
    engine: Any = None,
) -> Any:
    """An earlier log's segmented events and personas, for a simulation's comparison (``compare_to``)."""
    return _found(
        events, k=k, random_state=random_state, k_anonymity=k_anonymity, columns=columns, engine=engine
    )


def _assign_to_old(old: Any, new_events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, float]:
    """New users (in ``new_events``' order) assigned by the old run's mixture; -1: not assignable.

    Returns the labels, the users' ids and the share of old users the re-encoding puts back in
    their own segment (1.0 when the counts are aligned as the model was fitted).
    """
    from synthpersona.simulation.sequences import event_behaviour_counts
    from synthpersona.trust._behaviour import align_counts

    old_counts, old_users = event_behaviour_counts(old.events)
    new_counts, new_users = event_behaviour_counts(new_events)
    estimator = old.clustering.estimator
    back = np.asarray(estimator.predict(old_counts))
    own = dict(zip(old.clustering.row_ids, old.clustering.labels, strict=True))
    same = float(np.mean([back[i] == own[u] for i, u in enumerate(old_users)])) if len(old_users) else 1.0
    aligned = align_counts(new_counts, old_counts.names, old_counts.block)
    labels = np.asarray(estimator.predict(aligned), dtype=np.int64)
    # users who mostly did what the old log never saw carry no evidence for any old segment
    known_vocab = set(old.events["event"].astype(str).unique())
    known = (
        new_events["event"].astype(str).isin(known_vocab).groupby(new_events["user_id"], sort=False).mean()
    )
    labels[known.reindex(new_users).fillna(0).to_numpy() < MIN_KNOWN_EVENTS] = -1
    return labels, new_users, same


def diff_event_logs(
    old: pd.DataFrame | str | Path | None,
    new: pd.DataFrame | str | Path | None,
    *,
    names: tuple[str, str] = ("old", "new"),
    k: int | None = None,
    random_state: int = 0,
    k_anonymity: int | None = 5,
    columns: Any = None,
    funnel: Any = None,
    min_overlap: float = 0.3,
    share_threshold: float = 0.05,
    engine: Any = None,
) -> Drift:
    """Two event logs: behavioural personas of each, new segments matched to old, drift measured.

    Each log gets the personas a simulation shows for it (``None``: the bundled sample;
    privacy-checked at ``k_anonymity``, ``None``: unprotected). The old run's mixture assigns the
    new log's users to the old segments (users of whose events less than half are known to the
    old log stay unassigned); with the new run's own segments that gives the membership overlap,
    and the behaviour profiles (share of users doing each event, returning, holding each
    user-level value) the profile distance (:func:`synthpersona.trust.diff_versions`). Persona ids
    stay where a segment persists. Column drift: sessions per user, events per session, the event
    mix and each user-level column.

    ``engine`` (a name such as ``"duckdb"`` or ``"spark"``, an engine or a ``SparkSession``;
    default: the ``SYNTHPERSONA_ENGINE`` setting when it is set, else in memory) finds each
    log's personas as ``run_simulation(engine=...)`` does: a path is read in place and every
    user is clustered in the engine; the comparison itself (assignment to the old segments,
    profiles, column drift) uses the users :func:`run_simulation` profiles (all of a log with at
    most ``SAMPLE_USERS`` users, else that sample). DuckDB and Spark give the same drift.

    Examples
    --------
    >>> from synthpersona.simulation import make_sample_events
    >>> d = diff_event_logs(make_sample_events(random_state=0), make_sample_events(random_state=1))
    >>> len(d.matches) >= 3, d.new_segments  # doctest: +SKIP
    (True, [])
    """
    kw = {
        "k": k,
        "random_state": random_state,
        "k_anonymity": k_anonymity,
        "columns": columns,
        "funnel": funnel,
        "engine": requested_engine(engine),
    }
    return diff_found(
        _found(old, **kw),
        _found(new, **kw),
        names=names,
        k_anonymity=k_anonymity,
        min_overlap=min_overlap,
        share_threshold=share_threshold,
    )


def diff_found(
    a: Any,
    b: Any,
    *,
    names: tuple[str, str] = ("old", "new"),
    k_anonymity: int | None = None,
    min_overlap: float = 0.3,
    share_threshold: float = 0.05,
) -> Drift:
    """:func:`diff_event_logs` on two runs' segmented logs and personas (``run_simulation``'s steps).

    ``a`` and ``b`` have ``events`` (with ``cluster_id``), ``clustering`` (in memory, with its
    fitted ``estimator``), ``segments`` and ``personas``.
    """
    from synthpersona.simulation.features import user_attribute_columns
    from synthpersona.trust import diff_versions
    from synthpersona.trust._behaviour import behaviour_column_drift, behaviour_versions

    attrs = [c for c in user_attribute_columns(a.events) if c in b.events.columns]
    assigned, users, same = _assign_to_old(a, b.events)
    new_of = b.events.drop_duplicates("user_id").set_index("user_id")["cluster_id"]
    new_labels = new_of.reindex(users).to_numpy()
    old_ids = [s.segment_id for s in a.segments]
    new_ids = [s.segment_id for s in b.segments]
    pos_old = {c: i for i, c in enumerate(old_ids)}
    pos_new = {c: j for j, c in enumerate(new_ids)}
    contingency = np.zeros((len(old_ids), len(new_ids)), dtype=np.int64)
    for o, n in zip(assigned, new_labels, strict=True):
        if o >= 0 and int(o) in pos_old and int(n) in pos_new:
            contingency[pos_old[int(o)], pos_new[int(n)]] += 1
    drift = diff_versions(
        behaviour_versions(a.events, a.segments, a.personas, attrs),
        behaviour_versions(b.events, b.segments, b.personas, attrs),
        contingency,
        names=names,
        columns=behaviour_column_drift(a.events, b.events, attrs),
        min_overlap=min_overlap,
        share_threshold=share_threshold,
    )
    n_old, n_new = a.events["user_id"].nunique(), len(users)
    drift.notes.append(
        f"{names[0]}: {n_old:,} users, k={a.clustering.k}; {names[1]}: {n_new:,} users, k={b.clustering.k}. "
        f"The old run's mixture assigned {int((assigned >= 0).sum()):,} of the new users to its segments "
        f"({int((assigned < 0).sum()):,} did mostly events the old log never had); re-encoded, "
        f"{same:.0%} of the old users are back in their own segment. Segments matched by membership "
        f"overlap (Jaccard >= {min_overlap}) and behaviour profile distance; shares compared with a "
        f"threshold of {share_threshold * 100:.0f} points."
    )
    if k_anonymity is not None:
        drift.notes.append(
            f"Both runs' personas are privacy-checked (k = {k_anonymity}), as a simulation shows them."
        )
    return drift


def _name(log: str | Path | pd.DataFrame | None, i: int) -> str:
    if log is None:
        return "sample"
    return Path(log).name if isinstance(log, str | Path) else f"log {i + 1}"


def diff_events(
    paths: Sequence[str | Path | pd.DataFrame | None], *, engine: Any = None, **params: Any
) -> list[Drift]:
    """Diff consecutive versions of an event log (oldest first); persona ids chained across them.

    ``engine`` and ``params`` are :func:`diff_event_logs`'s (``None`` in ``paths``: the bundled
    sample). Each
    diff's ``persona_ids`` maps the newer log's persona ids to stable ids that follow a persona
    back to the log its segment first appeared in.
    """
    if len(paths) < 2:
        raise InputError(f"Give at least two event logs to compare, got {len(paths)}.")
    drifts: list[Drift] = []
    stable: dict[str, str] = {}
    for i in range(1, len(paths)):
        old, new = paths[i - 1], paths[i]
        d = diff_event_logs(old, new, names=(_name(old, i - 1), _name(new, i)), engine=engine, **params)
        d.persona_ids = {n: stable.get(o, o) for n, o in d.persona_ids.items()}
        stable = dict(d.persona_ids)
        drifts.append(d)
    return drifts


def representation_events(
    events: pd.DataFrame | str | Path | None = None,
    *,
    k: int | None = None,
    random_state: int = 0,
    k_anonymity: int | None = 5,
    columns: Any = None,
    funnel: Any = None,
    min_share: float = 0.05,
    engine: Any = None,
) -> Representation:
    """Representation of a clickstream's behavioural personas: user-level columns and activity.

    The personas a simulation shows for ``events`` (``None``: the bundled sample; protected at
    ``k_anonymity``), against every user of the log (:func:`synthpersona.trust.behaviour_representation`).
    ``engine``: as :func:`diff_event_logs` (the users compared are those the run profiles).

    Examples
    --------
    >>> rep = representation_events()  # doctest: +SKIP
    >>> rep.dimensions  # doctest: +SKIP
    ['device', 'channel', 'activity']
    """
    from synthpersona.trust import behaviour_representation

    found = _found(
        events,
        k=k,
        random_state=random_state,
        k_anonymity=k_anonymity,
        columns=columns,
        funnel=funnel,
        engine=requested_engine(engine),
    )
    return behaviour_representation(found.events, found.segments, found.personas, min_share=min_share)


def drift_lines(drift: dict[str, Any], names: dict[str, str] | None = None) -> list[str]:
    """A diff's summary (:meth:`~synthpersona.trust.Drift.summary`) in sentences (CLI, UI).

    Examples
    --------
    >>> drift_lines({"old": "oct", "new": "nov", "matches": [], "new_segments": [
    ...     {"segment_id": 4, "label": "Wishlist sharer", "share": 0.12, "persona_ids": ["behaviour-4"]}],
    ...     "vanished_segments": [], "columns": []})
    ['Since oct: 0 personas persist, 1 new, 0 gone.', 'New: Wishlist sharer (12% of users).']
    """
    names = names or {}
    m, n, v = drift["matches"], drift["new_segments"], drift["vanished_segments"]
    lines = [f"Since {drift['old']}: {len(m)} personas persist, {len(n)} new, {len(v)} gone."]
    for x in m:
        if x.get("changed"):
            lines.append(
                f"{names.get(x['new_label'], x['new_label'])}: {x['share_old']:.0%} -> {x['share_new']:.0%} "
                f"of users ({x['share_change'] * 100:+.0f} points)."
            )
    lines += [f"New: {x['label']} ({x['share']:.0%} of users)." for x in n]
    lines += [f"Gone: {x['label']} (was {x['share']:.0%} of users)." for x in v]
    drifted = [c["column"] for c in drift["columns"] if c.get("drifted")]
    if drifted:
        lines.append("Drifted: " + ", ".join(drifted) + ".")
    return lines


def representation_lines(rep: dict[str, Any], names: dict[str, str] | None = None) -> list[str]:
    """A representation summary's flags in sentences: groups no persona stands for, over-claims.

    Examples
    --------
    >>> representation_lines({"unrepresented": ["activity=1 session"], "over_claims": [
    ...     {"persona_id": "behaviour-0", "segment_id": 0, "dimension": "device", "group": "tablet",
    ...      "share_in_segment": 0.18}]}, {"behaviour-0": "Comparer"})
    ['No persona stands for: activity=1 session.', 'Comparer states device=tablet, true of 18% of its users.']
    """
    names = names or {}
    lines = []
    if rep["unrepresented"]:
        lines.append("No persona stands for: " + ", ".join(rep["unrepresented"]) + ".")
    for o in rep["over_claims"]:
        who = names.get(o["persona_id"], o["persona_id"])
        lines.append(
            f"{who} states {o['dimension']}={o['group']}, true of {o['share_in_segment']:.0%} of its users."
        )
    return lines
