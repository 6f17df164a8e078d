"""Planted clickstream logs of an eighth family (session 11), for the clickstream held-out split 8.

Written and committed before any clustering method was run on it. Shapes not used in splits 1-7:

- ``"dwell_one"``: groups differ only in how long they stay on **one** event (a mid-frequency
  one, e.g. the listing's photo gallery); every other gap, path, hour and rhythm is the same;
- ``"dwell_swap"``: groups differ in dwell on **two** events in opposite directions (slow on one,
  fast on the other, or the reverse, or neither), so the pooled time between events is the same
  for every group;
- ``"burst"``: the same mean number of days between sessions; groups differ in its *shape*
  (evenly spread visits against bursts of same-day sessions then long absences);
- ``"weekday"``: groups differ only in the day of the week they come (weekend against weekday
  users; the same paths, hours and tempo);
- ``"cycle"``: groups differ in how often they go round one three-event loop (product, basket,
  product ...), the rest of the route shared;
- ``"hour_x_route"``: four groups that are the cells of two hours by two routes, so no single
  aspect separates them all;
- unbalanced shares (a 75 % group beside a 5 % one) on several of the above;

and five **logs without groups** (``k`` must be 1):

- ``"order_beta"``: each user follows the funnel with a strictness drawn from Beta(2, 2);
- ``"burst_continuum"``: each user's probability of a same-day return a Beta(1.5, 1.5) draw (the
  mean days between sessions fixed);
- ``"dwell_one_continuum"``: each user's dwell on one event a log-normal draw;
- ``"cycle_continuum"``: each user's pull round the loop a uniform draw;
- ``"weekday_continuum"``: each user's weekend share a Beta(2, 2) draw.

Every log is recorded by a flaky tracker: events lost (``drop``) or fired twice (``dup``) as in
splits 6-7, and three faults not used before: two adjacent events recorded in swapped order
(``swap``), a session cut in two by the tracker (``cut``), and a share of users whose clock is
5.5 hours off (``tz``: a device reporting UTC instead of IST). Vocabularies come from five
domains not used before (real estate, gaming, news, fitness, used cars). :func:`planted_log8`
also returns the ARI of the Bayes classifier that knows the generator and sees the log before
the tracker (an upper bound of the ceiling).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import gammaln
from sklearn.metrics import adjusted_rand_score

from support.planted_logs5 import _HOUR_SD, _SIGMA, _graph, _route, _softmax_rows
from support.planted_logs7 import _funnel, _walk

__all__ = ["HELDOUT8", "PlantedLog8", "heldout8_configs", "planted_log8"]

_FLAT = ("order_beta", "burst_continuum", "dwell_one_continuum", "cycle_continuum", "weekday_continuum")
_ORIGIN = pd.Timestamp("2026-12-07")  # a Monday
_WEEKS = 8  # the weekday logs span eight weeks

_DOMAINS: dict[str, list[str]] = {
    "realestate": [
        "home",
        "search",
        "map_view",
        "listing",
        "photo_gallery",
        "floor_plan",
        "shortlist",
        "emi_calculator",
        "contact_owner",
        "schedule_visit",
        "visit_booked",
        "locality_guide",
        "price_trends",
        "post_property",
        "alerts",
        "help",
    ],
    "gaming": [
        "launch",
        "lobby",
        "match_start",
        "match_end",
        "leaderboard",
        "store",
        "item_detail",
        "buy_gems",
        "purchase_done",
        "daily_reward",
        "friends",
        "clan",
        "chat",
        "settings",
        "tutorial",
        "events",
        "spin_wheel",
    ],
    "news": [
        "open",
        "top_stories",
        "article",
        "video",
        "live_blog",
        "comments",
        "share",
        "topic_page",
        "search",
        "subscribe_wall",
        "subscribe",
        "subscribed",
        "epaper",
        "notifications",
        "bookmarks",
        "puzzles",
    ],
    "fitness": [
        "app_open",
        "dashboard",
        "workout_list",
        "workout_detail",
        "start_workout",
        "finish_workout",
        "log_meal",
        "water_log",
        "steps",
        "coach_chat",
        "plans",
        "upgrade",
        "upgraded",
        "community",
        "challenges",
        "sleep",
        "profile",
    ],
    "usedcars": [
        "home",
        "buy_search",
        "results",
        "car_detail",
        "inspection_report",
        "compare",
        "loan_offer",
        "test_drive",
        "book_car",
        "booking_done",
        "sell_car",
        "valuation",
        "schedule_pickup",
        "rc_transfer",
        "warranty",
        "support",
    ],
}


@dataclass(frozen=True)
class PlantedLog8:
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
    tz: float = 0.1  # share of users whose clock is 5.5 hours off

    @property
    def name(self) -> str:
        sh = "/".join(f"{s:g}" for s in self.shares) if self.shares else "a1"
        return (
            f"{self.mechanism}:k{self.k}:n{self.users}:{self.domain}:l{self.session_len:g}"
            f":vis{self.visits:g}:sep{self.separation:g}:e{self.noise:g}:{sh}"
            f":tr{self.drop:g}/{self.dup:g}/{self.swap:g}/{self.cut:g}/{self.tz:g}:r{self.random_state}"
        )


@dataclass(frozen=True)
class _Law8:
    chains: np.ndarray  # (g, v, v + 1): last column is the end
    starts: np.ndarray  # (g, v)
    hour: np.ndarray  # (g,) mean start hour
    dwell: np.ndarray  # (g, v) median seconds spent on an event before the next one
    visits: np.ndarray  # (g,) mean sessions per user (1 + Poisson(visits - 1))
    same_day: np.ndarray  # (g,) probability that a session comes on its predecessor's day
    days: np.ndarray  # (g,) otherwise the next session comes 1 + Poisson(days) days later
    weekend: np.ndarray  # (g,) weekday logs: probability that a session is on a Saturday or Sunday


def _cycle(chain: np.ndarray, loop: np.ndarray, pull: float) -> np.ndarray:
    """``chain`` with each loop event's move to the next loop event raised to weight ``pull``."""
    out = chain.copy()
    v = chain.shape[0]
    for i, a in enumerate(loop):
        moves = out[a, :v] * (1.0 - pull)
        moves[loop[(i + 1) % len(loop)]] += pull
        out[a, :v] = moves * (1.0 - out[a, v]) / moves.sum()
    return out


