"""Table segments and personas (core model): counts, conversion, names, narratives.

Everything is counted from category codes with ``np.bincount`` (one pass per
column), so a million rows cost milliseconds. The core objects hold counts; the
figures seed 003 prints are derived from them here, once (percentages rounded with
the largest-remainder method so that every distribution (top values + ``Other``) and
the cluster shares add up to exactly 100.0), and used by the narratives and by
:mod:`synthpersona.views.seed003`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from synthpersona._stats import wilson_interval
from synthpersona.model import RATE, Evidence, Outcome, Persona, Segment, TableSegmentFacts
from synthpersona.personas import rules as words
from synthpersona.tables._columns import UNKNOWN
from synthpersona.tables._types import PreparedColumn

__all__ = [
    "ConversionMetrics",
    "build_personas",
    "concentration_level",
    "conversion_metrics",
    "distinctive_records",
    "overall_metrics",
    "percentages",
    "round_to_100",
    "sections",
    "segment_metrics",
    "segment_percentages",
    "value_tier",
]

_TOP = 3
# role -> (section, key in the seed's personas.json)
SECTIONS: dict[str, tuple[str, str]] = {
    "seniority": ("demographics", "seniority"),
    "experience": ("demographics", "experience"),
    "age": ("demographics", "age"),
    "gender": ("demographics", "gender"),
    "state": ("geography", "states"),
    "industry": ("professional", "industry"),
    "job_title": ("professional", "titles"),
    "education": ("professional", "education"),
    "lead_source": ("acquisition", "lead_sources"),
}


def value_tier(rate_pct: float) -> str:
    """The seed's value tier of a conversion rate in percent.

    Examples
    --------
    >>> [value_tier(r) for r in (50, 49.9, 25, 10, 5, 4.9)]
    ['PREMIUM', 'HIGH', 'HIGH', 'MEDIUM', 'LOW', 'MINIMAL']
    """
    if rate_pct >= 50:
        return "PREMIUM"
    if rate_pct >= 25:
        return "HIGH"
    if rate_pct >= 10:
        return "MEDIUM"
    if rate_pct >= 5:
        return "LOW"
    return "MINIMAL"


def concentration_level(top_share_pct: float) -> str:
    """Geographic concentration: High (> 70 %), Medium (40-70 %), Low (< 40 %)."""
    if top_share_pct > 70:
        return "High"
    if top_share_pct >= 40:
        return "Medium"
    return "Low"


def round_to_100(values: np.ndarray, decimals: int = 1) -> list[float]:
    """Percentages of ``values`` rounded so they add up to exactly 100 (largest remainder).

    Examples
    --------
    >>> round_to_100(np.array([1, 1, 1]))
    [33.4, 33.3, 33.3]
    """
    total = float(np.sum(values))
    if total <= 0:
        return [0.0] * len(values)
    unit = 10**decimals
    raw = np.asarray(values, dtype=np.float64) * 100.0 * unit / total
    floor = np.floor(raw).astype(np.int64)
    short = int(100 * unit - floor.sum())
    order = np.argsort(-(raw - floor), kind="stable")
    floor[order[:short]] += 1
    return [round(float(v) / unit, decimals) for v in floor]


@dataclass
class ConversionMetrics:
    """Conversion of one group: the seed's fields plus a Wilson 95 % interval and lift."""

    conversion_rate: float
    value_tier: str
    conversions: int
    non_conversions: int
    total_records: int
    unknown_outcomes: int = 0
    ci_low: float = 0.0
    ci_high: float = 0.0
    lift: float = 1.0


def conversion_metrics(
    conv: int, non_conv: int, unknown: int, overall_rate: float | None
) -> ConversionMetrics:
    """Metrics of a group with ``conv`` conversions and ``non_conv`` non-conversions (rates in percent)."""
    known = conv + non_conv
    rate = 100.0 * conv / known if known else 0.0
    lo, hi = (100.0 * x for x in wilson_interval(conv, known)) if known else (0.0, 0.0)
    lift = rate / overall_rate if overall_rate else 0.0
    return ConversionMetrics(
        conversion_rate=round(rate, 1),
        value_tier=value_tier(rate),
        conversions=int(conv),
        non_conversions=int(non_conv),
        total_records=int(known + unknown),
        unknown_outcomes=int(unknown),
        ci_low=round(lo, 1),
        ci_high=round(hi, 1),
        lift=round(lift, 2),
    )


# A column value is a stand-out trait of a segment when at least this share of it has the
# value and it is this many times as common as in the whole table (``personas.rules.STANDOUT``).
MIN_TRAIT_SHARE = words.STANDOUT.level
MIN_TRAIT_LIFT = words.STANDOUT.contrast


