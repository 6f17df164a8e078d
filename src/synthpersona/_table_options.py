"""The one parameters object of a table analysis (public as ``synthpersona.tables.TableOptions``).

:func:`~synthpersona.tables.analyze_table` and the use cases
:func:`~synthpersona.usecases.tables.analyze_file` / ``analyze_frame`` take the same options;
they are declared once here instead of being copied through every signature. The CLI, the
REST API and the web UI build one :class:`TableOptions` and pass it on. It lives at the
root, without imports of its own, so the use cases and interfaces can build one without
importing the table stack (pandas) that ``synthpersona.tables`` loads.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from synthpersona.errors import InputError, did_you_mean
from synthpersona.segmentation import ClusteringParams

__all__ = ["DEFAULT_K_ANONYMITY", "TableOptions"]

_DEFAULTS = ClusteringParams()  # the clustering defaults have one home: the parameters object


DEFAULT_K_ANONYMITY = 5  # personas of a table are protected by default (issue 21)


@dataclass(frozen=True)
class TableOptions:
    """How to analyse a table: what to cluster on, how many segments, how to protect them.

    Parameters
    ----------
    k
        Number of clusters (default 4, as in seed 003) or ``"auto"``.
    target
        Yes/no outcome column; found by name (``is_sale``, ``converted``...) when ``None``.
    features
        Columns to cluster on (matched forgivingly); inferred when ``None``.
    exclude
        Columns never used as features (e.g. a known answer such as ``_segment``).
    roles
        Overrides of the detected column roles: ``{"Lead Owner": "category"}`` or
        ``["Lead Owner=category"]`` (roles from :data:`~synthpersona.tables.COLUMN_ROLES`).
    algorithm
        A name of :data:`synthpersona.segmentation.ALGORITHMS` (``"auto"``: the latent class
        model on the category codes).
    mode
        ``"auto"``, ``"leads"`` (require the seed's nine columns) or ``"generic"``.
    weights
        ``{column: weight}`` for the encoded blocks (core algorithms only).
    min_cluster_pct, k_min, k_max
        Smallest eligible cluster (share of rows) and the range of k tried when ``k="auto"``.
    random_state
        Seed of every random step; the same seed gives the same result.
    k_anonymity
        The use cases protect the personas: each one's stated attributes match at least this
        many rows (:func:`synthpersona.usecases.tables.protect`); ``None`` leaves them
        unprotected. :func:`~synthpersona.tables.analyze_table` itself never protects.
    postal_country
        ISO code of the country of the table's postal codes (``"IN"``, ``"DE"``...), for the
        coarse ``COL (region)`` feature the use cases derive from them; ``None`` finds it
        (a country column, the header, the codes' format); ``"none"`` derives nothing.

    Examples
    --------
    >>> opts = TableOptions(k="auto", exclude=["_segment"])
    >>> opts.with_(random_state=3).random_state
    3
    >>> TableOptions.of(None, k=2).k
    2
    """

    k: int | str | None = 4
    target: str | None = None
    features: list[str] | None = None
    exclude: list[str] | None = None
    roles: dict[str, str] | list[str] | None = None
    algorithm: str = _DEFAULTS.algorithm
    mode: str = "auto"
    weights: dict[str, float] | None = None
    min_cluster_pct: float = _DEFAULTS.min_cluster_pct
    k_min: int = _DEFAULTS.k_min
    k_max: int = _DEFAULTS.k_max
    random_state: int = 0
    k_anonymity: int | None = DEFAULT_K_ANONYMITY
    postal_country: str | None = None

    def with_(self, **changes: Any) -> TableOptions:
        """A copy with ``changes`` applied; an unknown option name is an :class:`InputError`."""
        names = [f.name for f in fields(self)]
        for name in changes:
            if name not in names:
                raise InputError(
                    f"Unknown table option {name!r}.{did_you_mean(name, names)} Options: {', '.join(names)}.",
                    code="unknown_option",
                )
        return replace(self, **changes) if changes else self

    @classmethod
    def of(cls, options: TableOptions | None = None, /, **changes: Any) -> TableOptions:
        """``options`` (default: all defaults) with the keyword ``changes`` applied.

        How the functions taking ``options=None, **changes`` read their arguments, so a call
        with the old keywords (``analyze_file(path, k="auto")``) and one with an object
        (``analyze_file(path, TableOptions(k="auto"))``) mean the same.
        """
        return (options or cls()).with_(**changes)
