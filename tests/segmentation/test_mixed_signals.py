"""The mixture's likelihood screen over pairs: groups at different levels, not linked columns."""

from __future__ import annotations

import numpy as np

from synthpersona.segmentation._mixed_signals import MIN_PAIR_GAIN, likelihood_signals, pair_gains


def _columns(n: int, seed: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    rng = np.random.default_rng(seed)
    group = rng.random(n) < 0.1  # 10 % sit 3.5 SD higher on a and lower on b: no valley alone
    f = rng.normal(size=n)  # c, d, e: one smooth factor (linked, one group), skewed and clipped
    cols = {
        "a": np.clip(0.5 + 0.09 * rng.normal(size=n) + 0.32 * group, 0, 1),
        "b": np.clip(0.5 + 0.09 * rng.normal(size=n) - 0.32 * group, 0, 1),
        "c": np.clip(np.exp(0.5 * f + 0.3 * rng.normal(size=n)) / 4, 0, 1),
        "d": np.clip(0.5 + 0.15 * f + 0.1 * rng.normal(size=n), 0, 1),
        "e": np.round(np.clip(0.5 + 0.2 * f + 0.1 * rng.normal(size=n), 0, 1) * 4) / 4,
    }
    return cols, group


def test_the_pair_of_a_planted_group_leads_and_linked_columns_stay_out() -> None:
    cols, _ = _columns(4_000, 0)
    gains = pair_gains({k: v[:2_000] for k, v in cols.items()})
    assert set(gains[0][1:]) == {"a", "b"} and gains[0][0] >= MIN_PAIR_GAIN
    linked = [g for g, x, y in gains if {x, y} <= {"c", "d", "e"}]
    assert max(linked) < MIN_PAIR_GAIN
    assert likelihood_signals(cols) == ["a", "b"]
    assert likelihood_signals(cols, exclude=["a"]) == ["b"]


def test_the_screen_is_deterministic_and_skips_small_audiences() -> None:
    cols, _ = _columns(3_000, 1)
    assert pair_gains(cols) == pair_gains(cols)
    assert likelihood_signals({k: v[:150] for k, v in cols.items()}) == []
