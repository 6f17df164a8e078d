"""The mixture's second try (the pair screen's signals): segments are found, a continuum is not."""

from __future__ import annotations

import pytest
from sklearn.metrics import adjusted_rand_score

from support.planted_populations7 import heldout7_configs, planted_population7
from support.planted_populations10 import heldout10_configs, planted_population10
from synthpersona.segmentation._mixed import _falls_throughout
from synthpersona.usecases.goals import run_goal


def test_a_bic_that_falls_at_every_k_is_a_continuum() -> None:
    def bics(*values: float) -> list[dict[str, float]]:
        return [{"k": k, "bic": v} for k, v in enumerate(values, start=2)]

    assert _falls_throughout(bics(264_057, 262_187, 261_710, 259_837, 259_205, 259_002, 258_601))
    assert not _falls_throughout(bics(97_550, 95_819, 95_928, 96_029, 96_146, 96_178, 96_303))
    assert not _falls_throughout(bics(100, 90, 80))  # too few k to tell


@pytest.mark.slow
def test_a_skewed_one_factor_continuum_is_no_clear_segments_and_planted_classes_are_found() -> None:
    # heldout7 "continuum": one gamma-skewed hidden factor moves three signals; the pair screen's
    # signals depart from one normal, and the mixture's BIC fell from k=2 to k=8 (8 "clear" segments)
    (continuum,) = [c for c in heldout7_configs() if c.structure == "continuum"]
    df, _, _ = planted_population7(continuum)
    run = run_goal(continuum.goal, population=df, k_anonymity=None)
    sel = run.segmentation.clustering.selection
    assert sel is not None and not sel.clear
    # heldout10 manysmall: three segments, each moving three signals by half a level step; only the
    # second try finds them (BIC lowest at k=3)
    (planted,) = [c for c in heldout10_configs() if c.random_state == 10106]
    df, labels, _ = planted_population10(planted)
    run = run_goal(planted.goal, population=df, k_anonymity=None)
    sel = run.segmentation.clustering.selection
    assert sel is not None and sel.clear and run.segmentation.k == 3
    assert run.segmentation.clustering.algorithm == "latent_class"
    truth = dict(zip(df["user_id"], labels, strict=True))
    planted_labels = [truth[u] for u in run.audience["user_id"]]
    assert adjusted_rand_score(planted_labels, run.segmentation.labels) > 0.6
