"""Helpers shared by the store modules."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from synthpersona._json import clean_text, to_jsonable
from synthpersona.errors import InputError

__all__ = ["DEFAULT_TENANT", "MAX_ID", "check_id", "check_payload", "iso"]

MAX_ID = 200
#: The tenant of rows stored without one (the column's server default, so rows made before
#: tenants existed are its); the same name as ``usecases.tenants.DEFAULT_TENANT`` (a test checks).
DEFAULT_TENANT = "default"


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC (SQLite hands back naive datetimes; they were stored as UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def check_id(name: str, value: object) -> str:
    """A non-empty id of at most :data:`MAX_ID` characters, else ``InputError``."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID:
        raise InputError(
            f"{name} must be a non-empty string of at most {MAX_ID} characters, got {value!r}.",
            details={"field": name},
        )
    if clean_text(value) != value:
        raise InputError(
            f"{name} {value!r} contains a NUL character or an unpaired surrogate, which cannot be stored; "
            "use plain text.",
            details={"field": name},
        )
    return value


def check_payload(payload: object) -> dict[str, Any]:
    """A dict made JSON-safe, else ``InputError``."""
    if not isinstance(payload, dict):
        raise InputError(
            f"A stored payload must be a dict (JSON object), got {type(payload).__name__}.",
            details={"type": type(payload).__name__},
        )
    return cast(dict[str, Any], to_jsonable(payload))
