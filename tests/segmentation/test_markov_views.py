"""The mixture's views: every random choice of the view search follows the caller's random_state."""

from __future__ import annotations

from typing import Any

import pytest

from simulation.test_dwell_blocks import _readers
from synthpersona.segmentation import _markov, _markov_views
from synthpersona.simulation.sequences import event_behaviour_counts


@pytest.mark.parametrize("k", [2, None])
def test_the_held_out_users_of_every_view_check_follow_random_state(
    monkeypatch: pytest.MonkeyPatch, k: Any
) -> None:
    counts = event_behaviour_counts(_readers(300, seed=5)[0])[0]
    seeds: list[Any] = []
    real = _markov_views.holdout_split

    def spy(n: int, random_state: Any, holdout: float = 0.3) -> Any:
        seeds.append(random_state)
        return real(n, random_state, holdout)

    monkeypatch.setattr(_markov_views, "holdout_split", spy)
    monkeypatch.setattr(_markov, "holdout_split", spy)
    _markov.cluster_counts(counts, k, random_state=5)
    # with k given, the per-event check once split users by k (2) whatever the caller's seed
    assert seeds and set(seeds) == {5}
