"""The examples in the population package's docstrings run and are right."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "synthpersona.population",
    "synthpersona.population._generate",
    "synthpersona.population._sampling",
    "synthpersona.population._storage",
    "synthpersona.population._targets",
    "synthpersona.population._validate",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