# -- seed 003 figures, derived from the core objects (the one place for each) -------------------------
def percentages(counts: dict[str, int]) -> dict[str, float]:
    """A distribution's counts as percentages that add up to exactly 100 (``{}`` when empty)."""
    if not counts or sum(counts.values()) == 0:
        return {}
    return dict(zip(counts, round_to_100(np.asarray(list(counts.values()))), strict=True))


def segment_percentages(segments: Sequence[Segment]) -> dict[int, float]:
    """Each segment's share of the table in percent, adding up to exactly 100."""
    ordered = sorted(segments, key=lambda s: s.segment_id)
    shares = round_to_100(np.asarray([s.size for s in ordered]))
    return {s.segment_id: share for s, share in zip(ordered, shares, strict=True)}


def _outcome_totals(segments: Sequence[Segment]) -> tuple[int, int, int] | None:
    outcomes = [s.outcome for s in segments if s.outcome is not None]
    if not outcomes:
        return None
    return (
        sum(o.successes for o in outcomes),
        sum(o.failures for o in outcomes),
        sum(o.unknown for o in outcomes),
    )


def _overall_rate(totals: tuple[int, int, int]) -> float:
    conv, non, _ = totals
    return 100.0 * conv / (conv + non) if conv + non else 0.0


def overall_metrics(segments: Sequence[Segment]) -> ConversionMetrics | None:
    """The whole table's conversion metrics (``None`` without a target)."""
    totals = _outcome_totals(segments)
    if totals is None:
        return None
    return conversion_metrics(*totals, _overall_rate(totals))


def segment_metrics(seg: Segment, segments: Sequence[Segment]) -> ConversionMetrics | None:
    """A segment's conversion metrics, its lift against the whole table (``segments``)."""
    totals = _outcome_totals(segments)
    if seg.outcome is None or totals is None:
        return None
    o = seg.outcome
    return conversion_metrics(o.successes, o.failures, o.unknown, _overall_rate(totals))


def distinctive_records(seg: Segment) -> list[dict[str, Any]]:
    """The segment's stand-out values: ``column, value, label, share, overall_share, lift``."""
    return [
        {
            "column": ev.column,
            "value": ev.category,
            "label": ev.claim,
            "share": round(100 * ev.value, 1),
            "overall_share": round(100 * (ev.baseline or 0.0), 1),
            "lift": round(ev.lift or 0.0, 2),
        }
        for ev in seg.evidence
    ]


def sections(seg: Segment) -> dict[str, dict[str, Any]]:
    """The segment's distributions in seed 003's sections (``demographics``, ``geography``...)."""
    placement = seg.facts.placement if isinstance(seg.facts, TableSegmentFacts) else {}
    out: dict[str, dict[str, Any]] = {
        "demographics": {},
        "geography": {},
        "professional": {},
        "acquisition": {},
        "attributes": {},
    }
    for key, counts in seg.distributions.items():
        section, name = placement.get(key, ("attributes", key))
        out[section][name] = percentages(counts)
    if "states" in out["geography"]:
        top = next(iter(out["geography"]["states"].values()), 0.0)
        out["geography"]["concentration"] = top
        out["geography"]["concentration_level"] = concentration_level(top)
    return out


# -- building the core objects ------------------------------------------------------------------------
@dataclass
class _Counts:
    """Per-cluster value counts of every column, and the outcome counts."""

    sizes: np.ndarray
    tables: dict[str, np.ndarray]  # column (and the raw titles) -> (k, levels) counts
    overall_share: dict[str, np.ndarray]  # column -> share of each level in the whole table
    outcomes: list[Outcome | None]


