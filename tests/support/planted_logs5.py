"""Planted clickstream logs of a fifth family (session 8), for the clickstream held-out split 5.

Written and committed before any clustering method was run on it. Each group here is a
first-order chain over a sparse successor graph (every event leads to 3-5 others), with an
explicit end; on top of the chain, every user has a *time law*: the hour of the day their
sessions start, the time between events, and a rhythm (how many sessions, how many days
apart). Vocabularies come from five product domains (music, news, fitness, property,
gaming), none used before. Groups differ by:

- ``"hour"``: same paths, same tempo; groups start their sessions at different hours of the
  day (morning, lunch, evening, night...);
- ``"dwell"``: same paths and hours; groups differ only in the time between events;
- ``"rhythm"``: same paths, hours and tempo; groups differ in how many sessions they have
  and how many days lie between two sessions (daily regulars, weekly visitors, one-offs);
- ``"order"``: groups cycle through the *same* core events at the same rates, in a different
  order each (the event counts do not tell them apart, only the order does);
- ``"route"``: which successor each event leads to (the classic case);
- ``"route_hour"``: route and hour at once, each weaker.

Logs without groups (``k`` must be 1):

- ``"hour_continuum"``: each user's start hour drawn uniformly over the waking day;
- ``"dwell_continuum"``: each user's tempo a log-normal draw;
- ``"route_blend"``: each user's chain a Dirichlet blend of three route chains;
- ``"single"``: one chain and one time law; per-user activity varies (Poisson sessions).

Group sizes are imbalanced: ``smallest + (1 - k·smallest)·Dirichlet(alpha)``. Noise: with
probability ``noise`` an emitted event is replaced by a uniformly random one.
:func:`planted_log5` also returns the ARI of the Bayes classifier that knows the generator
(each group's chain with end state and noise, hour, dwell and rhythm laws, share): the ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import gammaln
from sklearn.metrics import adjusted_rand_score

__all__ = ["HELDOUT5", "PlantedLog5", "heldout5_configs", "planted_log5"]

_SIGMA = 0.6  # log-normal spread of the time between two events
_HOUR_SD = 1.8  # spread (hours) of a session's start hour around the user's
_FLAT = ("hour_continuum", "dwell_continuum", "route_blend", "single")

_DOMAINS: dict[str, list[str]] = {
    "music": [
        "home",
        "search",
        "artist",
        "album",
        "track_play",
        "skip",
        "like",
        "playlist",
        "add_to_list",
        "radio",
        "lyrics",
        "queue",
        "share",
        "podcast",
        "episode",
        "download",
        "settings",
        "premium",
    ],
    "news": [
        "front_page",
        "section",
        "article",
        "comments",
        "share",
        "bookmark",
        "video",
        "live_blog",
        "newsletter",
        "paywall",
        "subscribe",
        "search",
        "topic",
        "author",
        "puzzle",
        "weather",
    ],
    "fitness": [
        "dashboard",
        "workout_list",
        "workout",
        "start_timer",
        "set_done",
        "rest",
        "finish",
        "log_meal",
        "calories",
        "progress_chart",
        "challenge",
        "friends",
        "badge",
        "coach_chat",
        "plan",
        "upgrade",
        "water",
        "sleep",
    ],
    "property": [
        "listings",
        "map",
        "filter",
        "listing",
        "gallery",
        "floor_plan",
        "mortgage_calc",
        "save",
        "contact_agent",
        "book_viewing",
        "compare",
        "alerts",
        "area_guide",
        "price_history",
        "share",
    ],
    "gaming": [
        "lobby",
        "matchmaking",
        "match",
        "round_end",
        "reward",
        "store",
        "item_page",
        "purchase",
        "inventory",
        "equip",
        "friends",
        "clan",
        "chat",
        "leaderboard",
        "battle_pass",
        "quest",
        "replay",
        "settings",
        "daily_spin",
    ],
}


@dataclass(frozen=True)
class PlantedLog5:
    """One config: groups, users, domain, session length, visits, separation, noise, mechanism."""

    k: int
    users: int
    domain: str
    session_len: float
    visits: float
    separation: float
    noise: float
    mechanism: str
    random_state: int
    alpha: float = 1.0  # Dirichlet concentration of the group shares (small = imbalanced)
    smallest: float = 0.03

    @property
    def name(self) -> str:
        return (
            f"{self.mechanism}:k{self.k}:n{self.users}:{self.domain}:l{self.session_len:g}"
            f":vis{self.visits:g}:sep{self.separation:g}:e{self.noise:g}:a{self.alpha:g}:r{self.random_state}"
        )


@dataclass(frozen=True)
class _Law:
    chains: np.ndarray  # (g, v, v + 1): last column is the end
    starts: np.ndarray  # (g, v)
    hour: np.ndarray  # (g,) mean start hour
    dwell: np.ndarray  # (g,) median seconds between events
    visits: np.ndarray  # (g,) mean sessions per user (1 + Poisson(visits - 1))
    days: np.ndarray  # (g,) mean of the extra days between two sessions (1 + Poisson(days))


def _softmax_rows(z: np.ndarray) -> np.ndarray:
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    return p / p.sum(axis=-1, keepdims=True)


def _graph(v: int, rng: np.random.Generator) -> np.ndarray:
    """Boolean ``(v, v)``: each event's 3-5 successors (never itself)."""
    S = np.zeros((v, v), dtype=bool)
    for a in range(v):
        others = np.delete(np.arange(v), a)
        S[a, rng.choice(others, size=int(rng.integers(3, 6)), replace=False)] = True
    return S


