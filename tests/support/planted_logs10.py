"""Planted clickstream logs of a tenth family (session 13), for the clickstream held-out split 10.

Written and committed before any clustering method was run on it. Shapes not used in splits 1-9:

- ``"order"``: groups visit the **same four pages** in a different order (a -> b -> c -> d against
  a -> c -> b -> d, ...); the pages' frequencies, entry, hours, tempo and visits are shared;
- ``"tod_weekday"``: groups differ in the **shape** of their day: commuters with two peaks on
  weekdays (morning and evening), weekend night owls, weekday lunch-breakers; the weekday share
  and the hour law move together;
- ``"cadence"``: groups differ only in how many **days pass between two visits** (a log-normal
  gap with a median of about a day, a week, three weeks), the same number of visits;
- ``"route"`` with **power-law activity**: groups differ in their route, while every user's
  number of visits is drawn from one power law (1 to 200, most users come once or twice),
  the same for every group;
- a **rare 5 % segment** beside large ones;

and five **logs without groups** (``k`` must be 1):

- ``"engagement_continuum"``: one latent engagement level per user (normal) moves the depth of
  the route, the number of visits and the tempo together: one continuous factor;
- ``"drift_continuum"``: each user starts at a uniform point between two routes and drifts
  smoothly toward the second over their visits;
- ``"powerlaw_activity"``: one behaviour for everyone, visits from a power law (1 to 200);
- ``"tod_continuum"``: each user's hour uniform over the waking day and weekend share a
  continuous draw;
- ``"cadence_continuum"``: each user's median days between visits log-uniform over 1-20.

Every log is recorded by split 9's flaky tracker (lost, doubled, swapped events, cut sessions,
5 % of sessions 5.5 h off). Vocabularies come from five domains not used before (bus tickets, a
public library, tax filing, gym booking, classifieds). :func:`planted_log10` also returns the ARI
of the Bayes classifier that knows the generator and sees every draw before the tracker (an
upper bound of the ceiling).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from support.planted_logs5 import _HOUR_SD, _SIGMA, _graph, _route
from support.planted_logs7 import _walk
from support.planted_logs9 import _tracking9

__all__ = ["HELDOUT10", "PlantedLog10", "heldout10_configs", "planted_log10"]

_FLAT = (
    "engagement_continuum",
    "drift_continuum",
    "powerlaw_activity",
    "tod_continuum",
    "cadence_continuum",
)
_ORIGIN = pd.Timestamp("2027-03-01")  # a Monday
_WEEKS = 8  # sessions fall in eight weeks (cadence logs: from a start in the first two weeks on)
_LEVELS = 21  # continua: a user's (or a session's) point between two routes, on this grid
_CAD_SIGMA = 0.6  # log-normal spread of the days between two visits around the user's median

_DOMAINS: dict[str, list[str]] = {
    "bustickets": [
        "open",
        "search_route",
        "results",
        "bus_details",
        "seat_layout",
        "boarding_point",
        "passenger_info",
        "offers",
        "payment",
        "ticket_booked",
        "live_track",
        "cancel",
        "refund_status",
        "reviews",
        "wallet",
        "help",
    ],
    "library": [
        "home",
        "catalogue_search",
        "title_page",
        "availability",
        "place_hold",
        "hold_confirmed",
        "ebooks",
        "borrow_ebook",
        "audiobooks",
        "events",
        "room_booking",
        "my_loans",
        "renew",
        "fines",
        "pay_fine",
        "ask_librarian",
    ],
    "taxfiling": [
        "login",
        "dashboard",
        "upload_form16",
        "income_details",
        "deductions",
        "hra_calculator",
        "capital_gains",
        "tax_summary",
        "regime_compare",
        "pay_tax",
        "file_return",
        "filed",
        "e_verify",
        "refund_status",
        "notices",
        "expert_help",
    ],
    "gym": [
        "app_open",
        "schedule",
        "class_page",
        "trainer_profile",
        "book_class",
        "booked",
        "waitlist",
        "check_in",
        "workout_log",
        "progress",
        "diet_plan",
        "membership",
        "renew_plan",
        "paid",
        "refer_friend",
        "support",
    ],
    "classifieds": [
        "launch",
        "browse",
        "category",
        "listing",
        "photos",
        "seller_profile",
        "chat_seller",
        "make_offer",
        "saved",
        "post_ad",
        "ad_posted",
        "boost_ad",
        "boost_paid",
        "my_ads",
        "safety_tips",
        "report",
        "help",
    ],
}


@dataclass(frozen=True)
class PlantedLog10:
    """One config: groups, users, domain, session length, visits, separation, noise, mechanism, activity."""

    k: int
    users: int
    domain: str
    session_len: float
    visits: float  # mean visits per user ("poisson" activity); ignored by "power" activity
    separation: float
    noise: float
    mechanism: str
    random_state: int
    shares: tuple[float, ...] = ()  # explicit group shares; empty: 3 % floor + Dirichlet(1)
    activity: str = "poisson"  # "poisson": 1 + Poisson(visits - 1); "power": 1-200, P(n >= x) = x^-0.9
    drop: float = 0.03
    dup: float = 0.03
    swap: float = 0.02
    cut: float = 0.02
    skew: float = 0.05

    @property
    def name(self) -> str:
        sh = "/".join(f"{s:g}" for s in self.shares) if self.shares else "a1"
        return (
            f"{self.mechanism}:k{self.k}:n{self.users}:{self.domain}:l{self.session_len:g}"
            f":vis{self.visits:g}:{self.activity}:sep{self.separation:g}:e{self.noise:g}:{sh}"
            f":tr{self.drop:g}/{self.dup:g}/{self.swap:g}/{self.cut:g}/{self.skew:g}:r{self.random_state}"
        )


@dataclass(frozen=True)
class _Law10:
    chains: np.ndarray  # (g, v, v + 1): last column is the end
    starts: np.ndarray  # (g, v)
    hours: np.ndarray  # (g, 2, 3): [weekday, weekend] x (first peak, second peak, weight of the first)
    dow: np.ndarray  # (g, 7) probability of each day of the week (Monday first)
    cadence: np.ndarray  # (g,) median days between two visits (cadence logs)


def _through(chain: np.ndarray, path: list[int], w: float) -> np.ndarray:
    """``chain`` with each step of ``path`` taken with extra weight ``w`` from its predecessor."""
    out = chain.copy()
    v = chain.shape[0]
    for a, b in itertools.pairwise(path):
        keep = 1.0 - out[a, v]
        moves = (1.0 - w) * out[a, :v]
        moves[b] += w * keep
        out[a, :v] = moves
    return out


_ORDERS = ([0, 1, 2, 3], [0, 2, 1, 3], [0, 1, 3, 2], [0, 3, 2, 1])


def _laws(cfg: PlantedLog10, v: int, rng: np.random.Generator) -> tuple[_Law10, np.ndarray]:
    """Each group's laws, and two routes (shallow and deep) for the continua."""
    g_n, sep, m = max(cfg.k, 3), cfg.separation, cfg.mechanism
    S = _graph(v, rng)
    z0 = rng.normal(size=(v, v))
    start0 = rng.dirichlet(np.full(v, 0.6))
    base = _route(S, z0, cfg.session_len)
    chains = np.repeat(base[None], g_n, axis=0)
    starts = np.repeat(start0[None], g_n, axis=0)
    hours = np.tile(np.array([[15.0, 15.0, 0.5], [15.0, 15.0, 0.5]]), (g_n, 1, 1))
    dow = np.full((g_n, 7), 1.0 / 7.0)
    cadence = np.full(g_n, 4.0)
    perm = rng.permutation(g_n)
    routes = np.stack(
        [
            _route(S, 0.4 * z0 + 0.9 * rng.normal(size=(v, v)), 0.6 * cfg.session_len),
            _route(S, 0.4 * z0 + 0.9 * rng.normal(size=(v, v)), 1.6 * cfg.session_len),
        ]
    )
    if m == "order":
        busy = np.argsort(-(start0 @ np.linalg.inv(np.eye(v) - base[:, :v])))
        pages = [int(p) for p in busy[2:6]]
        starts[:] = 0.6 * starts + 0.4 * np.eye(v)[pages[0]][None]
        for g in range(cfg.k):
            chains[g] = _through(base, [pages[i] for i in _ORDERS[perm[g] % cfg.k]], sep)
    if m == "tod_weekday":  # commuters, weekend night owls, weekday lunch-breakers
        kinds = np.array(
            [
                [[8.0, 18.5, 0.5], [11.0, 11.0, 0.5]],
                [[21.0, 21.0, 0.5], [22.5, 14.0, 0.7]],
                [[12.5, 12.5, 0.5], [16.0, 16.0, 0.5]],
            ]
        )
        weekend = np.array([-sep, sep, -0.5 * sep])  # log weight of a weekend day
        order = rng.permutation(3)
        hours[:3], dow[:3] = kinds[order], _weekend_law(weekend[order])
    if m == "cadence":
        cadence[: cfg.k] = np.exp(np.linspace(0.0, sep, cfg.k))[perm[: cfg.k] % cfg.k]
    if m == "route":
        for g in range(cfg.k):
            chains[g] = _route(S, z0 + sep * rng.normal(size=(v, v)), cfg.session_len)
    return _Law10(chains, starts, hours, dow, cadence), routes


