"""Versions and drift: match the segments of a refreshed run to the old ones and measure what moved.

Segments are matched one to one (Hungarian assignment, :func:`scipy.optimize.linear_sum_assignment`)
on membership overlap (Jaccard index of the rows the old model puts in an old segment and
the rows the new run puts in a new one) and profile distance (root mean square difference of
the segments' profiles in one common space); a pair is kept when the overlap reaches
``min_overlap``. A kept pair is the same segment in a new version: its personas keep
their ids. Unmatched new segments are new, unmatched old ones vanished.

Column drift compares each column's distribution in both versions: population stability
index (PSI; < 0.1 stable, 0.1-0.25 moderate, >= 0.25 major, the usual credit-scoring
bands) and a test (Kolmogorov-Smirnov for numbers, chi-square for categories; significant
below ``alpha``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.trust._novelty import EmergingGroup
from synthpersona.trust._traits import TraitShift

__all__ = [
    "PSI_MAJOR",
    "PSI_MODERATE",
    "ColumnDrift",
    "Drift",
    "SegmentMatch",
    "SegmentVersion",
    "column_drift",
    "diff_versions",
    "psi",
    "segment_profiles",
]

PSI_MODERATE = 0.10
PSI_MAJOR = 0.25
_EPS = 1e-4  # floor of a bin's share in the PSI, so an empty bin does not make it infinite


@dataclass(frozen=True)
class SegmentVersion:
    """One segment of one version: its share, personas and profile (feature -> mean or share)."""

    segment_id: int
    label: str
    share: float
    persona_ids: tuple[str, ...]
    profile: Mapping[str, float]


@dataclass(frozen=True)
class SegmentMatch:
    """An old segment and the new segment it continues as.

    ``share_change`` is in share units (0.10 = 10 points); ``shifts`` are the profile's
    largest changes ``(feature, old, new)``, largest first. ``split_ids`` are new segments
    split off this one (mostly its old members, profile closer to it than old segments
    are to each other); ``share_new`` includes them, so a split alone is not a share change.
    ``traits`` compare the members' traits of both versions with significance (goal runs;
    :func:`synthpersona.trust.trait_shifts`); ``words_gained``/``words_lost`` the trait
    words of the segment's label and top traits that appear or go.
    """

    old_id: int
    new_id: int
    old_label: str
    new_label: str
    overlap: float
    distance: float
    share_old: float
    share_new: float
    shifts: tuple[tuple[str, float, float], ...]
    split_ids: tuple[int, ...] = ()
    traits: tuple[TraitShift, ...] = ()
    # the persona's trait words (a goal segment's top traits) the new version gained and lost
    words_gained: tuple[str, ...] = ()
    words_lost: tuple[str, ...] = ()

    @property
    def share_change(self) -> float:
        """New share minus old share."""
        return self.share_new - self.share_old


@dataclass(frozen=True)
class ColumnDrift:
    """Distribution drift of one column between two versions."""

    column: str
    kind: str  # "numeric" or "category"
    psi: float
    test: str  # "ks" or "chi2"
    statistic: float
    p_value: float

    @property
    def level(self) -> str:
        """``stable``, ``moderate`` or ``major`` by the PSI bands."""
        return "major" if self.psi >= PSI_MAJOR else "moderate" if self.psi >= PSI_MODERATE else "stable"


@dataclass
class Drift:
    """What changed from one version to the next.

    ``persona_ids`` maps each new persona id to its stable id (the old id where its
    segment persists, a fresh one otherwise). ``emerging`` are groups of new people unlike
    the old version's that the new run keeps inside another segment
    (:func:`synthpersona.trust.emerging_groups`): new segments the new run's k did not
    separate.
    """

    old: str
    new: str
    matches: list[SegmentMatch]
    new_segments: list[SegmentVersion]
    vanished_segments: list[SegmentVersion]
    columns: list[ColumnDrift]
    persona_ids: dict[str, str]
    share_threshold: float = 0.05
    alpha: float = 0.01
    notes: list[str] = field(default_factory=list)
    emerging: list[EmergingGroup] = field(default_factory=list)

    @property
    def changed_shares(self) -> list[SegmentMatch]:
        """Matched segments whose share moved by at least ``share_threshold``."""
        return [m for m in self.matches if abs(m.share_change) >= self.share_threshold]

    @property
    def drifted_columns(self) -> list[ColumnDrift]:
        """Columns with at least moderate PSI or a significant test."""
        return [c for c in self.columns if c.level != "stable" or c.p_value < self.alpha]

    def summary(self) -> dict[str, Any]:
        """JSON-ready diff."""
        return {
            "old": self.old,
            "new": self.new,
            "matches": [
                {
                    "old_id": m.old_id,
                    "new_id": m.new_id,
                    "old_label": m.old_label,
                    "new_label": m.new_label,
                    "overlap": m.overlap,
                    "distance": m.distance,
                    "share_old": m.share_old,
                    "share_new": m.share_new,
                    "share_change": m.share_change,
                    "changed": abs(m.share_change) >= self.share_threshold,
                    "shifts": [{"feature": f, "old": a, "new": b} for f, a, b in m.shifts],
                    "split_ids": list(m.split_ids),
                    "traits": [t.__dict__ for t in m.traits],
                    "words_gained": list(m.words_gained),
                    "words_lost": list(m.words_lost),
                }
                for m in self.matches
            ],
            "new_segments": [_segment_dict(s) for s in self.new_segments],
            "vanished_segments": [_segment_dict(s) for s in self.vanished_segments],
            "emerging_groups": [
                {
                    "label": g.label,
                    "share_new": g.share_new,
                    "share_old_region": g.share_old_region,
                    "excess": g.excess,
                    "new_segment_id": g.new_segment_id,
                    "share_of_segment": g.share_of_segment,
                    "values": [
                        {"column": c, "value": v, "share": a, "old_share": b} for c, v, a, b in g.values
                    ],
                }
                for g in self.emerging
            ],
            "columns": [
                {**c.__dict__, "level": c.level, "drifted": c in self.drifted_columns} for c in self.columns
            ],
            "persona_ids": dict(self.persona_ids),
            "share_threshold": self.share_threshold,
            "psi_thresholds": {"moderate": PSI_MODERATE, "major": PSI_MAJOR},
            "alpha": self.alpha,
            "notes": list(self.notes),
        }


def _segment_dict(s: SegmentVersion) -> dict[str, Any]:
    return {
        "segment_id": s.segment_id,
        "label": s.label,
        "share": s.share,
        "persona_ids": list(s.persona_ids),
    }


def segment_profiles(
    levels: pd.DataFrame, segment_ids: np.ndarray, numeric: Sequence[str] = ()
) -> dict[int, dict[str, float]]:
    """Per segment: the mean of each ``numeric`` column and the share of each other column's values.

    Examples
    --------
    >>> lv = pd.DataFrame({"plan": ["Pro", "Pro", "Free"], "seats": [3.0, 5.0, 1.0]})
    >>> segment_profiles(lv, np.array([0, 0, 1]), numeric=["seats"])[0]
    {'plan=Pro': 1.0, 'seats': 4.0}
    """
    out: dict[int, dict[str, float]] = {}
    for sid in np.unique(segment_ids):
        rows = levels[segment_ids == sid]
        prof: dict[str, float] = {}
        for col in levels.columns:
            if col in numeric:
                prof[col] = float(pd.to_numeric(rows[col], errors="coerce").mean())
            else:
                for value, share in rows[col].astype(str).value_counts(normalize=True).items():
                    prof[f"{col}={value}"] = float(share)
        out[int(sid)] = prof
    return out


def _distance(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    keys = sorted(set(a) | set(b))
    if not keys:
        return 0.0
    diffs = [(a.get(k, 0.0) - b.get(k, 0.0)) for k in keys]
    return math.sqrt(sum(d * d for d in diffs if math.isfinite(d)) / len(keys))


def _shifts(
    a: Mapping[str, float], b: Mapping[str, float], top: int = 5
) -> tuple[tuple[str, float, float], ...]:
    keys = set(a) | set(b)
    ranked = sorted(keys, key=lambda k: (-abs(b.get(k, 0.0) - a.get(k, 0.0)), k))
    return tuple((k, a.get(k, 0.0), b.get(k, 0.0)) for k in ranked[:top] if b.get(k, 0.0) != a.get(k, 0.0))


def _fresh_id(pid: str, used: set[str]) -> str:
    candidate, n = pid, 2
    while candidate in used:
        candidate, n = f"{pid}.v{n}", n + 1
    return candidate


def diff_versions(
    old: Sequence[SegmentVersion],
    new: Sequence[SegmentVersion],
    overlap: np.ndarray,
    *,
    names: tuple[str, str] = ("old", "new"),
    columns: Sequence[ColumnDrift] = (),
    min_overlap: float = 0.3,
    share_threshold: float = 0.05,
    alpha: float = 0.01,
) -> Drift:
    """Match ``new`` segments to ``old`` ones and report what changed.

    Parameters
    ----------
    old, new
        The segments of both versions (profiles in one common space).
    overlap
        ``(len(old), len(new))`` counts of rows in each old segment (by the old model)
        and each new segment (by the new run), over the same rows.
    names
        Names of the versions (file names, run ids).
    columns
        Column drift (see :func:`column_drift`).
    min_overlap
        Smallest Jaccard overlap for a pair to count as the same segment.
    share_threshold
        Share change (0.05 = 5 points) reported as a change.

    Examples
    --------
    >>> a = [SegmentVersion(0, "A", 0.5, ("p0",), {"x=1": 1.0}),
    ...      SegmentVersion(1, "B", 0.5, ("p1",), {"x=0": 1.0})]
    >>> b = [SegmentVersion(0, "B'", 0.6, ("p0",), {"x=0": 1.0}),
    ...      SegmentVersion(1, "A'", 0.4, ("p1",), {"x=1": 1.0})]
    >>> d = diff_versions(a, b, np.array([[0, 40], [60, 0]]))
    >>> d.persona_ids, [round(m.share_change, 2) for m in d.changed_shares]
    ({'p0': 'p1', 'p1': 'p0'}, [-0.1, 0.1])
    """
    overlap = np.asarray(overlap, dtype=np.float64).reshape(len(old), len(new))
    in_old, in_new = overlap.sum(axis=1, keepdims=True), overlap.sum(axis=0, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        jaccard = np.nan_to_num(overlap / (in_old + in_new - overlap))
    dist = np.array([[_distance(o.profile, n.profile) for n in new] for o in old]).reshape(len(old), len(new))
    matches: list[SegmentMatch] = []
    matched_old: set[int] = set()
    matched_new: set[int] = set()
    if len(old) and len(new):
        from scipy.optimize import linear_sum_assignment

        rows, cols = linear_sum_assignment((1.0 - jaccard) + 0.5 * dist)
        for i, j in zip(rows, cols, strict=True):
            if jaccard[i, j] < min_overlap:
                continue
            o, n = old[i], new[j]
            matched_old.add(i)
            matched_new.add(j)
            matches.append(
                SegmentMatch(
                    old_id=o.segment_id,
                    new_id=n.segment_id,
                    old_label=o.label,
                    new_label=n.label,
                    overlap=float(jaccard[i, j]),
                    distance=float(dist[i, j]),
                    share_old=o.share,
                    share_new=n.share,
                    shifts=_shifts(o.profile, n.profile),
                )
            )
    matches = _splits(old, new, overlap, dist, matches, matched_new)
    persona_ids: dict[str, str] = {}
    by_new = {m.new_id: m for m in matches}
    by_old = {o.segment_id: o for o in old}
    used = {pid for o in old for pid in o.persona_ids}
    for n in new:
        m = by_new.get(n.segment_id)
        olds = list(by_old[m.old_id].persona_ids) if m is not None else []
        for pos, pid in enumerate(n.persona_ids):
            if pos < len(olds):
                persona_ids[pid] = olds[pos]
    for n in new:
        for pid in n.persona_ids:
            if pid not in persona_ids:
                persona_ids[pid] = _fresh_id(pid, used)
                used.add(persona_ids[pid])
    return Drift(
        old=names[0],
        new=names[1],
        matches=sorted(matches, key=lambda m: m.old_id),
        new_segments=[n for j, n in enumerate(new) if j not in matched_new],
        vanished_segments=[o for i, o in enumerate(old) if i not in matched_old],
        columns=list(columns),
        persona_ids=persona_ids,
        share_threshold=share_threshold,
        alpha=alpha,
    )


def _splits(
    old: Sequence[SegmentVersion],
    new: Sequence[SegmentVersion],
    overlap: np.ndarray,
    dist: np.ndarray,
    matches: list[SegmentMatch],
    matched_new: set[int],
) -> list[SegmentMatch]:
    """Attach unmatched new segments that split off a matched old one (marks them in ``matched_new``)."""
    from dataclasses import replace

    if len(old) < 2:
        return matches
    between = [_distance(a.profile, b.profile) for i, a in enumerate(old) for b in old[i + 1 :]]
    limit = 0.5 * float(np.median(between))
    index = {o.segment_id: i for i, o in enumerate(old)}
    by_old = {index[m.old_id]: m for m in matches}
    for j, n in enumerate(new):
        total = overlap[:, j].sum()
        if j in matched_new or total == 0:
            continue
        i = int(np.argmax(overlap[:, j]))
        if i in by_old and overlap[i, j] / total >= 0.5 and dist[i, j] < limit:
            m = by_old[i]
            by_old[i] = replace(m, split_ids=(*m.split_ids, n.segment_id), share_new=m.share_new + n.share)
            matched_new.add(j)
    return [by_old.get(index[m.old_id], m) for m in matches]


def psi(old: pd.Series, new: pd.Series, *, numeric: bool = False, bins: int = 10) -> float:
    """Population stability index of ``new`` against ``old`` (deciles of ``old`` for numbers).

    Examples
    --------
    >>> a = pd.Series(["x"] * 50 + ["y"] * 50)
    >>> same, moved = pd.Series(["x"] * 50 + ["y"] * 50), pd.Series(["x"] * 80 + ["y"] * 20)
    >>> round(psi(a, same), 6), round(psi(a, moved), 3)
    (0.0, 0.416)
    """
    if numeric:
        a = pd.to_numeric(old, errors="coerce").dropna().to_numpy(dtype=np.float64)
        b = pd.to_numeric(new, errors="coerce").dropna().to_numpy(dtype=np.float64)
        if len(a) == 0 or len(b) == 0:
            return float("nan")
        edges = np.unique(np.quantile(a, np.linspace(0, 1, bins + 1)[1:-1]))
        pa = np.bincount(np.searchsorted(edges, a, side="right"), minlength=len(edges) + 1) / len(a)
        pb = np.bincount(np.searchsorted(edges, b, side="right"), minlength=len(edges) + 1) / len(b)
    else:
        sa = old.astype(str).value_counts(normalize=True)
        sb = new.astype(str).value_counts(normalize=True)
        keys = sorted(set(sa.index) | set(sb.index))
        pa = np.array([sa.get(k, 0.0) for k in keys])
        pb = np.array([sb.get(k, 0.0) for k in keys])
    pa, pb = np.maximum(pa, _EPS), np.maximum(pb, _EPS)
    return float(np.sum((pb - pa) * np.log(pb / pa)))


def _ks(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Two-sample Kolmogorov-Smirnov statistic and its asymptotic p-value."""
    from scipy.special import kolmogorov

    a, b = np.sort(a), np.sort(b)
    grid = np.concatenate([a, b])
    d = float(
        np.max(
            np.abs(
                np.searchsorted(a, grid, side="right") / len(a)
                - np.searchsorted(b, grid, side="right") / len(b)
            )
        )
    )
    n_eff = len(a) * len(b) / (len(a) + len(b))
    return d, float(kolmogorov(math.sqrt(n_eff) * d))


