"""Discrete groups versus a continuum between them: the blend check of the ``markov_mixture`` k search."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from synthpersona.segmentation._markov import (
    BLEND_MARGIN,
    MIN_GAIN_PER_USER,
    BehaviourCounts,
    blend_gain,
    choose_k,
    fit_mixture,
)

_BLOCKS, _CATS, _PER_BLOCK = 4, 5, 16  # 4 "from" states, 5 next events, 16 transitions each


def _counts(weights: np.ndarray, seed: int) -> BehaviourCounts:
    """Users whose block shares are ``weights @ [A, B]`` (one row of two weights per user)."""
    rng = np.random.default_rng(seed)
    ends = rng.dirichlet(np.full(_CATS, 0.6), size=(2, _BLOCKS))  # two behaviours, per block
    shares = np.einsum("ug,gbc->ubc", weights, ends)
    C = np.stack([rng.multinomial(_PER_BLOCK, p) for p in shares.reshape(-1, _CATS)])
    C = C.reshape(len(weights), _BLOCKS * _CATS).astype(np.float64)
    block = np.repeat(np.arange(_BLOCKS), _CATS)
    names = [f"b{b}>{c}" for b in range(_BLOCKS) for c in range(_CATS)]
    return BehaviourCounts(sparse.csr_matrix(C), block, names)


def _two_groups(n: int, seed: int) -> BehaviourCounts:
    g = np.random.default_rng(seed + 1).random(n) < 0.4
    return _counts(np.c_[g, ~g].astype(float), seed)


def _continuum(n: int, seed: int) -> BehaviourCounts:
    w = np.random.default_rng(seed + 1).uniform(0, 1, n)
    return _counts(np.c_[w, 1 - w], seed)


def test_a_blend_predicts_a_continuum_better_and_groups_worse() -> None:
    for seed in (3, 4):
        groups, cont = _two_groups(1500, seed), _continuum(1500, seed)
        g_gain = blend_gain(fit_mixture(groups, 2, random_state=0), groups)
        c_gain = blend_gain(fit_mixture(cont, 2, random_state=0), cont)
        assert g_gain < BLEND_MARGIN < c_gain


def test_a_continuum_is_no_clear_segments_though_two_chains_predict_it_better() -> None:
    cont = _continuum(1500, 5)
    k, clear, scores, _ = choose_k(cont, [2, 3], random_state=0)
    # held-out likelihood alone would call the split clear: the blend check is what says no
    assert scores[k]["gain_per_user"] > MIN_GAIN_PER_USER
    assert not clear
    k, clear, _, _ = choose_k(_two_groups(1500, 5), [2, 3], random_state=0)
    assert clear and k == 2


_GAP_NAMES = [f"gap<{e}s" for e in (2, 5, 10, 20, 40, 80, 160, 320, 900, 3600)] + ["gap>=3600s"]


def _tempo(centres: np.ndarray, names: list[str] = _GAP_NAMES) -> BehaviourCounts:
    """Users with the same transitions whose gaps (12 each, in ordered bins) centre on ``centres``."""
    rng = np.random.default_rng(8)
    bins = np.arange(len(names))
    shares = np.exp(-0.5 * ((bins[None, :] - centres[:, None]) / 0.8) ** 2)
    shares /= shares.sum(axis=1, keepdims=True)
    gaps = np.stack([rng.multinomial(12, p) for p in shares])
    moves = rng.multinomial(20, [0.5, 0.3, 0.2], size=len(centres))
    C = np.c_[moves, gaps].astype(np.float64)
    block = np.r_[np.zeros(3, dtype=int), np.ones(len(names), dtype=int)]
    return BehaviourCounts(sparse.csr_matrix(C), block, ["a>b", "a>c", "a>$", *names])


def test_a_tempo_continuum_is_a_blend_though_tempo_groups_are_not() -> None:
    # Users spread evenly between slow and fast: a mixture cuts them into tempo bands, but a
    # user between two bands has a tempo in between (a shifted bell shape, not two humps).
    rng = np.random.default_rng(8)
    spread = rng.uniform(1.5, 8.5, 1500)
    cont = _tempo(spread)
    groups = _tempo(rng.choice(np.linspace(2.0, 8.0, 4), 1500))
    assert blend_gain(fit_mixture(groups, 4, random_state=0), groups) < BLEND_MARGIN
    assert blend_gain(fit_mixture(cont, 4, random_state=0), cont) > BLEND_MARGIN
    # the same users with the bins read as unordered categories: the blends are two humps
    # nobody has, and the continuum passes for four groups
    plain = _tempo(spread, [f"bin{i}" for i in range(len(_GAP_NAMES))])
    assert blend_gain(fit_mixture(plain, 4, random_state=0), plain) < BLEND_MARGIN


def _tempo_beside_busy_paths(centres: np.ndarray) -> BehaviourCounts:
    """Users whose gaps centre on ``centres``, beside 30 transition blocks the same for everyone."""
    rng = np.random.default_rng(8)
    bins = np.arange(len(_GAP_NAMES))
    shares = np.exp(-0.5 * ((bins[None, :] - centres[:, None]) / 0.8) ** 2)
    shares /= shares.sum(axis=1, keepdims=True)
    gaps = np.stack([rng.multinomial(12, p) for p in shares])
    law = rng.dirichlet(np.full(4, 2.0), 30)
    moves = np.hstack([rng.multinomial(20, law[b], size=len(centres)) for b in range(30)])
    block = np.r_[np.repeat(np.arange(30), 4), np.full(len(_GAP_NAMES), 30)]
    names = [f"e{b}>{c}" for b in range(30) for c in range(4)] + _GAP_NAMES
    return BehaviourCounts(sparse.csr_matrix(np.c_[moves, gaps].astype(np.float64)), block, names)


def test_a_continuum_beside_busy_paths_everyone_shares_is_still_no_clear_segments() -> None:
    # 600 transition counts per user that nobody differs in, 12 gaps that do: the blend's gain
    # is measured per count of the blocks the groups differ in, so the busy paths cannot dilute
    # it under the margin (per count of every block, this continuum passed for 4 groups)
    rng = np.random.default_rng(8)
    cont = _tempo_beside_busy_paths(rng.uniform(2.5, 7.5, 1500))
    groups = _tempo_beside_busy_paths(rng.choice(np.linspace(2.0, 8.0, 4), 1500))
    k, clear, _, _ = choose_k(cont, [2, 3, 4], random_state=0)
    assert not clear
    k, clear, _, _ = choose_k(groups, [2, 3, 4], random_state=0)
    assert clear and k == 4
