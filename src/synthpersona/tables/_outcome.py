"""Which of several yes/no columns is the outcome, when the user has not said.

CRM exports often carry more than one yes/no column (``Demo Attended`` and ``दाखिला``,
``Payment Received`` and ``Enrolled``). Taking the wrong one ranks personas by the wrong
thing, so :func:`choose_outcome` picks one only on evidence, in this order:

1. **a status column or a payment restates it**: CRMs derive the outcome flag from the
   pipeline stage, so a stage/status column (by name or header meaning) that predicts
   exactly one of the flags almost perfectly marks that flag as the outcome; so does an
   amount filled only for that flag's yes (``Fees paid`` beside ``Joined?``: money is
   paid once the outcome happened, a demo or a newsletter costs nothing);
2. **its header reads as an outcome** (converted, won, enrolled...) clearly more than the
   others' headers (:func:`~synthpersona.tables._header_meaning.outcome_likeness`).

Otherwise it returns ``None`` and the caller asks for ``--target``.
"""

from __future__ import annotations

import pandas as pd

from synthpersona.tables._columns import norm_name, parse_flag
from synthpersona.tables._header_meaning import header_meaning, outcome_likeness
from synthpersona.tables._leakage import leak_by_association, leak_by_name
from synthpersona.tables._role_words import N_MONEY
from synthpersona.tables._values import parse_numbers

__all__ = ["choose_outcome"]

# Balanced accuracy at which a status column "restates" a flag (as for leakage).
RESTATES = 0.95
# Lead in outcome-likeness (a cosine) one header needs over every other flag's header.
NAME_LEAD = 0.05
_MAX_STATUS_LEVELS = 50


def _status_columns(df: pd.DataFrame, flags: list[str]) -> list[str]:
    out = []
    for col in df.columns:
        name = str(col)
        if name in flags or df[col].nunique(dropna=True) > _MAX_STATUS_LEVELS:
            continue
        if leak_by_name(name, df[col]) is not None or header_meaning(name) == "stage":
            out.append(name)
    return out


def _payment_columns(df: pd.DataFrame, flags: list[str]) -> list[str]:
    """Amounts left blank on some rows: a payment recorded only once something happened."""
    out = []
    for col in df.columns:
        name = str(col)
        filled = df[col].dropna().astype(str).str.strip()
        filled = filled[filled != ""]
        if name in flags or len(filled) in (0, len(df)) or len(filled) > 0.95 * len(df):
            continue
        numbers = parse_numbers(filled.drop_duplicates().head(200), name)
        if numbers.share >= 0.95 and (numbers.currency or N_MONEY.search(norm_name(name))):
            out.append(name)
    return out


def _presence(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.notna() & (text != "")


def choose_outcome(df: pd.DataFrame, flags: list[str]) -> tuple[str | None, str]:
    """The outcome among ``flags`` (two or more yes/no columns) and why, or ``(None, why not)``.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "Newsletter": ["yes", "no"] * 50,
    ...     "Stage": ["Won", "Lost", "Lost", "Won"] * 25,
    ...     "Deal won": ["yes", "no", "no", "yes"] * 25,
    ... })
    >>> choose_outcome(df, ["Newsletter", "Deal won"])[0]
    'Deal won'
    """
    restated: dict[str, str] = {}
    statuses = _status_columns(df, flags)
    payments = _payment_columns(df, flags)
    for flag in flags:
        y, known = parse_flag(df[flag], flag)
        for status in statuses:
            if leak_by_association(df[status], y, known) >= RESTATES:
                restated.setdefault(flag, status)
        for paid in payments:
            if leak_by_association(_presence(df[paid]), y, known) >= RESTATES:
                restated.setdefault(flag, paid)
    if len(restated) == 1:
        flag, status = next(iter(restated.items()))
        what = "an amount filled only when it is yes" if status in payments else "the status column"
        return flag, f"{what} {status!r} restates it, as a pipeline stage or a payment restates its outcome"
    candidates = list(restated) if len(restated) > 1 else flags
    ranked = sorted(candidates, key=outcome_likeness, reverse=True)
    lead = outcome_likeness(ranked[0]) - outcome_likeness(ranked[1])
    if lead >= NAME_LEAD:
        why = f"of {len(flags)} yes/no columns, its name reads most like an outcome (converted, won...)"
        return ranked[0], why
    listed = ", ".join(repr(f) for f in flags[:6])
    return None, f"Several yes/no columns ({listed}) and nothing says which is the outcome"
