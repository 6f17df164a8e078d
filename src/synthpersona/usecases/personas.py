"""One stored goal persona: its card as PNG/PDF, and edits to it checked against the data.

A persona of a stored run (seed 000's JSON, as the API and web UI keep it) is read back
into the core :class:`~synthpersona.model.Persona` (:func:`synthpersona.views.seed000.read_persona`)
to draw its card (:mod:`synthpersona.reporting.persona_card`). An edited persona (a new
title, other cares, another barrier, another age ...) is verified like a whole run: the
run is recomputed from its request and every claim of the edited persona is re-derived
from the data (:func:`synthpersona.usecases.verify.verify_stored`); edits the data
contradicts come back as :class:`~synthpersona.personas.Mismatch` records.

Examples
--------
>>> p = {"persona_id": "dyn_1_0", "cluster_id": 1, "persona_name": "Asha Rao — Tech Mom",
...      "care_about_top2": ["Quality"], "barriers_top1": "Price", "profile": {"title": "Tech Mom"}}
>>> edit_persona(p, {"title": "Budget Mom"})["persona_name"]
'Asha Rao — Budget Mom'
>>> persona_card(p, fmt="pdf")[:4]
b'%PDF'
"""

from __future__ import annotations

import contextlib
import copy
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from synthpersona.errors import InputError, NotFoundError
from synthpersona.personas import Mismatch

if TYPE_CHECKING:
    from synthpersona.store import Store

__all__ = [
    "EDITABLE_FIELDS",
    "EDIT_BUILT_KIND",
    "EDIT_KIND",
    "ProtectedEdit",
    "delete_persona_edit",
    "edit_persona",
    "edit_protected_persona",
    "find_persona",
    "get_persona_edit",
    "list_persona_edits",
    "persona_card",
    "save_persona_edit",
    "verify_persona",
]

EDIT_KIND = "persona_edit"  # store documents: one per saved version of an edited goal persona
# an edited persona of a privacy-checked run as built (server-side only, like the run's own)
EDIT_BUILT_KIND = "persona_edit_built"

# What a user may change on a goal persona, and where each lives in seed 000's JSON.
EDITABLE_FIELDS: dict[str, str] = {
    "title": "the persona's title (after the name), e.g. 'Budget-Conscious Mom'",
    "care_about_top2": "up to two things it cares about (personas.CARE_WORDS can be checked)",
    "barriers_top1": "its main barrier (personas.BARRIER_WORDS can be checked)",
    "media_preference": "its media, main one first, e.g. 'Instagram, YouTube'",
    "age": "the anchor's age in years",
    "monthly_income_inr": "the anchor's monthly income in rupees",
    "occupation": "the anchor's occupation",
    "city": "the anchor's city",
}


def find_persona(run: dict[str, Any], persona_id: str) -> dict[str, Any]:
    """The persona ``persona_id`` of a stored run dict; ``NotFoundError`` lists the valid ids."""
    ids = []
    for plist in (run.get("personas") or {}).values():
        for p in plist:
            if str(p.get("persona_id")) == str(persona_id):
                return dict(p)
            ids.append(str(p.get("persona_id")))
    raise NotFoundError(
        f"No persona {persona_id!r} in run {run.get('run_id')!r}; valid persona ids: {ids}.",
        code="persona_not_found",
        details={"persona_id": persona_id, "valid": ids},
    )


def persona_card(
    persona: dict[str, Any], *, fmt: str = "png", context: str = "", accent: str | None = None
) -> bytes:
    """The card of a stored goal persona as ``png`` or ``pdf`` bytes (drawn from the core persona)."""
    from synthpersona.reporting.persona_card import persona_card as draw
    from synthpersona.views.seed000 import read_persona

    return draw(read_persona(persona), fmt=fmt, context=context, accent=accent)


