"""Back-testing behavioural (clickstream) personas: held-out users, conversion and transition agreement.

Users are split at random. Every user's sequences are encoded once (TF-IDF n-grams and
their SVD, as :func:`synthpersona.simulation.cluster_event_sequences` does; unsupervised,
no outcome is read); the clustering is fitted on the building users only and the held-out
users are assigned with its ``estimator.predict``. Personas are profiled from the
building users' events. Checked on the held-out users:

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

__all__ = ["backtest_events", "transition_agreement"]


def _embed(events: pd.DataFrame, random_state: int) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    from synthpersona.simulation import encode_event_sequences

    X, users, _ = encode_event_sequences(events)
    dims = max(1, min(16, X.shape[1] - 1, X.shape[0] - 1))
    if X.shape[1] > dims + 1:
        Z = normalize(TruncatedSVD(n_components=dims, random_state=random_state).fit_transform(X))
    else:
        Z = X.toarray()
    return np.asarray(Z, dtype=np.float32), np.asarray(users)


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


def _rate_claim(
    sid: int, build: pd.DataFrame, held: pd.DataFrame, holders: tuple[str, ...]
) -> ClaimCheck | None:
    """Conversion rate of a segment's sessions, interval from the between-user variance."""
    per_b = build.groupby("user_id")["converted"].agg(["sum", "count"])
    per_h = held.groupby("user_id")["converted"].agg(["sum", "count"])
    m_b, m_h = len(per_b), len(per_h)
    if m_b < 2:
        return None
    rate = float(per_b["sum"].sum() / per_b["count"].sum())
    resid = per_b["sum"] - rate * per_b["count"]
    var = float((resid**2).sum() / per_b["count"].sum() ** 2 * m_b / (m_b - 1))
    held_rate = float(per_h["sum"].sum() / per_h["count"].sum()) if m_h else None
    lo, hi = prediction_interval(rate, m_b, max(m_h, 1), sd=math.sqrt(var * m_b))
    interval = (max(0.0, lo), min(1.0, hi))
    inside = None if held_rate is None else bool(interval[0] - 1e-12 <= held_rate <= interval[1] + 1e-12)
    return ClaimCheck(sid, "rate", None, None, rate, m_b, held_rate, m_h, interval, inside, holders)


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
        Number of behavioural segments, or ``None`` to choose it by silhouette.
    random_state
        Seed of the split, the SVD and the clustering.

    Examples
    --------
    >>> from synthpersona.simulation import make_sample_events
    >>> bt = backtest_events(make_sample_events(random_state=0))  # doctest: +SKIP
    >>> sorted(bt.agreement)  # doctest: +SKIP
    ['conversion_mean_abs_diff', 'transition_agreement']
    """
    from synthpersona.errors import DataError
    from synthpersona.segmentation import ClusteringParams, cluster
    from synthpersona.simulation import engineer_session_features, profile_behavioural_personas

    _check_fraction(test_fraction)
    Z, users = _embed(events, random_state)
    n = len(users)
    n_test = round(n * float(test_fraction))
    if n < 20 or n_test < 4:
        raise DataError(f"Only {n} users in the event log; back-testing needs at least 20.")
    rng = np.random.default_rng([random_state, 23])
    held_mask = np.zeros(n, dtype=bool)
    held_mask[rng.permutation(n)[:n_test]] = True
    params = ClusteringParams(algorithm="kmeans", k=k, random_state=random_state)
    clustering = cluster(Z[~held_mask], params, data="numeric")
    seg_of = pd.Series(np.empty(n, dtype=np.int64), index=users)
    seg_of[users[~held_mask]] = clustering.labels
    seg_of[users[held_mask]] = np.asarray(clustering.estimator.predict(Z[held_mask]), dtype=np.int64)
    held_users = set(users[held_mask].tolist())
    is_held = events["user_id"].isin(held_users).to_numpy()
    build_events = events[~is_held].assign(cluster_id=events.loc[~is_held, "user_id"].map(seg_of).to_numpy())
    held_events = events[is_held].assign(cluster_id=events.loc[is_held, "user_id"].map(seg_of).to_numpy())
    segments, personas = profile_behavioural_personas(build_events)
    sessions = engineer_session_features(events)
    sessions["cluster_id"] = sessions["user_id"].map(seg_of).to_numpy()
    sessions["held"] = sessions["user_id"].isin(held_users).to_numpy()
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
        interval = prediction_interval(share, len(build_labels), len(held_labels))
        claims.append(
            ClaimCheck(sid, SEGMENT_SHARE, None, None, share, len(build_labels), held_share, len(held_labels),
                       interval, bool(interval[0] <= held_share <= interval[1]), holders[sid])
        )  # fmt: skip
        mine = sessions[sessions["cluster_id"] == sid]
        rate = _rate_claim(sid, mine[~mine["held"]], mine[mine["held"]], holders[sid])
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
            f"Behavioural segments (k={clustering.k}, k-means on the SVD of every user's n-gram TF-IDF; the "
            "encoding is fitted on all users without outcomes) built on the building users; held-out users "
            "assigned by the fitted clustering. Transition agreement: 1 - total variation distance of the "
            "next-event distributions, per segment, weighted by held-out events."
        ],
    )
