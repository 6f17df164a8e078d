"""Assign held-out rows of a customer table to the segments of an analysis built on other rows.

The analysis (:func:`synthpersona.tables.analyze_table` on the building rows) keeps its
fitted clustering; held-out values are mapped onto the building rows' levels (the
same cleaned categories, seniority groups, bands and numeric quartiles; values the
building rows never had count as ``Other`` / ``Unknown``), encoded the same way and
assigned with the clustering's own ``estimator.predict``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from synthpersona.tables import (
    UNKNOWN,
    PreparedColumn,
    TableAnalysis,
    TableEncoder,
    decide_columns,
    match_roles,
    parse_flag,
    prepare_column,
)

_ROLE_ROWS = 5_000

__all__ = ["TableAssignment", "assign_table_rows", "date_column", "prepared_columns", "table_levels"]


@dataclass
class TableAssignment:
    """Segments of the held-out rows and both parts' values as the claims count them.

    ``build_levels`` / ``held_out_levels`` hold, per used column, each row's level
    (category, band, seniority group, numeric quartile); ``*_outcome`` the ``(success,
    known)`` arrays of the target, when there is one.
    """

    held_out_segments: np.ndarray
    build_levels: pd.DataFrame
    held_out_levels: pd.DataFrame
    build_outcome: tuple[np.ndarray, np.ndarray] | None
    held_out_outcome: tuple[np.ndarray, np.ndarray] | None
    agreement_on_build: float


def date_column(df: pd.DataFrame) -> str | None:
    """The first column whose detected role is ``date`` (``None`` without one).

    Examples
    --------
    >>> df = pd.DataFrame({"Created": ["2024-01-02", "2024-02-03", "2024-03-01"], "x": ["a", "b", "a"]})
    >>> date_column(df)
    'Created'
    """
    # roles are decided on the first rows: a date column is one from its first values
    decided = decide_columns(
        df.head(_ROLE_ROWS), target=None, features=None, exclude=None, roles=None, mode="generic"
    )
    for name, dec in decided.columns.items():
        if dec.role == "date":
            return name
    return None


def _fallback_code(col: PreparedColumn) -> int:
    for name in ("Other", UNKNOWN):
        if name in col.levels:
            return col.levels.index(name)
    return int(np.bincount(col.codes, minlength=len(col.levels)).argmax())


def _numeric_codes(train: PreparedColumn, values: np.ndarray) -> np.ndarray:
    """Held-out numbers binned with the building rows' own bins (see ``prepare_column``)."""
    assert train.values is not None
    tv = train.values[np.isfinite(train.values)]
    distinct = np.unique(tv)
    finite = np.isfinite(values)
    if len(distinct) <= 8:
        codes = np.clip(
            np.searchsorted(distinct, np.where(finite, values, distinct[0])), 0, len(distinct) - 1
        )
    else:
        qs = np.unique(np.quantile(tv, [0.25, 0.5, 0.75]))
        codes = np.searchsorted(qs, np.where(finite, values, qs[0]), side="right")
    codes = codes.astype(np.int32)
    if UNKNOWN in train.levels:
        codes = np.where(finite, codes, train.levels.index(UNKNOWN)).astype(np.int32)
    return codes


def _held_out_column(train: PreparedColumn, everything: pd.Series, n_build: int) -> PreparedColumn:
    """``train``'s column for the held-out rows: codes in ``train``'s levels (values for numbers)."""
    if train.kind == "numeric":
        full = prepare_column(train.name, everything, train.role)
        values = (
            full.values[n_build:]
            if full.values is not None
            else pd.to_numeric(everything.iloc[n_build:], errors="coerce").to_numpy(dtype=np.float64)
        )
        return replace(train, codes=_numeric_codes(train, values), values=values)
    full = prepare_column(train.name, everything, train.role, kind=train.kind)
    position = {lv: i for i, lv in enumerate(train.levels)}
    fallback = _fallback_code(train)
    lut = np.array([position.get(lv, fallback) for lv in full.levels], dtype=np.int32)
    return replace(train, codes=lut[full.codes[n_build:]], values=None)


def _levels_frame(columns: list[PreparedColumn], *, categorical: bool = False) -> pd.DataFrame:
    """Each row's level string per column: category, band, seniority group or numeric quartile.

    These are the values segment profiles and category-share claims name (a number
    column's claims name its quartile, e.g. ``"4–7"``). ``categorical``: as pandas
    categoricals over the column's codes (a few bytes a row instead of a string per cell).
    """
    if categorical:
        return pd.DataFrame(
            {c.name: pd.Categorical.from_codes(c.codes, dtype=pd.CategoricalDtype(c.levels)) for c in columns}
        )
    return pd.DataFrame({c.name: np.asarray(c.levels, dtype=object)[c.codes] for c in columns})


