"""Readable tables and labels: friendly headers, formatted numbers, human names for internal ones.

One home for how the UI writes a number: percentages (``45.5%``), percentage points
(``+3.2 pp``), p-values (``< 0.001`` below a thousandth, else three decimals), rupees
(``₹39K``), and blanks (an en dash, never ``None`` or ``nan``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from synthpersona.segmentation import ALGORITHMS

__all__ = [
    "BLANK",
    "chat_evidence_table",
    "evidence_table",
    "friendly",
    "human",
    "number",
    "p_value",
    "pct",
    "pp",
    "readable_table",
    "short_name",
]

BLANK = "–"
# Headers and internal names that a plain "snake case to words" would get wrong or leave cryptic.
_HEADERS = {
    "ci_low": "95 % interval from",
    "ci_high": "95 % interval to",
    "p_value": "p-value",
    "abs_lift": "Absolute lift",
    "rel_lift": "Relative lift",
    "share_users": "Share of users",
    "n_users": "Users",
    "users": "Users",
    "mde": "Smallest detectable effect",
    "exit_event": "Usual exit",
    "top_trait": "Most distinctive trait",
    "median_session_events": "Events per session (median)",
    "typical_path": "Typical path",
    "conversion_rate": "Conversion",
    "n_control": "Users (control)",
    "n_treatment": "Users (treatment)",
    "synthetic": "Synthetic",
    "real": "Real (held out)",
    "monthly_income_inr": "Monthly income (₹)",
    "household_income_inr": "Household income (₹)",
}
_NAMES = {
    "assess_mode": "Assess (realistic test)",
    "learn_mode": "Learn (guided, forgiving)",
    "try_mode": "Try (practice)",
}
_STATISTICS = {
    "value_share": "share of the segment with this value",
    "share": "share of the segment",
    "member_value": "value of the anchoring member",
    "distance_to_centroid": "distance of the member to the segment centre",
    "distance_percentile": "members nearer the centre",
    "mean": "segment mean",
    "median": "segment median",
}
_SHARE_STATISTICS = {"value_share", "share", "distance_percentile"}
# Where a claim is said, named as on the persona card.
_FIELDS = {
    "title": "Name",
    "demographics": "Who",
    "care_about_top2": "Cares about",
    "barriers_top1": "Main barrier",
    "media_preference": "Media",
    "behavioral_score": "Match to the goal",
}


def friendly(name: str) -> str:
    """A column or key name as a header: ``share_users`` -> ``Share of users``.

    Examples
    --------
    >>> friendly("ci_low"), friendly("daily_screen_hours"), friendly("p_value")
    ('95 % interval from', 'Daily screen hours', 'p-value')
    """
    key = str(name)
    if key in _HEADERS:
        return _HEADERS[key]
    words = key.replace("_", " ").replace(".", " · ").strip()
    return words[:1].upper() + words[1:] if words else BLANK


def human(name: Any) -> str:
    """An internal name (mode, archetype, category, algorithm) in plain words.

    Examples
    --------
    >>> human("assess_mode"), human("PERSUASION"), human("medical_history")
    ('Assess (realistic test)', 'Persuasion', 'Medical history')
    """
    key = str(name)
    if key in _NAMES:
        return _NAMES[key]
    if key in ALGORITHMS:  # the clustering registry names its algorithms in words
        return ALGORITHMS[key].shown
    if key.isupper():
        key = key.lower()
    return friendly(key)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def pct(value: Any, digits: int = 1, signed: bool = False) -> str:
    """A share (0.4546) as a percentage (``45.5%``); blanks stay blank.

    Examples
    --------
    >>> pct(0.4546), pct(-0.02, signed=True), pct(None)
    ('45.5%', '-2.0%', '–')
    """
    if _missing(value):
        return BLANK
    return f"{float(value) * 100:{'+' if signed else ''}.{digits}f}%"


def pp(value: Any, digits: int = 1) -> str:
    """A difference of two shares in percentage points (``+3.2 pp``)."""
    if _missing(value):
        return BLANK
    return f"{float(value) * 100:+.{digits}f} pp"


def p_value(value: Any) -> str:
    """A p-value, the same way everywhere: ``< 0.001`` or three decimals.

    Examples
    --------
    >>> p_value(0.0000312), p_value(0.04567), p_value(float("nan"))
    ('< 0.001', '0.046', '–')
    """
    if _missing(value):
        return BLANK
    v = float(value)
    return "< 0.001" if v < 0.001 else f"{v:.3f}"


def number(value: Any, digits: int = 2) -> str:
    """A number for a table cell: integers with thousands separators, others to ``digits``."""
    if _missing(value):
        return BLANK
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) >= 100):
        return f"{int(value):,}"
    if isinstance(value, float):
        if math.isinf(value):
            return "∞"
        return f"{value:,.{digits}f}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or BLANK
    text = str(value).strip()
    return text or BLANK


def readable_table(
    frame: pd.DataFrame,
    *,
    percent: Iterable[str] = (),
    points: Iterable[str] = (),
    p_values: Iterable[str] = ("p_value",),
    rename: dict[str, str] | None = None,
) -> pd.DataFrame:
    """``frame`` as text cells under friendly headers: shares as %, differences in pp, no None.

    Columns named in ``percent`` are shares, in ``points`` differences of shares, in
    ``p_values`` p-values; other numbers are written by :func:`number`.
    """
    percent, points, p_values = set(percent), set(points), set(p_values)
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        values = frame[col].tolist()
        if col in percent:
            cells = [pct(v) for v in values]
        elif col in points:
            cells = [pp(v) for v in values]
        elif col in p_values:
            cells = [p_value(v) for v in values]
        else:
            cells = [number(v) for v in values]
        out[(rename or {}).get(col) or friendly(col)] = cells
    return out


def _evidence_value(statistic: str, value: Any) -> str:
    if _missing(value):
        return BLANK
    if statistic in _SHARE_STATISTICS and isinstance(value, int | float):
        return pct(value)
    return number(value)


def _field(field: str) -> str:
    if field.startswith("personality_traits."):
        return "Trait: " + friendly(field.split(".", 1)[1]).lower()
    return _FIELDS.get(field) or friendly(field)


def evidence_table(evidence: list[dict[str, Any]]) -> pd.DataFrame:
    """The evidence of a persona: each claim, where it is said, and the statistic behind it."""
    rows = []
    for e in evidence:
        stat = str(e.get("statistic") or "")
        columns = e.get("column") or ", ".join(e.get("columns") or [])
        value = e.get("value")
        rows.append(
            {
                "Claim": str(e.get("claim") or BLANK),
                "Said in": _field(str(e.get("field") or "")),
                "Data column": friendly(str(columns)) if columns else BLANK,
                "Statistic": _STATISTICS.get(stat, friendly(stat) if stat else "member's score")
                + (f" ({value})" if value not in (None, "") else ""),
                "Segment": _evidence_value(stat, e.get("cluster_value")),
                "Whole audience": _evidence_value(stat, e.get("audience_value")),
                "Effect size": number(e.get("effect_size")),
            }
        )
    return pd.DataFrame(rows)


_CHAT_PARTS = {
    "profile": "profile",
    "personality_traits": "trait",
    "knowledge": "knowledge file",
    "evidence": "segment",
}


def _chat_field(field: str) -> str:
    """``profile.main_festival`` -> ``Main festival (profile)``; card fields as on the card."""
    head, _, rest = field.partition(".")
    if rest and head in _CHAT_PARTS:
        return f"{friendly(rest.replace('.', '_'))} ({_CHAT_PARTS[head]})"
    return _FIELDS.get(field) or friendly(field)


def _chat_value(record: dict[str, Any]) -> str:
    if "claim" in record:  # a statistic of the persona's segment
        stat = str(record.get("statistic") or "")
        seg, aud = record.get("cluster_value"), record.get("audience_value")
        text = f"{record['claim']}: segment {_evidence_value(stat, seg)}"
        return text + (f" vs audience {_evidence_value(stat, aud)}" if aud is not None else "")
    if "value" in record:
        return number(record["value"])
    shown = {k: v for k, v in record.items() if k not in ("field", "source")}
    return "; ".join(f"{friendly(k).lower()} {number(v)}" for k, v in shown.items()) or BLANK


def chat_evidence_table(evidence: list[dict[str, Any]]) -> pd.DataFrame:
    """What one chat reply rests on: the data behind it, its value and where it comes from.

    Examples
    --------
    >>> rec = {"field": "profile.main_festival", "value": "Diwali", "source": "anchor member user_id 7"}
    >>> chat_evidence_table([rec]).iloc[0].tolist()
    ['Main festival (profile)', 'Diwali', 'anchor member user_id 7']
    """
    rows = [
        {
            "Data": _chat_field(str(e.get("field") or "")),
            "Value": _chat_value(e),
            "Where from": str(e.get("source") or ("segment statistics" if "claim" in e else BLANK)),
        }
        for e in evidence
    ]
    return pd.DataFrame(rows, columns=["Data", "Value", "Where from"])


_TITLES = {"dr", "mr", "mrs", "ms", "miss", "prof", "shri", "smt", "sri", "kumari", "adv", "capt"}


def short_name(name: object) -> str:
    """How the page addresses a persona: the first name, or title and family name for a titled one.

    Examples
    --------
    >>> short_name("Smruti Sahu — Review-Driven Mom"), short_name("Dr. Kavya Ramasamy")
    ('Smruti', 'Dr. Ramasamy')
    """
    words = str(name).split(" —")[0].split()
    if not words:
        return str(name)
    if words[0].rstrip(".").casefold() in _TITLES and len(words) > 1:
        return f"{words[0]} {words[-1]}"  # "Dr. Kavya Ramasamy" is "Dr. Ramasamy", not "Dr."
    return words[0]