def build_personas(
    labels: np.ndarray,
    k: int,
    columns: list[PreparedColumn],
    outcome: tuple[np.ndarray, np.ndarray] | None,
    titles: PreparedColumn | None = None,
    *,
    counts: Callable[..., _Counts] | None = None,
) -> tuple[list[Segment], list[Persona], ConversionMetrics | None]:
    """Profile each cluster as a segment and describe it as a persona, ranked by conversion.

    Parameters
    ----------
    labels
        ``(n,)`` cluster of every row, ``0 .. k-1``.
    columns
        Prepared feature columns (their ``role`` decides the persona section).
    outcome
        ``(is_true, is_known)`` of the target flag, or ``None`` when there is no target.
    titles
        The job-title column as raw (cleaned) titles, for the "titles" entry.
    counts
        Hook: the function counting sizes, cross-tabs and outcomes (same arguments as the
        in-memory ``np.bincount`` counter); :func:`synthpersona.tables.sql.counter` counts in
        SQL through an engine.

    Returns
    -------
    segments, personas, overall
        Segments in cluster order, one persona per segment ranked by conversion rate (then
        size), and the whole table's conversion metrics (``None`` without a target). Seed
        003's ``personas.json`` is :func:`synthpersona.views.seed003.personas`.
    """
    counted = (counts or _count)(labels, k, columns, outcome, titles)
    segments = [_segment(c, labels, columns, titles, counted) for c in range(k)]
    overall = overall_metrics(segments)
    names, name_evidence = _names(segments, columns, counted.tables)
    for seg in segments:
        seg.label = names[seg.segment_id]
    personas = _rank(
        [
            Persona(
                persona_id=f"cluster-{seg.segment_id}",
                segment_id=seg.segment_id,
                name=seg.label,
                evidence=name_evidence[seg.segment_id],
            )
            for seg in segments
        ],
        segments,
    )
    for p in personas:
        seg = segments[p.segment_id]
        metrics = segment_metrics(seg, segments)
        if metrics is not None and seg.outcome is not None:
            p.name = f"{p.name} [{metrics.value_tier} VALUE]"
            p.evidence.append(_tier_evidence(seg.outcome, metrics.value_tier, seg.segment_id))
        p.narrative = _narrative(p, seg, segments, overall)
    return segments, personas, overall


# value tier -> lowest conversion rate (0-1) it takes, as value_tier() decides
_TIER_FLOORS = (("PREMIUM", 0.5), ("HIGH", 0.25), ("MEDIUM", 0.1), ("LOW", 0.05), ("MINIMAL", 0.0))


def _tier_evidence(outcome: Outcome, tier: str, segment_id: int) -> Evidence:
    """The conversion rate behind the ``[TIER VALUE]`` of a persona's name."""
    return Evidence(
        field="persona_name",
        claim=f"{tier} VALUE",
        statistic=RATE,
        value=outcome.rate,
        baseline=outcome.baseline_rate,
        interval=outcome.interval,
        n=outcome.known,
        thresholds=_TIER_FLOORS,
        segment_id=segment_id,
    )


def _titles_key(titles: PreparedColumn) -> str:
    return f"{titles.name} (titles)"


def _table(labels: np.ndarray, k: int, col: PreparedColumn) -> np.ndarray:
    """``(k, levels)`` counts of ``col``'s values per cluster."""
    m = len(col.levels)
    return np.bincount(labels * m + col.codes, minlength=k * m).reshape(k, m)


def _count(
    labels: np.ndarray,
    k: int,
    columns: list[PreparedColumn],
    outcome: tuple[np.ndarray, np.ndarray] | None,
    titles: PreparedColumn | None,
) -> _Counts:
    sizes = np.bincount(labels, minlength=k)
    n = int(sizes.sum())
    outcomes: list[Outcome | None] = [None] * k
    if outcome is not None:
        truth, known = outcome
        conv = np.bincount(labels, weights=truth & known, minlength=k).astype(np.int64)
        non = np.bincount(labels, weights=~truth & known, minlength=k).astype(np.int64)
        unk = sizes - conv - non
        c_all, n_all = int(conv.sum()), int(non.sum())
        base = c_all / (c_all + n_all) if c_all + n_all else 0.0
        outcomes = [Outcome(int(conv[c]), int(non[c]), int(unk[c]), base) for c in range(k)]
    return _Counts(
        sizes=sizes,
        tables={col.name: _table(labels, k, col) for col in columns}
        | ({_titles_key(titles): _table(labels, k, titles)} if titles is not None else {}),
        overall_share={
            col.name: np.bincount(col.codes, minlength=len(col.levels)) / max(n, 1) for col in columns
        },
        outcomes=outcomes,
    )


def _segment(
    c: int, labels: np.ndarray, columns: list[PreparedColumn], titles: PreparedColumn | None, counts: _Counts
) -> Segment:
    distributions: dict[str, dict[str, int]] = {}
    placement: dict[str, tuple[str, str]] = {}
    for col in columns:
        distributions[col.name] = _top_counts(counts.tables[col.name][c], col.levels)
        role = "seniority" if col.kind == "title" else col.role
        if role in SECTIONS:
            placement[col.name] = SECTIONS[role]
    if titles is not None:
        key = _titles_key(titles)
        distributions[key] = _top_counts(counts.tables[key][c], titles.levels)
        placement[key] = ("professional", "titles")
    size = int(counts.sizes[c])
    return Segment(
        segment_id=c,
        label="",
        size=size,
        base=int(counts.sizes.sum()),
        member_ids=np.flatnonzero(labels == c),
        distributions=distributions,
        outcome=counts.outcomes[c],
        evidence=_distinctive(counts, columns, c, size),
        facts=TableSegmentFacts(placement=placement),
    )


