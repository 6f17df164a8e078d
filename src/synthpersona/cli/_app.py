"""Typer application, error handling and registration of the command groups."""

from __future__ import annotations

import importlib
import sys

import typer
from typer.exceptions import TyperException

from synthpersona import __version__
from synthpersona.errors import EXIT_CODES, SynthPersonaError, status_for

app = typer.Typer(
    name="synthpersona",
    help="Data-grounded user segments and personas from customer data or a plain business goal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}

# Command-group modules, each with ``register(app)``; they are owned by their domain.
_GROUPS = ("_population", "_goal", "_segment", "_leads", "_simulate", "_scenario", "_serve", "_ui")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"synthpersona {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    _state["debug"] = debug


for _name in _GROUPS:
    try:
        _module = importlib.import_module(f"synthpersona.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a group not built yet
        if _exc.name != f"synthpersona.cli.{_name}":
            raise
        continue
    _module.register(app)


def run(argv: list[str]) -> int:
    """Run the CLI with ``argv``; return the exit code.

    Errors raised by the library print one line (``error: ...``) to stderr and map
    to the exit code of their class; ``--debug`` shows the traceback instead.
    """
    debug = "--debug" in argv
    try:
        # With standalone_mode=False, a `typer.Exit(code)` comes back as the return value.
        rv = app(args=argv, standalone_mode=False)
    except SynthPersonaError as exc:
        if debug:
            raise
        print(f"error: {exc.message}", file=sys.stderr)
        return status_for(exc, EXIT_CODES)
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
        print(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 1
    return rv if isinstance(rv, int) else 0
