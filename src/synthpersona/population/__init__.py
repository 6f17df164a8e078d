"""The built-in synthetic population: Indian online adults, generated and calibrated.

``generate`` draws it (vectorised, deterministic per ``random_state``),
``calibration_report`` compares its marginals with the shipped, sourced targets.
"""

from synthpersona.population._generate import generate
from synthpersona.population._schema import (
    CATEGORICAL_VALUES,
    CITIES,
    CITY_ALIASES,
    COLUMNS,
    INTERESTS,
    SCORES,
    STATE_LANGUAGE,
)
from synthpersona.population._targets import calibration_report

__all__ = [
    "CATEGORICAL_VALUES",
    "CITIES",
    "CITY_ALIASES",
    "COLUMNS",
    "INTERESTS",
    "SCORES",
    "STATE_LANGUAGE",
    "calibration_report",
    "generate",
]
