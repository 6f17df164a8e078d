"""Back-testing use cases: build segments and personas on part of the data, check their claims on the rest.

One function per workflow (goal, table, event log) and the JSON form of a result; the
computation is in :mod:`synthpersona.trust` (split, assignment, claims, boundary noise).
Re-exported by :mod:`synthpersona.usecases.trust`.

Examples
--------
>>> from synthpersona.trust import planted_table
>>> bt = backtest_frame(planted_table(600, random_state=0).drop(columns=["_segment"]))  # doctest: +SKIP
>>> bt.calibration > 0.9  # doctest: +SKIP
True
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from synthpersona._table_options import TableOptions
from synthpersona.errors import InputError
from synthpersona.segmentation import ClusteringParams

if TYPE_CHECKING:
    import pandas as pd

    from synthpersona.tables import TableLimits
    from synthpersona.trust import Backtest

__all__ = ["backtest_dict", "backtest_event_log", "backtest_frame", "backtest_goal", "backtest_table"]


_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object
_TABLE = TableOptions()  # and the table workflow's (its default k)


def backtest_goal(
    goal: str,
    *,
    test_fraction: float = 0.3,
    k_min: int = _DEFAULTS.k_min,
    k_max: int = _DEFAULTS.k_max,
    min_cluster_pct: float = _DEFAULTS.min_cluster_pct,
    algorithm: str = _DEFAULTS.algorithm,
    random_state: int = 0,
    population: pd.DataFrame | str | Path | None = None,
    engine: Any = None,
) -> Backtest:
    """Back-test a goal run: build it on part of the audience, check its claims on the rest.

    The audience of ``goal`` is split at random (the population has no dates);
    segments and personas are built on the building part exactly as
    :func:`~synthpersona.usecases.goals.run_goal` builds them, and the held-out people
    are encoded with the fitted feature pipeline and assigned with the clustering's
    ``estimator.predict``.

    Parameters
    ----------
    goal
        The business goal, as for ``run_goal``.
    test_fraction
        Share of the audience held out (0.1-0.5).
    k_min, k_max, min_cluster_pct, algorithm, random_state, population
        As for ``run_goal``.

    Returns
    -------
    Backtest
        Every segment-level claim checked on the held-out people, and the calibration.

    Raises
    ------
    GoalParseError, EmptyResultError, InputError
        As ``run_goal``; a fraction outside 0.1-0.5.
    """
    from synthpersona.errors import EmptyResultError
    from synthpersona.features import build_features
    from synthpersona.goals import compared_demographics, parse_goal
    from synthpersona.trust import Backtest, check_claims, split_rows
    from synthpersona.usecases._populations import load_population
    from synthpersona.usecases.goals import MIN_AUDIENCE, check_k_range, segment_audience

    if not isinstance(goal, str) or not goal.strip():
        raise InputError("The goal is empty; describe an audience, e.g. 'Gen Z moms in tier-2 cities'.")
    check_k_range(k_min, k_max)
    spec = parse_goal(goal)
    audience = load_population(population, engine).audience(spec)
    split = split_rows(audience, test_fraction=test_fraction, random_state=random_state)
    if split.n_train < MIN_AUDIENCE * 2:
        raise EmptyResultError(
            f"Only {len(audience)} people match {goal!r}; back-testing needs at least {MIN_AUDIENCE * 3}.",
            code="audience_too_small",
            details={"matched": len(audience)},
        )
    build = audience.iloc[split.train].reset_index(drop=True)
    held_out = audience.iloc[split.test].reset_index(drop=True)
    request = {
        "k_min": k_min,
        "k_max": k_max,
        "min_cluster_pct": min_cluster_pct,
        "algorithm": algorithm,
        "random_state": random_state,
    }
    seg, segments, personas = segment_audience(build, spec, request)
    estimator = seg.clustering.estimator
    if hasattr(estimator, "matrix"):  # latent classes read raw rows (segmentation's MixedPredictor)
        held_labels = np.asarray(estimator.predict(held_out))
        refit = np.asarray(estimator.predict(build))
    else:
        # the run's own fitted pipeline: the same screened columns and codes as the segments (a
        # rebuilt one lacked the goal's compared demographics and could pick other columns)
        pipeline = seg.pipeline
        if pipeline is None:
            pipeline = build_features(build, spec.domain, compared=compared_demographics(goal)).pipeline
        held_labels = np.asarray(estimator.predict(pipeline.transform(held_out)))
        refit = np.asarray(estimator.predict(pipeline.transform(build)))
    # goal segments are numbered from 1
    claims = check_claims(
        build,
        held_out,
        seg.labels + 1,
        held_labels + 1,
        segments,
        [p for plist in personas.values() for p in plist],
    )
    same = float((refit == seg.labels).mean())
    return Backtest(
        workflow="goal",
        split=split.how,
        n_build=split.n_train,
        n_held_out=split.n_test,
        claims=claims,
        notes=[
            f"Segments and personas built on {split.n_train:,} of {len(audience):,} people matching the goal "
            f"(k={seg.k}, {seg.clustering.algorithm}); {split.n_test:,} held out and assigned by the fitted "
            f"clustering ({same:.1%} of building rows re-assigned to their own segment).",
        ],
    )


def backtest_frame(
    df: pd.DataFrame,
    *,
    test_fraction: float = 0.3,
    time_column: str | None = None,
    k: int | str | None = _TABLE.k,
    target: str | None = None,
    algorithm: str = _DEFAULTS.algorithm,
    random_state: int = 0,
    engine: Any = None,
    boundary_noise: bool = True,
) -> Backtest:
    """Back-test the table workflow on ``df``: build on part of the rows, check on the rest.

    The latest rows are held out when the table has a date column (``time_column``, or
    the first column detected as a date), else a random share. Claims are the segments'
    shares, their distinctive category shares and conversion rates; the ranking of the
    segments by conversion is compared too. With ``boundary_noise`` (default), each
    interval includes the clustering boundary's own variance, cross-fitted on the building
    rows (:func:`synthpersona.trust.table_boundary_noise`).

    Examples
    --------
    >>> from synthpersona.tables import read_table
    >>> df, _ = read_table("leads.csv")  # doctest: +SKIP
    >>> backtest_frame(df).ranking.spearman  # doctest: +SKIP
    1.0
    """
    from synthpersona.tables import analyze_table
    from synthpersona.trust import (
        Backtest,
        assign_table_rows,
        check_claims,
        date_column,
        rank_agreement,
        split_rows,
        table_boundary_noise,
    )

    chosen_time = time_column if time_column is not None else date_column(df)
    split = split_rows(df, test_fraction=test_fraction, time_column=chosen_time, random_state=random_state)
    build = df.iloc[split.train].reset_index(drop=True)
    held_out = df.iloc[split.test].reset_index(drop=True)
    analysis = analyze_table(
        build, k=k, target=target, algorithm=algorithm, random_state=random_state, engine=engine
    )
    assigned = assign_table_rows(build, held_out, analysis)
    # the boundary's own variance, cross-fitted on the building rows with the run's k
    refit = functools.partial(
        analyze_table,
        k=analysis.k,
        target=target,
        algorithm=algorithm,
        random_state=random_state,
        engine=engine,
    )
    noise = table_boundary_noise(build, refit, random_state=random_state) if boundary_noise else None
    claims = check_claims(
        assigned.build_levels,
        assigned.held_out_levels,
        analysis.labels,
        assigned.held_out_segments,
        analysis.segments,
        analysis.personas,
        build_outcome=assigned.build_outcome,
        held_out_outcome=assigned.held_out_outcome,
        extra_var=None if noise is None else noise.extra_var,
    )
    ranking = None
    if assigned.build_outcome is not None and assigned.held_out_outcome is not None:
        rates: dict[str, list[float]] = {"build": [], "held_out": []}
        for part, labels, (succ, known) in (
            ("build", analysis.labels, assigned.build_outcome),
            ("held_out", assigned.held_out_segments, assigned.held_out_outcome),
        ):
            for seg in analysis.segments:
                mine = (labels == seg.segment_id) & known
                rates[part].append(float(succ[mine].mean()) if mine.any() else float("nan"))
        ranking = rank_agreement(rates["build"], rates["held_out"])
    return Backtest(
        workflow="table",
        split=split.how,
        n_build=split.n_train,
        n_held_out=split.n_test,
        claims=claims,
        ranking=ranking,
        notes=[
            f"Segments built on {split.n_train:,} rows (k={analysis.k}, {analysis.algorithm}); "
            f"{split.n_test:,} held-out rows assigned by the fitted clustering "
            f"({assigned.agreement_on_build:.1%} of building rows re-assigned to their own segment).",
            *_noise_note(noise),
        ],
    )


def _noise_note(noise: Any) -> list[str]:
    if noise is None:
        return []
    sizes = ", ".join(f"{s} {v:.2g}" for s, v in sorted(noise.extra_var.items())) or "none"
    return [
        f"Intervals include the clustering boundary's own variance, cross-fitted on the building rows "
        f"({noise.folds} folds, {noise.pairs} claim checks; extra variance per statistic: {sizes}; "
        "means in units of their variance)."
    ]


def backtest_table(
    path: str | Path,
    *,
    test_fraction: float = 0.3,
    time_column: str | None = None,
    k: int | str | None = _TABLE.k,
    target: str | None = None,
    algorithm: str = _DEFAULTS.algorithm,
    random_state: int = 0,
    limits: TableLimits | None = None,
    engine: Any = None,
) -> Backtest:
    """:func:`backtest_frame` on a table file (any format of :data:`synthpersona.formats.READERS`)."""
    from synthpersona.tables import read_table

    df, _ = read_table(path, limits)
    return backtest_frame(
        df,
        test_fraction=test_fraction,
        time_column=time_column,
        k=k,
        target=target,
        algorithm=algorithm,
        random_state=random_state,
        engine=engine,
    )


def backtest_event_log(
    path: str | Path | None = None,
    *,
    test_fraction: float = 0.3,
    k: int | None = None,
    random_state: int = 0,
    engine: Any = None,
    sample_users: int | None = None,
) -> Backtest:
    """Back-test the behavioural personas of an event log file (``None``: the bundled sample log).

    See :func:`synthpersona.trust.backtest_events`. With ``engine`` (a name such as ``"duckdb"``
    or ``"spark"``, an engine or a ``SparkSession``; default: the ``SYNTHPERSONA_ENGINE``
    setting when it is set, else in memory) the file is read in place and only the events of
    at most ``sample_users`` users (default ``SAMPLE_USERS``, 200,000; the md5 sample a
    simulation by path profiles) are read into memory and back-tested, so a log larger than
    memory can be checked; a log with fewer users gives the in-memory result, on any engine.
    """
    from synthpersona.engine import requested_engine
    from synthpersona.simulation import load_event_log
    from synthpersona.trust import backtest_events
    from synthpersona.usecases._simulation_engine import SAMPLE_USERS, open_log_by_path
    from synthpersona.usecases.simulation import load_sample_events

    engine = requested_engine(engine)
    if path is None:
        events = load_sample_events()
    elif engine is not None:
        events = open_log_by_path(path, engine, sample_users=sample_users or SAMPLE_USERS).sample
    else:
        events = load_event_log(path)
    return backtest_events(events, test_fraction=test_fraction, k=k, random_state=random_state)


def backtest_dict(bt: Backtest) -> dict[str, Any]:
    """JSON form of a back-test: the summary plus every claim."""
    return {
        **bt.summary(),
        "claim_checks": [
            {
                "segment_id": c.segment_id,
                "statistic": c.statistic,
                "column": c.column,
                "category": c.category,
                "stated": c.stated,
                "n_build": c.n_build,
                "held_out": c.held_out,
                "n_held_out": c.n_held_out,
                "interval": list(c.interval),
                "inside": c.inside,
                "stated_by": list(c.stated_by),
            }
            for c in bt.claims
        ],
    }
