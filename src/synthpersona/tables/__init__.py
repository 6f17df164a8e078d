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

from synthpersona._table_options import TableOptions
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

#: Deprecated name of :class:`TableAnalysis` (the table workflow has one word: table).
LeadsAnalysis = TableAnalysis
