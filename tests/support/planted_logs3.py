"""Planted clickstream logs of a third family (session 6), for the clickstream held-out split 3.

Written and committed before any clustering method was run on it. Unlike
:mod:`support.planted` (one fixed funnel) and :mod:`support.planted_logs` (session-level
chain mixes, preference, dwell), every group here is an absorbing Markov chain with an
explicit *end* state, so session lengths come from the chain itself, and the groups differ by:

- ``"depth"``: one ordered funnel with side trips; groups drop out at different funnel steps;
- ``"area"``: a shared core plus feature areas (e.g. video vs shop screens); each group
  prefers its own area, some more strongly than others;
- ``"loops"``: groups differ in how often they repeat an event or step back;
- ``"length"``: same routes, groups differ only in how long their sessions last;
- ``"visits"``: same routes and lengths, groups differ in visits (sessions per user) and in
  the time between events;
- ``"single"``: one chain for everyone, but users vary continuously in tempo and visits
  (log-normal per user): heterogeneous, without groups (``k`` must be 1);
- ``"continuum"``: each user's chain is a blend ``w·A + (1-w)·B`` of two area chains with
  ``w`` ~ Beta(1.5, 1.5), fixed per user (``k`` must be 1).

Group sizes are imbalanced: shares are ``smallest + (1 - k·smallest)·Dirichlet(alpha)``.
Noise: with probability ``noise`` an emitted event is replaced by a uniformly random one.
:func:`planted_log3` also returns the ARI of the Bayes classifier that knows every group's
chain (with its end state and noise), dwell law, visit law and share: each config's ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

__all__ = ["PlantedLog3", "planted_log3"]

_SIGMA = 0.8  # log-normal spread of the time between two events
_FLAT = ("single", "continuum")


@dataclass(frozen=True)
class PlantedLog3:
    """One config: groups, users, vocabulary, mean session length, visits, separation, noise."""

    k: int
    users: int
    vocab: int
    session_len: float
    visits: float
    separation: float
    noise: float
    mechanism: str
    random_state: int
    alpha: float = 1.0  # Dirichlet concentration of the group shares (small = imbalanced)
    smallest: float = 0.04

    @property
    def name(self) -> str:
        return (
            f"{self.mechanism}:k{self.k}:n{self.users}:v{self.vocab}:l{self.session_len:g}"
            f":vis{self.visits:g}:sep{self.separation:g}:e{self.noise:g}:a{self.alpha:g}:r{self.random_state}"
        )


def _shares(cfg: PlantedLog3, rng: np.random.Generator) -> np.ndarray:
    if cfg.k == 1:
        return np.ones(1)
    return cfg.smallest + (1.0 - cfg.smallest * cfg.k) * rng.dirichlet(np.full(cfg.k, cfg.alpha))


def _with_end(moves: np.ndarray, p_end: np.ndarray) -> np.ndarray:
    """Rows ``(v, v)`` of moves between events plus an end column: ``(v, v + 1)``."""
    moves = moves / moves.sum(axis=-1, keepdims=True)
    return np.concatenate([moves * (1 - p_end)[..., None], p_end[..., None]], axis=-1)


def _chains(cfg: PlantedLog3, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Per-group chains ``(k, v, v + 1)`` (last column: end) and start laws ``(k, v)``."""
    v, k, sep = cfg.vocab, max(cfg.k, 2), cfg.separation
    base = rng.dirichlet(np.full(v, 0.5), size=v)
    start = rng.dirichlet(np.full(v, 0.4))
    p_end = np.full(v, 1.0 / max(cfg.session_len, 1.5))
    if cfg.mechanism == "depth":
        f = max(3, v // 2)  # events 0..f-1 form the funnel, in order
        step = np.zeros((v, v))
        step[np.arange(f - 1), np.arange(1, f)] = 1.0
        moves = 0.6 * step + 0.4 * base
        moves[f - 1] = base[f - 1]
        start = 0.7 * np.eye(v)[0] + 0.3 * start
        drop = np.sort(rng.choice(np.arange(1, f), size=k, replace=False))  # needs k < v // 2
        chains = []
        for g in range(k):
            pe = np.full(v, 0.04)
            pe[drop[g] :] = 0.04 + sep * 0.6  # past its drop step a group leaves early
            chains.append(_with_end(moves, np.minimum(pe, 0.9)))
        return np.stack(chains), np.repeat(start[None], k, axis=0)
    if cfg.mechanism in ("area", "continuum"):
        core = max(2, v // 6)  # the shared core (home, search, ...)
        area = np.r_[np.full(core, -1), np.arange(v - core) % k]  # one area per group
        own = rng.permutation(k)
        strength = sep * rng.uniform(0.7, 1.3, k)
        chains = []
        for g in range(k):
            w = np.exp(strength[g] * (area == own[g]))
            chains.append(_with_end(base * w[None], p_end))
        starts = np.stack([start * np.exp(0.5 * strength[g] * (area == own[g])) for g in range(k)])
        return np.stack(chains), starts / starts.sum(axis=1, keepdims=True)
    if cfg.mechanism == "loops":
        back = np.roll(np.eye(v), -1, axis=1)  # step back to the previous event
        r = np.linspace(0.05, 0.05 + sep, k)[rng.permutation(k)]
        chains = [
            _with_end((1 - r[g]) * base + r[g] * (0.6 * np.eye(v) + 0.4 * back), p_end) for g in range(k)
        ]
        return np.stack(chains), np.repeat(start[None], k, axis=0)
    if cfg.mechanism == "length":
        mean = cfg.session_len * np.exp(sep * np.linspace(-1, 1, k))[rng.permutation(k)]
        chains = [_with_end(base, np.full(v, 1.0 / max(m, 1.2))) for m in mean]
        return np.stack(chains), np.repeat(start[None], k, axis=0)
    if cfg.mechanism in ("visits", "single"):
        chains = np.repeat(_with_end(base, p_end)[None], k, axis=0)
        return chains, np.repeat(start[None], k, axis=0)
    raise ValueError(f"unknown mechanism {cfg.mechanism!r}")


def _group_tempo(cfg: PlantedLog3) -> tuple[np.ndarray, np.ndarray]:
    """Per-group median seconds between events and mean extra visits (own seeded stream)."""
    k = max(cfg.k, 2)
    if cfg.mechanism != "visits":
        return np.full(k, 30.0), np.full(k, cfg.visits - 1.0)
    z = np.linspace(-1, 1, k)[np.random.default_rng([cfg.random_state, 4441]).permutation(k)]
    return 30.0 * np.exp(cfg.separation * z), (cfg.visits - 1.0) * np.exp(-cfg.separation * z)


def _tempo(cfg: PlantedLog3, rng: np.random.Generator, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-user median seconds between events and mean extra visits."""
    dwell_g, visits_g = _group_tempo(cfg)
    dwell, visits = dwell_g[group], visits_g[group]
    if cfg.mechanism == "single":  # a continuum of tempo, no groups
        dwell = dwell * np.exp(0.8 * rng.normal(size=len(group)))
        visits = visits * np.exp(0.6 * rng.normal(size=len(group)))
    return dwell, visits


def planted_log3(cfg: PlantedLog3) -> tuple[pd.DataFrame, pd.Series, float]:
    """The log (``user_id, session_id, event, timestamp``), each user's group, and the Bayes ARI.

    The Bayes ARI is ``nan`` for ``k=1`` configs (no groups to recover).

    Examples
    --------
    >>> log, group, oracle = planted_log3(PlantedLog3(3, 300, 10, 5.0, 2.0, 0.8, 0.05, "area", 1))
    >>> sorted(group.unique().tolist()), list(log.columns)
    ([0, 1, 2], ['user_id', 'session_id', 'event', 'timestamp'])
    """
    if (cfg.k == 1) != (cfg.mechanism in _FLAT):
        raise ValueError("k=1 goes with the 'single' and 'continuum' mechanisms, and only with them")
    rng = np.random.default_rng([cfg.random_state, 3331])
    v = cfg.vocab
    words = [f"ev{i:02d}_{w}" for i, w in enumerate(rng.permutation(_WORDS * 2)[:v])]
    chains, starts = _chains(cfg, rng)
    group = rng.choice(cfg.k, size=cfg.users, p=_shares(cfg, rng))
    if cfg.mechanism == "continuum":  # a per-user blend of the two area chains
        w = rng.beta(1.5, 1.5, cfg.users)
        user_chain = w[:, None, None] * chains[0][None] + (1 - w)[:, None, None] * chains[1][None]
        user_start = w[:, None] * starts[0][None] + (1 - w)[:, None] * starts[1][None]
    else:
        user_chain, user_start = chains[group], starts[group]
    dwell, visits = _tempo(cfg, rng, group)
    n_sess = 1 + rng.poisson(visits)
    sess_user = np.repeat(np.arange(cfg.users), n_sess)
    n_s = len(sess_user)
    s_chain = np.cumsum(user_chain, axis=2)  # (users, v, v + 1)
    s_start = np.cumsum(user_start, axis=1)

    def draw(cdf: np.ndarray, width: int) -> np.ndarray:
        return np.minimum((cdf < rng.random((cdf.shape[0], 1))).sum(axis=1), width - 1)

    def noisy(ev: np.ndarray) -> np.ndarray:
        return np.where(rng.random(len(ev)) < cfg.noise, rng.integers(0, v, len(ev)), ev)

    ev = noisy(draw(s_start[sess_user], v))
    alive = np.ones(n_s, dtype=bool)
    steps_s, steps_e = [], []
    max_len = int(cfg.session_len * 12) + 10
    for _ in range(max_len):
        idx = np.flatnonzero(alive)
        steps_s.append(idx)
        steps_e.append(ev[idx])
        nxt = draw(s_chain[sess_user[idx], ev[idx]], v + 1)
        ended = nxt == v
        alive[idx[ended]] = False
        ev = ev.copy()
        ev[idx[~ended]] = noisy(nxt[~ended])
        if not alive.any():
            break
    s_idx = np.concatenate(steps_s)
    e_idx = np.concatenate(steps_e)
    pos = np.concatenate([np.full(len(a), i) for i, a in enumerate(steps_s)])
    order = np.lexsort((pos, s_idx))
    s_idx, e_idx, pos = s_idx[order], e_idx[order], pos[order]
    sess_start = _session_starts(sess_user, rng)
    gaps = dwell[sess_user[s_idx]] * np.exp(_SIGMA * rng.normal(size=len(s_idx)))
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
            "timestamp": pd.Timestamp("2026-10-01") + pd.to_timedelta(np.round(ts), unit="s"),
        }
    )
    labels = pd.Series(group, index=np.arange(1, cfg.users + 1), name="group")
    if cfg.k == 1:
        return log, labels, float("nan")
    return log, labels, _oracle_ari(cfg, log, group, chains, starts, _group_tempo(cfg))


def _session_starts(sess_user: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Start second of each session: a random day for the user's first, then 4 h to 8 days apart."""
    step = rng.uniform(4 * 3600, 8 * 86400, len(sess_user))
    first = np.r_[True, sess_user[1:] != sess_user[:-1]]
    step[first] = rng.uniform(0, 20 * 86400, int(first.sum()))
    total = np.cumsum(step)
    base = np.repeat(total[first] - step[first], np.diff(np.append(np.flatnonzero(first), len(step))))
    return total - base


def _oracle_ari(
    cfg: PlantedLog3,
    log: pd.DataFrame,
    group: np.ndarray,
    chains: np.ndarray,
    starts: np.ndarray,
    tempo: tuple[np.ndarray, np.ndarray],
) -> float:
    """ARI of the Bayes classifier that knows each group's chain, end law, tempo, visits and share."""
    v, k, e = cfg.vocab, cfg.k, cfg.noise
    words = sorted(log["event"].unique(), key=lambda w: int(w[2:4]))
    code = pd.Categorical(log["event"], categories=words).codes.astype(np.int64)
    user = log["user_id"].to_numpy() - 1
    sid = log["session_id"].to_numpy()
    first = np.r_[True, sid[1:] != sid[:-1]]
    last = np.r_[sid[1:] != sid[:-1], True]
    prev = np.r_[0, code[:-1]]
    t = log["timestamp"].to_numpy().astype("datetime64[s]").astype(np.int64).astype(float)
    gap = np.r_[0.0, np.diff(t)]
    dwell_g, visits_g = tempo
    ll = np.zeros((cfg.users, k))
    for g in range(k):
        moves, p_end = chains[g][:, :v], chains[g][:, v]
        # observed next event after x: (1-e)·T[x, y] + e·(1 - end[x]) / v
        obs = (1 - e) * moves + e * (1 - p_end)[:, None] / v
        lp = np.where(first, np.log((1 - e) * starts[g][code] + e / v), np.log(obs[prev, code]))
        lp = lp + np.where(last, np.log(p_end[code]), 0.0)
        if cfg.mechanism == "visits":
            ok = ~first & (gap > 0)
            z = (np.log(np.maximum(gap, 1.0)) - np.log(dwell_g[g])) / _SIGMA
            lp = lp + np.where(ok, -0.5 * z * z, 0.0)
        ll[:, g] = np.bincount(user, weights=lp, minlength=cfg.users)
    if cfg.mechanism == "visits":
        n_extra = np.bincount(user[first], minlength=cfg.users) - 1
        ll += n_extra[:, None] * np.log(np.maximum(visits_g[:k], 1e-12))[None] - visits_g[:k][None]
    share = np.bincount(group, minlength=k) / len(group)
    ll += np.log(np.maximum(share, 1e-12))[None]
    return float(adjusted_rand_score(group, ll.argmax(axis=1)))


_WORDS = [
    "open_app",
    "browse",
    "search",
    "item",
    "details",
    "photos",
    "reviews",
    "add_to_bag",
    "bag",
    "pay",
    "confirm",
    "watch",
    "pause",
    "next_episode",
    "playlist",
    "download",
    "news",
    "read",
    "comment",
    "like",
    "follow",
    "inbox",
    "message",
    "call",
    "map",
    "book",
    "cancel",
]
