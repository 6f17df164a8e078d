"""Deprecated name of :mod:`synthpersona.usecases.tables` (the table workflow has one word: table).

Importing this module warns; every name is the one of :mod:`synthpersona.usecases.tables`.
"""

from __future__ import annotations

import warnings
from typing import Any

from synthpersona.usecases import tables as _tables

warnings.warn(
    "synthpersona.usecases.leads is deprecated; import synthpersona.usecases.tables instead.",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = list(_tables.__all__)


def __getattr__(name: str) -> Any:
    return getattr(_tables, name)
