"""Seed 003's ``personas.json`` (any table / leads), over the core model.

Each entry: ``persona_id, rank, persona_name, cluster_id, cluster_size, cluster_percentage,
conversion_metrics, demographics, geography, professional, acquisition, attributes,
distinctive, narrative, evidence`` (the statistic behind each word of the name and its value
tier; sections without data, and ``conversion_metrics`` without a
target, are left out). The figures are derived from the core objects by the table
workflow's helpers (:func:`synthpersona.tables.segment_metrics` and friends), the same ones
its narratives quote.

Examples
--------
>>> from synthpersona.tables import analyze_table
>>> result = analyze_table(df, k=4)  # doctest: +SKIP
>>> personas(result.segments, result.personas)[0]["persona_name"]  # doctest: +SKIP
'Senior Management in Banking [PREMIUM VALUE]'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from synthpersona.model import Persona, Segment
from synthpersona.personas.rules import evidence_record
from synthpersona.tables import distinctive_records, sections, segment_metrics, segment_percentages

__all__ = ["persona", "personas"]

_SECTIONS = ("demographics", "geography", "professional", "acquisition", "attributes")


def persona(p: Persona, segments: Sequence[Segment]) -> dict[str, Any]:
    """One ``personas.json`` entry for ``p`` (``segments``: every segment of the table)."""
    seg = next(s for s in segments if s.segment_id == p.segment_id)
    out: dict[str, Any] = {
        "persona_id": p.persona_id,
        "rank": p.rank,
        "persona_name": p.name,
        "cluster_id": seg.segment_id,
        "cluster_size": seg.size,
        "cluster_percentage": segment_percentages(segments)[seg.segment_id],
    }
    metrics = segment_metrics(seg, segments)
    if metrics is not None:
        out["conversion_metrics"] = asdict(metrics)
    placed = sections(seg)
    out.update({name: placed[name] for name in _SECTIONS if placed[name]})
    out["distinctive"] = distinctive_records(seg)
    out["narrative"] = p.narrative
    out["evidence"] = [evidence_record(e) for e in p.evidence]
    return out


def personas(segments: Sequence[Segment], ranked: Sequence[Persona]) -> list[dict[str, Any]]:
    """``personas.json``: an entry per persona, in rank order."""
    return [persona(p, segments) for p in ranked]
