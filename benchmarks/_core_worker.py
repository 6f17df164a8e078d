"""Child process of bench_core: goal → clusters → personas timings on one population file.

Prints one JSON object: per goal, cold and warm timings, subset size, k, silhouettes.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np


def baseline_matrix(audience):  # type: ignore[no-untyped-def]
    """The baseline's feature matrix: one-hot categoricals + numerics, standard-scaled."""
    import pandas as pd
    from sklearn.preprocessing import StandardScaler

    cat = ["gender", "city_tier", "income_level", "occupation", "primary_media"]
    num = [
        "age",
        "device_count",
        "tech_savviness",
        "price_sensitivity",
        "brand_awareness",
        "privacy_pref",
        "monthly_income_inr",
    ]
    X = pd.concat([pd.get_dummies(audience[cat].astype(str)), audience[num]], axis=1).astype(float)
    return StandardScaler().fit_transform(X)


def baseline_space_silhouette(audience, labels, sample: int = 4_000, seed: int = 0) -> float:  # type: ignore[no-untyped-def]
    """Silhouette of ``labels`` in the baseline's feature space (one-hot + numerics, scaled)."""
    from sklearn.metrics import silhouette_score

    if len(set(labels.tolist())) < 2:
        return float("nan")
    X = baseline_matrix(audience)
    return float(silhouette_score(X, labels, sample_size=min(sample, len(X)), random_state=seed))


def same_audience(path: str) -> None:
    """Cluster the baseline's own audience (ages 18-25) in its own feature space with our
    k selection, and score with the same full silhouette the baseline reports."""
    import pandas as pd
    from sklearn.metrics import silhouette_score

    from synthpersona.segmentation import ClusteringParams, cluster

    df = pd.read_parquet(path)
    sub = df[(df["age"] >= 18) & (df["age"] <= 25)].reset_index(drop=True)
    X = baseline_matrix(sub).astype("float32")
    t0 = time.perf_counter()
    res = cluster(
        X, ClusteringParams(algorithm="kmeans", k_min=2, k_max=6, min_cluster_pct=0.03, random_state=0)
    )
    seconds = time.perf_counter() - t0
    full = float(silhouette_score(X, res.labels))
    print(json.dumps({"n": len(sub), "k": res.k, "seconds": seconds, "silhouette_full": full}))


def main() -> None:
    if sys.argv[1] == "--same-audience":
        same_audience(sys.argv[2])
        return
    path, repeats = sys.argv[1], int(sys.argv[2])
    goals = sys.argv[3:]
    t0 = time.perf_counter()
    from synthpersona.usecases.goals import clear_cache, run_goal

    out = {"import_s": time.perf_counter() - t0, "goals": []}
    for goal in goals:
        t1 = time.perf_counter()
        run = run_goal(goal, k_min=2, k_max=6, population=path, k_anonymity=None)
        cold = time.perf_counter() - t1
        warm = []
        for _ in range(repeats):
            clear_cache(populations=False)
            t2 = time.perf_counter()
            run = run_goal(goal, k_min=2, k_max=6, population=path, k_anonymity=None)
            warm.append(time.perf_counter() - t2)
        out["goals"].append(
            {
                "goal": goal,
                "cold_s": cold,
                "warm_median_s": float(np.median(warm)),
                "warm_p95_s": float(np.percentile(warm, 95)),
                "subset_n": run.meta["subset_n"],
                "k": run.meta["k"],
                "silhouette_own": run.meta["silhouette"],
                "silhouette_baseline_space": baseline_space_silhouette(run.audience, run.segmentation.labels),
                "timings_ms": run.meta["timings_ms"],
                "n_personas": sum(len(v) for v in run.personas.values()),
            }
        )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
