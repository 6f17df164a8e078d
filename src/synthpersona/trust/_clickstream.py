"""Back-testing behavioural (clickstream) personas: held-out users, conversion and transition agreement.

Users are split at random. Every user's behaviour is counted once (transitions with
session start and end, gaps between events, number of sessions:
:func:`synthpersona.simulation.event_behaviour_counts`; unsupervised, no outcome is read)
and clustered by the product's own algorithm, the registered ``markov_mixture`` that
:func:`synthpersona.simulation.cluster_event_sequences` runs, fitted on the building users
only; the held-out users are assigned with its ``estimator.predict``. Personas are profiled
from the building users' events. Checked on the held-out users:

- each segment's share of users, and its conversion rate (share of sessions that convert;
  sessions of one user are not independent, so the interval uses the between-user
  variance of the ratio, not the binomial one);
- conversion ranking agreement between the segments;
- transition agreement: per segment, ``1 - total variation distance`` between the
  next-event distributions of the two parts, averaged over events weighted by their
  frequency (1 = the same behaviour).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from synthpersona.trust._backtest import (
    SEGMENT_SHARE,
    Backtest,
    ClaimCheck,
    prediction_interval,
    rank_agreement,
)
from synthpersona.trust._split import _check_fraction

if TYPE_CHECKING:
    from synthpersona.segmentation import Clustering, DataKind

__all__ = ["BoundaryNoise", "backtest_events", "boundary_noise", "transition_agreement"]


def _take(X: Any, rows: np.ndarray) -> Any:
    """Rows of a matrix or of behaviour counts (``BehaviourCounts.rows``)."""
    return X.rows(rows) if hasattr(X, "rows") else X[rows]


def _transitions(events: pd.DataFrame) -> pd.DataFrame:
    """Counts of ``(event, next event)`` within sessions, with ``$`` for a session's end."""
    ordered = events.sort_values(["user_id", "session_id", "timestamp"], kind="stable")
    event = ordered["event"].astype(str)
    nxt = event.groupby([ordered["user_id"], ordered["session_id"]], sort=False, observed=True).shift(-1)
    return pd.DataFrame({"event": event.to_numpy(), "next": nxt.fillna("$").to_numpy()})


def transition_agreement(a: pd.DataFrame, b: pd.DataFrame) -> float:
    """``1 -`` frequency-weighted total variation distance between two next-event distributions.

    ``a`` and ``b`` are event logs (``user_id, session_id, event, timestamp``).

    Examples
    --------
    >>> log = pd.DataFrame({"user_id": [1, 1, 1], "session_id": [1, 1, 1], "event": ["a", "b", "a"],
    ...                     "timestamp": [1, 2, 3]})
    >>> transition_agreement(log, log)
    1.0
    """
    ta, tb = _transitions(a), _transitions(b)
    ca = pd.crosstab(ta["event"], ta["next"])
    cb = pd.crosstab(tb["event"], tb["next"])
    rows = ca.index.union(cb.index)
    cols = ca.columns.union(cb.columns)
    ca = ca.reindex(index=rows, columns=cols, fill_value=0)
    cb = cb.reindex(index=rows, columns=cols, fill_value=0)
    pa = ca.div(ca.sum(axis=1).replace(0, np.nan), axis=0)
    pb = cb.div(cb.sum(axis=1).replace(0, np.nan), axis=0)
    tv = 0.5 * (pa - pb).abs().sum(axis=1)
    weight = ca.sum(axis=1) + cb.sum(axis=1)
    ok = pa.notna().all(axis=1) & pb.notna().all(axis=1)
    if not ok.any():
        return float("nan")
    return float(1 - np.average(tv[ok], weights=weight[ok]))


