"""Planted clickstream logs of a ninth family (session 12), for the clickstream held-out split 9.

Written and committed before any clustering method was run on it. Shapes not used in splits 1-8:

- ``"dow_profile"``: groups differ only in **which days of the week** they come (a weekly profile
  peaking on a different day for each group: early-week, late-week, ...), not only in their
  weekend share; the same paths, hours, tempo and number of visits;
- ``"dow_hour"``: weekday users come in the evening, weekend users at midday, and a third group
  the other way round, so neither the day nor the hour alone separates all groups;
- ``"entry"``: groups differ only in the event a session starts on (the route after it shared);
- ``"rare_event"``: groups differ in how often they go to one rare event (a help page, a
  calculator) from anywhere in the route;
- unbalanced shares on several of the above;

and four **logs without groups** (``k`` must be 1):

- ``"dow_continuum"``: each user's weekly peak day a uniform draw on the circle of the week;
- ``"entry_continuum"``: each user's entry law a random mix of two entry laws (uniform weight);
- ``"rare_continuum"``: each user's pull to the rare event a log-normal draw;
- ``"two_factor_continuum"``: each user's tempo (log-normal) and route mix (uniform) drawn
  independently: two continuous factors, no groups.

Every log is recorded by a flaky tracker: events lost (``drop``), fired twice (``dup``), swapped
(``swap``), sessions cut (``cut``), and one fault not used before: a share of **sessions** (not
users) whose timestamps are 5.5 hours off (``skew``: an ingestion batch stamped in UTC). Unlike
split 8's per-user clock fault, this does not make a group of users the planted truth does not
count. Vocabularies come from five domains not used before (pharmacy, brokerage, movie tickets,
matrimony, EV charging). :func:`planted_log9` also returns the ARI of the Bayes classifier that
knows the generator and sees the log before the tracker (an upper bound of the ceiling).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from support.planted_logs5 import _HOUR_SD, _SIGMA, _graph, _route, _softmax_rows
from support.planted_logs7 import _walk

__all__ = ["HELDOUT9", "PlantedLog9", "heldout9_configs", "planted_log9"]

_FLAT = ("dow_continuum", "entry_continuum", "rare_continuum", "two_factor_continuum")
_ORIGIN = pd.Timestamp("2027-01-04")  # a Monday
_WEEKS = 8  # sessions fall in eight weeks

_DOMAINS: dict[str, list[str]] = {
    "pharmacy": [
        "open",
        "search_medicine",
        "product",
        "substitutes",
        "upload_prescription",
        "cart",
        "coupon",
        "checkout",
        "order_placed",
        "lab_tests",
        "book_test",
        "doctor_consult",
        "reorder",
        "track_order",
        "health_articles",
        "help",
    ],
    "brokerage": [
        "login",
        "watchlist",
        "stock_page",
        "chart",
        "option_chain",
        "order_window",
        "order_placed",
        "portfolio",
        "funds",
        "add_money",
        "ipo",
        "mutual_funds",
        "sip_setup",
        "news_feed",
        "alerts",
        "margin_calculator",
        "support",
    ],
    "movies": [
        "home",
        "now_showing",
        "movie_page",
        "trailer",
        "reviews",
        "showtimes",
        "seat_map",
        "snacks",
        "payment",
        "booked",
        "events",
        "offers",
        "wallet",
        "my_bookings",
        "cancel_ticket",
        "faq",
    ],
    "matrimony": [
        "app_open",
        "matches",
        "profile_view",
        "photos",
        "horoscope_match",
        "shortlist",
        "send_interest",
        "accept_interest",
        "chat",
        "upgrade_plan",
        "premium_paid",
        "edit_profile",
        "search_filters",
        "verify_id",
        "success_stories",
        "help",
    ],
    "evcharge": [
        "launch",
        "map",
        "station_page",
        "reviews",
        "route_planner",
        "reserve_slot",
        "start_charge",
        "charging_status",
        "stop_charge",
        "pay",
        "wallet_topup",
        "history",
        "tariffs",
        "report_issue",
        "membership",
        "cost_calculator",
        "support",
    ],
}


@dataclass(frozen=True)
class PlantedLog9:
    """One config: groups, users, domain, session length, visits, separation, noise, mechanism, tracker."""

    k: int
    users: int
    domain: str
    session_len: float
    visits: float
    separation: float
    noise: float
    mechanism: str
    random_state: int
    shares: tuple[float, ...] = ()  # explicit group shares; empty: 3 % floor + Dirichlet(1)
    drop: float = 0.03  # an event lost by the tracker
    dup: float = 0.03  # an event fired twice
    swap: float = 0.02  # an event recorded before the one that preceded it
    cut: float = 0.02  # a session cut in two before an event
    skew: float = 0.05  # share of sessions whose timestamps are 5.5 hours off

    @property
    def name(self) -> str:
        sh = "/".join(f"{s:g}" for s in self.shares) if self.shares else "a1"
        return (
            f"{self.mechanism}:k{self.k}:n{self.users}:{self.domain}:l{self.session_len:g}"
            f":vis{self.visits:g}:sep{self.separation:g}:e{self.noise:g}:{sh}"
            f":tr{self.drop:g}/{self.dup:g}/{self.swap:g}/{self.cut:g}/{self.skew:g}:r{self.random_state}"
        )


@dataclass(frozen=True)
class _Law9:
    chains: np.ndarray  # (g, v, v + 1): last column is the end
    starts: np.ndarray  # (g, v)
    hour_wd: np.ndarray  # (g,) mean start hour on weekdays
    hour_we: np.ndarray  # (g,) mean start hour on Saturdays and Sundays
    dwell: np.ndarray  # (g,) tempo: median seconds between two events
    dow: np.ndarray  # (g, 7) probability of each day of the week (Monday first)


def _weekly(peak: np.ndarray, sep: float) -> np.ndarray:
    """Day-of-week laws peaking on ``peak`` (days, may be fractional): von Mises on the week's circle."""
    d = np.arange(7.0)
    w = np.exp(sep * np.cos(2.0 * np.pi * (d[None] - np.asarray(peak, dtype=np.float64)[:, None]) / 7.0))
    return w / w.sum(axis=1, keepdims=True)


