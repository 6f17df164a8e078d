"""``-`` as a file name: read standard input (Unix convention) for commands that read a file."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from synthpersona.formats import signature_extension


def _suffix(data: bytes, text_suffix: str) -> str:
    by_signature = signature_extension(data)  # Parquet, Excel: the format registry's signatures
    if by_signature is not None:
        return by_signature
    if data.lstrip()[:1] in (b"{", b"["):
        return ".json"
    return text_suffix


@contextmanager
def file_or_stdin(path: Path, text_suffix: str = ".csv") -> Iterator[Path]:
    """``path`` itself, or for ``-`` a temporary copy of standard input.

    The readers choose the format by suffix or content, so the copy is named after what
    the bytes look like: Parquet or Excel by their signature (``formats.READERS``), JSON by
    its first character, else ``text_suffix``.
    """
    if str(path) != "-":
        yield path
        return
    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="synthpersona-stdin-") as folder:
        spooled = Path(folder) / f"stdin{_suffix(data, text_suffix)}"
        spooled.write_bytes(data)
        yield spooled
