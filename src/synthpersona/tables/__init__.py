"""Any customer table -> clusters -> ranked personas (the leads workflow of seed 003).

- :func:`read_table`: CSV/TXT/TSV (encoding and delimiter detected), Parquet, Excel; all text.
- :func:`analyze_table`: forgiving column matching, type inference, seniority from job
  titles, equal-variance encoding, clustering (latent class model or the core
  algorithms), per-cluster conversion metrics and personas ranked by conversion.
- :data:`COLUMN_ROLES`: the one vocabulary of column roles; :func:`detect_role` and
  :func:`decide_columns` give every column its role (personal data, owners, IDs, dates,
  free text and leakage are never clustered) with the reason, overridable (``roles=``).
- :func:`parse_numbers`, :func:`flag_word`, :func:`format_amount`: locale/currency numbers,
  yes/no words in several languages, readable amounts (₹ in L/Cr, $ in K/M).
- :func:`seniority_of`, :func:`parse_flag`, :class:`TableEncoder`. The latent class model is
  :class:`synthpersona.segmentation.LatentClassModel` (algorithm ``latent_class``).

Example
-------
>>> from synthpersona.tables import analyze_table, read_table
>>> df, info = read_table("leads.csv")  # doctest: +SKIP
>>> result = analyze_table(df, k="auto")  # doctest: +SKIP
>>> [p.name for p in result.personas]  # doctest: +SKIP
"""

import importlib
from typing import TYPE_CHECKING, Any

from synthpersona._table_options import TableOptions

if TYPE_CHECKING:
    from synthpersona.tables._analysis import (
        TABLE_ALGORITHMS,
        ColumnReport,
        Projection,
        TableAnalysis,
        analyze_table,
    )
    from synthpersona.tables._columns import (
        LEADS_COLUMNS,
        UNKNOWN,
        match_roles,
        norm_name,
        parse_flag,
        resolve_columns,
    )
    from synthpersona.tables._decide import (
        TABLE_MODES,
        ColumnDecision,
        Decisions,
        TableMode,
        decide_columns,
        parse_role_overrides,
        table_mode_help,
    )
    from synthpersona.tables._encoding import Block, TableEncoder
    from synthpersona.tables._header_meaning import MARGIN as MEANING_MARGIN
    from synthpersona.tables._header_meaning import closest_meaning, meaning_scores
    from synthpersona.tables._io import (
        SourceInfo,
        atomic_path,
        atomic_write_bytes,
        atomic_write_text,
        read_table,
        write_csv,
    )
    from synthpersona.tables._limits import TableLimits
    from synthpersona.tables._personas import (
        ConversionMetrics,
        concentration_level,
        conversion_metrics,
        distinctive_records,
        overall_metrics,
        percentages,
        persona_narrative,
        round_to_100,
        sections,
        segment_metrics,
        segment_percentages,
        value_tier,
    )
    from synthpersona.tables._postal import OTHER_REGIONS, PostalRegions, country_of_column, postal_regions
    from synthpersona.tables._roles import COLUMN_ROLES, PERSONAL_ROLES, ColumnRole, RoleDecision, detect_role
    from synthpersona.tables._seniority import SENIORITY_LEVELS, seniority_of
    from synthpersona.tables._types import PreparedColumn, band_key, prepare_column
    from synthpersona.tables._values import (
        FALSE_WORDS,
        TRUE_WORDS,
        ParsedNumbers,
        flag_word,
        format_amount,
        format_number,
        parse_numbers,
    )
    from synthpersona.tables._verify import verify_table_personas

    LeadsAnalysis = TableAnalysis  # deprecated name of TableAnalysis

