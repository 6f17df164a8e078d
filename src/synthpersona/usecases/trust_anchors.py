"""Privacy of goal-run personas: k-anonymity of each persona's anchor in its audience.

Re-exported by :mod:`synthpersona.usecases.trust` (CLI ``privacy --goal``, API ``POST /privacy``
with ``goal``). See ``docs/trust.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthpersona.segmentation import ClusteringParams
from synthpersona.usecases.trust_privacy import check_k_anonymity

if TYPE_CHECKING:
    import pandas as pd

    from synthpersona.trust import PrivacyReport
    from synthpersona.usecases.goals import GoalRun

__all__ = ["privacy_goal", "privacy_goal_run", "public_summary"]


_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object


def privacy_goal_run(run: GoalRun, *, k_anonymity: int = 5) -> tuple[PrivacyReport, list[dict[str, Any]]]:
    """Make every persona of ``run`` match at least ``k_anonymity`` members of its audience.

    Each persona's quasi-identifiers (its anchor's age, gender, city, state, tier,
    occupation, income, family, language, festival, channel:
    :data:`synthpersona.trust.ANCHOR_QUASI_IDENTIFIERS`) are counted on ``run.audience``
    and generalised until at least ``k_anonymity`` members share them
    (:func:`synthpersona.trust.k_anonymous_anchor`); the shown persona states only what is
    left and no longer carries the anchor's id (:func:`synthpersona.trust.protect_goal_persona`).
    A care, barrier or title adjective that neither the segment's statistics nor a fact the
    protected persona still states gives back is replaced (:func:`synthpersona.trust.supported_words`).

    Returns
    -------
    tuple
        The :class:`~synthpersona.trust.PrivacyReport` (one combination per persona, with
        each generalisation step) and the protected seed-000 personas.

    Examples
    --------
    >>> from synthpersona.usecases.goals import run_goal
    >>> run = run_goal("college students interested in headphones")  # doctest: +SKIP
    >>> report, shown = privacy_goal_run(run)  # doctest: +SKIP
    >>> report.ok, "anchor_user_id" in shown[0]["profile"]  # doctest: +SKIP
    (True, False)
    """
    from synthpersona.trust import (
        Combination,
        Leak,
        PrivacyReport,
        k_anonymous_anchor,
        protect_goal_persona,
        supported_words,
    )
    from synthpersona.views import seed000

    check_k_anonymity(k_anonymity)
    people = run.audience.set_index("user_id", drop=False)
    labels = run.segmentation.labels + 1  # the audience's segment of each row (its order)
    combinations, shown = [], []
    for seg in run.segments:
        for p in run.personas.get(seg.segment_id, []):
            if p.anchor is None:
                continue
            anchor = people.loc[p.anchor.member_id]
            kept, matches, steps = k_anonymous_anchor(
                run.audience, {str(c): v for c, v in anchor.items()}, k_anonymity
            )
            entry = protect_goal_persona(seed000.persona(p, seg), kept)
            # a care, barrier or title word that only the (withheld) anchor backed goes too
            steps += supported_words(entry, run.audience, labels == seg.segment_id)
            combinations.append(
                Combination(
                    persona_id=p.persona_id,
                    segment_id=seg.segment_id,
                    attributes=tuple((c, (v,)) for c, v in kept.items()),
                    matches=matches,
                    generalised=tuple(steps),
                    k=k_anonymity,
                )
            )
            shown.append(entry)
    ids = {str(p.anchor.member_id) for ps in run.personas.values() for p in ps if p.anchor is not None}
    leaks = [
        Leak(where=f"persona {entry['persona_id']}", column="user_id", value=str(entry["profile"][key]))
        for entry in shown
        for key in ("anchor_user_id",)
        if str(entry["profile"].get(key)) in ids
    ]
    notes = [
        f"Counted on the run's audience ({len(run.audience):,} people). Generalised attributes are shown "
        "coarser or not at all, the anchor's id is withheld and the narrative's first sentence states "
        "only what is left (see 'generalised')."
    ]
    report = PrivacyReport(
        k=k_anonymity, combinations=combinations, small_cells=[], leaks=leaks,
        protected_columns=["user_id"], notes=notes,
    )  # fmt: skip
    return report, shown


def public_summary(report: PrivacyReport) -> dict[str, Any]:
    """A goal run's privacy report as published with its personas: no step names a withheld value.

    :func:`privacy_goal_run`'s steps say what each anchor had ("age: 26 -> 25-34"), for
    whoever holds the data; published (the run's ``privacy``, the API) they say only what is
    shown now ("age: shown as 25-34", :func:`synthpersona.trust.public_steps`).
    """
    from synthpersona.trust import public_steps

    summary = report.summary()
    for entry in summary["personas"]:
        entry["generalised"] = public_steps(entry["generalised"])
    return summary


def privacy_goal(
    goal: str,
    *,
    k_anonymity: int = 5,
    k_min: int = _DEFAULTS.k_min,
    k_max: int = _DEFAULTS.k_max,
    algorithm: str = _DEFAULTS.algorithm,
    random_state: int = 0,
    population: pd.DataFrame | str | Path | None = None,
    engine: Any = None,
) -> tuple[PrivacyReport, list[dict[str, Any]]]:
    """:func:`privacy_goal_run` on the run of ``goal`` (parameters, ``engine`` too, as for ``run_goal``)."""
    from synthpersona.usecases.goals import run_goal

    check_k_anonymity(k_anonymity)
    run = run_goal(
        goal,
        k_min=k_min,
        k_max=k_max,
        algorithm=algorithm,
        random_state=random_state,
        population=population,
        engine=engine,
        k_anonymity=None,  # checked just below, with this k
    )
    return privacy_goal_run(run, k_anonymity=k_anonymity)
