"""Privacy-checked runs stored with their personas as built, before 6c5aad7 (issue 21).

Until then a service with a user population stored a privacy-checked run as built (exact age,
city, income and anchor in its rows); :meth:`RunService.protect_stored
<synthpersona.usecases.service.RunService.protect_stored>` protects such a run when it is first
read. These are the tests it makes (docs/trust.md, "Runs stored before protection").
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from synthpersona.errors import ConflictError

__all__ = ["as_built", "may_protect", "not_protectable"]


def may_protect(runner: Callable[..., Any] | None) -> bool:
    """Whether ``runner``'s runs may be privacy-checked (``False``: the built-in population's).

    ``run_goal`` itself (the built-in, synthetic population) and a ``functools.partial`` of it
    without a ``population`` or with ``k_anonymity`` off never are; any other runner may be.

    Examples
    --------
    >>> import functools
    >>> from synthpersona.usecases.goals import run_goal
    >>> may_protect(None), may_protect(run_goal), may_protect(functools.partial(run_goal, k_max=4))
    (False, False, False)
    >>> may_protect(functools.partial(run_goal, population="customers.parquet"))
    True
    """
    from synthpersona.usecases.goals import run_goal

    if runner is None or runner is run_goal:
        return False
    if isinstance(runner, functools.partial) and runner.func is run_goal:
        keywords = runner.keywords
        return keywords.get("population") is not None and bool(keywords.get("k_anonymity", 5))
    return True


def as_built(run: dict[str, Any]) -> bool:
    """Whether a stored run's personas are as built (a goal persona as built names its anchor)."""
    personas = run.get("personas") or {}
    return any(
        isinstance(p, dict) and "anchor_user_id" in (p.get("profile") or {})
        for plist in personas.values()
        for p in plist or []
    )


def not_protectable(run_id: str, why: str) -> ConflictError:
    """The error for a legacy run that cannot be recomputed: it is not served as built."""
    return ConflictError(
        f"Run {run_id!r} was stored with its personas as built before privacy-checked runs were "
        f"stored protected, and cannot be recomputed to protect it ({why}); it is not served. "
        "Delete it and generate it again with the same goal.",
        code="run_not_protected",
        details={"run_id": run_id},
    )
