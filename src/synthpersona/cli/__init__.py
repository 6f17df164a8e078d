"""The ``synthpersona`` command line (Typer).

Each command group lives in its own private module exposing ``register(app)``;
commands call the use-case functions of the library and nothing else.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

from synthpersona.cli._app import EXIT_CODES, exit_code_for, load_commands, run

__all__ = ["EXIT_CODES", "app", "exit_code_for", "main", "run"]


def __getattr__(name: str) -> Any:
    # ``synthpersona.cli.app`` is the Typer app with every command group registered.
    if name == "app":
        return load_commands()
    raise AttributeError(f"module 'synthpersona.cli' has no attribute {name!r}")


#: Commands that start a long-lived server: they keep the allocator's defaults (a server's
#: peak, bounded in docs/reliability.md, is not traded for speed).
SERVERS = ("serve", "ui")
#: Commands whose pipelines free and re-allocate the same large arrays: malloc keeps them and
#: Arrow allocates through it (other batch commands only drop NumPy's huge-page advice).
REUSERS = ("simulate", "behaviour")


def main() -> None:
    """Entry point of the ``synthpersona`` console script."""
    command = sys.argv[1] if sys.argv[1:] else ""
    if command not in SERVERS:
        from synthpersona.allocation import reuse_freed_memory

        # a batch command: small pages, and for the clickstream ones freed arrays reused
        reuse_freed_memory(keep_freed=command in REUSERS)
    code = run(sys.argv[1:])
    # The process ends here: skip the interpreter's final garbage collection over every
    # object pandas and friends created (about 0.1 s per command); output is unaffected.
    gc.freeze()
    sys.exit(code)
