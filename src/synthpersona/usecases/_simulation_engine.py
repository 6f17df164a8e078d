"""run_simulation's log by path through an engine: whole-log work in SQL, per-session work on a user sample.

A log passed by path with ``engine=`` is never read whole into pandas (issue 18):

- the engine reads the file in place (:func:`~synthpersona.simulation.sql.open_event_log`), the
  column roles found by :func:`~synthpersona.simulation.load_event_log` on its first rows;
- the ingest counts (rows, events, users, sessions, duplicates, dropped rows), the behavioural
  clustering of every user, the persona chains' counts, the real funnel, the session cap (its
  session lengths) and the logged A/B test's table (``event_logs.logged_experiment_in_engine``)
  are SQL over the whole log;
- what needs each session's events in order (the goal found from the paths, the persona
  profiles, privacy protection, the generator's validation, which column holds a logged A/B
  test) runs on the log of a deterministic sample of at most ``sample_users`` users (md5 of the
  user id below a cut), loaded with ``load_event_log``;
- the personas of a sampled run then state the whole log's figures where they are
  aggregations (:func:`whole_log_figures`: users, share, sessions, conversion, median session
  length, mean duration and back steps, counted in SQL over every user), and so do their names'
  role candidates (distinctive events) and exit events for a vocabulary of at most
  :data:`WHOLE_LOG_EVENTS` events; paths, the drop-off step and traits stay the sample's, and
  the run's notes say which figures are which (:data:`SAMPLE_NOTE`).

A log with at most ``sample_users`` users is read whole as the sample, so the run equals the
in-memory run (``tests/usecases/test_simulation_engine.py``).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.engine import get_engine
from synthpersona.errors import InputError
from synthpersona.model import BehaviourSegmentFacts, Outcome, Persona, Segment
from synthpersona.simulation import IngestReport, ingest_report, load_event_log
from synthpersona.simulation.sql import EventTable, open_event_log, session_summary
from synthpersona.simulation.sql_views import segment_session_stats

__all__ = ["SAMPLE_NOTE", "SAMPLE_USERS", "EngineLog", "open_log_by_path", "whole_log_figures"]

#: Largest vocabulary whose every event's session share and exit count a sampled run's names take
#: from the whole log (one aggregate per event and session in the stats query; above it, the
#: sample's distinctive events and exit event, as the run's notes say).
WHOLE_LOG_EVENTS = 64
#: Users whose events are read into memory for the per-session steps (profiles, validation...).
SAMPLE_USERS = 200_000
#: What a sampled run's notes say: which figures cover every user and which the sample
#: (``{named}``: :data:`NAMED_WHOLE` for a vocabulary of at most :data:`WHOLE_LOG_EVENTS`
#: events, else :data:`NAMED_SAMPLE`).
SAMPLE_NOTE = (
    "Whole log: the clustering, the persona chains, the real funnel, the ingest counts, the session "
    "cap, the logged A/B test's figures and each "
    "persona's users, share, sessions, conversion rate, median session events, mean duration, "
    "back steps and distinctive events' session shares cover all {users:,} users (in {engine}); "
    "each name is chosen from these figures, and every figure of its evidence is the whole log's{named} "
    "the traits, the privacy checks, the representation, the generator's validation and which "
    "column holds a logged A/B test use a sample of {sample:,} users (md5 of the user id)."
)
NAMED_WHOLE = (
    ", as are the events a name may pick its role from and the exit event (the place a name may "
    "mention). Sample-based: the goal, typical paths, the drop-off step,"
)
NAMED_SAMPLE = (
    ". Sample-based: the goal, the events a name may pick its role from, typical paths, the exit "
    "event (the place a name may mention) and drop-off step,"
)
_PROBE_ROWS = 20_000  # rows read to find the column roles
_counter = itertools.count()


@dataclass
class EngineLog:
    """An event log in an engine, and the in-memory log of a sample of its users.

    Attributes
    ----------
    table
        The whole log in the engine.
    sample
        ``load_event_log``'s canonical log of the sampled users (every user when not ``sampled``).
    report
        Ingest counts of the whole log.
    sampled
        True when ``sample`` holds only some of the users.
    notes
        What the run computed on the sample (for the summary and the report).
    """

    table: EventTable
    sample: pd.DataFrame
    report: IngestReport
    sampled: bool
    notes: list[str] = field(default_factory=list)


def open_log_by_path(
    source: str | Path,
    engine: Any,
    *,
    columns: Mapping[str, str] | None = None,
    inactivity_gap_minutes: float = 30.0,
    sample_users: int = SAMPLE_USERS,
) -> EngineLog:
    """Register ``source`` with ``engine`` and read the events of at most ``sample_users`` users.

    Examples
    --------
    >>> from synthpersona.simulation import sample_events_path
    >>> opened = open_log_by_path(sample_events_path(), "duckdb", sample_users=100)
    >>> opened.sampled, opened.report.n_users, opened.sample["user_id"].nunique() < 450
    (True, 450, True)
    """
    if sample_users < 10:
        raise InputError(f"sample_users must be at least 10, got {sample_users!r}.")
    eng = get_engine(engine)
    name = f"simlog_{next(_counter)}"
    mapping = _column_roles(eng, source, name, columns, inactivity_gap_minutes)
    table = open_event_log(
        source, eng, columns=mapping, inactivity_gap_minutes=inactivity_gap_minutes, table=name
    )
    counts = session_summary(table)
    raw = f"{name}_raw"
    sampled = counts["n_users"] > sample_users
    where = ""
    if sampled:  # md5 of the id: the same users on every engine and every run
        cut = format(min(int(sample_users / counts["n_users"] * 16**8), 16**8 - 1), "08x")
        user = mapping["user_id"]
        where = f" WHERE substr(md5(CAST({user} AS STRING)), 1, 8) < '{cut}'"
    sample = load_event_log(
        _events_in_file_order(eng.query(f"SELECT * FROM {raw}{where}"), mapping["event"]),
        columns=mapping,
        inactivity_gap=inactivity_gap_minutes,
    )
    report = ingest_report(sample)
    assert report is not None
    _same_vocabulary_order(table, sample)
    notes: list[str] = []
    if sampled:
        n_raw = int(eng.scalar(f"SELECT count(*) FROM {raw}") or 0)
        n_rows = int(eng.scalar(f"SELECT count(*) FROM {name}_rows") or 0)
        report = replace(
            report,
            n_rows_read=n_raw,
            n_events=counts["n_events"],
            n_users=counts["n_users"],
            n_sessions=counts["n_sessions"],
            n_duplicates=n_rows - counts["n_events"],
            n_missing_dropped=n_raw - n_rows,
            n_out_of_order=0,  # ordered by the engine's windows; not counted by path
        )
        notes.append(
            SAMPLE_NOTE.format(
                users=counts["n_users"],
                engine=eng.name,
                sample=sample["user_id"].nunique(),
                named=NAMED_WHOLE if len(table.vocabulary) <= WHOLE_LOG_EVENTS else NAMED_SAMPLE,
            )
        )
    report = replace(report, source=str(source))
    sample.attrs = {**sample.attrs}
    return EngineLog(table, sample, report, sampled, notes)


def _events_in_file_order(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The event column as categories in order of first appearance, as ``load_event_log`` reads a file."""
    values = frame[column]
    if isinstance(values.dtype, pd.CategoricalDtype) or not (
        pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)
    ):
        return frame
    return frame.assign(**{column: pd.Categorical(values, categories=pd.unique(values.dropna()))})


