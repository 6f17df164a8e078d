"""Planted clickstream logs of a fourth family (session 7), for the clickstream held-out split 4.

Written and committed before any clustering method was run on it. Unlike the earlier
generators (one funnel; session-level chain mixes; absorbing chains over a random base), a
session here is made of *tasks*: it opens with an entry event (the channel: app, web, push,
e-mail...), goes to a hub screen, and from the hub runs scripted tasks (ordered event paths
with repeats, early exits and returns to the hub) until it ends. Vocabularies come from five
product domains (bank, food delivery, learning, SaaS, travel), none of them used before.

Groups differ by:

- ``"funnel"``: one multi-step task (transfer, checkout, enrolment, upgrade, booking); each
  group abandons it at its own step;
- ``"habit"``: which tasks users run from the hub (each group a random task profile);
- ``"tempo"``: same paths; groups differ in the hour of the day their sessions start and in
  the time between events;
- ``"channel"``: how sessions start (entry mix), and so where they go first;
- ``"mixed"``: habit and channel at once, each weaker.

Logs without groups (``k`` must be 1):

- ``"habit_continuum"``: one favourite task, its pull a per-user continuous strength;
- ``"funnel_continuum"``: the funnel's per-step continuation a per-user Beta draw;
- ``"blend"``: each user's task profile a Dirichlet blend of three habit profiles;
- ``"heavy"``: one population, heavy-tailed activity (Pareto sessions, log-normal tempo).

Group sizes are imbalanced: ``smallest + (1 - k·smallest)·Dirichlet(alpha)``. Noise: with
probability ``noise`` an emitted event is replaced by a uniformly random one.
:func:`planted_log4` also returns the ARI of the Bayes classifier that knows the generator
(each group's chain with end state and noise, hour and dwell laws, share): the config's ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

__all__ = ["HELDOUT4", "PlantedLog4", "heldout4_configs", "planted_log4"]

_SIGMA = 0.7  # log-normal spread of the time between two events
_HOUR_SD = 2.5  # spread (hours) of a session's start hour around its group's
_FLAT = ("habit_continuum", "funnel_continuum", "blend", "heavy")

# domain: (entries, hub, tasks); the first task is the funnel
_DOMAINS: dict[str, tuple[list[str], str, list[list[str]]]] = {
    "bank": (
        ["open_app", "web_login", "push_alert", "sms_link"],
        "dashboard",
        [
            ["transfer_start", "payee", "amount", "review", "otp", "transfer_done"],
            ["balance", "statement", "download_pdf"],
            ["card_menu", "freeze_card", "limits"],
            ["loan_offer", "eligibility", "apply_form", "upload_docs"],
            ["bills", "biller", "pay_bill"],
            ["support", "chat", "rate_chat"],
        ],
    ),
    "food": (
        ["open_app", "web_home", "push_offer", "email_deal"],
        "home_feed",
        [
            ["search_dish", "restaurant", "menu", "add_item", "cart", "pay", "order_placed"],
            ["track_order", "call_rider", "rate_order"],
            ["offers", "coupon", "apply_coupon"],
            ["past_orders", "reorder"],
            ["grocery", "aisle", "basket"],
            ["profile", "wallet", "topup"],
        ],
    ),
    "learn": (
        ["open_app", "web_course", "push_reminder", "email_digest"],
        "my_courses",
        [
            ["catalog", "course_page", "syllabus", "enroll", "checkout", "paid"],
            ["lesson", "video", "quiz", "quiz_result"],
            ["flashcards", "flip", "review_deck"],
            ["forum", "thread", "reply"],
            ["certificate", "share_cert"],
            ["settings", "notifications"],
            ["notes", "highlight"],
        ],
    ),
    "saas": (
        ["login", "sso", "invite_link", "email_digest", "mobile_app"],
        "workspace",
        [
            ["billing", "plan_page", "compare_plans", "upgrade", "payment", "invoice"],
            ["new_doc", "edit", "comment", "share_doc"],
            ["board", "card_create", "card_move", "archive"],
            ["report", "filter", "export_csv"],
            ["admin", "invite_user", "roles"],
            ["integrations", "connect", "sync"],
        ],
    ),
    "travel": (
        ["open_app", "web_search", "push_price_drop", "meta_click"],
        "search_home",
        [
            ["flights", "results", "fare", "seats", "traveller", "pay", "booked"],
            ["hotels", "hotel_list", "hotel_page", "rooms"],
            ["trips", "itinerary", "checkin", "boarding_pass"],
            ["deals", "deal_page"],
            ["support", "refund", "refund_status"],
        ],
    ),
}


@dataclass(frozen=True)
class PlantedLog4:
    """One config: groups, users, domain, tasks per session, visits, separation, noise, mechanism."""

    k: int
    users: int
    domain: str
    tasks_per_session: float
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
            f"{self.mechanism}:k{self.k}:n{self.users}:{self.domain}:t{self.tasks_per_session:g}"
            f":vis{self.visits:g}:sep{self.separation:g}:e{self.noise:g}:a{self.alpha:g}:r{self.random_state}"
        )


@dataclass(frozen=True)
class _Layout:
    words: list[str]
    entries: np.ndarray  # codes of the entry events
    hub: int
    tasks: list[np.ndarray]  # codes of each task's steps, in order


def _layout(domain: str) -> _Layout:
    entries, hub, tasks = _DOMAINS[domain]
    words = [*entries, hub, *(w for t in tasks for w in t)]
    codes, start = [], len(entries) + 1
    for t in tasks:
        codes.append(np.arange(start, start + len(t)))
        start += len(t)
    return _Layout(words, np.arange(len(entries)), len(entries), codes)


def _chain(
    lay: _Layout,
    pi: np.ndarray,
    entry_mix: np.ndarray,
    cont: np.ndarray,
    first_task: np.ndarray,
    tasks_per_session: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Moves ``(v, v + 1)`` (last column: end) and start law ``(v,)`` of one behaviour."""
    v = len(lay.words)
    P = np.zeros((v, v + 1))
    start = np.zeros(v)
    start[lay.entries] = entry_mix
    heads = np.array([t[0] for t in lay.tasks])
    for e in lay.entries:  # an entry goes to the hub, or straight into its channel's task
        P[e, lay.hub] = 0.55
        P[e, heads] = 0.45 * first_task[e]
    p_end = 1.0 / max(tasks_per_session, 1.05)
    P[lay.hub, heads] = (1 - p_end) * pi
    P[lay.hub, v] = p_end
    for ti, t in enumerate(lay.tasks):
        for j, s in enumerate(t):
            rep = 0.08
            if j + 1 < len(t):
                c = cont[ti, j] if ti == 0 else 0.78
                P[s, t[j + 1]] = c * (1 - rep)
                rest = (1 - c) * (1 - rep)
            else:
                rest = 1 - rep
            P[s, s] = rep
            P[s, lay.hub] += 0.7 * rest
            P[s, v] += 0.3 * rest
    return P, start


