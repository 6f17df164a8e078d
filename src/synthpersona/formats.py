"""The registry of file formats synthpersona reads: the one list behind every reader and message.

Each :class:`Reader` names a format, its file extensions, the leading bytes that
identify it whatever the file is called, a description, and the function that reads
it for each kind of data (``"table"``: a customer table for the leads workflow, every
cell as text; ``"event_log"``: a clickstream). The table reader, the event-log
reader, the API's upload acceptance, error messages and CLI help are all built from
:data:`READERS`; to add a format, add an entry here and its reading function (see
docs/architecture.md).

Reading functions are named as ``"module:function"`` and imported on first use, so
this module imports nothing heavy.

Examples
--------
>>> extensions("event_log")
('.csv', '.txt', '.tsv', '.tab', '.dat', '.gz', '.parquet', '.pq', '.json', '.jsonl', '.ndjson')
>>> reader_for("leads.xlsx", "table").name
'Excel'
"""

from __future__ import annotations

import codecs
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from synthpersona.errors import InputError

__all__ = [
    "READERS",
    "DataKind",
    "Reader",
    "describe",
    "extensions",
    "load_reader",
    "reader_for",
    "signature_extension",
    "sniff_suffix",
    "sniffed_note",
]

DataKind = Literal["table", "event_log"]


@dataclass(frozen=True)
class Reader:
    """One readable file format.

    Attributes
    ----------
    name
        Short name used in messages (``CSV``, ``Parquet``...).
    extensions
        Lower-case file extensions, with the dot.
    description
        What is accepted, for help texts.
    functions
        ``{kind: "module:function"}``: how to read it as a table and/or an event log.
    magic
        Leading bytes that identify the format whatever the extension, each with the
        extension it stands for (``{b"PAR1": ".parquet"}``; a file read from standard
        input is named after it, :func:`signature_extension`).
    """

    name: str
    extensions: tuple[str, ...]
    description: str
    functions: dict[str, str] = field(default_factory=dict)
    magic: dict[bytes, str] = field(default_factory=dict)

    def reads(self, kind: DataKind) -> bool:
        """Whether this format can be read as ``kind``."""
        return kind in self.functions


READERS: dict[str, Reader] = {
    "delimited": Reader(
        "CSV",
        (".csv", ".txt", ".tsv", ".tab", ".dat"),
        "CSV/TXT/TSV/TAB/DAT text (comma, semicolon, tab or pipe separated; encoding detected)",
        {
            "table": "synthpersona.tables._io:read_delimited",
            "event_log": "synthpersona.simulation._log_files:read_events_delimited",
        },
    ),
    "gzip": Reader(
        "gzip CSV",
        (".gz",),
        "gzip-compressed CSV (.csv.gz)",
        {"event_log": "synthpersona.simulation._log_files:read_events_delimited"},
    ),
    "parquet": Reader(
        "Parquet",
        (".parquet", ".pq"),
        "Parquet (.parquet, .pq)",
        {
            "table": "synthpersona.tables._io:read_parquet",
            "event_log": "synthpersona.simulation._log_files:read_events_parquet",
        },
        magic={b"PAR1": ".parquet"},
    ),
    "json": Reader(
        "JSON",
        (".json", ".jsonl", ".ndjson"),
        "JSON (.json, .jsonl, .ndjson: JSON lines or an array of objects; nested properties flattened)",
        {
            "table": "synthpersona.tables._json:read_json",
            "event_log": "synthpersona.tables._json:read_events_json",
        },
    ),
    "excel": Reader(
        "Excel",
        (".xlsx", ".xlsm", ".xls"),
        "Excel (.xlsx, .xlsm, .xls; the first sheet)",
        {"table": "synthpersona.tables._excel:read_excel"},
        magic={b"PK\x03\x04": ".xlsx", b"\xd0\xcf\x11\xe0": ".xls"},
    ),
}

# A table file with an unknown extension is sniffed as delimited text (exports are often .out, .log...).
_FALLBACK: dict[str, str | None] = {"table": "delimited", "event_log": None}
# an event log under a server's or tool's own suffix (nginx's access.log, a JSON log as .out) is text
_LOG_SUFFIXES = (".log", ".out", ".logs")


def extensions(kind: DataKind) -> tuple[str, ...]:
    """Every extension readable as ``kind``, in registry order."""
    return tuple(ext for r in READERS.values() if r.reads(kind) for ext in r.extensions)


def describe(kind: DataKind) -> str:
    """One line naming the formats readable as ``kind`` (messages and help texts).

    Examples
    --------
    >>> "Parquet (.parquet, .pq)" in describe("table")
    True
    """
    return "; ".join(r.description for r in READERS.values() if r.reads(kind))


def signature_extension(head: bytes) -> str | None:
    """The extension a file's leading bytes stand for (a registered signature), else ``None``.

    Examples
    --------
    >>> signature_extension(b"PAR1..."), signature_extension(b"name,age")
    ('.parquet', None)
    """
    for reader in READERS.values():
        for magic, extension in reader.magic.items():
            if head.startswith(magic):
                return extension
    return None


