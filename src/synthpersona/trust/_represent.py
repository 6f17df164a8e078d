"""Representation: how a run's segments and personas cover demographic groups.

For each demographic dimension (gender, age band, city tier or region, income band) and
each group in it, the report compares the group's share in the reference (the
population, or the uploaded table) with its share among the people the run segmented,
lists the personas that belong to the group, and flags:

- ``unrepresented``: at least ``min_share`` of the segmented people are in the group,
  yet no persona is;
- ``outside audience``: at least ``min_share`` of the reference is in the group but
  nobody segmented is (the goal's filters left it out: information, not a fault).

A persona **over-claims** when fewer than ``overclaim_share`` of its segment's members
are in the persona's own group: it speaks for a segment that is mostly not like it.
No protected attribute is needed as a label: the groups are read from the data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["GroupCoverage", "OverClaim", "Representation", "modal_groups", "representation"]


@dataclass(frozen=True)
class GroupCoverage:
    """One demographic group: its shares, the personas in it and a flag (``None``: fine)."""

    dimension: str
    group: str
    reference_share: float
    audience_share: float
    segment_shares: tuple[tuple[int, float], ...]
    personas: tuple[str, ...]
    flag: str | None


@dataclass(frozen=True)
class OverClaim:
    """A persona whose own group is a small minority of the segment it stands for."""

    persona_id: str
    segment_id: int
    dimension: str
    group: str
    share_in_segment: float


@dataclass
class Representation:
    """Coverage of every group of every dimension, and the personas that over-claim."""

    dimensions: list[str]
    groups: list[GroupCoverage]
    over_claims: list[OverClaim]
    min_share: float
    overclaim_share: float
    notes: list[str] = field(default_factory=list)

    @property
    def unrepresented(self) -> list[GroupCoverage]:
        """Groups flagged ``unrepresented``."""
        return [g for g in self.groups if g.flag == "unrepresented"]

    def summary(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {
            "dimensions": list(self.dimensions),
            "groups": [
                {
                    "dimension": g.dimension,
                    "group": g.group,
                    "reference_share": g.reference_share,
                    "audience_share": g.audience_share,
                    "segment_shares": {str(s): v for s, v in g.segment_shares},
                    "personas": list(g.personas),
                    "flag": g.flag,
                }
                for g in self.groups
            ],
            "unrepresented": [f"{g.dimension}={g.group}" for g in self.unrepresented],
            "over_claims": [o.__dict__ for o in self.over_claims],
            "min_share": self.min_share,
            "overclaim_share": self.overclaim_share,
            "notes": list(self.notes),
        }


def representation(
    reference: pd.DataFrame,
    members: pd.DataFrame,
    segment_ids: np.ndarray,
    persona_groups: Mapping[str, tuple[int, Mapping[str, str]]],
    *,
    min_share: float = 0.05,
    overclaim_share: float = 0.2,
) -> Representation:
    """Coverage of the groups of every column of ``reference`` (one column per dimension).

    Parameters
    ----------
    reference
        The reference people's group per dimension (population or uploaded table).
    members
        The segmented people's group per dimension (same columns).
    segment_ids
        Segment of each row of ``members``.
    persona_groups
        Persona id -> (its segment, its group per dimension).
    min_share, overclaim_share
        Thresholds of the flags (see the module docstring).

    Examples
    --------
    >>> ref = pd.DataFrame({"gender": ["Female"] * 50 + ["Male"] * 50})
    >>> mem = pd.DataFrame({"gender": ["Female"] * 20 + ["Male"] * 20})
    >>> rep = representation(ref, mem, np.array([0] * 20 + [1] * 20),
    ...                      {"p0": (0, {"gender": "Female"}), "p1": (1, {"gender": "Female"})})
    >>> [g.group for g in rep.unrepresented], rep.over_claims[0].persona_id
    (['Male'], 'p1')
    """
    segment_ids = np.asarray(segment_ids)
    segments = sorted({int(s) for s in np.unique(segment_ids)})
    groups: list[GroupCoverage] = []
    over: list[OverClaim] = []
    for dim in reference.columns:
        ref = reference[dim].astype(str)
        mem = members[dim].astype(str)
        ref_share = ref.value_counts(normalize=True)
        mem_share = mem.value_counts(normalize=True)
        per_segment = {s: mem[segment_ids == s].value_counts(normalize=True) for s in segments}
        for group in sorted(set(ref_share.index) | set(mem_share.index)):
            personas = tuple(pid for pid, (_, g) in persona_groups.items() if str(g.get(dim)) == group)
            r, a = float(ref_share.get(group, 0.0)), float(mem_share.get(group, 0.0))
            flag = None
            if a >= min_share and not personas:
                flag = "unrepresented"
            elif a == 0 and r >= min_share:
                flag = "outside audience"
            groups.append(
                GroupCoverage(
                    dimension=dim,
                    group=group,
                    reference_share=r,
                    audience_share=a,
                    segment_shares=tuple((s, float(per_segment[s].get(group, 0.0))) for s in segments),
                    personas=personas,
                    flag=flag,
                )
            )
        for pid, (sid, own) in persona_groups.items():
            if dim not in own or sid not in per_segment:
                continue
            share = float(per_segment[sid].get(str(own[dim]), 0.0))
            if share < overclaim_share:
                over.append(OverClaim(pid, sid, dim, str(own[dim]), share))
    return Representation(
        dimensions=[str(c) for c in reference.columns],
        groups=groups,
        over_claims=over,
        min_share=min_share,
        overclaim_share=overclaim_share,
    )


def modal_groups(
    members: pd.DataFrame, segment_ids: np.ndarray, segment: int, columns: Sequence[str]
) -> dict[str, str]:
    """The most common group of each column among the members of ``segment`` (a table persona's groups).

    Examples
    --------
    >>> modal_groups(pd.DataFrame({"g": ["a", "b", "b"]}), np.array([0, 0, 0]), 0, ["g"])
    {'g': 'b'}
    """
    rows = members[np.asarray(segment_ids) == segment]
    out = {}
    for col in columns:
        counts = rows[col].astype(str).value_counts()
        if len(counts):
            out[col] = str(counts.index[0])
    return out