def _ratio_var(succ: np.ndarray, count: np.ndarray) -> tuple[float, float]:
    """Rate ``sum(succ) / sum(count)`` over users and the between-user variance of one user's term.

    Returned as ``(rate, s2)`` with the variance of the rate over ``m`` users ``s2 / m``.
    """
    m, total = len(succ), float(count.sum())
    if m < 2 or total <= 0:
        return float("nan"), float("nan")
    rate = float(succ.sum() / total)
    resid = succ - rate * count
    s2 = float((resid**2).sum() / (total / m) ** 2 / (m - 1))
    # a rate near 0 or 1 on few users has an estimated variance near 0; as for a
    # proportion, the floor is the binomial one of the rate shrunk half a session towards
    # 1/2, spread over a user's mean number of sessions
    p = (float(succ.sum()) + 0.5) / (total + 1)
    return rate, max(s2, p * (1 - p) / (total / m))


def _rate_claim(
    sid: int,
    per_b: pd.DataFrame,
    per_h: pd.DataFrame,
    holders: tuple[str, ...],
    extra_var: float = 0.0,
) -> ClaimCheck | None:
    """Conversion rate of a segment's sessions, interval from the between-user variance.

    ``per_b``/``per_h``: one row per user of the segment with ``sum`` (converting
    sessions) and ``count`` (sessions).
    """
    m_b, m_h = len(per_b), len(per_h)
    rate, s2 = _ratio_var(per_b["sum"].to_numpy(np.float64), per_b["count"].to_numpy(np.float64))
    if not math.isfinite(rate):
        return None
    held_rate = float(per_h["sum"].sum() / per_h["count"].sum()) if m_h else None
    lo, hi = prediction_interval(rate, m_b, max(m_h, 1), sd=math.sqrt(s2), extra_var=extra_var)
    interval = (max(0.0, lo), min(1.0, hi))
    inside = None if held_rate is None else bool(interval[0] - 1e-12 <= held_rate <= interval[1] + 1e-12)
    return ClaimCheck(sid, "rate", None, None, rate, m_b, held_rate, m_h, interval, inside, holders)


def _fold_differences(
    fit: Clustering,
    Z: Any,
    tr: np.ndarray,
    te: np.ndarray,
    conv: np.ndarray,
    sessions: np.ndarray,
    d_share: list[float],
    d_rate: list[float],
) -> None:
    """Append each segment's ``(out-of-fold - in-sample)² - sampling variance`` of share and rate."""
    lab_tr = np.asarray(fit.labels)
    lab_te = np.asarray(fit.estimator.predict(_take(Z, te)))
    for c in range(fit.k):
        a, b = lab_tr == c, lab_te == c
        p_in = float(a.mean())
        p = (p_in * len(tr) + 0.5) / (len(tr) + 1)
        d_share.append((float(b.mean()) - p_in) ** 2 - p * (1 - p) * (1 / len(tr) + 1 / len(te)))
        if a.sum() < 2 or b.sum() < 1 or sessions[te][b].sum() <= 0:
            continue
        rate_in, s2 = _ratio_var(conv[tr][a], sessions[tr][a])
        rate_out = float(conv[te][b].sum() / sessions[te][b].sum())
        if math.isfinite(rate_in):
            d_rate.append((rate_out - rate_in) ** 2 - s2 * (1 / a.sum() + 1 / b.sum()))


@dataclass(frozen=True)
class BoundaryNoise:
    """Variance a segment's share and rate have beyond sampling noise, from cross-fitting.

    The clustering draws its boundaries through the building users themselves, so a
    segment's share and conversion rate on them differ from those of new users by more
    than the sampling noise of the two samples (an in-sample optimism that grows when
    segments are not well separated). Estimated on the building users only: each of
    ``folds`` folds (``repeats`` times) is clustered again (same algorithm and ``k``) on the other folds and
    assigned with that model; ``share``/``rate`` are the mean of ``(out-of-fold -
    in-sample)² - sampling variance`` over folds and segments, floored at 0.
    """

    share: float
    rate: float
    folds: int
    pairs: int