def _weekend_law(log_weight: np.ndarray) -> np.ndarray:
    """Day-of-week laws: weekdays weight 1, Saturday and Sunday ``exp(log_weight)`` each."""
    w = np.ones((len(log_weight), 7))
    w[:, 5:] = np.exp(np.asarray(log_weight, dtype=np.float64))[:, None]
    return w / w.sum(axis=1, keepdims=True)


def _shares(cfg: PlantedLog10, rng: np.random.Generator) -> np.ndarray:
    if cfg.k == 1:
        return np.ones(1)
    if cfg.shares:
        p = np.asarray(cfg.shares, dtype=np.float64)
        return p / p.sum()
    return 0.03 + (1.0 - 0.03 * cfg.k) * rng.dirichlet(np.ones(cfg.k))


def _visits(
    cfg: PlantedLog10, n: int, rng: np.random.Generator, scale: np.ndarray | None = None
) -> np.ndarray:
    if cfg.activity == "power" or cfg.mechanism == "powerlaw_activity":
        return np.minimum(np.floor(rng.random(n) ** (-1.0 / 0.9)), 200).astype(np.int64)
    mean = np.full(n, cfg.visits - 1.0) if scale is None else (cfg.visits - 1.0) * scale
    return np.minimum(1 + rng.poisson(mean), 200).astype(np.int64)


