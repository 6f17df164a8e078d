"""Use case: any customer table file -> ranked personas, clustered table, charts and an HTML report.

The CLI (``synthpersona leads analyze``), the REST API (``/datasets``) and the web UI
call these functions.

Example
-------
>>> from synthpersona.usecases.tables import TableOptions, analyze_file
>>> result = analyze_file("leads.csv", TableOptions(k="auto"), out_dir="out")  # doctest: +SKIP
>>> sorted(result.outputs)  # doctest: +SKIP
['analysis', 'clustered', 'dashboard', 'pca', 'personas', 'report']
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from synthpersona._extras import require
from synthpersona._json import to_jsonable
from synthpersona._table_options import DEFAULT_K_ANONYMITY, TableOptions
from synthpersona.engine._base import PATH_SUFFIXES, path_format
from synthpersona.errors import InputError
from synthpersona.reporting import ChartProcess
from synthpersona.usecases._table_regions import location_columns, report_regions, with_postal_regions
from synthpersona.usecases.trust_privacy import check_k_anonymity, privacy_lines

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from synthpersona.tables import SourceInfo, TableAnalysis, TableLimits

# pandas, the table stack and matplotlib are imported inside the functions: analyze_file
# starts the chart worker first, so its start-up overlaps those imports.

__all__ = [
    "COLUMN_ROLES",  # noqa: F822 (provided lazily by __getattr__)
    "DEFAULT_K_ANONYMITY",
    "IN_PLACE_SUFFIXES",
    "OUTPUT_FILES",
    "TABLE_ALGORITHMS",  # noqa: F822 (provided lazily by __getattr__)
    "TableOptions",
    "analyze_file",
    "analyze_frame",
    "options_of",
    "preview_file",
    "protect",
    "reads_in_place",
    "write_outputs",
]

# output key -> file name (the API's download names are the same)
OUTPUT_FILES: dict[str, str] = {
    "personas": "personas.json",
    "clustered": "clustered.csv",
    "dashboard": "dashboard.png",
    "pca": "pca.png",
    "report": "report.html",
    "analysis": "analysis.json",
}
Progress = Callable[[str], None]


def _noop(_: str) -> None:
    return None


def __getattr__(name: str) -> Any:
    # re-exported lazily: importing this module must not import the table stack
    if name == "TABLE_ALGORITHMS":
        from synthpersona.tables import TABLE_ALGORITHMS

        return TABLE_ALGORITHMS
    if name == "COLUMN_ROLES":
        from synthpersona.tables import COLUMN_ROLES

        return COLUMN_ROLES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def analyze_file(
    path: str | Path,
    options: TableOptions | None = None,
    *,
    out_dir: str | Path | None = None,
    progress: Progress | None = None,
    limits: TableLimits | None = None,
    sheet: str | None = None,
    engine: Any = None,
    by_path: bool | None = None,
    **changes: Any,
) -> TableAnalysis:
    """Read a table file, segment it into ranked personas and (optionally) write every output.

    Parameters
    ----------
    path
        CSV/TXT/TSV (any common encoding and delimiter), Parquet or Excel file.
    options
        What to cluster on and how (:class:`TableOptions`: ``k`` (default 4, or ``"auto"``),
        ``target``, ``features``, ``exclude``, ``roles`` (overrides of the detected column
        roles: ``{"Lead Owner": "category"}`` or ``["Lead Owner=category"]``), ``algorithm``,
        ``mode``, ``random_state``, ``k_anonymity``...). The personas are protected by default
        (``k_anonymity=5``): each persona's stated combination of attributes matches at least
        this many rows (claims generalised until it does), counts from fewer people are merged
        or dropped, and no personal value is carried over
        (:func:`synthpersona.usecases.trust.protect_analysis`); what was generalised is
        ``privacy`` of the result (and of ``analysis.json``). ``None`` shows them unprotected.
    out_dir
        Folder for ``personas.json``, ``clustered.csv``, ``dashboard.png``, ``pca.png``,
        ``report.html`` and ``analysis.json``; nothing is written when ``None``.
    progress
        Called with a short message before each step.
    limits
        Largest table accepted; from the settings when omitted (see :func:`~synthpersona.tables.read_table`).
    sheet
        Excel only: the sheet to read (default: the first sheet holding a table).
    engine
        Where the cross-tabs, profiles and conversion counts are aggregated in SQL: an
        engine, its name (``"duckdb"``, ``"spark"``) or a SparkSession; ``None`` (default)
        counts in memory unless ``SYNTHPERSONA_ENGINE`` is set. Only the feature matrix
        (integer codes, labels, outcome flags) goes to the engine; results are the same.
    by_path
        ``True``: the engine reads the CSV/Parquet file in place
        (:func:`synthpersona.tables.sql_file.open_table_file`: roles and clustering fitted on
        a 200,000-row md5 sample, every row labelled and counted in batches, the clustered
        table written batch by batch; privacy is checked on the sample, so each kept
        combination matches at least ``k_anonymity`` rows of the whole table too). ``None``
        (default): so for files above ``SYNTHPERSONA_TABLE_BY_PATH_MB`` (256). ``False``:
        always in memory.
    **changes
        Options as keywords, applied over ``options``: ``analyze_file(path, k="auto")`` is
        ``analyze_file(path, TableOptions(k="auto"))``.

    Returns
    -------
    TableAnalysis
        With ``outputs`` mapping output keys to written paths.
    """
    opts = TableOptions.of(options, **changes)  # a misspelt option fails before the file is read
    if reads_in_place(path, by_path, sheet):
        return _analyze_in_place(path, opts, out_dir, progress, engine)
    step = progress or _noop
    if out_dir is not None:  # the outputs include charts: say so before the work, not after
        require("matplotlib", "reports", "writing the leads outputs (charts, report)", load=False)
    # the worker imports matplotlib on the other core while this process imports pandas and reads
    with ChartProcess() as charts:
        if out_dir is not None:
            charts.start()
        from synthpersona.tables import read_table

        step("Reading the table")
        df, info = read_table(path, limits, sheet=sheet)
        return analyze_frame(
            df, opts, info=info, out_dir=out_dir, progress=progress, charts=charts, engine=engine
        )


def analyze_frame(
    df: pd.DataFrame,
    options: TableOptions | None = None,
    *,
    info: SourceInfo | None = None,
    out_dir: str | Path | None = None,
    progress: Progress | None = None,
    charts: ChartProcess | None = None,
    engine: Any = None,
    **changes: Any,
) -> TableAnalysis:
    """Like :func:`analyze_file` for a table already in memory (text or typed columns).

    ``charts`` is a started :class:`~synthpersona.reporting.ChartProcess` to draw the PNGs
    in; when it is ``None`` and ``out_dir`` is given, one is started here.
    """
    from synthpersona.tables import analyze_table

    opts = TableOptions.of(options, **changes)
    if opts.k_anonymity is not None:  # a bad k is the caller's mistake: say so before the work
        check_k_anonymity(opts.k_anonymity)
    step = progress or _noop
    with contextlib.ExitStack() as stack:
        if charts is None and out_dir is not None:
            charts = stack.enter_context(ChartProcess()).start()
        step("Clustering and profiling")
        plain = df
        df, regions = with_postal_regions(df, opts)
        located = location_columns(df, regions) if regions else []
        if located and not opts.features:  # location counted once: the regions are reported, kept out
            asked = _given_roles(opts)  # unless the user gave a region a role (the UI's roles grid)
            away = [r.name for r in regions if r.name not in asked]
            opts = TableOptions.of(opts, exclude=[*(opts.exclude or []), *away])
        result = analyze_table(df, opts, source=info, engine=engine)
        carriers = leaking_features(result, df, keep=opts.features)
        if (
            carriers
        ):  # a feature carried personal data into a persona: never shown, so analysed again without it
            step("Re-clustering without the columns that carry personal data")
            result = analyze_table(
                df,
                TableOptions.of(opts, exclude=[*(opts.exclude or []), *carriers]),
                source=info,
                engine=engine,
            )
            mark_carriers(result, carriers)
        report_regions(result, regions, opts.k_anonymity or DEFAULT_K_ANONYMITY, located)
        if opts.k_anonymity is not None:
            step("Protecting the personas")
            protect(result, df, opts.k_anonymity)
        if out_dir is not None:
            # the clustered table is the user's rows as given: the derived regions stay out of it
            write_outputs(
                result,
                df,
                out_dir,
                progress=progress,
                charts=charts,
                write_table=_clustered_of(plain, result),
            )
        return result


def _clustered_of(df: pd.DataFrame, analysis: TableAnalysis) -> Callable[[Path], object] | None:
    if not analysis.derived:
        return None
    return lambda target: write_clustered(df, analysis.labels, target)


IN_PLACE_SUFFIXES = PATH_SUFFIXES  # what the engine reads in place (one list: engine._base)


def reads_in_place(path: str | Path, by_path: bool | None, sheet: str | None = None) -> bool:
    """Whether :func:`analyze_file` lets the engine read ``path`` in place (see its ``by_path``).

    ``by_path=True`` on a file the engine cannot read (Excel, a sheet) is an ``InputError``.

    Examples
    --------
    >>> reads_in_place("leads.csv", False), reads_in_place("leads.csv", True)
    (False, True)
    """
    from synthpersona.config import get_settings

    if by_path is False:
        return False
    p = Path(path)
    fits = path_format(p) is not None or p.is_dir()
    if by_path:
        if not fits or sheet is not None:
            raise InputError(
                f"{p.name!r} cannot be read in place: the engine reads delimited text (CSV, TSV, TXT, also "
                "gzipped) and Parquet files (or a folder of Parquet files). Convert it, or analyse it in "
                "memory (by_path=False).",
                code="format_in_place",
                details={"allowed": list(IN_PLACE_SUFFIXES)},
            )
        return True
    return fits and p.is_file() and p.stat().st_size > get_settings().table_by_path_mb * 1_000_000


def _analyze_in_place(
    path: str | Path,
    options: TableOptions,
    out_dir: str | Path | None,
    progress: Progress | None,
    engine: Any,
) -> TableAnalysis:
    """``analyze_file`` on a file the engine reads in place: fit on a sample, every row labelled."""
    from dataclasses import asdict

    from synthpersona.tables.sql_file import open_table_file

    analysis_options = asdict(options)
    k_anonymity = analysis_options.pop("k_anonymity")  # applied here, not by the analysis
    analysis_options.pop("postal_country")  # regions: derived from the fitted rows (below)
    if k_anonymity is not None:
        check_k_anonymity(k_anonymity)
    step = progress or _noop
    if out_dir is not None:
        require("matplotlib", "reports", "writing the leads outputs (charts, report)", load=False)
    step("Reading the table in place, fitting on a sample and labelling every row")
    regions: list[Any] = []
    located: list[str] = []

    def derive(rows: pd.DataFrame) -> tuple[Callable[[pd.DataFrame], pd.DataFrame], list[str]]:
        # postal regions as analyze_frame derives them, their depth set on the rows fitted on
        with_regions, rules = with_postal_regions(rows, options)
        regions.extend(rules)
        located.extend(location_columns(with_regions, rules) if rules else [])
        asked = _given_roles(options)  # a region the user gave a role stays in
        keep_out = [r.name for r in rules if r.name not in asked] if located and not options.features else []
        return (lambda frame: frame.assign(**{r.name: r.apply(frame[r.column]) for r in rules})), keep_out

    opened = open_table_file(path, engine=engine, derive=derive, **analysis_options)
    result = opened.analysis
    report_regions(result, regions, k_anonymity or DEFAULT_K_ANONYMITY, located)
    if k_anonymity is not None:
        step("Protecting the personas")
        protect(result, opened.sample, k_anonymity)
        if len(opened.sample) < result.n_rows:
            result.notes.append(
                f"Privacy: combinations counted on the {len(opened.sample):,}-row sample (at least "
                f"{k_anonymity} matching rows there means at least as many in the whole table)."
            )
    if out_dir is not None:
        column = cluster_column_name([str(c) for c in opened.sample.columns])
        write_outputs(
            result,
            opened.sample,
            out_dir,
            progress=progress,
            write_table=lambda target: opened.write_clustered(target, column),
        )
    return result


def options_of(params: Mapping[str, Any]) -> tuple[TableOptions, str | None]:
    """An analysis's parameters as a plain mapping (an API body, a stored record's ``params``,
    the web UI's choices) as :class:`TableOptions` and the Excel sheet to read.

    An unknown name is an :class:`~synthpersona.errors.InputError` naming the allowed ones.

    Examples
    --------
    >>> options, sheet = options_of({"k": "auto", "sheet": "Leads", "k_anonymity": None})
    >>> options.k, options.k_anonymity, sheet
    ('auto', None, 'Leads')
    """
    rest = dict(params)
    sheet = rest.pop("sheet", None)
    return TableOptions.of(None, **rest), sheet


def leaking_features(
    analysis: TableAnalysis, df: pd.DataFrame, keep: list[str] | None = None
) -> dict[str, str]:
    """Features whose values carry a value of a personal column into a persona.

    The column roles keep personal data out of the features; this is the check after
    them: every persona as shown is searched for the personal columns' values
    (:func:`synthpersona.trust.find_leaks`), and each feature whose own values hold one
    is returned (``{feature: protected column}``), so the analysis can run without it.
    Columns in ``keep`` (the user's ``features``) and columns whose role the user set are
    the user's decision and never returned.
    """
    import json

    from synthpersona.trust import find_leaks
    from synthpersona.views import seed003

    protected = [c.column for c in analysis.columns if c.personal]
    if not protected or not analysis.features:
        return {}
    shown = seed003.personas(analysis.segments, analysis.personas)
    leaks = find_leaks(((p["persona_id"], json.dumps(p, ensure_ascii=False)) for p in shown), df, protected)
    # a bare number (a postal code "1200") is as likely a count the persona states: words only
    leaks = [leak for leak in leaks if any(ch.isalpha() for ch in leak.value)]
    if not leaks:
        return {}
    leaked = list(dict.fromkeys(leak.column for leak in leaks))
    # a column the user made a feature (--features, --role COL=ROLE) is the user's decision
    chosen = {c.column for c in analysis.columns if c.evidence == "user"} | set(keep or ())
    carriers: dict[str, str] = {}
    for feature in [f for f in analysis.features if f not in chosen]:
        values = df[feature].dropna().astype(str).unique()[:5_000]
        found = find_leaks([(feature, " | ".join(values))], df, leaked)
        if found:
            carriers[feature] = found[0].column
    return carriers


def mark_carriers(analysis: TableAnalysis, carriers: Mapping[str, str]) -> None:
    """Report each carrier in ``analysis.json`` as personal data, with why, and add a note."""
    for col in analysis.columns:
        if col.column in carriers:
            col.kind, col.role, col.used, col.personal, col.evidence = (
                "excluded",
                "person_name",
                False,
                True,
                "values",
            )
            col.reason = (
                f"its values carry personal data of {carriers[col.column]!r} (found in a persona): "
                "left out and the table analysed again"
            )
    names = ", ".join(repr(c) for c in carriers)
    analysis.notes.append(
        f"Column(s) {names} carried personal data into a persona; the analysis was run again without them."
    )


def protect(analysis: TableAnalysis, df: pd.DataFrame, k_anonymity: int = DEFAULT_K_ANONYMITY) -> None:
    """Replace ``analysis``'s segments and personas by their protected copies; report it in ``privacy``."""
    from synthpersona.usecases.trust_privacy import protect_analysis

    report, segments, personas = protect_analysis(
        df, analysis, k_anonymity=k_anonymity, random_state=analysis.random_state
    )
    analysis.segments, analysis.personas = segments, personas
    analysis.privacy = report.summary()
    names = {p.persona_id: p.name for p in personas}
    analysis.notes.extend(f"Privacy: {line}" for line in privacy_lines(analysis.privacy, names))


def write_outputs(
    analysis: TableAnalysis,
    df: pd.DataFrame,
    out_dir: str | Path,
    progress: Progress | None = None,
    *,
    charts: ChartProcess | None = None,
    write_table: Callable[[Path], object] | None = None,
) -> dict[str, str]:
    """Write all outputs of ``analysis`` into ``out_dir`` (each file atomically); return ``{key: path}``.

    The clustered table is ``df`` unchanged (original rows, original order, original
    text) plus a ``Cluster`` column. The PNGs are drawn by ``charts`` (a started
    :class:`~synthpersona.reporting.ChartProcess`) while the table is written, or in this
    process when it is ``None`` or fails. ``write_table`` writes the clustered table instead of
    ``df`` (a table analysed in place: every row streamed from the engine).
    """
    from synthpersona.reporting.tables import dashboard_data, dashboard_png, pca_data, pca_png, render_report
    from synthpersona.tables import atomic_write_bytes, atomic_write_text
    from synthpersona.views import seed003

    step = progress or _noop
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"Output path {str(out)!r} is a file; give a folder for the outputs.")
    out.mkdir(parents=True, exist_ok=True)
    files = {key: out / name for key, name in OUTPUT_FILES.items()}
    step("Writing personas, the clustered table and charts")
    dashboard, pca = dashboard_data(analysis), pca_data(analysis)
    submitted = charts is not None and charts.submit(
        [("dashboard", dashboard, files["dashboard"]), ("pca", pca, files["pca"])]
    )
    atomic_write_text(
        files["personas"],
        json.dumps(seed003.personas(analysis.segments, analysis.personas), indent=2, ensure_ascii=False),
    )
    if write_table is not None:
        write_table(files["clustered"])
    else:
        write_clustered(df, analysis.labels, files["clustered"])
    if submitted and charts is not None and charts.wait():
        images = {kind: files[kind].read_bytes() for kind in ("dashboard", "pca")}
    else:
        images = {"dashboard": dashboard_png(analysis), "pca": pca_png(analysis)}
        for kind, png in images.items():
            atomic_write_bytes(files[kind], png)
    render_report(analysis, files["report"], images=images)
    analysis.outputs = {key: str(p) for key, p in files.items()}
    atomic_write_text(
        files["analysis"], json.dumps(to_jsonable(analysis.summary()), indent=2, ensure_ascii=False)
    )
    return analysis.outputs