def boundary_noise(
    Z: Any,
    k: int,
    conv: np.ndarray,
    sessions: np.ndarray,
    *,
    folds: int = 5,
    repeats: int = 2,
    random_state: int = 0,
    max_rows: int = 20_000,
    algorithm: str = "kmeans",
) -> BoundaryNoise:
    """Estimate the clustering boundary's own variance of shares and rates by cross-fitting.

    Parameters
    ----------
    Z
        Encoded building users (one row each): a numeric matrix, or behaviour counts
        (``synthpersona.segmentation.BehaviourCounts``) for ``algorithm="markov_mixture"``.
    k
        Number of segments of the run (the refits use it).
    conv, sessions
        Converting sessions and sessions per user (aligned with ``Z``).
    folds, repeats
        Cross-fitting folds, and how many times the fold split is redrawn.
    random_state
        Seed of the folds and refits.
    max_rows
        Users cross-fitted at most (a random sample beyond).
    algorithm
        The registered algorithm of the run (refitted with its ``k``).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> Z = np.vstack([rng.normal(0, 1, (60, 2)), rng.normal(8, 1, (60, 2))])
    >>> noise = boundary_noise(Z, 2, np.ones(120), np.full(120, 2.0))
    >>> noise.share < 1e-3  # two clear groups: no boundary noise beyond sampling
    True
    """
    from synthpersona.segmentation import ClusteringParams, cluster

    rng = np.random.default_rng([random_state, 29])
    n = Z.n_users if hasattr(Z, "n_users") else len(Z)
    data: DataKind = "event_counts" if algorithm == "markov_mixture" else "numeric"
    rows = np.sort(rng.choice(n, max_rows, replace=False)) if n > max_rows else np.arange(n)
    d_share: list[float] = []
    d_rate: list[float] = []
    for r in range(repeats):
        fold_of = rng.permutation(len(rows)) % folds
        for f in range(folds):
            tr, te = rows[fold_of != f], rows[fold_of == f]
            if len(te) < 2 * k or len(tr) < 2 * k:
                continue
            params = ClusteringParams(algorithm=algorithm, k=k, random_state=random_state + 1 + r * folds + f)
            fit = cluster(_take(Z, tr), params, data=data)
            _fold_differences(fit, Z, tr, te, conv, sessions, d_share, d_rate)
    return BoundaryNoise(
        share=max(0.0, float(np.mean(d_share))) if d_share else 0.0,
        rate=max(0.0, float(np.mean(d_rate))) if d_rate else 0.0,
        folds=folds * repeats,
        pairs=len(d_share),
    )


