"""Privacy use cases for tables: k-anonymous persona combinations, small cells, leaks, optional noise.

Goal personas' anchors are protected in :mod:`synthpersona.usecases.trust_anchors`. Both
are re-exported by :mod:`synthpersona.usecases.trust`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthpersona._table_options import TableOptions
from synthpersona.errors import InputError
from synthpersona.segmentation import ClusteringParams

if TYPE_CHECKING:
    import pandas as pd

    from synthpersona.model import Persona, Segment
    from synthpersona.tables import TableAnalysis, TableLimits
    from synthpersona.trust import PrivacyReport

__all__ = [
    "check_k_anonymity",
    "privacy_events",
    "privacy_frame",
    "privacy_lines",
    "privacy_table",
    "protect_analysis",
]


_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object
_TABLE = TableOptions()  # and the table workflow's (its default k)


def check_k_anonymity(k_anonymity: int) -> None:
    """Raise :class:`~synthpersona.errors.InputError` unless ``k_anonymity`` is a whole number >= 2."""
    if isinstance(k_anonymity, bool) or not isinstance(k_anonymity, int) or k_anonymity < 2:
        raise InputError(f"k (anonymity) must be a whole number >= 2, got {k_anonymity!r}; the default is 5.")


def protect_analysis(
    df: pd.DataFrame,
    analysis: TableAnalysis,
    *,
    k_anonymity: int = 5,
    epsilon: float | None = None,
    random_state: int = 0,
) -> tuple[PrivacyReport, list[Segment], list[Persona]]:
    """Protected copies of a table analysis's segments and personas, and what was done (the report).

    Each persona's stated attribute combination must match at least ``k_anonymity``
    rows of ``df`` (generalised until it does: the generalised claims leave the profile,
    and the persona's name and narrative stop naming them); counts from fewer than
    ``k_anonymity`` people are merged or dropped; no value of a personal, identifier or
    free-text column may appear (``leaks``); with ``epsilon``, published counts get
    Laplace noise (see :mod:`synthpersona.trust`). The table workflow
    (:func:`synthpersona.usecases.tables.analyze_frame`) calls this by default.

    Examples
    --------
    >>> from synthpersona.tables import analyze_table
    >>> from synthpersona.trust import planted_table
    >>> df = planted_table(600, random_state=0).drop(columns=["_segment"])
    >>> report, segments, personas = protect_analysis(df, analyze_table(df, k=4))
    >>> report.ok, min(c.matches for c in report.combinations) >= 5
    (True, True)
    """
    import json

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

    check_k_anonymity(k_anonymity)
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
    return report, segments, personas


def privacy_frame(
    df: pd.DataFrame,
    *,
    k_anonymity: int = 5,
    epsilon: float | None = None,
    k: int | str | None = _TABLE.k,
    target: str | None = None,
    algorithm: str = _DEFAULTS.algorithm,
    random_state: int = 0,
    engine: Any = None,
) -> tuple[PrivacyReport, list[dict[str, Any]]]:
    """Privacy-check the personas of a table and return them protected (seed 003's ``personas.json``).

    :func:`synthpersona.tables.analyze_table` then :func:`protect_analysis`.

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
    from synthpersona.tables import analyze_table
    from synthpersona.views import seed003

    check_k_anonymity(k_anonymity)
    analysis = analyze_table(
        df, k=k, target=target, algorithm=algorithm, random_state=random_state, engine=engine
    )
    report, segments, personas = protect_analysis(
        df, analysis, k_anonymity=k_anonymity, epsilon=epsilon, random_state=random_state
    )
    return report, seed003.personas(segments, personas)


def privacy_table(
    path: str | Path,
    *,
    k_anonymity: int = 5,
    epsilon: float | None = None,
    k: int | str | None = _TABLE.k,
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


def privacy_events(
    events: pd.DataFrame | str | Path | None = None,
    *,
    k_anonymity: int = 5,
    funnel: Any = None,
    k: int | None = None,
    random_state: int = 0,
    columns: Any = None,
    engine: Any = None,
) -> tuple[PrivacyReport, list[dict[str, Any]]]:
    """Privacy-check the behavioural personas of an event log (clickstream) and return them protected.

    The personas :func:`synthpersona.usecases.simulation.run_simulation` finds with the same
    arguments (``None``: the bundled sample log), protected by
    :func:`synthpersona.trust.protect_behaviour_personas` exactly as every simulation is.

    Returns
    -------
    tuple
        The :class:`~synthpersona.trust.PrivacyReport` (``small_cells``: each trait, path, event
        or group resting on fewer than ``k_anonymity`` users and what was done) and the
        protected personas (one record each, as the report's persona table).

    Examples
    --------
    >>> report, personas = privacy_events(k_anonymity=5)  # doctest: +SKIP
    >>> report.ok  # doctest: +SKIP
    True
    """
    from synthpersona.engine import requested_engine
    from synthpersona.reporting.simulation import build_persona_summary
    from synthpersona.usecases._simulation_personas import find_personas, load_log

    check_k_anonymity(k_anonymity)
    engine = requested_engine(engine)  # a path stays in the engine (or the setting's), as a run's
    # the simulation's own load and persona steps, so the check is the one every run applies
    loaded = load_log(events, columns, 30.0, funnel, None, None, engine)
    found = find_personas(
        loaded.log, loaded.roles, k, random_state, engine, k_anonymity, loaded.table, loaded.sampled
    )
    assert found.privacy is not None  # k_anonymity >= 2 always protects
    table = build_persona_summary((found.segments, found.personas))
    return found.privacy, json.loads(table.to_json(orient="records"))


def privacy_lines(
    report: dict[str, Any],
    names: dict[str, str] | None = None,
    *,
    unit: str | None = None,
    kind: str = "table",
) -> list[str]:
    """A privacy report's summary (:meth:`~synthpersona.trust.PrivacyReport.summary`) in sentences.

    The first line is the verdict; then one line per persona that had to be generalised
    (``names`` maps persona ids to what the reader sees), the small cells and any leak.
    ``unit`` names what is counted; by default that of the check ``kind`` (``"table"``:
    records, ``"goal"``: audience members, ``"events"``: users; ``trust_checks.PRIVACY_CHECKS``).

    Examples
    --------
    >>> report = {"k": 5, "ok": True, "small_cells": [], "leaks": [], "personas": [
    ...     {"persona_id": "cluster-0", "matches": 12, "generalised": ["Job Title=Manager|Director"]},
    ...     {"persona_id": "dyn_1_0", "matches": 7, "generalised": ["age: 18 -> 18-24"]},
    ...     {"persona_id": "dyn_1_1", "matches": 9,
    ...      "generalised": ["age: shown as 18-24", "city: not shown"]}]}
    >>> for line in privacy_lines(report, {"cluster-0": "Bankers"}):
    ...     print(line)
    Protected: what each persona states is shared by at least 5 records; 3 of 3 personas were generalised.
    Bankers (12 records match): no longer states Job Title (Manager, Director).
    dyn_1_0 (7 records match): age 18 shown as 18-24.
    dyn_1_1 (9 records match): age shown as 18-24; city not shown.
    """
    from synthpersona.usecases.trust_checks import PRIVACY_CHECKS

    unit = unit or PRIVACY_CHECKS[kind].unit
    k = int(report.get("k", 0))
    personas = list(report.get("personas") or [])
    changed = [p for p in personas if p.get("generalised")]
    verdict = "Protected" if report.get("ok", True) else "NOT fully protected"
    lines = [
        f"{verdict}: what each persona states is shared by at least {k} {unit}; "
        f"{len(changed)} of {len(personas)} personas were generalised."
    ]
    for p in changed:
        steps = []
        for g in p["generalised"]:
            if ": " in g and " -> " in g:  # a goal anchor's ladder step, "age: 18 -> 18-24"
                column, move = g.split(": ", 1)
                before, after = move.split(" -> ", 1)
                steps.append(
                    f"{column} {before} {'not shown' if after == 'not shown' else 'shown as ' + after}"
                )
            elif ": " in g and "=" not in g.split(": ", 1)[0]:  # published: "age: shown as 18-24"
                column, _, move = g.partition(": ")
                steps.append(f"{column} {move}")
            else:  # a table claim withdrawn, "Job Title=Manager|Director"
                column, _, values = g.partition("=")
                steps.append(f"no longer states {column} ({values.replace('|', ', ')})")
        who = (names or {}).get(str(p["persona_id"]), str(p["persona_id"]))
        lines.append(f"{who} ({int(p.get('matches', 0)):,} {unit} match): {'; '.join(steps)}.")
    every = list(report.get("small_cells") or [])
    cells = [c for c in every if c.get("action") in ("merged into Other", "claim withdrawn")]
    for c in every[:20]:  # a behavioural persona's trait, path, event or whole group (users)
        if c not in cells:
            lines.append(
                f"Segment {int(c['segment_id']) + 1}: {c['column']} {c['value']!r} "
                f"({int(c['count'])} {unit} < {k}): {c['action']}."
            )
    if cells:
        lines.append(
            f"{len(cells)} counts from fewer than {k} {unit} were merged into Other "
            "or their claims withdrawn."
        )
    for leak in report.get("leaks") or []:
        lines.append(f"Leak: a value of {leak.get('column')} appears in {leak.get('where')}.")
    return lines