def _same_vocabulary_order(table: EventTable, sample: pd.DataFrame) -> None:
    """Code the engine's events in the in-memory log's order when both have the same events.

    The chains index events by their code, so the simulated users (drawn from those indices)
    are the in-memory run's only when the codes are the same; the engine's default is sorted.
    """
    events = [str(c) for c in sample["event"].cat.categories]
    if events == table.vocabulary or sorted(events) != table.vocabulary:
        return
    table.vocabulary = events
    table.engine.register(
        f"{table.table}_vocab",
        pd.DataFrame({"event": events, "code": np.arange(len(events), dtype=np.int64)}),
    )


def _column_roles(
    eng: Any, source: str | Path, name: str, columns: Mapping[str, str] | None, gap: float
) -> dict[str, str]:
    """The source column of each canonical column, as ``load_event_log`` finds them on the first rows."""
    probe = f"{name}_probe"
    eng.register(probe, str(source))
    head = eng.query(f"SELECT * FROM {probe} LIMIT {_PROBE_ROWS}")
    report = ingest_report(load_event_log(head, columns=columns, inactivity_gap=gap))
    assert report is not None
    mapping = dict(report.column_mapping)
    joined = {k: v for k, v in mapping.items() if "+" in v}
    if joined:
        raise InputError(
            f"The log's timestamp is split over columns ({', '.join(joined.values())}); a log read by "
            "path through an engine needs one timestamp column. Join them in the file, or run without "
            "engine= (in memory).",
            code="timestamp_columns",
            details={"columns": list(joined.values())},
        )
    return mapping


