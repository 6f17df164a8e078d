"""The built-in synthetic population: Indian online adults, generated, calibrated and stored.

- :func:`generate` draws it (vectorised numpy, deterministic per ``random_state``);
- :func:`calibration_report` compares its marginals with the shipped, sourced targets
  (``targets.json``);
- :func:`load_population` caches it as Parquet in the data directory,
  :func:`read_population_file` / :func:`validate_population` accept users' own
  populations, :func:`register_population` and :func:`default_engine` make it the
  ``users`` table of a DuckDB engine.

Examples
--------
>>> from synthpersona.population import generate
>>> df = generate(2_000, random_state=0)
>>> sorted(df["city_tier"].unique())
['Tier-1', 'Tier-2', 'Tier-3']
"""

from synthpersona.population._generate import GENERATOR_VERSION, generate
from synthpersona.population._storage import (
    clear_default_engine,
    default_engine,
    load_population,
    population_path,
    read_population_file,
    register_population,
    write_population,
)
from synthpersona.population._targets import Target, calibration_report, targets, tolerance_pp
from synthpersona.population._validate import REQUIRED, validate_population
from synthpersona.schema import (
    BOOLEAN_COLUMNS,
    CATEGORICAL_VALUES,
    CITIES,
    CITY_ALIASES,
    COLUMN_DESCRIPTIONS,
    COLUMNS,
    INCOME_LOW_MAX,
    INCOME_MID_MAX,
    INTERESTS,
    NUMERIC_COLUMNS,
    SCORES,
    STATE_LANGUAGE,
)

__all__ = [
    "BOOLEAN_COLUMNS",
    "CATEGORICAL_VALUES",
    "CITIES",
    "CITY_ALIASES",
    "COLUMNS",
    "COLUMN_DESCRIPTIONS",
    "GENERATOR_VERSION",
    "INCOME_LOW_MAX",
    "INCOME_MID_MAX",
    "INTERESTS",
    "NUMERIC_COLUMNS",
    "REQUIRED",
    "SCORES",
    "STATE_LANGUAGE",
    "Target",
    "calibration_report",
    "clear_default_engine",
    "default_engine",
    "generate",
    "load_population",
    "population_path",
    "read_population_file",
    "register_population",
    "targets",
    "tolerance_pp",
    "validate_population",
    "write_population",
]