def _laws(
    cfg: PlantedLog8, v: int, rng: np.random.Generator
) -> tuple[_Law8, np.ndarray, np.ndarray, np.ndarray]:
    """Each group's laws, the funnel order, the dwell events and the loop."""
    g_n, sep, m = max(cfg.k, 4), cfg.separation, cfg.mechanism
    S = _graph(v, rng)
    z0 = rng.normal(size=(v, v))
    start0 = rng.dirichlet(np.full(v, 0.6))
    base = _route(S, z0, cfg.session_len)
    busy = np.argsort(-(start0 @ np.linalg.inv(np.eye(v) - base[:, :v])))
    mid = busy[2 + rng.permutation(5)[:2]]  # two mid-frequency events (3rd to 7th busiest)
    loop = busy[rng.permutation(6)[:3]]  # three of the six busiest events
    order = rng.choice(v, size=6, replace=False)
    chains = np.repeat(base[None], g_n, axis=0)
    starts = np.repeat(start0[None], g_n, axis=0)
    hour = np.full(g_n, 14.0)
    dwell = np.full((g_n, v), 20.0)
    visits = np.full(g_n, cfg.visits)
    same_day = np.zeros(g_n)
    days = np.full(g_n, 3.0)
    weekend = np.full(g_n, 2.0 / 7.0)
    perm = rng.permutation(max(cfg.k, 1))
    lin = np.linspace(-1.0, 1.0, max(cfg.k, 2))
    if m == "dwell_one":
        dwell[: cfg.k, mid[0]] = 20.0 * np.exp(sep * lin[perm])
    if m == "dwell_swap":  # group 0: slow on a, fast on b; group 1 the reverse; group 2 neither
        signs = np.array([[1.0, -1.0], [-1.0, 1.0], [0.0, 0.0]])[: cfg.k]
        dwell[: cfg.k, mid[0]] = 20.0 * np.exp(sep * signs[:, 0])
        dwell[: cfg.k, mid[1]] = 20.0 * np.exp(sep * signs[:, 1])
    if m == "burst":  # the same mean step (1 - q)(1 + days) = 4 days, bursts q from 0 to sep
        q = np.linspace(0.0, sep, cfg.k)[perm]
        same_day[: cfg.k] = q
        days[: cfg.k] = 4.0 / (1.0 - q) - 1.0
    if m == "weekday":
        weekend[: cfg.k] = 1.0 / (1.0 + (5.0 / 2.0) * np.exp(-sep * lin[perm]))
    if m == "cycle":
        for g in range(cfg.k):
            chains[g] = _cycle(base, loop, sep * (0.5 + 0.5 * lin[perm[g]]))
    if m == "hour_x_route":  # group = 2 * hour side + route side
        other = _route(S, 0.4 * z0 + sep * rng.normal(size=(v, v)), cfg.session_len)
        first = _route(S, 0.4 * z0 + sep * rng.normal(size=(v, v)), cfg.session_len)
        for g in range(4):
            chains[g] = (first, other)[g % 2]
            hour[g] = 14.0 + (-1.0, 1.0)[g // 2] * 2.2 * sep
        starts = _softmax_rows(np.log(start0)[None] + 0.3 * rng.normal(size=(g_n, v)))
    if m in ("order_beta",):
        chains[0], starts[0] = _funnel(v, order, 0.5, cfg.session_len)
    law = _Law8(chains, starts, hour, dwell, np.maximum(visits, 1.0), same_day, days, weekend)
    return law, order, mid, loop


def _shares(cfg: PlantedLog8, rng: np.random.Generator) -> np.ndarray:
    if cfg.k == 1:
        return np.ones(1)
    if cfg.shares:
        p = np.asarray(cfg.shares, dtype=np.float64)
        return p / p.sum()
    return 0.03 + (1.0 - 0.03 * cfg.k) * rng.dirichlet(np.ones(cfg.k))


def _days(sess_user: np.ndarray, q: np.ndarray, mu: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Day of each session: a random day in three weeks, then 0 (``q``) or ``1 + Poisson(mu)`` later."""
    step = np.where(rng.random(len(q)) < q, 0.0, 1.0 + rng.poisson(mu))
    first = np.r_[True, sess_user[1:] != sess_user[:-1]]
    step[first] = rng.integers(0, 21, int(first.sum()))
    total = np.cumsum(step)
    base = np.repeat(total[first] - step[first], np.diff(np.append(np.flatnonzero(first), len(step))))
    return total - base


def _week_days(sess_user: np.ndarray, w: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Weekday logs: each session on a random day of eight weeks, a weekend day with probability ``w``."""
    week = rng.integers(0, _WEEKS, len(w))
    dow = np.where(rng.random(len(w)) < w, 5 + rng.integers(0, 2, len(w)), rng.integers(0, 5, len(w)))
    day = (7 * week + dow).astype(np.float64)
    return day[np.lexsort((day, sess_user))]  # a user's sessions in time order (users stay contiguous)


def planted_log8(cfg: PlantedLog8) -> tuple[pd.DataFrame, pd.Series, float]:
    """The log (``user_id, session_id, event, timestamp``), each user's group, and the Bayes ARI.

    The Bayes ARI is ``nan`` for ``k=1`` configs. Users every one of whose events the tracker
    lost are absent from the log (and kept in the group series).

    Examples
    --------
    >>> log, group, oracle = planted_log8(PlantedLog8(3, 300, "news", 6.0, 4.0, 0.8, 0.02, "burst", 1))
    >>> sorted(group.unique().tolist()), list(log.columns)
    ([0, 1, 2], ['user_id', 'session_id', 'event', 'timestamp'])
    """
    if (cfg.k == 1) != (cfg.mechanism in _FLAT):
        raise ValueError("k=1 goes with the flat mechanisms, and only with them")
    if cfg.mechanism == "hour_x_route" and cfg.k != 4:
        raise ValueError("hour_x_route has four cells")
    rng = np.random.default_rng([cfg.random_state, 8881])
    words = _DOMAINS[cfg.domain]
    v = len(words)
    law, order, mid, loop = _laws(cfg, v, rng)
    n, m = cfg.users, cfg.mechanism
    group = rng.choice(cfg.k, size=n, p=_shares(cfg, rng))
    chains, starts, row = law.chains, law.starts, group.copy()  # row: each user's chain
    hour_u, dwell_u = law.hour[group], law.dwell[group].copy()
    same_u, days_u, weekend_u = law.same_day[group].copy(), law.days[group].copy(), law.weekend[group].copy()
    if m == "order_beta":
        c = rng.beta(2.0, 2.0, n) * 0.8 + 0.1
        pairs = [_funnel(v, order, ci, cfg.session_len) for ci in c]
        chains, starts, row = np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs]), np.arange(n)
    elif m == "cycle_continuum":
        pull = rng.uniform(0.0, cfg.separation, n)
        chains = np.stack([_cycle(law.chains[0], loop, p) for p in pull])
        starts, row = np.repeat(law.starts[:1], n, axis=0), np.arange(n)
    elif m == "burst_continuum":
        same_u = rng.beta(1.5, 1.5, n) * cfg.separation
        days_u = 4.0 / (1.0 - same_u) - 1.0
    elif m == "dwell_one_continuum":
        dwell_u[:, mid[0]] = 20.0 * np.exp(cfg.separation * rng.normal(size=n))
    elif m == "weekday_continuum":
        weekend_u = rng.beta(2.0, 2.0, n)
    n_sess = 1 + rng.poisson(law.visits[group] - 1.0)
    sess_user = np.repeat(np.arange(n), n_sess)
    s_idx, e_idx, pos = _walk(cfg, rng, chains, starts, row[sess_user])  # type: ignore[arg-type]
    weekly = m in ("weekday", "weekday_continuum")
    if weekly:
        day = _week_days(sess_user, weekend_u[sess_user], rng)
    else:
        day = _days(sess_user, same_u[sess_user], days_u[sess_user], rng)
    hours = np.clip(hour_u[sess_user] + _HOUR_SD * rng.normal(size=len(sess_user)), 0.0, 23.5)
    again = np.r_[False, (sess_user[1:] == sess_user[:-1]) & (day[1:] == day[:-1])]
    for i in np.flatnonzero(again):  # a same-day session starts 2-5 hours after its predecessor
        hours[i] = min(hours[i - 1] + 2.0 + 3.0 * rng.random(), 23.9)
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
    log = _tracking8(clean, cfg, rng)
    labels = pd.Series(group, index=np.arange(1, n + 1), name="group")
    if cfg.k == 1:
        return log, labels, float("nan")
    return log, labels, _oracle_ari(cfg, clean, group, law, words, weekly)