def _route(S: np.ndarray, z: np.ndarray, session_len: float) -> np.ndarray:
    """Chain ``(v, v + 1)`` with successor weights ``softmax(z)`` on the graph ``S`` and an end."""
    moves = np.where(S, np.exp(z), 0.0)
    moves /= moves.sum(axis=1, keepdims=True)
    p_end = 1.0 / max(session_len, 1.5)
    return np.concatenate([moves * (1 - p_end), np.full((len(S), 1), p_end)], axis=1)


def _order_chain(v: int, core: np.ndarray, c: float, session_len: float) -> np.ndarray:
    """Cycle through ``core`` in its order with probability ``c``; otherwise any core event."""
    m = len(core)
    p_end = 1.0 / max(session_len, 1.5)
    P = np.zeros((v, v + 1))
    for i, a in enumerate(core):
        P[a, core] = (1 - c) / m
        P[a, core[(i + 1) % m]] += c
    rest = np.setdiff1d(np.arange(v), core)
    P[rest[:, None], core[None, :]] = 1.0 / m  # off-core events lead back into the core
    P[:, :v] *= 1 - p_end
    P[:, v] = p_end
    return P


def _laws(cfg: PlantedLog5, v: int, rng: np.random.Generator) -> _Law:
    k, sep, m = max(cfg.k, 3), cfg.separation, cfg.mechanism
    S = _graph(v, rng)
    z0 = rng.normal(size=(v, v))
    start0 = rng.dirichlet(np.full(v, 0.6))
    chains = np.repeat(_route(S, z0, cfg.session_len)[None], k, axis=0)
    starts = np.repeat(start0[None], k, axis=0)
    hour = np.full(k, 13.0)
    dwell = np.full(k, 25.0)
    visits = np.full(k, cfg.visits)
    days = np.full(k, 3.0)
    if m in ("route", "route_hour", "route_blend"):
        s = sep * (0.6 if m == "route_hour" else 1.0)
        zs = [0.4 * z0 + s * rng.normal(size=(v, v)) for _ in range(k)]
        chains = np.stack([_route(S, z, cfg.session_len) for z in zs])
        starts = _softmax_rows(np.log(start0)[None] + s * rng.normal(size=(k, v)))
    if m in ("hour", "route_hour"):  # separation in hours (route_hour: 1.2 hours per unit)
        s = sep * (1.2 if m == "route_hour" else 1.0)
        hour = 14.0 + s * np.linspace(-1, 1, k)[rng.permutation(k)]
    if m == "dwell":
        dwell = 25.0 * np.exp(sep * np.linspace(-1, 1, k))[rng.permutation(k)]
    if m == "rhythm":
        visits = cfg.visits * np.exp(sep * np.linspace(-1, 1, k))[rng.permutation(k)]
        days = 3.0 * np.exp(-1.2 * sep * np.linspace(-1, 1, k))[rng.permutation(k)]
    if m == "order":
        core = rng.choice(v, size=min(v, 6), replace=False)
        chains = np.stack(
            [_order_chain(v, core[rng.permutation(len(core))], sep, cfg.session_len) for _ in range(k)]
        )
        starts = np.zeros((k, v))
        starts[:, core] = 1.0 / len(core)
    return _Law(chains, starts, hour, dwell, np.maximum(visits, 1.0), days)


