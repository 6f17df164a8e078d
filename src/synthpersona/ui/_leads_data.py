"""Leads glue for the UI: the column-roles table a user edits, and their edits as use-case parameters."""

from __future__ import annotations

from typing import Any

import pandas as pd

from synthpersona.ui._format import BLANK

__all__ = ["EDITABLE", "roles_frame", "user_choices"]

#: Columns of :func:`roles_frame` the user may change.
EDITABLE = ("Role", "Use in segments")


def roles_frame(preview: dict[str, Any]) -> pd.DataFrame:
    """One row per column of an upload: inferred role, whether it shapes the segments, why, examples.

    ``preview`` is :func:`synthpersona.usecases.tables.preview_file`'s answer (personal-data
    columns come without examples and are shown as hidden).
    """
    return pd.DataFrame(
        [
            {
                "Column": c["name"],
                "Role": c["role"],
                "Use in segments": bool(c["used_by_default"]) and c["role"] != "target",
                "Personal data": bool(c["personal"]),
                "Why": c["reason"],
                "Examples": ", ".join(c["examples"])
                if c["examples"]
                else ("hidden" if c["personal"] else BLANK),
                "Distinct": int(c["n_distinct"]),
                "Blank": int(c["n_blank"]),
            }
            for c in preview["columns"]
        ]
    )


def user_choices(preview: dict[str, Any], edited: pd.DataFrame) -> dict[str, Any]:
    """The user's corrections as the leads use case's ``target``, ``roles`` and ``exclude``.

    A column set to ``target`` becomes the target; a changed role is passed as an override;
    an unticked column that would have been used is excluded; a ticked column that would
    have been left out is used as a category.

    Examples
    --------
    >>> preview = {"columns": [
    ...     {"name": "Won", "role": "extra", "used_by_default": False},
    ...     {"name": "City", "role": "category", "used_by_default": True},
    ...     {"name": "Notes", "role": "free_text", "used_by_default": False}]}
    >>> edited = pd.DataFrame({"Column": ["Won", "City", "Notes"],
    ...                        "Role": ["target", "category", "free_text"],
    ...                        "Use in segments": [False, False, True]})
    >>> user_choices(preview, edited)
    {'target': 'Won', 'roles': {'Notes': 'category'}, 'exclude': ['City']}
    """
    inferred = {c["name"]: c for c in preview["columns"]}
    roles: dict[str, str] = {}
    exclude: list[str] = []
    target = None
    for row in edited.to_dict(orient="records"):
        name, role = str(row["Column"]), str(row["Role"])
        before = inferred[name]
        if role == "target":
            target = name
            continue
        if role != before["role"]:
            roles[name] = role
        if not row["Use in segments"] and before["used_by_default"]:
            exclude.append(name)
        elif row["Use in segments"] and not before["used_by_default"] and name not in roles:
            roles[name] = "category"  # asked to use a column the analysis would leave out
    return {"target": target, "roles": roles or None, "exclude": exclude or None}
