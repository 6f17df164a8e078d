"""Planted clickstream logs of a seventh family (session 10), for the clickstream held-out split 7.

Written and committed before any clustering method was run on it. Shapes not used in splits 1-6:

- ``"order"``: groups walk the *same* six-step funnel, each with a different pair of adjacent
  steps swapped (compare-then-cart against cart-then-compare): the events and their counts are
  nearly the same, only the order of one pair differs;
- ``"dwell_event"``: groups differ only in how long they stay on three busy events (readers
  against skimmers of the policy page); every other gap, path, hour and rhythm is the same;
- ``"cadence"``: the same number of sessions per user, the same paths and hours; groups differ
  only in how many days lie between two sessions (daily, weekly, monthly);
- ``"tiny"``: route groups with shares like 60 % / 20 % / 17 % / 2 % / 1 % on large logs (so a
  1-2 % group still holds hundreds of users);
- ``"short"``: very short logs (one visit of 2-3 events per user), route groups;
- ``"bots"``: route groups beside a 1.5-2 % group of bot-like repeaters (the same event over and
  over, one or two seconds apart, many sessions a day, at night);
- ``"mixed_small"``: a 60 % base beside small groups, each differing in another aspect (route,
  dwell on the busy events, cadence, start hour);
- ``"route"`` with heavy tracking noise;

and five **logs without groups** (``k`` must be 1):

- ``"order_continuum"``: each user follows the funnel with a strictness drawn from a uniform law;
- ``"cadence_continuum"``: each user's days between sessions a log-normal draw;
- ``"short_single"``: very short logs from one chain;
- ``"heavy_tail"``: one chain and time law, activity (sessions per user) heavy-tailed (Pareto):
  power users are a tail, not a segment;
- ``"dwell_event_continuum"``: each user's dwell on the busy events a log-normal draw.

Every log is recorded by a flaky tracker (events lost with probability ``drop``, fired twice
with probability ``dup``) on top of ``noise`` (an event replaced by a random one). Vocabularies
come from five domains not used before (insurance, grocery, job search, telehealth, ride hailing).
:func:`planted_log7` also returns the ARI of the Bayes classifier that knows the generator and
sees the log before the tracker's drops and duplicates (an upper bound of the ceiling).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import gammaln
from sklearn.metrics import adjusted_rand_score

from support.planted_logs5 import _HOUR_SD, _SIGMA, _graph, _route, _session_days, _softmax_rows
from support.planted_logs6 import _tracking

__all__ = ["HELDOUT7", "PlantedLog7", "heldout7_configs", "planted_log7"]

_FLAT = ("order_continuum", "cadence_continuum", "short_single", "heavy_tail", "dwell_event_continuum")
_ORIGIN = pd.Timestamp("2026-12-07")

_DOMAINS: dict[str, list[str]] = {
    "insurance": [
        "home",
        "get_quote",
        "vehicle_form",
        "plans",
        "plan_detail",
        "compare",
        "add_rider",
        "policy_doc",
        "kyc",
        "payment",
        "policy_issued",
        "claims",
        "claim_form",
        "upload_docs",
        "renew",
        "support_chat",
        "faq",
    ],
    "grocery": [
        "open",
        "categories",
        "aisle",
        "product",
        "search",
        "add_to_basket",
        "basket",
        "substitute",
        "slot_pick",
        "checkout",
        "pay",
        "order_confirmed",
        "track",
        "recipes",
        "deals",
        "loyalty",
        "reorder_list",
        "feedback",
    ],
    "jobs": [
        "home",
        "job_search",
        "results",
        "job_detail",
        "company_page",
        "save_job",
        "apply",
        "resume_upload",
        "cover_letter",
        "application_sent",
        "alerts",
        "profile",
        "skills_test",
        "messages",
        "salary_insights",
        "reviews",
    ],
    "telehealth": [
        "launch",
        "symptom_check",
        "doctor_list",
        "doctor_profile",
        "book_slot",
        "pay_fee",
        "waiting_room",
        "video_consult",
        "prescription",
        "order_medicine",
        "lab_tests",
        "reports",
        "reminders",
        "health_articles",
        "family_profiles",
        "rate_doctor",
        "help",
    ],
    "ridehail": [
        "open_app",
        "set_pickup",
        "set_drop",
        "fare_estimate",
        "choose_ride",
        "apply_promo",
        "confirm_ride",
        "driver_assigned",
        "track_driver",
        "ride_start",
        "ride_end",
        "pay",
        "rate_driver",
        "wallet",
        "scheduled_rides",
        "safety",
        "support",
    ],
}


@dataclass(frozen=True)
class PlantedLog7:
    """One config: groups, users, domain, session length, visits, separation, noise, mechanism, tracking."""

    k: int
    users: int
    domain: str
    session_len: float
    visits: float
    separation: float
    noise: float
    mechanism: str
    random_state: int
    shares: tuple[float, ...] = ()  # explicit group shares; empty: smallest + Dirichlet(alpha)
    drop: float = 0.03  # probability that an event is lost by the tracker
    dup: float = 0.03  # probability that an event is fired twice
    alpha: float = 1.0
    smallest: float = 0.03

    @property
    def name(self) -> str:
        sh = "/".join(f"{s:g}" for s in self.shares) if self.shares else f"a{self.alpha:g}"
        return (
            f"{self.mechanism}:k{self.k}:n{self.users}:{self.domain}:l{self.session_len:g}"
            f":vis{self.visits:g}:sep{self.separation:g}:e{self.noise:g}:{sh}"
            f":drop{self.drop:g}:dup{self.dup:g}:r{self.random_state}"
        )


@dataclass(frozen=True)
class _Law7:
    chains: np.ndarray  # (g, v, v + 1): last column is the end
    starts: np.ndarray  # (g, v)
    hour: np.ndarray  # (g,) mean start hour
    dwell: np.ndarray  # (g, v) median seconds spent on an event before the next one
    visits: np.ndarray  # (g,) mean sessions per user (1 + Poisson(visits - 1))
    days: np.ndarray  # (g,) mean of the extra days between two sessions (1 + Poisson(days))


def _funnel(v: int, order: np.ndarray, c: float, session_len: float) -> tuple[np.ndarray, np.ndarray]:
    """Chain and start law of a funnel: the next step of ``order`` with probability ``c``.

    Otherwise any other funnel step; off-funnel events lead back to the first step.
    """
    m, p_end = len(order), 1.0 / max(session_len, 1.5)
    P = np.zeros((v, v + 1))
    for i, a in enumerate(order):
        others = np.delete(order, i)
        P[a, others] = (1.0 - c) / (m - 1)
        P[a, order[(i + 1) % m]] += c
    rest = np.setdiff1d(np.arange(v), order)
    P[rest, order[0]] = 0.5
    P[rest[:, None], order[None, 1:]] += 0.5 / (m - 1)
    P[:, :v] *= 1.0 - p_end
    P[:, v] = p_end
    start = np.full(v, 0.02 / v)
    start[order[0]] += 0.7
    start[order[1:]] += 0.28 / (m - 1)
    return P, start / start.sum()


def _bot(v: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A scraper: one event repeated with probability 0.85, else one of two others; long sessions."""
    a, b, c = rng.choice(v, size=3, replace=False)
    P = np.zeros((v, v + 1))
    P[:, a] = 0.85
    P[:, b] = 0.07
    P[:, c] = 0.07
    P[:, v] = 0.01 + 1.0 / 30.0
    P /= P.sum(axis=1, keepdims=True)
    start = np.full(v, 0.1 / v)
    start[a] += 0.9
    return P, start / start.sum()