def whole_log_figures(
    table: EventTable,
    segments: list[Segment],
    personas: list[Persona],
    completion_events: list[str],
    drop_events: list[str] | None = None,
) -> tuple[list[Segment], list[Persona]]:
    """Personas profiled on a sample, with the whole log's figures and names (SQL over every user).

    Each segment's ``size``, ``base``, conversion outcome and evidence, and its facts'
    ``n_sessions``, ``median_session_events``, ``mean_duration_s`` and ``mean_back_steps``
    are replaced by :func:`~synthpersona.simulation.sql_views.segment_session_stats`' over the
    labels the engine gave every user. Its distinctive events keep those whose session share
    is over-represented in the whole log too, with the whole log's ratios. The name is then
    chosen again, by the same rules, from these figures and the whole log's baselines, so
    every number its evidence states is the whole log's; the narrative is written again.

    With ``drop_events`` (the run's) and a vocabulary of at most :data:`WHOLE_LOG_EVENTS` events,
    the events a name may pick its role from (every event neither a goal nor a drop, in the same
    query) and the exit event are the whole log's too, chosen by the profile's own rules: the
    sampled run names its personas as the in-memory run over every user does. Paths and traits
    stay the sample's. ``member_ids`` stay the sampled members.
    """
    from synthpersona.personas import rules as words
    from synthpersona.simulation._profiling import (  # the profile's own naming rules
        _Baseline,
        _deduplicate_names,
        _describe,
        _name,
    )

    by_log = drop_events is not None and len(table.vocabulary) <= WHOLE_LOG_EVENTS
    if by_log:  # every candidate of a role word, in the profile's (the log's) event order
        leave = {*completion_events, *(drop_events or ())}
        named = [e for e in table.vocabulary if e not in leave]
    else:
        named = sorted(
            {
                e
                for seg in segments
                if isinstance(seg.facts, BehaviourSegmentFacts)
                for e, _ in seg.facts.distinctive_events
            }
        )
    frame = segment_session_stats(
        table, completion_events, events=named, overall=True, exits=drop_events if by_log else None
    )
    rows: dict[int, dict[Any, Any]] = {int(r["cluster_id"]): r for r in frame.to_dict("records")}
    every = rows.pop(-1)
    overall = int(every["converted_sessions"]) / max(int(every["sessions"]), 1)
    goal_events = set(completion_events)
    goal = words.goal_words(e for e in table.vocabulary if e in goal_events)
    out_s, evidence, shares = [], {}, {}
    for seg in segments:
        if seg.segment_id not in rows or not isinstance(seg.facts, BehaviourSegmentFacts):
            out_s.append(seg)
            continue
        row = rows[seg.segment_id]
        n_sess, n_conv = int(row["sessions"]), int(row["converted_sessions"])
        candidates = named if by_log else [e for e, _ in seg.facts.distinctive_events]
        pairs = {e: (float(row[f"share:{e}"]), float(every[f"share:{e}"])) for e in candidates}
        word = {e: (a, b) for e, (a, b) in pairs.items() if words.ROLE_EVENT.verdict(a, b) == words.WORD}
        # the profile's rule (_profiling._segment): by lift, the log's event order among equals
        kept = sorted(((e, a / max(b, 1e-12)) for e, (a, b) in word.items()), key=lambda t: -t[1])
        shares[seg.segment_id] = word if by_log else pairs
        facts = replace(
            seg.facts,
            exit_event=_exit_event(row, table.vocabulary) if by_log else seg.facts.exit_event,
            n_sessions=n_sess,
            median_session_events=float(row["median_session_events"]),
            mean_duration_s=float(row["mean_duration_s"]),
            mean_back_steps=float(row["mean_back_steps"]),
            distinctive_events=kept[:3] if by_log else [(e, r) for e, r in kept if pairs[e][1] > 0],
        )
        whole = replace(
            seg,
            size=int(row["users"]),
            base=int(every["users"]),
            outcome=Outcome(n_conv, n_sess - n_conv, baseline_rate=overall),
            evidence=[
                replace(e, value=n_conv / max(n_sess, 1), baseline=overall, n=n_sess)
                if e.field == "conversion_rate"
                else e
                for e in seg.evidence
            ],
            facts=facts,
        )
        base = _Baseline(
            overall,
            float(every["median_session_events"]),
            float(every["mean_back_steps"]),
            shares[seg.segment_id],
            goal,
        )
        label, evidence[seg.segment_id] = _name(whole, facts, base)
        out_s.append(replace(whole, label=label))
    _deduplicate_names([q for q in out_s if q.segment_id in evidence], evidence, shares)  # clashing names
    out_p = [
        replace(persona, name=seg.label, evidence=evidence[seg.segment_id], narrative=_describe(seg, overall))
        if seg.segment_id in evidence
        else persona
        for seg, persona in zip(out_s, personas, strict=True)
    ]
    return out_s, out_p


def _exit_event(row: dict[Any, Any], vocabulary: list[str]) -> str | None:
    """The most frequent exit event of the group's non-converting sessions (``exit:<event>``
    counts), the first in the log's event order among equals, as ``np.bincount(...).argmax()``."""
    counts = [int(row[f"exit:{e}"]) for e in vocabulary]
    return vocabulary[int(np.argmax(counts))] if any(counts) else None
