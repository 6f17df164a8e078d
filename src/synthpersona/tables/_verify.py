"""Re-derive every number and word of a table's personas (seed 003's ``personas.json``) from the rows.

:func:`verify_table_personas` reads the entries a user sees and recomputes them with
``pandas.crosstab`` over the prepared columns and the cluster of every row,
independently of the ``np.bincount`` code that wrote them: sizes and shares,
conversion counts, rate, tier, lift and interval, every section's distribution, the
stand-out values, each word of the name against its
:class:`~synthpersona.personas.WordRule` (true twice: a level in the segment and a
contrast with the whole table), and the figures and words of the narrative.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd

from synthpersona._stats import wilson_interval
from synthpersona.personas import Mismatch, rule_of
from synthpersona.personas import rules as words
from synthpersona.tables._columns import UNKNOWN
from synthpersona.tables._personas import SECTIONS, concentration_level, value_tier
from synthpersona.tables._types import PreparedColumn

__all__ = ["verify_table_personas"]


def _pct_close(shown: Any, share: float, tol: float = 0.1 + 1e-9) -> bool:
    """A percentage printed to 0.1 (largest-remainder rounding may move it by one step)."""
    return isinstance(shown, int | float) and abs(float(shown) - 100 * share) <= tol


def _row(frame: pd.DataFrame, cid: int) -> pd.Series:
    """One cluster's row of a cluster x level table (zeros for a cluster with no rows)."""
    if cid not in frame.index:
        return pd.Series(0.0, index=frame.columns)
    return cast(pd.Series, frame.loc[cid])


def _titles_key(titles: PreparedColumn) -> str:
    return f"{titles.name} (titles)"


class _Table:
    """Cluster of every row and the share of every level of every column, per cluster and overall."""

    def __init__(
        self, labels: np.ndarray, columns: Sequence[PreparedColumn], titles: PreparedColumn | None
    ) -> None:
        self.labels = pd.Series(np.asarray(labels))
        self.n = len(self.labels)
        self.by_name = {c.name: c for c in columns}
        if titles is not None:  # the raw titles of a title column, beside its seniority levels
            self.by_name[_titles_key(titles)] = titles
        self._shares: dict[str, tuple[pd.DataFrame, pd.Series]] = {}

    def shares(self, name: str) -> tuple[pd.DataFrame, pd.Series]:
        """(cluster x level shares, overall level shares) of column ``name``."""
        if name not in self._shares:
            col = self.by_name[name]
            values = pd.Series(np.asarray(col.levels, dtype=object)[col.codes])
            self._shares[name] = (
                pd.crosstab(self.labels, values, normalize="index"),
                values.value_counts(normalize=True),
            )
        return self._shares[name]


def verify_table_personas(
    entries: Sequence[dict[str, Any]],
    labels: np.ndarray,
    columns: Sequence[PreparedColumn],
    outcome: tuple[np.ndarray, np.ndarray] | None,
    titles: PreparedColumn | None = None,
) -> list[Mismatch]:
    """Every number and word of ``entries`` (``personas.json``) the rows do not back.

    Parameters
    ----------
    entries
        Seed 003's persona entries (:func:`synthpersona.views.seed003.personas`).
    labels
        Cluster of every row (``clustered.csv``'s ``Cluster`` column).
    columns
        The prepared feature columns (``TableAnalysis.prepared``).
    outcome
        ``(is_true, is_known)`` of the target, or ``None`` without one.
    titles
        The raw job-title column, when the table has one.

    Examples
    --------
    >>> from synthpersona.tables import analyze_table
    >>> from synthpersona.views import seed003
    >>> df = pd.DataFrame({"Industry": ["Banking", "Retail"] * 30, "Plan": ["A", "A", "B"] * 20})
    >>> res = analyze_table(df, k=2, mode="generic")
    >>> entries = seed003.personas(res.segments, res.personas)
    >>> verify_table_personas(entries, res.labels, res.prepared, res.outcome, res.titles)
    []
    """
    table = _Table(labels, columns, titles)
    found: list[Mismatch] = []
    sizes = table.labels.value_counts()
    overall_rate = None
    if outcome is not None:
        truth, known = (np.asarray(a, dtype=bool) for a in outcome)
        overall_rate = truth[known].mean() if known.any() else 0.0
    for entry in entries:
        cid = int(entry.get("cluster_id", -1))
        where = f"persona {entry.get('persona_id')} ({entry.get('persona_name')})"
        size = int(sizes.get(cid, 0))
        if entry.get("cluster_size") != size:
            found.append(Mismatch(f"{where} cluster_size", str(entry.get("cluster_size")), f"{size:,}"))
            continue
        if not _pct_close(entry.get("cluster_percentage"), size / table.n):
            found.append(
                Mismatch(
                    f"{where} cluster_percentage",
                    str(entry.get("cluster_percentage")),
                    f"{100 * size / table.n:.1f}",
                )
            )
        inside = (table.labels == cid).to_numpy()
        tier = None
        if outcome is not None and overall_rate is not None:
            tier, more = _check_conversion(where, entry, truth[inside], known[inside], float(overall_rate))
            found += more
        found += _check_sections(where, entry, table, cid, columns, titles)
        found += _check_distinctive(where, entry, table, cid)
        found += _check_name(where, entry, table, cid, tier)
        found += _check_narrative(where, entry)
    return found


