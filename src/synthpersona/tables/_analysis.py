"""The table workflow: columns -> encoding -> clusters -> ranked personas (no files written here)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from synthpersona._json import to_jsonable
from synthpersona._table_options import TableOptions
from synthpersona.errors import DataError, InputError
from synthpersona.model import Persona, Segment
from synthpersona.segmentation import (
    Clustering,
    ClusteringParams,
    algorithm_names,
    cluster,
    get_algorithm,
    resolve_algorithm,
)
from synthpersona.tables._decide import OVERRIDE_HINT, decide_columns, parse_role_overrides
from synthpersona.tables._encoding import TableEncoder
from synthpersona.tables._io import SourceInfo
from synthpersona.tables._personas import ConversionMetrics, build_personas
from synthpersona.tables._roles import COLUMN_ROLES
from synthpersona.tables._types import PreparedColumn, prepare_column
from synthpersona.tables.sql import counter

__all__ = [
    "TABLE_ALGORITHMS",
    "ColumnReport",
    "Projection",
    "TableAnalysis",
    "analyze_table",
]

# Every registered algorithm applies to a table: those for categorical data run on the category
# codes, the others on the encoded matrix. "auto" is the latent class model.
TABLE_ALGORITHMS: tuple[str, ...] = algorithm_names()
MIN_ROWS_ADVISED = 100
_PCA_FIT = 20_000
_PCA_POINTS = 8_000
_SIL_SAMPLE = 2_000


@dataclass
class ColumnReport:
    """What happened to one input column, and why.

    ``role`` is one of :data:`~synthpersona.tables.COLUMN_ROLES`; ``evidence`` says what
    decided it (``name``, ``values``, ``name+values`` or ``user``); ``personal`` columns are
    never clustered and their values never printed; ``association`` is how well the column
    alone predicts the target (balanced accuracy; 0.95 and above is leakage).
    """

    column: str
    kind: str
    role: str | None
    used: bool
    reason: str
    n_levels: int
    n_blank: int
    evidence: str = "values"
    personal: bool = False
    association: float | None = None


@dataclass
class Projection:
    """A 2-D PCA view of the encoded rows (a sample of points) for plotting."""

    points: np.ndarray  # (m, 2)
    labels: np.ndarray  # (m,)
    explained_variance: tuple[float, float]
    n_fit: int


@dataclass
class TableAnalysis:
    """Result of :func:`analyze_table`: labels in row order, segments, ranked personas, how they were made.

    ``segments`` (cluster order) and ``personas`` (rank order, one per segment) are core model
    objects; seed 003's ``personas.json`` is :func:`synthpersona.views.seed003.personas`.
    """

    labels: np.ndarray
    k: int
    algorithm: str
    segments: list[Segment]
    personas: list[Persona]
    overall: ConversionMetrics | None
    target: str | None
    mode: str
    n_rows: int
    columns: list[ColumnReport]
    encoding: list[dict[str, Any]]
    clustering: Clustering
    projection: Projection
    random_state: int
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: SourceInfo | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    # what the personas were counted from (for verify_table_personas; not in the summary)
    prepared: list[PreparedColumn] = field(default_factory=list)
    outcome: tuple[np.ndarray, np.ndarray] | None = None
    titles: PreparedColumn | None = None
    engine: str | None = None  # where the counts were aggregated (None: in memory)
    # what protecting the personas did (k-anonymity report's summary; None: shown unprotected)
    privacy: dict[str, Any] | None = None
    # features derived from other columns (postal codes -> regions), as PostalRegions.describe gives them
    derived: list[dict[str, Any]] = field(default_factory=list)

    @property
    def features(self) -> list[str]:
        """Columns used for clustering."""
        return [c.column for c in self.columns if c.used]

    @property
    def extra_columns(self) -> list[str]:
        """Columns kept in the output but left out of clustering (target excluded)."""
        return [c.column for c in self.columns if not c.used and c.kind != "target"]

    def summary(self) -> dict[str, Any]:
        """JSON-ready description of the run (everything but the personas and labels)."""
        return {
            "mode": self.mode,
            "n_rows": self.n_rows,
            "k": self.k,
            "algorithm": self.algorithm,
            "random_state": self.random_state,
            "engine": self.engine,
            "target": self.target,
            "overall": None if self.overall is None else self.overall.__dict__,
            "silhouette": None
            if not np.isfinite(self.clustering.silhouette)
            else round(self.clustering.silhouette, 4),
            "candidates": to_jsonable(self.clustering.candidates),
            "features": self.features,
            "extra_columns": self.extra_columns,
            "roles": {c.column: c.role for c in self.columns},
            "personal_data": [c.column for c in self.columns if c.personal],
            "leakage": [c.column for c in self.columns if c.role == "leakage"],
            "overrides": OVERRIDE_HINT + " (roles: " + ", ".join(COLUMN_ROLES) + ")",
            "columns": [c.__dict__ for c in self.columns],
            "encoding": self.encoding,
            "explained_variance": list(self.projection.explained_variance),
            "warnings": self.warnings,
            "notes": self.notes,
            "source": None
            if self.source is None
            else {**self.source.__dict__, "description": self.source.describe()},
            "outputs": self.outputs,
            "privacy": self.privacy,
            "derived": self.derived,
        }


def _check_k(k: int | str | None) -> int | None:
    if k is None or (isinstance(k, str) and k.strip().lower() == "auto"):
        return None
    if isinstance(k, str):
        try:
            k = int(k.strip())
        except ValueError:
            raise InputError(
                f"k must be a whole number >= 2 or 'auto', got {k!r}.", details={"k": k}
            ) from None
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 2:
        raise InputError(f"k must be a whole number >= 2 or 'auto', got {k!r}.", details={"k": str(k)})
    if k > 50:
        raise InputError(f"k={k} is more clusters than anyone can read; use at most 50 or 'auto'.")
    return int(k)


def analyze_table(
    df: pd.DataFrame,
    options: TableOptions | None = None,
    *,
    source: SourceInfo | None = None,
    engine: Any = None,
    **changes: Any,
) -> TableAnalysis:
    """Segment any customer table into ranked personas.

    Parameters
    ----------
    df
        The table, every column as text (see :func:`read_table`); not modified.
    options
        What to cluster on and how (:class:`~synthpersona.tables.TableOptions`: ``k``,
        ``target``, ``features``, ``exclude``, ``roles``, ``algorithm``, ``mode``,
        ``weights``, ``min_cluster_pct``, ``k_min``, ``k_max``, ``random_state``). Without
        ``roles`` overrides every column's role is detected from its name and values:
        personal data, owners, IDs, dates, free text and columns restating the outcome are
        never clustered, and in leads mode neither is any column the seed does not name.
        ``k_anonymity`` is not applied here (the use cases protect the personas).
    source
        Where the table was read from (:func:`read_table`'s ``SourceInfo``), kept on the result.
    engine
        Where the cross-tabs, profiles and conversion counts are aggregated: ``None``
        (default) in memory, unless ``SYNTHPERSONA_ENGINE`` is set; else an engine, its name
        (``"duckdb"``, ``"spark"``) or a SparkSession, which receives only the feature matrix
        (integer codes and labels, see :mod:`synthpersona.tables.sql`). Same results either way.
    **changes
        Options given as keywords (``analyze_table(df, k="auto")``), applied over ``options``.

    Returns
    -------
    TableAnalysis

    Examples
    --------
    >>> df, info = read_table("leads.csv")  # doctest: +SKIP
    >>> res = analyze_table(df, k="auto", exclude=["_segment"])  # doctest: +SKIP
    >>> res.personas[0].name  # doctest: +SKIP
    'Senior Management in Banking [PREMIUM VALUE]'
    """
    o = TableOptions.of(options, **changes)
    k, mode, random_state = o.k, o.mode, o.random_state
    k_fixed = _check_k(k)
    counts, engine_used = _counter(engine)
    chosen_algorithm, on_codes = _table_algorithm(o.algorithm)
    if mode not in ("auto", "leads", "generic"):
        raise InputError(f"mode must be 'auto', 'leads' or 'generic', got {mode!r}.")
    n = len(df)
    if n == 0:
        raise DataError("The table has no rows.", code="empty_file")
    decided = decide_columns(
        df,
        target=o.target,
        features=o.features,
        exclude=o.exclude,
        roles=parse_role_overrides(o.roles),
        mode=mode,
    )
    warnings: list[str] = list(decided.warnings)
    if not decided.chosen:
        raise DataError(
            "The table has no column to cluster on besides the target and the columns left out: "
            + ", ".join(f"{d.column!r} ({d.role})" for d in decided.columns.values() if d.role != "target")
            + f". {OVERRIDE_HINT[0].upper()}{OVERRIDE_HINT[1:]}.",
            code="no_features",
        )
    warnings.extend(_check_rows(n, k_fixed))
    prepared, reports, titles = _prepare_columns(df, decided, o.features, o.exclude)
    used = _usable(prepared, reports)
    notes, more_warnings = _blank_notes(decided, used)
    warnings.extend(more_warnings)
    encoder = TableEncoder(weights=o.weights).fit(used)
    X, X_sample, sample = _encode(encoder, used, n, random_state, on_codes)
    # k_max capped at n - 1 here so the notes do not report a lowered k_max
    params = ClusteringParams(
        algorithm=chosen_algorithm.name,
        k=k_fixed,
        k_min=o.k_min,
        k_max=min(o.k_max, max(o.k_min, n - 1)),
        min_cluster_pct=o.min_cluster_pct,
        random_state=random_state,
        options={"n_levels": [len(c.levels) for c in used]} if on_codes else {},
    )
    # clusters numbered by size, largest first, so ids are stable and readable
    result = cluster(X, params, data="categorical" if on_codes else "numeric").ordered_by_size()
    del X  # n x d: not needed past clustering, so not held through the personas and the outputs
    labels = result.labels
    segments, personas, overall = build_personas(
        labels, result.k, used, decided.outcome, titles, counts=counts
    )
    return TableAnalysis(
        labels=labels,
        k=result.k,
        algorithm=result.algorithm,
        segments=segments,
        personas=personas,
        overall=overall,
        target=decided.target,
        mode=decided.mode,
        n_rows=n,
        columns=reports,
        encoding=encoder.describe(),
        clustering=result,
        projection=_project(X_sample, labels[sample], random_state),
        random_state=random_state,
        warnings=warnings,
        notes=notes + list(result.notes),
        source=source,
        prepared=used,
        outcome=decided.outcome,
        titles=titles,
        engine=engine_used,
    )


# --- the steps of analyze_table, in order -------------------------------------------------------


def _counter(engine: Any) -> tuple[Any, str | None]:
    """The aggregation hook and engine name when an engine is asked for (argument or setting)."""
    if engine is None and not os.environ.get("SYNTHPERSONA_ENGINE"):  # import duckdb only when asked for
        return None, None
    from synthpersona.engine import get_engine, requested_engine

    asked = requested_engine(engine)
    if asked is None:
        return None, None
    eng = get_engine(asked)
    return counter(eng), eng.name


def _table_algorithm(algorithm: str) -> tuple[Any, bool]:
    """The registered algorithm (``auto``: the latent class model) and whether it runs on category codes."""
    chosen = get_algorithm(algorithm or "auto")
    if chosen.name == "auto":
        chosen = resolve_algorithm("auto", "categorical")
    return chosen, "categorical" in chosen.data  # category codes in, else the encoded matrix


def _check_rows(n: int, k_fixed: int | None) -> list[str]:
    """Refuse too few rows for ``k``; warn (returned) when the table is small."""
    if k_fixed is not None and n < k_fixed + 1:
        raise InputError(
            f"The table has {n} row(s), fewer than needed for k={k_fixed} clusters (at least {k_fixed + 1}). "
            f"Use a smaller k or more rows.",
            code="too_few_rows",
            details={"rows": n, "k": k_fixed},
        )
    if n < 3:
        raise InputError(
            f"The table has {n} row(s); at least 3 are needed to form clusters.",
            code="too_few_rows",
            details={"rows": n},
        )
    if n < MIN_ROWS_ADVISED:
        return [
            f"Only {n} rows: clusters and conversion rates from fewer than {MIN_ROWS_ADVISED} rows "
            "are fragile; treat the personas as a sketch (500+ rows recommended)."
        ]
    return []


def _prepare_columns(
    df: pd.DataFrame, decided: Any, features: list[str] | None, exclude: list[str] | None
) -> tuple[list[PreparedColumn], list[ColumnReport], PreparedColumn | None]:
    """Each chosen column prepared for encoding, and a report of every column's decision."""
    prepared: list[PreparedColumn] = []
    reports: list[ColumnReport] = []
    titles: PreparedColumn | None = None
    outcome, chosen = decided.outcome, decided.chosen
    for col in [str(c) for c in df.columns]:
        dec = decided.columns[col]
        if col == decided.target:
            n_unknown = int((~outcome[1]).sum()) if outcome is not None else 0
            reports.append(
                ColumnReport(col, "target", "target", False, dec.reason, 2, n_unknown, dec.evidence)
            )
            continue
        if col not in chosen:
            why = (
                "excluded by the user (--exclude)" if exclude and col in set(decided.excluded) else dec.reason
            )
            if features and dec.feature and col not in set(decided.excluded):
                why = f"{dec.reason}; not among the chosen features"
            reports.append(
                ColumnReport(
                    col, "excluded", dec.role, False, why, 0, 0, dec.evidence, dec.personal, dec.association
                )
            )
            continue
        pc = prepare_column(col, df[col], dec.seed_role)
        if features and pc.kind in ("identifier", "text"):
            pc = prepare_column(col, df[col], dec.seed_role, kind="grouped")
            pc.reason = "chosen by the user; many distinct values, top values + Other"
        prepared.append(pc)
        if pc.kind == "title":
            titles = prepare_column(col, df[col], None, kind="category")
        reason = pc.reason if not pc.included else f"{dec.reason}; {pc.reason}"
        reports.append(
            ColumnReport(
                col,
                pc.kind,
                dec.role,
                pc.included,
                reason,
                len(pc.levels),
                pc.n_blank,
                dec.evidence,
                False,
                dec.association,
            )
        )
    return prepared, reports, titles


def _usable(prepared: list[PreparedColumn], reports: list[ColumnReport]) -> list[PreparedColumn]:
    """The prepared columns that are features; an error naming every column when there is none."""
    used = [pc for pc in prepared if pc.included]
    if not used:
        raise DataError(
            "No usable feature column: "
            + ", ".join(f"{r.column!r} ({r.reason})" for r in reports if not r.used and r.kind != "target")
            + ". Choose feature columns with a few repeated values (--features).",
            code="no_features",
        )
    return used


def _blank_notes(decided: Any, used: list[PreparedColumn]) -> tuple[list[str], list[str]]:
    """The decision notes plus blank-cell counts, and a warning about rows with a blank outcome."""
    notes = decided.notes
    blanks = {pc.name: pc.n_blank for pc in used if pc.n_blank}
    if blanks:
        notes.append(
            "Blank cells counted as 'Unknown': " + ", ".join(f"{c} {v:,}" for c, v in blanks.items()) + "."
        )
    outcome = decided.outcome
    warnings = []
    if outcome is not None and (~outcome[1]).any():
        warnings.append(
            f"{int((~outcome[1]).sum()):,} row(s) have a blank {decided.target!r}; they count in cluster "
            "sizes but not in conversion rates."
        )
    return notes, warnings


def _encode(
    encoder: TableEncoder, used: list[PreparedColumn], n: int, random_state: int, on_codes: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The matrix to cluster, the encoded rows of the PCA sample, and that sample's row numbers."""
    rng = np.random.default_rng([random_state, 11])
    sample = np.sort(rng.choice(n, _PCA_FIT, replace=False)) if n > _PCA_FIT else np.arange(n)
    if on_codes:
        # the latent class model works on the category codes; the matrix is only needed for the PCA view
        return _codes_matrix(used), encoder.transform(used, rows=sample), sample
    X = encoder.transform(used)
    return X, X[sample], sample


def _codes_matrix(used: list[PreparedColumn]) -> np.ndarray:
    """The columns' category codes as one ``(n, d)`` int32 matrix, which then holds them.

    Column-major, so each column's ``codes`` becomes a contiguous view of the matrix:
    the codes are in memory once, not once per column and again in the matrix.
    """
    X = np.empty((len(used[0].codes), len(used)), dtype=np.int32, order="F")
    for j, c in enumerate(used):
        X[:, j] = c.codes
        c.codes = X[:, j]
    return X


def _project(S: np.ndarray, labels: np.ndarray, random_state: int) -> Projection:
    """PCA(2) of a sample of encoded rows (eigendecomposition of the d x d covariance); up to 8,000 shown."""
    centred = S.astype(np.float64)
    mean = centred.mean(axis=0)
    centred -= mean
    cov = centred.T @ centred / max(len(centred) - 1, 1)
    vals, vecs = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1][:2]
    comps = vecs[:, order]
    # fix the sign so the picture does not flip between runs
    comps *= np.where(comps[np.abs(comps).argmax(axis=0), range(comps.shape[1])] < 0, -1.0, 1.0)
    total = float(vals.sum())
    ev = [float(vals[i]) / total if total > 0 else 0.0 for i in order] + [0.0, 0.0]
    rng = np.random.default_rng([random_state, 13])
    shown = (
        np.sort(rng.choice(len(S), _PCA_POINTS, replace=False)) if len(S) > _PCA_POINTS else np.arange(len(S))
    )
    pts = centred[shown] @ comps
    if pts.shape[1] < 2:
        pts = np.column_stack([pts, np.zeros(len(pts))])
    return Projection(
        points=pts.astype(np.float32), labels=labels[shown], explained_variance=(ev[0], ev[1]), n_fit=len(S)
    )
