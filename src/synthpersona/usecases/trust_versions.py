"""Trust use cases, versions: diff two versions of a table or two goal runs (CLI ``diff``, API).

Segments of the newer version are matched to the older one's and persona ids are kept
stable where a segment persists (see :mod:`synthpersona.trust`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from synthpersona.errors import InputError
from synthpersona.segmentation import ClusteringParams
from synthpersona.usecases.trust_runs import TRAIT_SKIP

if TYPE_CHECKING:
    import pandas as pd

    from synthpersona.trust import Drift

__all__ = ["diff_frames", "diff_runs", "diff_tables", "persona_history"]


_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object


def _table_version(analysis: Any, levels: pd.DataFrame, labels: np.ndarray, numeric: list[str]) -> list[Any]:
    from synthpersona.trust import SegmentVersion, segment_profiles

    profiles = segment_profiles(levels, labels, numeric)
    n = max(len(labels), 1)
    personas: dict[int, list[str]] = {}
    for p in analysis.personas:
        personas.setdefault(p.segment_id, []).append(p.persona_id)
    return [
        SegmentVersion(
            segment_id=s.segment_id,
            label=s.label,
            share=float((labels == s.segment_id).sum() / n),
            persona_ids=tuple(personas.get(s.segment_id, [])),
            profile=profiles.get(s.segment_id, {}),
        )
        for s in analysis.segments
    ]


def diff_frames(
    old: pd.DataFrame,
    new: pd.DataFrame,
    *,
    names: tuple[str, str] = ("old", "new"),
    k: int | str | None = "auto",
    target: str | None = None,
    algorithm: str = _DEFAULTS.algorithm,
    random_state: int = 0,
    min_overlap: float = 0.3,
    share_threshold: float = 0.05,
    engine: Any = None,
) -> Drift:
    """Two versions of a table: segment both, match the new segments to the old, measure drift.

    The old run's model assigns the new rows to old segments; the overlap of that
    assignment with the new run's segments, and the distance between the segments'
    profiles (each column's value shares, in the old version's levels), decide which new
    segment continues which old one (see :mod:`synthpersona.trust`). Column drift (PSI,
    KS / chi-square) compares every feature column.

    Examples
    --------
    >>> from synthpersona.trust import planted_table
    >>> old, new = planted_table(2000), planted_table(2000, random_state=1, extra_segment=True)
    >>> [s.label for s in diff_frames(old, new).new_segments]  # doctest: +SKIP
    >>> [s.label for s in d.new_segments]  # doctest: +SKIP
    """
    from synthpersona.tables import analyze_table
    from synthpersona.trust import assign_table_rows, column_drift, diff_versions

    # engine: where each version's counts are aggregated (see analyze_table)
    old_an = analyze_table(
        old, k=k, target=target, algorithm=algorithm, random_state=random_state, engine=engine
    )
    new_an = analyze_table(
        new, k=k, target=target, algorithm=algorithm, random_state=random_state, engine=engine
    )
    assigned = assign_table_rows(old, new, old_an)
    numeric = [c.column for c in old_an.columns if c.used and c.kind == "numeric"]
    contingency = np.zeros((old_an.k, new_an.k), dtype=np.int64)
    np.add.at(contingency, (assigned.held_out_segments, new_an.labels), 1)
    # profiles in one space: both versions' rows in the old version's levels
    old_versions = _table_version(old_an, assigned.build_levels, old_an.labels, [])
    new_versions = _table_version(new_an, assigned.held_out_levels, new_an.labels, [])
    raw_old = old[[c for c in old_an.features if c in new.columns]]
    raw_new = new[[c for c in old_an.features if c in new.columns]]
    columns = column_drift(raw_old, raw_new, numeric)
    drift = diff_versions(
        old_versions,
        new_versions,
        contingency,
        names=names,
        columns=columns,
        min_overlap=min_overlap,
        share_threshold=share_threshold,
    )
    _emerging(drift, assigned.build_levels, assigned.held_out_levels, new_an, random_state)
    drift.notes.append(
        f"{names[0]}: {len(old):,} rows, k={old_an.k}; {names[1]}: {len(new):,} rows, k={new_an.k} "
        f"({old_an.algorithm}). Segments matched by membership overlap (Jaccard >= {min_overlap}) and "
        "profile distance; shares compared with a threshold of "
        f"{share_threshold * 100:.0f} points."
    )
    return drift


def _emerging(
    drift: Drift, old_levels: pd.DataFrame, new_levels: pd.DataFrame, new_an: Any, random_state: int
) -> None:
    """Add the groups of new people the new run keeps inside another segment (``drift.emerging``)."""
    from synthpersona.trust import emerging_groups

    already_new = {s.segment_id for s in drift.new_segments}
    labels = {s.segment_id: s.label for s in new_an.segments}
    for g in emerging_groups(old_levels, new_levels, new_an.labels, random_state=random_state):
        if g.new_segment_id in already_new and g.share_of_segment >= 0.5:
            continue  # the new run already gave it a segment of its own, reported as new
        drift.emerging.append(g)
        drift.notes.append(
            f"New segment not separated by the new run: {g.label} ({g.share_new:.1%} of the new rows, "
            f"against {g.share_old_region:.1%} of the old rows in the same region) sits inside segment "
            f"{g.new_segment_id} ({labels.get(g.new_segment_id, '?')}), {g.share_of_segment:.0%} of it; "
            f"re-run with k={new_an.k + 1} to give it personas of its own."
        )


def diff_tables(paths: Sequence[str | Path], **params: Any) -> list[Drift]:
    """Diff consecutive versions of a table file (``paths`` oldest first); persona ids chained.

    Each diff's ``persona_ids`` maps the newer version's persona ids to stable ids that
    follow a persona back to the version its segment first appeared in.
    """
    from synthpersona.tables import read_table

    if len(paths) < 2:
        raise InputError(f"Give at least two versions to compare, got {len(paths)}.")
    frames = [read_table(p)[0] for p in paths]
    drifts: list[Drift] = []
    stable: dict[str, str] = {}
    for i in range(1, len(frames)):
        d = diff_frames(
            frames[i - 1], frames[i], names=(Path(paths[i - 1]).name, Path(paths[i]).name), **params
        )
        d.persona_ids = {new: stable.get(old, old) for new, old in d.persona_ids.items()}
        stable = dict(d.persona_ids)
        drifts.append(d)
    return drifts


def _run_version(folder: Path) -> tuple[list[Any], pd.DataFrame]:
    import json

    import pandas as pd

    from synthpersona.usecases.verify import MEMBERS_FILE

    run_file, members_file = folder / "run.json", folder / MEMBERS_FILE
    if not run_file.is_file() or not members_file.is_file():
        raise InputError(
            f"{str(folder)!r} is not a run folder (run.json and {MEMBERS_FILE}); give folders written by "
            "'synthpersona segment --goal ... --out DIR', or table files.",
            details={"path": str(folder)},
        )
    run = json.loads(run_file.read_text(encoding="utf-8"))
    members = pd.read_parquet(members_file, columns=["user_id", "cluster_id"])
    return _run_version_of(run, members), members


def _run_version_of(run: dict[str, Any], members: pd.DataFrame) -> list[Any]:
    """The segments of a stored goal run (seed-000 JSON) with their shares among ``members``."""
    from synthpersona.trust import SegmentVersion

    n = max(len(members), 1)
    counts = members["cluster_id"].value_counts()
    personas = {str(k): v for k, v in (run.get("personas") or {}).items()}
    return [
        SegmentVersion(
            segment_id=int(c["cluster_id"]),
            label=str(c.get("cluster_label", "")),
            share=float(counts.get(int(c["cluster_id"]), 0) / n),
            persona_ids=tuple(p["persona_id"] for p in personas.get(str(c["cluster_id"]), [])),
            profile={},
        )
        for c in run.get("clusters", [])
    ]


def diff_members(
    old_v: list[Any],
    old_m: pd.DataFrame,
    new_v: list[Any],
    new_m: pd.DataFrame,
    *,
    names: tuple[str, str],
    min_overlap: float = 0.3,
    share_threshold: float = 0.05,
) -> Drift:
    """Match two goal runs' segments by the overlap of their members (``user_id, cluster_id``)."""
    from synthpersona.trust import diff_versions

    both = old_m.merge(new_m, on="user_id", suffixes=("_old", "_new"))
    old_ids = [v.segment_id for v in old_v]
    new_ids = [v.segment_id for v in new_v]
    contingency = np.zeros((len(old_ids), len(new_ids)), dtype=np.int64)
    pos_old = {c: i for i, c in enumerate(old_ids)}
    pos_new = {c: j for j, c in enumerate(new_ids)}
    pairs = both.groupby(["cluster_id_old", "cluster_id_new"]).size()
    for co, cn, count in zip(
        pairs.index.get_level_values(0), pairs.index.get_level_values(1), pairs.to_numpy(), strict=True
    ):
        if int(co) in pos_old and int(cn) in pos_new:
            contingency[pos_old[int(co)], pos_new[int(cn)]] = int(count)
    drift = diff_versions(
        old_v, new_v, contingency, names=names, min_overlap=min_overlap, share_threshold=share_threshold
    )
    drift.notes.append(
        f"{len(both):,} people are in both runs ({len(old_m):,} and {len(new_m):,}); segments matched by the "
        "overlap of their members."
    )
    return drift


