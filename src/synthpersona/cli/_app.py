"""Typer application, error handling and registration of the command groups."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import TyperException

from synthpersona import __version__
from synthpersona.errors import (
    BackendError,
    ConflictError,
    DataError,
    InputError,
    NotFoundError,
    SynthPersonaError,
    cause_of,
)

_state = {"debug": False}

#: Exit code of each cause group (synthpersona.errors.CAUSES); never of single classes, so
#: a new error class gets its code from the group it is put under. 2 matches Click's usage
#: errors; 1 is an error of no group (e.g. a failed ``--check``).
EXIT_CODES: dict[type[SynthPersonaError], int] = {
    InputError: 2,
    DataError: 4,
    NotFoundError: 5,
    ConflictError: 6,
    BackendError: 7,
    SynthPersonaError: 1,
}


def exit_code_for(exc: SynthPersonaError) -> int:
    """Exit code of ``exc``, from its cause group.

    Examples
    --------
    >>> from synthpersona.errors import StoreError
    >>> exit_code_for(StoreError("database down"))
    7
    """
    return EXIT_CODES[cause_of(exc)]


# Command (or group) name -> the private module whose ``register(app)`` adds it. Only the
# module of the command being run is imported, so `synthpersona leads ...` does not pay for
# scikit-learn, openai or the embedding model of other commands.
COMMANDS: dict[str, str] = {
    "population": "_population",
    "goal": "_goal",
    "segment": "_segment",
    "verify": "_verify",
    "backtest": "_trust",
    "privacy": "_trust",
    "diff": "_trust",
    "represent": "_trust",
    "leads": "_leads",
    "simulate": "_simulate",
    "behaviour": "_behaviour",
    "scenario": "_scenario",
    "chat": "_chat",
    "serve": "_serve",
    "store": "_store",
    "ui": "_ui",
    "examples": "_examples",
}
# One line per command for the top-level ``--help``, so listing the commands imports none
# of them (a test checks these equal the help each module registers).
SUMMARIES: dict[str, str] = {
    "population": "Generate, inspect and calibrate the built-in synthetic population.",
    "goal": "Understand a business goal: intents, domain, filters and the SQL they make.",
    "segment": "Goal → segments → personas on the built-in population (or --population).",
    "verify": "Re-derive every number and trait word of a run (goal, leads or clickstream) from the data.",
    "backtest": "Back-test personas: build them on part of the data and check their claims on the held-out "
    "rest.",
    "privacy": "Privacy-check personas of a table, goal run or event log: k-anonymity, small cells, "
    "identifiers, noise.",
    "diff": "Diff persona versions (tables, goal runs, logs): matched segments, stable ids, share and "
    "column drift.",
    "represent": "Representation: demographic groups the personas cover, miss or over-claim.",
    "leads": "Any customer table (CRM leads, customers) -> clusters -> ranked personas.",
    "simulate": "Ingest a clickstream, find behavioural personas, simulate a product change and "
    "write reports.",
    "behaviour": "Behaviour analytics on a clickstream: transition graph, step matrix, group comparison, "
    "retention.",
    "scenario": "Role-play personas and system prompts for training scenarios (seed 004).",
    "chat": "Ask a persona a question; with --all, ask every persona and tabulate their stances.",
    "serve": "Start the REST API: goal → clusters → personas, persona chat, stored runs (docs at /docs).",
    "store": "Check the state store and data directory (orphans, interrupted jobs); make API keys.",
    "ui": "Start the web UI in the browser: goal → segments, personas and chat, leads, simulation, "
    "role-play.",
    "examples": "Copy the example inputs (scenario templates, a leads table) into a folder, default "
    "./examples, so the README's commands run as written.",
}
_loaded: set[str] = set()


class LazyGroup(TyperGroup):
    """The root command group: a command's module is imported only when that command runs.

    ``synthpersona --help`` lists :data:`SUMMARIES`; ``synthpersona CMD ...`` (and shell
    completion of ``CMD``'s options) imports ``CMD``'s module alone.
    """

    _listing = False

    # Typer vendors click from 0.28 on, so the click types are spelled ``Any`` here.
    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        if cmd_name not in self.commands:
            if self._listing:  # the help page only needs the one-line summary
                return TyperCommand(cmd_name, help=SUMMARIES[cmd_name])
            holder = typer.Typer()
            importlib.import_module(f"synthpersona.cli.{COMMANDS[cmd_name]}").register(holder)
            group = typer.main.get_group(holder)
            self.add_command(group.commands[cmd_name], cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="synthpersona",
    cls=LazyGroup,
    help="Data-grounded user segments and personas from customer data or a plain business goal.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def load_commands(names: list[str] | None = None) -> typer.Typer:
    """Register the command groups ``names`` (all when ``None``) on :data:`app` and return it."""
    for name in names if names is not None else list(COMMANDS):
        module = COMMANDS[name]
        if module in _loaded:
            continue
        importlib.import_module(f"synthpersona.cli.{module}").register(app)
        _loaded.add(module)
    return app


def _version(value: bool) -> None:
    if value:
        typer.echo(f"synthpersona {__version__}")
        raise typer.Exit()


Debug = Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")]
Version = Annotated[
    bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
]


@app.callback()
def _root(debug: Debug = False, version: Version = False) -> None:
    _state["debug"] = debug


def run(argv: list[str]) -> int:
    """Run the CLI with ``argv``; return the exit code.

    Errors raised by the library print one line (``error: ...``) to stderr and map
    to the exit code of their cause group (:data:`EXIT_CODES`); ``--debug`` shows the traceback instead.
    """
    debug = "--debug" in argv
    try:
        # With standalone_mode=False, a `typer.Exit(code)` comes back as the return value.
        rv = app(args=argv, prog_name="synthpersona", standalone_mode=False)
    except SynthPersonaError as exc:
        if debug:
            raise
        print(f"error: {exc.message}", file=sys.stderr)
        return exit_code_for(exc)
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        print("error: aborted", file=sys.stderr)
        return 130
    except TyperException as exc:  # usage errors: unknown command, missing or bad option
        fmt = getattr(exc, "format_message", None)
        text = fmt() if callable(fmt) else str(exc)
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "synthpersona"
        if type(exc).__name__ == "NoArgsIsHelpError":
            print(text, file=sys.stderr)
            return 2
        print(f"error: {' '.join(text.split())} (see '{where} --help')", file=sys.stderr)
        return int(getattr(exc, "exit_code", 2) or 2)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # pragma: no cover - last resort, never a traceback by default
        if debug:
            raise
        print(
            f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr
        )
        return 1
    return rv if isinstance(rv, int) else 0