def _shares(cfg: PlantedLog5, rng: np.random.Generator) -> np.ndarray:
    if cfg.k == 1:
        return np.ones(1)
    return cfg.smallest + (1.0 - cfg.smallest * cfg.k) * rng.dirichlet(np.full(cfg.k, cfg.alpha))


def planted_log5(cfg: PlantedLog5) -> tuple[pd.DataFrame, pd.Series, float]:
    """The log (``user_id, session_id, event, timestamp``), each user's group, and the Bayes ARI.

    The Bayes ARI is ``nan`` for ``k=1`` configs (no groups to recover).

    Examples
    --------
    >>> log, group, oracle = planted_log5(PlantedLog5(3, 300, "music", 6.0, 3.0, 6.0, 0.02, "hour", 1))
    >>> sorted(group.unique().tolist()), list(log.columns)
    ([0, 1, 2], ['user_id', 'session_id', 'event', 'timestamp'])
    """
    if (cfg.k == 1) != (cfg.mechanism in _FLAT):
        raise ValueError("k=1 goes with the flat mechanisms, and only with them")
    rng = np.random.default_rng([cfg.random_state, 5557])
    words = _DOMAINS[cfg.domain]
    v = len(words)
    law = _laws(cfg, v, rng)
    n = cfg.users
    group = rng.choice(cfg.k, size=n, p=_shares(cfg, rng))
    g = group.copy()
    chain_u, start_u = law.chains[g], law.starts[g]
    hour_u, dwell_u = law.hour[g].copy(), law.dwell[g].copy()
    visits_u, days_u = law.visits[g].copy(), law.days[g].copy()
    m = cfg.mechanism
    if m == "route_blend":
        d = rng.dirichlet(np.full(3, 1.5), n)
        chain_u = np.einsum("ug,gij->uij", d, law.chains[:3])
        start_u = np.einsum("ug,gi->ui", d, law.starts[:3])
    elif m == "hour_continuum":
        hour_u = rng.uniform(7.0, 23.0, n)
    elif m == "dwell_continuum":
        dwell_u = 25.0 * np.exp(cfg.separation * rng.normal(size=n))
    n_sess = 1 + rng.poisson(visits_u - 1.0)
    sess_user = np.repeat(np.arange(n), n_sess)
    s_idx, e_idx, pos = _walk(cfg, rng, chain_u[sess_user], start_u[sess_user], v)
    day = _session_days(sess_user, days_u[sess_user], rng)
    hours = np.clip(hour_u[sess_user] + _HOUR_SD * rng.normal(size=len(sess_user)), 0.0, 23.5)
    sess_start = day * 86400.0 + hours * 3600.0
    gaps = dwell_u[sess_user[s_idx]] * np.exp(_SIGMA * rng.normal(size=len(s_idx)))
    gaps[pos == 0] = 0.0
    first = np.flatnonzero(pos == 0)
    offs = np.cumsum(gaps)
    offs -= np.repeat(offs[first], np.diff(np.append(first, len(offs))))
    ts = sess_start[s_idx] + offs
    log = pd.DataFrame(
        {
            "user_id": sess_user[s_idx] + 1,
            "session_id": s_idx + 1,
            "event": np.asarray(words, dtype=object)[e_idx],
            "timestamp": pd.Timestamp("2026-10-05") + pd.to_timedelta(np.round(ts), unit="s"),
        }
    )
    log = log.sort_values(["user_id", "timestamp", "session_id"], kind="stable").reset_index(drop=True)
    labels = pd.Series(group, index=np.arange(1, n + 1), name="group")
    if cfg.k == 1:
        return log, labels, float("nan")
    return log, labels, _oracle_ari(cfg, log, group, law, v, words)


