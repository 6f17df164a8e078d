"""Representation use cases: how a run's segments and personas cover demographic groups.

Goal runs are compared with the population, tables with themselves. Re-exported by
:mod:`synthpersona.usecases.trust`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthpersona._table_options import TableOptions
from synthpersona.errors import InputError
from synthpersona.segmentation import ClusteringParams

if TYPE_CHECKING:
    import pandas as pd

    from synthpersona.tables import TableLimits
    from synthpersona.trust import Representation

__all__ = ["representation_frame", "representation_goal", "representation_table"]


_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object
_TABLE = TableOptions()  # and the table workflow's (its default k)


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
    k_min: int = _DEFAULTS.k_min,
    k_max: int = _DEFAULTS.k_max,
    algorithm: str = _DEFAULTS.algorithm,
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
    k: int | str | None = _TABLE.k,
    target: str | None = None,
    algorithm: str = _DEFAULTS.algorithm,
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
    k: int | str | None = _TABLE.k,
    target: str | None = None,
    random_state: int = 0,
    limits: TableLimits | None = None,
    engine: Any = None,
) -> Representation:
    """:func:`representation_frame` on a table file."""
    from synthpersona.tables import read_table

    df, _ = read_table(path, limits)
    return representation_frame(df, k=k, target=target, random_state=random_state, engine=engine)
