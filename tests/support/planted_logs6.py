"""Planted clickstream logs of a sixth family (session 9), for the clickstream held-out split 6.

Written and committed before any clustering method was run on it. It differs from splits 1-5
in the ways real product logs do:

- **many groups** (5-8) with strongly imbalanced shares (a 2-3 % group beside a 40 % one);
- groups that differ **only in a sub-path** (``"subpath"``: the successors of two hub events;
  every other step is the same for everyone);
- groups that differ **only in repeat behaviour** (``"repeat"``: how often a user repeats the
  same event, e.g. replays, refreshes, re-scrolls, on a handful of repeatable events);
- groups that each differ from a common base **in a different aspect** (``"mixed"``: one group
  by start hour, one by route, one by tempo, one by rhythm, the rest the base);
- ``"hour"``, ``"dwell"`` and ``"route"`` groups as before, but more of them per log;
- **noisy tracking** on every log: each event is lost with probability ``drop`` and fired twice
  (the copy 0-2 s later) with probability ``dup``, on top of ``noise`` (an event replaced by a
  random one);

and **logs without groups** (``k`` must be 1) where users vary *smoothly*:

- ``"tempo_hour_continuum"``: each user's tempo (log-normal) and start hour (uniform over the
  waking day) continuous and correlated (late users are slower);
- ``"rhythm_continuum"``: each user's number of sessions and days between them continuous;
- ``"repeat_continuum"``: each user's repeat probability a Beta draw;
- ``"route_blend"``: each user's chain a Dirichlet blend of four route chains;
- ``"single_noisy"``: one chain and one time law, with heavy tracking noise.

Vocabularies come from five domains not used before (banking, food delivery, travel booking,
e-learning, a SaaS dashboard). Group shares: ``smallest + (1 - k·smallest)·Dirichlet(alpha)``.
:func:`planted_log6` also returns the ARI of the Bayes classifier that knows the generator and
sees the log *before* the tracking noise (drops and duplicates): an upper bound on the ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from support.planted_logs5 import (
    _HOUR_SD,
    _SIGMA,
    _graph,
    _Law,
    _oracle_ari,
    _route,
    _session_days,
    _softmax_rows,
    _walk,
)

__all__ = ["HELDOUT6", "PlantedLog6", "heldout6_configs", "planted_log6"]

_FLAT = ("tempo_hour_continuum", "rhythm_continuum", "repeat_continuum", "route_blend", "single_noisy")

_DOMAINS: dict[str, list[str]] = {
    "banking": [
        "login",
        "accounts",
        "balance",
        "transactions",
        "statement",
        "transfer",
        "add_payee",
        "otp",
        "confirm",
        "cards",
        "block_card",
        "loans",
        "emi_calc",
        "fixed_deposit",
        "upi",
        "bill_pay",
        "support",
        "logout",
    ],
    "food": [
        "open_app",
        "home_feed",
        "search",
        "restaurant",
        "menu",
        "dish",
        "add_item",
        "cart",
        "coupon",
        "address",
        "pay",
        "order_placed",
        "track_order",
        "rate",
        "offers",
        "reorder",
    ],
    "travel": [
        "landing",
        "search_flights",
        "results",
        "sort",
        "filter",
        "flight_detail",
        "fare_rules",
        "seat_map",
        "traveller_form",
        "add_ons",
        "payment",
        "booking_done",
        "hotels",
        "hotel_page",
        "my_trips",
        "web_checkin",
        "cancel",
    ],
    "elearning": [
        "dashboard",
        "course_catalog",
        "course_page",
        "enroll",
        "lesson",
        "video_play",
        "seek",
        "notes",
        "quiz",
        "quiz_submit",
        "forum",
        "post_reply",
        "certificate",
        "progress",
        "download",
        "settings",
    ],
    "saas": [
        "sign_in",
        "overview",
        "reports",
        "report_view",
        "filter_change",
        "export_csv",
        "dashboards",
        "widget_edit",
        "share_link",
        "alerts",
        "alert_edit",
        "integrations",
        "billing",
        "team",
        "invite",
        "docs",
        "api_keys",
        "help",
    ],
}


@dataclass(frozen=True)
class PlantedLog6:
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
    alpha: float = 1.0  # Dirichlet concentration of the group shares (small = imbalanced)
    drop: float = 0.03  # probability that an event is lost by the tracker
    dup: float = 0.03  # probability that an event is fired twice
    smallest: float = 0.02

    @property
    def name(self) -> str:
        return (
            f"{self.mechanism}:k{self.k}:n{self.users}:{self.domain}:l{self.session_len:g}"
            f":vis{self.visits:g}:sep{self.separation:g}:e{self.noise:g}:a{self.alpha:g}"
            f":drop{self.drop:g}:dup{self.dup:g}:r{self.random_state}"
        )


def _with_repeats(chain: np.ndarray, events: np.ndarray, r: float) -> np.ndarray:
    """``chain`` where each of ``events`` repeats itself with probability ``r`` (rest scaled down)."""
    out = chain.copy()
    out[events] *= 1.0 - r
    out[events, events] += r
    return out


def _laws(cfg: PlantedLog6, v: int, rng: np.random.Generator) -> tuple[_Law, np.ndarray]:
    """Each group's laws, and the repeatable events."""
    k, sep, m = max(cfg.k, 4), cfg.separation, cfg.mechanism
    S = _graph(v, rng)
    z0 = rng.normal(size=(v, v))
    start0 = rng.dirichlet(np.full(v, 0.6))
    base = _route(S, z0, cfg.session_len)
    # expected visits of each event per session: the busiest events are the hubs and the
    # repeatable ones (a sub-path or a repeat on an event nobody reaches would not be a segment)
    busy = np.argsort(-(start0 @ np.linalg.inv(np.eye(v) - base[:, :v])))
    repeatable = busy[rng.permutation(8)[:5]]
    base = _with_repeats(base, repeatable, 0.08)
    chains = np.repeat(base[None], k, axis=0)
    starts = np.repeat(start0[None], k, axis=0)
    hour = np.full(k, 14.0)
    dwell = np.full(k, 20.0)
    visits = np.full(k, cfg.visits)
    days = np.full(k, 3.0)
    perm = rng.permutation(k)
    if m in ("route", "route_blend"):
        zs = [0.4 * z0 + sep * rng.normal(size=(v, v)) for _ in range(k)]
        chains = np.stack([_with_repeats(_route(S, z, cfg.session_len), repeatable, 0.08) for z in zs])
        starts = _softmax_rows(np.log(start0)[None] + sep * rng.normal(size=(k, v)))
    if m == "subpath":  # only the successors of two hub events differ
        hubs = busy[rng.permutation(4)[:2]]
        for g in range(k):
            z = z0.copy()
            z[hubs] = 0.3 * z0[hubs] + sep * rng.normal(size=(2, v))
            chains[g] = _with_repeats(_route(S, z, cfg.session_len), repeatable, 0.08)
    if m == "repeat":
        r = 0.05 + min(0.85, 0.3 * sep) * np.linspace(0, 1, k)
        chains = np.stack(
            [_with_repeats(_route(S, z0, cfg.session_len), repeatable, r[perm[g]]) for g in range(k)]
        )
    if m == "hour":
        hour = 14.0 + sep * np.linspace(-1, 1, k)[perm]
    if m == "dwell":
        dwell = 20.0 * np.exp(sep * np.linspace(-1, 1, k))[perm]
    if m == "mixed":  # group 0 by hour, 1 by route, 2 by tempo, 3 by rhythm; the rest the base
        hour[0] = 14.0 + 4.0 * sep
        z = 0.4 * z0 + 1.2 * sep * rng.normal(size=(v, v))
        chains[1] = _with_repeats(_route(S, z, cfg.session_len), repeatable, 0.08)
        dwell[2] = 20.0 * np.exp(0.8 * sep)
        visits[3] = cfg.visits * np.exp(0.8 * sep)
        days[3] = 3.0 * np.exp(-sep)
    law = _Law(chains, starts, hour, dwell, np.maximum(visits, 1.0), days)
    return law, repeatable


