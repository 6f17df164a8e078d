"""Trust use cases: back-testing, privacy and representation (CLI, API, reports); diffs of
versions live in :mod:`synthpersona.usecases.trust_versions` and are re-exported here.

Every function that segments data takes ``engine=`` (an engine, its name or a SparkSession)
and hands it to the run it makes: goal functions to ``run_goal`` and the population, table
functions to ``analyze_table`` (its SQL counts), as documented there.

Examples
--------
>>> bt = backtest_goal("college students interested in headphones")  # doctest: +SKIP
>>> round(bt.calibration, 2)  # doctest: +SKIP
0.97
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from synthpersona.errors import InputError
from synthpersona.usecases.trust_anchors import privacy_goal, privacy_goal_run
from synthpersona.usecases.trust_runs import diff_stored_runs, goal_run_versions, stored_run_history
from synthpersona.usecases.trust_versions import diff_frames, diff_runs, diff_tables, persona_history

if TYPE_CHECKING:
    import pandas as pd

    from synthpersona.tables import TableLimits
    from synthpersona.trust import Backtest, PrivacyReport, Representation

__all__ = [
    "backtest_dict",
    "backtest_event_log",
    "backtest_frame",
    "backtest_goal",
    "backtest_table",
    "diff_frames",
    "diff_runs",
    "diff_stored_runs",
    "diff_tables",
    "goal_run_versions",
    "persona_history",
    "privacy_frame",
    "privacy_goal",
    "privacy_goal_run",
    "privacy_table",
    "representation_frame",
    "representation_goal",
    "representation_table",
    "stored_run_history",
]


def backtest_goal(
    goal: str,
    *,
    test_fraction: float = 0.3,
    k_min: int = 2,
    k_max: int = 8,
    min_cluster_pct: float = 0.03,
    algorithm: str = "auto",
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
    from synthpersona.goals import parse_goal
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
    features = build_features(build, spec.domain)
    held_labels = np.asarray(seg.clustering.estimator.predict(features.pipeline.transform(held_out)))
    # goal segments are numbered from 1
    claims = check_claims(
        build,
        held_out,
        seg.labels + 1,
        held_labels + 1,
        segments,
        [p for plist in personas.values() for p in plist],
    )
    same = float((np.asarray(seg.clustering.estimator.predict(features.X)) == seg.labels).mean())
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
    k: int | str | None = 4,
    target: str | None = None,
    algorithm: str = "auto",
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
    k: int | str | None = 4,
    target: str | None = None,
    algorithm: str = "auto",
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
) -> Backtest:
    """Back-test the behavioural personas of an event log file (``None``: the bundled sample log).

    See :func:`synthpersona.trust.backtest_events`.
    """
    from synthpersona.simulation import load_event_log
    from synthpersona.trust import backtest_events
    from synthpersona.usecases.simulation import load_sample_events

    events = load_sample_events() if path is None else load_event_log(path)
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


def privacy_frame(
    df: pd.DataFrame,
    *,
    k_anonymity: int = 5,
    epsilon: float | None = None,
    k: int | str | None = 4,
    target: str | None = None,
    algorithm: str = "auto",
    random_state: int = 0,
    engine: Any = None,
) -> tuple[PrivacyReport, list[dict[str, Any]]]:
    """Privacy-check the personas of a table and return them protected (seed 003's ``personas.json``).

    Each persona's stated attribute combination must match at least ``k_anonymity``
    rows of ``df`` (generalised until it does, reported); counts from fewer than
    ``k_anonymity`` people are merged or dropped; no value of a personal, identifier or
    free-text column may appear; with ``epsilon``, published counts get Laplace noise
    (see :mod:`synthpersona.trust`).

    Returns
    -------
    tuple
        The :class:`~synthpersona.trust.PrivacyReport` and the protected personas.

    Examples
    --------
    >>> from synthpersona.trust import planted_table
    >>> report, personas = privacy_frame(planted_table(600), k_anonymity=5)  # doctest: +SKIP
    >>> report.ok  # doctest: +SKIP
    True
    """
    import json

    from synthpersona.tables import analyze_table
    from synthpersona.trust import (
        Combination,
        PrivacyReport,
        add_laplace_noise,
        find_leaks,
        k_anonymous_combination,
        persona_combination,
        rewrite_generalised,
        suppress_small_cells,
        table_levels,
    )
    from synthpersona.views import seed003

    if isinstance(k_anonymity, bool) or not isinstance(k_anonymity, int) or k_anonymity < 2:
        raise InputError(f"k (anonymity) must be a whole number >= 2, got {k_anonymity!r}; the default is 5.")
    analysis = analyze_table(
        df, k=k, target=target, algorithm=algorithm, random_state=random_state, engine=engine
    )
    levels = table_levels(df, analysis)
    by_id = {s.segment_id: s for s in analysis.segments}
    segments, personas, cells = suppress_small_cells(analysis.segments, analysis.personas, k_anonymity)
    combinations = []
    for p in analysis.personas:
        stated = persona_combination(p, by_id[p.segment_id], levels.columns)
        kept, matches, dropped = k_anonymous_combination(levels, stated, k_anonymity)
        combinations.append(
            Combination(
                persona_id=p.persona_id,
                segment_id=p.segment_id,
                attributes=tuple((c, tuple(v)) for c, v in kept.items()),
                matches=matches,
                generalised=tuple(dropped),
                k=k_anonymity,
            )
        )
    # a generalised attribute is no longer stated: its claims leave the protected profile,
    # and the persona's name and narrative stop naming it
    dropped_cols = {
        c.segment_id: {g.split("=", 1)[0] for g in c.generalised} for c in combinations if c.generalised
    }
    segments, personas = rewrite_generalised(segments, personas, dropped_cols)
    eps_h = None
    if epsilon is not None:
        segments, eps_h = add_laplace_noise(segments, epsilon, random_state=random_state)
    shown = seed003.personas(segments, personas)
    protected = [c.column for c in analysis.columns if c.personal or c.role in ("identifier", "free_text")]
    leaks = find_leaks(
        ((f"persona {entry['persona_id']}", json.dumps(entry, ensure_ascii=False)) for entry in shown),
        df,
        protected,
    )
    notes = []
    if dropped_cols:
        notes.append(
            "Generalised attributes were removed from the protected profiles, and the persona names and "
            "narratives no longer name them (see 'generalised')."
        )
    report = PrivacyReport(
        k=k_anonymity,
        combinations=combinations,
        small_cells=cells,
        leaks=leaks,
        protected_columns=protected,
        epsilon=epsilon,
        epsilon_per_histogram=eps_h,
        notes=notes,
    )
    return report, shown


def privacy_table(
    path: str | Path,
    *,
    k_anonymity: int = 5,
    epsilon: float | None = None,
    k: int | str | None = 4,
    target: str | None = None,
    random_state: int = 0,
    limits: TableLimits | None = None,
    engine: Any = None,
) -> tuple[PrivacyReport, list[dict[str, Any]]]:
    """:func:`privacy_frame` on a table file."""
    from synthpersona.tables import read_table

    df, _ = read_table(path, limits)
    return privacy_frame(
        df,
        k_anonymity=k_anonymity,
        epsilon=epsilon,
        k=k,
        target=target,
        random_state=random_state,
        engine=engine,
    )


def _goal_groups(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    from synthpersona.personas import age_band, income_band

    return pd.DataFrame(
        {
            "gender": frame["gender"].astype(str).to_numpy(),
            "age band": [age_band(int(a)) for a in frame["age"]],
            "city tier": frame["city_tier"].astype(str).to_numpy(),
            "income band": [income_band(float(x)) for x in frame["monthly_income_inr"]],
        }
    )


def representation_goal(
    goal: str,
    *,
    k_min: int = 2,
    k_max: int = 8,
    algorithm: str = "auto",
    random_state: int = 0,
    population: pd.DataFrame | str | Path | None = None,
    min_share: float = 0.05,
    engine: Any = None,
) -> Representation:
    """Representation of a goal run: gender, age band, city tier and income band vs the population.

    Each persona's group is its anchor's. Groups the goal's filters leave out are marked
    ``outside audience``, not flagged as unrepresented.
    """
    import pandas as pd

    from synthpersona.trust import representation
    from synthpersona.usecases._populations import load_population
    from synthpersona.usecases.goals import run_goal

    run = run_goal(
        goal,
        k_min=k_min,
        k_max=k_max,
        algorithm=algorithm,
        random_state=random_state,
        population=population,
        engine=engine,
    )
    people = load_population(population, engine)
    pop = people.engine.query(f"SELECT gender, age, city_tier, monthly_income_inr FROM {people.table.table}")
    members = _goal_groups(run.audience)
    persona_groups = {}
    for plist in run.personas.values():
        for p in plist:
            row = pd.DataFrame([p.attributes])
            if {"gender", "age", "city_tier", "monthly_income_inr"} <= set(row.columns):
                groups = _goal_groups(row).iloc[0]
                persona_groups[p.persona_id] = (p.segment_id, {str(c): str(v) for c, v in groups.items()})
    rep = representation(
        _goal_groups(pop), members, run.segmentation.labels + 1, persona_groups, min_share=min_share
    )
    rep.notes.append(
        f"Run {run.run_id}: {len(run.audience):,} of {len(pop):,} people; "
        "personas' groups are their anchors'."
    )
    return rep


def representation_frame(
    df: pd.DataFrame,
    *,
    k: int | str | None = 4,
    target: str | None = None,
    algorithm: str = "auto",
    random_state: int = 0,
    min_share: float = 0.05,
    engine: Any = None,
) -> Representation:
    """Representation of a table's personas: its gender, age, region/state and income columns.

    The dimensions are the columns matched to the seed's ``gender``, ``age`` and
    ``state`` roles plus columns named like income, tier or region; a table persona's
    group is its segment's most common one.

    Raises
    ------
    InputError
        The table has no demographic column (the message lists what is looked for).
    """
    from synthpersona.tables import analyze_table, match_roles, norm_name
    from synthpersona.trust import modal_groups, representation, table_levels

    columns = [str(c) for c in df.columns]
    roles = match_roles(columns)
    dims = [roles[r] for r in ("gender", "age", "state") if r in roles]
    dims += [
        c for c in columns if c not in dims and any(w in norm_name(c) for w in ("income", "tier", "region"))
    ]
    if not dims:
        raise InputError(
            "The table has no demographic column to check (gender, age, state/region, tier or income); "
            f"columns: {', '.join(columns)}.",
            details={"columns": columns},
        )
    analysis = analyze_table(
        df, k=k, target=target, algorithm=algorithm, random_state=random_state, engine=engine
    )
    levels = table_levels(df, analysis)
    used = [c for c in dims if c in levels.columns]
    groups = levels[used].copy()
    for c in dims:  # a demographic column left out of clustering is read as it is
        if c not in used:
            groups[c] = df[c].fillna("Unknown").astype(str).str.strip().to_numpy()
    persona_groups = {
        p.persona_id: (p.segment_id, modal_groups(groups, analysis.labels, p.segment_id, dims))
        for p in analysis.personas
    }
    rep = representation(groups, groups, analysis.labels, persona_groups, min_share=min_share)
    rep.notes.append(
        "A table persona's group is its segment's most common one; reference and audience are the table."
    )
    return rep


def representation_table(
    path: str | Path,
    *,
    k: int | str | None = 4,
    target: str | None = None,
    random_state: int = 0,
    limits: TableLimits | None = None,
    engine: Any = None,
) -> Representation:
    """:func:`representation_frame` on a table file."""
    from synthpersona.tables import read_table

    df, _ = read_table(path, limits)
    return representation_frame(df, k=k, target=target, random_state=random_state, engine=engine)
