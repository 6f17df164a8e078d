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

# Command (or group) name -> the private module whose ``register(app)`` adds it. Only the
# module of the command being run is imported, so `synthpersona leads ...` does not pay for
# scikit-learn, openai or the embedding model of other commands.
COMMANDS: dict[str, str] = {
    "population": "_population",
    "goal": "_goal",
    "segment": "_segment",
    "leads": "_leads",
    "simulate": "_simulate",
    "scenario": "_scenario",
    "serve": "_serve",
    "ui": "_ui",
}
_loaded: set[str] = set()


def load_commands(names: list[str] | None = None) -> typer.Typer:
    """Register the command groups ``names`` (all when ``None``) on :data:`app` and return it."""
    for name in names if names is not None else list(COMMANDS):
        module = COMMANDS[name]
        if module in _loaded:
            continue
        importlib.import_module(f"synthpersona.cli.{module}").register(app)
        _loaded.add(module)
    return app


def _command_of(argv: list[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option), if any."""
    for token in argv:
        if not token.startswith("-"):
            return token
    return None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"synthpersona {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    _state["debug"] = debug


def run(argv: list[str]) -> int:
    """Run the CLI with ``argv``; return the exit code.

    Errors raised by the library print one line (``error: ...``) to stderr and map
    to the exit code of their class; ``--debug`` shows the traceback instead.
    """
    debug = "--debug" in argv
    command = _command_of(argv)
    load_commands([command] if command in COMMANDS else None)
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
        print(
            f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr
        )
        return 1
    return rv if isinstance(rv, int) else 0