@dataclass(frozen=True)
class _Law:
    chains: np.ndarray  # (k, v, v + 1)
    starts: np.ndarray  # (k, v)
    hour: np.ndarray  # (k,) mean start hour
    dwell: np.ndarray  # (k,) median seconds between events


def _profiles(rng: np.random.Generator, k: int, width: int, sep: float) -> np.ndarray:
    """``k`` random distinct profiles over ``width`` items (softmax of ``sep`` · normal draws)."""
    z = rng.normal(size=(k, width))
    p = np.exp(sep * z)
    return p / p.sum(axis=1, keepdims=True)


def _laws(cfg: PlantedLog4, lay: _Layout, rng: np.random.Generator) -> _Law:
    k, sep, T, E = max(cfg.k, 3), cfg.separation, len(lay.tasks), len(lay.entries)
    base_pi = rng.dirichlet(np.full(T, 3.0))
    base_entry = rng.dirichlet(np.full(E, 3.0))
    first_task = rng.dirichlet(np.full(T, 0.4), size=E)  # where each channel leads
    L = len(lay.tasks[0])
    base_cont = np.full((T, L), 0.92)
    m = cfg.mechanism
    pis = np.repeat(base_pi[None], k, axis=0)
    entry = np.repeat(base_entry[None], k, axis=0)
    conts = np.repeat(base_cont[None], k, axis=0)
    hour = np.full(k, 14.0)
    dwell = np.full(k, 20.0)
    if m in ("habit", "mixed", "blend"):
        s = sep * (0.6 if m == "mixed" else 1.0)
        pis = 0.1 * base_pi[None] + 0.9 * _profiles(rng, k, T, s)
    if m in ("channel", "mixed"):
        s = sep * (0.6 if m == "mixed" else 1.0)
        entry = _profiles(rng, k, E, s)
    if m in ("funnel", "funnel_continuum"):  # the funnel is a common task here
        pis[:, 0] = 0.55 + 0.45 * base_pi[0]
        pis /= pis.sum(axis=1, keepdims=True)
    if m == "funnel":
        drop = np.sort(rng.choice(np.arange(1, L - 1), size=cfg.k, replace=False))
        for g in range(cfg.k):  # group g mostly leaves the funnel after step drop[g]
            conts[g, 0, drop[g] :] = max(0.04, 0.92 - sep)
    if m == "tempo":
        hour = 14.0 + 4.0 * sep * np.linspace(-1, 1, k)[rng.permutation(k)]
        dwell = 20.0 * np.exp(sep * np.linspace(-1, 1, k))[rng.permutation(k)]
    if m == "habit_continuum":  # the two ends of the strength: base, and base pulled to one task
        pis = np.stack([base_pi, 0.3 * base_pi + 0.7 * np.eye(T)[rng.integers(T)]] * 2)[:k]
    if m == "funnel_continuum":
        conts = np.stack([base_cont, np.where(np.arange(L) >= 1, 0.15, 0.8)[None] * np.ones((T, 1))] * 2)[:k]
    pairs = [_chain(lay, pis[g], entry[g], conts[g], first_task, cfg.tasks_per_session) for g in range(k)]
    return _Law(np.stack([p[0] for p in pairs]), np.stack([p[1] for p in pairs]), hour, dwell)


