"""Merge the raw filter atoms of a goal into a consistent list of :class:`Filter`.

Rules (each one is what a marketer would expect):

- ages and incomes are intervals: overlapping constraints intersect ("millennials over
  35" → 35–45); disjoint ones that touch are a list of groups ("Gen Z and millennials"
  → 18–45); disjoint ones that do not touch are a conflict (warning, hull kept). Ages
  are clipped to the population's 18–75 with a warning;
- categories: a broad set containing a narrower one keeps the narrower ("premium" +
  "high income" → High), separate values are a list ("Mumbai and Delhi" → in);
  exclusions ("not in Mumbai") are removed from the list or become ``neq``/``not_in``;
  "moms and dads" covers both binary genders, so no gender filter;
- places: a city inside a named state or tier makes the wider filter redundant; a
  city outside the named tier ("Mumbai and tier-2 cities") becomes one list of cities;
  a state and a tier both apply ("tier-2 cities in Maharashtra");
- a parenting stage or a number of children implies ``has_children``, which is dropped;
- contradictions (kids and no kids, Gen Z retirees, ...) produce warnings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from synthpersona import schema
from synthpersona.goals._models import Filter
from synthpersona.goals._places import state_cities, tier_cities

Atom = tuple[str, str, Any, str]
# Whole-number columns merged as intervals; continuous ones (scores, hours, orders per
# month) are merged as thresholds by _merge_scores.
_INTERVAL_COLUMNS = ("age", "monthly_income_inr", "household_income_inr", "family_size", "device_count")


def _interval(op: str, value: Any, lo_bound: float, hi_bound: float) -> tuple[float, float]:
    if op == "between":
        return float(value[0]), float(value[1])
    if op == "gte":
        return float(value), hi_bound
    if op == "lte":
        return lo_bound, float(value)
    return float(value), float(value)


def _merge_interval(column: str, items: list[Atom], warnings: list[str]) -> list[Filter]:
    if column == "age":
        lo_b, hi_b = float(schema.AGE_MIN), float(schema.AGE_MAX)
    else:
        lo_b, hi_b = 0.0, float("inf")
    ivs = [_interval(op, v, -float("inf"), float("inf")) for _, op, v, _ in items]
    ops = {op for _, op, _, _ in items}
    sources = ", ".join(dict.fromkeys(s for *_, s in items))
    lo = max(a for a, _ in ivs)
    hi = min(b for _, b in ivs)
    if lo > hi:
        ivs_sorted = sorted(ivs)
        touching = all(ivs_sorted[i][1] + 1 >= ivs_sorted[i + 1][0] for i in range(len(ivs_sorted) - 1))
        lo, hi = ivs_sorted[0][0], max(b for _, b in ivs_sorted)
        if not touching:
            warnings.append(f"Conflicting {column} conditions ({sources}); kept the whole span.")
        ops = {"between"}
    if column == "age":
        raw = (lo, hi)
        lo, hi = max(lo, lo_b), min(hi, hi_b)
        if lo > hi:
            warnings.append(
                f"Ages {_fmt(raw[0])}–{_fmt(raw[1])} ({sources}) are outside the population (18–75); "
                "the age condition was dropped."
            )
            return []
        if raw[0] < lo_b and raw[0] > -float("inf") and "between" in ops:
            warnings.append(
                f"The population starts at age 18; {sources} is read as ages {_fmt(lo)}–{_fmt(hi)}."
            )
        if raw[1] > hi_b and raw[1] < float("inf"):
            warnings.append(
                f"The population ends at age 75; {sources} is read as ages {_fmt(lo)}–{_fmt(hi)}."
            )
    lo = max(lo, lo_b) if lo > -float("inf") else lo
    if lo == -float("inf") and hi == float("inf"):
        return []  # conflicting open ranges cover everything: no condition is left
    # An unbounded side (also after merging conflicting conditions) is a one-sided filter.
    if ops == {"gte"} or hi == float("inf"):
        if lo <= lo_b and column != "age":
            return []
        return [Filter(column=column, op="gte", value=_num(lo), source=sources)]
    if ops == {"lte"} or lo == -float("inf"):
        return [Filter(column=column, op="lte", value=_num(hi), source=sources)]
    if column == "age" and lo <= lo_b and hi >= hi_b:
        return []
    if lo == hi and ops == {"eq"}:
        return [Filter(column=column, op="eq", value=_num(lo), source=sources)]
    return [Filter(column=column, op="between", value=[_num(lo), _num(hi)], source=sources)]


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else round(v, 3)


def _fmt(v: float) -> str:
    return str(_num(v))


def _merge_category(column: str, items: list[Atom], warnings: list[str]) -> list[Filter]:
    allowed = schema.CATEGORICAL_VALUES[column]
    include: list[set[str]] = []
    exclude: set[str] = set()
    for _, op, v, _ in items:
        values = set(v) if isinstance(v, list) else {v}
        if op in ("eq", "in"):
            include.append(values)
        else:
            exclude |= values
    sources = ", ".join(dict.fromkeys(s for *_, s in items))
    # A broad set that contains a narrower one yields to it ("premium" + "high income" → High).
    kept = [s for s in include if not any(o < s for o in include)]
    positive: set[str] = set().union(*kept) if kept else set()
    if positive:
        remaining = positive - exclude
        if not remaining:
            warnings.append(f"Conflicting {column} conditions ({sources}); the exclusion was ignored.")
            remaining = positive
        positive = remaining
        if column == "gender" and positive >= {"Female", "Male"}:
            return []  # "moms and dads": both parents
        if positive >= set(allowed):
            return []
        ordered: list[Any] = [a for a in allowed if a in positive]
        if len(ordered) == 1:
            return [Filter(column=column, op="eq", value=ordered[0], source=sources)]
        return [Filter(column=column, op="in", value=ordered, source=sources)]
    excluded: list[Any] = [a for a in allowed if a in exclude]
    if len(excluded) == 1:
        return [Filter(column=column, op="neq", value=excluded[0], source=sources)]
    return [Filter(column=column, op="not_in", value=excluded, source=sources)]


def _merge_scores(column: str, items: list[Atom], warnings: list[str]) -> list[Filter]:
    """Thresholds on a continuous column: the tightest lower and upper bound (strict or not)."""
    lows = [(float(v), op == "gt") for _, op, v, _ in items if op in ("gte", "gt")]
    highs = [(float(v), op == "lt") for _, op, v, _ in items if op in ("lte", "lt")]
    sources = ", ".join(dict.fromkeys(s for *_, s in items))
    # Tightest: the largest lower bound (strict first on ties), the smallest upper bound.
    low = max(lows, key=lambda b: (b[0], b[1])) if lows else None
    high = min(highs, key=lambda b: (b[0], not b[1])) if highs else None
    if low and high and (low[0] > high[0] or (low[0] == high[0] and (low[1] or high[1]))):
        warnings.append(f"Conflicting conditions on {column} ({sources}); both were dropped.")
        return []
    out = []
    if low:
        out.append(Filter(column=column, op="gt" if low[1] else "gte", value=low[0], source=sources))
    if high:
        out.append(Filter(column=column, op="lt" if high[1] else "lte", value=high[0], source=sources))
    return out


def _merge_bool(column: str, items: list[Atom], warnings: list[str]) -> list[Filter]:
    values = {(bool(v) if op == "eq" else not bool(v)) for _, op, v, _ in items}
    sources = ", ".join(dict.fromkeys(s for *_, s in items))
    if len(values) > 1:
        warnings.append(f"Conflicting {column} conditions ({sources}); kept {column} = false.")
        values = {False}
    return [Filter(column=column, op="eq", value=values.pop(), source=sources)]


def _places(by_col: dict[str, list[Filter]], warnings: list[str]) -> None:
    cities = by_col.get("city", [])
    if not cities or cities[0].op not in ("eq", "in"):
        states = by_col.get("state", [])
        tiers = by_col.get("city_tier", [])
        if states and tiers and states[0].op in ("eq", "in") and tiers[0].op in ("eq", "in"):
            s_vals, t_vals = _vals(states[0]), _vals(tiers[0])
            if not [c for c in state_cities(s_vals) if schema.CITY_TIER[c] in t_vals]:
                warnings.append(
                    f"No {'/'.join(t_vals)} city of the population is in {', '.join(s_vals)}; "
                    "the result will be empty."
                )
        return
    c_vals = _vals(cities[0])
    source = cities[0].source
    for column, lookup, expand in (
        ("state", schema.CITY_STATE, state_cities),
        ("city_tier", schema.CITY_TIER, tier_cities),
    ):
        wide = by_col.get(column, [])
        if not wide or wide[0].op not in ("eq", "in"):
            continue
        w_vals = _vals(wide[0])
        if all(lookup[c] in w_vals for c in c_vals):
            del by_col[column]  # the named cities already lie inside it
            continue
        # "Mumbai and tier-2 cities": one list of cities.
        c_vals = list(dict.fromkeys([*c_vals, *expand(w_vals)]))
        source = f"{source}, {wide[0].source}"
        del by_col[column]
    value: Any = c_vals[0] if len(c_vals) == 1 else c_vals
    by_col["city"] = [
        Filter(column="city", op="eq" if len(c_vals) == 1 else "in", value=value, source=source)
    ]


def _vals(f: Filter) -> list[str]:
    return [str(v) for v in f.value] if isinstance(f.value, list) else [str(f.value)]


def _sanity(by_col: dict[str, list[Filter]], warnings: list[str]) -> None:
    def one(column: str) -> Filter | None:
        fs = by_col.get(column)
        return fs[0] if fs else None

    kids = one("has_children")
    if kids is not None and kids.value is True and ("parenting_stage" in by_col or "num_children" in by_col):
        del by_col["has_children"]  # implied by the stage or the number of children
    elif (
        kids is not None and kids.value is False and ("parenting_stage" in by_col or "num_children" in by_col)
    ):
        warnings.append("A parenting stage or number of children contradicts 'without kids'; check the goal.")
    age = one("age")
    occ = one("occupation")
    if age is not None and occ is not None:
        lo, hi = _interval(age.op, age.value, schema.AGE_MIN, schema.AGE_MAX)
        occs = set(_vals(occ)) if occ.op in ("eq", "in") else set()
        if occs == {"Retired"} and hi < 50:
            warnings.append(
                f"Retirees aged {_fmt(lo)}–{_fmt(hi)} are very rare (retirement starts around 58); "
                "the segment will be tiny or empty."
            )
        if occs == {"Student"} and lo >= 40:
            warnings.append(f"Students aged {_fmt(lo)}+ are rare; the segment will be small.")
    inc = one("income_level")
    money = one("monthly_income_inr")
    if inc is not None and money is not None and inc.op in ("eq", "in"):
        lo, hi = _interval(money.op, money.value, 0, float("inf"))
        levels = set(_vals(inc))
        bands = {
            "Low": (0, schema.INCOME_LOW_MAX - 1),
            "Mid": (schema.INCOME_LOW_MAX, schema.INCOME_MID_MAX),
            "High": (schema.INCOME_MID_MAX + 1, float("inf")),
        }
        if not any(bands[lv][0] <= hi and lo <= bands[lv][1] for lv in levels):
            warnings.append(
                f"Income level {', '.join(sorted(levels))} contradicts the monthly income "
                f"({money.describe()}); the result will be empty."
            )


def reconcile(atoms: list[Atom], warnings: list[str], today: dt.date) -> list[Filter]:
    """Merge raw atoms ``(column, op, value, source)`` into validated filters (see module doc)."""
    del today
    grouped: dict[str, list[Atom]] = defaultdict(list)
    for atom in atoms:
        grouped[atom[0]].append(atom)
    by_col: dict[str, list[Filter]] = {}
    for column, items in grouped.items():
        if column in schema.CATEGORICAL_VALUES:
            by_col[column] = _merge_category(column, items, warnings)
        elif column in schema.BOOLEAN_COLUMNS:
            by_col[column] = _merge_bool(column, items, warnings)
        elif column in _INTERVAL_COLUMNS or column == "num_children":
            by_col[column] = _merge_interval(column, items, warnings)
        else:
            by_col[column] = _merge_scores(column, items, warnings)
    _places(by_col, warnings)
    _sanity(by_col, warnings)
    order = list(dict.fromkeys(a[0] for a in atoms))
    return [f for column in order for f in by_col.get(column, [])]