def _laws(cfg: PlantedLog7, v: int, rng: np.random.Generator) -> tuple[_Law7, np.ndarray, np.ndarray]:
    """Each group's laws, the funnel order and the three busy ("dwell") events."""
    g_n, sep, m = max(cfg.k, 5), cfg.separation, cfg.mechanism
    S = _graph(v, rng)
    z0 = rng.normal(size=(v, v))
    start0 = rng.dirichlet(np.full(v, 0.6))
    base = _route(S, z0, cfg.session_len)
    busy = np.argsort(-(start0 @ np.linalg.inv(np.eye(v) - base[:, :v])))
    hot = busy[rng.permutation(6)[:3]]
    order = rng.choice(v, size=6, replace=False)
    chains = np.repeat(base[None], g_n, axis=0)
    starts = np.repeat(start0[None], g_n, axis=0)
    hour = np.full(g_n, 14.0)
    dwell = np.full((g_n, v), 20.0)
    visits = np.full(g_n, cfg.visits)
    days = np.full(g_n, 3.0)
    perm = rng.permutation(max(cfg.k, 1))
    lin = np.linspace(-1.0, 1.0, max(cfg.k, 2))
    if m in ("tiny", "short", "bots", "route", "short_single", "heavy_tail"):
        s = sep if m not in ("short_single", "heavy_tail") else 0.0
        zs = [0.4 * z0 + s * rng.normal(size=(v, v)) for _ in range(g_n)]
        chains = np.stack([_route(S, z, cfg.session_len) for z in zs])
        starts = _softmax_rows(np.log(start0)[None] + s * rng.normal(size=(g_n, v)))
    if m in ("order", "order_continuum"):
        for g in range(g_n):
            o = order.copy()
            if g > 0 and m == "order":  # group g swaps the funnel's steps g-1 and g (0-based)
                o[[g - 1, g]] = o[[g, g - 1]]
            chains[g], starts[g] = _funnel(v, o, sep, cfg.session_len)
    if m == "dwell_event":
        for g in range(cfg.k):
            dwell[g, hot] = 20.0 * np.exp(sep * lin[perm[g]])
    if m == "cadence":
        days[: cfg.k] = 3.0 * np.exp(sep * lin[perm])
    if m == "bots":  # the last group is the bots
        chains[cfg.k - 1], starts[cfg.k - 1] = _bot(v, rng)
        dwell[cfg.k - 1] = 1.5
        visits[cfg.k - 1] = 12.0
        days[cfg.k - 1] = 0.0
        hour[cfg.k - 1] = 3.0
    if m == "mixed_small":  # group 0 the base; 1 route, 2 dwell on busy events, 3 cadence, 4 hour
        chains[1] = _route(S, 0.4 * z0 + 1.2 * sep * rng.normal(size=(v, v)), cfg.session_len)
        dwell[2, hot] = 20.0 * np.exp(1.2 * sep)
        days[3] = 3.0 * np.exp(-1.5 * sep) if cfg.k > 3 else 3.0
        hour[4] = 14.0 + 5.0 * sep
    law = _Law7(chains, starts, hour, dwell, np.maximum(visits, 1.0), days)
    return law, order, hot


