"""Optional dependencies ("extras"): import one, or say which extra to install.

The core install is the library and the CLI; the REST API, the web UI, reports, the LLM
client, the state store and PostgreSQL come with extras (``pip install
'synthpersona[api]'``). Code that needs one imports it through :func:`require`, so a
missing extra is one clear error naming it instead of a bare ``ModuleNotFoundError``.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType
from typing import Any

from synthpersona.errors import ConfigError

__all__ = ["EXTRAS", "MissingExtraError", "lazy", "load", "require"]

#: Extra -> what it adds (the extras themselves are declared in pyproject.toml).
EXTRAS: dict[str, str] = {
    "store": "the state store (SQLite or PostgreSQL)",
    "api": "the REST API (synthpersona serve)",
    "ui": "the web UI (synthpersona ui)",
    "reports": "charts, HTML reports and PowerPoint decks",
    "llm": "the OpenAI-compatible LLM client",
    "postgres": "PostgreSQL as the state store",
    "spark": "Spark engines",
}


class MissingExtraError(ConfigError):
    """A feature needs an optional dependency that is not installed."""

    default_code = "missing_extra"


def require(module: str, extra: str, feature: str | None = None, *, load: bool = True) -> ModuleType | None:
    """Import ``module``, or raise :class:`MissingExtraError` naming the extra that provides it.

    Parameters
    ----------
    module
        Module to import, e.g. ``"fastapi"``.
    extra
        The extra of synthpersona that installs it (a key of :data:`EXTRAS`).
    feature
        What needs it, for the message (defaults to the extra's description).
    load
        ``False`` only checks that it is installed (for modules another process imports)
        and returns ``None``.

    Examples
    --------
    >>> require("json", "api").__name__
    'json'
    >>> require("json", "api", load=False) is None
    True
    >>> require("no_such_module_xyz", "api")
    Traceback (most recent call last):
    ...
    synthpersona._extras.MissingExtraError: the REST API (synthpersona serve) needs the optional \
dependency 'no_such_module_xyz': pip install 'synthpersona[api]'
    """
    try:
        if not load:
            if importlib.util.find_spec(module) is None:
                raise ModuleNotFoundError(name=module)
            return None
        return importlib.import_module(module)
    except ImportError as exc:
        missing = exc.name or module
        what = feature or EXTRAS.get(extra, extra)
        raise MissingExtraError(
            f"{what} needs the optional dependency {missing!r}: pip install 'synthpersona[{extra}]'",
            details={"extra": extra, "module": missing},
        ) from exc


def load(module: str, extra: str, feature: str | None = None) -> ModuleType:
    """:func:`require` that always imports: the module, or :class:`MissingExtraError`.

    Examples
    --------
    >>> load("json", "api").__name__
    'json'
    """
    mod = require(module, extra, feature)
    assert mod is not None
    return mod


class _Lazy:
    """Stands for a module of an extra and imports it (via :func:`require`) on first use."""

    def __init__(self, module: str, extra: str) -> None:
        self._spec = (module, extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(load(*self._spec), name)


def lazy(module: str, extra: str) -> Any:
    """A stand-in for ``module`` that imports it at the first attribute access.

    Lets a core module refer to ``openai.OpenAI`` and friends at run time without making
    the extra a requirement of importing it (nor paying its import time up front).

    Examples
    --------
    >>> json = lazy("json", "llm")
    >>> json.dumps([1])
    '[1]'
    """
    return _Lazy(module, extra)
