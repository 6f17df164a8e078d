"""The one exception hierarchy of synthpersona, grouped by cause.

Every error raised on purpose by the library derives from :class:`SynthPersonaError`
and carries a machine-readable ``code``. Each concrete class sits under exactly one
*cause group*:

- :class:`InputError`: a parameter or value given by the caller is not acceptable
  (also a :class:`ValueError`, as scikit-learn expects);
- :class:`DataError`: a table, file or population cannot be used as data;
- :class:`NotFoundError`: a stored object (run, dataset, persona, file) does not exist;
- :class:`ConflictError`: the request clashes with the current state (a port in use, ...);
- :class:`BackendError`: a service the library relies on failed (store, LLM, settings).

The interfaces map *groups*, never single classes: the REST API to HTTP status codes
(``synthpersona.api``) and the CLI to exit codes (``synthpersona.cli``). The core never
raises HTTP errors itself. Use :func:`cause_of` to find the group of an error.

Messages quote the bad value and say how to fix it; :func:`did_you_mean` helps
list close matches among the allowed values.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterable
from typing import Any

__all__ = [
    "CAUSES",
    "BackendError",
    "ConfigError",
    "ConflictError",
    "DataError",
    "EmptyResultError",
    "GoalParseError",
    "InputError",
    "LLMError",
    "NotFoundError",
    "StoreError",
    "SynthPersonaError",
    "cause_of",
    "did_you_mean",
]


class SynthPersonaError(Exception):
    """Root of all synthpersona errors.

    Raise one of the cause groups (or a class under them), not this root: the
    interfaces map an error to an HTTP status or exit code by its group.

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
    >>> err = InputError("k_min must be >= 2, got 1", details={"k_min": 1})
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


# --- the cause groups -------------------------------------------------------------------


class InputError(SynthPersonaError, ValueError):
    """A parameter or value given by the caller is not acceptable.

    Also a :class:`ValueError`, so estimators behave as scikit-learn's
    ``check_estimator`` expects. Formerly ``synthpersona.errors.ValidationError``
    (renamed so it no longer shadows pydantic's). pydantic wraps a ``ValueError``
    raised in a validator; models whose validators raise it derive from
    ``synthpersona._pydantic.Model``, which unwraps it again.
    """

    default_code = "invalid_input"


class DataError(SynthPersonaError):
    """An input table or file cannot be used (missing columns, empty, not a table, ...)."""

    default_code = "bad_data"


class NotFoundError(SynthPersonaError):
    """A run, cluster, persona, dataset or other stored object does not exist."""

    default_code = "not_found"


class ConflictError(SynthPersonaError):
    """The request clashes with the current state (a port in use, an existing object, ...)."""

    default_code = "conflict"


class BackendError(SynthPersonaError):
    """A service the library relies on failed or is misconfigured (store, LLM, settings)."""

    default_code = "backend_error"


#: The cause groups, in the order interfaces document them.
CAUSES: tuple[type[SynthPersonaError], ...] = (
    InputError,
    DataError,
    NotFoundError,
    ConflictError,
    BackendError,
)


# --- concrete classes, each under its cause ----------------------------------------------


class GoalParseError(InputError):
    """Nothing in a business goal could be understood."""

    default_code = "goal_not_understood"


class EmptyResultError(DataError):
    """A query or filter matched nobody in the data; ``details`` names the filter to relax."""

    default_code = "empty_result"


class ConfigError(BackendError):
    """The configuration (environment variables, settings files) is invalid."""

    default_code = "bad_config"


class StoreError(BackendError):
    """The state store failed (database unreachable, migration failed, ...)."""

    default_code = "store_error"


class LLMError(BackendError):
    """A configured LLM endpoint failed or returned unusable output."""

    default_code = "llm_error"


def cause_of(err: BaseException | type[BaseException]) -> type[SynthPersonaError]:
    """Return the cause group of ``err`` (an error or an error class).

    Errors outside the groups (the bare root) return :class:`SynthPersonaError`.

    Examples
    --------
    >>> cause_of(GoalParseError("?")).__name__
    'InputError'
    >>> cause_of(StoreError).__name__
    'BackendError'
    """
    cls = err if isinstance(err, type) else type(err)
    for group in CAUSES:
        if issubclass(cls, group):
            return group
    return SynthPersonaError


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


def __getattr__(name: str) -> Any:
    # Deprecated alias kept for code written against synthpersona 0.1.
    if name == "ValidationError":
        warnings.warn(
            "synthpersona.errors.ValidationError is deprecated; use synthpersona.errors.InputError.",
            DeprecationWarning,
            stacklevel=2,
        )
        return InputError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
