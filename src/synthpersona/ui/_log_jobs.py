"""The simulation page's other long steps as jobs: reading a log, drawing the draggable graph.

Before its form can be drawn the page needs the log's event names and candidate goals; under a
simulation it draws the transition graph the user can rearrange. Both read the whole log, so
on a big log they take seconds to minutes: each runs as a job in a child process (Cancel, time
and memory budgets) named by its own URL key, ``?read=…`` and ``?graph=…``, beside the page's
main job (``?job=…``, the simulation itself), so a refresh finds every running step again.
What they made is kept: the names for every session of the server (and in the job's record),
each graph as an HTML file in its simulation's folder, shown at once when asked for again.

Examples
--------
>>> log_key(None, None) == log_key(None, {})
True
>>> log_key("a.csv", {"event": "action"}) != log_key("a.csv", None)
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synthpersona.usecases.jobs import JobContext

__all__ = [
    "GRAPH_JOB",
    "GRAPH_SLOT",
    "GRAPH_STEP",
    "READ_JOB",
    "READ_LABEL",
    "READ_SLOT",
    "READ_STEPS",
    "draw_graph",
    "graph_file",
    "graph_job",
    "log_key",
    "read_job",
    "read_log",
]

READ_JOB = "ui_read_log"  # a log's event names and candidate goals
READ_SLOT = "read"  # its URL key
READ_LABEL = "Reading the event log"  # its box's title
READ_STEPS = ("Reading the event names", "Finding the candidate goals")
GRAPH_JOB = "ui_graph"  # one draggable transition graph of a simulation
GRAPH_SLOT = "graph"
GRAPH_STEP = "Drawing the transition graph"


def log_key(path: str | None, columns: Mapping[str, str] | None) -> str:
    """What a log's event names depend on: the file and its column mapping (no mapping = ``{}``)."""
    text = json.dumps([path, dict(columns or {})], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_log(
    path: str | None, columns: dict[str, str] | None, progress: Callable[[str], None] | None = None
) -> dict[str, list[str]]:
    """The log's event names (in order of first appearance in sessions) and its candidate goal
    events (likeliest first). Runs in a read job's child process."""
    from synthpersona.usecases.behaviour import load_behaviour_events
    from synthpersona.usecases.event_logs import goal_candidates

    if progress is not None:
        progress(READ_STEPS[0])
    events, _ = load_behaviour_events(path, columns=columns)
    names = events.drop_duplicates("event")["event"].astype(str).tolist()
    if progress is not None:
        progress(READ_STEPS[1])
    return {"events": names, "goals": [str(g) for g in goal_candidates(events)]}


def read_job(
    path: str | None, columns: dict[str, str] | None, key: str
) -> Callable[[JobContext], dict[str, Any]]:
    """Reading a log as a job: its result is ``{"key": key, "events": [...], "goals": [...]}``."""

    def work(ctx: JobContext) -> dict[str, Any]:
        return {"key": key, **ctx.run(read_log, path, columns, progress=ctx.progress)}

    return work


def graph_file(folder: Path, choice: Mapping[str, Any]) -> Path:
    """Where the graph of ``choice`` (persona, versus, lightest arrow, the run's files) is kept."""
    text = json.dumps(dict(choice), sort_keys=True, default=str)
    return folder / "graphs" / f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.html"


def draw_graph(out: Path, choice: Mapping[str, Any], progress: Callable[[str], None] | None = None) -> str:
    """Write the draggable graph of ``choice`` to ``out`` (whole or not at all); return its path.
    Runs in a graph job's child process."""
    from synthpersona.usecases.behaviour_graph import persona_graph_page

    if progress is not None:
        progress(GRAPH_STEP)
    html = persona_graph_page(
        choice["events"],
        choice["members"],
        {int(k): str(v) for k, v in choice["names"]},
        persona=choice["persona"],
        versus=choice["versus"],
        min_share=float(choice["min_share"]),
        columns=dict(choice["columns"]) or None,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    part.write_text(html, encoding="utf-8")
    part.replace(out)  # a reader sees the whole page or none
    return str(out)


def graph_job(out: Path, choice: Mapping[str, Any]) -> Callable[[JobContext], dict[str, Any]]:
    """Drawing one graph as a job: its result is ``{"file": path}``."""

    def work(ctx: JobContext) -> dict[str, Any]:
        return {"file": ctx.run(draw_graph, out, dict(choice), progress=ctx.progress)}

    return work
