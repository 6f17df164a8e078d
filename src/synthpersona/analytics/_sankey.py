"""Step Sankey: how paths flow from the event at step s to the event at step s+1, per group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.analytics._log import Log, build_log, path_groups
from synthpersona.analytics._steps import ENDED
from synthpersona.errors import InputError

SANKEY_COLUMNS = ("group", "step", "source", "target", "paths", "share")
ALL = "all"


def _flows(log: Log, max_steps: int) -> pd.DataFrame:
    """Flows of one log: rows (step, source, target, paths, share of the log's paths)."""
    n_events = len(log.names)
    ended = n_events  # one extra code for "the path has ended"
    pos = log.position()
    # each path's event at steps 1..max_steps, `ended` once the path is over
    grid = np.full((log.n_paths, max_steps), ended, dtype=np.int64)
    keep = pos < max_steps
    grid[log.path[keep], pos[keep]] = log.event[keep]
    names = np.append(log.names.astype(object), ENDED)
    frames = []
    for step in range(max_steps - 1):
        src, dst = grid[:, step], grid[:, step + 1]
        live = src != ended  # an ended path has no further flow
        counts = np.bincount(src[live] * (n_events + 1) + dst[live], minlength=(n_events + 1) ** 2)
        cells = np.flatnonzero(counts)
        frames.append(
            pd.DataFrame(
                {
                    "step": step + 1,
                    "source": names[cells // (n_events + 1)],
                    "target": names[cells % (n_events + 1)],
                    "paths": counts[cells],
                }
            )
        )
    flows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SANKEY_COLUMNS[1:5])
    flows["paths"] = flows["paths"].astype(np.int64)
    flows["share"] = flows["paths"] / max(log.n_paths, 1)
    return flows


def step_sankey(
    events: pd.DataFrame,
    *,
    max_steps: int = 5,
    group_by: str | Mapping[Any, Any] | pd.Series | None = None,
    min_share: float = 0.0,
    path_unit: str = "user",
) -> pd.DataFrame:
    """Flows between consecutive steps of every path, for a step Sankey (per group).

    Parameters
    ----------
    events
        A canonical event log.
    max_steps
        Steps followed from each path's start (the funnel's length); flows run from step
        1 → 2 up to ``max_steps - 1`` → ``max_steps``.
    group_by
        ``None`` (one group, ``"all"``), a column of the log (a logged A/B arm, a user
        attribute) or a mapping from user id to a label (e.g. behavioural persona): one
        set of flows per group, each with its own shares.
    min_share
        Drop flows carried by fewer than this share of the group's paths.
    path_unit
        ``"user"`` or ``"session"``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SANKEY_COLUMNS`: ``group``, ``step`` (the flow leaves step ``step``),
        ``source`` and ``target`` events (``"(ended)"`` when the path stops), ``paths`` and
        ``share`` of the group's paths. Without ``min_share`` the flows leaving step 1 of a
        group add up to its number of paths. ``attrs["n_paths"]`` maps group to paths.

    Examples
    --------
    >>> events = pd.DataFrame({"user_id": ["a", "a", "b", "b", "c"],
    ...     "event": ["home", "buy", "home", "faq", "home"],
    ...     "timestamp": pd.to_datetime([0, 1, 0, 1, 0], unit="s")})
    >>> step_sankey(events, max_steps=2)[["source", "target", "paths"]].values.tolist()
    [['home', 'buy', 1], ['home', 'faq', 1], ['home', '(ended)', 1]]
    """
    if not 2 <= max_steps <= 50:
        raise InputError(
            f"max_steps must be between 2 and 50 for a Sankey, got {max_steps}.", code="bad_max_steps"
        )
    if not 0.0 <= min_share <= 1.0:
        raise InputError(f"min_share must be between 0 and 1, got {min_share}.", code="bad_min_share")
    log = build_log(events, path_unit)
    if group_by is None:
        parts = {ALL: log}
    else:
        labels = path_groups(events, log, group_by)
        present = pd.Series(labels).dropna().value_counts()
        parts = {str(g): log.subset_paths(labels == g) for g in present.index}
    frames = []
    for group, part in parts.items():
        flows = _flows(part, max_steps)
        flows.insert(0, "group", group)
        frames.append(flows[flows["share"] >= min_share])
    out = pd.concat(frames, ignore_index=True)[list(SANKEY_COLUMNS)]
    out.attrs["n_paths"] = {g: p.n_paths for g, p in parts.items()}
    return out