def _toward(chain: np.ndarray, r: int, factor: float) -> np.ndarray:
    """``chain`` with every move into event ``r`` multiplied by ``factor`` (end probabilities kept)."""
    out = chain.copy()
    v = chain.shape[0]
    moves = out[:, :v].copy()
    moves[:, r] *= factor
    out[:, :v] = moves * ((1.0 - out[:, v]) / moves.sum(axis=1))[:, None]
    return out


def _laws(cfg: PlantedLog9, v: int, rng: np.random.Generator) -> tuple[_Law9, int, np.ndarray, np.ndarray]:
    """Each group's laws, the rare event, and two entry laws and two routes for the continua."""
    g_n, sep, m = max(cfg.k, 3), cfg.separation, cfg.mechanism
    S = _graph(v, rng)
    z0 = rng.normal(size=(v, v))
    start0 = rng.dirichlet(np.full(v, 0.6))
    base = _route(S, z0, cfg.session_len)
    busy = np.argsort(-(start0 @ np.linalg.inv(np.eye(v) - base[:, :v])))
    rare = int(busy[v - 3 - rng.integers(0, 4)])  # one of the rarer events
    chains = np.repeat(base[None], g_n, axis=0)
    starts = np.repeat(start0[None], g_n, axis=0)
    hour_wd, hour_we = np.full(g_n, 15.0), np.full(g_n, 15.0)
    dwell = np.full(g_n, 20.0)
    dow = np.full((g_n, 7), 1.0 / 7.0)
    perm = rng.permutation(max(cfg.k, 1))
    lin = np.linspace(-1.0, 1.0, max(cfg.k, 2))
    entries = _softmax_rows(np.log(start0)[None] + 1.5 * rng.normal(size=(2, v)))
    routes = np.stack(
        [_route(S, 0.4 * z0 + 0.9 * rng.normal(size=(v, v)), cfg.session_len) for _ in range(2)]
    )
    if m == "dow_profile":
        dow[: cfg.k] = _weekly(7.0 * perm / cfg.k + rng.random(), sep)
    if m == "dow_hour":  # 0: weekdays, evening; 1: weekends, midday; 2: weekdays midday + weekend evening
        dow[:3] = _weekly(np.array([2.0, 5.5, 2.0]), sep)
        hour_wd[:3] = np.array([19.0, 13.0, 13.0])
        hour_we[:3] = np.array([19.0, 13.0, 19.0])
        order = rng.permutation(3)
        dow, hour_wd, hour_we = dow[order], hour_wd[order], hour_we[order]
    if m == "entry":
        starts[: cfg.k] = _softmax_rows(np.log(start0)[None] + sep * rng.normal(size=(cfg.k, v)))
    if m == "rare_event":
        for g in range(cfg.k):
            chains[g] = _toward(base, rare, float(np.exp(sep * lin[perm[g]])))
    law = _Law9(chains, starts, hour_wd, hour_we, dwell, dow)
    return law, rare, entries, routes


