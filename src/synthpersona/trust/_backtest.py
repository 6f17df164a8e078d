"""Back-testing: do a run's segment and persona claims hold on rows they were not built from?

A claim is a statistic a segment or persona states about its members: the segment's
share of everyone, the mean of a numeric column, the share with a yes/no flag or with
one category, the conversion rate. Each is recomputed on the held-out rows assigned to
the same segment and compared with a 95 % *prediction* interval: the range a
statistic of the held-out sample is expected in, given the building sample. A
confidence interval of the building value alone would be too narrow for this
comparison, because the held-out value has sampling noise of its own
(``var = s² (1/n_build + 1/n_held_out)``); with 30 % held out a 95 % confidence
interval would contain only about 72 % of held-out values of a perfectly stable claim.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synthpersona._stats import normal_quantile
from synthpersona.model import MEAN, RATE, SHARE, VALUE_SHARE, Persona, Segment
from synthpersona.schema import TRUE_WORDS

__all__ = [
    "SEGMENT_SHARE",
    "Backtest",
    "ClaimCheck",
    "RankAgreement",
    "check_claims",
    "prediction_interval",
    "rank_agreement",
]

SEGMENT_SHARE = "segment_share"  # the segment's share of everyone analysed
_STATISTICS = (MEAN, SHARE, VALUE_SHARE, RATE)


@dataclass(frozen=True)
class ClaimCheck:
    """One claim, its value on the building rows and on the held-out rows.

    ``interval`` is the 95 % prediction interval of the held-out value (see the module
    docstring); ``inside`` is ``None`` when no held-out row reached the segment.
    ``stated_by`` names the personas (or ``"segment"``) that state the claim.
    """

    segment_id: int
    statistic: str
    column: str | None
    category: str | None
    stated: float
    n_build: int
    held_out: float | None
    n_held_out: int
    interval: tuple[float, float]
    inside: bool | None
    stated_by: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line: what is claimed, the held-out value and the interval."""
        what = self.statistic if self.column is None else f"{self.statistic} {self.column}"
        if self.category is not None:
            what += f"={self.category}"
        held = "n/a" if self.held_out is None else f"{self.held_out:.4g}"
        lo, hi = self.interval
        mark = {True: "ok ", False: "OUT", None: "-- "}[self.inside]
        return (
            f"{mark} segment {self.segment_id}: {what}: stated {self.stated:.4g}, held-out {held} "
            f"(n={self.n_held_out}), interval [{lo:.4g}, {hi:.4g}]"
        )


@dataclass(frozen=True)
class RankAgreement:
    """How well the segments' order by a rate on the building rows repeats on the held-out rows.

    ``spearman`` is the rank correlation of the two rates over segments; ``top_kept``
    whether the best segment stays best.
    """

    spearman: float
    top_kept: bool
    build: tuple[float, ...]
    held_out: tuple[float, ...]
    what: str = "conversion rate"


@dataclass
class Backtest:
    """The back-test of one workflow run: claims checked on held-out rows, calibration, agreement.

    Attributes
    ----------
    workflow
        ``"goal"``, ``"table"`` or ``"clickstream"``.
    split
        ``"random"`` or ``"time:<column>"``.
    n_build, n_held_out
        Rows (people, leads, users) in each part.
    claims
        Every claim checked.
    level
        Nominal coverage of the intervals (0.95).
    ranking
        Conversion ranking agreement (tables with an outcome), else ``None``.
    agreement
        Further named agreement figures (clickstream: transition and conversion).
    notes
        How held-out rows were assigned and anything left out.
    """

    workflow: str
    split: str
    n_build: int
    n_held_out: int
    claims: list[ClaimCheck]
    level: float = 0.95
    ranking: RankAgreement | None = None
    agreement: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def checked(self) -> list[ClaimCheck]:
        """Claims with a held-out value."""
        return [c for c in self.claims if c.inside is not None]

    @property
    def calibration(self) -> float:
        """Share of checked claims whose held-out value lies inside its interval (``nan``: none)."""
        checked = self.checked
        return sum(bool(c.inside) for c in checked) / len(checked) if checked else float("nan")

    def summary(self) -> dict[str, Any]:
        """JSON-ready figures: calibration, counts, the claims outside, agreement."""
        cal = self.calibration
        return {
            "workflow": self.workflow,
            "split": self.split,
            "n_build": self.n_build,
            "n_held_out": self.n_held_out,
            "level": self.level,
            "claims": len(self.claims),
            "checked": len(self.checked),
            "inside": sum(bool(c.inside) for c in self.checked),
            "calibration": None if math.isnan(cal) else cal,
            "outside": [c.describe() for c in self.checked if not c.inside],
            "ranking": None if self.ranking is None else self.ranking.__dict__,
            "agreement": dict(self.agreement),
            "notes": list(self.notes),
        }


