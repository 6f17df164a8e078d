"""``python -m synthpersona.ui [--host H] [--port P]``: start the web UI."""

from __future__ import annotations

import argparse
import sys

from synthpersona.errors import SynthPersonaError
from synthpersona.ui._launch import launch


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and start the web UI; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m synthpersona.ui", description="Start the web UI.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8501, help="port to listen on")
    args = parser.parse_args(argv)
    try:
        return launch(args.host, args.port)
    except SynthPersonaError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
