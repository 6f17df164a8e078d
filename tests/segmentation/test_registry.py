"""The algorithm registry is the one list: every interface offers exactly its algorithms."""

from __future__ import annotations

import numpy as np
import pytest
import typer
from sklearn.datasets import make_blobs

from synthpersona.api._app import create_app
from synthpersona.cli._app import load_commands
from synthpersona.errors import InputError
from synthpersona.segmentation import (
    ALGORITHMS,
    Clustering,
    ClusteringParams,
    algorithm_help,
    algorithm_names,
    cluster,
    get_algorithm,
)
from synthpersona.segmentation._auto import SILHOUETTE_ALGORITHMS
from synthpersona.tables import TABLE_ALGORITHMS

NUMERIC = list(algorithm_names("numeric"))
ALL = list(algorithm_names())


def test_registry_lists_every_algorithm_once_auto_first() -> None:
    events = list(algorithm_names("event_counts"))
    assert ALL[0] == "auto" == events[0] and len(set(ALL)) == len(ALL)
    # tables and matrices are offered every algorithm but the event-log one(s), and only those
    assert set(ALL) | set(events) == set(ALGORITHMS) and set(ALL) & set(events) == {"auto"}
    assert events == ["auto", "markov_mixture"] and "markov_mixture" not in TABLE_ALGORITHMS
    assert {"latent_class", "kmeans", "gmm", "agglomerative", "spectral", "hdbscan"} <= set(ALL)
    assert "latent_class" not in NUMERIC
    # every numeric algorithm is one the silhouette estimator runs, and the other way round
    assert set(NUMERIC) == set(SILHOUETTE_ALGORITHMS)
    for a in ALGORITHMS.values():
        assert a.description and a.data and (a.auto_k or a.fixed_k)


def test_api_schemas_offer_the_registry() -> None:
    schema = create_app().openapi()["components"]["schemas"]
    for model in ("ClustersRequest", "PersonasRequest"):
        assert schema[model]["properties"]["algorithm"]["enum"] == NUMERIC
    assert schema["AnalyzeRequest"]["properties"]["algorithm"]["enum"] == ALL


def _option_help(*path: str) -> str | None:
    command = typer.main.get_command(load_commands())
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return next(p.help for p in command.params if p.name == "algorithm")


def test_cli_help_lists_the_registry() -> None:
    assert _option_help("leads", "analyze") == algorithm_help()
    assert _option_help("segment") == algorithm_help("numeric")
    for name in ALL:
        assert f"{name}: " in algorithm_help()


def test_ui_pick_lists_are_the_registry() -> None:
    from streamlit.testing.v1 import AppTest

    from synthpersona.ui import APP_PATH

    at = AppTest.from_file(str(APP_PATH), default_timeout=120)
    at.run()
    # the leads page's list appears after an upload: tests/ui/test_pages.py checks it there
    at.switch_page("views/goal.py").run()
    from synthpersona.ui._format import human

    # shown with their human labels, in the registry's order
    assert list(at.selectbox(key="goal_algorithm").options) == [human(n) for n in NUMERIC]


def test_tables_accept_every_registered_algorithm() -> None:
    assert list(TABLE_ALGORITHMS) == ALL


def test_unknown_names_get_the_list_and_a_suggestion() -> None:
    with pytest.raises(InputError) as err:
        get_algorithm("latent_clas")
    assert "Did you mean 'latent_class'?" in err.value.message
    assert isinstance(err.value, ValueError)
    with pytest.raises(InputError, match="for numeric data; choose one of auto, kmeans"):
        cluster(np.zeros((10, 2)), ClusteringParams(algorithm="latent_class"), data="numeric")


@pytest.mark.parametrize("name", NUMERIC[1:])
def test_one_entry_point_one_result_type(name: str) -> None:
    X, _ = make_blobs(300, 3, centers=3, random_state=0)
    res = cluster(X, ClusteringParams(algorithm=name, k_max=4, random_state=0))
    assert isinstance(res, Clustering) and res.algorithm in (name, "kmeans")  # hdbscan may fall back
    assert res.labels.shape == (300,) and res.sizes.sum() == 300
    assert res.estimator is not None and np.array_equal(res.estimator.labels_, res.labels)
    ordered = res.ordered_by_size()
    assert list(ordered.sizes) == sorted(res.sizes, reverse=True)
    assert ordered.centroids is not None and res.centroids is not None
    np.testing.assert_allclose(ordered.centroids[0], res.centroids[np.argmax(res.sizes)])
