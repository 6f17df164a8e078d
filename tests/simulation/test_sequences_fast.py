"""The vectorised sequence encoding equals the textbook one (scipy COO counts, scikit-learn TF-IDF)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from synthpersona.simulation import attach_clusters, cluster_event_sequences, encode_event_sequences
from synthpersona.simulation.sequences import _count_matrix


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 12).flatmap(
        lambda n_rows: st.tuples(
            st.just(n_rows),
            st.integers(1, 9),
            st.lists(st.tuples(st.integers(0, n_rows - 1), st.integers(0, 8)), max_size=80),
        )
    )
)
def test_count_matrix_equals_summed_coo(case: tuple[int, int, list[tuple[int, int]]]) -> None:
    n_rows, n_cols, pairs = case
    pairs = [(r, c % n_cols) for r, c in pairs]
    rows = np.array([p[0] for p in pairs], dtype=np.int64)
    cols = np.array([p[1] for p in pairs], dtype=np.int64)
    got = _count_matrix(rows, cols, n_rows, n_cols)
    want = sparse.coo_matrix((np.ones(len(pairs)), (rows, cols)), shape=(n_rows, n_cols)).toarray()
    assert np.array_equal(got.toarray(), want)
    got.check_format(full_check=True)  # sorted, canonical indices as flagged


def test_tfidf_weights_equal_scikit_learn(sample_log: pd.DataFrame) -> None:
    counts, users, names = encode_event_sequences(sample_log, tfidf=False)
    weighted, users2, names2 = encode_event_sequences(sample_log)
    want = TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(np.float64))
    assert names == names2 and np.array_equal(users, users2)
    assert abs(weighted - want).max() < 1e-6


def test_attach_clusters_leaves_the_log_alone_and_maps_any_user_order(sample_log: pd.DataFrame) -> None:
    clustering = cluster_event_sequences(sample_log, k=3, random_state=0)
    before = sample_log.copy()
    seg = attach_clusters(sample_log, clustering)
    assert "cluster_id" not in sample_log.columns
    pd.testing.assert_frame_equal(sample_log, before)
    label_of = dict(zip(clustering.row_ids, clustering.labels, strict=True))
    assert seg["cluster_id"].tolist() == [label_of[u] for u in sample_log["user_id"]]
    # Users given in another order (and one the clustering never saw) are matched by id.
    order = np.arange(len(clustering.labels))[::-1]
    shuffled = attach_clusters(sample_log, clustering, user_ids=clustering.row_ids[order])
    relabelled = dict(zip(clustering.row_ids[order], clustering.labels, strict=True))
    assert shuffled["cluster_id"].tolist() == [relabelled[u] for u in sample_log["user_id"]]
