"""The one exception hierarchy of synthpersona.

Every error raised on purpose by the library derives from :class:`SynthPersonaError`
and carries a machine-readable ``code``. The API and the CLI map codes to HTTP
status codes and exit codes (see :data:`HTTP_STATUS` and :data:`EXIT_CODES`); the
core never raises HTTP errors itself.

Messages quote the bad value and say how to fix it; :func:`did_you_mean` helps
list close matches among the allowed values.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

__all__ = [
    "EXIT_CODES",
    "HTTP_STATUS",
    "ConfigError",
    "DataError",
    "EmptyResultError",
    "GoalParseError",
    "LLMError",
    "NotFoundError",
    "StoreError",
    "SynthPersonaError",
    "ValidationError",
    "did_you_mean",
]


class SynthPersonaError(Exception):
    """Root of all synthpersona errors.

    Parameters
    ----------
    message
        Human-readable text: what is wrong, quoting the bad value, and the way out.
    code
        Machine-readable code, e.g. ``"goal_not_understood"``. Defaults to the
        class's ``default_code``.
    details
        JSON-serialisable extra information (allowed values, suggestions, ...).

    Examples
    --------
    >>> err = ValidationError("k_min must be >= 2, got 1", details={"k_min": 1})
    >>> err.code
    'invalid_input'
    """

    default_code = "error"

    def __init__(self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.details: dict[str, Any] = details or {}

    def to_dict(self) -> dict[str, Any]:
        """Return the error as ``{"code", "message", "details"}``."""
        return {"code": self.code, "message": self.message, "details": self.details}


class ValidationError(SynthPersonaError):
    """A parameter or value given by the user is not acceptable."""

    default_code = "invalid_input"


class DataError(SynthPersonaError):
    """An input table or file cannot be used (missing columns, empty, not a table, ...)."""

    default_code = "bad_data"


class GoalParseError(SynthPersonaError):
    """Nothing in a business goal could be understood."""

    default_code = "goal_not_understood"


class EmptyResultError(SynthPersonaError):
    """A query or filter matched nobody; ``details`` names the filter to relax."""

    default_code = "empty_result"


class NotFoundError(SynthPersonaError):
    """A run, cluster, persona, dataset or other stored object does not exist."""

    default_code = "not_found"


class ConfigError(SynthPersonaError):
    """The configuration (environment variables, settings) is invalid."""

    default_code = "bad_config"


class StoreError(SynthPersonaError):
    """The state store failed (database unreachable, migration failed, ...)."""

    default_code = "store_error"


class LLMError(SynthPersonaError):
    """A configured LLM endpoint failed or returned unusable output."""

    default_code = "llm_error"


# Mapping of error classes to HTTP status codes, most specific first.
HTTP_STATUS: dict[type[SynthPersonaError], int] = {
    NotFoundError: 404,
    GoalParseError: 422,
    EmptyResultError: 422,
    ValidationError: 422,
    DataError: 422,
    ConfigError: 500,
    StoreError: 503,
    LLMError: 502,
    SynthPersonaError: 400,
}

# Mapping of error classes to CLI exit codes.
EXIT_CODES: dict[type[SynthPersonaError], int] = {
    ValidationError: 2,
    GoalParseError: 3,
    EmptyResultError: 3,
    DataError: 4,
    NotFoundError: 5,
    ConfigError: 6,
    StoreError: 7,
    LLMError: 8,
    SynthPersonaError: 1,
}


def status_for(err: SynthPersonaError, table: dict[type[SynthPersonaError], int]) -> int:
    """Return the code from ``table`` for the most specific class of ``err``."""
    for cls in type(err).__mro__:
        if cls in table:
            return table[cls]
    return table[SynthPersonaError]


def did_you_mean(value: str, allowed: Iterable[str], n: int = 3) -> str:
    """Return ``" Did you mean 'x'?"`` for close matches of ``value``, else ``""``.

    Examples
    --------
    >>> did_you_mean("kmean", ["kmeans", "gmm"])
    " Did you mean 'kmeans'?"
    """
    allowed = list(allowed)
    lowered = {a.lower(): a for a in allowed}
    matches = difflib.get_close_matches(str(value).lower(), list(lowered), n=n, cutoff=0.6)
    if not matches:
        return ""
    quoted = " or ".join(f"'{lowered[m]}'" for m in matches)
    return f" Did you mean {quoted}?"