def _shares(cfg: PlantedLog4, rng: np.random.Generator) -> np.ndarray:
    if cfg.k == 1:
        return np.ones(1)
    return cfg.smallest + (1.0 - cfg.smallest * cfg.k) * rng.dirichlet(np.full(cfg.k, cfg.alpha))


def _user_laws(
    cfg: PlantedLog4, law: _Law, group: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Per-user chain ``(n, v, v + 1)`` and start law ``(n, v)``."""
    m, n = cfg.mechanism, cfg.users
    if m in ("habit_continuum", "funnel_continuum"):  # a continuous strength between two ends
        w = rng.beta(1.3, 1.3, n)
    elif m == "blend":
        d = rng.dirichlet(np.full(3, 2.0), n)
        return (
            np.einsum("ug,gij->uij", d, law.chains[:3]),
            np.einsum("ug,gi->ui", d, law.starts[:3]),
        )
    else:
        return law.chains[group], law.starts[group]
    return (
        (1 - w)[:, None, None] * law.chains[0][None] + w[:, None, None] * law.chains[1][None],
        (1 - w)[:, None] * law.starts[0][None] + w[:, None] * law.starts[1][None],
    )


def planted_log4(cfg: PlantedLog4) -> tuple[pd.DataFrame, pd.Series, float]:
    """The log (``user_id, session_id, event, timestamp``), each user's group, and the Bayes ARI.

    The Bayes ARI is ``nan`` for ``k=1`` configs (no groups to recover).

    Examples
    --------
    >>> log, group, oracle = planted_log4(PlantedLog4(3, 300, "bank", 3.0, 2.0, 1.5, 0.02, "habit", 1))
    >>> sorted(group.unique().tolist()), list(log.columns)
    ([0, 1, 2], ['user_id', 'session_id', 'event', 'timestamp'])
    """
    if (cfg.k == 1) != (cfg.mechanism in _FLAT):
        raise ValueError("k=1 goes with the flat mechanisms, and only with them")
    rng = np.random.default_rng([cfg.random_state, 4447])
    lay = _layout(cfg.domain)
    v = len(lay.words)
    law = _laws(cfg, lay, rng)
    group = rng.choice(cfg.k, size=cfg.users, p=_shares(cfg, rng))
    user_chain, user_start = _user_laws(cfg, law, group, rng)
    g_law = np.minimum(group, len(law.hour) - 1)
    hour_u, dwell_u = law.hour[g_law], law.dwell[g_law]
    if cfg.mechanism == "heavy":
        n_sess = np.minimum(1 + np.floor(rng.pareto(1.3, cfg.users) * cfg.visits), 80).astype(np.int64)
        dwell_u = dwell_u * np.exp(0.9 * rng.normal(size=cfg.users))
        hour_u = rng.uniform(0, 24, cfg.users)
    else:
        n_sess = 1 + rng.poisson(cfg.visits - 1.0, cfg.users)
    sess_user = np.repeat(np.arange(cfg.users), n_sess)
    s_idx, e_idx, pos = _walk(cfg, rng, user_chain[sess_user], user_start[sess_user], v)
    day = _session_days(sess_user, rng)
    hours = hour_u[sess_user] + _HOUR_SD * rng.normal(size=len(sess_user))
    sess_start = day * 86400.0 + np.mod(hours, 24.0) * 3600.0
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
            "event": np.asarray(lay.words, dtype=object)[e_idx],
            "timestamp": pd.Timestamp("2026-09-07") + pd.to_timedelta(np.round(ts), unit="s"),
        }
    )
    log = log.sort_values(["user_id", "timestamp", "session_id"], kind="stable").reset_index(drop=True)
    labels = pd.Series(group, index=np.arange(1, cfg.users + 1), name="group")
    if cfg.k == 1:
        return log, labels, float("nan")
    return log, labels, _oracle_ari(cfg, log, group, law, lay)


def _walk(
    cfg: PlantedLog4, rng: np.random.Generator, chain: np.ndarray, start: np.ndarray, v: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Session, event and position of every emitted event, sorted by session then position."""
    s_chain, s_start = np.cumsum(chain, axis=2), np.cumsum(start, axis=1)

    def draw(cdf: np.ndarray, width: int) -> np.ndarray:
        return np.minimum((cdf < rng.random((cdf.shape[0], 1)) * cdf[:, -1:]).sum(axis=1), width - 1)

    def noisy(ev: np.ndarray) -> np.ndarray:
        return np.where(rng.random(len(ev)) < cfg.noise, rng.integers(0, v, len(ev)), ev)

    n_s = len(chain)
    ev = noisy(draw(s_start, v))
    alive = np.ones(n_s, dtype=bool)
    steps_s, steps_e = [], []
    for _ in range(int(cfg.tasks_per_session * 25) + 20):
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


def _session_days(sess_user: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Day of each session: a random day in four weeks for the user's first, then 1-9 days apart."""
    step = rng.integers(1, 10, len(sess_user)).astype(np.float64)
    first = np.r_[True, sess_user[1:] != sess_user[:-1]]
    step[first] = rng.integers(0, 28, int(first.sum()))
    total = np.cumsum(step)
    base = np.repeat(total[first] - step[first], np.diff(np.append(np.flatnonzero(first), len(step))))
    return total - base


def _oracle_ari(cfg: PlantedLog4, log: pd.DataFrame, group: np.ndarray, law: _Law, lay: _Layout) -> float:
    """ARI of the Bayes classifier that knows each group's chain, end law, hours, dwell and share."""
    v, k, e = len(lay.words), cfg.k, cfg.noise
    code = pd.Categorical(log["event"], categories=lay.words).codes.astype(np.int64)
    user = log["user_id"].to_numpy() - 1
    sid = log["session_id"].to_numpy()
    first = np.r_[True, sid[1:] != sid[:-1]]
    last = np.r_[sid[1:] != sid[:-1], True]
    prev = np.r_[0, code[:-1]]
    t = log["timestamp"].to_numpy().astype("datetime64[s]").astype(np.int64).astype(float)
    gap = np.r_[0.0, np.diff(t)]
    hour = np.mod(t / 3600.0, 24.0)
    ll = np.zeros((cfg.users, k))
    for g in range(k):
        moves, p_end = law.chains[g][:, :v], law.chains[g][:, v]
        obs = (1 - e) * moves + e * (1 - p_end)[:, None] / v
        with np.errstate(divide="ignore"):
            lp = np.where(first, np.log((1 - e) * law.starts[g][code] + e / v), np.log(obs[prev, code]))
            lp = lp + np.where(last, np.log(p_end[code]), 0.0)
        if cfg.mechanism == "tempo":
            ok = ~first & (gap > 0)
            z = (np.log(np.maximum(gap, 1.0)) - np.log(law.dwell[g])) / _SIGMA
            d = np.abs(hour - law.hour[g] % 24.0)
            d = np.minimum(d, 24.0 - d) / _HOUR_SD
            lp = lp + np.where(ok, -0.5 * z * z, 0.0) + np.where(first, -0.5 * d * d, 0.0)
        ll[:, g] = np.bincount(user, weights=np.maximum(lp, -50.0), minlength=cfg.users)
    share = np.bincount(group, minlength=k) / len(group)
    ll += np.log(np.maximum(share, 1e-12))[None]
    return float(adjusted_rand_score(group, ll.argmax(axis=1)))


# Clickstream held-out split 4 (session 7), written and committed before any method ran on it;
# separations were set from the Bayes classifier's ARI alone (the ceiling, printed by
# benchmarks/bench_sequence_clustering.py --planted heldout4), before any clustering ran.
# (k, users, domain, tasks per session, visits, separation, noise, mechanism, alpha).
HELDOUT4: list[tuple[int, int, str, float, float, float, float, str, float]] = [
    (2, 2000, "bank", 2.5, 3.0, 1.0, 0.03, "funnel", 1.0),
    (3, 3000, "food", 3.0, 4.0, 0.9, 0.05, "funnel", 0.6),
    (4, 4000, "travel", 2.0, 6.0, 1.2, 0.05, "funnel", 0.8),
    (2, 1500, "learn", 3.0, 2.0, 2.4, 0.02, "habit", 0.5),
    (4, 3500, "saas", 3.5, 4.0, 2.6, 0.05, "habit", 1.0),
    (6, 5000, "food", 3.0, 5.0, 3.2, 0.05, "habit", 0.7),
    (7, 6000, "learn", 4.0, 3.0, 3.6, 0.1, "habit", 1.2),
    (3, 2500, "bank", 2.0, 3.0, 2.0, 0.03, "habit", 0.4),
    (2, 2500, "saas", 3.0, 4.0, 0.36, 0.02, "tempo", 0.8),
    (3, 3000, "travel", 2.0, 5.0, 0.42, 0.05, "tempo", 1.0),
    (2, 2000, "food", 2.0, 3.0, 2.1, 0.02, "channel", 0.6),
    (3, 3000, "saas", 3.0, 4.0, 2.4, 0.05, "channel", 1.0),
    (4, 4000, "bank", 2.5, 5.0, 3.6, 0.05, "channel", 0.7),
    (3, 3000, "travel", 3.0, 3.0, 2.4, 0.05, "mixed", 1.0),
    (5, 5000, "bank", 3.0, 4.0, 2.7, 0.08, "mixed", 0.6),
    (2, 1200, "learn", 2.5, 2.0, 2.25, 0.0, "mixed", 1.0),
    (1, 3000, "learn", 3.0, 3.0, 0.0, 0.03, "habit_continuum", 1.0),
    (1, 3000, "travel", 2.5, 3.0, 0.0, 0.05, "funnel_continuum", 1.0),
    (1, 3500, "saas", 3.0, 3.0, 1.5, 0.05, "blend", 1.0),
    (1, 2500, "food", 3.0, 2.0, 0.0, 0.05, "heavy", 1.0),
    (1, 3000, "bank", 2.0, 3.0, 0.0, 0.02, "heavy", 1.0),
]


def heldout4_configs() -> list[PlantedLog4]:
    """The configs of the clickstream held-out split 4 (seeds 11000 + position)."""
    return [
        PlantedLog4(*c[:8], random_state=11000 + i, alpha=c[8])  # type: ignore[arg-type,misc]
        for i, c in enumerate(HELDOUT4)
    ]
