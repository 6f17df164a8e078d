"""Goal → segments → personas: the use case behind ``synthpersona segment``, the API and the UI.

Examples
--------
>>> run = run_goal("Gen Z moms in tier-2 cities")  # doctest: +SKIP
>>> run.meta["k"], [s.label for s in run.segments]  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from synthpersona._json import to_jsonable
from synthpersona.engine import Engine
from synthpersona.errors import EmptyResultError, InputError, NotFoundError
from synthpersona.goals import (
    AudienceSample,
    GoalSpec,
    build_query,
    compared_demographics,
    explain_empty,
    parse_goal,
)
from synthpersona.model import Persona, Segment
from synthpersona.personas import build_personas, compute_stats, profile_clusters
from synthpersona.segmentation import ClusteringParams, Segmentation, segment
from synthpersona.usecases._audience import full_audience_sizes
from synthpersona.usecases._memory import MEMORY
from synthpersona.usecases._populations import (
    GoalPopulation,
    clear_populations,
    load_population,
    population_identity,
)
from synthpersona.views import seed000

__all__ = [
    "GOAL_STEPS",
    "MIN_AUDIENCE",
    "GoalRun",
    "clear_cache",
    "population_identity",
    "run_goal",
    "segment_audience",
]

_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object


# Fewer matching people than this cannot be segmented meaningfully.
MIN_AUDIENCE = 20
# The steps of a goal run in order, as ``run_goal(progress=)`` reports them, with what each does.
GOAL_STEPS: dict[str, str] = {
    "parse": "Reading the goal",
    "audience": "Selecting the audience (the first run also builds the population)",
    "features": "Building the segmentation features",
    "clustering": "Clustering and choosing the number of segments",
    "personas": "Profiling the segments and writing personas",
}


@dataclass
class GoalRun:
    """The result of one goal → segments → personas run: core segments and personas.

    ``personas`` maps each ``segment_id`` (1-based) to its personas. ``to_dict()`` gives the
    JSON the CLI and API return (written by :mod:`synthpersona.views.seed000`): ``run_id, goal,
    request, spec, sql, params, clusters, personas, meta``.
    """

    run_id: str
    goal: str
    request: dict[str, Any]
    spec: GoalSpec
    sql: str
    params: list[Any]
    segments: list[Segment]
    personas: dict[int, list[Persona]]
    meta: dict[str, Any]
    segmentation: Segmentation = field(repr=False)
    audience: pd.DataFrame = field(repr=False)
    privacy: dict[str, Any] | None = None
    shown: dict[str, dict[str, Any]] | None = field(default=None, repr=False)

    def _shown(self, p: Persona, seg: Segment, protected: bool = True) -> dict[str, Any]:
        """Seed 000's persona as shown: the privacy-protected one when the run was checked."""
        if protected and self.shown is not None and p.persona_id in self.shown:
            return self.shown[p.persona_id]
        return seed000.persona(p, seg)

    def segment(self, cluster_id: int) -> Segment:
        """The segment ``cluster_id`` (1-based); ``NotFoundError`` lists the valid ids."""
        for seg in self.segments:
            if seg.segment_id == cluster_id:
                return seg
        ids = [seg.segment_id for seg in self.segments]
        raise NotFoundError(
            f"Cluster {cluster_id!r} does not exist in run {self.run_id}; valid cluster ids: {ids}.",
            details={"cluster_id": cluster_id, "valid": ids, "run_id": self.run_id},
        )

    def personas_response(self, cluster_id: int) -> dict[str, Any]:
        """Seed 000's persona response: ``{"personas": [...], "cluster_info": {...}}``."""
        seg = self.segment(cluster_id)
        return {
            "personas": [self._shown(p, seg) for p in self.personas.get(cluster_id, [])],
            "cluster_info": seed000.cluster_info(seg),
        }

    def persona(self, persona_id: str, protected: bool = True) -> Persona:
        """The persona ``persona_id`` (``dyn_{cluster}_{i}``); ``NotFoundError`` lists valid ids.

        On a privacy-checked run it is the persona as shown (read back from its protected JSON:
        what the check withheld is not in it, so a chat with it cannot tell);
        ``protected=False`` gives the persona as built.
        """
        for plist in self.personas.values():
            for p in plist:
                if p.persona_id == persona_id:
                    if protected and self.shown is not None and persona_id in self.shown:
                        return seed000.read_persona(self.shown[persona_id])
                    return p
        ids = [p.persona_id for plist in self.personas.values() for p in plist]
        raise NotFoundError(
            f"Persona {persona_id!r} does not exist in run {self.run_id}; "
            f"valid persona ids: {', '.join(ids)}.",
            details={"persona_id": persona_id, "valid": ids, "run_id": self.run_id},
        )

    def projection(self, max_points: int = 3000, random_state: int = 0) -> pd.DataFrame:
        """A 2-D PCA projection of (a sample of) the audience: columns ``x, y, cluster_id``.

        ``attrs["explained_variance"]`` holds the share of the features' variance each axis
        shows (for axis titles).
        """
        from sklearn.decomposition import PCA

        X = self.segmentation.X
        rng = np.random.default_rng(random_state)
        idx = np.sort(rng.choice(len(X), size=min(max_points, len(X)), replace=False))
        variance: tuple[float, float] = (1.0, 0.0)
        if X.shape[1] >= 2:
            pca = PCA(n_components=2, random_state=random_state)
            xy = pca.fit_transform(X[idx])
            variance = (float(pca.explained_variance_ratio_[0]), float(pca.explained_variance_ratio_[1]))
        else:
            xy = np.column_stack([X[idx, 0], np.zeros(len(idx))])
        frame = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "cluster_id": self.segmentation.labels[idx] + 1})
        frame.attrs["explained_variance"] = variance
        return frame

    def to_dict(self, protected: bool = True) -> dict[str, Any]:
        """The run as shown and exported (``protected=False``: as built, for the store and ``verify``)."""
        body: dict[str, Any] = {
            "run_id": self.run_id,
            "goal": self.goal,
            "request": self.request,
            "spec": self.spec.model_dump(mode="json"),
            "sql": self.sql,
            "params": to_jsonable(self.params),
            "clusters": [seed000.cluster(seg) for seg in self.segments],
            "personas": {
                str(cid): [self._shown(p, self.segment(cid), protected) for p in plist]
                for cid, plist in self.personas.items()
            },
            "meta": self.meta,
        }
        if protected and self.privacy is not None:
            body["privacy"] = self.privacy
        return body

    def clusters_response(self) -> dict[str, Any]:
        """Seed 000's cluster response: ``{"clusters": [...], "meta": {...}}`` plus ``run_id``."""
        return {
            "run_id": self.run_id,
            "clusters": [seed000.cluster(seg) for seg in self.segments],
            "meta": self.meta,
        }