def prediction_interval(
    value: float,
    n_build: int,
    n_held_out: int,
    *,
    sd: float | None = None,
    level: float = 0.95,
    extra_var: float = 0.0,
) -> tuple[float, float]:
    """Interval a held-out statistic of ``n_held_out`` rows falls in, given its value on ``n_build``.

    A mean uses the building standard deviation ``sd``; a proportion (``sd=None``) the
    binomial one of a value shrunk one pseudo-count towards 1/2, so a stated 0 % or
    100 % still gets a width. Proportions are clipped to ``[0, 1]``. ``extra_var`` is
    variance beyond sampling noise added to the difference (e.g. the clustering
    boundary's own, estimated by :func:`synthpersona.trust.backtest_events` by
    cross-fitting on the building rows).

    Examples
    --------
    >>> lo, hi = prediction_interval(0.5, 700, 300)
    >>> round(lo, 3), round(hi, 3)
    (0.432, 0.568)
    >>> prediction_interval(10.0, 100, 100, sd=2.0)[1] > 10.5
    True
    """
    z = normal_quantile(0.5 + level / 2)
    scale2 = 1 / max(n_build, 1) + 1 / max(n_held_out, 1)
    if sd is None:
        p = (value * n_build + 0.5) / (n_build + 1)
        half = z * math.sqrt(p * (1 - p) * scale2 + extra_var)
        return (max(0.0, value - half), min(1.0, value + half))
    half = z * math.sqrt(sd * sd * scale2 + extra_var)
    return (value - half, value + half)


def _as_flags(s: pd.Series) -> np.ndarray:
    if s.dtype == bool:
        return s.to_numpy(dtype=np.float64)
    if pd.api.types.is_numeric_dtype(s):
        return (pd.to_numeric(s, errors="coerce").to_numpy(dtype=np.float64) > 0).astype(np.float64)
    return s.astype(str).str.strip().str.casefold().isin(TRUE_WORDS).to_numpy(dtype=np.float64)


def _values(frame: pd.DataFrame, statistic: str, column: str, category: str | None) -> np.ndarray:
    """Per-row values whose mean is the statistic (NaN where unknown)."""
    s = frame[column]
    if statistic == MEAN:
        return pd.to_numeric(s, errors="coerce").to_numpy(dtype=np.float64)
    if statistic == SHARE:
        return _as_flags(s)
    return (s.astype(str) == str(category)).to_numpy(dtype=np.float64)


@dataclass(frozen=True)
class _Spec:
    segment_id: int
    statistic: str
    column: str | None
    category: str | None


def _specs(segments: Sequence[Segment], personas: Iterable[Persona]) -> dict[_Spec, list[str]]:
    """Every distinct segment-level claim and who states it (member-level evidence is left out)."""
    found: dict[_Spec, list[str]] = {}
    for seg in segments:
        found.setdefault(_Spec(seg.segment_id, SEGMENT_SHARE, None, None), []).append("segment")
        if seg.outcome is not None:
            found.setdefault(_Spec(seg.segment_id, RATE, None, None), []).append("segment")
        for ev in seg.evidence:
            if ev.statistic in _STATISTICS and ev.member_id is None and (ev.column or ev.statistic == RATE):
                key = _Spec(
                    seg.segment_id, ev.statistic, ev.column if ev.statistic != RATE else None, ev.category
                )
                found.setdefault(key, []).append("segment")
    for p in personas:
        for ev in p.evidence:
            if ev.statistic not in _STATISTICS or ev.member_id is not None:
                continue
            if ev.statistic != RATE and ev.column is None:
                continue
            key = _Spec(p.segment_id, ev.statistic, ev.column if ev.statistic != RATE else None, ev.category)
            holders = found.setdefault(key, [])
            if p.persona_id not in holders:
                holders.append(p.persona_id)
    return found


