"""Segment sizes of a whole audience when a goal run segmented a sample of it (issue 18)."""

from __future__ import annotations

from typing import Any, cast

import pandas as pd

from synthpersona.engine import Engine, assign_clusters
from synthpersona.features import required_columns
from synthpersona.goals import GoalSpec, build_query
from synthpersona.population import PopulationTable
from synthpersona.segmentation import Segmentation


def full_audience_sizes(
    table: PopulationTable, spec: GoalSpec, seg: Segmentation, name: str
) -> dict[str, Any]:
    """Assign every person matching ``spec`` to a segment of ``seg`` and count them, in the engine.

    The segmentation was fitted on a sample; its feature pipeline and clustering travel to
    the rows (:func:`~synthpersona.engine.assign_clusters`: DuckDB batches, Spark executors),
    so the whole audience is never in memory. Segment ids are 1-based like ``Segment.segment_id``.

    Returns
    -------
    dict
        ``n`` (people assigned), ``sizes`` and ``shares`` keyed by segment id (as text, for JSON).
    """
    sql, params = build_query(spec, table.table)
    # Only the columns the features need travel (build_query's SQL starts with "SELECT *"): the
    # domain's and those behind the signals and categoricals the screen added to this audience's
    # features (a screened 'preferred_channel' was not sent, and every batch failed to transform)
    pipeline = seg.pipeline
    estimator = seg.clustering.estimator
    # a latent class segmentation reads categories and signals of the raw rows (MixedPredictor)
    raw = hasattr(estimator, "needed_columns")
    inputs = pipeline.named_steps["inputs"] if pipeline is not None else None
    read = (
        estimator.needed_columns()
        if raw
        else (inputs.needed_columns() if inputs is not None else required_columns(seg.domain))
    )
    needed = ", ".join(dict.fromkeys(["user_id", *read]))
    sql = sql.replace("SELECT *", f"SELECT {needed}", 1)
    # A copy without the engine: the batch function must pickle to reach Spark's executors.
    reader = PopulationTable(cast(Engine, None), table.table, table.n, dict(table.categories))

    def features(frame: pd.DataFrame) -> Any:
        return estimator.matrix(reader.frame(frame)) if raw else pipeline.transform(reader.frame(frame))

    out = f"audience_{name}"
    model = estimator.model if raw else estimator
    assign_clusters(table.engine, sql, [], model, out, transform=features, params=params)
    counts = table.engine.query(
        f"SELECT cluster_id, count(*) AS n FROM {out} GROUP BY cluster_id ORDER BY cluster_id"
    )
    total = int(counts["n"].sum())
    sizes = {str(int(c)): int(n) for c, n in zip(counts["cluster_id"], counts["n"], strict=True)}
    return {"n": total, "sizes": sizes, "shares": {c: n / total for c, n in sizes.items()}}
