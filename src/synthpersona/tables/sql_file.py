"""Tables larger than memory: analyse a CSV/Parquet file by path through an engine (issue 18).

:func:`analyze_table_file` never holds the whole table. The engine (DuckDB by default, or
Spark) reads the file in place and:

1. counts its rows; a table of at most ``sample_rows`` rows is read whole and analysed as
   :func:`~synthpersona.tables.analyze_table` does (identical result);
2. otherwise draws a deterministic sample of about ``sample_rows`` rows (rows whose
   ``md5`` of their text is below a cut, so the same file gives the same sample on every
   engine) and runs the whole analysis on it: column roles, preparation (levels, bins,
   seniority), the clustering fit;
3. streams every row in batches of ``batch_rows``: each batch is coded with the sample's
   preparation (the sample's levels; numeric bins of the sample; a value the sample never
   saw counts as ``Other``/``Unknown`` where the column has one, else as its most common
   level, and the run says how many rows that was), labelled by the fitted clustering, and
   added to the per-cluster cross-tabs and conversion counts;
4. builds the segments and personas from the counts over **every** row.

Memory holds the sample, one batch and one small integer per row (its label); the
personas' counts, sizes and conversion rates are the whole table's.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from synthpersona.engine._base import path_format
from synthpersona.errors import InputError
from synthpersona.formats import READERS
from synthpersona.model import Outcome
from synthpersona.tables._analysis import TableAnalysis, _table_algorithm, analyze_table
from synthpersona.tables._columns import UNKNOWN, parse_flag
from synthpersona.tables._encoding import TableEncoder
from synthpersona.tables._in_place import (
    blank_condition,
    csv_source,
    header_again_condition,
    junk_condition,
    page_condition,
    position,
)
from synthpersona.tables._io import SourceInfo
from synthpersona.tables._personas import _Counts, _titles_key, build_personas
from synthpersona.tables._seniority import seniority_of
from synthpersona.tables._types import PreparedColumn
from synthpersona.tables._values import parse_numbers

__all__ = ["SAMPLE_ROWS", "TableFile", "analyze_table_file", "open_table_file"]

#: Rows a table read in place is fitted on (and the most it holds in memory at once).
SAMPLE_ROWS = 200_000

_counter = itertools.count()
_BLANKS = ("", "nan", "n/a", "na", "null", "none", "-", "unknown", "?")


def _key(raw: object) -> str:
    """A cell as :func:`~synthpersona.tables._columns.clean_categories` compares it (blank: ``""``)."""
    if raw is None or (isinstance(raw, float) and np.isnan(raw)):
        return ""
    key = " ".join(str(raw).split()).casefold()
    return "" if key in _BLANKS else key


def _quote(engine: Any, name: str) -> str:
    if engine.name == "spark":
        return "`" + name.replace("`", "``") + "`"
    return '"' + name.replace('"', '""') + '"'


def analyze_table_file(
    path: str | Path,
    *,
    engine: Any = None,
    sample_rows: int = SAMPLE_ROWS,
    batch_rows: int = 200_000,
    random_state: int = 0,
    **options: Any,
) -> TableAnalysis:
    """Segment a CSV/Parquet table of any size into ranked personas, through an engine.

    Parameters
    ----------
    path
        A CSV or Parquet file (a folder or glob of Parquet files), read in place by the engine.
    engine
        An engine, its name (``"duckdb"``, ``"spark"``) or a SparkSession; ``None``: the
        ``SYNTHPERSONA_ENGINE`` setting (default DuckDB).
    sample_rows
        Rows the roles, preparation and clustering are fitted on (and the size up to which
        the table is read whole).
    batch_rows
        Rows per batch when every row is labelled and counted.
    random_state, options
        As :func:`~synthpersona.tables.analyze_table` (``k``, ``target``, ``features``...).

    Returns
    -------
    TableAnalysis
        Labels of every row (file order for DuckDB), segments and personas counted over
        every row. ``prepared``/``outcome``/``titles`` are the sample's, ``n_rows`` the table's.

    Examples
    --------
    >>> res = analyze_table_file("leads_10m.parquet", k=4, sample_rows=200_000)  # doctest: +SKIP
    >>> res.n_rows, sum(s.size for s in res.segments)  # doctest: +SKIP
    (10000000, 10000000)
    """
    return open_table_file(
        path,
        engine=engine,
        sample_rows=sample_rows,
        batch_rows=batch_rows,
        random_state=random_state,
        **options,
    ).analysis


@dataclass
class TableFile:
    """A table analysed in place (:func:`open_table_file`): the analysis and what the fit saw.

    Attributes
    ----------
    analysis
        As :func:`analyze_table_file` returns it.
    sample
        The rows (as text) the roles and clustering were fitted on: every row of a table within
        the sample size.
    engine, rows_sql
        The engine holding the table and the SQL of its rows as text (in file order on DuckDB).
    """

    analysis: TableAnalysis
    sample: pd.DataFrame
    engine: Any
    rows_sql: str

    def write_clustered(self, path: str | Path, column: str = "Cluster", batch_rows: int = 200_000) -> Path:
        """Write every row plus its ``column`` label as UTF-8 CSV, one batch at a time, atomically.

        Examples
        --------
        >>> opened = open_table_file("leads.csv", k=3)  # doctest: +SKIP
        >>> opened.write_clustered("out/clustered.csv")  # doctest: +SKIP
        """
        from synthpersona._files import atomic_path

        labels = np.asarray(self.analysis.labels, dtype=np.int32)
        at = 0
        with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
            for batch in self.engine.batches(self.rows_sql, rows=batch_rows):
                part = batch.assign(**{column: labels[at : at + len(batch)]})
                part.to_csv(fh, header=at == 0, index=False)
                at += len(batch)
        if at != len(labels):
            raise InputError(f"The table has {at:,} rows now and {len(labels):,} when it was labelled.")
        return Path(path)


def open_table_file(
    path: str | Path,
    *,
    engine: Any = None,
    sample_rows: int = SAMPLE_ROWS,
    batch_rows: int = 200_000,
    random_state: int = 0,
    derive: Derive | None = None,
    **options: Any,
) -> TableFile:
    """:func:`analyze_table_file`, also returning the fitted sample and the engine's table (for outputs).

    ``derive`` (optional) is given the rows the analysis is fitted on and returns a function
    adding derived columns to any rows (postal regions), applied to the sample and to every
    batch labelled, and columns to keep out of the features; the clustered file stays the
    file's own rows.

    Examples
    --------
    >>> opened = open_table_file("leads_10m.parquet", k=4)  # doctest: +SKIP
    >>> len(opened.sample) <= 200_000  # doctest: +SKIP
    True
    """
    from synthpersona.engine import get_engine

    if sample_rows < 10 or batch_rows < 1:
        raise InputError(
            f"sample_rows must be >= 10 and batch_rows >= 1, got {sample_rows!r} and {batch_rows!r}."
        )
    eng = get_engine(engine)  # None: the SYNTHPERSONA_ENGINE setting (default duckdb)
    source, info, copy = _register(
        eng, Path(path) if not str(path).startswith(("s3:", "gs:", "abfss:", "hdfs:")) else path
    )
    if copy is None:
        return _fit(eng, source, info, sample_rows, batch_rows, random_state, derive, options)
    try:
        opened = _fit(eng, source, info, sample_rows, batch_rows, random_state, derive, options)
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
    # the UTF-8 copy the view reads lives as long as the view is used (not till the process
    # exits: the API's analysis children leave through os._exit, where atexit never runs)
    weakref.finalize(opened, copy.unlink, missing_ok=True)
    return opened


def _fit(
    eng: Any,
    source: str,
    info: SourceInfo,
    sample_rows: int,
    batch_rows: int,
    random_state: int,
    derive: Derive | None,
    options: dict[str, Any],
) -> TableFile:
    """:func:`open_table_file` of the registered view ``source``."""
    names = list(eng.columns(source))
    text = ", ".join(f"CAST({_quote(eng, c)} AS STRING) AS {_quote(eng, c)}" for c in names)
    source, records, n = _records(eng, source, names, info)  # the rows read_table keeps in memory
    rows_sql = f"SELECT {text} FROM {source} WHERE {records}"
    add: Callable[[pd.DataFrame], pd.DataFrame] = _same
    if n <= sample_rows:
        whole = _as_text(eng.query(rows_sql))
        if derive is not None:
            add, options = _derived(derive, whole, options)
        whole = add(whole)
        whole_fit = analyze_table(whole, engine=eng, random_state=random_state, source=info, **options)
        return TableFile(whole_fit, whole, eng, rows_sql)
    cut = format(min(int(sample_rows / n * 16**8), 16**8 - 1), "08x")
    row_text = (
        "concat_ws('|', " + ", ".join(f"coalesce(CAST({_quote(eng, c)} AS STRING), '')" for c in names) + ")"
    )
    sample = _as_text(eng.query(f"{rows_sql} AND substr(md5({row_text}), 1, 8) < '{cut}'"))
    if derive is not None:
        add, options = _derived(derive, sample, options)
    sample = add(sample)
    fitted = analyze_table(sample, random_state=random_state, source=info, **options)
    labels, counted, unseen = _label_all(eng, rows_sql, n, batch_rows, fitted, sample, options, add)
    segments, personas, overall = build_personas(
        labels, fitted.k, fitted.prepared, fitted.outcome, fitted.titles, counts=lambda *_: counted
    )
    notes = [
        f"Roles, preparation and clustering fitted on a sample of {len(sample):,} of {n:,} rows "
        f"(md5 of the row below a cut); every row labelled and counted in batches of {batch_rows:,}.",
        *(
            f"{col}: {k:,} row(s) with a value the sample did not have, counted as {level!r}."
            for col, (k, level) in unseen.items()
            if k
        ),
    ]
    analysis = replace(
        fitted,
        labels=labels,
        n_rows=n,
        segments=segments,
        personas=personas,
        overall=overall,
        notes=[*fitted.notes, *notes],
        engine=eng.name,
    )
    return TableFile(analysis, sample, eng, rows_sql)


# given the fitted rows: a function adding derived columns to any rows, and columns to keep out
Derive = Callable[[pd.DataFrame], tuple[Callable[[pd.DataFrame], pd.DataFrame], list[str]]]


def _same(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


def _derived(
    derive: Derive, rows: pd.DataFrame, options: dict[str, Any]
) -> tuple[Callable[[pd.DataFrame], pd.DataFrame], dict[str, Any]]:
    add, keep_out = derive(rows)
    if keep_out:
        options = {**options, "exclude": [*(options.get("exclude") or []), *keep_out]}
    return add, options


def _register(eng: Any, path: Any) -> tuple[str, SourceInfo, Path | None]:
    """Register ``path`` as a view; a CSV/TSV is opened at the header ``read_table`` finds.

    Also returned: the UTF-8 copy of a legacy-encoded file the view reads (to remove after use).
    """
    table = f"table_file_{next(_counter)}"
    text = str(path)
    fmt = path_format(text)  # None: a folder of Parquet files, a glob
    delimited = fmt == READERS["delimited"].name
    info = SourceInfo(path=text, format=fmt or READERS["parquet"].name)
    if eng.name == "duckdb" and delimited and Path(text).is_file():
        # every column as the text the file holds (as read_table reads it), not DuckDB's guess,
        # from the header line below a report's title and filter lines
        csv = csv_source(Path(text))
        info.notes.extend(csv.notes)
        try:
            eng.create_view(table, f"SELECT * FROM {csv.sql}")
        except BaseException:
            if csv.copy is not None:
                csv.copy.unlink(missing_ok=True)
            raise
        return table, info, csv.copy
    eng.register(table, path)
    return table, info, None


def _records(eng: Any, source: str, names: Sequence[str], info: SourceInfo) -> tuple[str, str, int]:
    """The rows' source, the SQL condition keeping the records and their number; repairs noted in ``info``.

    The repairs ``read_table`` makes in memory: the header row repeated inside the data (a
    paginated report), the page lines between pages, blank lines, and the total/copyright
    lines after the last record (the source is then cut to the rows up to it, in file order).
    """
    again, page = header_again_condition(eng, names), page_condition(eng, names)
    csv = info.format == "CSV"
    junk, blank = (junk_condition(eng, names), blank_condition(eng, names)) if csv else ("FALSE", "FALSE")
    counts = eng.query(
        f"SELECT count(*) AS n, sum(CASE WHEN {again} THEN 1 ELSE 0 END) AS again, "
        f"sum(CASE WHEN {page} THEN 1 ELSE 0 END) AS pages, "
        f"sum(CASE WHEN NOT ({page}) AND {junk} THEN 1 ELSE 0 END) AS junk FROM {source}"
    ).iloc[0]
    total, again_n, pages_n, junk_n = (int(counts[k] or 0) for k in ("n", "again", "pages", "junk"))
    if junk_n:  # total lines are junk only after the last record (read_table's trailing_junk)
        cut = eng.query(
            f"WITH r AS (SELECT {position(eng)} AS pos, ({page}) OR ({junk}) AS skip FROM {source}) "
            "SELECT count(*) AS n FROM r WHERE pos <= (SELECT max(pos) FROM r WHERE NOT skip)"
        ).iloc[0]
        kept = int(cut["n"] or 0)
        if kept < total:
            source = f"(SELECT * FROM {source} LIMIT {kept}) AS head"
        inner = eng.query(
            f"SELECT sum(CASE WHEN NOT ({page}) AND {blank} THEN 1 ELSE 0 END) AS blank, "
            f"sum(CASE WHEN {page} THEN 1 ELSE 0 END) AS pages FROM {source}"
        ).iloc[0]
        blank_n, inner_pages = int(inner["blank"] or 0), int(inner["pages"] or 0)
        trailing = total - kept - (pages_n - inner_pages)  # the page lines after it stay page lines
        junk_n, junk = trailing + blank_n, blank
        if trailing:
            info.notes.append(f"{trailing} total/copyright line(s) after the data dropped")
    if again_n:
        info.notes.append(
            f"{again_n} row(s) inside the data that repeat the header row dropped "
            "(a paginated report or a board exported group by group)"
        )
    if pages_n:
        info.notes.append(f"{pages_n} page line(s) between the pages dropped")
    n = total - again_n - pages_n - junk_n
    info.n_rows, info.n_columns = n, len(names)
    return source, f"NOT ({again}) AND NOT ({page}) AND NOT ({junk})", n


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Engine rows as ``read_table`` gives them: text, blanks missing."""
    return frame.astype(object).where(frame.notna(), None).replace({"": None})