def _top_counts(counts: np.ndarray, levels: list[str]) -> dict[str, int]:
    """Counts of the most common values of one cluster, plus ``Other``, in order."""
    if counts.sum() == 0:
        return {}
    order = [i for i in np.argsort(-counts, kind="stable") if counts[i] > 0]
    top = order[:_TOP]
    rest = int(counts.sum() - counts[top].sum())
    out = {levels[i]: int(counts[i]) for i in top}
    if rest:
        out["Other"] = rest
    return out


def _label(column: PreparedColumn, value: str) -> str:
    short = len(value) <= 3 or value.replace(".", "", 1).replace("-", "", 1).isdigit()
    return f"{column.name} {value}" if short or column.kind == "numeric" else value


def _distinctive(counts: _Counts, columns: list[PreparedColumn], c: int, size: int) -> list[Evidence]:
    """The segment's five most stand-out column values (share at least 20 %, lift at least 1.2)."""
    traits: list[tuple[float, str, str, Evidence]] = []
    for col in columns:
        share = counts.tables[col.name][c] / max(size, 1)
        overall = counts.overall_share[col.name]
        for i, lv in enumerate(col.levels):
            if lv in (UNKNOWN, "Other") or overall[i] <= 0:
                continue
            lift = share[i] / overall[i]
            if words.STANDOUT.verdict(float(share[i]), float(overall[i])) == words.WORD:
                ev = words.STANDOUT.evidence(
                    "distinctive",
                    float(share[i]),
                    float(overall[i]),
                    claim=_label(col, lv),
                    n=size,
                    columns=(col.name,),
                    category=lv,
                    segment_id=c,
                )
                # ranked on the rounded figures seed 003 prints, as it always was
                key = -round(float(lift), 2) * math.sqrt(round(100 * float(share[i]), 1))
                traits.append((key, col.name, lv, ev))
    traits.sort(key=lambda t: (t[0], t[1], t[2]))
    return [t[3] for t in traits[:5]]


# A name is built on a value only when it clearly leads the segment (``personas.rules.NAMED``: 40 %,
# 10 points ahead of the runner-up, not rarer than in the whole table); two values that together hold
# most of it are named as a pair (``NAMED_PAIR``); else "mixed".
NAME_MIN_SHARE = words.NAMED.level


def _top_value(
    table: np.ndarray, levels: list[str], overall: np.ndarray, mixed: str = "mixed"
) -> tuple[str | None, Evidence | None]:
    """The leading value, ``"A & B"`` for a clear pair, else ``mixed``, with its evidence.

    Never a tie, a 30 % share, or a value rarer in the segment than in the table.
    """
    total = float(table.sum())
    order = [i for i in np.argsort(-table, kind="stable") if levels[i] not in (UNKNOWN, "Other")]
    if not order or total <= 0:
        return None, None
    first = table[order[0]] / total
    second = table[order[1]] / total if len(order) > 1 else 0.0
    base = overall / max(float(overall.sum()), 1.0)
    if first - second >= words.NAME_MIN_LEAD - 1e-12:
        value, ref = float(first), float(base[order[0]])
        if words.NAMED.verdict(value, ref) == words.WORD:
            ev = words.NAMED.evidence(
                "persona_name", value, ref, claim=levels[order[0]], category=levels[order[0]]
            )
            return levels[order[0]], ev
    if second >= words.PAIR_MIN_SHARE:
        value, ref = float(first + second), float(base[order[0]] + base[order[1]])
        if words.NAMED_PAIR.verdict(value, ref) == words.WORD:
            name = f"{levels[order[0]]} & {levels[order[1]]}"
            return name, words.NAMED_PAIR.evidence("persona_name", value, ref, claim=name, category=name)
    return mixed, None