def _filters_applied(spec: GoalSpec) -> dict[str, Any]:
    """Filters in the seed's compact shape: ``{"age": [18, 29], "gender": "Female", ...}``."""
    out: dict[str, Any] = {}
    for f in spec.filters:
        if f.op in ("eq", "in", "between"):
            out[f.column] = f.value
        else:
            out[f.column] = {f.op: f.value}
    return out


def clear_cache(*, populations: bool = True) -> None:
    """Forget the runs in memory (``usecases._memory.MEMORY``) and, unless ``populations=False``,
    the loaded populations."""
    MEMORY.clear()
    if populations:
        clear_populations()


def _run_id(
    goal: str, spec: GoalSpec, request: dict[str, Any], identity: str, sample: AudienceSample | None = None
) -> str:
    # The filters are part of the identity: a generation maps to other ages in another year.
    filters = [f.model_dump(mode="json", exclude={"source"}) for f in spec.filters]
    extra = {} if sample is None else {"sample": sample.to_meta()}  # unsampled runs keep their old ids
    payload = json.dumps(
        {"goal": " ".join(goal.split()), "filters": filters, **request, "population": identity, **extra},
        sort_keys=True,
        default=str,
    )
    return "run_" + hashlib.sha256(payload.encode()).hexdigest()[:16]