class _Coder:
    """Codes new cells of one prepared column with the sample's levels (and bins)."""

    def __init__(self, col: PreparedColumn, sample: pd.Series) -> None:
        self.col = col
        codes = np.asarray(col.codes)
        self.unknown = col.levels.index(UNKNOWN) if UNKNOWN in col.levels else None
        self.fallback = (
            col.levels.index("Other")
            if "Other" in col.levels
            else self.unknown
            if self.unknown is not None
            else int(np.bincount(codes).argmax())
        )
        self.unseen = 0
        if col.values is not None:  # numbers: the sample's bins, by the smallest value of each
            finite = np.isfinite(col.values)
            known = [c for c in range(len(col.levels)) if c != self.unknown and (codes[finite] == c).any()]
            self.edges = np.array([col.values[finite & (codes == c)].min() for c in known[1:]])
            self.bins = np.array(known)
            self.keys: dict[str, int] = {}
        else:
            self.keys = {}
            for raw, code in zip(sample.tolist(), codes.tolist(), strict=True):
                self.keys.setdefault(_key(raw), int(code))

    def __call__(self, values: pd.Series) -> np.ndarray:
        if self.col.values is not None:
            nums = parse_numbers(values, self.col.name).values
            finite = np.isfinite(nums)
            out = self.bins[np.searchsorted(self.edges, np.where(finite, nums, 0.0), side="right")]
            blank = self.unknown if self.unknown is not None else self.fallback
            self.unseen += int((~finite).sum()) if self.unknown is None else 0
            return np.where(finite, out, blank).astype(np.int32)
        inverse, uniq = pd.factorize(values.astype(object), use_na_sentinel=False)
        lut = np.empty(len(uniq), dtype=np.int32)
        for i, raw in enumerate(uniq):
            key = _key(raw)
            code = self.keys.get(key)
            if code is None and self.col.kind == "title" and key:
                code = self._title(str(raw))
            if code is None:
                code = self.fallback
                self.unseen += int((inverse == i).sum())
            lut[i] = code
        return lut[inverse]

    def _title(self, raw: str) -> int | None:
        level = seniority_of(raw)
        return self.col.levels.index(level) if level in self.col.levels else None


