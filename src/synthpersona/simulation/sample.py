"""A sample clickstream with planted behavioural groups, for demos, docs and tests.

:func:`make_sample_events` simulates a signup funnel visited by four kinds of users
(decisive sign-ups, researchers who stall at the form, comparison shoppers who
return, quick bouncers), each with its own Markov chain and its own mix of
devices and acquisition channels, so clustering and demographic linking have
something real to find. :func:`sample_events_path` returns the bundled sample
(``data/sample_events.csv`` in the repository), generating it on first use when
synthpersona is installed without the repository.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from synthpersona.config import data_home
from synthpersona.tables import atomic_path

__all__ = ["SAMPLE_EVENTS", "SAMPLE_GROUPS", "SAMPLE_USERS", "make_sample_events", "sample_events_path"]

SAMPLE_EVENTS = (
    "landing",
    "browse",
    "search",
    "product_view",
    "pricing",
    "signup_start",
    "form_error",
    "signup_complete",
    "drop_off",
)
_END = {"signup_complete", "drop_off"}
SAMPLE_USERS = 450
_SAMPLE_SEED = 20260901

# name, share, transition biases, device mix (desktop, mobile, tablet),
# channel mix (ads, organic, referral, email)
SAMPLE_GROUPS: tuple[
    tuple[str, float, dict[tuple[str, str], float], tuple[float, ...], tuple[float, ...]], ...
] = (
    (
        "decisive",
        0.30,
        {
            ("landing", "signup_start"): 8,
            ("signup_start", "signup_complete"): 9,
            ("form_error", "signup_complete"): 4,
        },
        (0.65, 0.30, 0.05),
        (0.15, 0.25, 0.45, 0.15),
    ),
    (
        "researcher",
        0.25,
        {
            ("landing", "browse"): 5,
            ("browse", "product_view"): 5,
            ("product_view", "pricing"): 5,
            ("pricing", "signup_start"): 4,
            ("signup_start", "form_error"): 5,
            ("form_error", "drop_off"): 4,
            ("form_error", "signup_start"): 1.5,
            ("signup_start", "signup_complete"): 1.5,
        },
        (0.55, 0.35, 0.10),
        (0.20, 0.50, 0.15, 0.15),
    ),
    (
        "comparer",
        0.20,
        {
            ("landing", "search"): 4,
            ("search", "product_view"): 5,
            ("product_view", "search"): 3,
            ("product_view", "pricing"): 3,
            ("pricing", "product_view"): 2,
            ("pricing", "signup_start"): 2,
            ("signup_start", "signup_complete"): 4,
            ("pricing", "drop_off"): 1.5,
        },
        (0.45, 0.40, 0.15),
        (0.30, 0.40, 0.10, 0.20),
    ),
    (
        "bouncer",
        0.25,
        {
            ("landing", "drop_off"): 4,
            ("landing", "browse"): 2,
            ("browse", "drop_off"): 6,
            ("search", "drop_off"): 5,
        },
        (0.20, 0.75, 0.05),
        (0.70, 0.15, 0.05, 0.10),
    ),
)
_DEVICES = ("desktop", "mobile", "tablet")
_CHANNELS = ("ads", "organic", "referral", "email")


def _chain(bias: dict[tuple[str, str], float]) -> np.ndarray:
    n = len(SAMPLE_EVENTS)
    idx = {e: i for i, e in enumerate(SAMPLE_EVENTS)}
    p = np.full((n, n), 0.15)
    p[:, idx["landing"]] = 0.0
    for (a, b), w in bias.items():
        p[idx[a], idx[b]] += w
    for e in _END:
        p[idx[e]] = 0.0
    return p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12)


def make_sample_events(
    n_users: int = SAMPLE_USERS,
    random_state: int | None = _SAMPLE_SEED,
    *,
    max_length: int = 20,
    with_group: bool = False,
    start: str = "2026-09-01",
) -> pd.DataFrame:
    """Simulate a clickstream: ``user_id, session_id, event, timestamp, device, channel``.

    Parameters
    ----------
    n_users
        Number of users (each visits 1-4 times).
    random_state
        Seed; the same seed gives the same log.
    max_length
        Longest session in events.
    with_group
        Add the planted behaviour group as column ``_group`` (for scoring a clustering).
    start
        First day of the 60-day window of first visits.

    Examples
    --------
    >>> log = make_sample_events(n_users=20, random_state=1)
    >>> sorted(log.columns)
    ['channel', 'device', 'event', 'session_id', 'timestamp', 'user_id']
    """
    rng = np.random.default_rng(random_state)
    shares = np.array([g[1] for g in SAMPLE_GROUPS])
    group = rng.choice(len(SAMPLE_GROUPS), size=n_users, p=shares / shares.sum())
    device = np.array([rng.choice(len(_DEVICES), p=SAMPLE_GROUPS[g][3]) for g in group])
    channel = np.array([rng.choice(len(_CHANNELS), p=SAMPLE_GROUPS[g][4]) for g in group])
    visits = rng.integers(1, 5, size=n_users)
    sess_user = np.repeat(np.arange(n_users), visits)
    n_sess = len(sess_user)
    # Cumulative chains per group; every session walks its group's chain, all sessions at once.
    cum = np.cumsum(np.stack([_chain(g[2]) for g in SAMPLE_GROUPS]), axis=2)
    cum[..., -1] = np.where(cum[..., -1] > 0, 1.0, 0.0)
    sess_group = group[sess_user]
    paths = np.full((n_sess, max_length), -1, dtype=np.int64)
    state = np.zeros(n_sess, dtype=np.int64)
    alive = np.ones(n_sess, dtype=bool)
    end_codes = np.array([SAMPLE_EVENTS.index(e) for e in _END])
    for step in range(max_length):
        paths[alive, step] = state[alive]
        alive &= ~np.isin(state, end_codes)
        if not alive.any():
            break
        rows = np.flatnonzero(alive)
        u = rng.random(len(rows))
        state[rows] = (cum[sess_group[rows], state[rows]] < u[:, None]).sum(axis=1)
    lengths = (paths >= 0).sum(axis=1)
    # Timestamps: first visit within 60 days, later visits 1 hour to 6 days apart, 3-150 s per click.
    first = rng.integers(0, 60 * 86400, size=n_users)
    gaps = rng.integers(3600, 6 * 86400, size=n_sess)
    is_first = np.ones(n_sess, dtype=bool)
    is_first[1:] = sess_user[1:] != sess_user[:-1]
    sess_start = np.where(is_first, first[sess_user], gaps)
    seg = np.cumsum(is_first) - 1
    sess_start = pd.Series(sess_start).groupby(seg).cumsum().to_numpy()
    rows_sess = np.repeat(np.arange(n_sess), lengths)
    clicks = rng.integers(3, 150, size=len(rows_sess))
    clicks[np.r_[0, np.cumsum(lengths)[:-1]]] = 0
    offset = pd.Series(clicks).groupby(rows_sess).cumsum().to_numpy()
    ts = pd.Timestamp(start) + pd.to_timedelta(sess_start[rows_sess] + offset, unit="s")
    flat = paths[paths >= 0]
    user = sess_user[rows_sess]
    df = pd.DataFrame(
        {
            "user_id": pd.Series(user + 1).map("u{:04d}".format),
            "session_id": rows_sess + 1,
            "event": np.asarray(SAMPLE_EVENTS, dtype=object)[flat],
            "timestamp": ts.floor("s"),
            "device": np.asarray(_DEVICES, dtype=object)[device[user]],
            "channel": np.asarray(_CHANNELS, dtype=object)[channel[user]],
        }
    )
    if with_group:
        df["_group"] = np.asarray([g[0] for g in SAMPLE_GROUPS], dtype=object)[group[user]]
    return df


def _repo_sample() -> Path | None:
    candidate = Path(__file__).resolve().parents[3] / "data" / "sample_events.csv"
    return candidate if candidate.is_file() else None


def sample_events_path() -> Path:
    """Path of the bundled sample event log (generated into the data directory on first use).

    Examples
    --------
    >>> sample_events_path().name
    'sample_events.csv'
    """
    repo = _repo_sample()
    if repo is not None:
        return repo
    path = data_home() / "samples" / "sample_events.csv"
    if not path.exists():
        with atomic_path(path) as tmp:
            make_sample_events().to_csv(tmp, index=False)
    return path
