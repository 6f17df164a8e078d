"""Algorithms are named in plain words by the registry, and the web UI shows those words."""

from __future__ import annotations

from synthpersona.segmentation import ALGORITHMS


def test_every_algorithm_has_plain_words_and_the_ui_shows_them() -> None:
    from synthpersona.ui._format import human

    for name, algorithm in ALGORITHMS.items():
        assert algorithm.shown and "_" not in algorithm.shown
        assert human(name) == algorithm.shown
    assert ALGORITHMS["kmeans"].shown == "k-means" and ALGORITHMS["latent_class"].shown == "Latent class"