def _member_traits(population: Any, members: pd.DataFrame, engine: Any = None) -> pd.DataFrame:
    """The population's profile columns for ``members`` (``user_id, cluster_id``), joined by id."""
    from synthpersona.schema import BOOLEAN_COLUMNS, CATEGORICAL_VALUES, NUMERIC_COLUMNS
    from synthpersona.usecases._populations import load_population

    people = load_population(population, engine)
    present = set(people.engine.columns(people.table.table))
    wanted = [
        c
        for c in (*NUMERIC_COLUMNS, *CATEGORICAL_VALUES, *BOOLEAN_COLUMNS)
        if c in present and c not in TRAIT_SKIP
    ]
    cols = ", ".join(f'"{c}"' for c in ("user_id", *wanted))
    rows = people.engine.query(f"SELECT {cols} FROM {people.table.table}")
    return members.merge(rows, on="user_id", how="inner")


def _with_traits(drift: Drift, old_rows: pd.DataFrame, new_rows: pd.DataFrame, alpha: float) -> None:
    """Fill each match's ``traits`` (and its top ``shifts``) from both versions' members."""
    from dataclasses import replace

    from synthpersona.schema import NUMERIC_COLUMNS
    from synthpersona.trust import trait_shifts

    features = [c for c in old_rows.columns if c not in ("user_id", "cluster_id")]
    numeric = [c for c in features if c in NUMERIC_COLUMNS]
    moved = []
    for m in drift.matches:
        a = old_rows.loc[old_rows["cluster_id"] == m.old_id, features]
        b = new_rows.loc[new_rows["cluster_id"].isin((m.new_id, *m.split_ids)), features]
        traits = tuple(trait_shifts(a, b, numeric, alpha=alpha))
        top = tuple((t.feature, t.old, t.new) for t in traits if t.significant)[:5]
        moved.append(replace(m, traits=traits, shifts=top))
    drift.matches = moved


