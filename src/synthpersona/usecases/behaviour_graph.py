"""The draggable transition graph of a simulation run's behavioural personas (web UI, reports).

One function, :func:`persona_graph_page`: the run's event log, who is in which
behavioural persona (``members.parquet`` of the run), and which view — every user, one
persona, or the difference between two personas — give a self-contained HTML page
(:func:`synthpersona.reporting.behaviour.graph_html`: nodes one can drag, a weight
threshold, each arrow's numbers on hover; no request leaves the page).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from synthpersona.errors import InputError, did_you_mean

__all__ = ["ALL_USERS", "persona_graph_page"]

#: The view of every user of the log (no persona chosen).
ALL_USERS = "all users"


def persona_graph_page(
    events: pd.DataFrame | str | Path | None,
    members: pd.DataFrame | str | Path,
    names: Mapping[int, str],
    *,
    persona: str = ALL_USERS,
    versus: str | None = None,
    min_share: float = 0.0,
    columns: Mapping[str, str] | None = None,
) -> str:
    """The transition graph of every user, of one persona, or persona minus ``versus``, as HTML.

    Parameters
    ----------
    events
        The run's event log (a path, a DataFrame, or ``None`` for the bundled sample).
    members
        ``user_id, cluster_id`` of every user (``members.parquet`` of the run, or a frame).
    names
        Persona name of each ``cluster_id``.
    persona
        :data:`ALL_USERS` or a persona name.
    versus
        Another persona: the page shows ``persona`` minus ``versus`` (share differences:
        green arrows are more frequent in ``persona``, red ones in ``versus``).
    min_share
        Arrows whose share (or share difference) is below this are left out of the page.
    columns
        The log's column mapping, as when the run read it.

    Returns
    -------
    str
        A self-contained HTML page (no external script or request).

    Examples
    --------
    >>> from synthpersona.simulation import make_sample_events
    >>> log = make_sample_events(n_users=40, random_state=0)
    >>> members = pd.DataFrame({"user_id": log["user_id"].unique(), "cluster_id": 0})
    >>> page = persona_graph_page(log, members, {0: "Everyone"}, persona="Everyone")
    >>> "<svg" in page and "Transition graph — Everyone" in page
    True
    """
    from synthpersona.reporting.behaviour import graph_html
    from synthpersona.usecases.behaviour import analyse, load_behaviour_events

    log, _ = load_behaviour_events(events, columns=columns)
    frame = members if isinstance(members, pd.DataFrame) else pd.read_parquet(members)
    label = frame["cluster_id"].map(lambda c: names.get(int(c), f"persona {c}"))
    of_user = dict(zip(frame["user_id"], label, strict=True))
    log = log.assign(_persona=log["user_id"].map(of_user))  # not "persona": analyse re-clusters that
    choices = [ALL_USERS, *sorted(set(names.values()))]
    for name in (persona, versus):
        if name is not None and name not in choices:
            raise InputError(
                f"Unknown persona {name!r}.{did_you_mean(name, choices)} "
                f"Choose one of: {', '.join(choices)}.",
                details={"persona": name, "allowed": choices},
            )
    if versus is not None and persona != ALL_USERS and versus != persona:
        view = analyse("graph", log, group_by="_persona", groups=[persona, versus], min_share=min_share)
        title = f"Transition graph — {persona} minus {versus}"
        return graph_html(view.table, weight="share_diff", title=title)
    chosen = log if persona == ALL_USERS else log[log["_persona"] == persona]
    view = analyse("graph", chosen.drop(columns="_persona"), min_share=min_share)
    return graph_html(view.table, weight="share", title=f"Transition graph — {persona}")
