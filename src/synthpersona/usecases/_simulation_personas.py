"""Steps 1-2 of a simulation: read the event log and find its behavioural personas.

:func:`load_log` reads the log (or opens it in an engine), resolves the goal and names the
events' roles; :func:`find_personas` clusters the users, profiles the personas and protects
them. :func:`~synthpersona.usecases.simulation.run_simulation` goes on to fit chains and
simulate; :func:`~synthpersona.usecases.simulation.find_behaviour_personas`, the privacy check
of an event log (:func:`~synthpersona.usecases.trust_privacy.privacy_events`) and a comparison
with an earlier log (:mod:`synthpersona.usecases.trust_events`) stop here, so every one of them
states the personas a run would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from synthpersona.model import Persona, Segment
from synthpersona.segmentation import Clustering
from synthpersona.simulation import (
    IngestReport,
    Sessions,
    attach_clusters,
    cluster_event_sequences,
    index_sessions,
    ingest_report,
    load_event_log,
    planted_group_agreement,
    profile_behavioural_personas,
    sample_events_path,
    say_no_clear_segments,
)
from synthpersona.simulation.sql import (
    EventTable,
    cluster_event_sequences_sql,
    open_and_cluster,
    open_event_log,
)
from synthpersona.trust import PrivacyReport, protect_behaviour_personas
from synthpersona.usecases._simulation_engine import SAMPLE_USERS, open_log_by_path, whole_log_figures
from synthpersona.usecases._simulation_roles import EventRoles, event_roles
from synthpersona.usecases.event_logs import resolve_goal

__all__ = ["FoundPersonas", "LoadedLog", "find_personas", "load_log"]


@dataclass(frozen=True)
class LoadedLog:
    """The log as loaded, what loading repaired, and the roles of its events."""

    log: pd.DataFrame
    report: IngestReport
    roles: EventRoles
    completes: list[str] | None  # the goal as resolved (given, or found by resolve_goal)
    goal_note: str
    table: EventTable | None = None  # the whole log in the engine (a path with engine=)
    notes: tuple[str, ...] = ()
    sampled: bool = False  # ``log`` is a sample of ``table``'s users


def load_log(
    events: pd.DataFrame | str | Path | None,
    columns: Mapping[str, str] | None,
    inactivity_gap_minutes: float,
    funnel: Sequence[str] | str | None,
    completion_events: Sequence[str] | None,
    drop_events: Sequence[str] | None,
    engine: Any = None,
    sample_users: int = SAMPLE_USERS,
) -> LoadedLog:
    """Step 1: read the log (the bundled sample by default) and resolve the goal, funnel and drops.

    A path with ``engine=`` stays in the engine; ``log`` is then the log of a sample of its
    users (:func:`~synthpersona.usecases._simulation_engine.open_log_by_path`).
    """
    source = sample_events_path() if events is None else events
    if engine is not None and not isinstance(source, pd.DataFrame):
        opened = open_log_by_path(
            source,
            engine,
            columns=columns,
            inactivity_gap_minutes=inactivity_gap_minutes,
            sample_users=sample_users,
        )
        log, completes, goal_note = resolve_goal(opened.sample, funnel, completion_events)
        table, notes = opened.table, list(opened.notes)
        if log is not opened.sample:  # a stage goal added events the file does not have
            table = open_event_log(log, opened.table.engine, table=f"{opened.table.table}_goal")
            if opened.sampled:
                notes.append("The goal is a stage change: the sampled users' log (with goal events) is used.")
        roles = event_roles(log, funnel, completes, drop_events, table.vocabulary)
        sampled = opened.sampled and table is opened.table
        return LoadedLog(log, opened.report, roles, completes, goal_note, table, tuple(notes), sampled)
    log = load_event_log(source, columns=columns, inactivity_gap=inactivity_gap_minutes)
    report = ingest_report(log)
    assert report is not None
    log, completes, goal_note = resolve_goal(log, funnel, completion_events)
    roles = event_roles(log, funnel, completes, drop_events)
    return LoadedLog(log, report, roles, completes, goal_note, notes=tuple(report.notes))


@dataclass(frozen=True)
class FoundPersonas:
    """Behavioural segmentation of the log and the personas profiled from it."""

    events: pd.DataFrame  # the log with cluster_id
    clustering: Clustering
    segments: list[Segment]
    personas: list[Persona]
    planted_ari: float | None
    table: EventTable | None = None  # the log in the engine (engine=), with its labels table
    privacy: PrivacyReport | None = None
    sessions: Sessions | None = None  # the session index of ``events``' rows, built once


def find_personas(
    log: pd.DataFrame,
    roles: EventRoles,
    k: int | None = None,
    random_state: int | None = 0,
    engine: Any = None,
    k_anonymity: int | None = None,
    table: EventTable | None = None,
    sampled: bool = False,
) -> FoundPersonas:
    """Step 2: cluster every user, profile the personas (``log``'s users) and protect them.

    With ``sampled`` (``log`` holds a sample of ``table``'s users) the personas state the whole
    log's aggregate figures, counted where it lives (``whole_log_figures``).
    """
    sx = index_sessions(log)  # once, for clustering, profiles and chains (same rows throughout)
    if table is not None:  # the whole log in the engine; ``log`` holds (a sample of) its users
        clustering = cluster_event_sequences_sql(table, k, random_state=random_state)
    elif engine is None:
        clustering = cluster_event_sequences(log, k=k, random_state=random_state, sessions=sx)
    else:  # the same features and clusters, computed through the engine (simulation.sql)
        clustering, table = open_and_cluster(log, engine, k, random_state=random_state)
    segmented = attach_clusters(log, clustering)
    segments, personas = profile_behavioural_personas(
        segmented,
        completion_events=roles.completes,
        drop_events=roles.drops,
        funnel_events=roles.funnel,
        sessions=sx,
    )
    if sampled:
        assert table is not None
        segments, personas = whole_log_figures(table, segments, personas, roles.completes, roles.drops)
    ari = planted_group_agreement(segmented) if "_group" in segmented.columns else None
    privacy = None
    if k_anonymity is not None:  # customer data: nothing shown rests on fewer than k users
        segments, personas, privacy = protect_behaviour_personas(segmented, segments, personas, k_anonymity)
    if clustering.clear is False:  # a descriptive split: every persona says so first
        say_no_clear_segments(segments, personas)
    return FoundPersonas(segmented, clustering, segments, personas, ari, table, privacy, sx)
