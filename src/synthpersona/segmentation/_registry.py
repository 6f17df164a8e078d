"""The registry of clustering algorithms: the one list every interface offers.

Each :class:`Algorithm` names an estimator factory (``ClusteringParams -> estimator``
with ``fit(X)``/``predict(X)`` and a ``result_`` :class:`~synthpersona.segmentation.Clustering`),
the data it suits, whether it chooses k itself and a one-line description. The API
schemas, CLI choices and help, and the UI pick-lists are built from :data:`ALGORITHMS`;
to add an algorithm, register it here (see docs/architecture.md).

The factories import their estimator on first use, so reading the registry (an API
schema, ``--help``) never imports scikit-learn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from synthpersona.errors import did_you_mean
from synthpersona.segmentation._errors import ClusteringInputError
from synthpersona.segmentation._params import ClusteringParams

__all__ = [
    "ALGORITHMS",
    "Algorithm",
    "DataKind",
    "algorithm_help",
    "algorithm_names",
    "get_algorithm",
    "resolve_algorithm",
]

DataKind = Literal["numeric", "categorical", "event_counts"]
"""``numeric``: a float feature matrix; ``categorical``: a matrix of category codes (one column per field);
``event_counts``: per-user block counts of an event log (``segmentation.BehaviourCounts``)."""

# The kinds of a table or feature matrix: what ``algorithm_names()`` lists without ``data``.
_MATRIX_KINDS: tuple[DataKind, ...] = ("numeric", "categorical")


@dataclass(frozen=True)
class Algorithm:
    """One registered clustering algorithm.

    Attributes
    ----------
    name
        What users type (``--algorithm``, API ``algorithm``, UI pick-list).
    make
        Factory: ``make(params)`` returns an unfitted estimator.
    data
        Kinds of matrix it suits (see :data:`DataKind`).
    auto_k
        Chooses k itself (by silhouette, BIC or density) when ``k`` is ``None``.
    fixed_k
        Accepts a fixed ``k``.
    description
        One line for help texts and pick-lists.
    label
        Its name in plain words for pick-lists and charts ("k-means"); empty: the name
        itself, capitalised (:attr:`shown`).
    """

    name: str
    make: Callable[[ClusteringParams], Any]
    data: tuple[DataKind, ...]
    auto_k: bool
    fixed_k: bool
    description: str
    label: str = ""

    @property
    def shown(self) -> str:
        """The plain-words name: :attr:`label`, else the name capitalised (``"Latent class"``)."""
        words = self.name.replace("_", " ")
        return self.label or words[:1].upper() + words[1:]


def _silhouette_family(name: str) -> Callable[[ClusteringParams], Any]:
    def make(p: ClusteringParams) -> Any:
        from synthpersona.segmentation._auto import AutoKClustering

        return AutoKClustering(
            p.k,
            k_min=p.k_min,
            k_max=p.k_max,
            min_cluster_pct=p.min_cluster_pct,
            algorithm=name,
            random_state=p.random_state,
            silhouette_sample=p.silhouette_sample,
            auto_algorithms=p.auto_algorithms,
            n_threads=p.n_threads,
            criterion=p.criterion,
            feature_weighting=p.feature_weighting,
            **p.given("fit_sample", "n_init"),
            **dict(p.options),
        )

    return make


def _latent_class(p: ClusteringParams) -> Any:
    from synthpersona.segmentation._latent import LatentClassModel

    return LatentClassModel(
        p.k,
        k_min=p.k_min,
        k_max=p.k_max,
        min_cluster_pct=p.min_cluster_pct,
        random_state=p.random_state,
        **p.given("fit_sample", "n_init"),
        **dict(p.options),
    )


def _markov_mixture(p: ClusteringParams) -> Any:
    from synthpersona.segmentation._markov_estimator import MarkovMixtureClustering

    return MarkovMixtureClustering(
        p.k,
        k_min=p.k_min,
        k_max=p.k_max,
        min_cluster_pct=p.min_cluster_pct,
        random_state=p.random_state,
        **p.given("fit_sample", "n_init"),
        **dict(p.options),
    )


def _register(*algorithms: Algorithm) -> dict[str, Algorithm]:
    return {a.name: a for a in algorithms}


ALGORITHMS: dict[str, Algorithm] = _register(
    Algorithm(
        "auto",
        _silhouette_family("auto"),
        ("numeric", "categorical", "event_counts"),
        True,
        True,
        "the default for the data: latent class (k by BIC) on a table's categories, "
        "k-means (k by silhouette) on a numeric matrix, a Markov mixture on an event log",
    ),
    Algorithm(
        "latent_class",
        _latent_class,
        ("categorical",),
        True,
        True,
        "mixture of categorical columns fitted by EM, k by BIC",
    ),
    Algorithm(
        "kmeans",
        _silhouette_family("kmeans"),
        ("numeric",),
        True,
        True,
        "k-means, k by silhouette",
        "k-means",
    ),
    Algorithm(
        "gmm",
        _silhouette_family("gmm"),
        ("numeric",),
        True,
        True,
        "Gaussian mixture (diagonal), k by silhouette",
        "Gaussian mixture",
    ),
    Algorithm(
        "agglomerative",
        _silhouette_family("agglomerative"),
        ("numeric",),
        True,
        True,
        "Ward hierarchical clustering, k by silhouette",
    ),
    Algorithm(
        "spectral",
        _silhouette_family("spectral"),
        ("numeric",),
        True,
        True,
        "spectral clustering on a nearest-neighbour graph, k by silhouette",
    ),
    Algorithm(
        "hdbscan",
        _silhouette_family("hdbscan"),
        ("numeric",),
        True,
        False,
        "density-based (HDBSCAN), finds k itself; noise joins the nearest cluster",
        "HDBSCAN",
    ),
    Algorithm(
        "markov_mixture",
        _markov_mixture,
        ("event_counts",),
        True,
        True,
        "mixture of Markov chains over users' transitions, tempo and visits, k by held-out likelihood",
    ),
)

# What "auto" becomes for each kind of data (numeric "auto" compares ``auto_algorithms`` by silhouette).
_AUTO_FOR: dict[DataKind, str] = {
    "categorical": "latent_class",
    "numeric": "auto",
    "event_counts": "markov_mixture",
}


def algorithm_names(data: DataKind | None = None) -> tuple[str, ...]:
    """Names of the registered algorithms, ``"auto"`` first; only those suiting ``data`` when given.

    Without ``data``: the algorithms for a table or feature matrix (numeric or categorical);
    event-log algorithms are listed with ``data="event_counts"``.

    Examples
    --------
    >>> algorithm_names("numeric")
    ('auto', 'kmeans', 'gmm', 'agglomerative', 'spectral', 'hdbscan')
    >>> algorithm_names("event_counts")
    ('auto', 'markov_mixture')
    """
    kinds = _MATRIX_KINDS if data is None else (data,)
    return tuple(a.name for a in ALGORITHMS.values() if any(d in a.data for d in kinds))


def algorithm_help(data: DataKind | None = None) -> str:
    """One line listing the algorithms for ``data`` with their descriptions (CLI help, pick-list captions).

    Examples
    --------
    >>> algorithm_help("numeric").split("; ")[1]
    'kmeans: k-means, k by silhouette'
    """
    names = algorithm_names(data)
    return "; ".join(f"{a.name}: {a.description}" for a in ALGORITHMS.values() if a.name in names)


def get_algorithm(name: str, data: DataKind | None = None) -> Algorithm:
    """The registered algorithm called ``name`` (case-insensitive) or an InputError listing them.

    Without ``data`` every registered algorithm is accepted.
    """
    allowed = tuple(ALGORITHMS) if data is None else algorithm_names(data)
    key = name.strip().lower() if isinstance(name, str) else name
    if key not in allowed:
        what = "" if data is None else f" for {data} data"
        raise ClusteringInputError(
            f"Unknown algorithm {name!r}{what}; choose one of {', '.join(allowed)}."
            + did_you_mean(str(name), allowed),
            details={"algorithm": str(name), "allowed": list(allowed)},
        )
    return ALGORITHMS[key]


def resolve_algorithm(name: str, data: DataKind) -> Algorithm:
    """The algorithm that runs for ``name`` on ``data``: ``"auto"`` becomes the default for that data."""
    algorithm = get_algorithm(name, data)
    if algorithm.name == "auto":
        return ALGORITHMS[_AUTO_FOR[data]]
    return algorithm
