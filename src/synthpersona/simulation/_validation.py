"""Validation of a Markov generator against held-out real sessions.

Users are split into a training and a held-out part; the generator is fitted on
the first and its synthetic sessions are compared with the second on the length
distribution (mean and two-sample KS test), the first-order transition rows
(Jensen-Shannon divergence, judged against the divergence between the two real
halves, i.e. against sampling noise), the start events and the conversion rate
(inside a 95 % interval around the held-out rate).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from synthpersona.errors import DataError, InputError
from synthpersona.simulation._sessions import Sessions, index_sessions
from synthpersona.simulation.etl import ensure_event_log
from synthpersona.simulation.features import default_completion_events
from synthpersona.simulation.persona_generator import MarkovPersonaGenerator, SyntheticSessions

__all__ = ["GeneratorValidation", "compare_with_sessions", "validate_generator"]


@dataclass
class GeneratorValidation:
    """Outcome of :func:`validate_generator`.

    Attributes
    ----------
    table
        One row per check: ``metric, real, synthetic, statistic, threshold, passed``.
    generator
        The generator fitted on the training users.
    n_train_sessions, n_holdout_sessions, n_synthetic
        Sizes used.
    """

    table: pd.DataFrame
    generator: MarkovPersonaGenerator
    n_train_sessions: int
    n_holdout_sessions: int
    n_synthetic: int
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return bool(self.table["passed"].all())

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly summary."""
        return {
            "passed": self.passed,
            "checks": self.table.to_dict(orient="records"),
            "n_train_sessions": self.n_train_sessions,
            "n_holdout_sessions": self.n_holdout_sessions,
            "n_synthetic": self.n_synthetic,
            "notes": list(self.notes),
        }


def _transition_counts(codes_by_row: np.ndarray, ends: np.ndarray, v: int) -> np.ndarray:
    nxt = np.full(len(codes_by_row), v, dtype=np.int64)
    nxt[:-1] = codes_by_row[1:]
    nxt[ends] = v
    return np.bincount(codes_by_row * (v + 1) + nxt, minlength=v * (v + 1)).reshape(v, v + 1).astype(float)