def backtest_events(
    events: pd.DataFrame, *, test_fraction: float = 0.3, k: int | None = None, random_state: int = 0
) -> Backtest:
    """Back-test the behavioural personas of an event log on held-out users.

    Parameters
    ----------
    events
        Event log with ``user_id, session_id, event, timestamp``
        (:func:`synthpersona.simulation.load_event_log`).
    test_fraction
        Share of users held out (0.1-0.5).
    k
        Number of behavioural segments, or ``None`` to choose it as the product does
        (held-out likelihood of the Markov mixture).
    random_state
        Seed of the split and the clustering.

    Examples
    --------
    >>> from synthpersona.simulation import make_sample_events
    >>> bt = backtest_events(make_sample_events(random_state=0))  # doctest: +SKIP
    >>> sorted(bt.agreement)  # doctest: +SKIP
    ['conversion_mean_abs_diff', 'transition_agreement']
    """
    from synthpersona.errors import DataError
    from synthpersona.segmentation import ClusteringParams, cluster
    from synthpersona.simulation import (
        engineer_session_features,
        event_behaviour_counts,
        profile_behavioural_personas,
    )

    _check_fraction(test_fraction)
    counts, users = event_behaviour_counts(events)
    n = len(users)
    n_test = round(n * float(test_fraction))
    if n < 20 or n_test < 4:
        raise DataError(f"Only {n} users in the event log; back-testing needs at least 20.")
    rng = np.random.default_rng([random_state, 23])
    held_mask = np.zeros(n, dtype=bool)
    held_mask[rng.permutation(n)[:n_test]] = True
    # The product's clustering (cluster_event_sequences' default): the same algorithm and options.
    params = ClusteringParams(algorithm="markov_mixture", k=k, random_state=random_state)
    build_rows, held_rows = np.flatnonzero(~held_mask), np.flatnonzero(held_mask)
    clustering = cluster(counts.rows(build_rows), params, data="event_counts")
    seg_of = pd.Series(np.empty(n, dtype=np.int64), index=users)
    seg_of[users[~held_mask]] = clustering.labels
    seg_of[users[held_mask]] = np.asarray(
        clustering.estimator.predict(counts.rows(held_rows)), dtype=np.int64
    )
    held_users = set(users[held_mask].tolist())
    is_held = events["user_id"].isin(held_users).to_numpy()
    build_events = events[~is_held].assign(cluster_id=events.loc[~is_held, "user_id"].map(seg_of).to_numpy())
    held_events = events[is_held].assign(cluster_id=events.loc[is_held, "user_id"].map(seg_of).to_numpy())
    segments, personas = profile_behavioural_personas(build_events)
    sessions = engineer_session_features(events)
    per_user = sessions.groupby("user_id", observed=True)["converted"].agg(["sum", "count"])
    per_user = per_user.reindex(users).fillna(0.0)
    per_user["cluster_id"] = seg_of.to_numpy()
    per_user["held"] = held_mask
    build_per = per_user[~held_mask]
    noise = boundary_noise(
        counts.rows(build_rows),
        clustering.k,
        build_per["sum"].to_numpy(np.float64),
        build_per["count"].to_numpy(np.float64),
        random_state=random_state,
        algorithm="markov_mixture",
    )
    holders = {
        s.segment_id: ("segment", *[p.persona_id for p in personas if p.segment_id == s.segment_id])
        for s in segments
    }
    claims: list[ClaimCheck] = []
    build_labels, held_labels = seg_of[users[~held_mask]].to_numpy(), seg_of[users[held_mask]].to_numpy()
    rates_b, rates_h, agreements, weights = [], [], [], []
    for seg in segments:
        sid = seg.segment_id
        share = float((build_labels == sid).mean())
        held_share = float((held_labels == sid).mean())
        interval = prediction_interval(share, len(build_labels), len(held_labels), extra_var=noise.share)
        claims.append(
            ClaimCheck(sid, SEGMENT_SHARE, None, None, share, len(build_labels), held_share, len(held_labels),
                       interval, bool(interval[0] <= held_share <= interval[1]), holders[sid])
        )  # fmt: skip
        mine = per_user[(per_user["cluster_id"] == sid) & (per_user["count"] > 0)]
        rate = _rate_claim(sid, mine[~mine["held"]], mine[mine["held"]], holders[sid], noise.rate)
        if rate is not None:
            claims.append(rate)
            rates_b.append(rate.stated)
            rates_h.append(float("nan") if rate.held_out is None else rate.held_out)
        b_ev, h_ev = (
            build_events[build_events["cluster_id"] == sid],
            held_events[held_events["cluster_id"] == sid],
        )
        if len(h_ev):
            agreements.append(transition_agreement(b_ev, h_ev))
            weights.append(len(h_ev))
    ok = [i for i, a in enumerate(agreements) if np.isfinite(a)]
    agreement = {
        "transition_agreement": float(
            np.average([agreements[i] for i in ok], weights=[weights[i] for i in ok])
        )
        if ok
        else float("nan"),
        "conversion_mean_abs_diff": float(np.nanmean(np.abs(np.array(rates_b) - np.array(rates_h))))
        if rates_b
        else float("nan"),
    }
    return Backtest(
        workflow="clickstream",
        split="random (users)",
        n_build=int((~held_mask).sum()),
        n_held_out=int(held_mask.sum()),
        claims=claims,
        ranking=rank_agreement(rates_b, rates_h) if rates_b else None,
        agreement=agreement,
        notes=[
            f"Behavioural segments (k={clustering.k}, the product's mixture of Markov chains over users' "
            "transitions, tempo and visits; no outcome is read) built on the building users; held-out users "
            "assigned by the fitted mixture. Transition agreement: 1 - total variation distance of the "
            "next-event distributions, per segment, weighted by held-out events.",
            f"Intervals include the clustering boundary's own variance, estimated by {noise.folds}-fold "
            f"cross-fitting on the building users only (share: sd {math.sqrt(noise.share):.3f}, "
            f"conversion rate: sd {math.sqrt(noise.rate):.3f}).",
        ],
    )