def diff_runs(
    old: str | Path,
    new: str | Path,
    *,
    populations: tuple[Any, Any] | None = None,
    min_overlap: float = 0.3,
    share_threshold: float = 0.05,
    alpha: float = 0.01,
    engine: Any = None,
) -> Drift:
    """Diff two goal runs written by ``segment --out`` (``run.json`` and ``members.parquet``).

    Segments are matched on the overlap of their members (``user_id``; a refreshed
    population keeps its users' ids), persona ids kept where a segment persists, shares
    compared, and each persisting segment's members' traits compared (means and value
    shares, Welch / two-proportion tests, Holm-adjusted per segment at ``alpha``; see
    :func:`synthpersona.trust.trait_shifts`): which traits moved, by how much, and
    whether beyond noise.

    Parameters
    ----------
    old, new
        Run folders.
    populations
        The population each run was built on (DataFrame or file; ``None`` inside the
        pair: the built-in population). Default: the built-in population for both.
    min_overlap, share_threshold
        As :func:`diff_frames`.
    alpha
        Significance level of each segment's trait tests together.
    """
    a, b = Path(old).expanduser(), Path(new).expanduser()
    (old_v, old_m), (new_v, new_m) = _run_version(a), _run_version(b)
    drift = diff_members(
        old_v,
        old_m,
        new_v,
        new_m,
        names=(a.name, b.name),
        min_overlap=min_overlap,
        share_threshold=share_threshold,
    )
    pop_old, pop_new = populations if populations is not None else (None, None)
    old_rows = _member_traits(pop_old, old_m, engine)
    new_rows = (
        old_rows if pop_new is pop_old and new_m.equals(old_m) else _member_traits(pop_new, new_m, engine)
    )
    _with_traits(drift, old_rows, new_rows, alpha)
    drift.notes.append(
        f"Traits: each persisting segment's members in both versions ({len(old_rows):,} and "
        f"{len(new_rows):,} found in the populations), Holm-adjusted at {alpha}; shared members make the "
        "tests conservative."
    )
    return drift


