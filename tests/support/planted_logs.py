"""Planted clickstream logs of a second family (session 5), for the clickstream held-out split.

Unlike :func:`support.planted.planted_events` (one fixed 11-event funnel, each group a
random chain on it, 1-3 sessions of at most 20 events), every log here draws its own
event vocabulary (6-40 names), number of sessions per user, session length and noise,
and the groups differ by one of several mechanisms:

- ``"chain"``: each group mixes a shared chain with its own (``separation`` = its weight);
- ``"preference"``: one shared chain, each group reweights the *next* events it likes
  (which events, not in which order);
- ``"dwell"``: mostly shared paths, but the groups differ in how long they dwell between
  events and how many sessions they have (tempo, not route);
- ``"none"``: one chain for everyone (``k`` must be 1: a log with no segments);
- ``"continuum"``: each user mixes two chains with a weight drawn from Beta(2, 2): users
  vary, but along a continuum without groups (``k`` must be 1: no clear segments).

Noise: with probability ``noise`` an event is replaced by a uniformly random one.
:func:`planted_log` also returns, for planted logs, the ARI of the Bayes classifier that
knows the generating chains, shares and dwell laws (the best any method can do, from the
routes, tempo and session counts it models) so each config's ceiling is known.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

__all__ = ["PlantedLog", "planted_log"]

_WORDS = [
    "home",
    "feed",
    "search",
    "results",
    "product_page",
    "reviews",
    "gallery",
    "size_guide",
    "wishlist",
    "cart",
    "checkout",
    "address",
    "payment",
    "otp",
    "order_placed",
    "track_order",
    "returns",
    "help",
    "chat",
    "login",
    "signup",
    "profile",
    "settings",
    "notifications",
    "offers",
    "coupon",
    "compare",
    "video_play",
    "video_pause",
    "share",
    "rate_app",
    "category",
    "filter",
    "sort",
    "store_locator",
    "emi_options",
    "delivery_slot",
    "referral",
    "wallet",
    "logout",
    "article",
    "podcast",
    "quiz",
]


@dataclass(frozen=True)
class PlantedLog:
    """One planted clickstream config (see the module docstring for ``mechanism``)."""

    k: int
    users: int
    vocab: int
    sessions_mean: float
    session_len: float
    separation: float
    noise: float
    mechanism: str
    random_state: int
    smallest: float = 0.05

    @property
    def name(self) -> str:
        return (
            f"{self.mechanism}:k{self.k}:n{self.users}:v{self.vocab}:s{self.sessions_mean:g}"
            f":l{self.session_len:g}:sep{self.separation:g}:e{self.noise:g}:r{self.random_state}"
        )


def _shares(k: int, rng: np.random.Generator, smallest: float) -> np.ndarray:
    if k == 1:
        return np.ones(1)
    return smallest + (1.0 - smallest * k) * rng.dirichlet(np.full(k, 1.5))


def _rows(rng: np.random.Generator, v: int, alpha: float) -> np.ndarray:
    return rng.dirichlet(np.full(v, alpha), size=v)


def _user_chains(cfg: PlantedLog, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-group transition matrices ``(k, v, v)``, start distributions ``(k, v)``, dwell medians ``(k,)``."""
    v, k = cfg.vocab, cfg.k
    base = _rows(rng, v, 0.4)
    start = rng.dirichlet(np.full(v, 0.3))
    dwell = np.full(k, 25.0)
    if cfg.mechanism in ("chain", "none", "continuum"):
        own = np.stack([_rows(rng, v, 0.3) for _ in range(max(k, 2))])
        s = cfg.separation if cfg.mechanism == "chain" else 1.0
        chains = (1 - s) * base[None] + s * own
        starts = np.stack([0.5 * start + 0.5 * rng.dirichlet(np.full(v, 0.5)) for _ in range(max(k, 2))])
        if cfg.mechanism == "none":
            chains, starts = chains[:1], starts[:1]
    elif cfg.mechanism == "preference":
        w = np.exp(cfg.separation * rng.normal(size=(k, v)))
        chains = base[None] * w[:, None, :]
        chains /= chains.sum(axis=2, keepdims=True)
        starts = np.repeat(start[None], k, axis=0)
    elif cfg.mechanism == "dwell":
        own = np.stack([_rows(rng, v, 0.5) for _ in range(k)])
        chains = 0.85 * base[None] + 0.15 * own
        starts = np.repeat(start[None], k, axis=0)
        dwell = 25.0 * np.exp(cfg.separation * np.linspace(-1.0, 1.0, k))[rng.permutation(k)]
    else:
        raise ValueError(f"unknown mechanism {cfg.mechanism!r}")
    return chains, starts, dwell