def _tracking8(log: pd.DataFrame, cfg: PlantedLog8, rng: np.random.Generator) -> pd.DataFrame:
    """The log as a flaky tracker records it: lost, doubled, swapped events, cut sessions, wrong clocks."""
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
    users = out["user_id"].unique()
    off = users[rng.random(len(users)) < cfg.tz]
    shift = pd.Timedelta(hours=-5, minutes=-30)
    out.loc[out["user_id"].isin(off), "timestamp"] += shift
    return out


def _oracle_ari(
    cfg: PlantedLog8, log: pd.DataFrame, group: np.ndarray, law: _Law8, words: list[str], weekly: bool
) -> float:
    """ARI of the Bayes classifier that knows each group's chain, hour, dwells, rhythm, weekdays and share."""
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
    sess_user, sess_day = user[first], day[first]
    new_user = np.r_[True, sess_user[1:] != sess_user[:-1]]
    step = np.r_[0.0, np.diff(sess_day)]
    new_day = new_user | (step > 0)  # sessions whose hour is drawn from the law
    hour_obs = np.zeros(len(t), dtype=bool)
    hour_obs[np.flatnonzero(first)[new_day]] = True
    wkend = np.mod(sess_day, 7) >= 5
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
        lp = lp + np.where(ok, -0.5 * z * z, 0.0) + np.where(hour_obs, -0.5 * d * d, 0.0)
        ll[:, g] = np.bincount(user, weights=np.maximum(lp, -50.0), minlength=cfg.users)
        lam = law.visits[g] - 1.0
        ll[:, g] += (n_sess - 1) * np.log(max(lam, 1e-9)) - lam - gammaln(n_sess)
        if weekly:
            w = law.weekend[g]
            sl = np.where(wkend, np.log(w / 2.0), np.log((1.0 - w) / 5.0))
        else:
            q, mu = law.same_day[g], max(law.days[g], 1e-9)
            extra = np.maximum(step - 1.0, 0.0)
            pois = extra * np.log(mu) - mu - gammaln(extra + 1.0)
            sl = np.where(step == 0, np.log(max(q, 1e-12)), np.log(1.0 - q) + pois)
            sl = np.where(new_user, 0.0, sl)
        ll[:, g] += np.bincount(sess_user, weights=sl, minlength=cfg.users)
    share = np.bincount(group, minlength=k) / len(group)
    ll += np.log(np.maximum(share, 1e-12))[None]
    return float(adjusted_rand_score(group, ll.argmax(axis=1)))