def _batches(eng: Any, sql: str, rows: int) -> Iterator[pd.DataFrame]:
    for frame in eng.batches(sql, rows=rows):
        yield _as_text(frame)


def _label_all(
    eng: Any,
    rows_sql: str,
    n: int,
    batch_rows: int,
    fitted: TableAnalysis,
    sample: pd.DataFrame,
    options: dict[str, Any],
    add: Callable[[pd.DataFrame], pd.DataFrame] = _same,
) -> tuple[np.ndarray, _Counts, dict[str, tuple[int, str]]]:
    """Every row's label and the per-cluster counts, one batch at a time."""
    used, titles, k = fitted.prepared, fitted.titles, fitted.k
    model = fitted.clustering.estimator
    if model is None or not hasattr(model, "predict"):
        raise InputError(
            f"The {fitted.algorithm!r} clustering cannot label rows it was not fitted on; "
            "use algorithm='latent_class' (the default) or 'kmeans' for tables larger than the sample.",
            details={"algorithm": fitted.algorithm},
        )
    on_codes = _table_algorithm(options.get("algorithm", "auto"))[1]
    coders = {c.name: _Coder(c, sample[c.name]) for c in used}
    if titles is not None:
        coders[_titles_key(titles)] = _Coder(titles, sample[titles.name])
    encoder = TableEncoder(weights=options.get("weights")).fit(used)
    remap = _remap(model, fitted, encoder, on_codes)
    labels = np.empty(n, dtype=np.int32)
    tables = {key: np.zeros((k, len(c.col.levels)), dtype=np.int64) for key, c in coders.items()}
    conv, non = np.zeros(k, dtype=np.int64), np.zeros(k, dtype=np.int64)
    at = 0
    for raw in _batches(eng, rows_sql, batch_rows):
        batch = add(raw)
        coded = {key: coder(batch[coder.col.name]) for key, coder in coders.items()}
        cols = [replace(c, codes=coded[c.name], values=_values(c, batch)) for c in used]
        X = np.column_stack([coded[c.name] for c in used]) if on_codes else encoder.transform(cols)
        lab = remap[np.asarray(model.predict(X), dtype=np.int64)]
        labels[at : at + len(batch)] = lab
        at += len(batch)
        for key, grid in tables.items():
            m = grid.shape[1]
            grid += np.bincount(lab * m + coded[key], minlength=k * m).reshape(k, m)
        if fitted.target is not None:
            truth, known = parse_flag(batch[fitted.target], fitted.target)
            conv += np.bincount(lab[truth & known], minlength=k)
            non += np.bincount(lab[~truth & known], minlength=k)
    labels = labels[:at]
    sizes = np.bincount(labels, minlength=k).astype(np.int64)
    outcomes: list[Outcome | None] = [None] * k
    if fitted.target is not None:
        c_all, n_all = int(conv.sum()), int(non.sum())
        base = c_all / (c_all + n_all) if c_all + n_all else 0.0
        outcomes = [
            Outcome(int(conv[c]), int(non[c]), int(sizes[c] - conv[c] - non[c]), base) for c in range(k)
        ]
    total = max(int(sizes.sum()), 1)
    counted = _Counts(
        sizes=sizes,
        tables=tables,
        overall_share={c.name: tables[c.name].sum(axis=0) / total for c in used},
        outcomes=outcomes,
    )
    unseen = {c.col.name: (c.unseen, c.col.levels[c.fallback]) for c in coders.values()}
    return labels, counted, unseen


def _values(col: PreparedColumn, batch: pd.DataFrame) -> np.ndarray | None:
    return None if col.values is None else parse_numbers(batch[col.name], col.name).values


def _remap(model: Any, fitted: TableAnalysis, encoder: TableEncoder, on_codes: bool) -> np.ndarray:
    """Estimator label -> the analysis' label (clusters are renumbered by size after the fit)."""
    used = fitted.prepared
    X = np.column_stack([c.codes for c in used]) if on_codes else encoder.transform(used)
    raw = np.asarray(model.predict(X), dtype=np.int64)
    remap = np.zeros(max(int(raw.max()) + 1, fitted.k), dtype=np.int32)
    for r in np.unique(raw):
        remap[r] = int(np.bincount(fitted.labels[raw == r], minlength=fitted.k).argmax())
    return remap
