"""Filter-level precision / recall / F1 of a goal parser on a labelled evaluation set.

A record is a JSON object: ``goal``, ``filters`` (expected ``{column, op, value}``),
optional ``today`` (ISO date the generations are computed against), ``tags`` and
``error: true`` for goals that must be rejected. A predicted filter matches an
expected one when column and op are equal and the value matches: equal sets for
``in``/``not_in``, equal bounds for ``between``, and for thresholds (``gte``/``lte``/``gt``/``lt``)
a value within a small tolerance (1 year of age, 5% of an income, 0.1 of a score).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from synthpersona.errors import DataError, GoalParseError

FilterLike = Mapping[str, Any]
Parser = Callable[[str, dt.date], list[FilterLike]]
DEFAULT_TODAY = dt.date(2026, 1, 15)


def load_eval_set(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON-lines evaluation set (blank lines and ``//`` comments skipped)."""
    p = Path(path)
    if not p.exists():
        raise DataError(f"Evaluation set {str(p)!r} does not exist.", details={"path": str(p)})
    out = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{p.name}:{n} is not valid JSON: {exc.msg}.") from exc
        if "goal" not in rec or ("filters" not in rec and not rec.get("error")):
            raise DataError(f"{p.name}:{n} needs 'goal' and 'filters' (or 'error': true).")
        out.append(rec)
    return out


def _tol(column: str, value: float) -> float:
    if column == "age":
        return 1.0
    if column in ("monthly_income_inr", "household_income_inr"):
        return max(1.0, abs(value) * 0.05)
    if column.startswith("interest_") or column in (
        "price_sensitivity",
        "privacy_pref",
        "tech_savviness",
        "brand_awareness",
    ):
        return 0.1
    return 0.5


def match_filter(pred: FilterLike, exp: FilterLike) -> bool:
    """Does a predicted filter match an expected one (see module docstring)?"""
    if pred["column"] != exp["column"] or pred["op"] != exp["op"]:
        return False
    pv, ev = pred["value"], exp["value"]
    op = exp["op"]
    if op in ("in", "not_in"):
        return isinstance(pv, list) and isinstance(ev, list) and set(map(str, pv)) == set(map(str, ev))
    if op == "between":
        if not (isinstance(pv, list) and isinstance(ev, list) and len(pv) == len(ev) == 2):
            return False
        if exp["column"] in ("monthly_income_inr", "household_income_inr"):
            return all(
                abs(float(a) - float(b)) <= max(1.0, abs(float(b)) * 0.01)
                for a, b in zip(pv, ev, strict=True)
            )
        return all(abs(float(a) - float(b)) < 1e-9 for a, b in zip(pv, ev, strict=True))
    if op in ("gte", "lte", "gt", "lt"):
        try:
            return abs(float(pv) - float(ev)) <= _tol(exp["column"], float(ev))
        except (TypeError, ValueError):
            return False
    if isinstance(ev, bool) or isinstance(pv, bool):
        return pv is ev
    if isinstance(ev, int | float) and isinstance(pv, int | float):
        return abs(float(pv) - float(ev)) < 1e-9
    return str(pv) == str(ev)


def _default_parser(text: str, today: dt.date) -> list[FilterLike]:
    from synthpersona.goals._parser import parse_goal

    return [f.model_dump() for f in parse_goal(text, today=today).filters]


def _score(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate(goals: Iterable[Mapping[str, Any]], parser: Parser | None = None) -> dict[str, Any]:
    """Score ``parser`` (default: :func:`parse_goal`) on labelled goals.

    Returns a dict with micro-averaged ``precision``, ``recall``, ``f1``, ``exact``
    (share of goals whose filters all match), ``rejected_ok`` (share of ``error`` goals
    rejected), ``by_tag`` and ``failures`` (goal, missing and extra filters).

    Examples
    --------
    >>> evaluate([{"goal": "moms", "filters": [
    ...     {"column": "gender", "op": "eq", "value": "Female"},
    ...     {"column": "has_children", "op": "eq", "value": True}]}])["f1"]
    1.0
    """
    parse = parser or _default_parser
    tp = fp = fn = 0
    exact = n = 0
    err_total = err_ok = 0
    tag_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    failures: list[dict[str, Any]] = []
    for rec in goals:
        today = dt.date.fromisoformat(rec["today"]) if rec.get("today") else DEFAULT_TODAY
        if rec.get("error"):
            err_total += 1
            try:
                got = parse(rec["goal"], today)
            except GoalParseError:
                err_ok += 1
                continue
            if not got:
                err_ok += 1
            else:
                failures.append(
                    {"goal": rec["goal"], "missing": [], "extra": list(got), "expected_error": True}
                )
            continue
        n += 1
        expected = list(rec["filters"])
        try:
            predicted = list(parse(rec["goal"], today))
        except GoalParseError:
            predicted = []
        used: set[int] = set()
        missing = []
        for e in expected:
            hit = next((i for i, p in enumerate(predicted) if i not in used and match_filter(p, e)), None)
            if hit is None:
                missing.append(e)
            else:
                used.add(hit)
        extra = [p for i, p in enumerate(predicted) if i not in used]
        g_tp, g_fp, g_fn = len(used), len(extra), len(missing)
        tp, fp, fn = tp + g_tp, fp + g_fp, fn + g_fn
        if not missing and not extra:
            exact += 1
        else:
            failures.append(
                {
                    "goal": rec["goal"],
                    "missing": missing,
                    "extra": [{k: p[k] for k in ("column", "op", "value")} for p in extra],
                }
            )
        for tag in rec.get("tags", []):
            c = tag_counts[tag]
            c[0], c[1], c[2] = c[0] + g_tp, c[1] + g_fp, c[2] + g_fn
    result: dict[str, Any] = _score(tp, fp, fn)
    result.update(
        n_goals=n,
        exact=round(exact / n, 4) if n else 1.0,
        rejected_ok=round(err_ok / err_total, 4) if err_total else 1.0,
        n_reject=err_total,
        tp=tp,
        fp=fp,
        fn=fn,
        by_tag={t: _score(*c) for t, c in sorted(tag_counts.items())},
        failures=failures,
    )
    return result