def _check_conversion(
    where: str, entry: dict[str, Any], truth: np.ndarray, known: np.ndarray, overall: float
) -> tuple[str, list[Mismatch]]:
    m = entry.get("conversion_metrics") or {}
    conv, non = int((truth & known).sum()), int((~truth & known).sum())
    rate = 100 * conv / (conv + non) if conv + non else 0.0
    lo, hi = (100 * x for x in wilson_interval(conv, conv + non)) if conv + non else (0.0, 0.0)
    want = {
        "conversions": conv,
        "non_conversions": non,
        "conversion_rate": round(rate, 1),
        "value_tier": value_tier(rate),
        "ci_low": round(lo, 1),
        "ci_high": round(hi, 1),
        "lift": round(rate / (100 * overall), 2) if overall else 0.0,
    }
    found = [
        Mismatch(f"{where} {key}", str(m.get(key)), str(value))
        for key, value in want.items()
        if not (m.get(key) == value or (isinstance(value, float) and math.isclose(m.get(key) or 0.0, value)))
    ]
    return str(want["value_tier"]), found


def _check_sections(
    where: str,
    entry: dict[str, Any],
    table: _Table,
    cid: int,
    columns: Sequence[PreparedColumn],
    titles: PreparedColumn | None,
) -> list[Mismatch]:
    found: list[Mismatch] = []
    placed = [
        (c, SECTIONS.get("seniority" if c.kind == "title" else (c.role or ""), ("attributes", c.name)))
        for c in columns
    ]
    if titles is not None:
        placed.append((titles, ("professional", "titles")))
    for col, (section, key) in placed:
        shown = (entry.get(section) or {}).get(key)
        if not shown:
            continue
        name = _titles_key(col) if col is titles else col.name
        share = _row(table.shares(name)[0], cid)
        for value, pct in shown.items():
            if value == "Other":
                named = [v for v in shown if v != "Other"]
                got = 1.0 - float(share.reindex(named).fillna(0.0).sum())
            else:
                got = float(share.get(value, 0.0))
            if not _pct_close(pct, got):
                found.append(Mismatch(f"{where} {section}.{key}.{value}", f"{pct}%", f"{100 * got:.1f}%"))
    geo = entry.get("geography") or {}
    if "concentration_level" in geo and geo["concentration_level"] != concentration_level(
        geo.get("concentration", 0.0)
    ):
        found.append(
            Mismatch(
                f"{where} concentration_level",
                geo["concentration_level"],
                concentration_level(geo["concentration"]),
                "word",
            )
        )
    return found


def _check_distinctive(where: str, entry: dict[str, Any], table: _Table, cid: int) -> list[Mismatch]:
    found: list[Mismatch] = []
    for rec in entry.get("distinctive") or []:
        inside, overall = table.shares(rec["column"])
        share, base = float(_row(inside, cid).get(rec["value"], 0.0)), float(overall.get(rec["value"], 0.0))
        label = f"{where} distinctive {rec['column']}={rec['value']}"
        if not (
            _pct_close(rec.get("share"), share, 0.05 + 1e-9)
            and _pct_close(rec.get("overall_share"), base, 0.05 + 1e-9)
        ):
            found.append(
                Mismatch(
                    label,
                    f"{rec.get('share')}% vs {rec.get('overall_share')}%",
                    f"{100 * share:.1f}% vs {100 * base:.1f}%",
                )
            )
        elif words.STANDOUT.verdict(share, base) != words.WORD:
            found.append(
                Mismatch(label, rec["label"], f"{share:.0%} vs {base:.0%} (needs 20% and 1.2x)", "word")
            )
    return found