def _walk(
    cfg: PlantedLog5, rng: np.random.Generator, chain: np.ndarray, start: np.ndarray, v: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Session, event and position of every emitted event, sorted by session then position."""
    s_chain, s_start = np.cumsum(chain, axis=2), np.cumsum(start, axis=1)

    def draw(cdf: np.ndarray, width: int) -> np.ndarray:
        return np.minimum((cdf < rng.random((cdf.shape[0], 1)) * cdf[:, -1:]).sum(axis=1), width - 1)

    def noisy(ev: np.ndarray) -> np.ndarray:
        return np.where(rng.random(len(ev)) < cfg.noise, rng.integers(0, v, len(ev)), ev)

    ev = noisy(draw(s_start, v))
    alive = np.ones(len(chain), dtype=bool)
    steps_s, steps_e = [], []
    for _ in range(int(cfg.session_len * 8) + 10):
        idx = np.flatnonzero(alive)
        steps_s.append(idx)
        steps_e.append(ev[idx])
        nxt = draw(s_chain[idx, ev[idx]], v + 1)
        ended = nxt == v
        alive[idx[ended]] = False
        ev = ev.copy()
        ev[idx[~ended]] = noisy(nxt[~ended])
        if not alive.any():
            break
    s_idx, e_idx = np.concatenate(steps_s), np.concatenate(steps_e)
    pos = np.concatenate([np.full(len(a), i) for i, a in enumerate(steps_s)])
    order = np.lexsort((pos, s_idx))
    return s_idx[order], e_idx[order], pos[order]


def _session_days(sess_user: np.ndarray, days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Day of each session: a random day in three weeks for the first, then ``1 + Poisson(days)`` apart."""
    step = 1.0 + rng.poisson(days).astype(np.float64)
    first = np.r_[True, sess_user[1:] != sess_user[:-1]]
    step[first] = rng.integers(0, 21, int(first.sum()))
    total = np.cumsum(step)
    base = np.repeat(total[first] - step[first], np.diff(np.append(np.flatnonzero(first), len(step))))
    return total - base


def _oracle_ari(
    cfg: PlantedLog5, log: pd.DataFrame, group: np.ndarray, law: _Law, v: int, words: list[str]
) -> float:
    """ARI of the Bayes classifier that knows each group's chain, end, hour, dwell, rhythm and share."""
    k, e = cfg.k, cfg.noise
    code = pd.Categorical(log["event"], categories=words).codes.astype(np.int64)
    user = log["user_id"].to_numpy() - 1
    sid = log["session_id"].to_numpy()
    first = np.r_[True, sid[1:] != sid[:-1]]
    last = np.r_[sid[1:] != sid[:-1], True]
    prev = np.r_[0, code[:-1]]
    t = (log["timestamp"] - pd.Timestamp("2026-10-05")).dt.total_seconds().to_numpy()
    gap = np.r_[0.0, np.diff(t)]
    hour = np.mod(t / 3600.0, 24.0)
    day = np.floor(t / 86400.0)
    n_sess = np.bincount(user, weights=first, minlength=cfg.users)
    first_day = day[first]
    sess_user = user[first]
    new_user = np.r_[True, sess_user[1:] != sess_user[:-1]]
    extra_days = np.r_[0.0, np.diff(first_day)] - 1.0  # days between sessions, minus one
    ll = np.zeros((cfg.users, k))
    for g in range(k):
        moves, p_end = law.chains[g][:, :v], law.chains[g][:, v]
        obs = (1 - e) * moves + e * (1 - p_end)[:, None] / v
        with np.errstate(divide="ignore"):
            lp = np.where(first, np.log((1 - e) * law.starts[g][code] + e / v), np.log(obs[prev, code]))
        lp = lp + np.where(last, np.log(p_end[code]), 0.0)
        ok = ~first & (gap > 0)
        z = (np.log(np.maximum(gap, 1.0)) - np.log(law.dwell[g])) / _SIGMA
        d = (hour - law.hour[g]) / _HOUR_SD
        lp = lp + np.where(ok, -0.5 * z * z, 0.0) + np.where(first, -0.5 * d * d, 0.0)
        ll[:, g] = np.bincount(user, weights=np.maximum(lp, -50.0), minlength=cfg.users)
        lam = law.visits[g] - 1.0
        ll[:, g] += (n_sess - 1) * np.log(max(lam, 1e-9)) - lam - gammaln(n_sess)
        mu = law.days[g]
        dl = np.where(new_user, 0.0, extra_days * np.log(mu) - mu - gammaln(np.maximum(extra_days, 0) + 1))
        ll[:, g] += np.bincount(sess_user, weights=dl, minlength=cfg.users)
    share = np.bincount(group, minlength=k) / len(group)
    ll += np.log(np.maximum(share, 1e-12))[None]
    return float(adjusted_rand_score(group, ll.argmax(axis=1)))


# Clickstream held-out split 5 (session 8), written and committed before any method ran on it;
# separations were set from the Bayes classifier's ARI alone (the ceiling), before any clustering
# ran. (k, users, domain, session length, visits, separation, noise, mechanism, alpha).
HELDOUT5: list[tuple[int, int, str, float, float, float, float, str, float]] = [
    (2, 2500, "music", 6.0, 4.0, 3.0, 0.03, "hour", 1.0),
    (3, 3000, "news", 5.0, 5.0, 4.0, 0.05, "hour", 0.6),
    (4, 4000, "gaming", 8.0, 3.0, 6.0, 0.05, "hour", 1.0),
    (2, 2000, "fitness", 7.0, 3.0, 0.6, 0.03, "dwell", 0.5),
    (3, 3500, "property", 6.0, 4.0, 0.8, 0.05, "dwell", 1.0),
    (2, 3000, "news", 5.0, 5.0, 0.7, 0.03, "rhythm", 0.8),
    (3, 4000, "music", 6.0, 6.0, 0.6, 0.05, "rhythm", 1.0),
    (2, 2000, "fitness", 8.0, 3.0, 0.5, 0.05, "order", 1.0),
    (4, 4000, "gaming", 7.0, 3.0, 0.55, 0.05, "order", 0.7),
    (6, 6000, "news", 6.0, 3.0, 0.6, 0.08, "order", 1.2),
    (3, 3000, "property", 6.0, 3.0, 1.2, 0.05, "route", 0.4),
    (5, 5000, "music", 7.0, 3.0, 1.3, 0.05, "route", 1.0),
    (7, 6000, "fitness", 6.0, 4.0, 1.3, 0.1, "route", 0.8),
    (2, 1500, "gaming", 5.0, 2.0, 1.0, 0.03, "route", 0.3),
    (3, 3000, "news", 6.0, 4.0, 1.5, 0.05, "route_hour", 1.0),
    (4, 4000, "property", 7.0, 3.0, 1.8, 0.05, "route_hour", 0.6),
    (1, 3000, "music", 6.0, 4.0, 0.0, 0.03, "hour_continuum", 1.0),
    (1, 3000, "fitness", 7.0, 3.0, 0.7, 0.05, "dwell_continuum", 1.0),
    (1, 3500, "gaming", 6.0, 3.0, 1.3, 0.05, "route_blend", 1.0),
    (1, 2500, "property", 5.0, 4.0, 0.0, 0.05, "single", 1.0),
]


def heldout5_configs() -> list[PlantedLog5]:
    """The configs of the clickstream held-out split 5 (seeds 13000 + position)."""
    return [
        PlantedLog5(*c[:8], random_state=13000 + i, alpha=c[8])  # type: ignore[arg-type,misc]
        for i, c in enumerate(HELDOUT5)
    ]