def _shares(cfg: PlantedLog6, rng: np.random.Generator) -> np.ndarray:
    if cfg.k == 1:
        return np.ones(1)
    return cfg.smallest + (1.0 - cfg.smallest * cfg.k) * rng.dirichlet(np.full(cfg.k, cfg.alpha))


def planted_log6(cfg: PlantedLog6) -> tuple[pd.DataFrame, pd.Series, float]:
    """The log (``user_id, session_id, event, timestamp``), each user's group, and the Bayes ARI.

    The Bayes ARI is ``nan`` for ``k=1`` configs (no groups to recover). Users every one of
    whose events the tracker lost are absent from the log (and kept in the group series).

    Examples
    --------
    >>> log, group, oracle = planted_log6(PlantedLog6(3, 300, "food", 6.0, 3.0, 1.5, 0.02, "route", 1))
    >>> sorted(group.unique().tolist()), list(log.columns)
    ([0, 1, 2], ['user_id', 'session_id', 'event', 'timestamp'])
    """
    if (cfg.k == 1) != (cfg.mechanism in _FLAT):
        raise ValueError("k=1 goes with the flat mechanisms, and only with them")
    rng = np.random.default_rng([cfg.random_state, 6661])
    words = _DOMAINS[cfg.domain]
    v = len(words)
    law, repeatable = _laws(cfg, v, rng)
    n = cfg.users
    group = rng.choice(cfg.k, size=n, p=_shares(cfg, rng))
    g = group.copy()
    chain_u, start_u = law.chains[g], law.starts[g]
    hour_u, dwell_u = law.hour[g].copy(), law.dwell[g].copy()
    visits_u, days_u = law.visits[g].copy(), law.days[g].copy()
    m = cfg.mechanism
    if m == "route_blend":
        d = rng.dirichlet(np.full(4, 1.2), n)
        chain_u = np.einsum("ug,gij->uij", d, law.chains[:4])
        start_u = np.einsum("ug,gi->ui", d, law.starts[:4])
    elif m == "tempo_hour_continuum":
        hour_u = rng.uniform(7.0, 23.0, n)
        dwell_u = 20.0 * np.exp(cfg.separation * (0.6 * (hour_u - 15.0) / 4.6 + 0.8 * rng.normal(size=n)))
    elif m == "rhythm_continuum":
        z = rng.normal(size=n)
        visits_u = np.maximum(1.0, cfg.visits * np.exp(cfg.separation * z))
        days_u = 3.0 * np.exp(-cfg.separation * (0.7 * z + 0.7 * rng.normal(size=n)))
    elif m == "repeat_continuum":
        r = rng.beta(1.5, 3.0, n) * 0.8
        chain_u = np.stack([_with_repeats(law.chains[0], repeatable, ri) for ri in r])
    n_sess = 1 + rng.poisson(visits_u - 1.0)
    sess_user = np.repeat(np.arange(n), n_sess)
    s_idx, e_idx, pos = _walk(cfg, rng, chain_u[sess_user], start_u[sess_user], v)  # type: ignore[arg-type]
    day = _session_days(sess_user, days_u[sess_user], rng)
    hours = np.clip(hour_u[sess_user] + _HOUR_SD * rng.normal(size=len(sess_user)), 0.0, 23.5)
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
            "timestamp": pd.Timestamp("2026-11-02") + pd.to_timedelta(np.round(ts), unit="s"),
        }
    )
    clean = clean.sort_values(["user_id", "timestamp", "session_id"], kind="stable").reset_index(drop=True)
    log = _tracking(clean, cfg, rng)
    labels = pd.Series(group, index=np.arange(1, n + 1), name="group")
    if cfg.k == 1:
        return log, labels, float("nan")
    # the oracle reads the clean log with planted_logs5's time origin
    shifted = clean.assign(
        timestamp=clean["timestamp"] - (pd.Timestamp("2026-11-02") - pd.Timestamp("2026-10-05"))
    )
    return log, labels, _oracle_ari(cfg, shifted, group, law, v, words)  # type: ignore[arg-type]


