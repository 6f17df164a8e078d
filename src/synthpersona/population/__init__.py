"""The built-in synthetic population: Indian online adults, generated, calibrated and stored.

- :func:`generate` draws it (vectorised numpy, deterministic per ``random_state``);
- :func:`calibration_report` compares its marginals with the shipped, sourced targets
  (``targets.json``);
- :func:`load_population` caches it as Parquet in the data directory,
  :func:`read_population_file` / :func:`validate_population` accept users' own
  populations, :func:`open_population` registers a file with a query engine (read in place
  when it conforms), :func:`default_population` / :func:`default_engine` make the
  built-in one the ``users`` table; :func:`write_generated` streams a population of
  any size straight to Parquet.

Examples
--------
>>> from synthpersona.population import generate
>>> df = generate(2_000, random_state=0)
>>> sorted(df["city_tier"].unique())
['Tier-1', 'Tier-2', 'Tier-3']
"""

from synthpersona.population._generate import GENERATOR_VERSION, generate, iter_generate
from synthpersona.population._lazy import PopulationTable, open_population
from synthpersona.population._storage import (
    SUFFIXES,
    clear_default_engine,
    default_engine,
    default_population,
    load_population,
    population_file,
    population_path,
    read_population_file,
    register_population,
    write_generated,
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
    "SUFFIXES",
    "PopulationTable",
    "Target",
    "calibration_report",
    "clear_default_engine",
    "default_engine",
    "default_population",
    "generate",
    "iter_generate",
    "load_population",
    "open_population",
    "population_file",
    "population_path",
    "read_population_file",
    "register_population",
    "targets",
    "tolerance_pp",
    "validate_population",
    "write_generated",
    "write_population",
]