def cluster_column_name(columns: list[str]) -> str:
    """``Cluster``, or ``Cluster_2``, ... when the table already has such a column."""
    name, i = "Cluster", 1
    while name in columns:
        i += 1
        name = f"Cluster_{i}"
    return name


def write_clustered(df: pd.DataFrame, labels: np.ndarray, path: str | Path) -> Path:
    """Write ``df`` plus a ``Cluster`` column as UTF-8 CSV, atomically, rows in their original order."""
    import numpy as np

    from synthpersona.tables import write_csv

    if len(labels) != len(df):
        raise InputError(f"{len(labels)} labels for {len(df)} rows; they must match.")
    name = cluster_column_name([str(c) for c in df.columns])
    # copy-on-write: assign() does not copy the text columns
    return write_csv(df.assign(**{name: np.asarray(labels, dtype=np.int32)}), path)


def _given_roles(opts: TableOptions) -> set[str]:
    """Columns the user gave a role (``roles``)."""
    from synthpersona.tables import parse_role_overrides

    return set(parse_role_overrides(opts.roles)) if opts.roles else set()


_PREVIEW_ROWS = 100_000  # column kinds and examples need no more; the file is streamed past them


def preview_file(
    path: str | Path, n_examples: int = 3, limits: TableLimits | None = None, sheet: str | None = None
) -> dict[str, Any]:
    """Schema preview of a table file: size, how it was read and, per column, role, kind and examples.

    Every column gets the role the analysis will give it (see
    :data:`~synthpersona.tables.COLUMN_ROLES`) with its reason; personal-data columns show
    no examples. A column the analysis derives (a postal code's coarse region) is listed after
    them with ``derived_from`` naming its source, so a user can change its role too; its regions
    are drawn from the previewed rows (the analysis settles them on the whole table).

    Examples
    --------
    >>> preview_file("leads.csv")["columns"][0]  # doctest: +SKIP
    {'name': 'State', 'kind': 'category', 'role': 'state', 'used_by_default': True, ...}
    """
    from synthpersona.tables import decide_columns, prepare_column, read_table

    df, info = read_table(path, limits, head=_PREVIEW_ROWS, sheet=sheet)
    df, rules = with_postal_regions(df, TableOptions())  # as the analysis derives them
    located = location_columns(df, rules) if rules else []
    derived = {r.name: r for r in rules}
    decided = decide_columns(df, target=None, features=None, exclude=None, roles=None, mode="auto")
    cols = []
    for name in df.columns:
        dec = decided.columns[name]
        if dec.role == "target":
            kind, used = "target", True
        elif dec.feature:
            pc = prepare_column(name, df[name], dec.seed_role)
            kind, used = pc.kind, pc.included
        else:
            kind, used = "excluded", False
        examples = (
            [] if dec.personal else [str(v) for v in df[name].dropna().drop_duplicates().head(n_examples)]
        )
        reason, rule = dec.reason, derived.get(str(name))
        if rule is not None:
            reason = (
                f"made from the postal code {rule.column!r} ({rule.country}): "
                f"its first {rule.depth} character(s)"
            )
            if located:  # location would count twice (analyze_frame keeps it out likewise)
                used = False
                reason += f"; left out: {', '.join(repr(c) for c in located)} already says where a row is"
        cols.append(
            {
                "name": name,
                "kind": kind,
                "role": dec.role,
                "reason": reason,
                "derived_from": None if rule is None else rule.column,
                "personal": dec.personal,
                "used_by_default": used,
                "n_distinct": int(df[name].nunique(dropna=True)),
                "n_blank": int(df[name].isna().sum()),
                "examples": examples,
            }
        )
    return {
        "n_rows": info.n_rows,
        "n_columns": df.shape[1],
        "format": info.format,
        "encoding": info.encoding,
        "delimiter": info.delimiter,
        "description": info.describe(),
        "repairs": list(info.notes),
        "target": decided.target,
        "columns": cols,
    }
