"""Blocks the groups do not differ in are tied to one pooled distribution (``markov_mixture``)."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from synthpersona.segmentation._markov import BehaviourCounts, fit_mixture


def test_a_block_the_groups_share_is_tied_and_a_block_they_differ_in_is_not() -> None:
    rng = np.random.default_rng(0)
    n = 400
    group = np.arange(n) % 2
    # block 0 (3 columns) differs by group; block 1 (4 columns) is the same law for everyone
    own = np.where(group[:, None] == 0, [0.7, 0.2, 0.1], [0.1, 0.2, 0.7])
    block0 = np.stack([rng.multinomial(20, p) for p in own])
    block1 = rng.multinomial(20, [0.4, 0.3, 0.2, 0.1], size=n)
    counts = BehaviourCounts(
        sparse.csr_matrix(np.hstack([block0, block1]).astype(float)),
        np.array([0, 0, 0, 1, 1, 1, 1]),
        [f"c{i}" for i in range(7)],
    )
    model = fit_mixture(counts, 2, random_state=0)
    shares = np.exp(model.log_theta)
    assert np.abs(shares[0, :3] - shares[1, :3]).max() > 0.4  # the groups' own block 0
    np.testing.assert_allclose(shares[0, 3:], shares[1, 3:])  # one pooled block 1
    np.testing.assert_allclose(shares[0, 3:], block1.sum(axis=0) / block1.sum(), atol=0.02)
    labels = model.predict(counts)
    assert (labels == group).mean() in (1.0, 0.0)


def _hour_and_noise(n: int, seed: int) -> tuple[BehaviourCounts, np.ndarray]:
    """Two groups differing only in a 2-column "hour" block, beside 80 blocks of pure noise."""
    rng = np.random.default_rng(seed)
    group = np.arange(n) % 2
    hour = rng.binomial(6, np.where(group == 0, 0.72, 0.28))
    cols, block = [hour, 6 - hour], [0, 0]
    law = rng.dirichlet(np.full(8, 3.0), 80)  # the same law for everyone in every noise block
    for b in range(80):
        cols += list(rng.multinomial(2, law[b], size=n).T)
        block += [b + 1] * 8
    C = sparse.csr_matrix(np.stack(cols, axis=1).astype(float))
    return BehaviourCounts(C, np.array(block), [f"c{i}" for i in range(C.shape[1])]), group


def test_em_keeps_the_start_with_the_best_penalised_fit_not_the_best_likelihood(monkeypatch) -> None:
    """On 80 users, a start that splits on noise in many blocks fits them best but is no segment.

    EM runs from the planted split and from three random ones. The kept start must be the one
    with the best AIC: it splits on the hour block the groups differ in and predicts new users
    better. Kept by raw likelihood, the winner is a split on noise (free shares in many blocks).
    """
    from sklearn.metrics import adjusted_rand_score

    from synthpersona.segmentation import _markov_model

    counts, group = _hour_and_noise(80, 3)
    new, new_group = _hour_and_noise(2000, 1003)
    rng = np.random.default_rng(3)
    starts = [group.copy()] + [rng.permutation(group) for _ in range(3)]

    def fit() -> tuple[float, float, float, int]:
        m = fit_mixture(counts, 2, random_state=0, n_init=0, init_labels=starts)
        return (
            adjusted_rand_score(group, m.predict(counts)),
            adjusted_rand_score(new_group, m.predict(new)),
            m.score(new) / 2000,
            _markov_model.free_shares(m),
        )

    ari, new_ari, new_ll, free = fit()
    monkeypatch.setattr(_markov_model, "_criterion", lambda m: m.log_likelihood)
    raw_ari, raw_new_ari, raw_new_ll, raw_free = fit()
    assert ari > 0.7 and new_ari > 0.3  # the hour groups
    assert raw_ari < 0.2 and raw_new_ari < 0.1  # the raw-likelihood choice: a split on noise
    assert raw_free > 2 * free
    assert new_ll > raw_new_ll  # and the penalised choice predicts new users better
