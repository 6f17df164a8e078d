"""Event logs through the query engine: clickstreams larger than memory (issue 18).

:func:`open_event_log` registers a CSV/Parquet event log (a file, folder or glob) with an
:class:`~synthpersona.engine.Engine` by path and defines the canonical log as SQL: columns
renamed, rows without user, event or timestamp dropped, sessions split at an inactivity gap
with window functions when the log has no ``session_id``, exact duplicates removed. Nothing
is read into pandas.

Over that table:

- :func:`transition_counts` and :func:`ngram_counts` are SQL aggregations (window functions
  ``lag``/``lead``, ``GROUP BY``) in the common subset of DuckDB and Spark;
- :func:`session_summary` counts events, sessions and users in SQL;
- :func:`encode_event_sequences_sql` gives the same per-user TF-IDF n-gram matrix as the
  in-memory :func:`~synthpersona.simulation.encode_event_sequences`: the engine sorts the log
  by user, session and time and streams it in batches of whole users; each batch is turned into
  n-gram counts with numpy, so memory holds one batch plus the sparse per-user counts;
- :func:`cluster_event_sequences_sql` reduces that matrix with a truncated SVD fitted on a
  sample of users, fits the clustering on a sample of users and labels every user with the
  fitted estimator (the labels are registered in the engine as a table, for SQL profiles).

On a log small enough for memory both paths give the same features and the same clusters
(``tests/simulation/test_sql.py``). Ties in time inside a session are ordered by event name
here (a file's row order is not a property SQL engines keep).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from synthpersona.engine import Engine, get_engine
from synthpersona.engine._base import check_identifier
from synthpersona.errors import DataError, InputError, did_you_mean
from synthpersona.segmentation import Clustering, ClusteringParams, cluster
from synthpersona.simulation._mixture import BehaviourCounts, tail_width
from synthpersona.simulation._sql_batches import (
    _END,
    _START,
    _batch_counts,
    _behaviour_blocks,
    _behaviour_counts,
    _bigram_sums,
    _keep_used_columns,
    _n_bigrams,
    _pack,
    _Packed,
    _stack,
    _stack_blocks,
    _tfidf_in_place,
    _transitions_of,
    _used_columns,
    _user_batches,
)

__all__ = [
    "EventTable",
    "cluster_event_sequences_sql",
    "cluster_events_in_engine",
    "encode_event_sequences_sql",
    "ngram_counts",
    "open_and_cluster",
    "open_event_log",
    "session_summary",
    "transition_counts",
]

_CANONICAL = ("user_id", "session_id", "event", "timestamp")
_counter = itertools.count()
_PREDICT_ROWS = 500_000
# Rows per sorted batch of the feature pass: its temporaries (~160 MB per million rows) add to the
# per-user counts it builds, so a smaller batch lowers the peak at little cost in time.
_BATCH_ROWS = 1_000_000
# Rows above which session_summary counts in parts (a DISTINCT over every row at once ran out
# of a 1,500 MB DuckDB budget on 50M events).
_SUMMARY_PART_ROWS = 10_000_000


@dataclass
class EventTable:
    """A canonical event log as engine tables (see :func:`open_event_log`).

    Attributes
    ----------
    engine
        Where the log lives.
    table
        View with the columns ``user_id, session_id, event, timestamp`` (duplicates removed).
    vocabulary
        The distinct event names, sorted.
    source
        The path or label the log came from.
    sessions_inferred
        True when sessions were split at ``inactivity_gap_minutes`` (the log had no ``session_id``).
    """

    engine: Engine
    table: str
    vocabulary: list[str]
    source: str
    sessions_inferred: bool = False
    inactivity_gap_minutes: float = 30.0
    _rows: str = field(default="", repr=False)  # the log before duplicates are removed
    # transition counts read off the feature pass's bigram counts (one pass gives both)
    _transitions: pd.DataFrame | None = field(default=None, repr=False)
    # engine tables derived once and shared by several views (name by key; sql_analytics)
    _derived: dict[str, str] = field(default_factory=dict, repr=False)
    # events, sessions and users, counted once (session_summary; the real funnel's denominator)
    _summary: dict[str, int] | None = field(default=None, repr=False)
    # canonical column -> the source's column in ``<table>_raw`` (a logged arm is read from there)
    columns: dict[str, str] = field(default_factory=dict, repr=False)

    def coded_sql(self) -> str:
        """SQL of the log's rows with an integer ``code`` per event (index into :attr:`vocabulary`)."""
        return (
            f"SELECT e.user_id, e.session_id, e.timestamp, v.code FROM {self._rows} e "
            f"JOIN {self.table}_vocab v ON e.event = v.event"
        )