# Clickstream held-out split 8 (session 11), written and committed before any method ran on it;
# separations were set from the Bayes classifier's ARI alone (the ceiling), before any clustering
# ran. (k, users, domain, session length, visits, separation, noise, mechanism, shares, drop, dup,
# swap, cut, tz).
HELDOUT8: list[tuple] = [
    (3, 4000, "realestate", 7.0, 6.0, 1.8, 0.05, "dwell_one", (), 0.03, 0.03, 0.02, 0.02, 0.1),
    (2, 3000, "gaming", 6.0, 6.0, 1.8, 0.05, "dwell_one", (0.8, 0.2), 0.03, 0.03, 0.02, 0.02, 0.1),
    (3, 4000, "news", 7.0, 5.0, 1.6, 0.05, "dwell_swap", (), 0.03, 0.03, 0.02, 0.02, 0.1),
    (2, 3000, "fitness", 6.0, 4.0, 1.3, 0.05, "dwell_swap", (0.7, 0.3), 0.03, 0.03, 0.03, 0.02, 0.1),
    (3, 4000, "usedcars", 6.0, 6.0, 0.75, 0.05, "burst", (), 0.03, 0.03, 0.02, 0.02, 0.1),
    (2, 3000, "realestate", 6.0, 6.0, 0.45, 0.05, "burst", (0.75, 0.25), 0.03, 0.03, 0.02, 0.02, 0.1),
    (2, 4000, "gaming", 6.0, 5.0, 2.0, 0.05, "weekday", (), 0.03, 0.03, 0.02, 0.02, 0.1),
    (3, 5000, "news", 6.0, 10.0, 2.5, 0.05, "weekday", (0.6, 0.3, 0.1), 0.03, 0.03, 0.02, 0.02, 0.1),
    (3, 4000, "fitness", 7.0, 5.0, 0.9, 0.05, "cycle", (), 0.03, 0.03, 0.02, 0.02, 0.1),
    (3, 5000, "usedcars", 7.0, 8.0, 1.0, 0.05, "cycle", (0.75, 0.2, 0.05), 0.03, 0.03, 0.02, 0.02, 0.1),
    (4, 5000, "realestate", 6.0, 4.0, 1.0, 0.05, "hour_x_route", (), 0.03, 0.03, 0.02, 0.02, 0.1),
    (
        4,
        6000,
        "gaming",
        6.0,
        4.0,
        1.0,
        0.05,
        "hour_x_route",
        (0.55, 0.25, 0.15, 0.05),
        0.04,
        0.04,
        0.03,
        0.03,
        0.15,
    ),
    (1, 4000, "news", 7.0, 3.0, 0.0, 0.05, "order_beta", (), 0.03, 0.03, 0.02, 0.02, 0.1),
    (1, 4000, "fitness", 6.0, 6.0, 0.8, 0.05, "burst_continuum", (), 0.03, 0.03, 0.02, 0.02, 0.1),
    (1, 4000, "usedcars", 6.0, 6.0, 1.3, 0.05, "dwell_one_continuum", (), 0.03, 0.03, 0.02, 0.02, 0.1),
    (1, 4000, "realestate", 7.0, 5.0, 0.9, 0.05, "cycle_continuum", (), 0.03, 0.03, 0.02, 0.02, 0.1),
    (1, 4000, "gaming", 6.0, 6.0, 0.0, 0.05, "weekday_continuum", (), 0.03, 0.03, 0.02, 0.02, 0.1),
]


def heldout8_configs() -> list[PlantedLog8]:
    """The configs of the clickstream held-out split 8 (seeds 21000 + position)."""
    keys = ("shares", "drop", "dup", "swap", "cut", "tz")
    return [
        PlantedLog8(*c[:8], random_state=21000 + i, **dict(zip(keys, c[8:], strict=True)))  # type: ignore[arg-type,misc]
        for i, c in enumerate(HELDOUT8)
    ]
