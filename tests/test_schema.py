"""The public population schema names every column once and matches the generated table."""

from __future__ import annotations

import subprocess
import sys

import synthpersona.population as population
from synthpersona import schema
from synthpersona.schema import (
    BOOLEAN_COLUMNS,
    CATEGORICAL_VALUES,
    COLUMNS,
    INTERESTS,
    NUMERIC_COLUMNS,
    SCORES,
    Col,
)


def test_col_names_every_column_but_scores_and_interests_in_table_order() -> None:
    named = [v for k, v in vars(Col).items() if k.isupper()]
    assert [*named, *SCORES, *INTERESTS] == list(COLUMNS)
    assert all(getattr(Col, k) == k.lower() for k in vars(Col) if k.isupper())


def test_every_column_has_one_kind_and_a_description() -> None:
    kinds = [set(CATEGORICAL_VALUES), set(BOOLEAN_COLUMNS), set(NUMERIC_COLUMNS)]
    assert sum(len(k) for k in kinds) == len(set().union(*kinds))  # disjoint
    assert set().union(*kinds) == set(COLUMNS) - {Col.USER_ID}
    assert set(schema.COLUMN_DESCRIPTIONS) == set(COLUMNS)


def test_generated_population_follows_the_schema() -> None:
    df = population.generate(3_000, random_state=0)
    assert list(df.columns) == list(COLUMNS)
    for column, allowed in CATEGORICAL_VALUES.items():
        assert set(df[column].astype(str)) <= set(allowed), column


def test_population_reexports_the_same_objects() -> None:
    for name in ("CATEGORICAL_VALUES", "COLUMNS", "CITIES", "INTERESTS", "SCORES", "STATE_LANGUAGE"):
        assert getattr(population, name) is getattr(schema, name)


def test_importing_the_schema_stays_light() -> None:
    code = "import sys, synthpersona.schema; print('pandas' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
