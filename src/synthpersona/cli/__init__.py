"""The ``synthpersona`` command line (Typer).

Each command group lives in its own private module exposing ``register(app)``;
commands call the use-case functions of the library and nothing else.
"""

from __future__ import annotations

import sys

from synthpersona.cli._app import app, run

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``synthpersona`` console script."""
    sys.exit(run(sys.argv[1:]))
