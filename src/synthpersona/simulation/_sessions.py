"""Numpy view of a canonical event log: event codes and session/user boundaries.

Every per-session or per-user computation of the simulation package runs on these
arrays with ``np.add.reduceat``/``np.bincount`` instead of a pandas groupby-apply.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synthpersona.errors import InputError
from synthpersona.simulation.etl import ensure_event_log


@dataclass
class Sessions:
    """Integer arrays describing an event log sorted by user, session and time."""

    vocabulary: list[str]
    codes: np.ndarray  # event code per row
    times: np.ndarray  # int64 nanoseconds per row
    starts: np.ndarray  # first row of each session
    lengths: np.ndarray  # events per session
    session_of_row: np.ndarray
    user_of_session: np.ndarray  # index into ``user_ids``
    user_ids: np.ndarray  # distinct user ids in log order
    session_ids: np.ndarray  # session_id value of each session

    @property
    def n_sessions(self) -> int:
        return len(self.starts)

    @property
    def ends(self) -> np.ndarray:
        """Last row of each session."""
        return self.starts + self.lengths - 1

    def code_of(self, name: str) -> int:
        """Event code of ``name`` or -1 when the log has no such event."""
        try:
            return self.vocabulary.index(name)
        except ValueError:
            return -1

    def position_in_session(self) -> np.ndarray:
        """0-based position of each row inside its session."""
        return np.arange(len(self.codes)) - np.repeat(self.starts, self.lengths)

    def path_hashes(self) -> np.ndarray:
        """A 64-bit hash per session of its whole event sequence (equal paths, equal hashes)."""
        pos = self.position_in_session().astype(np.uint64)
        # Multiplicative mixing of (position, code); wrapping uint64 arithmetic is intended.
        mix = (self.codes.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
        mix ^= (pos + np.uint64(1)) * np.uint64(0xBF58476D1CE4E5B9)
        mix *= np.uint64(0x94D049BB133111EB)
        return np.add.reduceat(mix, self.starts) if len(mix) else mix

    def first_row_of_users(self) -> np.ndarray:
        """The first row of each user (users in log order, like ``drop_duplicates("user_id")``)."""
        first_session = np.flatnonzero(np.diff(self.user_of_session, prepend=-1))
        return self.starts[first_session]

    def render_path(self, session: int, max_events: int = 12, sep: str = " > ") -> str:
        """The event names of one session joined by ``sep`` (long paths are elided)."""
        s, n = int(self.starts[session]), int(self.lengths[session])
        names = [self.vocabulary[c] for c in self.codes[s : s + n]]
        if n > max_events:
            names = [*names[: max_events - 2], "…", names[-1]]
        return sep.join(names)


def index_sessions(events: pd.DataFrame, sessions: Sessions | None = None) -> Sessions:
    """Build :class:`Sessions` from an event log (validated first unless already canonical).

    ``sessions``, an index already built from the same rows (e.g. of the log before
    ``attach_clusters`` added its column), is returned as is: a 5M-event log is indexed once
    on the simulation path, not once per step. An index of another length is refused.
    """
    if sessions is not None:
        if len(sessions.codes) != len(events):
            raise InputError(
                f"The session index has {len(sessions.codes):,} rows but the event log has "
                f"{len(events):,}; pass the index built from this log (index_sessions(log)) or none.",
                details={"index_rows": len(sessions.codes), "log_rows": len(events)},
            )
        return sessions
    log = ensure_event_log(events)
    codes = log["event"].cat.codes.to_numpy().astype(np.int32)
    vocabulary = [str(c) for c in log["event"].cat.categories]
    users = log["user_id"].to_numpy()
    sess = log["session_id"].to_numpy()
    n = len(log)
    new_user = np.ones(n, dtype=bool)
    new_user[1:] = users[1:] != users[:-1]
    new_sess = new_user.copy()
    new_sess[1:] |= sess[1:] != sess[:-1]
    starts = np.flatnonzero(new_sess)
    lengths = np.diff(np.append(starts, n))
    session_of_row = np.cumsum(new_sess) - 1
    user_of_session = (np.cumsum(new_user) - 1)[starts]
    return Sessions(
        vocabulary=vocabulary,
        codes=codes,
        times=log["timestamp"].to_numpy().astype("datetime64[ns]", copy=False).view(np.int64),
        starts=starts,
        lengths=lengths,
        session_of_row=session_of_row,
        user_of_session=user_of_session,
        user_ids=users[new_user],
        session_ids=sess[starts],
    )
