"""What a stored goal run keeps beside its run row, as store documents: its personas' values
beyond their JSON, its personas as built (privacy-checked runs), its privacy state, and how to
delete them with the run. :mod:`synthpersona.usecases.service` stores and serves runs with them.
"""

from __future__ import annotations

import contextlib
from typing import Any

from synthpersona.errors import NotFoundError
from synthpersona.store import Store, to_jsonable

__all__ = [
    "BUILT_PERSONAS_KIND",
    "PERSONA_VALUES_KIND",
    "PRIVACY_STATE_KIND",
    "built_personas",
    "delete_run_documents",
    "persona_values",
]

#: Documents keeping, per stored run, what its personas' seed-000 JSON does not show (the
#: anchor's scores, unrounded evidence; ``views.seed000.persona_values``), by ``persona_id``.
PERSONA_VALUES_KIND = "run_persona_values"
#: Documents keeping, per stored privacy-checked run (a user-supplied population), its personas
#: as built (with their anchors), by cluster id. The run's personas table holds the protected
#: ones, which the API, the UI, the chat and the exports serve; these are never served: they
#: are what ``verify`` checks against the data and what a persona edit is applied to before
#: it is protected again (docs/trust.md).
BUILT_PERSONAS_KIND = "run_personas_built"
#: Documents saying that a run stored by a service whose runner may privacy-check was **not**
#: privacy-checked (its rows are as built, and may be). A run of such a service with neither
#: this document nor :data:`BUILT_PERSONAS_KIND` was stored before privacy-checked runs were
#: stored protected (or its storing was cut short): it is re-protected when first read
#: (:meth:`RunService.protect_stored`).
PRIVACY_STATE_KIND = "run_privacy_state"


def built_personas(store: Store, run_id: str) -> dict[int, list[dict[str, Any]]] | None:
    """The personas as built of the privacy-checked stored run ``run_id`` (``None``: not kept).

    Server-side only (``verify``, persona edits): never put them in a response.
    """
    try:
        doc = store.get_document(BUILT_PERSONAS_KIND, run_id)
    except NotFoundError:
        return None
    return {int(k): list(v) for k, v in (doc.get("personas") or {}).items()}


def _save_built_personas(store: Store, run_id: str, result: Any) -> None:
    """Keep the personas as built of a privacy-checked run (the store serves the protected ones)."""
    if getattr(result, "privacy", None) is None or not hasattr(result, "to_dict"):
        return
    built = to_jsonable(result.to_dict(protected=False)["personas"])
    store.put_document(BUILT_PERSONAS_KIND, run_id, {"k": result.privacy.get("k"), "personas": built})


def delete_run_documents(store: Store, run_id: str) -> None:
    """Delete what a stored run keeps beside its run row (members, persona values, personas as built)."""
    from synthpersona.usecases.trust_runs import RUN_MEMBERS_KIND

    for kind in (RUN_MEMBERS_KIND, PERSONA_VALUES_KIND, BUILT_PERSONAS_KIND, PRIVACY_STATE_KIND):
        with contextlib.suppress(NotFoundError):
            store.delete_document(kind, run_id)


def persona_values(store: Store, run_id: str) -> dict[str, dict[str, Any]]:
    """What ``run_id`` kept of its personas beyond their JSON, by ``persona_id``.

    Empty for a run stored before these were kept (its personas read from their JSON alone:
    the chat then takes the trait words as they were written) and for a run whose runner gave
    a dict rather than a ``GoalRun``.
    """
    try:
        return dict(store.get_document(PERSONA_VALUES_KIND, run_id))
    except NotFoundError:
        return {}


def _save_persona_values(store: Store, run_id: str, result: Any) -> None:
    from synthpersona.model import Persona
    from synthpersona.views.seed000 import persona_values as values_of

    personas = getattr(result, "personas", None)
    if not isinstance(personas, dict):
        return
    # the persona as served: on a privacy-checked run the protected one (its anchor's exact
    # values are not what the chat may know)
    shown = getattr(result, "persona", None)
    kept = {
        p.persona_id: values_of(shown(p.persona_id) if callable(shown) else p)
        for ps in personas.values()
        for p in ps
        if isinstance(p, Persona)
    }
    if kept:
        store.put_document(PERSONA_VALUES_KIND, run_id, kept)
