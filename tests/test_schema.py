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


def test_one_yes_no_vocabulary_reads_alike_in_population_files_features_and_tables() -> None:
    import pandas as pd

    from synthpersona.features._derive import _as_bool
    from synthpersona.population._validate import _coerce_bool, _key
    from synthpersona.schema import FALSE_WORDS, TRUE_WORDS
    from synthpersona.tables import flag_word

    assert not TRUE_WORDS & FALSE_WORDS
    # the loose key of population files must not make a yes-word and a no-word collide
    assert not {_key(w) for w in TRUE_WORDS} & {_key(w) for w in FALSE_WORDS}
    words = pd.Series(["Ja", "Non", "हाँ", "nahi", "YES", "0", "Oui", "Nein"])
    expected = [True, False, True, False, True, False, True, False]
    assert [flag_word(w) for w in words] == expected
    assert _coerce_bool(words, "has_children", "test.csv").tolist() == expected
    values, unreadable = _as_bool(words)
    assert values.astype(bool).tolist() == expected and unreadable == 0


def test_every_population_column_is_documented_in_the_readme_and_the_api_guide() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    table = readme.split("<summary>Columns of the <code>users</code> table</summary>", 1)[1].split(
        "</details>"
    )[0]
    rows = set(re.findall(r"^\| `(\w+)` ", table, flags=re.MULTILINE))
    interests = [c for c in COLUMNS if c.startswith("interest_")]
    assert f"`{interests[0]}` … `{interests[-1]}` ({len(interests)})" in table
    assert [c for c in COLUMNS if c not in rows and c not in interests] == []
    # the columns issue 13 added are explained where the API's filters are documented
    api = (root / "docs" / "api.md").read_text(encoding="utf-8")
    for column in ("household_income_inr", "household_income_level", "religion", "main_festival"):
        assert f"`{column}`" in api, column
