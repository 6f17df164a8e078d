"""The mixture of Markov chains behind behavioural clustering: counts, EM, automatic k, no clear segments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from support.planted import planted_events
from support.planted_logs import PlantedLog, planted_log
from synthpersona.segmentation._markov import fit_mixture, ordinal_columns
from synthpersona.simulation import cluster_event_sequences, load_event_log
from synthpersona.simulation._mixture import (
    GAP_EDGES_S,
    SESSION_BINS,
    behaviour_counts,
)
from synthpersona.simulation._sessions import index_sessions


@pytest.fixture(scope="module")
def tiny_log() -> pd.DataFrame:
    t = pd.Timestamp("2026-09-01")
    s = pd.Timedelta(seconds=1)
    return load_event_log(
        pd.DataFrame(
            {
                "user_id": [1, 1, 1, 1, 1, 2, 2],
                "session_id": [1, 1, 1, 2, 2, 3, 3],
                "event": ["a", "b", "a", "b", "c", "a", "c"],
                "timestamp": [t, t + 3 * s, t + 50 * s, t + 86400 * s, t + 86401 * s, t, t + 4000 * s],
            }
        )
    )


def test_counts_worked_by_hand(tiny_log: pd.DataFrame) -> None:
    counts = behaviour_counts(index_sessions(tiny_log))
    dense = pd.DataFrame(counts.C.toarray(), columns=counts.names)
    user1 = dense.iloc[0][dense.iloc[0] > 0].to_dict()
    # sessions a>b>a and b>c: starts, transitions, ends; gaps 3 s, 47 s, 1 s; two sessions, both
    # starting at midnight, one day apart, on Tuesday 1 and Wednesday 2 September 2026 (b>b 1 s
    # apart would be a tracker's double fire: tests/simulation/test_double_fires.py)
    assert user1 == {
        "start00-03h": 2,
        "revisit<2d": 1,
        "^>a": 1,
        "^>b": 1,
        "a>b": 1,
        "b>a": 1,
        "b>c": 1,
        "a>$": 1,
        "c>$": 1,
        "gap<5s after a": 1,  # the dwell on each event: 3 s on a, 47 s and 1 s on b
        "gap<80s after b": 1,
        "gap<2s after b": 1,
        "sessions<=2": 1,
        "on Tue": 1,
        "on Wed": 1,
    }
    user2 = dense.iloc[1][dense.iloc[1] > 0].to_dict()
    assert user2 == {
        "^>a": 1,
        "a>c": 1,
        "c>$": 1,
        f"gap>={int(GAP_EDGES_S[-1])}s after a": 1,
        "sessions<=1": 1,
        "start00-03h": 1,
        "on Tue": 1,
    }
    # every block of a user sums to what it counts: the session-count block holds exactly one
    sess_cols = [i for i, n in enumerate(counts.names) if n.startswith("sessions")]
    assert counts.C[:, sess_cols].sum(axis=1).A1.tolist() == [1, 1]
    assert len(SESSION_BINS) + 1 >= len(sess_cols)


def test_the_tempo_and_time_blocks_and_only_they_are_ordered_bins(tiny_log: pd.DataFrame) -> None:
    # the blend check shifts these blocks' distributions (segmentation._markov.blend_gain); a
    # renamed bin here would silently turn it back into a mix of two humps; the weekdays are a
    # circle of categories (a Friday user is not between a Monday and a Sunday one), not ordered
    counts = behaviour_counts(index_sessions(tiny_log))
    ordered = ordinal_columns(counts)
    assert ordered.any()
    assert all(
        ordered[i]
        == ((">" not in n and not n.startswith("on ")) or n.startswith(("gap>=", "sessions>", "revisit>=")))
        for i, n in enumerate(counts.names)
    )


def test_transitions_recounted_with_pandas() -> None:
    log, _ = planted_events(3, users=200, random_state=4)
    log = load_event_log(log)
    counts = behaviour_counts(index_sessions(log))
    prev = log["event"].astype(str).groupby(log["session_id"]).shift().fillna("^")
    pairs = (prev.astype(str) + ">" + log["event"].astype(str)).value_counts()
    got = pd.Series(np.asarray(counts.C.sum(axis=0)).ravel(), index=counts.names)
    for pair, n in pairs.items():
        assert got[pair] == n, pair


def test_em_never_lowers_the_likelihood() -> None:
    log, _ = planted_events(3, users=300, random_state=5)
    counts = behaviour_counts(index_sessions(load_event_log(log)))
    model = fit_mixture(counts, 3, random_state=0, n_init=1)
    assert 0 < model.tied_from < len(model.history)  # untied to convergence, then tied blocks
    for phase in (model.history[: model.tied_from], model.history[model.tied_from :]):
        assert (np.diff(phase) >= -1e-6 * abs(model.history[-1])).all()
    post = model.posterior(counts)
    np.testing.assert_allclose(post.sum(axis=1), 1.0)


def test_planted_groups_and_their_number_are_recovered() -> None:
    log, group = planted_events(4, users=800, separation=4.0, random_state=10)
    res = cluster_event_sequences(log, random_state=0)
    assert res.k == 4 and res.clear is True
    assert res.selection is not None and res.selection.criterion == "heldout_likelihood"
    assert adjusted_rand_score(group.loc[res.row_ids].to_numpy(), res.labels) >= 0.85


def test_groups_that_differ_only_in_tempo_are_found() -> None:
    log, group, oracle = planted_log(PlantedLog(2, 600, 10, 3.0, 6.0, 0.8, 0.05, "dwell", 42))
    res = cluster_event_sequences(log, random_state=0)
    assert res.k == 2
    assert adjusted_rand_score(group.loc[res.row_ids].to_numpy(), res.labels) >= 0.9 * oracle


def test_groups_that_differ_only_in_the_hour_they_come_are_found() -> None:
    """Same paths and tempo; half the users come 12 hours later in the day (start-hour block)."""
    log, _ = planted_events(1, users=600, random_state=3)
    log = load_event_log(log)
    rng = np.random.default_rng(0)
    users = np.sort(log["user_id"].unique())
    late = pd.Series(rng.random(len(users)) < 0.5, index=users)
    first = log.groupby("session_id")["timestamp"].transform("min")
    sess = log.groupby("session_id")["user_id"].first()
    nth = sess.groupby(sess).cumcount()  # the session's place among its user's, every 2 days
    hour = 9 + 12 * late.loc[sess].to_numpy() + rng.normal(0.0, 1.5, len(sess))
    start = pd.Timestamp("2026-09-01") + pd.to_timedelta(48 * nth.to_numpy() + hour, unit="h")
    log["timestamp"] = pd.Series(start, index=sess.index).loc[log["session_id"]].to_numpy() + (
        log["timestamp"] - first
    )
    res = cluster_event_sequences(log, random_state=0)
    assert res.k == 2 and res.clear is True
    assert adjusted_rand_score(late.loc[res.row_ids].to_numpy(), res.labels) >= 0.9


def test_a_log_without_groups_says_no_clear_segments() -> None:
    log, _ = planted_events(1, users=800, random_state=9)
    res = cluster_event_sequences(log, random_state=0)
    assert res.clear is False
    assert "No clear segments" in res.notes[0]
    assert res.k >= 2  # a descriptive split is still returned


def test_unknown_method_is_named() -> None:
    log, _ = planted_events(2, users=100, random_state=1)
    with pytest.raises(ValueError, match="Unknown clustering method 'hmm'; use one of markov, ngram"):
        cluster_event_sequences(log, method="hmm")


def test_counts_from_the_ngram_pass_equal_the_direct_counts() -> None:
    from synthpersona.simulation._mixture import counts_from_ngrams, tempo_counts, without_double_fires
    from synthpersona.simulation.sequences import _ngram_counts

    log, _, _ = planted_log(PlantedLog(3, 300, 12, 3.0, 6.0, 0.6, 0.05, "chain", 1))
    sx = index_sessions(load_event_log(log))
    direct = behaviour_counts(sx)  # the double fires dropped as rows
    X, used = _ngram_counts(sx, 3)
    user_of_row = sx.user_of_session[sx.session_of_row]
    v = len(sx.vocabulary)
    codes, times, starts, users, copies = without_double_fires(
        sx.codes, sx.times, sx.starts, user_of_row, len(sx.user_ids), v
    )
    tempo = tempo_counts(times, starts, users, sx.user_of_session, codes, v)
    fast = counts_from_ngrams(X, used, tempo, sx.vocabulary, copies)  # taken back out of the n-grams
    assert fast.double_fires == direct.double_fires > 0
    assert fast.names == direct.names
    np.testing.assert_array_equal(fast.block, direct.block)
    assert abs(fast.C - direct.C).sum() == 0


def test_the_mixture_is_a_registered_algorithm_behind_the_one_entry_point() -> None:
    from synthpersona.segmentation import (
        ALGORITHMS,
        ClusteringParams,
        MarkovMixtureClustering,
        algorithm_names,
        cluster,
    )

    log, group = planted_events(3, users=600, separation=4.0, random_state=4)
    sx = index_sessions(load_event_log(log))
    counts = behaviour_counts(sx)
    assert "markov_mixture" in ALGORITHMS and algorithm_names("event_counts") == ("auto", "markov_mixture")
    assert "markov_mixture" not in algorithm_names()  # tables and matrices are offered only theirs
    res = cluster(counts, ClusteringParams(algorithm="auto", random_state=0), data="event_counts")
    assert res.algorithm == "markov_mixture" and res.k == 3 and res.clear is True
    truth = group.loc[sx.user_ids].to_numpy()
    assert adjusted_rand_score(truth, res.labels) >= 0.85
    # the product's clustering is the same estimator: same labels, and predict() assigns users
    direct = cluster_event_sequences(log, random_state=0)
    assert np.array_equal(direct.labels, res.labels)
    est = res.estimator
    assert isinstance(est, MarkovMixtureClustering) and est.k_ == 3
    assert np.array_equal(est.predict(counts), res.labels)
    with pytest.raises(ValueError, match="markov_mixture clusters per-user block counts"):
        cluster(np.zeros((10, 2)), ClusteringParams(algorithm="markov_mixture"))


def test_tempo_bins_match_seconds_at_every_edge() -> None:
    """Gaps exactly on an edge and 1 ns either side fall in the same bins as when compared in seconds."""
    from synthpersona.simulation._mixture import tempo_counts

    edges_ns = (GAP_EDGES_S * 1e9).astype(np.int64)
    gaps = np.concatenate([[0, 1], edges_ns - 1, edges_ns, edges_ns + 1, [10**15]])
    # One session per gap (two rows each), sessions spread over three users.
    times = np.column_stack([np.zeros_like(gaps), gaps]).ravel()
    starts = np.arange(0, len(times), 2)
    user_of_session = np.sort(np.arange(len(gaps)) % 3)
    user_of_row = np.repeat(user_of_session, 2)
    tempo = tempo_counts(times, starts, user_of_row, user_of_session).toarray()
    expected = np.zeros((3, len(GAP_EDGES_S) + 1))
    np.add.at(expected, (user_of_session, np.searchsorted(GAP_EDGES_S, gaps / 1e9, side="right")), 1)
    np.testing.assert_array_equal(tempo[:, : len(GAP_EDGES_S) + 1], expected)
    n_sess = np.bincount(user_of_session)
    sess_block = tempo[:, len(GAP_EDGES_S) + 1 : len(GAP_EDGES_S) + len(SESSION_BINS) + 2]
    expected_bin = np.searchsorted(SESSION_BINS, n_sess, side="left")
    np.testing.assert_array_equal(sess_block.argmax(axis=1), expected_bin)
    assert sess_block.sum() == 3