def _tracking(log: pd.DataFrame, cfg: PlantedLog6, rng: np.random.Generator) -> pd.DataFrame:
    """The log as a flaky tracker records it: events lost (``drop``) and fired twice (``dup``)."""
    keep = rng.random(len(log)) >= cfg.drop
    out = log[keep]
    twice = rng.random(len(out)) < cfg.dup
    copies = out[twice].copy()
    copies["timestamp"] = copies["timestamp"] + pd.to_timedelta(rng.integers(0, 3, len(copies)), unit="s")
    out = pd.concat([out, copies], ignore_index=True)
    return out.sort_values(["user_id", "timestamp", "session_id"], kind="stable").reset_index(drop=True)


# Clickstream held-out split 6 (session 9), written and committed before any method ran on it;
# separations were set from the Bayes classifier's ARI alone (the ceiling), before any clustering
# ran. (k, users, domain, session length, visits, separation, noise, mechanism, alpha, drop, dup).
HELDOUT6: list[tuple[int, int, str, float, float, float, float, str, float, float, float]] = [
    (6, 6000, "food", 6.0, 3.0, 1.4, 0.05, "route", 0.5, 0.03, 0.03),
    (8, 8000, "banking", 7.0, 3.0, 1.4, 0.05, "route", 0.7, 0.05, 0.02),
    (5, 5000, "saas", 6.0, 4.0, 1.2, 0.05, "route", 0.4, 0.02, 0.05),
    (3, 3000, "travel", 7.0, 4.0, 3.5, 0.03, "subpath", 0.6, 0.03, 0.03),
    (5, 5000, "food", 6.0, 5.0, 3.5, 0.05, "subpath", 0.8, 0.03, 0.03),
    (3, 3000, "elearning", 6.0, 4.0, 3.0, 0.03, "repeat", 0.7, 0.03, 0.03),
    (4, 4000, "saas", 7.0, 5.0, 3.0, 0.05, "repeat", 1.0, 0.05, 0.05),
    (5, 5000, "banking", 6.0, 4.0, 7.0, 0.05, "hour", 0.5, 0.03, 0.03),
    (6, 6000, "elearning", 7.0, 4.0, 8.0, 0.05, "hour", 0.8, 0.03, 0.02),
    (4, 4000, "travel", 7.0, 3.0, 1.0, 0.05, "dwell", 0.6, 0.03, 0.03),
    (5, 5000, "food", 6.0, 4.0, 1.0, 0.05, "mixed", 0.8, 0.03, 0.03),
    (6, 6000, "saas", 7.0, 4.0, 1.2, 0.05, "mixed", 0.5, 0.04, 0.04),
    (7, 7000, "travel", 6.0, 3.0, 1.5, 0.08, "route", 0.6, 0.05, 0.05),
    (2, 2000, "banking", 6.0, 3.0, 1.2, 0.05, "route", 0.3, 0.08, 0.08),
    (1, 4000, "food", 6.0, 4.0, 0.7, 0.05, "tempo_hour_continuum", 1.0, 0.03, 0.03),
    (1, 4000, "saas", 7.0, 4.0, 0.6, 0.05, "rhythm_continuum", 1.0, 0.03, 0.03),
    (1, 3500, "elearning", 6.0, 3.0, 1.0, 0.05, "repeat_continuum", 1.0, 0.03, 0.03),
    (1, 4000, "travel", 6.0, 3.0, 1.3, 0.05, "route_blend", 1.0, 0.03, 0.03),
    (1, 3000, "banking", 6.0, 4.0, 0.0, 0.05, "single_noisy", 1.0, 0.10, 0.10),
]


def heldout6_configs() -> list[PlantedLog6]:
    """The configs of the clickstream held-out split 6 (seeds 16000 + position)."""
    return [
        PlantedLog6(*c[:8], random_state=16000 + i, alpha=c[8], drop=c[9], dup=c[10])  # type: ignore[arg-type,misc]
        for i, c in enumerate(HELDOUT6)
    ]