def _shares(cfg: PlantedLog7, rng: np.random.Generator) -> np.ndarray:
    if cfg.k == 1:
        return np.ones(1)
    if cfg.shares:
        p = np.asarray(cfg.shares, dtype=np.float64)
        return p / p.sum()
    return cfg.smallest + (1.0 - cfg.smallest * cfg.k) * rng.dirichlet(np.full(cfg.k, cfg.alpha))


def _walk(
    cfg: PlantedLog7, rng: np.random.Generator, chains: np.ndarray, starts: np.ndarray, row: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Session, event and position of every emitted event; session ``s`` walks ``chains[row[s]]``."""
    v = chains.shape[1]
    c_chain, c_start = np.cumsum(chains, axis=2), np.cumsum(starts, axis=1)

    def draw(cdf: np.ndarray, width: int) -> np.ndarray:
        return np.minimum((cdf < rng.random((cdf.shape[0], 1)) * cdf[:, -1:]).sum(axis=1), width - 1)

    def noisy(ev: np.ndarray) -> np.ndarray:
        return np.where(rng.random(len(ev)) < cfg.noise, rng.integers(0, v, len(ev)), ev)

    ev = noisy(draw(c_start[row], v))
    alive = np.ones(len(row), dtype=bool)
    steps_s, steps_e = [], []
    for _ in range(int(max(cfg.session_len, 30.0) * 8) + 10):
        idx = np.flatnonzero(alive)
        steps_s.append(idx)
        steps_e.append(ev[idx])
        nxt = draw(c_chain[row[idx], ev[idx]], v + 1)
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


def planted_log7(cfg: PlantedLog7) -> tuple[pd.DataFrame, pd.Series, float]:
    """The log (``user_id, session_id, event, timestamp``), each user's group, and the Bayes ARI.

    The Bayes ARI is ``nan`` for ``k=1`` configs. Users every one of whose events the tracker
    lost are absent from the log (and kept in the group series).

    Examples
    --------
    >>> log, group, oracle = planted_log7(PlantedLog7(3, 300, "jobs", 6.0, 4.0, 1.0, 0.02, "cadence", 1))
    >>> sorted(group.unique().tolist()), list(log.columns)
    ([0, 1, 2], ['user_id', 'session_id', 'event', 'timestamp'])
    """
    if (cfg.k == 1) != (cfg.mechanism in _FLAT):
        raise ValueError("k=1 goes with the flat mechanisms, and only with them")
    rng = np.random.default_rng([cfg.random_state, 7771])
    words = _DOMAINS[cfg.domain]
    v = len(words)
    law, order, hot = _laws(cfg, v, rng)
    n, m = cfg.users, cfg.mechanism
    group = rng.choice(cfg.k, size=n, p=_shares(cfg, rng))
    chains, starts, row = law.chains, law.starts, group.copy()  # row: each user's chain
    hour_u, dwell_u = law.hour[group], law.dwell[group].copy()
    visits_u, days_u = law.visits[group].copy(), law.days[group].copy()
    if m == "order_continuum":
        c = rng.uniform(0.1, 0.9, n)
        pairs = [_funnel(v, order, ci, cfg.session_len) for ci in c]
        chains, starts, row = np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs]), np.arange(n)
    elif m == "cadence_continuum":
        days_u = 3.0 * np.exp(cfg.separation * rng.normal(size=n))
    elif m == "heavy_tail":
        visits_u = np.minimum(60.0, 1.0 + cfg.visits * rng.pareto(1.6, n))
    elif m == "dwell_event_continuum":
        dwell_u[:, hot] = 20.0 * np.exp(cfg.separation * rng.normal(size=n))[:, None]
    n_sess = 1 + rng.poisson(visits_u - 1.0)
    sess_user = np.repeat(np.arange(n), n_sess)
    s_idx, e_idx, pos = _walk(cfg, rng, chains, starts, row[sess_user])
    day = _session_days(sess_user, days_u[sess_user], rng)
    hours = np.clip(hour_u[sess_user] + _HOUR_SD * rng.normal(size=len(sess_user)), 0.0, 23.5)
    sess_start = day * 86400.0 + hours * 3600.0
    prev = np.r_[0, e_idx[:-1]]
    gaps = dwell_u[sess_user[s_idx], prev] * np.exp(_SIGMA * rng.normal(size=len(s_idx)))
    gaps[pos == 0] = 0.0
    first = np.flatnonzero(pos == 0)
    offs = np.cumsum(gaps)
    offs -= np.repeat(offs[first], np.diff(np.append(first, len(offs))))
    ts = sess_start[s_idx] + offs
    clean = pd.DataFrame(
        {
            "user_id": sess_user[s_idx] + 1,
            "session_id": s_idx + 1,
            "event": np.asarray(words, dtype=object)[e_idx],
            "timestamp": _ORIGIN + pd.to_timedelta(np.round(ts), unit="s"),
        }
    )
    clean = clean.sort_values(["user_id", "timestamp", "session_id"], kind="stable").reset_index(drop=True)
    log = _tracking(clean, cfg, rng)  # type: ignore[arg-type]
    labels = pd.Series(group, index=np.arange(1, n + 1), name="group")
    if cfg.k == 1:
        return log, labels, float("nan")
    return log, labels, _oracle_ari(cfg, clean, group, law, words)


def _oracle_ari(
    cfg: PlantedLog7, log: pd.DataFrame, group: np.ndarray, law: _Law7, words: list[str]
) -> float:
    """ARI of the Bayes classifier that knows each group's chain, hour, dwells, rhythm and share."""
    k, e, v = cfg.k, cfg.noise, len(words)
    code = pd.Categorical(log["event"], categories=words).codes.astype(np.int64)
    user = log["user_id"].to_numpy() - 1
    sid = log["session_id"].to_numpy()
    first = np.r_[True, sid[1:] != sid[:-1]]
    last = np.r_[sid[1:] != sid[:-1], True]
    prev = np.r_[0, code[:-1]]
    t = (log["timestamp"] - _ORIGIN).dt.total_seconds().to_numpy()
    gap = np.r_[0.0, np.diff(t)]
    hour = np.mod(t / 3600.0, 24.0)
    day = np.floor(t / 86400.0)
    n_sess = np.bincount(user, weights=first, minlength=cfg.users)
    sess_user = user[first]
    new_user = np.r_[True, sess_user[1:] != sess_user[:-1]]
    extra_days = np.r_[0.0, np.diff(day[first])] - 1.0
    ll = np.zeros((cfg.users, k))
    for g in range(k):
        moves, p_end = law.chains[g][:, :v], law.chains[g][:, v]
        obs = (1 - e) * moves + e * (1 - p_end)[:, None] / v
        with np.errstate(divide="ignore"):
            lp = np.where(first, np.log((1 - e) * law.starts[g][code] + e / v), np.log(obs[prev, code]))
        lp = lp + np.where(last, np.log(p_end[code]), 0.0)
        ok = ~first & (gap > 0)
        z = (np.log(np.maximum(gap, 1.0)) - np.log(law.dwell[g][prev])) / _SIGMA
        d = (hour - law.hour[g]) / _HOUR_SD
        lp = lp + np.where(ok, -0.5 * z * z, 0.0) + np.where(first, -0.5 * d * d, 0.0)
        ll[:, g] = np.bincount(user, weights=np.maximum(lp, -50.0), minlength=cfg.users)
        lam = law.visits[g] - 1.0
        ll[:, g] += (n_sess - 1) * np.log(max(lam, 1e-9)) - lam - gammaln(n_sess)
        mu = max(law.days[g], 1e-9)
        dl = np.where(new_user, 0.0, extra_days * np.log(mu) - mu - gammaln(np.maximum(extra_days, 0) + 1))
        ll[:, g] += np.bincount(sess_user, weights=dl, minlength=cfg.users)
    share = np.bincount(group, minlength=k) / len(group)
    ll += np.log(np.maximum(share, 1e-12))[None]
    return float(adjusted_rand_score(group, ll.argmax(axis=1)))


# Clickstream held-out split 7 (session 10), written and committed before any method ran on it;
# separations were set from the Bayes classifier's ARI alone (the ceiling), before any clustering
# ran. (k, users, domain, session length, visits, separation, noise, mechanism, shares, drop, dup).
HELDOUT7: list[tuple[int, int, str, float, float, float, float, str, tuple[float, ...], float, float]] = [
    (4, 5000, "insurance", 7.0, 3.0, 0.8, 0.05, "order", (), 0.03, 0.03),
    (3, 4000, "grocery", 8.0, 3.0, 0.75, 0.05, "order", (0.6, 0.3, 0.1), 0.04, 0.03),
    (3, 4000, "jobs", 6.0, 4.0, 1.4, 0.05, "dwell_event", (), 0.03, 0.03),
    (4, 5000, "telehealth", 7.0, 3.0, 2.3, 0.05, "dwell_event", (0.5, 0.3, 0.15, 0.05), 0.03, 0.04),
    (3, 4000, "ridehail", 5.0, 6.0, 1.2, 0.05, "cadence", (), 0.03, 0.03),
    (2, 3000, "insurance", 6.0, 5.0, 0.7, 0.05, "cadence", (0.7, 0.3), 0.05, 0.02),
    (5, 30000, "grocery", 6.0, 2.0, 1.7, 0.05, "tiny", (0.6, 0.2, 0.17, 0.02, 0.01), 0.03, 0.03),
    (4, 12000, "jobs", 6.0, 3.0, 1.4, 0.05, "tiny", (0.6, 0.28, 0.1, 0.02), 0.03, 0.03),
    (3, 6000, "telehealth", 2.5, 1.2, 3.2, 0.03, "short", (), 0.03, 0.03),
    (4, 8000, "ridehail", 3.0, 1.0, 4.5, 0.03, "short", (0.5, 0.3, 0.15, 0.05), 0.02, 0.02),
    (3, 5000, "insurance", 6.0, 3.0, 1.3, 0.05, "bots", (0.6, 0.385, 0.015), 0.03, 0.03),
    (4, 8000, "grocery", 6.0, 3.0, 1.3, 0.05, "bots", (0.6, 0.25, 0.13, 0.02), 0.03, 0.03),
    (5, 10000, "jobs", 6.0, 4.0, 1.3, 0.05, "mixed_small", (0.6, 0.2, 0.15, 0.03, 0.02), 0.03, 0.03),
    (6, 6000, "telehealth", 6.0, 3.0, 1.4, 0.05, "route", (), 0.08, 0.08),
    (1, 4000, "insurance", 7.0, 3.0, 0.0, 0.05, "order_continuum", (), 0.03, 0.03),
    (1, 4000, "grocery", 6.0, 6.0, 1.0, 0.05, "cadence_continuum", (), 0.03, 0.03),
    (1, 5000, "jobs", 2.5, 1.2, 0.0, 0.03, "short_single", (), 0.03, 0.03),
    (1, 4000, "ridehail", 6.0, 2.0, 0.0, 0.05, "heavy_tail", (), 0.03, 0.03),
    (1, 4000, "telehealth", 6.0, 3.0, 0.8, 0.05, "dwell_event_continuum", (), 0.03, 0.03),
]


def heldout7_configs() -> list[PlantedLog7]:
    """The configs of the clickstream held-out split 7 (seeds 19000 + position)."""
    return [
        PlantedLog7(*c[:8], random_state=19000 + i, shares=c[8], drop=c[9], dup=c[10])  # type: ignore[arg-type,misc]
        for i, c in enumerate(HELDOUT7)
    ]