def check_k_range(k_min: int, k_max: int) -> None:
    """Refuse a cluster range outside ``2 <= k_min <= k_max <= max_k`` before any work starts.

    ``max_k`` is ``SYNTHPERSONA_MAX_K`` (default 50): each k tried costs a clustering, so
    ``k_max=10**12`` would otherwise run for as many k as there are people.

    Examples
    --------
    >>> check_k_range(2, 8)
    >>> check_k_range(2, 10**12)
    Traceback (most recent call last):
    ...
    synthpersona.errors.InputError: k_max must be between 2 and 50, got 1,000,000,000,000; ...
    """
    from synthpersona.config import get_settings

    max_k = get_settings().max_k
    for name, value in (("k_min", k_min), ("k_max", k_max)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or not 2 <= value <= max_k:
            shown = f"{value:,}" if isinstance(value, int | np.integer) else repr(value)
            raise InputError(
                f"{name} must be between 2 and {max_k}, got {shown}; e.g. 8 (the upper bound is the "
                "SYNTHPERSONA_MAX_K setting).",
                details={"field": name, "min": 2, "max": max_k},
            )
    if k_min > k_max:
        raise InputError(
            f"k_min ({k_min}) must not exceed k_max ({k_max}); swap them or widen the range.",
            details={"k_min": k_min, "k_max": k_max},
        )


def _sample(matched: int, random_state: int) -> AudienceSample | None:
    """The sample a goal run segments when its audience exceeds ``SYNTHPERSONA_AUDIENCE_ROWS``."""
    from synthpersona.config import get_settings

    cap = get_settings().audience_rows
    return AudienceSample.of(cap, matched, random_state) if matched > cap else None


def _sample_note(rows: int, matched: int) -> str:
    return (
        f"Segments and personas describe a random sample of {rows:,} of the {matched:,} matching people "
        "(chosen by a hash of user_id and random_state; SYNTHPERSONA_AUDIENCE_ROWS sets its size); "
        "sizes and figures are those of the sample. meta.audience_sizes gives each segment's size in "
        "the whole audience (every matching person assigned to a segment in the engine)."
    )


def run_goal(
    goal: str,
    *,
    k_min: int = _DEFAULTS.k_min,
    k_max: int = _DEFAULTS.k_max,
    min_cluster_pct: float = _DEFAULTS.min_cluster_pct,
    algorithm: str = _DEFAULTS.algorithm,
    random_state: int = 0,
    population: pd.DataFrame | str | Path | None = None,
    engine: str | Engine | None = None,
    progress: Callable[[str], None] | None = None,
    k_anonymity: int | None = 5,
) -> GoalRun:
    """Parse ``goal``, select the matching people, segment them and build personas.

    Parameters
    ----------
    goal
        A business goal in plain words, e.g. ``"Gen Z moms in tier-2 cities"``.
    k_min, k_max
        Range of cluster counts to try; the best silhouette among those whose
        smallest cluster has at least ``min_cluster_pct`` of the audience wins.
    algorithm
        ``auto``, ``kmeans``, ``gmm``, ``agglomerative``, ``spectral`` or ``hdbscan``.
    random_state
        Seed of every random step; the same goal, parameters and seed give the same run.
    population
        ``None`` for the built-in population, or a DataFrame / Parquet / CSV path with its columns.
        A file with the built-in columns and values is queried in place (never read whole
        into memory); only the audience comes back, and an audience larger than
        ``SYNTHPERSONA_AUDIENCE_ROWS`` (200,000) is segmented on a deterministic random
        sample of that size (``meta["sample"]``; ``subset_n`` stays the full count).
    engine
        Where the SQL runs: ``"duckdb"`` (default, setting ``SYNTHPERSONA_ENGINE``), ``"spark"``,
        an :class:`~synthpersona.engine.Engine` or a ``SparkSession``. Every engine gives the
        same run (same run id).
    progress
        Called with each step's name in :data:`GOAL_STEPS` as it starts (``"parse"``,
        ``"audience"``, ``"features"``, ``"clustering"``, ``"personas"``); a run found in the
        in-memory cache reports only the steps before the lookup.
    k_anonymity
        Privacy of personas built from a **user-supplied** ``population`` (customer data):
        each persona states only what at least ``k_anonymity`` members of its audience share
        (:func:`synthpersona.usecases.trust.privacy_goal_run`); ``to_dict()`` and
        ``personas_response()`` show the protected personas and ``privacy`` says what was
        generalised. ``None`` or ``0`` turns it off. The built-in population is synthetic
        (nobody real), so its runs are shown as built (``docs/trust.md``).

    Returns
    -------
    GoalRun
        Clusters and personas in seed 000's shapes, with ``meta``.

    Raises
    ------
    GoalParseError
        Nothing in the goal was understood.
    EmptyResultError
        The goal matches nobody (the error names the filter to relax) or too few people.

    Examples
    --------
    >>> run = run_goal("college students interested in headphones", k_max=4)  # doctest: +SKIP
    >>> run.personas_response(1)["personas"][0]["persona_id"]  # doctest: +SKIP
    'dyn_1_0'
    """
    if k_anonymity:
        from synthpersona.usecases.trust_privacy import check_k_anonymity

        check_k_anonymity(k_anonymity)
    request = _request(goal, k_min, k_max, min_cluster_pct, algorithm, random_state)
    report = progress or _no_progress
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    report("parse")
    spec = parse_goal(goal)
    timings["parse_ms"] = (time.perf_counter() - t0) * 1000
    report("audience")
    pop = load_population(population, engine)
    t1 = time.perf_counter()
    matched = _count_audience(pop, spec, goal)
    sample = _sample(matched, random_state)
    run_id = _run_id(goal, spec, request, pop.identity, sample)
    known = MEMORY.goal_run(run_id)
    if known is not None:
        return _protect(known, population, k_anonymity)
    sql, params = build_query(spec, pop.table.table, sample=sample, order_by="user_id")
    audience = pop.audience(spec, sample)  # names the filter to relax when nobody matches
    timings["query_ms"] = (time.perf_counter() - t1) * 1000

    seg, segments, personas = segment_audience(audience, spec, request, timings, progress=report)
    full_sizes = None
    if sample is not None:  # the segments describe a sample: count the whole audience per segment
        t4 = time.perf_counter()
        full_sizes = full_audience_sizes(pop.table, spec, seg, run_id.removeprefix("run_"))
        timings["assign_ms"] = (time.perf_counter() - t4) * 1000
    timings["total_ms"] = (time.perf_counter() - t0) * 1000
    run = GoalRun(
        run_id=run_id,
        goal=goal,
        request=request,
        spec=spec,
        sql=sql,
        params=list(params),
        segments=segments,
        personas=personas,
        meta=_meta(spec, pop, matched, sample, audience, full_sizes, seg, sql, params, timings),
        segmentation=seg,
        audience=audience,
    )
    return _protect(MEMORY.keep_goal_run(run), population, k_anonymity)


def _protect(run: GoalRun, population: object, k_anonymity: int | None) -> GoalRun:
    """``run`` with privacy-protected personas when its population is the user's (not built in)."""
    if population is None or not k_anonymity:
        return run
    from dataclasses import replace

    from synthpersona.usecases.trust_anchors import privacy_goal_run, public_summary

    report, shown = privacy_goal_run(run, k_anonymity=k_anonymity)
    # published with the personas: its steps say what is shown, not what was withheld
    return replace(run, privacy=public_summary(report), shown={str(e["persona_id"]): e for e in shown})


def _request(
    goal: str, k_min: int, k_max: int, min_cluster_pct: float, algorithm: str, random_state: int
) -> dict[str, Any]:
    """The run's parameters as they key it (after checking the goal and the k range)."""
    if not isinstance(goal, str) or not goal.strip():
        raise InputError("The goal is empty; describe an audience, e.g. 'Gen Z moms in tier-2 cities'.")
    check_k_range(k_min, k_max)
    return {
        "k_min": k_min,
        "k_max": k_max,
        "min_cluster_pct": min_cluster_pct,
        "algorithm": algorithm,
        "random_state": random_state,
    }


def _count_audience(pop: GoalPopulation, spec: GoalSpec, goal: str) -> int:
    """How many people match; an ``EmptyResultError`` naming what to relax when too few do."""
    matched = pop.count(spec)
    if matched == 0:
        err = explain_empty(pop.engine, spec, pop.table.table)
        raise err or EmptyResultError(f"No one matches {goal!r}.")
    if matched < MIN_AUDIENCE:
        raise EmptyResultError(
            f"Only {matched} people match {goal!r}; at least {MIN_AUDIENCE} are needed "
            "to form segments. "
            "Relax a filter (a wider age range, more cities or a lower interest threshold).",
            code="audience_too_small",
            details={
                "matched": matched,
                "minimum": MIN_AUDIENCE,
                "filters": [f.model_dump(mode="json") for f in spec.filters],
            },
        )
    return matched


def _meta(
    spec: GoalSpec,
    pop: GoalPopulation,
    matched: int,
    sample: AudienceSample | None,
    audience: pd.DataFrame,
    full_sizes: dict[str, Any] | None,
    seg: Segmentation,
    sql: str,
    params: Any,
    timings: dict[str, float],
) -> dict[str, Any]:
    """The run's ``meta``: audience counts, query, clustering diagnostics, parse notes, timings."""
    clustering = seg.clustering
    return {
        "subset_n": matched,
        "population_n": pop.n,
        "engine": pop.engine.name,
        "sample": None if sample is None else {**sample.to_meta(), "rows": len(audience)},
        "audience_sizes": full_sizes,
        "k": seg.k,
        "silhouette": round(float(clustering.silhouette), 3),
        "filters_applied": _filters_applied(spec),
        "sql": sql,
        "params": to_jsonable(list(params)),
        "domain": spec.domain,
        "algorithm": clustering.algorithm,
        "candidates": to_jsonable(clustering.candidates),
        "selection": None if clustering.selection is None else to_jsonable(clustering.selection.summary()),
        "sampled": bool(clustering.sampled),
        "notes": ([_sample_note(len(audience), matched)] if sample is not None else []) + list(seg.notes),
        "intents": [i.model_dump(mode="json") for i in spec.intents],
        "warnings": list(spec.warnings),
        "unparsed": spec.unparsed,
        "timings_ms": {k: round(v, 1) for k, v in timings.items()},
    }


def _no_progress(step: str) -> None:
    """The default ``progress``: nobody is watching."""


def segment_audience(
    audience: pd.DataFrame,
    spec: GoalSpec,
    request: dict[str, Any],
    timings: dict[str, float] | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> tuple[Segmentation, list[Segment], dict[int, list[Persona]]]:
    """Segment a goal's audience and build its segments and personas (the core of :func:`run_goal`).

    ``request`` holds ``k_min, k_max, min_cluster_pct, algorithm, random_state`` as
    :func:`run_goal` takes them; ``timings`` receives ``segment_ms`` and ``personas_ms``.
    Back-testing calls this on part of an audience. ``progress`` is told ``"features"``,
    ``"clustering"`` and ``"personas"`` as each starts.
    """
    timings = {} if timings is None else timings
    t2 = time.perf_counter()
    random_state = request["random_state"]
    clustering_params = ClusteringParams(
        algorithm=request["algorithm"],
        k_min=request["k_min"],
        k_max=request["k_max"],
        min_cluster_pct=request["min_cluster_pct"],
        random_state=random_state,
        feature_weighting=True,
    )
    # "men vs women": structure gender explains is what the goal asked for (no demographic discount)
    compared = compared_demographics(spec.goal)
    seg = segment(
        audience, domain=spec.domain, params=clustering_params, progress=progress, compared=compared
    )
    clustering = seg.clustering
    assert clustering.centroids is not None and clustering.silhouette_by_cluster is not None
    timings["segment_ms"] = (time.perf_counter() - t2) * 1000
    t3 = time.perf_counter()
    if progress is not None:
        progress("personas")
    stats = compute_stats(audience, seg.labels, seg.k)
    segments = profile_clusters(
        audience,
        seg.labels,
        centroids=clustering.centroids,
        distances=seg.distances,
        silhouette_by_cluster=clustering.silhouette_by_cluster,
        stats=stats,
    )
    relevance = tuple(
        f.column
        for f in spec.filters
        if f.column.startswith("interest_")
        or f.column in ("tech_savviness", "price_sensitivity", "brand_awareness", "privacy_pref")
    )
    personas = build_personas(
        audience,
        seg.labels,
        seg.distances,
        segments,
        stats,
        domain=spec.domain,
        relevance_columns=relevance,
        random_state=random_state,
    )
    timings["personas_ms"] = (time.perf_counter() - t3) * 1000
    return seg, segments, personas