def open_event_log(
    source: str | Path | pd.DataFrame,
    engine: str | Engine | Any | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    inactivity_gap_minutes: float = 30.0,
    table: str = "events",
) -> EventTable:
    """Register an event log with an engine and define its canonical form in SQL.

    Parameters
    ----------
    source
        A Parquet/CSV file, a folder or glob of Parquet files (read in place by the engine),
        or a DataFrame.
    engine
        An engine, its name (``"duckdb"``, ``"spark"``), a ``SparkSession``, or ``None`` for
        the ``SYNTHPERSONA_ENGINE`` setting.
    columns
        Canonical name -> the source's column name, e.g. ``{"user_id": "visitor"}``.
    inactivity_gap_minutes
        When the log has no ``session_id``, a session ends after this much inactivity
        (whole seconds).
    table
        Name of the canonical view (``<table>_raw``, ``<table>_rows`` and ``<table>_vocab``
        are registered beside it).

    Returns
    -------
    EventTable

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"user_id": [1, 1, 1], "event": ["landing", "pricing", "landing"],
    ...                     "timestamp": pd.to_datetime(["2026-09-01 10:00", "2026-09-01 10:01",
    ...                                                  "2026-09-01 12:00"])})
    >>> log = open_event_log(raw, "duckdb")
    >>> log.vocabulary, session_summary(log)["n_sessions"]
    (['landing', 'pricing'], 2)
    """
    check_identifier(table)
    if inactivity_gap_minutes <= 0:
        raise InputError(f"inactivity_gap_minutes must be positive, got {inactivity_gap_minutes!r}.")
    eng = get_engine(engine)
    raw = f"{table}_raw"
    eng.register(raw, source if isinstance(source, pd.DataFrame) else str(source))
    found = eng.columns(raw)
    mapping = _mapping(columns, found, str(source) if not isinstance(source, pd.DataFrame) else "<DataFrame>")
    has_session = mapping["session_id"] in found
    gap = max(1, round(inactivity_gap_minutes * 60))
    user, event, ts = (_quote(mapping[c]) for c in ("user_id", "event", "timestamp"))
    clean = (
        f"SELECT {user} AS user_id, "
        + (f"{_quote(mapping['session_id'])} AS session_id, " if has_session else "")
        + f"trim(CAST({event} AS STRING)) AS event, CAST({ts} AS TIMESTAMP) AS timestamp FROM {raw} "
        f"WHERE {user} IS NOT NULL AND {event} IS NOT NULL AND {ts} IS NOT NULL"
    )
    if has_session:
        rows_sql = clean
    else:
        # A new session at a user's first event and after each gap; its number is the running count.
        rows_sql = (
            "SELECT user_id, sum(new) OVER (PARTITION BY user_id ORDER BY timestamp, event "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS session_id, event, timestamp FROM ("
            "SELECT user_id, event, timestamp, CASE WHEN lag(timestamp) OVER w IS NULL "
            f"OR timestamp > lag(timestamp) OVER w + INTERVAL {gap} SECOND THEN 1 ELSE 0 END AS new "
            f"FROM ({clean}) c WINDOW w AS (PARTITION BY user_id ORDER BY timestamp, event)) s"
        )
    rows = f"{table}_rows"
    eng.create_view(rows, rows_sql)
    eng.create_view(table, f"SELECT DISTINCT user_id, session_id, event, timestamp FROM {rows}")
    vocab = [str(v) for v in eng.query(f"SELECT DISTINCT event FROM {rows} ORDER BY event")["event"]]
    if not vocab:
        raise DataError(
            f"Event log {str(source) if not isinstance(source, pd.DataFrame) else '<DataFrame>'!r} has no "
            "usable rows (every row lacks a user, event or timestamp).",
            code="empty_log",
        )
    eng.register(
        f"{table}_vocab", pd.DataFrame({"event": vocab, "code": np.arange(len(vocab), dtype=np.int64)})
    )
    label = "<DataFrame>" if isinstance(source, pd.DataFrame) else str(source)
    return EventTable(
        eng, table, vocab, label, not has_session, float(inactivity_gap_minutes), rows, columns=mapping
    )


def _quote(name: str) -> str:
    """``name`` if it is a plain identifier (read the same by DuckDB and Spark), else an error."""
    if name.isidentifier() and name.isascii():
        return name
    raise InputError(
        f"Column name {name!r} is not a plain identifier; rename it in the file or map a plain one.",
        details={"column": name},
    )


def _mapping(columns: Mapping[str, str] | None, found: Mapping[str, str], label: str) -> dict[str, str]:
    mapping = {c: c for c in _CANONICAL}
    for canonical, src in (columns or {}).items():
        if canonical not in mapping:
            raise InputError(
                f"Unknown canonical column {canonical!r} in columns mapping."
                f"{did_you_mean(canonical, mapping)}",
                details={"allowed": sorted(mapping)},
            )
        mapping[canonical] = src
    missing = [mapping[c] for c in ("user_id", "event", "timestamp") if mapping[c] not in found]
    if missing:
        raise DataError(
            f"Event log {label!r} is missing column(s) {', '.join(map(repr, missing))}; found "
            f"{', '.join(map(repr, found))}. Map your names with columns={{'user_id': ..., 'event': ..., "
            "'timestamp': ...}}.",
            code="missing_columns",
            details={"missing": missing, "found": list(found)},
        )
    return mapping


# --- aggregations in SQL ---------------------------------------------------------------------


def user_parts(log: EventTable) -> list[str]:
    """WHERE clauses that split a log of over ``_SUMMARY_PART_ROWS`` rows into parts by a hash of
    the user (one empty clause for a smaller log): per-user and per-session counts add up across
    parts, and each part's DISTINCTs and windows fit a memory budget the whole log's did not."""
    n_rows = int(log.engine.scalar(f"SELECT count(*) FROM {log._rows or log.table}") or 0)
    parts = max(1, -(-n_rows // _SUMMARY_PART_ROWS))
    if parts == 1:
        return [""]
    return [f" WHERE (hash(user_id) % {parts} + {parts}) % {parts} = {p}" for p in range(parts)]


def session_summary(log: EventTable) -> dict[str, int]:
    """Events, sessions and users of the canonical log, counted in SQL.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"user_id": [1, 2], "session_id": [1, 1], "event": ["a", "b"],
    ...                     "timestamp": pd.to_datetime(["2026-09-01", "2026-09-02"])})
    >>> session_summary(open_event_log(raw, "duckdb"))
    {'n_events': 2, 'n_sessions': 2, 'n_users': 2}
    """
    # GROUP BYs, not count(DISTINCT ...): DuckDB spills grouped aggregates past its memory_limit,
    # but three distinct counts of one ungrouped aggregate ran out of memory on 50M events.
    # A large log is counted in parts by a hash of the user (users, sessions and events add up
    # across parts): the DISTINCT over every row of 50M events still ran out of 1,500 MB at once.
    if log._summary is not None:  # the log is a file or frame read in place: counted once
        return dict(log._summary)
    rows = log._rows or log.table
    total = {"n_events": 0, "n_sessions": 0, "n_users": 0}
    for where in user_parts(log):
        sessions = (
            "SELECT user_id, session_id, count(*) AS n FROM (SELECT DISTINCT user_id, session_id, "
            f"event, timestamp FROM {rows}{where}) t GROUP BY user_id, session_id"
        )
        users = f"SELECT user_id, sum(n) AS n, count(*) AS k FROM ({sessions}) s GROUP BY user_id"
        row = log.engine.query(
            "SELECT coalesce(sum(n), 0) AS n_events, coalesce(sum(k), 0) AS n_sessions, "
            f"count(*) AS n_users FROM ({users}) u"
        ).iloc[0]
        for k in total:
            total[k] += int(row[k])
    log._summary = dict(total)
    return total


def _steps_sql(log: EventTable) -> str:
    """Each event with the two before it and the one after it in its session (NULL at the edges)."""
    return (
        "SELECT user_id, event, lag(event, 1) OVER s AS prev1, lag(event, 2) OVER s AS prev2, "
        f"lead(event, 1) OVER s AS next1 FROM {log.table} "
        "WINDOW s AS (PARTITION BY user_id, session_id ORDER BY timestamp, event)"
    )


def transition_counts(log: EventTable) -> pd.DataFrame:
    """First-order transition counts ``source -> target`` with ``^`` (start) and ``$`` (end), in SQL.

    Returns
    -------
    pandas.DataFrame
        Columns ``source, target, n`` sorted by ``source, target``; each session adds one
        ``^ -> first`` and one ``last -> $`` transition.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"user_id": [1, 1], "session_id": [1, 1], "event": ["a", "b"],
    ...                     "timestamp": pd.to_datetime(["2026-09-01 10:00", "2026-09-01 10:01"])})
    >>> transition_counts(open_event_log(raw, "duckdb")).to_dict("records")[0]
    {'source': '^', 'target': 'a', 'n': 1}
    """
    if log._transitions is not None:  # counted by the feature pass (encode_event_sequences_sql)
        return log._transitions.copy()
    # One pass: each (previous, event, is-last) triple once; both kinds of transition come from it.
    triples = log.engine.query(
        "SELECT prev1, event, CASE WHEN next1 IS NULL THEN 1 ELSE 0 END AS last, count(*) AS n "
        f"FROM ({_steps_sql(log)}) t GROUP BY prev1, event, CASE WHEN next1 IS NULL THEN 1 ELSE 0 END"
    )
    triples["n"] = triples["n"].astype(np.int64)
    inner = triples.assign(source=triples["prev1"].astype(object).fillna(_START), target=triples["event"])
    ends = triples[triples["last"] == 1].assign(source=lambda f: f["event"], target=_END)
    both = pd.concat([inner, ends])[["source", "target", "n"]].astype({"source": str, "target": str})
    out = both.groupby(["source", "target"], as_index=False, sort=False).agg(n=("n", "sum"))
    return out.sort_values(["source", "target"], ignore_index=True)


def ngram_counts(log: EventTable, n: int = 2) -> pd.DataFrame:
    """How often each run of ``n`` consecutive events occurs inside a session, in SQL.

    Returns
    -------
    pandas.DataFrame
        Columns ``ngram`` (events joined by ``>``), ``n_occurrences`` and ``n_users`` (users
        with at least one occurrence), most frequent first.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"user_id": [1, 1, 1], "session_id": [1, 1, 1], "event": ["a", "b", "c"],
    ...                     "timestamp": pd.to_datetime(["2026-09-01 10:00", "2026-09-01 10:01",
    ...                                                  "2026-09-01 10:02"])})
    >>> ngram_counts(open_event_log(raw, "duckdb"), 3)["ngram"].tolist()
    ['a>b>c']
    """
    if n not in (1, 2, 3):
        raise InputError(f"n must be 1, 2 or 3, got {n!r}.", details={"allowed": [1, 2, 3]})
    parts = {1: "event", 2: "concat(prev1, '>', event)", 3: "concat(prev2, '>', prev1, '>', event)"}[n]
    need = {1: "event IS NOT NULL", 2: "prev1 IS NOT NULL", 3: "prev2 IS NOT NULL"}[n]
    out = log.engine.query(
        f"SELECT {parts} AS ngram, count(*) AS n_occurrences, count(DISTINCT user_id) AS n_users "
        f"FROM ({_steps_sql(log)}) t WHERE {need} GROUP BY {parts}"
    )
    for col in ("n_occurrences", "n_users"):
        out[col] = out[col].astype(np.int64)
    return out.sort_values(["n_occurrences", "ngram"], ascending=[False, True], ignore_index=True)


# --- per-user n-gram features, streamed in sorted batches of whole users (_sql_batches) --------


def encode_event_sequences_sql(
    log: EventTable, *, max_n: int = 3, tfidf: bool = True, batch_rows: int = _BATCH_ROWS
) -> tuple[sparse.csr_matrix, np.ndarray, list[str]]:
    """Per-user TF-IDF n-gram matrix of a log in an engine (same as ``encode_event_sequences``).

    The engine sorts the canonical log by user, session and time and streams it in batches
    of about ``batch_rows`` rows, never splitting a user; each batch becomes sparse counts.
    Users come out sorted by ``user_id``.

    Parameters
    ----------
    log
        From :func:`open_event_log`.
    max_n, tfidf
        As in :func:`~synthpersona.simulation.encode_event_sequences`.
    batch_rows
        Rows per streamed batch (memory holds one batch at a time).

    Returns
    -------
    X : scipy.sparse.csr_matrix
    user_ids : numpy.ndarray
    feature_names : list of str

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> log = open_event_log(make_sample_events(n_users=30, random_state=0), "duckdb")
    >>> X, users, names = encode_event_sequences_sql(log)
    >>> X.shape[0] == len(users) == 30
    True
    """
    X, users, names, _ = _encode_sql(log, max_n, tfidf, batch_rows)
    return X, users, names


def _encode_sql(
    log: EventTable, max_n: int, tfidf: bool, batch_rows: int
) -> tuple[sparse.csr_matrix, np.ndarray, list[str], BehaviourCounts | None]:
    """:func:`encode_event_sequences_sql`, plus the behaviour counts of the mixture."""
    from synthpersona.simulation.sequences import _token_name

    if max_n not in (1, 2, 3):
        raise InputError(f"max_n must be 1, 2 or 3, got {max_n!r}.", details={"allowed": [1, 2, 3]})
    v = len(log.vocabulary)
    base = v + 2
    n_tokens = base + base**2 + (base**3 if max_n >= 3 else 0)
    # Per batch: the raw n-gram counts and the tempo bins, packed small (_Packed), the users,
    # the double fires and the log's transition sums. The mixture's transition columns are read
    # off the stacked raw counts after the sort (_behaviour_blocks), not kept twice during it.
    parts: list[_Packed] = []
    tempos: list[_Packed] = []
    copy_parts: list[sparse.csr_matrix | None] = []
    ids: list[np.ndarray] = []
    sums = np.zeros(base * base)
    double_fires = bound = 0
    for arrays in _user_batches(log, batch_rows):
        X_part, users, tempo, copies = _batch_counts(arrays, v, max_n, n_tokens)
        del arrays
        if max_n >= 2:
            sums += _bigram_sums(X_part, base)
            bound += _n_bigrams(X_part, base) + tempo.nnz
            tempos.append(_pack(tempo))
            copy_parts.append(copies if copies.nnz else None)
            double_fires += int(copies.sum())
        parts.append(_pack(X_part))
        ids.append(users)
        del X_part, tempo, copies
    if not parts:
        raise DataError(f"Event log {log.source!r} has no usable rows.", code="empty_log")
    if max_n >= 2 and log._transitions is None:
        log._transitions = _transitions_of(sums, log.vocabulary)
    used = _used_columns(parts, n_tokens)  # the tokens that occur, in token order
    X = _stack(parts, n_tokens)  # raw counts, every token column
    counts = None
    if max_n >= 2:
        C = _stack_blocks(
            _behaviour_blocks(X, tempos, copy_parts, base),
            X.shape[0],
            bound,
            base * base + tail_width(v),
            np.float64,
        )
        counts = _behaviour_counts(C, log.vocabulary, double_fires)
        del C
    X = _keep_used_columns(X, used)
    names = [_token_name(int(u), log.vocabulary, base) for u in used]
    if tfidf:
        _tfidf_in_place(X)
    return X, np.concatenate(ids), names, counts


def cluster_event_sequences_sql(
    log: EventTable,
    k: int | None = None,
    *,
    params: ClusteringParams | None = None,
    method: str = "markov",
    n_components: int = 16,
    max_n: int = 3,
    svd_sample: int = 50_000,
    fit_sample: int = 200_000,
    random_state: int | None = 0,
    labels_table: str | None = None,
) -> Clustering:
    """Cluster the users of a log in an engine by their event sequences.

    The same steps as :func:`~synthpersona.simulation.cluster_event_sequences`, on counts
    streamed from the engine: ``method="markov"`` (default) fits the mixture of Markov
    chains on at most ``fit_sample`` users and gives every user their most probable
    group; ``method="ngram"`` (TF-IDF n-grams, truncated SVD fitted on ``svd_sample``
    users, L2-normalised components, ``cluster``) fits on at most ``fit_sample`` users
    and labels every user with the fitted estimator. The labels go
    to the engine table ``labels_table`` (default ``<table>_clusters``: ``user_id,
    cluster_id`` with 1-based ids). With at most ``fit_sample`` users the result equals
    the in-memory function's.

    Returns
    -------
    Clustering
        Labels (0-based) of every user in ``row_ids`` order (sorted by ``user_id``), with
        ``feature_names`` and ``top_features``; ``sampled`` says whether the fit used a sample.

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> log = open_event_log(make_sample_events(random_state=0), "duckdb")
    >>> cluster_event_sequences_sql(log, k=3).k
    3
    """
    from synthpersona.simulation.sequences import (
        METHODS,
        _check_k,
        _project,
        _top_features,
        cluster_behaviour,
    )

    if method not in METHODS:
        raise InputError(
            f"Unknown clustering method {method!r}; use one of {', '.join(METHODS)}.",
            details={"allowed": list(METHODS)},
        )
    if max_n not in (1, 2, 3):
        raise InputError(f"max_n must be 1, 2 or 3, got {max_n!r}.", details={"allowed": [1, 2, 3]})
    # The mixture needs the transitions (bigrams) whatever max_n says about the named features.
    X, user_ids, names, counts = _encode_sql(
        log, max(max_n, 2) if method == "markov" else max_n, True, _BATCH_ROWS
    )
    n_users = X.shape[0]
    params = params or ClusteringParams(algorithm="kmeans")
    params = params.with_(k=k, k_max=min(params.k_max, n_users - 1), random_state=random_state)
    table = check_identifier(labels_table or f"{log.table}_clusters")
    if method == "markov":
        _check_k(k, n_users)
        assert counts is not None  # encoded with bigrams
        result = cluster_behaviour(counts, k, params.with_(fit_sample=fit_sample))
        del counts
        frame = pd.DataFrame({"user_id": user_ids, "cluster_id": (result.labels + 1).astype(np.int32)})
        log.engine.register(table, frame)
        result.row_ids = user_ids
        result.feature_names = names
        result.top_features = _top_features(X, result.labels, result.k, names)
        return result
    del counts
    Z = _project(X, k, n_components, svd_sample, random_state)
    sampled = n_users > fit_sample
    fit_rows = (
        np.sort(np.random.default_rng(random_state).choice(n_users, fit_sample, replace=False))
        if sampled
        else np.arange(n_users)
    )
    result = cluster(Z[fit_rows], params, data="numeric")
    # The components are already in this process (the features streamed here), so every user is
    # labelled by the fitted estimator right here, in chunks: a round trip through the engine
    # (register Z, stream it back, predict) only copied them. assign_clusters stays the path
    # for rows that live in the engine (goal audiences).
    labels = np.empty(n_users, dtype=np.int64)
    for start in range(0, n_users, _PREDICT_ROWS):
        stop = min(start + _PREDICT_ROWS, n_users)
        labels[start:stop] = result.estimator.predict(Z[start:stop].astype(np.float64))
    log.engine.register(
        table, pd.DataFrame({"user_id": user_ids, "cluster_id": (labels + 1).astype(np.int32)})
    )
    result.labels = labels
    result.sampled = result.sampled or sampled
    if sampled:
        result.notes = [*result.notes, f"fitted on {fit_sample:,} of {n_users:,} users; all users assigned"]
    result.row_ids = user_ids
    result.feature_names = names
    result.top_features = _top_features(X, labels, result.k, names)
    return result


def cluster_events_in_engine(
    events: pd.DataFrame | str | Path,
    engine: str | Engine | Any,
    k: int | None = None,
    *,
    random_state: int | None = 0,
) -> Clustering:
    """:func:`~synthpersona.simulation.cluster_event_sequences` run through ``engine``.

    The log (a canonical frame or a file read in place) is registered under a fresh table
    name, so several calls can share one engine. The use cases' ``engine=`` lands here.

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> cluster_events_in_engine(make_sample_events(n_users=60, random_state=0), "duckdb", k=2).k
    2
    """
    return open_and_cluster(events, engine, k, random_state=random_state)[0]


def open_and_cluster(
    events: pd.DataFrame | str | Path,
    engine: str | Engine | Any,
    k: int | None = None,
    *,
    random_state: int | None = 0,
) -> tuple[Clustering, EventTable]:
    """:func:`cluster_events_in_engine`, also returning the log as the engine holds it.

    The labels stay in the engine as ``<log.table>_clusters``, so later steps (the persona
    chains' counts, :mod:`.sql_chains`; the profiles, :mod:`.sql_views`) read them there.
    """
    log = open_event_log(events, engine, table=f"events_{next(_counter)}")
    return cluster_event_sequences_sql(log, k, random_state=random_state), log