def persona_history(drifts: Sequence[Drift]) -> list[dict[str, Any]]:
    """Each persona's segment across chained versions (from :func:`diff_tables`): one row per version.

    Rows: ``persona_id`` (the stable id), ``version`` (0 = the oldest), ``version_name``,
    ``segment_id``, ``label`` and ``share`` of its segment in that version; a persona is
    missing from the versions its segment was not in (new later, or vanished).

    Examples
    --------
    >>> from synthpersona.trust import SegmentVersion, diff_versions
    >>> a = [SegmentVersion(0, "A", 0.5, ("cluster-0",), {"x=1": 1.0})]
    >>> b = [SegmentVersion(3, "A'", 0.6, ("cluster-3",), {"x=1": 1.0})]
    >>> rows = persona_history([diff_versions(a, b, np.array([[40]]), names=("v1", "v2"))])
    >>> [(r["persona_id"], r["version_name"], r["share"]) for r in rows]
    [('cluster-0', 'v1', 0.5), ('cluster-0', 'v2', 0.6)]
    """
    rows: list[dict[str, Any]] = []
    if not drifts:
        return rows
    first = drifts[0]
    for m in first.matches:
        rows.append(_history_row(f"cluster-{m.old_id}", 0, first.old, m.old_id, m.old_label, m.share_old))
    for v in first.vanished_segments:
        for pid in v.persona_ids:
            rows.append(_history_row(pid, 0, first.old, v.segment_id, v.label, v.share))
    for i, d in enumerate(drifts, start=1):
        for m in d.matches:
            pid = f"cluster-{m.new_id}"
            rows.append(
                _history_row(d.persona_ids.get(pid, pid), i, d.new, m.new_id, m.new_label, m.share_new)
            )
        for n in d.new_segments:
            for pid in n.persona_ids:
                rows.append(
                    _history_row(d.persona_ids.get(pid, pid), i, d.new, n.segment_id, n.label, n.share)
                )
    return rows


def _history_row(pid: str, version: int, name: str, sid: int, label: str, share: float) -> dict[str, Any]:
    return {
        "persona_id": pid,
        "version": version,
        "version_name": name,
        "segment_id": sid,
        "label": label,
        "share": share,
    }
