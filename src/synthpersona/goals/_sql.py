"""GoalSpec → parameterised DuckDB SQL, and the explanation of an empty result.

User text never reaches the SQL string: values travel as ``?`` parameters, column
names come from the population whitelist, the table name must be a plain identifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from synthpersona.engine import Engine
from synthpersona.errors import DataError, EmptyResultError, InputError
from synthpersona.goals._models import FILTERABLE, Filter, GoalSpec

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _check_table(table: str) -> str:
    if not isinstance(table, str) or not _IDENT.fullmatch(table):
        raise InputError(
            f"Table name {table!r} is not a plain identifier (letters, digits, underscores).",
            details={"table": str(table)},
        )
    return table


def condition(f: Filter) -> tuple[str, list[Any]]:
    """One filter as a SQL condition with its parameters.

    Examples
    --------
    >>> condition(Filter(column="age", op="between", value=[25, 34]))
    ('age BETWEEN ? AND ?', [25, 34])
    """
    if f.column not in FILTERABLE:  # also guards filters built with model_construct
        raise InputError(f"Unknown column {f.column!r}; it cannot be used in SQL.")
    col, v = f.column, f.value
    if f.op == "eq":
        return f"{col} = ?", [v]
    if f.op == "neq":
        return f"{col} <> ?", [v]
    if f.op in ("in", "not_in"):
        items = list(v) if isinstance(v, list) else [v]
        marks = ", ".join("?" for _ in items)
        return f"{col} {'IN' if f.op == 'in' else 'NOT IN'} ({marks})", items
    if f.op == "between":
        lo, hi = v if isinstance(v, list) else (v, v)
        return f"{col} BETWEEN ? AND ?", [lo, hi]
    if f.op == "gte":
        return f"{col} >= ?", [v]
    if f.op == "lte":
        return f"{col} <= ?", [v]
    if f.op == "gt":
        return f"{col} > ?", [v]
    if f.op == "lt":
        return f"{col} < ?", [v]
    raise InputError(f"Unknown operator {f.op!r}.")  # pragma: no cover - Op is a Literal


def where_clause(filters: list[Filter]) -> tuple[str, list[Any]]:
    """``cond AND cond ...`` (``TRUE`` when there are no filters) and its parameters."""
    parts: list[str] = []
    params: list[Any] = []
    for f in filters:
        sql, p = condition(f)
        parts.append(sql)
        params.extend(p)
    return ("\n  AND ".join(parts) if parts else "TRUE"), params


@dataclass(frozen=True)
class AudienceSample:
    """A deterministic random share of an audience: people whose hashed ``user_id`` falls below a cut.

    The hash is ``md5("<user_id>:<random_state>")`` (its first 8 hex digits), computed the same
    way by DuckDB and Spark, so both engines select the same people, independent of row order,
    threads or partitions; a person's draw does not depend on the other filters.

    Examples
    --------
    >>> s = AudienceSample.of(rows=1_000, matched=4_000, random_state=0)
    >>> s.threshold, round(s.fraction, 4)
    ('40000000', 0.25)
    >>> AudienceSample.from_meta(s.to_meta()) == s
    True
    """

    threshold: str
    random_state: int

    @classmethod
    def of(cls, rows: int, matched: int, random_state: int) -> AudienceSample:
        """The sample holding about ``rows`` of ``matched`` people."""
        cut = min(0xFFFFFFFF, max(1, round(0x100000000 * rows / max(matched, 1))))
        return cls(threshold=f"{cut:08x}", random_state=int(random_state))

    @property
    def fraction(self) -> float:
        """The expected share of the audience in the sample."""
        return int(self.threshold, 16) / 0x100000000

    def condition(self) -> tuple[str, list[Any]]:
        """The SQL condition and its parameter."""
        key = f"substr(md5(concat(CAST(user_id AS STRING), ':{int(self.random_state)}')), 1, 8)"
        return f"{key} < ?", [self.threshold]

    def to_meta(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "random_state": self.random_state, "fraction": self.fraction}

    @classmethod
    def from_meta(cls, meta: dict[str, Any] | None) -> AudienceSample | None:
        if not meta:
            return None
        return cls(threshold=str(meta["threshold"]), random_state=int(meta["random_state"]))


def build_query(
    spec: GoalSpec,
    table: str = "users",
    *,
    select: str = "*",
    sample: AudienceSample | None = None,
    order_by: str | None = None,
) -> tuple[str, list[Any]]:
    """Parameterised DuckDB SQL selecting the goal's audience.

    Parameters
    ----------
    spec
        A parsed goal (see :func:`parse_goal`).
    table
        Table or view name (a plain identifier).
    select
        ``"*"`` for all columns or ``"count"`` for ``SELECT count(*)``.
    sample
        Keep only a deterministic random share of the audience (:class:`AudienceSample`).
    order_by
        A column to sort by (``"user_id"``: the same row order on every engine).

    Returns
    -------
    (sql, params)
        SQL with ``?`` placeholders, readable enough to show to the user, and its values.

    Examples
    --------
    >>> spec = GoalSpec(goal="moms", filters=[Filter(column="gender", op="eq", value="Female"),
    ...                                       Filter(column="has_children", op="eq", value=True)])
    >>> sql, params = build_query(spec)
    >>> print(sql)
    SELECT *
    FROM users
    WHERE gender = ?
      AND has_children = ?
    >>> params
    ['Female', True]
    """
    _check_table(table)
    if select not in ("*", "count"):
        raise InputError(f"select must be '*' or 'count', got {select!r}.")
    head = "SELECT count(*) AS n" if select == "count" else "SELECT *"
    parts = [where_clause(spec.filters)] if spec.filters else []
    if sample is not None:
        parts.append(sample.condition())
    sql = f"{head}\nFROM {table}"
    params: list[Any] = []
    if parts:
        sql += "\nWHERE " + "\n  AND ".join(p for p, _ in parts)
        params = [v for _, ps in parts for v in ps]
    if order_by is not None and select != "count":
        if order_by not in FILTERABLE and order_by != "user_id":
            raise InputError(f"Cannot order by {order_by!r}; use a population column such as 'user_id'.")
        sql += f"\nORDER BY {order_by}"
    return sql, params


def _scalar_counts(engine: Engine, table: str, exprs: list[tuple[str, list[Any]]]) -> list[int]:
    cols = ",\n  ".join(f"count(*) FILTER (WHERE {sql}) AS c{i}" for i, (sql, _) in enumerate(exprs))
    params = [p for _, ps in exprs for p in ps]
    try:
        df = engine.query(f"SELECT\n  {cols}\nFROM {table}", params)
    except Exception as exc:  # the engine's own error types differ per backend
        raise DataError(
            f"Could not query table {table!r}: {exc}. Register the population first (table 'users').",
            details={"table": table},
        ) from exc
    row = df.iloc[0].tolist()
    return [int(v) for v in row]


def explain_empty(engine: Engine, spec: GoalSpec, table: str = "users") -> EmptyResultError | None:
    """Why does the goal match nobody? ``None`` when it matches someone.

    The filters are dropped one at a time (and, if that is not enough, applied in
    order) in a single scan of the table; the error names the filter whose removal
    brings people back (or the one that first empties the result) with the counts, and
    suggests relaxing it.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthpersona.engine import DuckDBEngine
    >>> eng = DuckDBEngine()
    >>> eng.register("users", pd.DataFrame({"age": [20, 30, 40], "gender": ["Male", "Female", "Female"]}))
    >>> spec = GoalSpec(goal="x", filters=[Filter(column="gender", op="eq", value="Female"),
    ...                                    Filter(column="age", op="lte", value=25)])
    >>> err = explain_empty(eng, spec)
    >>> err.details["filter"]["column"]
    'age'
    """
    _check_table(table)
    filters = spec.filters
    conds = [condition(f) for f in filters]
    exprs: list[tuple[str, list[Any]]] = [("TRUE", [])]
    exprs.append(where_clause(filters))
    for i in range(len(filters)):  # all but one
        exprs.append(where_clause([f for j, f in enumerate(filters) if j != i]))
    for i in range(len(filters)):  # progressive prefixes
        exprs.append(where_clause(filters[: i + 1]))
    exprs.extend(conds)  # each alone
    counts = _scalar_counts(engine, table, exprs)
    total, matched = counts[0], counts[1]
    if matched > 0:
        return None
    n = len(filters)
    without = counts[2 : 2 + n]
    prefix = counts[2 + n : 2 + 2 * n]
    alone = counts[2 + 2 * n : 2 + 3 * n]
    if total == 0:
        return EmptyResultError(
            f"Table {table!r} is empty, so no one can match {spec.goal!r}; "
            "load or generate a population first.",
            details={"table": table, "total": 0},
        )
    best = max(range(n), key=lambda i: without[i]) if n else 0
    if n and without[best] > 0:
        f = filters[best]
        message = (
            f"No one matches {spec.goal!r}: the condition '{f.describe()}'"
            f"{_from(f)} excludes all {without[best]:,} people who meet the other conditions "
            f"({alone[best]:,} of {total:,} meet it alone). Relax or remove it."
        )
    else:
        best = next(i for i in range(n) if prefix[i] == 0)
        f = filters[best]
        before = total if best == 0 else prefix[best - 1]
        message = (
            f"No one matches {spec.goal!r}: several conditions conflict; adding '{f.describe()}'{_from(f)} "
            f"takes the audience from {before:,} to 0 ({alone[best]:,} of {total:,} meet it alone). "
            "Relax it or one of the conditions before it."
        )
    details = {
        "goal": spec.goal,
        "total": total,
        "filter": f.model_dump(),
        "suggestion": f"relax or remove '{f.describe()}'",
        "counts": [
            {"filter": g.describe(), "alone": alone[i], "without": without[i], "cumulative": prefix[i]}
            for i, g in enumerate(filters)
        ],
    }
    return EmptyResultError(message, details=details)


def _from(f: Filter) -> str:
    return f" (from '{f.source}')" if f.source else ""


def select_audience(
    engine: Engine,
    spec: GoalSpec,
    table: str = "users",
    *,
    sample: AudienceSample | None = None,
    order_by: str | None = None,
) -> pd.DataFrame:
    """Run the goal's query; raise :class:`EmptyResultError` naming the culprit when nobody matches.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthpersona.engine import DuckDBEngine
    >>> eng = DuckDBEngine()
    >>> eng.register("users", pd.DataFrame({"age": [20, 30]}))
    >>> len(select_audience(eng, GoalSpec(goal="x", filters=[Filter(column="age", op="gte", value=25)])))
    1
    """
    sql, params = build_query(spec, table, sample=sample, order_by=order_by)
    try:
        df = engine.query(sql, params)
    except Exception as exc:
        raise DataError(
            f"Could not run the goal's query on table {table!r}: {exc}.", details={"table": table, "sql": sql}
        ) from exc
    if df.empty:
        err = explain_empty(engine, spec, table)
        raise err or EmptyResultError(f"No one matches {spec.goal!r}.")
    return df
