"""Mixed-data segments for the goal workflow: a latent class model beside weighted k-means.

Why: segments that a consumer categorical defines (a channel, a media, EMI: alone or as cells
of two of them), with at most a weak numeric shift, are nearly invisible to distances on
one-hot dummies; k-means calls such an audience "no clear segments" (heldout8, seen: ARI 0.00
on its ``conj`` audiences). The likelihood of a latent class model over the consumer
categoricals and the signals the screen found (Gaussian columns) adds those preferences up.

When it runs: only under ``algorithm="auto"`` and only when weighted k-means found no clear
segments, so every audience k-means splits clearly keeps its segments (the seen splits where
k-means is right). The mixture's classes replace k-means' when its BIC beats both ONE class
(categoricals independent, the signals one normal with their own covariance: no segments, the
links kept) and k-means' own partition refitted under the same
mixture; otherwise the k-means result stands.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.features import FeatureMatrix
from synthpersona.features._derive import ColumnReader
from synthpersona.features._pipeline import SCREENED_WEIGHT
from synthpersona.features._screen import (
    AGE_BANDS,
    CANDIDATE_SIGNALS,
    CONSUMER_CATEGORICALS,
    DEMOGRAPHIC_SPLITS,
    cramers_v,
)
from synthpersona.segmentation._latent import LatentClassModel
from synthpersona.segmentation._metrics import SampleSilhouette, cluster_means
from synthpersona.segmentation._mixed_signals import likelihood_signals
from synthpersona.segmentation._params import ClusteringParams
from synthpersona.segmentation._result import Clustering
from synthpersona.segmentation._selection import KSelection

__all__ = ["MixedPredictor", "mixed_alternative"]

# A level must hold this share of the audience for its column to enter (a goal may filter a
# categorical to one value: then it carries nothing).
_MIN_LEVEL_SHARE = 0.02
# Starts of the mixture: with 3 short starts the categorical fits landed in poor optima
# (heldout8, seen: BIC gains that rose and fell with k); 12 starts on up to 20,000 rows did not.
_N_INIT = 12
_START_SAMPLE = 20_000
_FIT_SAMPLE = 20_000
# The second try, with the pair screen's signals (:func:`mixed_alternative`), runs on audiences the
# first called structureless, most of which are: fewer starts keep its cost near the first try's
# (12 starts: 0.55 CPU s on "Gen Z moms in tier-2 cities" at 50,000, 4: see docs/benchmarks.md).
_N_INIT_PAIRED = 4
# It also stops at the first k whose BIC does not fall (``stop_at_rise``): where its classes lose
# anyway ("Gen Z moms in tier-2 cities": BIC up from k=4, k-means' partition better) k=5..8 cost
# 0.2 of its 0.36 CPU s; a continuum still falls through the range and is caught there.
# The second try's classes are a continuum cut into slices, not segments, when its BIC falls at every
# k of a range this long or longer (:func:`_falls_throughout`).
_CONTINUUM_RANGE = 4
_SILHOUETTE_ROWS = 2_000
# Classes that go this much with a demographic (Cramer's V) are its split, not segments: the
# population's own channel and media shares differ by gender and area (heldout8, seen: "men and
# women in Maharashtra", structureless, got two such classes).
MAX_DEMOGRAPHIC_V = 0.3
# BIC differences below 2 are no evidence either way (Kass and Raftery): k-means' partition refitted
# under the mixture within 2 of the mixture's own fit is the same optimum (heldout8, seen: 0.24 apart).
BIC_TIE = 2.0
# The signals vary within a class with one covariance shared by all classes: the built-in population's
# scores are linked (one factor, eigenvalue ~7 of 22), and with a variance per column and class that
# link alone fitted as classes; tied, one class carries it, so the no-segments reference keeps it.
COVARIANCE = "tied"


def _columns(
    df: pd.DataFrame, features: FeatureMatrix, paired: bool = False
) -> tuple[np.ndarray, list[int], list[str], list[list[str]]]:
    """The mixture's matrix: consumer categorical codes, then the screen's signals (Gaussian); the
    Gaussian column indices, the column names and each categorical's levels (its codes' order)."""
    reader = ColumnReader(df)
    cols: list[np.ndarray] = []
    names: list[str] = []
    levels: list[list[str]] = []
    for c in CONSUMER_CATEGORICALS:
        if c not in df.columns:
            continue
        uniques, codes, counts = np.unique(
            df[c].astype(str).to_numpy(), return_inverse=True, return_counts=True
        )
        if int((counts >= _MIN_LEVEL_SHARE * len(df)).sum()) >= 2:
            cols.append(codes.astype(np.float64))
            names.append(c)
            levels.append([str(u) for u in uniques])
    led = [s for s, w in features.weights.items() if w >= SCREENED_WEIGHT and s not in CONSUMER_CATEGORICALS]
    if paired:
        extra = _paired(reader, led)
        if not extra:
            return np.empty((len(df), 0)), [], [], []
        led += extra
    gaussian = []
    for s in led:
        try:
            values = _signal(reader, s)
        except (KeyError, ValueError):
            continue
        gaussian.append(len(cols))
        cols.append(np.asarray(values, dtype=np.float64))
        names.append(s)
    if not cols:
        return np.empty((len(df), 0)), [], [], []
    return np.column_stack(cols), gaussian, names, levels


def _paired(reader: ColumnReader, led: list[str]) -> list[str]:
    """Candidate signals whose pairs depart from one normal (:func:`likelihood_signals`), not in ``led``."""
    columns = {}
    for name in CANDIDATE_SIGNALS:
        try:
            columns[name] = np.asarray(_signal(reader, name), dtype=np.float64)
        except (KeyError, ValueError):
            continue
    return likelihood_signals(columns, exclude=led)


def _signal(reader: ColumnReader, name: str) -> np.ndarray:
    return reader.derived(name) if name.endswith("_score") else reader.unit(name)


class MixedPredictor:
    """Assigns people (rows of a population table) to the mixture's classes, as at fit.

    The latent class model reads category codes and signals, not the weighted feature matrix
    k-means reads, so the segmentation's ``estimator`` is this: ``matrix(frame)`` builds the
    model's columns from the raw columns (:meth:`needed_columns`) with the categories' codes of
    the fit (a value the audience did not have at fit is read as the column's most common one).
    Used to count a sampled goal run's whole audience per segment, batch by batch in the engine.
    """

    def __init__(self, model: LatentClassModel, names: list[str], levels: list[list[str]], common: list[int]):
        self.model = model
        self.names = names
        self.levels = levels
        self.common = common

    def needed_columns(self) -> tuple[str, ...]:
        """The raw population columns :meth:`predict` reads."""
        from synthpersona.features._derive import DERIVED
        from synthpersona.features._spec import SCALED_SIGNALS

        out: list[str] = []
        for name in self.names:
            if name in DERIVED:
                for signal, _ in DERIVED[name].terms:
                    raw = (
                        SCALED_SIGNALS[signal][0]
                        if signal in SCALED_SIGNALS
                        else (signal.removeprefix("1-"),)
                    )
                    out.extend(raw)
                gate = DERIVED[name].gate
                if gate:
                    out.append(gate)
            elif name in SCALED_SIGNALS:
                out.extend(SCALED_SIGNALS[name][0])
            else:
                out.append(name)
        return tuple(dict.fromkeys(out))

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """The class of each row of ``frame`` (classes numbered as the segmentation's labels)."""
        return self.model.predict(self.matrix(frame))

    def matrix(self, frame: pd.DataFrame) -> np.ndarray:
        """The model's columns of ``frame``: category codes of the fit, then the signals."""
        reader = ColumnReader(frame)
        cols: list[np.ndarray] = []
        for j, name in enumerate(self.names):
            if j < len(self.levels):
                index = {v: i for i, v in enumerate(self.levels[j])}
                values = frame[name].astype(str).to_numpy()
                cols.append(np.array([index.get(v, self.common[j]) for v in values], dtype=np.float64))
            else:
                cols.append(np.asarray(_signal(reader, name), dtype=np.float64))
        return np.column_stack(cols)


def _demographic_v(df: pd.DataFrame, labels: np.ndarray, compared: tuple[str, ...]) -> tuple[float, str]:
    """The largest Cramer's V of ``labels`` with a demographic split not in ``compared``, and its name."""
    best, name = 0.0, ""
    for col in (*DEMOGRAPHIC_SPLITS, "age"):
        if col not in df.columns or col in compared:
            continue
        values = df[col].to_numpy()
        if col == "age":
            values = np.digitize(np.asarray(values, dtype=np.float64), AGE_BANDS)
        codes = np.unique(np.asarray(values).astype(str), return_inverse=True)[1]
        if codes.max() == 0:
            continue
        v = cramers_v(labels, codes)
        if v > best:
            best, name = v, col
    return best, name


def mixed_alternative(
    df: pd.DataFrame,
    features: FeatureMatrix,
    X: np.ndarray,
    kmeans: Clustering,
    params: ClusteringParams,
    compared: tuple[str, ...] = (),
) -> Clustering | None:
    """The latent class model's segments when they beat one class and k-means' partition by BIC.

    ``X`` is the weighted matrix k-means clustered (centroids and silhouettes of the returned
    segments live there, so distances and anchors work as for k-means). ``None``: keep k-means.
    The model reads the consumer categoricals and the screen's signals first; when that finds no
    classes, again with the signals whose pairs depart from one normal
    (:func:`~synthpersona.segmentation._mixed_signals.likelihood_signals`): segments that move
    several signals by small steps leave no valley for the screen (heldout10 ``manysmall``, seen).
    Read first, they diluted classes the screen's signals alone found (heldout9, seen: 0.38 -> 0.36).
    The second try's classes are dropped when its BIC falls at every k (:func:`_falls_throughout`):
    a skewed hidden factor departs from one normal too, and finer slices of it always fit better.
    """
    return _mixture(df, features, X, kmeans, params, compared) or _mixture(
        df, features, X, kmeans, params, compared, paired=True
    )


def _mixture(
    df: pd.DataFrame,
    features: FeatureMatrix,
    X: np.ndarray,
    kmeans: Clustering,
    params: ClusteringParams,
    compared: tuple[str, ...],
    paired: bool = False,
) -> Clustering | None:
    M, gaussian, names, levels = _columns(df, features, paired)
    if M.shape[1] < 2 or not any(j not in gaussian for j in range(M.shape[1])) or len(df) < 200:
        return None
    model = LatentClassModel(
        k_min=params.k_min,
        k_max=params.k_min,
        min_cluster_pct=params.min_cluster_pct,
        n_init=_N_INIT_PAIRED if paired else _N_INIT,
        start_sample=_START_SAMPLE,
        fit_sample=_FIT_SAMPLE,
        gaussian=gaussian or None,
        covariance=COVARIANCE,
        stop_at_rise=paired,
        random_state=params.random_state,
    )
    # the fewest classes first: when they do not beat one class, more do not either (heldout8's
    # BIC gains fell with k once the starts were good), and a structureless audience pays one fit
    first = model.fit(M).result_.selection
    if (
        first is None
        or not first.clear
        or _demographic_v(df, model.labels_, compared)[0] >= MAX_DEMOGRAPHIC_V
    ):
        return None
    if params.k_max > params.k_min:
        model = model.set_params(k_max=params.k_max).fit(M)
    sel = model.result_.selection
    if sel is None or not sel.clear or (paired and _falls_throughout(model.candidates_)):
        return None
    # on the rows the model's BIC was computed on: on all rows k-means' BIC would be larger by the
    # row count alone (a 200,000-row audience against a 20,000-row fit) and always lose
    rows = model.fit_rows_
    km_bic = model.score_labels(*((M, kmeans.labels) if rows is None else (M[rows], kmeans.labels[rows])))
    if model.bic_ > km_bic + BIC_TIE:  # within BIC_TIE: k-means' start reached the same classes
        return None
    v, demographic = _demographic_v(df, model.labels_, compared)
    if v >= MAX_DEMOGRAPHIC_V:
        return None
    common = [int(np.bincount(M[:, j].astype(np.int64)).argmax()) for j in range(len(levels))]
    predictor = MixedPredictor(model, names, levels, common)
    return _as_clustering(
        model, X, kmeans, names, km_bic, sel, f"{v:.2f} with {demographic or 'none'}", predictor
    )


def _falls_throughout(candidates: list[dict[str, Any]]) -> bool:
    """Whether the BIC falls at every k tried (at least :data:`_CONTINUUM_RANGE` of them).

    Segments give the BIC a lowest point near their number, past which more classes only pay for
    their parameters (heldout10 ``manysmall`` r10106, seen: lowest at k=3 of 2..8). A continuum
    (one skewed hidden factor moving several signals) is fitted better by every finer slicing, so
    no number of classes settles it: heldout7's ``continuum`` (seen) fell from k=2 to k=8 and was
    called 8 clear segments. Only the second try (the pair screen's signals) is held to this: its
    signals are chosen for departing from one normal, which a bent or skewed factor does as well.
    """
    bics = [float(c["bic"]) for c in candidates]
    return len(bics) >= _CONTINUUM_RANGE and all(b < a for a, b in pairwise(bics))


def _as_clustering(
    model: LatentClassModel,
    X: np.ndarray,
    kmeans: Clustering,
    names: list[str],
    km_bic: float,
    sel: KSelection,
    demographic: str,
    predictor: MixedPredictor,
) -> Clustering:
    """The mixture's classes as the goal workflow's :class:`Clustering` (centroids in ``X``'s space)."""
    labels, k = model.labels_, model.k_
    rng = np.random.default_rng(model.random_state)
    rows = np.sort(rng.choice(len(labels), min(len(labels), _SILHOUETTE_ROWS), replace=False))
    sil, per_cluster = SampleSilhouette(X[rows]).score(labels[rows], k)
    one = float(sel.scores[1]["bic"])
    reason = (
        f"k={k} by a latent class model over {', '.join(names)} (BIC {model.bic_:,.0f}): below one class "
        f"({one:,.0f}) and below k-means' k={kmeans.k} partition under the same model ({km_bic:,.0f}); "
        f"weighted k-means had found no clear segments; the classes follow no demographic (largest "
        f"Cramer's V {demographic})."
    )
    selection = KSelection(criterion="bic", k=k, clear=True, reason=reason, scores=sel.scores)
    # the latent class model's table only: one row per k of the algorithm that ran (k-means' silhouettes
    # beside them would list each k twice in a run's candidates chart)
    candidates: list[dict[str, Any]] = list(model.candidates_)
    return Clustering(
        labels=labels,
        k=k,
        algorithm="latent_class",
        candidates=candidates,
        centroids=cluster_means(X, labels, k),
        silhouette=float(sil),
        silhouette_by_cluster=np.nan_to_num(per_cluster, nan=0.0),
        sampled=model.sampled_,
        notes=[reason, *model.notes_[:-1], *kmeans.notes[1:]],
        estimator=predictor,
        selection=selection,
        feature_weights=kmeans.feature_weights,
    )