def reader_for(path: str | Path, kind: DataKind, head: bytes = b"") -> Reader:
    """The reader of ``path`` as ``kind``: by its leading bytes ``head``, else by extension.

    Raises
    ------
    InputError
        No registered format reads this extension as ``kind``; the message lists them.
    """
    for reader in READERS.values():
        if reader.reads(kind) and any(head.startswith(m) for m in reader.magic):
            return reader
    suffix = Path(path).suffix.lower()
    if suffix == ".gz" and _gzipped_json(Path(path)):  # Amplitude's export: gzipped JSON lines
        return READERS["json"]
    for reader in READERS.values():
        if reader.reads(kind) and suffix in reader.extensions:
            return reader
    if kind == "table" or suffix in _LOG_SUFFIXES or _is_text(head):
        # a log under a tool's own name (CloudFront's E2K4Q7.2024-03-01-10.a1b2c3d4) is text too
        # unknown suffix: JSON lines or an array when the text opens with one, else delimited text
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
            return READERS["json"]
        return READERS["delimited"]
    fallback = _FALLBACK[kind]
    if fallback is not None:
        return READERS[fallback]
    what = "table" if kind == "table" else "event log"
    raise InputError(
        f"Unsupported {what} format {suffix or '(no extension)'!r} for {Path(path).name!r}; "
        f"use {', '.join(extensions(kind))} ({describe(kind)}).",
        code="unsupported_format",
        details={"filename": Path(path).name, "allowed": list(extensions(kind))},
    )


_GZIP = b"\x1f\x8b"


def sniff_suffix(name: str, kind: DataKind, head: bytes) -> tuple[str, str | None]:
    """The extension to store an upload under, and the format sniffed when its name has none known.

    An upload named ``leads`` or ``export.bin`` (a browser or script dropped the extension) is
    recognised by its first bytes: Parquet and Excel by their magic, gzip, JSON opening with
    ``{``/``[``, other readable text as delimited; the sniffed format is returned so it can be
    reported. A name with a known extension keeps it (``None``: nothing sniffed).

    Raises
    ------
    InputError
        Neither the name nor the content is a readable ``kind`` (``unsupported_format``, HTTP 422),
        listing the allowed formats.

    Examples
    --------
    >>> sniff_suffix("leads", "table", b"PAR1...")
    ('.parquet', 'Parquet')
    >>> sniff_suffix("events", "event_log", b'{"event": "Play"}')
    ('.json', 'JSON')
    >>> sniff_suffix("leads.csv", "table", b"a,b")
    ('.csv', None)
    """
    suffix = Path(name).suffix.lower()
    if suffix in extensions(kind):
        return suffix, None
    for reader in READERS.values():
        for magic, extension in reader.magic.items():
            if reader.reads(kind) and head.startswith(magic):
                return extension, reader.name
    if head.startswith(_GZIP) and READERS["gzip"].reads(kind):
        return ".gz", "gzip"
    text = _text_of(head)
    if text is not None:
        if text.lstrip(" \t\r\n")[:1] in ("{", "["):
            return ".json", READERS["json"].name
        # a table may be one column (a list of e-mails); an event log needs columns
        if kind == "table" or any(d in text for d in (",", ";", "\t", "|")):
            return ".csv", READERS["delimited"].name
    what = "table" if kind == "table" else "event log"
    raise InputError(
        f"Unsupported {what} format for {Path(name).name!r}: its name has no known extension and its "
        f"content is none of the formats read ({describe(kind)}). Send one of {', '.join(extensions(kind))}.",
        code="unsupported_format",
        details={"filename": Path(name).name, "allowed": list(extensions(kind))},
    )


def sniffed_note(filename: str, sniffed: str) -> str:
    """The note reporting that an upload's format was recognised from its content (:func:`sniff_suffix`)."""
    return f"file name {filename!r} has no known extension: its content was recognised as {sniffed}"


def _gzipped_json(path: Path) -> bool:
    """Whether a ``.gz`` file holds JSON (``.json.gz``, or text opening with ``{``/``[``)."""
    if Path(path.stem).suffix.lower() in READERS["json"].extensions:
        return True
    import gzip

    try:
        with gzip.open(path, "rb") as fh:
            start = fh.read(64)
    except (OSError, EOFError):
        return False
    return start.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _is_text(head: bytes) -> bool:
    """Whether a file's first bytes read as text (see :func:`_text_of`)."""
    return _text_of(head) is not None


# control bytes text never holds (tab, line ends, form feed and the DOS end-of-file mark aside)
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1A} | {0x7F}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _text_of(head: bytes) -> str | None:
    """A file's first bytes as text, or ``None`` when they are binary.

    Text is UTF-8, UTF-16 with its byte-order mark, or a legacy code page (cp1252, cp1251,
    Shift_JIS, ...: no NUL or other control byte but whitespace); the legacy bytes are decoded
    as Latin-1, which is enough to see the ASCII structure (delimiters, ``{``). The encoding
    itself is detected when the file is read.
    """
    if not head:
        return None
    if head.startswith(_UTF16_BOMS):
        try:
            text = codecs.getincrementaldecoder("utf-16")().decode(head, final=False)
        except UnicodeDecodeError:
            return None
        return text if all(ch.isprintable() or ch in "\t\r\n\f" for ch in text) else None
    if any(byte in _CONTROL for byte in head):
        return None
    try:  # a multi-byte character may be cut at the end of the head
        return codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return head.decode("latin-1")


def load_reader(reader: Reader, kind: DataKind) -> Callable[..., Any]:
    """The reading function of ``reader`` for ``kind`` (imported on first use)."""
    module, _, name = reader.functions[kind].partition(":")
    fn: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return fn