def _names(
    segments: list[Segment], columns: list[PreparedColumn], tables: dict[str, np.ndarray]
) -> tuple[dict[int, str], dict[int, list[Evidence]]]:
    """A name per segment: its top seniority in its top industry, else its stand-out values."""
    by_role = {("seniority" if col.kind == "title" else col.role): col for col in columns}
    lead, where = by_role.get("seniority"), by_role.get("industry")
    names: dict[int, str] = {}
    evidence: dict[int, list[Evidence]] = {seg.segment_id: [] for seg in segments}

    def named(col: PreparedColumn, seg: Segment, mixed: str) -> str | None:
        table = tables[col.name]
        text, ev = _top_value(table[seg.segment_id], col.levels, table.sum(axis=0), mixed)
        if ev is not None:
            evidence[seg.segment_id].append(
                replace(ev, columns=(col.name,), segment_id=seg.segment_id, n=seg.size)
            )
        return text

    for seg in segments:
        parts: list[str] = []
        if lead is not None and where is not None:
            a = named(lead, seg, "Mixed seniority")
            b = named(where, seg, "mixed industries")
            parts = [f"{a} in {b}"] if a and b else [x for x in (a, b) if x]
        if not parts:
            # a name is built on stand-out traits most of the segment shares, never on a 30 % share
            traits = [ev for ev in seg.evidence if ev.value >= NAME_MIN_SHARE][:2]
            parts = [ev.claim for ev in traits]
            evidence[seg.segment_id] += [replace(ev, field="persona_name") for ev in traits]
        if not parts and seg.evidence:
            parts = ["Mixed profile"]
        if not parts:
            parts = [f"Segment {seg.segment_id + 1}"]
        names[seg.segment_id] = " · ".join(parts)
    # the seed names from the top seniority and industry only; two clusters can share that name,
    # so clashing names get their most distinctive trait appended
    groups: dict[str, list[Segment]] = {}
    for seg in segments:
        groups.setdefault(names[seg.segment_id], []).append(seg)
    for group in groups.values():
        if len(group) > 1:
            for seg in group:
                name = names[seg.segment_id]
                extra = next(
                    (ev for ev in seg.evidence if ev.claim not in name and ev.value >= NAME_MIN_SHARE),
                    None,
                )
                if extra is not None:
                    evidence[seg.segment_id].append(replace(extra, field="persona_name"))
                names[seg.segment_id] = f"{name} · {extra.claim}" if extra else f"{name} ({seg.segment_id})"
    return names, evidence


def _rank(personas: list[Persona], segments: list[Segment]) -> list[Persona]:
    """Personas by conversion rate (as printed), then size, then cluster; ``rank`` from 1."""

    def key(p: Persona) -> tuple[float, int, int]:
        seg = segments[p.segment_id]
        m = segment_metrics(seg, segments)
        return (-(m.conversion_rate if m else 0.0), -seg.size, seg.segment_id)

    ranked = sorted(personas, key=key)
    for r, p in enumerate(ranked, start=1):
        p.rank = r
    return ranked


def persona_narrative(p: Persona, seg: Segment, segments: Sequence[Segment]) -> str:
    """The narrative of a table persona, written from its segment as it now stands.

    Used to rewrite a persona after its segment's profile changed (privacy generalisation
    removes claims); the workflow writes it the same way when it builds the persona.

    Examples
    --------
    >>> seg = Segment(0, "A", size=3, base=6)
    >>> persona_narrative(Persona("cluster-0", 0, name="A"), seg, [seg, Segment(1, "B", size=3, base=6)])
    'A: 3 records (50.0% of the table).'
    """
    return _narrative(p, seg, list(segments), overall_metrics(list(segments)))


def _narrative(p: Persona, seg: Segment, segments: list[Segment], overall: ConversionMetrics | None) -> str:
    who = p.name.split(" [")[0]
    text = [
        f"{who}: {seg.size:,} records ({segment_percentages(segments)[seg.segment_id]:.1f}% of the table)."
    ]
    m = segment_metrics(seg, segments)
    if m is not None and overall is not None:
        versus = "above" if m.lift > 1.05 else "below" if m.lift < 0.95 else "in line with"
        text.append(
            f"They convert at {m.conversion_rate:.1f}% (95% CI {m.ci_low:.1f}-{m.ci_high:.1f}%), "
            f"{versus} the "
            f"overall {overall.conversion_rate:.1f}% (lift {m.lift:.2f}x): {m.value_tier.lower()} value."
        )
    distinctive = distinctive_records(seg)
    if distinctive:
        traits = ", ".join(
            f"{t['label']} ({t['share']:.0f}% vs {t['overall_share']:.0f}% overall)" for t in distinctive[:3]
        )
        text.append(f"Stand-out traits: {traits}.")
    placed = sections(seg)
    if "states" in placed["geography"]:
        top_state = next(iter(placed["geography"]["states"]), None)
        level = placed["geography"].get("concentration_level", "").lower()
        text.append(f"Geography: {level} concentration, led by {top_state}.")
    sources = placed["acquisition"].get("lead_sources")
    if sources:
        # the shares are said with the sources: "mostly" would be false for two 20 % sources
        best = [f"{s} ({sources[s]:.0f}%)" for s in sources if s != "Other"][:2]
        text.append(f"Most often reached through {' and '.join(best)}.")
    return " ".join(text)
