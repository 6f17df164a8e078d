"""The examples in every module's docstrings run and state the right results.

Each module of the package is collected here, so a new module's examples are checked
without registering it. Skipped: scripts that do their work on import (the Streamlit
app and pages, Alembic's migration environment, the chart worker's entry point).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import synthpersona

_SCRIPTS = (
    "synthpersona.__main__",
    "synthpersona.ui.app",
    "synthpersona.ui.views.",
    "synthpersona.store.migrations.",
)


def _modules() -> list[str]:
    names = ["synthpersona"]
    for info in pkgutil.walk_packages(synthpersona.__path__, "synthpersona.", onerror=lambda _: None):
        if not info.name.startswith(_SCRIPTS):
            names.append(info.name)
    return sorted(names)


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"
