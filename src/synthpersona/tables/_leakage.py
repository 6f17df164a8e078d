"""Target leakage: columns that restate the outcome, found by name and by association.

A CRM export often carries the answer twice: next to a ``Converted`` flag sit a lifecycle
stage ``Customer``, a lead status ``Closed - Converted``, a deal stage ``Closed Won`` or a
conversion date that is only filled for converted leads. Clustering on them makes every
persona "the ones who converted". An analyst drops them; so does this module:

- :func:`leak_by_name`: the name says status/stage/conversion and (for the generic
  ``Status``/``Stage``) the values use outcome words;
- :func:`leak_by_association`: the column alone predicts the target almost perfectly
  (balanced accuracy of its best one-column rule >= 0.95, or of its blank/filled pattern).

Examples
--------
>>> import numpy as np, pandas as pd
>>> leak_by_name("Lifecycle Stage", pd.Series(["Lead", "Customer"]))
'its name says it is the lifecycle stage, status or conversion record'
>>> truth = np.array([True, False] * 50)
>>> round(leak_by_association(pd.Series(["Closed Won", "Closed Lost"] * 50), truth, np.ones(100, bool)), 2)
1.0
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from synthpersona.tables._columns import norm_name

__all__ = ["LEAK_THRESHOLD", "leak_by_association", "leak_by_name"]

LEAK_THRESHOLD = 0.95  # balanced accuracy of the column alone at which it restates the target
_MIN_CLASS = 10  # fewer positives or negatives than this and association is not judged
_MIN_LEVEL = 5  # levels seen fewer times predict nothing (no rule from a handful of rows)
_MAX_LEVELS = 50

_STRONG = re.compile(
    "|".join(
        (
            r"lifecycle",
            r"(deal|lead|opportunity|opp|sales|pipeline|crm|application|admission|enrol+ment|order)"
            r"(stage|status|phase)",
            r"converted",
            r"conversion(date|time|on|at|value)",
            r"(close|closing|closed)(date|on|at|won|lost|reason)",
            r"(won|lost|loss|disqualif\w*)(reason|date|on|at)",
            r"reason(won|lost|for(loss|losing|disqualification))",
            r"customersince",
            r"becamea",
            r"dateof(conversion|purchase|enrol+ment|admission|payment)",
            r"(payment|invoice|order)(status|date|id|number|received)",
            r"(purchase|enrol+ment|admission)date",
            r"salesstatus",
            r"abschluss(datum|status)",
            r"statut",
        )
    )
)
_GENERIC = re.compile(r"^(status|stage|phase|result|disposition|leadstage|currentstage|pipeline)$")
_OUTCOME_WORDS = re.compile(
    r"\b(won|lost|converted|customer|closed|enrol+ed|admitted|paid|purchased|sold|sale|deal|"
    r"gewonnen|verloren|kunde|abgeschlossen|gagné|perdu|client|ganado|perdido)\b",
    re.IGNORECASE,
)


def leak_by_name(name: str, values: pd.Series) -> str | None:
    """Why the column restates the outcome by its name (and values), or ``None``."""
    key = norm_name(name)
    if _STRONG.search(key):
        return "its name says it is the lifecycle stage, status or conversion record"
    if _GENERIC.match(key):
        levels = values.dropna().astype(str).unique()[:200]
        if any(_OUTCOME_WORDS.search(v) for v in levels):
            return "a status/stage whose values name the outcome (won, lost, converted, customer...)"
    return None


def _balanced_accuracy(codes: np.ndarray, n_levels: int, y: np.ndarray) -> float:
    pos = np.bincount(codes, weights=y, minlength=n_levels)
    tot = np.bincount(codes, minlength=n_levels).astype(float)
    base = y.mean()
    rate = np.divide(pos, tot, out=np.zeros_like(pos), where=tot > 0)
    predict = (rate > base) & (tot >= _MIN_LEVEL)
    hit = predict[codes]
    tpr = float((hit & y).sum() / max(y.sum(), 1))
    tnr = float((~hit & ~y).sum() / max((~y).sum(), 1))
    return 0.5 * (tpr + tnr)


def leak_by_association(values: pd.Series, truth: np.ndarray, known: np.ndarray) -> float:
    """How well the column alone predicts the target (balanced accuracy, 0.5 = not at all).

    The best of: one rule per value (columns with at most 50 values), the blank/filled
    pattern, and "the most common value or not". ``0.0`` when there are fewer than 10
    positives or negatives to judge by.
    """
    y = np.asarray(truth, bool)[np.asarray(known, bool)]
    if y.sum() < _MIN_CLASS or (~y).sum() < _MIN_CLASS:
        return 0.0
    raw_codes, raw_uniques = pd.factorize(values, use_na_sentinel=True)
    # trim and case-fold the distinct values only (a million rows cost one factorisation)
    keys = [str(u).strip().casefold() for u in raw_uniques]
    key_codes, uniques = pd.factorize(pd.Series(keys, dtype=object))
    lut = np.append(key_codes, len(uniques)).astype(np.int64)  # blanks: their own level
    codes = lut[np.where(raw_codes < 0, len(raw_uniques), raw_codes)][np.asarray(known, bool)]
    scores = [_balanced_accuracy((codes == len(uniques)).astype(np.int64), 2, y)]
    if len(uniques) <= _MAX_LEVELS:
        scores.append(_balanced_accuracy(codes, len(uniques) + 1, y))
    else:
        top = int(np.bincount(codes).argmax())
        scores.append(_balanced_accuracy((codes == top).astype(np.int64), 2, y))
    return max(scores)
