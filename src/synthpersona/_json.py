"""Make payloads JSON-safe (numpy, pandas, NaN, paths, ...): for the store, JSON files and API bodies."""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, is_dataclass
from pathlib import PurePath
from typing import Any

from synthpersona.errors import InputError

__all__ = ["clean_text", "to_jsonable"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with the characters no store can keep replaced by U+FFFD.

    PostgreSQL refuses NUL (``\\x00``) in text and JSON; an unpaired UTF-16 surrogate
    has no UTF-8 form at all (SQLite, files and HTTP responses fail on it). Replacing
    both makes every backend store the same thing.

    Examples
    --------
    >>> clean_text("a\\x00b\\ud800c")
    'a\ufffdb\ufffdc'
    >>> clean_text("plain")
    'plain'
    """
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    if not text.isascii() and _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


def to_jsonable(value: Any, _path: str = "$") -> Any:
    """Return ``value`` as plain JSON types.

    numpy scalars and arrays, pandas timestamps, tuples, sets, dataclasses,
    pydantic models, paths and enums are converted; NaN and infinities become
    ``None`` (PostgreSQL's JSONB refuses them); mapping keys become strings; NUL
    characters and lone surrogates in text become U+FFFD (:func:`clean_text`).

    Raises
    ------
    InputError
        When a value has no JSON form; the message names where it is.

    Examples
    --------
    >>> import numpy as np
    >>> to_jsonable({"k": np.int64(3), 1: (np.float32(0.5), float("nan"))})
    {'k': 3, '1': [0.5, None]}
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {clean_text(str(k)): to_jsonable(v, f"{_path}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return [to_jsonable(v, f"{_path}[{i}]") for i, v in enumerate(items)]
    # numpy / pandas without importing them: scalars have .item(), arrays .tolist()
    if hasattr(value, "tolist") and callable(value.tolist):
        return to_jsonable(value.tolist(), _path)
    if hasattr(value, "item") and callable(value.item):
        return to_jsonable(value.item(), _path)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "isoformat") and callable(value.isoformat):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, _path)
    if isinstance(value, PurePath):
        return str(value)
    if hasattr(value, "model_dump") and callable(value.model_dump):
        return to_jsonable(value.model_dump(mode="json"), _path)
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value), _path)
    raise InputError(
        f"Value at {_path} of type {type(value).__name__} cannot be stored as JSON; "
        "convert it to a number, string, list or dict first.",
        details={"path": _path, "type": type(value).__name__},
    )