def edit_persona(persona: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``persona`` with ``edits`` (keys of :data:`EDITABLE_FIELDS`) written where they show.

    Raises
    ------
    InputError
        An unknown field, more than two cares, or an empty or non-numeric value.
    """
    unknown = sorted(set(edits) - set(EDITABLE_FIELDS))
    if unknown:
        raise InputError(
            f"Cannot edit {', '.join(map(repr, unknown))} on a persona; "
            f"editable: {', '.join(EDITABLE_FIELDS)}.",
            code="persona_edit_field",
            details={"unknown": unknown, "allowed": list(EDITABLE_FIELDS)},
        )
    out = copy.deepcopy(persona)
    profile = out.setdefault("profile", {})
    for key, value in edits.items():
        if key == "care_about_top2":
            cares = [str(c).strip() for c in (value or []) if str(c).strip()]
            if not 1 <= len(cares) <= 2:
                raise InputError(f"A persona cares about one or two things, got {len(cares)}: {cares!r}.")
            out["care_about_top2"] = cares
            profile["care_about"] = cares
            continue
        if key in ("age", "monthly_income_inr"):
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise InputError(f"{key} must be a whole number, got {value!r}.") from None
            profile[key] = number
            continue
        text = str(value or "").strip()
        if not text:
            raise InputError(f"{key} cannot be empty; give a value or leave it unchanged.")
        if key == "title":
            name = str(out.get("persona_name", "")).split(" — ")[0]
            out["persona_name"] = f"{name} — {text}"
            profile["title"] = text
        elif key == "barriers_top1":
            out["barriers_top1"] = text
            profile["barrier"] = text
        elif key == "media_preference":
            out["media_preference"] = text
        else:
            profile[key] = text
    return out


def verify_persona(run: dict[str, Any], persona: dict[str, Any], *, runner: Any = None) -> list[Mismatch]:
    """Every claim of ``persona`` (e.g. edited) that the data of its ``run`` contradicts.

    The run is recomputed from its stored request (deterministic; fast when the run is still
    in memory) and ``persona`` is checked in place of the stored one, with the same rules
    as ``synthpersona verify``.

    Raises
    ------
    NotFoundError
        ``persona`` is not a persona of ``run``.
    ConflictError
        The run cannot be recomputed on this population.
    """
    from synthpersona.usecases.verify import verify_stored

    pid = str(persona.get("persona_id"))
    find_persona(run, pid)
    cid = int(persona["cluster_id"])
    stored = dict(run)  # only the persona's segment is checked: the rest of the run is unchanged
    stored["personas"] = {cid: [persona]}
    stored["clusters"] = [c for c in run.get("clusters", []) if int(c["cluster_id"]) == cid]
    return [m for m in verify_stored(stored, runner) if m.where.split(" ")[0] == pid]


@dataclass(frozen=True)
class ProtectedEdit:
    """An edit of a privacy-checked run's persona: as shown, as built (server-side only), checked.

    ``persona`` is the edited persona protected again (what may be shown and saved),
    ``built`` the persona as built with the edits (never shown), ``mismatches`` what the data
    does not back, with no withheld value in them.
    """

    persona: dict[str, Any]
    built: dict[str, Any]
    mismatches: list[Mismatch]


def edit_protected_persona(
    run: dict[str, Any],
    persona_id: str,
    edits: dict[str, Any],
    *,
    built: dict[Any, list[dict[str, Any]]],
    runner: Any = None,
) -> ProtectedEdit:
    """Edit a persona of a privacy-checked stored run: on the persona as built, then protect it again.

    ``built`` is the run's personas as built (:func:`synthpersona.usecases.service.built_personas`).
    The edits are written on the persona as built (:func:`edit_persona`), which is verified
    against the recomputed run like any persona; its mismatches come back without their values
    (:func:`synthpersona.usecases.verify.redact`), and those on a quasi-identifier (age, city,
    income, occupation, ... and the lines stating them) not at all: a verdict on an exact age
    would tell the anchor's age one edit at a time. The edited facts are then generalised until
    at least k audience members share them (:func:`synthpersona.trust.k_anonymous_anchor`), and
    the protected persona is recounted and its trait words re-derived
    (:func:`synthpersona.usecases.verify.protected_persona_mismatches`).

    Raises
    ------
    NotFoundError
        ``persona_id`` is not a persona of ``run``.
    ConflictError
        The run cannot be recomputed on this population.
    """
    from synthpersona.personas import verify_goal_output
    from synthpersona.trust import ANCHOR_QUASI_IDENTIFIERS, k_anonymous_anchor, protect_goal_persona
    from synthpersona.usecases.verify import members_frame, protected_persona_mismatches, redact, rerun

    find_persona(run, persona_id)
    as_built = edit_persona(find_persona({"run_id": run.get("run_id"), "personas": built}, persona_id), edits)
    goal_run = rerun(run, runner)
    members = members_frame(goal_run)
    cid = int(as_built["cluster_id"])
    clusters = [c for c in run.get("clusters", []) if int(c["cluster_id"]) == cid]
    quasi = {q.profile_key for q in ANCHOR_QUASI_IDENTIFIERS} | {"demographics", "chat_personality"}
    found = [
        redact(m)
        for m in verify_goal_output(
            goal_run.audience, members, {"clusters": clusters, "personas": {cid: [as_built]}}
        )
        if m.where.startswith(f"{persona_id} ")
        and m.where.split(" ")[1].removeprefix("profile.") not in quasi
    ]
    anchor = goal_run.audience.set_index("user_id").loc[as_built["profile"]["anchor_user_id"]]
    facts = {str(c): v for c, v in anchor.items()}
    for q in ANCHOR_QUASI_IDENTIFIERS:  # the edited facts replace the anchor's
        if q.profile_key in edits:
            facts[q.column] = edits[q.profile_key]
    k = int((run.get("privacy") or {}).get("k") or 5)
    kept, _, _ = k_anonymous_anchor(goal_run.audience, facts, k)
    shown = protect_goal_persona(as_built, kept)
    output = {"privacy": {"k": k}, "personas": {cid: [shown]}}
    found += protected_persona_mismatches(goal_run.audience, output, members)
    return ProtectedEdit(persona=shown, built=as_built, mismatches=found)


def _changed(original: dict[str, Any], edited: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each editable field whose value differs: ``{field: {"from": old, "to": new}}``."""
    out = {}
    for key in EDITABLE_FIELDS:
        where_old = original if key in original else original.get("profile") or {}
        where_new = edited if key in edited else edited.get("profile") or {}
        if where_old.get(key) != where_new.get(key):
            out[key] = {"from": where_old.get(key), "to": where_new.get(key)}
    return out


def save_persona_edit(
    store: Store,
    run: dict[str, Any],
    edited: dict[str, Any],
    mismatches: list[Mismatch],
    *,
    built: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Keep ``edited`` (from :func:`edit_persona`) as the persona's next version, with verify's result.

    Versions count per run and persona from 1 (the generated persona is version 0 and stays
    in the run). The record (store document of kind :data:`EDIT_KIND`) holds the edited
    persona, the fields changed against the generated one, and the mismatches
    :func:`verify_persona` found (``verified`` is true when there were none).

    Examples
    --------
    >>> from synthpersona.store import Store
    >>> store = Store("sqlite://")
    >>> persona = {"persona_id": "dyn_1_0", "profile": {"age": 30}}
    >>> run = {"run_id": "r1", "goal": "g", "personas": {1: [persona]}}
    >>> edited = edit_persona(find_persona(run, "dyn_1_0"), {"age": 50})
    >>> rec = save_persona_edit(store, run, edited, [])
    >>> rec["edit_id"], rec["changed"], rec["verified"]
    ('r1.dyn_1_0.v1', {'age': {'from': 30, 'to': 50}}, True)
    >>> save_persona_edit(store, run, edited, [])["version"], len(list_persona_edits(store, run_id="r1"))
    (2, 2)

    On a privacy-checked run ``edited`` is the protected edit and ``built`` the persona as
    built with the edits (:class:`ProtectedEdit`), kept apart (never in the record).

    Returns
    -------
    dict
        The stored record: ``edit_id, run_id, persona_id, version, goal, created_at,
        changed, persona, mismatches, verified``.
    """
    pid = str(edited.get("persona_id"))
    original = find_persona(run, pid)
    run_id = str(run.get("run_id"))
    version = 1 + max(
        (int(e["version"]) for e in list_persona_edits(store, run_id=run_id, persona_id=pid)), default=0
    )
    edit_id = f"{run_id}.{pid}.v{version}"
    record = {
        "edit_id": edit_id,
        "run_id": run_id,
        "persona_id": pid,
        "version": version,
        "goal": run.get("goal"),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "changed": _changed(original, edited),
        "persona": edited,
        "mismatches": [
            {"where": m.where, "claim": m.claim, "expected": m.expected, "kind": m.kind} for m in mismatches
        ],
        "verified": not mismatches,
    }
    if built is not None:
        store.put_document(EDIT_BUILT_KIND, edit_id, built)
    return store.put_document(EDIT_KIND, edit_id, record)


def list_persona_edits(
    store: Store, *, run_id: str | None = None, persona_id: str | None = None
) -> list[dict[str, Any]]:
    """Saved persona versions, newest first (of one run, or one persona of it)."""
    edits = [
        e
        for e in store.list_documents(EDIT_KIND)
        if (run_id is None or e.get("run_id") == run_id)
        and (persona_id is None or e.get("persona_id") == persona_id)
    ]
    return sorted(edits, key=lambda e: (str(e.get("created_at")), int(e.get("version", 0))), reverse=True)


def get_persona_edit(store: Store, edit_id: str) -> dict[str, Any]:
    """One saved persona version; ``NotFoundError`` when it does not exist."""
    try:
        return store.get_document(EDIT_KIND, edit_id)
    except NotFoundError:
        raise NotFoundError(
            f"No saved persona version {edit_id!r} (deleted?).", code="persona_edit_not_found"
        ) from None


def delete_persona_edit(store: Store, edit_id: str) -> None:
    """Delete one saved persona version; ``NotFoundError`` when it does not exist."""
    get_persona_edit(store, edit_id)
    store.delete_document(EDIT_KIND, edit_id)
    with contextlib.suppress(NotFoundError):
        store.delete_document(EDIT_BUILT_KIND, edit_id)
