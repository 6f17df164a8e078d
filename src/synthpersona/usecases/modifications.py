"""Product changes to simulate: the one parser of the change specs the CLI, API and UI take.

:func:`parse_modification` turns a spec (a JSON/YAML text, a mapping or a
:class:`~synthpersona.simulation.FlowModification`) into a ``FlowModification``;
:data:`MODIFICATION_KEYS` lists the keys it accepts. Split out of
:mod:`synthpersona.usecases.simulation`, which re-exports both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from synthpersona.errors import InputError, did_you_mean
from synthpersona.simulation import FlowModification

__all__ = ["MODIFICATION_KEYS", "parse_modification"]

MODIFICATION_KEYS = (
    "description",
    "additional_steps",
    "friction_factor",
    "insert_before",
    "remove_steps",
    "personas",
    "<from>-><to>",
    "<from>-><to>*",
)
_SCALAR_KEYS = {key for key in MODIFICATION_KEYS if "->" not in key}
# Names users reach for first (the seed baseline's flags among them).
_ALIASES = {
    "extra_steps": "additional_steps",
    "steps": "additional_steps",
    "friction": "friction_factor",
    "remove": "remove_steps",
    "remove_step": "remove_steps",
    "persona": "personas",
    "target": "personas",
    "before": "insert_before",
}


def parse_modification(spec: str | Mapping[str, Any] | FlowModification | None) -> FlowModification | None:
    """Build a :class:`FlowModification` from text or a mapping.

    Text is ``key=value`` pairs separated by commas: ``additional_steps=2``,
    ``friction_factor=0.1``, ``description=Add two clicks``, ``insert_before=signup_start``,
    ``remove_steps=form_error|pricing``, ``personas=0|2`` (ids or names),
    ``pricing->signup_start=0.5`` (set a transition's probability) and
    ``form_error->signup_complete*=1.3`` (multiply it).

    Examples
    --------
    >>> round(parse_modification("additional_steps=2,friction_factor=0.1").drop_probability, 4)
    0.19
    >>> parse_modification("pricing->signup_start=0.6").transition_probabilities
    {'pricing->signup_start': 0.6}
    """
    if spec is None or isinstance(spec, FlowModification):
        return spec
    if isinstance(spec, str):
        if not spec.strip():
            return None
        items: dict[str, Any] = {}
        last = None
        for part in spec.split(","):
            if "=" not in part:
                if last is None:
                    raise InputError(
                        f"Modification {spec!r} is not 'key=value' pairs, e.g. 'additional_steps=2,"
                        f"friction_factor=0.1'. Allowed keys: {', '.join(MODIFICATION_KEYS)}.",
                        details={"allowed": list(MODIFICATION_KEYS)},
                    )
                items[last] = f"{items[last]},{part}"  # a comma inside a description
                continue
            key, value = part.split("=", 1)
            last = key.strip()
            items[last] = value.strip()
        spec = items
    kwargs: dict[str, Any] = {}
    probs: dict[str, float] = {}
    mults: dict[str, float] = {}
    for raw_key, value in dict(spec).items():
        key = str(raw_key).strip()
        key = _ALIASES.get(key, key)
        if "->" in key:
            target = mults if key.endswith("*") else probs
            target[key.rstrip("*").strip()] = _number(value, key, float)
        elif key in ("transition_probabilities", "transition_multipliers") and isinstance(value, Mapping):
            (probs if key == "transition_probabilities" else mults).update(
                {str(k): _number(v, str(k), float) for k, v in value.items()}
            )
        elif key in _SCALAR_KEYS:
            if key == "additional_steps":
                kwargs[key] = _number(value, key, int)
            elif key == "friction_factor":
                kwargs[key] = _number(value, key, float)
            elif key in ("remove_steps", "personas"):
                items_ = (
                    value
                    if isinstance(value, list | tuple)
                    else [v for v in str(value).split("|") if v.strip()]
                )
                kwargs[key] = tuple(_persona_key(v) if key == "personas" else str(v).strip() for v in items_)
            else:
                kwargs[key] = str(value)
        else:
            raise InputError(
                f"Unknown modification key {key!r}.{did_you_mean(key, _SCALAR_KEYS)} Allowed keys: "
                f"{', '.join(MODIFICATION_KEYS)}.",
                code="invalid_modification",
                details={"key": key, "allowed": list(MODIFICATION_KEYS)},
            )
    if probs:
        kwargs["transition_probabilities"] = probs
    if mults:
        kwargs["transition_multipliers"] = mults
    kwargs.setdefault("description", _describe(kwargs))
    return FlowModification(**kwargs)


def _number(value: Any, key: str, kind: type) -> Any:
    try:
        out = kind(value) if kind is float else int(str(value).strip())
    except (TypeError, ValueError):
        raise InputError(
            f"Modification value for {key!r} must be {'an integer' if kind is int else 'a number'}, "
            f"got {value!r}.",
            code="invalid_modification",
            details={"key": key, "value": str(value)},
        ) from None
    return out


def _persona_key(value: Any) -> int | str:
    text = str(value).strip()
    return int(text) if text.lstrip("-").isdigit() else text


def _describe(kwargs: Mapping[str, Any]) -> str:
    parts = []
    if kwargs.get("additional_steps"):
        parts.append(
            f"{kwargs['additional_steps']} extra step(s) at {kwargs.get('friction_factor', 0):.0%} friction"
        )
    if kwargs.get("remove_steps"):
        parts.append("remove " + ", ".join(kwargs["remove_steps"]))
    for k, v in kwargs.get("transition_probabilities", {}).items():
        parts.append(f"{k} at {v:.0%}")
    for k, v in kwargs.get("transition_multipliers", {}).items():
        parts.append(f"{k} x{v:g}")
    if kwargs.get("personas"):
        parts.append("for personas " + ", ".join(map(str, kwargs["personas"])))
    return "; ".join(parts).capitalize() if parts else "No change"