def _shares(cfg: PlantedLog9, rng: np.random.Generator) -> np.ndarray:
    if cfg.k == 1:
        return np.ones(1)
    if cfg.shares:
        p = np.asarray(cfg.shares, dtype=np.float64)
        return p / p.sum()
    return 0.03 + (1.0 - 0.03 * cfg.k) * rng.dirichlet(np.ones(cfg.k))


def _days(sess_user: np.ndarray, dow: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each session on a random week of eight and a day drawn from its user's weekly law ``dow``."""
    week = rng.integers(0, _WEEKS, len(sess_user))
    cdf = np.cumsum(dow, axis=1)
    d = np.minimum((cdf < rng.random((len(sess_user), 1)) * cdf[:, -1:]).sum(axis=1), 6)
    day = (7 * week + d).astype(np.float64)
    return day[np.lexsort((day, sess_user))]  # a user's sessions in time order (users stay contiguous)


def planted_log9(cfg: PlantedLog9) -> tuple[pd.DataFrame, pd.Series, float]:
    """The log (``user_id, session_id, event, timestamp``), each user's group, and the Bayes ARI.

    The Bayes ARI is ``nan`` for ``k=1`` configs. Users every one of whose events the tracker
    lost are absent from the log (and kept in the group series).

    Examples
    --------
    >>> cfg = PlantedLog9(3, 300, "movies", 6.0, 4.0, 1.5, 0.02, "dow_profile", 1)
    >>> log, group, oracle = planted_log9(cfg)
    >>> sorted(group.unique().tolist()), list(log.columns)
    ([0, 1, 2], ['user_id', 'session_id', 'event', 'timestamp'])
    """
    if (cfg.k == 1) != (cfg.mechanism in _FLAT):
        raise ValueError("k=1 goes with the flat mechanisms, and only with them")
    if cfg.mechanism == "dow_hour" and cfg.k != 3:
        raise ValueError("dow_hour has three groups")
    rng = np.random.default_rng([cfg.random_state, 9991])
    words = _DOMAINS[cfg.domain]
    v = len(words)
    law, rare, entries, routes = _laws(cfg, v, rng)
    n, m = cfg.users, cfg.mechanism
    group = rng.choice(cfg.k, size=n, p=_shares(cfg, rng))
    chains, starts, row = law.chains, law.starts, group.copy()  # row: each user's chain
    dow_u, dwell_u = law.dow[group], law.dwell[group].copy()
    if m == "dow_continuum":
        dow_u = _weekly(rng.uniform(0.0, 7.0, n), cfg.separation)
    elif m == "entry_continuum":
        a = rng.uniform(0.0, 1.0, n)[:, None]
        starts, row = a * entries[0][None] + (1.0 - a) * entries[1][None], np.arange(n)
        chains = np.repeat(law.chains[:1], n, axis=0)
    elif m == "rare_continuum":
        chains = np.stack(
            [_toward(law.chains[0], rare, f) for f in np.exp(cfg.separation * rng.normal(size=n))]
        )
        starts, row = np.repeat(law.starts[:1], n, axis=0), np.arange(n)
    elif m == "two_factor_continuum":
        a = rng.uniform(0.0, 1.0, n)[:, None, None]
        chains = a * routes[0][None] + (1.0 - a) * routes[1][None]
        starts, row = np.repeat(law.starts[:1], n, axis=0), np.arange(n)
        dwell_u = 20.0 * np.exp(cfg.separation * rng.normal(size=n))
    n_sess = 1 + rng.poisson(cfg.visits - 1.0, n)
    sess_user = np.repeat(np.arange(n), n_sess)
    s_idx, e_idx, pos = _walk(cfg, rng, chains, starts, row[sess_user])  # type: ignore[arg-type]
    day = _days(sess_user, dow_u[sess_user], rng)
    weekend = np.mod(day, 7) >= 5
    mean_hour = np.where(weekend, law.hour_we[group][sess_user], law.hour_wd[group][sess_user])
    hours = np.clip(mean_hour + _HOUR_SD * rng.normal(size=len(sess_user)), 0.0, 23.5)
    again = np.r_[False, (sess_user[1:] == sess_user[:-1]) & (day[1:] == day[:-1])]
    for i in np.flatnonzero(again):  # a same-day session starts 2-5 hours after its predecessor
        hours[i] = min(hours[i - 1] + 2.0 + 3.0 * rng.random(), 23.9)
    sess_start = day * 86400.0 + hours * 3600.0
    gaps = dwell_u[sess_user[s_idx]] * np.exp(_SIGMA * rng.normal(size=len(s_idx)))
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
    log = _tracking9(clean, cfg, rng)
    labels = pd.Series(group, index=np.arange(1, n + 1), name="group")
    if cfg.k == 1:
        return log, labels, float("nan")
    return log, labels, _oracle_ari(cfg, clean, group, law, words)


def _tracking9(log: pd.DataFrame, cfg: PlantedLog9, rng: np.random.Generator) -> pd.DataFrame:
    """The log as a flaky tracker records it: lost, doubled, swapped events, cut and skewed sessions."""
    skewed = np.unique(log["session_id"].to_numpy())
    skewed = skewed[rng.random(len(skewed)) < cfg.skew]
    log = log.copy()
    log.loc[log["session_id"].isin(skewed), "timestamp"] += pd.Timedelta(hours=-5, minutes=-30)
    out = log[rng.random(len(log)) >= cfg.drop].reset_index(drop=True)
    twice = rng.random(len(out)) < cfg.dup
    copies = out[twice].copy()
    copies["timestamp"] = copies["timestamp"] + pd.to_timedelta(rng.integers(0, 3, len(copies)), unit="s")
    out = pd.concat([out, copies], ignore_index=True)
    out = out.sort_values(["user_id", "timestamp", "session_id"], kind="stable").reset_index(drop=True)
    sid = out["session_id"].to_numpy()
    ev = out["event"].to_numpy().copy()
    same = np.r_[sid[1:] == sid[:-1], False]
    for i in np.flatnonzero(same & (rng.random(len(out)) < cfg.swap)):
        ev[i], ev[i + 1] = ev[i + 1], ev[i]
    out["event"] = ev
    new = np.r_[True, sid[1:] != sid[:-1]] | (rng.random(len(out)) < cfg.cut)
    out["session_id"] = np.cumsum(new)
    return out


def _oracle_ari(
    cfg: PlantedLog9, log: pd.DataFrame, group: np.ndarray, law: _Law9, words: list[str]
) -> float:
    """ARI of the Bayes classifier that knows each group's chain, entry, hours, tempo, weekdays and share."""
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
    sess_user, sess_day = user[first], day[first]
    new_day = np.r_[True, (sess_user[1:] != sess_user[:-1]) | (sess_day[1:] != sess_day[:-1])]
    hour_obs = np.zeros(len(t), dtype=bool)
    hour_obs[np.flatnonzero(first)[new_day]] = True
    wkend = np.mod(day, 7) >= 5
    sess_dow = np.mod(sess_day, 7).astype(np.int64)
    ll = np.zeros((cfg.users, k))
    for g in range(k):
        moves, p_end = law.chains[g][:, :v], law.chains[g][:, v]
        obs = (1 - e) * moves + e * (1 - p_end)[:, None] / v
        with np.errstate(divide="ignore"):
            lp = np.where(first, np.log((1 - e) * law.starts[g][code] + e / v), np.log(obs[prev, code]))
        lp = lp + np.where(last, np.log(p_end[code]), 0.0)
        ok = ~first & (gap > 0)
        z = (np.log(np.maximum(gap, 1.0)) - np.log(law.dwell[g])) / _SIGMA
        d = (hour - np.where(wkend, law.hour_we[g], law.hour_wd[g])) / _HOUR_SD
        lp = lp + np.where(ok, -0.5 * z * z, 0.0) + np.where(hour_obs, -0.5 * d * d, 0.0)
        ll[:, g] = np.bincount(user, weights=np.maximum(lp, -50.0), minlength=cfg.users)
        sl = np.where(new_day, np.log(law.dow[g][sess_dow]), 0.0)
        ll[:, g] += np.bincount(sess_user, weights=sl, minlength=cfg.users)
    share = np.bincount(group, minlength=k) / len(group)
    ll += np.log(np.maximum(share, 1e-12))[None]
    return float(adjusted_rand_score(group, ll.argmax(axis=1)))


# Clickstream held-out split 9 (session 12), written and committed before any method ran on it;
# separations were set from the Bayes classifier's ARI alone (the ceiling), before any clustering
# ran. (k, users, domain, session length, visits, separation, noise, mechanism, shares, drop, dup,
# swap, cut, skew).
HELDOUT9: list[tuple] = [
    (2, 4000, "movies", 6.0, 8.0, 0.9, 0.05, "dow_profile", (), 0.03, 0.03, 0.02, 0.02, 0.05),
    (3, 5000, "pharmacy", 6.0, 10.0, 1.0, 0.05, "dow_profile", (), 0.03, 0.03, 0.02, 0.02, 0.05),
    (3, 5000, "brokerage", 7.0, 8.0, 1.1, 0.05, "dow_profile", (0.6, 0.3, 0.1), 0.03, 0.03, 0.02, 0.02, 0.05),
    (3, 4000, "matrimony", 6.0, 6.0, 0.7, 0.05, "dow_hour", (), 0.03, 0.03, 0.02, 0.02, 0.05),
    (3, 4000, "evcharge", 6.0, 5.0, 2.6, 0.05, "entry", (), 0.03, 0.03, 0.02, 0.02, 0.05),
    (2, 3000, "movies", 6.0, 5.0, 0.8, 0.05, "entry", (0.75, 0.25), 0.03, 0.03, 0.02, 0.02, 0.05),
    (3, 4000, "pharmacy", 7.0, 5.0, 3.0, 0.05, "rare_event", (), 0.03, 0.03, 0.02, 0.02, 0.05),
    (2, 3000, "brokerage", 7.0, 6.0, 2.0, 0.05, "rare_event", (0.8, 0.2), 0.03, 0.03, 0.02, 0.02, 0.05),
    (1, 4000, "matrimony", 6.0, 8.0, 1.5, 0.05, "dow_continuum", (), 0.03, 0.03, 0.02, 0.02, 0.05),
    (1, 4000, "evcharge", 6.0, 5.0, 0.0, 0.05, "entry_continuum", (), 0.03, 0.03, 0.02, 0.02, 0.05),
    (1, 4000, "movies", 7.0, 5.0, 1.5, 0.05, "rare_continuum", (), 0.03, 0.03, 0.02, 0.02, 0.05),
    (1, 4000, "pharmacy", 6.0, 5.0, 0.5, 0.05, "two_factor_continuum", (), 0.03, 0.03, 0.02, 0.02, 0.05),
]


def heldout9_configs() -> list[PlantedLog9]:
    """The configs of the clickstream held-out split 9 (seeds 22000 + position)."""
    keys = ("shares", "drop", "dup", "swap", "cut", "skew")
    return [
        PlantedLog9(*c[:8], random_state=22000 + i, **dict(zip(keys, c[8:], strict=True)))  # type: ignore[arg-type,misc]
        for i, c in enumerate(HELDOUT9)
    ]