# Each name is imported from its module on first use: reading an event log's limits or a
# column's role (the clickstream workflow) does not import the table analysis, its personas
# and what they need.
_LAZY: dict[str, tuple[str, str]] = {
    "TABLE_ALGORITHMS": ("synthpersona.tables._analysis", "TABLE_ALGORITHMS"),
    "ColumnReport": ("synthpersona.tables._analysis", "ColumnReport"),
    "Projection": ("synthpersona.tables._analysis", "Projection"),
    "TableAnalysis": ("synthpersona.tables._analysis", "TableAnalysis"),
    "analyze_table": ("synthpersona.tables._analysis", "analyze_table"),
    "LEADS_COLUMNS": ("synthpersona.tables._columns", "LEADS_COLUMNS"),
    "UNKNOWN": ("synthpersona.tables._columns", "UNKNOWN"),
    "match_roles": ("synthpersona.tables._columns", "match_roles"),
    "norm_name": ("synthpersona.tables._columns", "norm_name"),
    "parse_flag": ("synthpersona.tables._columns", "parse_flag"),
    "resolve_columns": ("synthpersona.tables._columns", "resolve_columns"),
    "TABLE_MODES": ("synthpersona.tables._decide", "TABLE_MODES"),
    "ColumnDecision": ("synthpersona.tables._decide", "ColumnDecision"),
    "Decisions": ("synthpersona.tables._decide", "Decisions"),
    "TableMode": ("synthpersona.tables._decide", "TableMode"),
    "decide_columns": ("synthpersona.tables._decide", "decide_columns"),
    "parse_role_overrides": ("synthpersona.tables._decide", "parse_role_overrides"),
    "table_mode_help": ("synthpersona.tables._decide", "table_mode_help"),
    "Block": ("synthpersona.tables._encoding", "Block"),
    "TableEncoder": ("synthpersona.tables._encoding", "TableEncoder"),
    "MEANING_MARGIN": ("synthpersona.tables._header_meaning", "MARGIN"),
    "closest_meaning": ("synthpersona.tables._header_meaning", "closest_meaning"),
    "meaning_scores": ("synthpersona.tables._header_meaning", "meaning_scores"),
    "SourceInfo": ("synthpersona.tables._io", "SourceInfo"),
    "atomic_path": ("synthpersona.tables._io", "atomic_path"),
    "atomic_write_bytes": ("synthpersona.tables._io", "atomic_write_bytes"),
    "atomic_write_text": ("synthpersona.tables._io", "atomic_write_text"),
    "read_table": ("synthpersona.tables._io", "read_table"),
    "write_csv": ("synthpersona.tables._io", "write_csv"),
    "TableLimits": ("synthpersona.tables._limits", "TableLimits"),
    "ConversionMetrics": ("synthpersona.tables._personas", "ConversionMetrics"),
    "concentration_level": ("synthpersona.tables._personas", "concentration_level"),
    "conversion_metrics": ("synthpersona.tables._personas", "conversion_metrics"),
    "distinctive_records": ("synthpersona.tables._personas", "distinctive_records"),
    "overall_metrics": ("synthpersona.tables._personas", "overall_metrics"),
    "percentages": ("synthpersona.tables._personas", "percentages"),
    "persona_narrative": ("synthpersona.tables._personas", "persona_narrative"),
    "round_to_100": ("synthpersona.tables._personas", "round_to_100"),
    "sections": ("synthpersona.tables._personas", "sections"),
    "segment_metrics": ("synthpersona.tables._personas", "segment_metrics"),
    "segment_percentages": ("synthpersona.tables._personas", "segment_percentages"),
    "value_tier": ("synthpersona.tables._personas", "value_tier"),
    "OTHER_REGIONS": ("synthpersona.tables._postal", "OTHER_REGIONS"),
    "PostalRegions": ("synthpersona.tables._postal", "PostalRegions"),
    "country_of_column": ("synthpersona.tables._postal", "country_of_column"),
    "postal_regions": ("synthpersona.tables._postal", "postal_regions"),
    "COLUMN_ROLES": ("synthpersona.tables._roles", "COLUMN_ROLES"),
    "PERSONAL_ROLES": ("synthpersona.tables._roles", "PERSONAL_ROLES"),
    "ColumnRole": ("synthpersona.tables._roles", "ColumnRole"),
    "RoleDecision": ("synthpersona.tables._roles", "RoleDecision"),
    "detect_role": ("synthpersona.tables._roles", "detect_role"),
    "SENIORITY_LEVELS": ("synthpersona.tables._seniority", "SENIORITY_LEVELS"),
    "seniority_of": ("synthpersona.tables._seniority", "seniority_of"),
    "PreparedColumn": ("synthpersona.tables._types", "PreparedColumn"),
    "band_key": ("synthpersona.tables._types", "band_key"),
    "prepare_column": ("synthpersona.tables._types", "prepare_column"),
    "FALSE_WORDS": ("synthpersona.tables._values", "FALSE_WORDS"),
    "TRUE_WORDS": ("synthpersona.tables._values", "TRUE_WORDS"),
    "ParsedNumbers": ("synthpersona.tables._values", "ParsedNumbers"),
    "flag_word": ("synthpersona.tables._values", "flag_word"),
    "format_amount": ("synthpersona.tables._values", "format_amount"),
    "format_number": ("synthpersona.tables._values", "format_number"),
    "parse_numbers": ("synthpersona.tables._values", "parse_numbers"),
    "verify_table_personas": ("synthpersona.tables._verify", "verify_table_personas"),
    "LeadsAnalysis": ("synthpersona.tables._analysis", "TableAnalysis"),  # deprecated name
}


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'synthpersona.tables' has no attribute {name!r}")
    value = getattr(importlib.import_module(where[0]), where[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "COLUMN_ROLES",
    "FALSE_WORDS",
    "LEADS_COLUMNS",
    "MEANING_MARGIN",
    "OTHER_REGIONS",
    "PERSONAL_ROLES",
    "SENIORITY_LEVELS",
    "TABLE_ALGORITHMS",
    "TABLE_MODES",
    "TRUE_WORDS",
    "UNKNOWN",
    "Block",
    "ColumnDecision",
    "ColumnReport",
    "ColumnRole",
    "ConversionMetrics",
    "Decisions",
    "LeadsAnalysis",
    "ParsedNumbers",
    "PostalRegions",
    "PreparedColumn",
    "Projection",
    "RoleDecision",
    "SourceInfo",
    "TableAnalysis",
    "TableEncoder",
    "TableLimits",
    "TableMode",
    "TableOptions",
    "analyze_table",
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_text",
    "band_key",
    "closest_meaning",
    "concentration_level",
    "conversion_metrics",
    "country_of_column",
    "decide_columns",
    "detect_role",
    "distinctive_records",
    "flag_word",
    "format_amount",
    "format_number",
    "match_roles",
    "meaning_scores",
    "norm_name",
    "overall_metrics",
    "parse_flag",
    "parse_numbers",
    "parse_role_overrides",
    "percentages",
    "persona_narrative",
    "postal_regions",
    "prepare_column",
    "read_table",
    "resolve_columns",
    "round_to_100",
    "sections",
    "segment_metrics",
    "segment_percentages",
    "seniority_of",
    "table_mode_help",
    "value_tier",
    "verify_table_personas",
    "write_csv",
]
