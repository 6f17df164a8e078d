"""Privacy of personas built from an uploaded table: k-anonymity, no identifiers, small cells, Laplace noise.

- **k-anonymity of each persona.** A persona's stated attribute combination (the
  categories its segment's claims name, e.g. ``Industry=Banking, Job Title=C-Suite``,
  plus its anchor's values when it has an anchor) must match at least ``k`` rows of
  the source table. When it matches fewer, the most specific attribute (the one whose
  removal adds the most matching rows) is generalised away until ``k`` rows match;
  each generalisation is reported.
- **No identifiers or free text carried over.** No value of a column whose role is
  personal data, an identifier or free text (:data:`synthpersona.tables.COLUMN_ROLES`)
  may appear in what a persona shows.
- **Small cells.** A count from fewer than ``k`` people in a segment profile is merged
  into ``Other`` (which stays: it is the segment's rest, and the other shares stay true);
  a claim resting on fewer than ``k`` people is withdrawn.
- **Differential privacy (optional).** Laplace noise on every published count (segment
  sizes, value counts, conversions). The total budget ``epsilon`` of one release is split
  evenly over the published histograms; each person changes one cell of each histogram
  by one (sensitivity 1), so by sequential composition the counts are
  ``epsilon``-differentially private *given the segmentation* (the clustering itself is
  not a private algorithm).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.model import VALUE_SHARE, Outcome, Persona, Segment

__all__ = [
    "DEFAULT_K",
    "Combination",
    "Leak",
    "PrivacyReport",
    "SmallCell",
    "add_laplace_noise",
    "find_leaks",
    "k_anonymous_combination",
    "persona_combination",
    "rewrite_generalised",
    "suppress_small_cells",
]

DEFAULT_K = 5
OTHER = "Other"


@dataclass(frozen=True)
class Combination:
    """A persona's stated attribute combination and how many source rows share it.

    ``attributes`` maps each column to the values the persona states (several values
    of one column mean any of them); ``generalised`` lists the attributes dropped to
    reach ``k`` rows, as ``column=value|value``.
    """

    persona_id: str
    segment_id: int
    attributes: tuple[tuple[str, tuple[str, ...]], ...]
    matches: int
    generalised: tuple[str, ...] = ()
    k: int = DEFAULT_K

    @property
    def anonymous(self) -> bool:
        """At least ``k`` source rows share the combination."""
        return self.matches >= self.k


@dataclass(frozen=True)
class SmallCell:
    """A profile count from fewer than ``k`` people and what was done with it."""

    segment_id: int
    column: str
    value: str
    count: int
    action: str  # "merged into Other", "claim withdrawn"


@dataclass(frozen=True)
class Leak:
    """A value of a personal, identifier or free-text column found in what a persona shows."""

    where: str
    column: str
    value: str


@dataclass
class PrivacyReport:
    """Outcome of the privacy checks of one run.

    ``combinations`` are after generalisation (each ``anonymous`` when the table has
    ``k`` rows at all); ``epsilon`` is ``None`` without differential privacy.
    """

    k: int
    combinations: list[Combination]
    small_cells: list[SmallCell]
    leaks: list[Leak]
    protected_columns: list[str]
    epsilon: float | None = None
    epsilon_per_histogram: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every persona matches at least ``k`` rows and nothing identifying is carried over."""
        return all(c.anonymous for c in self.combinations) and not self.leaks

    def summary(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {
            "k": self.k,
            "ok": self.ok,
            "personas": [
                {
                    "persona_id": c.persona_id,
                    "segment_id": c.segment_id,
                    "attributes": {col: list(vals) for col, vals in c.attributes},
                    "matches": c.matches,
                    "anonymous": c.anonymous,
                    "generalised": list(c.generalised),
                }
                for c in self.combinations
            ],
            "small_cells": [c.__dict__ for c in self.small_cells],
            "leaks": [lk.__dict__ for lk in self.leaks],
            "protected_columns": list(self.protected_columns),
            "epsilon": self.epsilon,
            "epsilon_per_histogram": self.epsilon_per_histogram,
            "notes": list(self.notes),
        }


def persona_combination(persona: Persona, segment: Segment, columns: Iterable[str]) -> dict[str, list[str]]:
    """The attribute combination ``persona`` states: its and its segment's category claims, its anchor's.

    Only ``columns`` (those of the source table) count; values of one column are kept
    in the order the claims give them.

    Examples
    --------
    >>> from synthpersona.model import Evidence
    >>> ev = [Evidence("d", "banking", "value_share", 0.9, columns=("Industry",), category="Banking")]
    >>> seg = Segment(0, "Bankers", size=10, base=40, evidence=ev)
    >>> persona_combination(Persona("p0", 0, "Bankers"), seg, ["Industry", "Region"])
    {'Industry': ['Banking']}
    """
    allowed = set(columns)
    out: dict[str, list[str]] = {}
    for ev in [*segment.evidence, *persona.evidence]:
        if ev.statistic == VALUE_SHARE and ev.member_id is None and ev.column in allowed and ev.category:
            vals = out.setdefault(ev.column, [])
            if ev.category not in vals:
                vals.append(ev.category)
    if persona.anchor is not None:
        for col, value in persona.attributes.items():
            if col in allowed and value is not None and col not in out:
                out[col] = [str(value)]
    return out


def _matches(levels: pd.DataFrame, attributes: dict[str, list[str]]) -> np.ndarray:
    mask = np.ones(len(levels), dtype=bool)
    for col, vals in attributes.items():
        mask &= _is_in(levels[col], set(vals))
    return mask


def _is_in(column: pd.Series, values: set[str]) -> np.ndarray:
    """Rows of ``column`` whose text is one of ``values`` (a categorical is matched on its codes)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        hit = np.array([str(c) in values for c in column.cat.categories] + [False])
        return hit[column.cat.codes.to_numpy()]  # code -1 (missing) reads the last entry: no match
    return column.astype(str).isin(values).to_numpy()


def k_anonymous_combination(
    levels: pd.DataFrame, attributes: dict[str, list[str]], k: int = DEFAULT_K
) -> tuple[dict[str, list[str]], int, list[str]]:
    """Generalise ``attributes`` until at least ``k`` rows of ``levels`` share them.

    Drops, one at a time, the attribute whose removal adds the most matching rows.

    Returns
    -------
    tuple
        The kept attributes, the rows matching them, the dropped ones (``column=a|b``).

    Examples
    --------
    >>> lv = pd.DataFrame({"a": ["x"] * 6 + ["y"], "b": ["p"] * 6 + ["q"]})
    >>> k_anonymous_combination(lv, {"a": ["y"], "b": ["q"]}, k=5)
    ({}, 7, ['a=y', 'b=q'])
    >>> k_anonymous_combination(lv, {"a": ["x"]}, k=5)[1]
    6
    """
    kept = {c: list(v) for c, v in attributes.items()}
    masks = {c: _matches(levels, {c: v}) for c, v in kept.items()}  # one pass over the rows per attribute

    def count(cols: list[str]) -> int:
        mask = np.ones(len(levels), dtype=bool)
        for c in cols:
            mask &= masks[c]
        return int(mask.sum())

    dropped: list[str] = []
    matches = count(list(kept))
    while matches < k and kept:
        best = max(kept, key=lambda c: count([o for o in kept if o != c]))
        dropped.append(f"{best}={'|'.join(kept.pop(best))}")
        matches = count(list(kept))
    return kept, matches, dropped


def _rename(name: str, gone: set[str], seg: Segment) -> str:
    """``name`` without the parts that state a withdrawn claim (``gone``: their words).

    A name left empty takes the segment's strongest remaining stand-out value that most of
    it shares (the workflow's own naming rule), else ``Segment N``.
    """
    from synthpersona.personas import rules

    base, sep, tier = name.partition(" [")
    kept: list[str] = []
    for part in base.split(" · "):
        if " in " in part:  # "<seniority> in <industry>": keep the half that still holds
            halves = [h for h in part.split(" in ", 1) if h not in gone]
            kept += [part] if len(halves) == 2 else halves
        elif part not in gone:
            kept.append(part)
    if not kept:
        kept = [ev.claim for ev in seg.evidence if ev.value >= rules.NAMED.level][:1] or [
            f"Segment {seg.segment_id + 1}"
        ]
    return " · ".join(kept) + (sep + tier if sep else "")


def rewrite_generalised(
    segments: Sequence[Segment], personas: Sequence[Persona], dropped: dict[int, set[str]]
) -> tuple[list[Segment], list[Persona]]:
    """Withdraw every claim on a generalised column, from the profile *and* the persona's words.

    ``dropped``: segment id -> columns generalised away for its persona. The segment loses
    its evidence and value counts on those columns; the persona loses the evidence, the
    name parts that state them (a name left empty becomes ``Segment N``; the value tier
    stays) and gets its narrative rewritten from the segment as it now stands
    (:func:`synthpersona.tables.persona_narrative`).

    Examples
    --------
    >>> from synthpersona.model import Evidence
    >>> ev = Evidence("persona_name", "North", VALUE_SHARE, 0.9, columns=("Region",), category="North")
    >>> seg = Segment(0, "North · Banking", size=9, base=9, evidence=[ev],
    ...               distributions={"Region": {"North": 9}})
    >>> p = Persona("cluster-0", 0, name="North · Banking [HIGH VALUE]", evidence=[ev])
    >>> segs, ps = rewrite_generalised([seg], [p], {0: {"Region"}})
    >>> ps[0].name, ps[0].evidence, segs[0].distributions
    ('Banking [HIGH VALUE]', [], {})
    """
    from synthpersona.tables import persona_narrative

    by_id = {s.segment_id: s for s in segments}
    gone_words: dict[int, set[str]] = {}
    out_segments = []
    for s in segments:
        cols = dropped.get(s.segment_id, set())
        if not cols:
            out_segments.append(s)
            continue
        words = {ev.claim for ev in s.evidence if ev.column in cols}
        words |= {str(v) for c in cols for v in s.distributions.get(c, {})}
        gone_words[s.segment_id] = words
        out_segments.append(
            replace(
                s,
                evidence=[e for e in s.evidence if e.column not in cols],
                distributions={c: v for c, v in s.distributions.items() if c not in cols},
            )
        )
    new_by_id = {s.segment_id: s for s in out_segments}
    out_personas = []
    for p in personas:
        cols = dropped.get(p.segment_id, set())
        if not cols or p.segment_id not in by_id:
            out_personas.append(p)
            continue
        words = gone_words.get(p.segment_id, set()) | {e.claim for e in p.evidence if e.column in cols}
        q = replace(
            p,
            name=_rename(p.name, words, new_by_id[p.segment_id]),
            evidence=[e for e in p.evidence if e.column not in cols],
        )
        q.narrative = persona_narrative(q, new_by_id[p.segment_id], out_segments)
        out_personas.append(q)
    return out_segments, out_personas


def suppress_small_cells(
    segments: Sequence[Segment], personas: Sequence[Persona], k: int = DEFAULT_K
) -> tuple[list[Segment], list[Persona], list[SmallCell]]:
    """Copies of ``segments``/``personas`` with no count from fewer than ``k`` people.

    Value counts below ``k`` are merged into ``Other``; category-share claims resting on
    fewer than ``k`` members are withdrawn. ``Other`` stays even when it holds fewer than
    ``k``: it is the segment's size minus the counts shown (so it reveals nothing more),
    and without it every shown share would be of fewer people than the segment's.

    Examples
    --------
    >>> seg = Segment(0, "A", size=20, base=40, distributions={"City": {"Pune": 16, "Goa": 3, "Other": 1}})
    >>> segs, _, cells = suppress_small_cells([seg], [], k=5)
    >>> segs[0].distributions, [(c.value, c.action) for c in cells]
    ({'City': {'Pune': 16, 'Other': 4}}, [('Goa', 'merged into Other')])
    """
    cells: list[SmallCell] = []
    out_segments = []
    for seg in segments:
        dists: dict[str, dict[str, int]] = {}
        for col, counts in seg.distributions.items():
            kept = {v: c for v, c in counts.items() if c >= k and v != OTHER}
            other = counts.get(OTHER, 0)
            for v, c in counts.items():
                if v != OTHER and c < k:
                    cells.append(SmallCell(seg.segment_id, col, v, int(c), "merged into Other"))
                    other += c
            if other > 0:
                # kept even when small: it is the segment's size minus the counts shown, so it tells
                # nothing new, and dropping it would inflate every other share shown (percentages
                # are of the counts listed)
                kept[OTHER] = other
            dists[col] = kept
        evidence = []
        for ev in seg.evidence:
            if ev.statistic == VALUE_SHARE and ev.n is not None and round(ev.value * ev.n) < k:
                cells.append(
                    SmallCell(
                        seg.segment_id,
                        ev.column or "",
                        ev.category or "",
                        round(ev.value * ev.n),
                        "claim withdrawn",
                    )
                )
                continue
            evidence.append(ev)
        out_segments.append(replace(seg, distributions=dists, evidence=evidence))
    sizes = {s.segment_id: s.size for s in segments}
    out_personas = []
    for p in personas:
        n = sizes.get(p.segment_id, 0)
        evidence = [
            ev
            for ev in p.evidence
            if not (
                ev.statistic == VALUE_SHARE and ev.member_id is None and round(ev.value * (ev.n or n)) < k
            )
        ]
        out_personas.append(replace(p, evidence=evidence))
    return out_segments, out_personas, cells


_PUNCT = "\"'.,;:!?()[]{}<>"
_MAX_WORDS = 8


def _words(text: str) -> list[str]:
    return [w.strip(_PUNCT) for w in text.casefold().split()]


def find_leaks(shown: Iterable[tuple[str, str]], source: pd.DataFrame, columns: Sequence[str]) -> list[Leak]:
    """Values of ``columns`` of ``source`` (4+ characters, up to 8 words) that appear in any shown text.

    ``shown`` pairs where each text is shown (``"persona cluster-0: narrative"``) with
    the text. A value matches whole words of the text (case and surrounding punctuation
    ignored), so ``"Asha"`` is not found in ``"Ashanti"``; every run of up to 8 words of
    the text is looked up, so the cost does not grow with the number of values.

    Examples
    --------
    >>> src = pd.DataFrame({"Email": ["asha@example.com", "ravi@example.com"]})
    >>> find_leaks([("p0: name", "Asha (asha@example.com)")], src, ["Email"])
    [Leak(where='p0: name', column='Email', value='asha@example.com')]
    """
    needles: dict[str, str] = {}
    for col in columns:
        for v in source[col].dropna().astype(str).unique():
            key = " ".join(_words(v))
            if len(key) >= 4 and key.count(" ") < _MAX_WORDS:
                needles.setdefault(key, col)
    longest = max((k.count(" ") + 1 for k in needles), default=0)
    found: list[Leak] = []
    for where, text in shown:
        words = _words(str(text))
        seen: set[str] = set()
        for size in range(1, longest + 1):
            for i in range(len(words) - size + 1):
                candidate = " ".join(words[i : i + size])
                if candidate in needles and candidate not in seen:
                    seen.add(candidate)
                    found.append(Leak(where, needles[candidate], candidate))
    return found


def _noisy(count: float, scale: float, rng: np.random.Generator) -> int:
    return max(0, round(float(count + rng.laplace(0.0, scale))))


def add_laplace_noise(
    segments: Sequence[Segment], epsilon: float, *, random_state: int = 0
) -> tuple[list[Segment], float]:
    """Copies of ``segments`` whose published counts carry Laplace noise; and the epsilon per histogram.

    The budget ``epsilon`` is split evenly over the histograms published: the segment
    sizes, each profiled column's value counts and the conversion counts. Each person
    changes one cell of each histogram by one, so each gets ``Laplace(1 / epsilon_h)``
    noise and the release is ``epsilon``-differentially private given the segmentation.
    Counts are rounded and floored at 0; shares and rates follow from the noisy counts.

    Examples
    --------
    >>> seg = Segment(0, "A", size=500, base=1000, distributions={"City": {"Pune": 300, "Other": 200}})
    >>> noisy, eps_h = add_laplace_noise([seg], epsilon=1.0)
    >>> eps_h, abs(noisy[0].size - 500) < 50
    (0.5, True)
    """
    if not (isinstance(epsilon, int | float) and math.isfinite(epsilon) and epsilon > 0):
        from synthpersona.errors import InputError

        raise InputError(f"epsilon must be a positive number (e.g. 1.0), got {epsilon!r}.")
    columns = sorted({col for s in segments for col in s.distributions})
    histograms = 1 + len(columns) + int(any(s.outcome is not None for s in segments))
    eps_h = float(epsilon) / histograms
    scale = 1.0 / eps_h
    rng = np.random.default_rng([random_state, 31])
    sizes = [_noisy(s.size, scale, rng) for s in segments]
    base = max(sum(sizes), 1)
    out = []
    for seg, size in zip(segments, sizes, strict=True):
        dists = {
            col: {v: _noisy(c, scale, rng) for v, c in counts.items()}
            for col, counts in seg.distributions.items()
        }
        outcome = seg.outcome
        if outcome is not None:
            outcome = Outcome(
                successes=_noisy(outcome.successes, scale, rng),
                failures=_noisy(outcome.failures, scale, rng),
                unknown=outcome.unknown,
            )
        # statistics and evidence values are not noised: a private release leaves them out
        out.append(
            replace(
                seg,
                size=size,
                base=base,
                distributions=dists,
                outcome=outcome,
                statistics={},
                evidence=[],
                member_ids=np.empty(0, dtype=np.int64),
            )
        )
    known = sum(s.outcome.known for s in out if s.outcome is not None)
    wins = sum(s.outcome.successes for s in out if s.outcome is not None)
    for i, seg in enumerate(out):
        if seg.outcome is not None:
            out[i] = replace(seg, outcome=replace(seg.outcome, baseline_rate=wins / known if known else None))
    return out, eps_h