def _chi2(counts_a: pd.Series, counts_b: pd.Series) -> tuple[float, float]:
    """Chi-square test of homogeneity of two value counts (statistic, p-value)."""
    from scipy.special import chdtrc

    keys = counts_a.index.union(counts_b.index)
    table = np.vstack(
        [counts_a.reindex(keys, fill_value=0).to_numpy(), counts_b.reindex(keys, fill_value=0).to_numpy()]
    )
    table = table[:, table.sum(axis=0) > 0].astype(np.float64)
    if table.shape[1] < 2:
        return 0.0, 1.0
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    stat = float(((table - expected) ** 2 / expected).sum())
    return stat, float(chdtrc(table.shape[1] - 1, stat))


def column_drift(old: pd.DataFrame, new: pd.DataFrame, numeric: Sequence[str] = ()) -> list[ColumnDrift]:
    """PSI and a two-sample test for every column both frames share.

    Numbers: Kolmogorov-Smirnov (asymptotic p-value); categories: chi-square test of
    homogeneity of the two value counts.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a = pd.DataFrame({"n": rng.normal(0, 1, 2000), "c": rng.choice(["x", "y"], 2000)})
    >>> b = pd.DataFrame({"n": rng.normal(0.6, 1, 2000), "c": rng.choice(["x", "y"], 2000)})
    >>> [(d.column, d.level, d.p_value < 0.01) for d in column_drift(a, b, numeric=["n"])]
    [('n', 'major', True), ('c', 'stable', False)]
    """
    out = []
    for col in [c for c in old.columns if c in new.columns]:
        if col in numeric:
            a = pd.to_numeric(old[col], errors="coerce").dropna()
            b = pd.to_numeric(new[col], errors="coerce").dropna()
            if len(a) < 2 or len(b) < 2:
                continue
            stat, p = _ks(a.to_numpy(dtype=np.float64), b.to_numpy(dtype=np.float64))
            out.append(ColumnDrift(col, "numeric", psi(a, b, numeric=True), "ks", stat, p))
        else:
            a_s, b_s = old[col].astype(str), new[col].astype(str)
            stat, p = _chi2(a_s.value_counts(), b_s.value_counts())
            out.append(ColumnDrift(col, "category", psi(a_s, b_s), "chi2", stat, p))
    return out