def prepared_columns(df: pd.DataFrame, analysis: TableAnalysis) -> list[PreparedColumn]:
    """The analysis's feature columns of ``df`` prepared as ``analyze_table`` prepared them.

    A column's seed role comes from its name alone (``match_roles``, as ``decide_columns``
    gives it), so the costly role detection over the values is not repeated.
    """
    seed_of = {
        col: role for role, col in match_roles([str(c) for c in df.columns]).items() if role != "target"
    }
    reports = {c.column: c for c in analysis.columns}
    out = []
    for name in analysis.features:
        seed_role = seed_of.get(name)
        pc = prepare_column(name, df[name], seed_role)
        wanted = reports[name].kind if name in reports else pc.kind
        if pc.kind != wanted and wanted != "numeric":
            pc = prepare_column(name, df[name], seed_role, kind=wanted)
        out.append(pc)
    return out


def table_levels(df: pd.DataFrame, analysis: TableAnalysis) -> pd.DataFrame:
    """Each row's level (category, band, seniority group, quartile) per feature column of ``analysis``.

    The values personas and segment profiles state, row by row: what a privacy check
    counts people by. The columns are categoricals (``astype(str)`` gives the strings).
    ``df`` as analysed (its row count is the prepared columns'): the analysis's own prepared
    columns are read; other rows are prepared again.
    """
    own = analysis.prepared
    if [pc.name for pc in own] == analysis.features and all(len(pc.codes) == len(df) for pc in own):
        return _levels_frame(own, categorical=True)  # nothing prepared twice: a whole-table pass per column
    return _levels_frame(prepared_columns(df.reset_index(drop=True), analysis), categorical=True)


def assign_table_rows(
    build: pd.DataFrame, held_out: pd.DataFrame, analysis: TableAnalysis
) -> TableAssignment:
    """Assign ``held_out`` rows to the segments ``analysis`` (built on ``build``) found.

    Parameters
    ----------
    build
        The rows the analysis was built from, as given to ``analyze_table``.
    held_out
        Other rows of the same table (same columns).
    analysis
        ``analyze_table(build, ...)``.

    Returns
    -------
    TableAssignment
        ``segment_id`` of each held-out row, both parts' levels, outcomes, and the share of
        building rows the re-encoding assigns to their own segment (1.0 for a faithful
        re-encoding; a check of this function, reported in the notes).

    Examples
    --------
    >>> from synthpersona.tables import analyze_table, read_table
    >>> df, _ = read_table("leads.csv")  # doctest: +SKIP
    >>> a = analyze_table(df.iloc[:700], k=4)  # doctest: +SKIP
    >>> assign_table_rows(df.iloc[:700], df.iloc[700:], a).held_out_segments.shape  # doctest: +SKIP
    (300,)
    """
    build = build.reset_index(drop=True)
    held_out = held_out.reset_index(drop=True)
    everything = pd.concat([build, held_out], ignore_index=True)
    n_build = len(build)
    train_cols = prepared_columns(build, analysis)
    test_cols = [_held_out_column(pc, everything[pc.name], n_build) for pc in train_cols]
    on_codes = analysis.algorithm == "latent_class"
    if on_codes:
        X_build = np.column_stack([c.codes for c in train_cols]).astype(np.int32)
        X_test = np.column_stack([c.codes for c in test_cols]).astype(np.int32)
    else:
        encoder = TableEncoder().fit(train_cols)
        X_build, X_test = encoder.transform(train_cols), encoder.transform(test_cols)
    estimator = analysis.clustering.estimator
    raw_build = np.asarray(estimator.predict(X_build), dtype=np.int64)
    raw_test = np.asarray(estimator.predict(X_test), dtype=np.int64)
    # the analysis renumbered clusters by size: map the estimator's labels to the published ids
    k_raw = int(max(raw_build.max(), raw_test.max(), analysis.k - 1)) + 1
    remap = np.arange(k_raw)
    for raw in range(k_raw):
        mine = analysis.labels[raw_build == raw]
        if len(mine):
            remap[raw] = int(np.bincount(mine, minlength=analysis.k).argmax())
    agreement = float((remap[raw_build] == analysis.labels).mean()) if n_build else float("nan")
    outcome = None if analysis.target is None else parse_flag(everything[analysis.target], analysis.target)
    return TableAssignment(
        held_out_segments=remap[raw_test],
        build_levels=_levels_frame(train_cols),
        held_out_levels=_levels_frame(test_cols),
        build_outcome=None if outcome is None else (outcome[0][:n_build], outcome[1][:n_build]),
        held_out_outcome=None if outcome is None else (outcome[0][n_build:], outcome[1][n_build:]),
        agreement_on_build=agreement,
    )
