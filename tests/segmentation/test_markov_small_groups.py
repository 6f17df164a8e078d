"""Small but clear groups count in the ``markov_mixture`` k search; small noise does not."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from synthpersona.segmentation._markov import BehaviourCounts
from synthpersona.segmentation._markov_estimator import MarkovMixtureClustering


def _log(n: int, small: float, seed: int) -> tuple[BehaviourCounts, np.ndarray]:
    """``n`` users in 6 blocks of 5; a share ``small`` of them moves differently in 3 blocks."""
    rng = np.random.default_rng(seed)
    group = (rng.random(n) < small).astype(int)
    laws = rng.dirichlet(np.full(5, 1.0), size=(2, 6))
    laws[1, 3:] = laws[0, 3:]  # the small group differs in blocks 0-2 only
    C = np.hstack([np.stack([rng.multinomial(8, laws[g, b]) for g in group]) for b in range(6)])
    block = np.repeat(np.arange(6), 5)
    return BehaviourCounts(
        sparse.csr_matrix(C.astype(np.float64)), block, [f"c{i}" for i in range(30)]
    ), group


def test_a_clear_two_percent_segment_of_a_large_log_is_found_at_the_default_threshold() -> None:
    counts, group = _log(4000, 0.02, 0)  # ~80 users, under min_cluster_pct = 3 %
    est = MarkovMixtureClustering(random_state=0).fit(counts)
    assert est.k_ == 2 and est.selection_.clear
    assert ((est.labels_ == est.labels_[group == 1][0]) == (group == 1)).mean() > 0.99
    # the evidence is recorded with the k: the small group's share and what it adds per member
    small = int(np.argmin(est.selection_.scores[2]["group_share"]))
    assert est.selection_.scores[2]["group_gain"][small] > 1.0
    # 16 users are too few to call a segment: below 3 % the percentage rules, as before; and a
    # log without groups still has none
    counts, _ = _log(800, 0.02, 1)
    assert not MarkovMixtureClustering(random_state=0).fit(counts).selection_.clear
    counts, _ = _log(4000, 0.0, 2)
    assert not MarkovMixtureClustering(random_state=0).fit(counts).selection_.clear