def planted_log(cfg: PlantedLog) -> tuple[pd.DataFrame, pd.Series, float]:
    """The log (``user_id, session_id, event, timestamp``), each user's group, and the oracle ARI.

    The oracle ARI is ``nan`` for ``k=1`` configs (no groups to recover).

    Examples
    --------
    >>> log, group, oracle = planted_log(PlantedLog(3, 300, 10, 2.0, 6.0, 0.6, 0.05, "chain", 1))
    >>> sorted(group.unique().tolist()), list(log.columns)
    ([0, 1, 2], ['user_id', 'session_id', 'event', 'timestamp'])
    """
    if (cfg.k == 1) != (cfg.mechanism in ("none", "continuum")):
        raise ValueError("k=1 goes with the 'none' and 'continuum' mechanisms, and only with them")
    rng = np.random.default_rng([cfg.random_state, 5151])
    words = list(rng.permutation(_WORDS)[: cfg.vocab])
    words += [f"screen_{i}" for i in range(cfg.vocab - len(words))]
    v = cfg.vocab
    chains, starts, dwell = _user_chains(cfg, rng)
    group = rng.choice(cfg.k, size=cfg.users, p=_shares(cfg.k, rng, cfg.smallest))
    # Sessions per user: 1 + Poisson; the dwell mechanism also gives slow groups fewer sessions.
    lam = np.full(cfg.users, cfg.sessions_mean - 1.0)
    if cfg.mechanism == "dwell":
        lam = lam * (25.0 / dwell[group]) ** 0.3
    n_sess = 1 + rng.poisson(lam)
    sess_user = np.repeat(np.arange(cfg.users), n_sess)
    n_s = len(sess_user)
    # The chain each session's steps follow: a group's, or (continuum) a per-step mix of two.
    mix = rng.beta(2.0, 2.0, size=cfg.users) if cfg.mechanism == "continuum" else None
    sgroup = group[sess_user]
    p_end = 1.0 / max(cfg.session_len, 1.0)
    max_len = int(np.ceil(cfg.session_len * 6)) + 2
    cum = np.cumsum(chains, axis=2)
    cum_start = np.cumsum(starts, axis=1)

    def draw(cdf: np.ndarray) -> np.ndarray:
        return np.minimum((cdf < rng.random((cdf.shape[0], 1))).sum(axis=1), v - 1)

    def which() -> np.ndarray:
        if mix is None:
            return sgroup
        return (rng.random(n_s) < mix[sess_user]).astype(int)

    state = draw(cum_start[which()])
    alive = np.ones(n_s, dtype=bool)
    steps_s, steps_e = [], []
    for step in range(max_len):
        ev = np.where(rng.random(n_s) < cfg.noise, rng.integers(0, v, n_s), state)
        idx = np.flatnonzero(alive)
        steps_s.append(idx)
        steps_e.append(ev[idx])
        if step > 0:  # every session has at least two events
            alive &= rng.random(n_s) >= p_end
        if not alive.any():
            break
        state = draw(cum[which(), ev])
    s_idx = np.concatenate(steps_s)
    e_idx = np.concatenate(steps_e)
    pos = np.concatenate([np.full(len(a), i) for i, a in enumerate(steps_s)])
    order = np.lexsort((pos, s_idx))
    s_idx, e_idx, pos = s_idx[order], e_idx[order], pos[order]
    # Time: a user's sessions 6 hours to 5 days apart (never overlapping); dwell between events
    # lognormal around the group's median.
    sess_start = _session_starts(sess_user, rng)
    gaps = dwell[group[sess_user[s_idx]]] * np.exp(0.7 * rng.normal(size=len(s_idx)))
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
            "timestamp": pd.Timestamp("2026-08-01") + pd.to_timedelta(np.round(ts), unit="s"),
        }
    )
    labels = pd.Series(group, index=np.arange(1, cfg.users + 1), name="group")
    oracle = float("nan") if cfg.k == 1 else _oracle_ari(cfg, log, group, chains, starts, dwell, words)
    return log, labels, oracle


def _session_starts(sess_user: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Start second of each session: a random day for the user's first, then 6 h to 5 days apart."""
    step = rng.uniform(6 * 3600, 5 * 86400, len(sess_user))
    first = np.r_[True, sess_user[1:] != sess_user[:-1]]
    step[first] = rng.uniform(0, 30 * 86400, int(first.sum()))
    total = np.cumsum(step)
    base = np.repeat(total[first] - step[first], np.diff(np.append(np.flatnonzero(first), len(step))))
    return total - base


def _oracle_ari(
    cfg: PlantedLog,
    log: pd.DataFrame,
    group: np.ndarray,
    chains: np.ndarray,
    starts: np.ndarray,
    dwell: np.ndarray,
    words: list[str],
) -> float:
    """ARI of the Bayes classifier that knows every group's chain, start law, dwell law and shares."""
    v, k = cfg.vocab, cfg.k
    code = pd.Categorical(log["event"], categories=words).codes
    user = log["user_id"].to_numpy() - 1
    sid = log["session_id"].to_numpy()
    first = np.r_[True, sid[1:] != sid[:-1]]
    noisy_chain = (1 - cfg.noise) * chains + cfg.noise / v
    noisy_start = (1 - cfg.noise) * starts + cfg.noise / v
    ll = np.zeros((cfg.users, k))
    prev = np.r_[0, code[:-1]]
    t = log["timestamp"].to_numpy().astype("datetime64[s]").astype(np.int64).astype(float)
    gap = np.r_[0.0, np.diff(t)]
    for g in range(k):
        lp = np.where(first, np.log(noisy_start[g][code]), np.log(noisy_chain[g][prev, code]))
        if cfg.mechanism == "dwell":
            ok = ~first & (gap > 0)
            z = (np.log(np.maximum(gap, 1.0)) - np.log(dwell[g])) / 0.7
            lp = lp + np.where(ok, -0.5 * z * z, 0.0)
        ll[:, g] = np.bincount(user, weights=lp, minlength=cfg.users)
    if cfg.mechanism == "dwell":
        lam = (cfg.sessions_mean - 1.0) * (25.0 / dwell) ** 0.3
        n_sess = np.bincount(user[first], minlength=cfg.users) - 1
        ll += n_sess[:, None] * np.log(np.maximum(lam, 1e-12))[None] - lam[None]
    counts = np.bincount(group, minlength=k) / len(group)
    ll += np.log(np.maximum(counts, 1e-12))[None]
    return float(adjusted_rand_score(group, ll.argmax(axis=1)))
