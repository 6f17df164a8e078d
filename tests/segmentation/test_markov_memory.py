"""The Markov mixture on many users: the pooled gap view is built on samples, users assigned in blocks."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from simulation.test_dwell_blocks import _readers
from synthpersona.segmentation import _markov, _markov_model, _markov_views
from synthpersona.simulation.sequences import event_behaviour_counts


@pytest.fixture(scope="module")
def counts() -> Any:
    # A whole-tempo difference: the pooled gap view wins, so the model reads users through it.
    log, _ = _readers(900, seed=4, page=None, slow=30.0)
    return event_behaviour_counts(log)[0]


def test_the_pooled_view_is_never_built_for_every_user(counts: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []
    real = _markov_views.pooled_gaps

    def spy(c: Any) -> Any:
        built.append(c.n_users)
        return real(c)

    monkeypatch.setattr(_markov_views, "pooled_gaps", spy)  # the views' module builds them
    monkeypatch.setattr(_markov, "pooled_gaps", spy)
    fit = _markov.cluster_counts(counts, None, select_sample=300, fit_sample=500, random_state=0)
    assert fit.model.columns is not None  # the pooled view was chosen
    # Before, the view was a copy of all 900 users' counts (6M users: ~1.7 GB beside the raw ones).
    assert built and max(built) <= 500


def test_assigning_in_blocks_gives_the_labels_of_one_pass(
    counts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _markov.cluster_counts(counts, 2, select_sample=300, fit_sample=500, random_state=0).model
    whole = np.asarray(model.joint(counts).argmax(axis=1))
    monkeypatch.setattr(_markov_model, "PREDICT_BLOCK", 7)
    assert np.array_equal(model.predict(counts), whole)