def _hour_draw(law: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One hour per row of ``law`` (rows: first peak, second peak, weight of the first)."""
    peak = np.where(rng.random(len(law)) < law[:, 2], law[:, 0], law[:, 1])
    return np.clip(peak + _HOUR_SD * rng.normal(size=len(law)), 0.0, 23.5)


def planted_log10(cfg: PlantedLog10) -> tuple[pd.DataFrame, pd.Series, float]:
    """The log (``user_id, session_id, event, timestamp``), each user's group, and the Bayes ARI.

    The Bayes ARI is ``nan`` for ``k=1`` configs. Users every one of whose events the tracker
    lost are absent from the log (and kept in the group series).

    Examples
    --------
    >>> cfg = PlantedLog10(3, 300, "gym", 6.0, 4.0, 0.8, 0.02, "order", 1)
    >>> log, group, oracle = planted_log10(cfg)
    >>> sorted(group.unique().tolist()), list(log.columns)
    ([0, 1, 2], ['user_id', 'session_id', 'event', 'timestamp'])
    """
    if (cfg.k == 1) != (cfg.mechanism in _FLAT):
        raise ValueError("k=1 goes with the flat mechanisms, and only with them")
    rng = np.random.default_rng([cfg.random_state, 10_103])
    words = _DOMAINS[cfg.domain]
    v = len(words)
    law, routes = _laws(cfg, v, rng)
    n, m, sep = cfg.users, cfg.mechanism, cfg.separation
    group = rng.choice(cfg.k, size=n, p=_shares(cfg, rng))
    hours_u, dow_u, cad_u = law.hours[group], law.dow[group], law.cadence[group]
    dwell_u = np.full(n, 20.0)
    level_u: np.ndarray | None = None  # continua: each user's point between the two routes
    n_sess = _visits(cfg, n, rng)
    if m == "engagement_continuum":
        e = rng.normal(size=n)
        level_u = 1.0 / (1.0 + np.exp(-sep * e))
        n_sess = _visits(cfg, n, rng, scale=np.exp(0.8 * e))
        dwell_u = 20.0 * np.exp(-0.3 * e)
    elif m == "drift_continuum":
        level_u = rng.uniform(0.0, 1.0, n)
    elif m == "tod_continuum":
        c = rng.uniform(7.0, 22.0, n)
        hours_u = np.stack([np.c_[c, c, np.full(n, 0.5)], np.c_[c + 1.5, c + 1.5, np.full(n, 0.5)]], axis=1)
        dow_u = _weekend_law(rng.uniform(-sep, sep, n))
    elif m == "cadence_continuum":
        cad_u = np.exp(rng.uniform(0.0, np.log(20.0), n))
    sess_user = np.repeat(np.arange(n), n_sess)
    rank = np.arange(len(sess_user)) - np.repeat(np.cumsum(n_sess) - n_sess, n_sess)
    if level_u is not None:
        t = rank / np.maximum(n_sess[sess_user] - 1, 1)
        lv = level_u[sess_user] + (sep * (t - 0.5) if m == "drift_continuum" else 0.0)
        grid = np.round(np.clip(lv, 0.0, 1.0) * (_LEVELS - 1)).astype(np.int64)
        a = np.linspace(0.0, 1.0, _LEVELS)[:, None, None]
        chains = (1.0 - a) * routes[0][None] + a * routes[1][None]
        starts, row = np.repeat(law.starts[:1], _LEVELS, axis=0), grid
    else:
        chains, starts, row = law.chains, law.starts, group[sess_user]
    s_idx, e_idx, pos = _walk(cfg, rng, chains, starts, row)  # type: ignore[arg-type]
    cadenced = m in ("cadence", "cadence_continuum")
    if cadenced:
        gap_days = cad_u[sess_user] * np.exp(_CAD_SIGMA * rng.normal(size=len(sess_user)))
        gap_days[rank == 0] = rng.uniform(0.0, 14.0, n)
        day = np.floor(
            np.cumsum(gap_days)
            - np.repeat(np.cumsum(gap_days)[np.cumsum(n_sess) - n_sess] - gap_days[rank == 0], n_sess)
        )
    else:
        week = rng.integers(0, _WEEKS, len(sess_user))
        cdf = np.cumsum(dow_u[sess_user], axis=1)
        d = np.minimum((cdf < rng.random((len(sess_user), 1)) * cdf[:, -1:]).sum(axis=1), 6)
        day = (7 * week + d).astype(np.float64)
    weekend = (np.mod(day, 7) >= 5).astype(np.int64)
    hours = _hour_draw(hours_u[sess_user, weekend], rng)
    order = np.lexsort((hours, day, sess_user))  # a user's sessions in time order
    inv = np.empty_like(order)
    inv[order] = np.arange(len(order))
    start = day * 86400.0 + hours * 3600.0
    st = start[order]
    for i in range(1, len(st)):  # sessions of one user at least 30 minutes apart
        if sess_user[order[i]] == sess_user[order[i - 1]] and st[i] < st[i - 1] + 1800.0:
            st[i] = st[i - 1] + 1800.0
    start[order] = st
    gaps = dwell_u[sess_user[s_idx]] * np.exp(_SIGMA * rng.normal(size=len(s_idx)))
    gaps[pos == 0] = 0.0
    first = np.flatnonzero(pos == 0)
    offs = np.cumsum(gaps)
    offs -= np.repeat(offs[first], np.diff(np.append(first, len(offs))))
    ts = start[s_idx] + offs
    clean = pd.DataFrame(
        {
            "user_id": sess_user[s_idx] + 1,
            "session_id": inv[s_idx] + 1,
            "event": np.asarray(words, dtype=object)[e_idx],
            "timestamp": _ORIGIN + pd.to_timedelta(np.round(ts), unit="s"),
        }
    )
    clean = clean.sort_values(["user_id", "timestamp", "session_id"], kind="stable").reset_index(drop=True)
    log = _tracking9(clean, cfg, rng)  # type: ignore[arg-type]
    labels = pd.Series(group, index=np.arange(1, n + 1), name="group")
    if cfg.k == 1:
        return log, labels, float("nan")
    draws = _Draws(sess_user, s_idx, e_idx, pos, day, hours, weekend, rank, gap_days if cadenced else None)
    return log, labels, _oracle_ari(cfg, draws, group, law, v)


@dataclass(frozen=True)
class _Draws:
    sess_user: np.ndarray
    s_idx: np.ndarray
    e_idx: np.ndarray
    pos: np.ndarray
    day: np.ndarray
    hours: np.ndarray
    weekend: np.ndarray
    rank: np.ndarray
    gap_days: np.ndarray | None


def _oracle_ari(cfg: PlantedLog10, dr: _Draws, group: np.ndarray, law: _Law10, v: int) -> float:
    """ARI of the Bayes classifier that knows each group's laws and sees every draw (no tracker)."""
    k, e = cfg.k, cfg.noise
    user = dr.sess_user[dr.s_idx]
    code = dr.e_idx
    first = dr.pos == 0
    last = np.r_[dr.s_idx[1:] != dr.s_idx[:-1], True]
    prev = np.r_[0, code[:-1]]
    ll = np.zeros((cfg.users, k))
    su = dr.sess_user
    for g in range(k):
        moves, p_end = law.chains[g][:, :v], law.chains[g][:, v]
        obs = (1 - e) * moves + e * (1 - p_end)[:, None] / v
        with np.errstate(divide="ignore"):
            lp = np.where(first, np.log((1 - e) * law.starts[g][code] + e / v), np.log(obs[prev, code]))
        lp = lp + np.where(last, np.log(p_end[code]), 0.0)
        ll[:, g] = np.bincount(user, weights=np.maximum(lp, -50.0), minlength=cfg.users)
        h = law.hours[g][dr.weekend]
        dens = h[:, 2] * np.exp(-0.5 * ((dr.hours - h[:, 0]) / _HOUR_SD) ** 2) + (1 - h[:, 2]) * np.exp(
            -0.5 * ((dr.hours - h[:, 1]) / _HOUR_SD) ** 2
        )
        sl = np.log(np.maximum(dens, 1e-300))
        if dr.gap_days is None:
            sl = sl + np.log(law.dow[g][np.mod(dr.day, 7).astype(np.int64)])
        else:
            z = (np.log(np.maximum(dr.gap_days, 1e-9)) - np.log(law.cadence[g])) / _CAD_SIGMA
            sl = sl + np.where(dr.rank > 0, -0.5 * z * z, 0.0)
        ll[:, g] += np.bincount(su, weights=sl, minlength=cfg.users)
    share = np.bincount(group, minlength=k) / len(group)
    ll += np.log(np.maximum(share, 1e-12))[None]
    return float(adjusted_rand_score(group, ll.argmax(axis=1)))


# Clickstream held-out split 10 (session 13), written and committed before any method ran on it;
# separations were set from the Bayes classifier's ARI alone (the ceiling), before any clustering
# ran. (k, users, domain, session length, visits, separation, noise, mechanism, shares, activity).
HELDOUT10: list[tuple] = [
    (2, 4000, "gym", 6.0, 8.0, 0.3, 0.05, "order", (), "poisson"),
    (3, 5000, "library", 7.0, 8.0, 0.35, 0.05, "order", (), "poisson"),
    (2, 3000, "bustickets", 6.0, 6.0, 0.4, 0.05, "order", (0.8, 0.2), "poisson"),
    (2, 4000, "taxfiling", 6.0, 3.0, 1.0, 0.05, "tod_weekday", (), "poisson"),
    (3, 5000, "classifieds", 6.0, 2.5, 1.0, 0.05, "tod_weekday", (), "poisson"),
    (3, 5000, "gym", 6.0, 6.0, 1.0, 0.05, "tod_weekday", (), "power"),
    (2, 4000, "library", 6.0, 6.0, 1.1, 0.05, "cadence", (), "poisson"),
    (3, 5000, "bustickets", 6.0, 8.0, 1.8, 0.05, "cadence", (), "poisson"),
    (3, 5000, "classifieds", 6.0, 6.0, 1.3, 0.05, "route", (), "power"),
    (2, 4000, "taxfiling", 7.0, 6.0, 1.2, 0.05, "route", (), "power"),
    (3, 8000, "gym", 6.0, 6.0, 0.8, 0.05, "route", (0.55, 0.40, 0.05), "poisson"),
    (4, 10000, "library", 6.0, 6.0, 1.3, 0.05, "route", (0.5, 0.3, 0.15, 0.05), "power"),
    (1, 4000, "classifieds", 6.0, 6.0, 1.5, 0.05, "engagement_continuum", (), "poisson"),
    (1, 4000, "bustickets", 6.0, 8.0, 0.8, 0.05, "drift_continuum", (), "poisson"),
    (1, 5000, "taxfiling", 6.0, 6.0, 0.0, 0.05, "powerlaw_activity", (), "power"),
    (1, 4000, "library", 6.0, 8.0, 1.0, 0.05, "tod_continuum", (), "poisson"),
    (1, 4000, "gym", 6.0, 8.0, 0.0, 0.05, "cadence_continuum", (), "poisson"),
]


def heldout10_configs() -> list[PlantedLog10]:
    """The configs of the clickstream held-out split 10 (seeds 23000 + position)."""
    return [
        PlantedLog10(*c[:8], random_state=23000 + i, shares=c[8], activity=c[9])  # type: ignore[arg-type,misc]
        for i, c in enumerate(HELDOUT10)
    ]