def check_claims(
    build: pd.DataFrame,
    held_out: pd.DataFrame,
    build_segments: np.ndarray,
    held_out_segments: np.ndarray,
    segments: Sequence[Segment],
    personas: Iterable[Persona] = (),
    *,
    build_outcome: tuple[np.ndarray, np.ndarray] | None = None,
    held_out_outcome: tuple[np.ndarray, np.ndarray] | None = None,
    level: float = 0.95,
    extra_var: Mapping[str, float] | None = None,
) -> list[ClaimCheck]:
    """Recompute every segment-level claim of ``segments``/``personas`` on both parts and compare.

    Parameters
    ----------
    build, held_out
        The rows the segments were built from and the held-out rows, with the columns
        the claims name (values as the claims count them: numbers, flags, categories).
    build_segments, held_out_segments
        The ``segment_id`` of each row of ``build`` and ``held_out`` (held-out rows
        assigned by the fitted clustering).
    segments, personas
        The run's core objects (claims are read from their evidence).
    build_outcome, held_out_outcome
        ``(success, known)`` boolean arrays per row for rate claims.
    level
        Nominal coverage of the intervals.
    extra_var
        Variance beyond sampling noise per statistic, added to each interval (the clustering
        boundary's own, :func:`synthpersona.trust.table_boundary_noise`; ``mean`` in units of
        the building variance).

    Returns
    -------
    list[ClaimCheck]
        One per distinct claim; the stated value is recomputed on ``build`` (the run's
        own value), so a claim is checked against what the data says, not what was printed.

    Examples
    --------
    >>> from synthpersona.model import Evidence
    >>> seg = Segment(0, "A", size=2, base=4, evidence=[
    ...     Evidence("x", "high x", "mean", 5.0, columns=("x",), segment_id=0)])
    >>> b = pd.DataFrame({"x": [4.0, 6.0, 1.0, 1.0]})
    >>> h = pd.DataFrame({"x": [5.5, 1.0]})
    >>> checks = check_claims(b, h, np.array([0, 0, 1, 1]), np.array([0, 1]), [seg])
    >>> [(c.statistic, c.stated, c.held_out, c.inside) for c in checks]
    [('segment_share', 0.5, 0.5, True), ('mean', 5.0, 5.5, True)]
    """
    build_segments = np.asarray(build_segments)
    held_out_segments = np.asarray(held_out_segments)
    out: list[ClaimCheck] = []
    extra = dict(extra_var or {})
    for spec, holders in _specs(segments, personas).items():
        ev = extra.get(spec.statistic, 0.0)
        in_b = build_segments == spec.segment_id
        in_h = held_out_segments == spec.segment_id
        if spec.statistic == SEGMENT_SHARE:
            nb, nh = len(build_segments), len(held_out_segments)
            stated = float(in_b.mean()) if nb else float("nan")
            held: float | None = float(in_h.mean()) if nh else None
            interval = prediction_interval(stated, nb, nh, level=level, extra_var=ev)
        elif spec.statistic == RATE:
            if build_outcome is None or held_out_outcome is None:
                continue
            (sb, kb), (sh, kh) = build_outcome, held_out_outcome
            nb, nh = int((in_b & kb).sum()), int((in_h & kh).sum())
            if nb == 0:
                continue
            stated = float((in_b & kb & sb).sum() / nb)
            held = float((in_h & kh & sh).sum() / nh) if nh else None
            interval = prediction_interval(stated, nb, nh, level=level, extra_var=ev)
        else:
            assert spec.column is not None
            if spec.column not in build.columns or spec.column not in held_out.columns:
                continue
            vb = _values(build, spec.statistic, spec.column, spec.category)[in_b]
            vh = _values(held_out, spec.statistic, spec.column, spec.category)[in_h]
            vb, vh = vb[np.isfinite(vb)], vh[np.isfinite(vh)]
            nb, nh = len(vb), len(vh)
            if nb == 0:
                continue
            stated = float(vb.mean())
            held = float(vh.mean()) if nh else None
            sd = float(vb.std(ddof=1)) if (spec.statistic == MEAN and nb > 1) else None
            interval = prediction_interval(
                stated,
                nb,
                nh,
                sd=sd if spec.statistic == MEAN else None,
                level=level,
                extra_var=ev * sd * sd if sd is not None else ev if spec.statistic != MEAN else 0.0,
            )
        inside = None if held is None or nh == 0 else bool(interval[0] - 1e-12 <= held <= interval[1] + 1e-12)
        out.append(
            ClaimCheck(
                segment_id=spec.segment_id,
                statistic=spec.statistic,
                column=spec.column,
                category=spec.category,
                stated=stated,
                n_build=nb,
                held_out=held,
                n_held_out=nh,
                interval=interval,
                inside=inside,
                stated_by=tuple(holders),
            )
        )
    return out


def rank_agreement(
    build: Sequence[float], held_out: Sequence[float], what: str = "conversion rate"
) -> RankAgreement:
    """Spearman correlation of two per-segment rates and whether the top segment stays on top.

    Examples
    --------
    >>> r = rank_agreement([0.6, 0.25, 0.15, 0.05], [0.55, 0.2, 0.22, 0.04])
    >>> round(r.spearman, 2), r.top_kept
    (0.8, True)
    """
    b = np.asarray(build, dtype=np.float64)
    h = np.asarray(held_out, dtype=np.float64)
    ok = np.isfinite(b) & np.isfinite(h)
    b_ok, h_ok = b[ok], h[ok]
    if len(b_ok) < 2:
        rho = float("nan")
    else:
        rb = pd.Series(b_ok).rank().to_numpy()
        rh = pd.Series(h_ok).rank().to_numpy()
        rho = float(np.corrcoef(rb, rh)[0, 1]) if rb.std() > 0 and rh.std() > 0 else float("nan")
    top = bool(len(b_ok) > 0 and int(np.argmax(b_ok)) == int(np.argmax(h_ok)))
    return RankAgreement(
        spearman=rho,
        top_kept=top,
        build=tuple(float(x) for x in b),
        held_out=tuple(float(x) for x in h),
        what=what,
    )
