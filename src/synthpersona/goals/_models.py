"""Pydantic models of a parsed goal: :class:`Filter`, :class:`Intent` and :class:`GoalSpec`.

They sit at the edge of the library (API responses, JSON files), so they validate
everything against the population vocabulary in :mod:`synthpersona.schema`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from synthpersona import schema
from synthpersona._pydantic import Model
from synthpersona.errors import InputError, did_you_mean

__all__ = ["DOMAINS", "OPS", "Domain", "Filter", "GoalSpec", "Intent", "Op"]

Op = Literal["eq", "neq", "in", "not_in", "between", "gte", "lte", "gt", "lt"]
OPS: tuple[str, ...] = ("eq", "neq", "in", "not_in", "between", "gte", "lte", "gt", "lt")
Domain = Literal["parenting", "tech_adoption", "budget", "lifestyle", "general"]
DOMAINS: tuple[str, ...] = ("parenting", "tech_adoption", "budget", "lifestyle", "general")
# How each operator reads to a person (filters shown in the CLI, API warnings and the UI).
OP_SYMBOLS = {
    "eq": "=",
    "neq": "≠",
    "gte": "≥",
    "lte": "≤",
    "gt": ">",
    "lt": "<",
    "in": "in",
    "not_in": "not in",
    "between": "between",
}

# Columns a goal may filter on: everything but the row id.
FILTERABLE: tuple[str, ...] = tuple(c for c in schema.COLUMNS if c != "user_id")
_UNIT_COLUMNS = frozenset((*schema.SCORES, *schema.INTERESTS))
_BOUNDS: dict[str, tuple[float, float]] = {
    "age": (schema.AGE_MIN, schema.AGE_MAX),
    "num_children": (0, 5),
    "family_size": (1, 12),
    "device_count": (1, 8),
    **{c: (0.0, 1.0) for c in _UNIT_COLUMNS},
}


def _canonical_category(column: str, value: Any) -> str:
    allowed = schema.CATEGORICAL_VALUES[column]
    if not isinstance(value, str):
        raise InputError(
            f"Filter on {column!r} needs a text value, got {value!r}. Allowed: {', '.join(allowed)}.",
            details={"column": column, "value": repr(value), "allowed": list(allowed)},
        )
    lowered = {a.lower(): a for a in allowed}
    hit = lowered.get(value.strip().lower())
    if hit is None:
        raise InputError(
            f"{value!r} is not a value of {column!r}.{did_you_mean(value, allowed)} "
            f"Allowed: {', '.join(allowed)}.",
            details={"column": column, "value": value, "allowed": list(allowed)},
        )
    return hit


def _number(column: str, value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(
            f"Filter on numeric column {column!r} needs a number, got {value!r}.",
            details={"column": column, "value": repr(value)},
        )
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(f"Filter on {column!r} needs a finite number, got {value!r}.")
    bounds = _BOUNDS.get(column)
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        raise InputError(
            f"{value!r} is outside the range of {column!r} ({bounds[0]:g}–{bounds[1]:g}); "
            "use a value inside it.",
            details={"column": column, "value": value, "min": bounds[0], "max": bounds[1]},
        )
    if column != "monthly_income_inr" and value < 0:
        raise InputError(f"{column!r} cannot be negative, got {value!r}.")
    return value


class Filter(Model):
    """One condition on a population column: ``column op value``.

    Values are checked against the population vocabulary (categories are matched
    case-insensitively and stored in their canonical spelling).

    Parameters
    ----------
    column
        A column of the population (``age``, ``city``, ``interest_tech``, ...).
    op
        ``eq, neq`` (one value), ``in, not_in`` (a list), ``between`` (``[lo, hi]``,
        inclusive), ``gte, lte`` (a number, inclusive), ``gt, lt`` (a number, strict: the
        complement of ``lte, gte``, e.g. "not interested in gaming" → ``interest_gaming < 0.6``).
    value
        The value, list or bounds.
    source
        The words of the goal the filter came from (informational).

    Examples
    --------
    >>> Filter(column="gender", op="eq", value="female").value
    'Female'
    >>> Filter(column="age", op="between", value=[25, 34]).value
    [25, 34]
    """

    model_config = ConfigDict(frozen=True)

    column: str
    op: Op
    value: bool | int | float | str | list[bool | int | float | str]
    source: str = Field(default="", description="Words of the goal this filter came from.")

    @field_validator("column")
    @classmethod
    def _known_column(cls, column: str) -> str:
        if column not in FILTERABLE:
            raise InputError(
                f"Unknown column {column!r}.{did_you_mean(column, FILTERABLE)} "
                f"Filterable columns: {', '.join(FILTERABLE)}.",
                details={"column": column, "allowed": list(FILTERABLE)},
            )
        return column

    @model_validator(mode="after")
    def _valid_value(self) -> Filter:
        column, op, value = self.column, self.op, self.value
        if op in ("in", "not_in"):
            if not isinstance(value, list) or not value:
                raise InputError(f"Operator {op!r} on {column!r} needs a non-empty list, got {value!r}.")
            items = [self._one(column, op, v) for v in value]
            # Duplicates are merged, first spelling kept.
            object.__setattr__(self, "value", list(dict.fromkeys(items)))
        elif op == "between":
            if not isinstance(value, list) or len(value) != 2:
                raise InputError(f"Operator 'between' on {column!r} needs [low, high], got {value!r}.")
            if column not in schema.NUMERIC_COLUMNS:
                raise InputError(f"'between' needs a numeric column; {column!r} is not numeric.")
            lo, hi = (_number(column, v) for v in value)
            if lo > hi:
                raise InputError(
                    f"'between' on {column!r} needs low <= high, got [{lo}, {hi}]; swap the bounds.",
                    details={"column": column, "value": [lo, hi]},
                )
            object.__setattr__(self, "value", [lo, hi])
        elif op in ("gte", "lte", "gt", "lt"):
            if column not in schema.NUMERIC_COLUMNS:
                raise InputError(f"Operator {op!r} needs a numeric column; {column!r} is not numeric.")
            object.__setattr__(self, "value", _number(column, value))
        else:
            if isinstance(value, list):
                raise InputError(f"Operator {op!r} on {column!r} takes one value; use 'in' for a list.")
            object.__setattr__(self, "value", self._one(column, op, value))
        return self

    @staticmethod
    def _one(column: str, op: str, value: Any) -> Any:
        if column in schema.CATEGORICAL_VALUES:
            return _canonical_category(column, value)
        if column in schema.BOOLEAN_COLUMNS:
            if not isinstance(value, bool):
                raise InputError(f"Filter on {column!r} needs true or false, got {value!r}.")
            if op not in ("eq", "neq"):
                raise InputError(f"Boolean column {column!r} takes 'eq' or 'neq', not {op!r}.")
            return value
        return _number(column, value)

    def key(self) -> tuple[str, str]:
        """``(column, op)``: filters with the same key are merged by the parser."""
        return (self.column, self.op)

    def describe(self) -> str:
        """A short human reading, e.g. ``age between 25 and 34``."""
        v = self.value
        if self.op == "between" and isinstance(v, list):
            return f"{self.column} between {v[0]} and {v[1]}"
        symbol = OP_SYMBOLS[self.op]
        if isinstance(v, list):
            return f"{self.column} {symbol} ({', '.join(map(str, v))})"
        return f"{self.column} {symbol} {v}"


class Intent(Model):
    """One thing the goal is about (``parenting``, ``geography``, ...), with a confidence.

    Examples
    --------
    >>> Intent(name="parenting", confidence=0.93, evidence=["moms"]).name
    'parenting'
    """

    name: str
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list)


class GoalSpec(Model):
    """A business goal understood as intents, a domain and filters on the population.

    Examples
    --------
    >>> spec = GoalSpec(goal="moms", domain="parenting",
    ...                 filters=[Filter(column="has_children", op="eq", value=True)])
    >>> spec.filters[0].describe()
    'has_children = True'
    """

    goal: str
    intents: list[Intent] = Field(default_factory=list)
    domain: Domain = "general"
    filters: list[Filter] = Field(default_factory=list)
    unparsed: str = ""
    warnings: list[str] = Field(default_factory=list)

    def intent(self, name: str) -> Intent | None:
        """The intent called ``name``, or ``None``."""
        return next((i for i in self.intents if i.name == name), None)

    def filters_on(self, column: str) -> list[Filter]:
        """All filters on ``column``."""
        return [f for f in self.filters if f.column == column]