def _name_share(table: _Table, ev: dict[str, Any], cid: int) -> tuple[float, float, float]:
    """(segment share, table share, lead over the runner-up) of the value(s) a name word names."""
    inside, overall = table.shares(ev["columns"][0])
    row = _row(inside, cid).drop([UNKNOWN, "Other"], errors="ignore").sort_values(ascending=False)
    values = (
        ev["category"].split(" & ")
        if ev["statistic"] == words.VALUE_SHARE and " & " in ev["category"]
        else [ev["category"]]
    )
    share = float(sum(_row(inside, cid).get(v, 0.0) for v in values))
    base = float(sum(overall.get(v, 0.0) for v in values))
    runner = float(row.drop(values, errors="ignore").iloc[0]) if len(row) > len(values) else 0.0
    return share, base, share - runner


def _check_name(
    where: str, entry: dict[str, Any], table: _Table, cid: int, tier: str | None
) -> list[Mismatch]:
    found: list[Mismatch] = []
    name = str(entry.get("persona_name", ""))
    for ev in entry.get("evidence") or []:
        rule = rule_of(str(ev.get("statistic", "")), ev.get("thresholds") or [])
        if rule is None or not ev.get("columns"):
            continue
        share, base, lead = _name_share(table, ev, cid)
        claim = str(ev.get("claim"))
        ok = rule.verdict(share, base) == words.WORD and claim in name
        if rule is words.NAMED and lead < words.NAME_MIN_LEAD - 1e-9:
            ok = False
        if not ok:
            found.append(
                Mismatch(
                    f"{where} name",
                    claim,
                    f"{share:.0%} of the segment vs {base:.0%} of the table (lead {lead:.0%})",
                    "word",
                )
            )
    shown_tier = re.search(r"\[(\w+) VALUE\]$", name)
    if tier is not None and (shown_tier is None or shown_tier.group(1) != tier):
        found.append(
            Mismatch(f"{where} name", shown_tier.group(0) if shown_tier else name, f"[{tier} VALUE]", "word")
        )
    return found


_CONVERT = re.compile(
    r"convert at ([\d.]+)% .*?, (above|below|in line with) the overall ([\d.]+)% "
    r"\(lift ([\d.]+)x\): (\w+) value"
)
_REACHED = re.compile(r"Most often reached through ([^.]+?)\.(?: |$)")
_MOSTLY = re.compile(r"Mostly reached through ([^.]+?)\.(?: |$)")


def _check_narrative(where: str, entry: dict[str, Any]) -> list[Mismatch]:
    text = str(entry.get("narrative", ""))
    found: list[Mismatch] = []
    if (
        f"{entry.get('cluster_size', 0):,} records ({entry.get('cluster_percentage', 0):.1f}% of the table)"
        not in text
    ):
        found.append(Mismatch(f"{where} narrative", text[:60], f"{entry.get('cluster_size'):,} records"))
    m, metrics = _CONVERT.search(text), entry.get("conversion_metrics")
    if metrics:
        lift = metrics["lift"]
        versus = "above" if lift > 1.05 else "below" if lift < 0.95 else "in line with"
        if m is None or (float(m.group(1)), m.group(2), float(m.group(4)), m.group(5)) != (
            metrics["conversion_rate"],
            versus,
            lift,
            metrics["value_tier"].lower(),
        ):
            found.append(
                Mismatch(
                    f"{where} narrative",
                    m.group(0) if m else text[:60],
                    f"{metrics['conversion_rate']}%, {versus}, lift {lift}",
                    "word",
                )
            )
    sources = (entry.get("acquisition") or {}).get("lead_sources") or {}
    best = [s for s in sources if s != "Other"][:2]
    reached = _REACHED.search(text)
    if reached:
        want = " and ".join(f"{s} ({sources[s]:.0f}%)" for s in best)
        if reached.group(1) != want:
            found.append(Mismatch(f"{where} narrative", reached.group(0), want))
    mostly = _MOSTLY.search(text)
    if mostly and sum(sources.get(s, 0.0) for s in mostly.group(1).split(" and ")) < 50:
        found.append(
            Mismatch(f"{where} narrative", mostly.group(0), "the named sources hold under half", "word")
        )
    return found
