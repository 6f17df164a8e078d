"""W3C extended logs (CloudFront, IIS): the ``#Fields:`` header and the rows without directive lines.

The event-log reader (:func:`synthpersona.simulation._log_files.read_events_delimited`) uses these when a
delimited file opens with ``#`` directives.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pyarrow as pa

__all__ = ["W3CRows", "opened", "w3c_header"]


def w3c_header(first: str, rest: Any) -> tuple[list[str], int, str] | None:
    """Columns, lines to skip and separator of a W3C extended log (``#Version``, ``#Fields: a b``).

    CloudFront and IIS write directive lines opening with ``#``; ``#Fields:`` names the
    columns (space separated), the rows are tab separated (CloudFront) or space separated (IIS).
    """
    lines, fields = [first], None
    while lines[-1].startswith("#") and len(lines) < 20:
        if lines[-1].lower().startswith("#fields:"):
            fields = lines[-1].split(":", 1)[1].split()
        lines.append(rest.readline())
    if not fields:
        return None
    return fields, len(lines) - 1, "\t" if "\t" in lines[-1] else " "


_DIRECTIVE = re.compile(rb"^#[^\n]*(\n|$)", re.MULTILINE)


class W3CRows(io.RawIOBase):
    """A W3C log's bytes (plain or gzipped) without its ``#`` directive lines, read in blocks.

    The directives open the file and, in IIS logs, come again after each restart; whole
    lines are cut with one regular expression per ~1 MB block, so millions of rows stay fast.
    """

    def __init__(self, path: Path) -> None:
        self._raw = pa.input_stream(str(path))  # gzip decoded by the name's ``.gz``
        self._left = b""  # the last, unfinished line of the previous block
        self._ready = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._ready:
            block = self._raw.read(1 << 20)
            if not block:
                self._ready, self._left = _DIRECTIVE.sub(b"", self._left), b""
                if not self._ready:
                    return 0
                break
            block = self._left + block
            cut = block.rfind(b"\n") + 1
            self._ready, self._left = _DIRECTIVE.sub(b"", block[:cut]), block[cut:]
        n = min(len(buffer), len(self._ready))
        buffer[:n] = self._ready[:n]
        self._ready = self._ready[n:]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def opened(source: Any, path: Path) -> Any:
    """What pyarrow reads: the path itself, or a fresh filtered stream of it."""
    return io.BufferedReader(source(path), 1 << 20) if isinstance(source, type) else source