def _synthetic_counts(s: SyntheticSessions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mask = s.paths >= 0
    codes = s.paths[mask].astype(np.int64)
    ends = np.cumsum(s.lengths) - 1
    return _transition_counts(codes, ends, len(s.vocabulary)), codes, ends


def _js_bits(p_counts: np.ndarray, q_counts: np.ndarray) -> float:
    """Mean Jensen-Shannon divergence (bits) of rows, weighted by ``p_counts`` row totals."""
    w = p_counts.sum(axis=1)
    keep = (w > 0) & (q_counts.sum(axis=1) > 0)
    if not keep.any():
        return float("nan")
    p = p_counts[keep] / p_counts[keep].sum(axis=1, keepdims=True)
    q = q_counts[keep] / q_counts[keep].sum(axis=1, keepdims=True)
    m = (p + q) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        kl_p = np.where(p > 0, p * np.log2(p / m), 0.0).sum(axis=1)
        kl_q = np.where(q > 0, q * np.log2(q / m), 0.0).sum(axis=1)
    js = (kl_p + kl_q) / 2
    return float((js * w[keep]).sum() / w[keep].sum())


def compare_with_sessions(
    generator: MarkovPersonaGenerator,
    holdout: pd.DataFrame,
    *,
    reference: pd.DataFrame | None = None,
    n_sessions: int = 20_000,
    completion_events: Iterable[str] | None = None,
    random_state: int | None = 0,
    max_length: int | None = None,
    holdout_sessions: Sessions | None = None,
    reference_sessions: Sessions | None = None,
) -> pd.DataFrame:
    """Compare synthetic sessions of ``generator`` with real ``holdout`` sessions.

    ``reference`` (the training events) calibrates the divergence checks against the
    difference between two real samples. ``max_length`` is the cap the experiment will
    simulate at (``None``: the longest held-out session): validating at that cap makes a
    cap that cuts sessions short fail the conversion and length checks, as it should.
    ``holdout_sessions`` and ``reference_sessions`` are the two logs' session indexes when
    the caller has built them (see :func:`~synthpersona.simulation.index_sessions`).
    """
    hx = index_sessions(holdout, holdout_sessions)
    vocab = generator.vocabulary_
    if hx.vocabulary != vocab:
        hx = _recode(hx, vocab)
    max_len = int(hx.lengths.max()) if max_length is None else int(max_length)
    syn = generator.generate(n_sessions, max_length=max_len, random_state=random_state)
    v = len(vocab)
    real_t = _transition_counts(hx.codes.astype(np.int64), hx.ends, v)
    syn_t, _, _ = _synthetic_counts(syn)
    js = _js_bits(real_t, syn_t)
    ref_js = float("nan")
    real_start = np.bincount(hx.codes[hx.starts], minlength=v) / hx.n_sessions
    syn_start = np.bincount(syn.paths[:, 0].astype(np.int64), minlength=v) / len(syn)
    tv = 0.5 * float(np.abs(real_start - syn_start).sum())
    ref_tv = float("nan")
    if reference is not None:
        rx = index_sessions(reference, reference_sessions)
        if rx.vocabulary != vocab:
            rx = _recode(rx, vocab)
        ref_js = _js_bits(real_t, _transition_counts(rx.codes.astype(np.int64), rx.ends, v))
        ref_start = np.bincount(rx.codes[rx.starts], minlength=v) / rx.n_sessions
        ref_tv = 0.5 * float(np.abs(real_start - ref_start).sum())
    completes = set(completion_events) if completion_events is not None else default_completion_events(vocab)
    is_complete = np.array([e in completes for e in vocab], dtype=bool)
    real_conv = np.add.reduceat(is_complete[hx.codes].astype(np.int64), hx.starts) > 0
    syn_conv = (is_complete[np.where(syn.paths >= 0, syn.paths, 0)] & (syn.paths >= 0)).any(axis=1)
    # Sessions of one user are alike, so real-data uncertainty is measured over users (cluster-robust).
    # The interval also carries the synthetic sampling noise and, with ``reference``, the noise of
    # the training data the generator was fitted on.
    real_rate, se_rate = _clustered_mean(real_conv.astype(float), hx.user_of_session)
    syn_rate = float(syn_conv.mean())
    se_rate = float(np.hypot(se_rate, np.sqrt(syn_rate * (1 - syn_rate) / len(syn))))
    if reference is not None:
        ref_conv = np.add.reduceat(is_complete[rx.codes].astype(np.int64), rx.starts) > 0
        se_rate = float(np.hypot(se_rate, _clustered_mean(ref_conv.astype(float), rx.user_of_session)[1]))
    lo, hi = real_rate - 1.96 * se_rate, real_rate + 1.96 * se_rate
    real_len, se_len = _clustered_mean(hx.lengths.astype(float), hx.user_of_session)
    se_len = float(np.hypot(se_len, syn.lengths.std(ddof=1) / np.sqrt(len(syn))))
    if reference is not None:  # the generator's lengths carry the noise of the sessions it was fitted on
        se_len = float(np.hypot(se_len, _clustered_mean(rx.lengths.astype(float), rx.user_of_session)[1]))
    ks = stats.ks_2samp(hx.lengths, syn.lengths)
    mean_gap = float(syn.lengths.mean() - real_len)
    js_limit = max(2 * ref_js, 0.005) if np.isfinite(ref_js) else 0.02
    tv_limit = max(2 * ref_tv, 0.02) if np.isfinite(ref_tv) else 0.05
    rows = [
        (
            "mean events per session",
            real_len,
            syn.lengths.mean(),
            mean_gap,
            f"|diff| <= {1.96 * se_len:.3f} (95%)",
            abs(mean_gap) <= 1.96 * se_len,
        ),
        (
            "length distribution (KS D)",
            np.median(hx.lengths),
            np.median(syn.lengths),
            ks.statistic,
            f"KS p = {ks.pvalue:.3g} >= 0.001",
            ks.pvalue >= 0.001,
        ),
        (
            "transition divergence (JS bits)",
            ref_js,
            js,
            js,
            f"<= {js_limit:.4f} (2x real-vs-real)",
            js <= js_limit,
        ),
        ("start events (total variation)", ref_tv, tv, tv, f"<= {tv_limit:.4f}", tv <= tv_limit),
        (
            "conversion rate",
            real_rate,
            syn_rate,
            syn_rate - real_rate,
            f"inside 95% interval [{lo:.3f}, {hi:.3f}]",
            lo <= syn_rate <= hi,
        ),
    ]
    table = pd.DataFrame(rows, columns=["metric", "real", "synthetic", "statistic", "threshold", "passed"])
    table["passed"] = table["passed"].astype(bool)
    for c in ("real", "synthetic", "statistic"):
        table[c] = table[c].astype(float)
    return table


def _clustered_mean(values: np.ndarray, cluster: np.ndarray) -> tuple[float, float]:
    """Mean of per-session ``values`` and its standard error with sessions clustered by user."""
    totals = np.bincount(cluster, weights=values)
    counts = np.bincount(cluster).astype(float)
    keep = counts > 0
    totals, counts = totals[keep], counts[keep]
    n_clusters = len(counts)
    mean = float(totals.sum() / counts.sum())
    if n_clusters < 2:
        return mean, float("nan")
    resid = totals - mean * counts
    se = float(np.sqrt(n_clusters / (n_clusters - 1) * (resid**2).sum()) / counts.sum())
    return mean, se


def _recode(sx: Sessions, vocab: list[str]) -> Sessions:
    """Express ``sx`` codes in ``vocab`` (events unknown to the generator are an error)."""
    unknown = sorted(set(sx.vocabulary) - set(vocab))
    if unknown:
        raise DataError(
            f"Held-out sessions contain events the generator never saw: {', '.join(unknown)}.",
            details={"unknown": unknown},
        )
    lut = np.array([vocab.index(e) for e in sx.vocabulary], dtype=np.int32)
    sx.codes = lut[sx.codes]
    sx.vocabulary = list(vocab)
    return sx


def validate_generator(
    events: pd.DataFrame,
    *,
    test_size: float = 0.2,
    n_sessions: int = 20_000,
    completion_events: Iterable[str] | None = None,
    random_state: int | None = 0,
    order: int = 1,
    smoothing: float = 1.0,
    persona_column: str = "cluster_id",
    max_length: int | None = None,
    sessions: Sessions | None = None,
) -> GeneratorValidation:
    """Fit a generator on most users and check its sessions against the held-out users.

    Parameters
    ----------
    events
        Event log (with ``cluster_id`` to fit one chain per behavioural persona).
    test_size
        Share of users held out.
    n_sessions
        Synthetic sessions drawn for the comparison.
    completion_events
        Conversion events (default: inferred from names).
    random_state
        Seed of the split and the generation.
    order, smoothing, persona_column
        Generator settings (see :class:`MarkovPersonaGenerator`).
    max_length
        Session cap of the synthetic sessions, as the experiment uses it (``None``: the
        longest held-out session).
    sessions
        The session index of ``events`` when the caller has built it (``index_sessions``):
        the training and held-out indexes are then cut from it, not built again.

    Examples
    --------
    >>> from synthpersona.simulation.sample import make_sample_events
    >>> val = validate_generator(make_sample_events(n_users=300, random_state=0), n_sessions=5000)
    >>> list(val.table.columns)
    ['metric', 'real', 'synthetic', 'statistic', 'threshold', 'passed']
    """
    if not 0 < test_size < 1:
        raise InputError(f"test_size must be between 0 and 1, got {test_size!r}.")
    log = ensure_event_log(events)
    users = log["user_id"].unique()
    if len(users) < 10:
        raise DataError(f"Validation needs at least 10 users to hold some out, got {len(users)}.")
    rng = np.random.default_rng(random_state)
    n_hold = max(1, round(test_size * len(users)))
    hold_users = rng.choice(users, size=n_hold, replace=False)
    is_hold = log["user_id"].isin(hold_users).to_numpy()
    train, holdout = log.loc[~is_hold], log.loc[is_hold]
    train.attrs, holdout.attrs = dict(log.attrs), dict(log.attrs)
    # The generator must know every event; events only seen in the holdout are rare and dropped there.
    seen = set(train["event"].astype(str).unique())
    holdout_rows = is_hold.copy()
    holdout_rows[is_hold] = holdout["event"].astype(str).isin(seen).to_numpy()
    holdout = log.loc[holdout_rows]
    holdout.attrs = dict(log.attrs)
    train = _drop_unused(train)
    holdout = _drop_unused(holdout)
    # One index of each part, cut from the caller's index of the whole log when there is one.
    sx = index_sessions(log, sessions)
    train_sx, holdout_sx = _rows_index(sx, ~is_hold), _rows_index(sx, holdout_rows)
    completion_events = list(completion_events) if completion_events is not None else None
    goals = sorted(completion_events) if completion_events is not None else ()
    gen = MarkovPersonaGenerator(
        order=order, smoothing=smoothing, persona_column=persona_column, goals=goals
    ).fit(train, sessions=train_sx)
    holdout["event"] = holdout["event"].cat.set_categories(gen.vocabulary_)
    table = compare_with_sessions(
        gen,
        holdout,
        reference=train,
        n_sessions=n_sessions,
        completion_events=completion_events,
        random_state=random_state,
        max_length=max_length,
        holdout_sessions=holdout_sx,
        reference_sessions=train_sx,
    )
    n_train, n_hold_sess = train_sx.n_sessions, holdout_sx.n_sessions
    notes = []
    if n_hold_sess < 200:
        notes.append(f"Only {n_hold_sess} held-out sessions: the checks have little power.")
    return GeneratorValidation(table, gen, n_train, n_hold_sess, n_sessions, notes)


def _rows_index(sx: Sessions, keep: np.ndarray) -> Sessions:
    """The index of the log's rows ``keep`` (whole users, or rows dropped inside sessions).

    Sessions and users left without rows go; the vocabulary keeps the events still used, in
    order, as ``remove_unused_categories`` does to the frame.
    """
    row_session = sx.session_of_row[keep]
    kept_sessions, lengths = np.unique(row_session, return_counts=True)
    starts = np.zeros(len(lengths), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    users, user_of_session = np.unique(sx.user_of_session[kept_sessions], return_inverse=True)
    used = np.flatnonzero(np.bincount(sx.codes[keep], minlength=len(sx.vocabulary)))
    lut = np.full(len(sx.vocabulary), -1, dtype=np.int32)
    lut[used] = np.arange(len(used), dtype=np.int32)
    return Sessions(
        vocabulary=[sx.vocabulary[i] for i in used],
        codes=lut[sx.codes[keep]],
        times=sx.times[keep],
        starts=starts,
        lengths=lengths,
        session_of_row=np.repeat(np.arange(len(lengths)), lengths),
        user_of_session=user_of_session,
        user_ids=sx.user_ids[users],
        session_ids=sx.session_ids[kept_sessions],
    )


def _drop_unused(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["event"] = out["event"].cat.remove_unused_categories()
    out.attrs = dict(frame.attrs)
    return out
