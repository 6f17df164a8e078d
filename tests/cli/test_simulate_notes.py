"""synthpersona simulate prints ingest notes as text: column names with brackets are not Rich markup."""

from __future__ import annotations

import io

from rich.console import Console

from synthpersona.cli._simulate import print_notes


def test_notes_quoting_bracketed_column_names_print_verbatim() -> None:
    out = io.StringIO()
    notes = ["'[device]' looks like a device id", "using 'props[/user]' as the person's id"]
    print_notes(notes, Console(file=out, width=200, color_system=None))
    # before: the first printed as "'' looks like...", the second raised MarkupError
    assert out.getvalue().splitlines() == notes
