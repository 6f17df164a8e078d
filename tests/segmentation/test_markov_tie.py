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
