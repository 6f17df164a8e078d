"""``-`` as a file name: read standard input (Unix convention) for commands that read a file."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_MAGIC = ((b"PAR1", ".parquet"), (b"PK\x03\x04", ".xlsx"), (b"\xd0\xcf\x11\xe0", ".xls"))


def _suffix(data: bytes, text_suffix: str) -> str:
    for magic, suffix in _MAGIC:
        if data.startswith(magic):
            return suffix
    if data.lstrip()[:1] in (b"{", b"["):
        return ".json"
    return text_suffix


@contextmanager
def file_or_stdin(path: Path, text_suffix: str = ".csv") -> Iterator[Path]:
    """``path`` itself, or for ``-`` a temporary copy of standard input.

    The readers choose the format by suffix or content, so the copy is named after what
    the bytes look like: Parquet, Excel or JSON by their signature, else ``text_suffix``.
    """
    if str(path) != "-":
        yield path
        return
    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="synthpersona-stdin-") as folder:
        spooled = Path(folder) / f"stdin{_suffix(data, text_suffix)}"
        spooled.write_bytes(data)
        yield spooled
