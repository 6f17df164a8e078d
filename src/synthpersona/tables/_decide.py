"""Which columns are clustered, and why: the analyst's first pass over a customer table.

:func:`decide_columns` finds the outcome (``--target``, else by name, else the only
yes/no column), gives every other column a role (:data:`~synthpersona.tables._roles.COLUMN_ROLES`)
from its name and values, flags columns that restate the outcome (by name, and by
near-perfect association with it), keeps personal data and the team's names out, and in
leads mode keeps out every column the seed does not name. The user overrides any
decision with ``features``, ``exclude`` and ``roles`` (``--role COL=ROLE``); every
decision is returned with its reason for ``analysis.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from synthpersona.errors import DataError, InputError, did_you_mean
from synthpersona.tables._columns import LEADS_COLUMNS, ROLES, match_roles, parse_flag, resolve_columns
from synthpersona.tables._leakage import LEAK_THRESHOLD, leak_by_association, leak_by_name
from synthpersona.tables._outcome import choose_outcome
from synthpersona.tables._roles import COLUMN_ROLES, RoleDecision, detect_role

#: The table workflow's analysis modes: the one list the core checks, the API schema types
#: (``TableMode``) and the CLI help shows (``TABLE_MODES``, with what each does).
TableMode = Literal["auto", "leads", "generic"]
TABLE_MODES: dict[str, str] = {
    "auto": "leads when the table has the seed's lead columns, else generic",
    "leads": "require the seed's lead columns",
    "generic": "any table",
}


def table_mode_help() -> str:
    """The modes in words, for help texts.

    Examples
    --------
    >>> table_mode_help().split("; ")[1]
    "leads: require the seed's lead columns"
    """
    return "; ".join(f"{name}: {what}" for name, what in TABLE_MODES.items())


__all__ = ["ColumnDecision", "Decisions", "decide_columns", "parse_role_overrides"]

OVERRIDE_HINT = "override with --features, --exclude or --role COL=ROLE"


@dataclass
class ColumnDecision:
    """The role of one column, whether it is a feature candidate, and why."""

    column: str
    role: str
    reason: str
    evidence: str
    feature: bool
    seed_role: str | None = None
    association: float | None = None

    @property
    def personal(self) -> bool:
        """Personal data: never clustered, never printed."""
        return COLUMN_ROLES[self.role].personal


@dataclass
class Decisions:
    """Outcome of :func:`decide_columns`."""

    target: str | None
    outcome: tuple[np.ndarray, np.ndarray] | None
    columns: dict[str, ColumnDecision]
    chosen: list[str]
    mode: str
    excluded: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_role_overrides(items: list[str] | dict[str, str] | None) -> dict[str, str]:
    """``["Owner=category", ...]`` (or a dict) -> ``{column: role}``, roles checked against the vocabulary.

    Raises
    ------
    InputError
        ``code="unknown_role"`` quoting the role and listing the allowed ones, or
        ``code="bad_role_override"`` when an item is not ``COLUMN=ROLE``.

    Examples
    --------
    >>> parse_role_overrides(["Lead Owner=category"])
    {'Lead Owner': 'category'}
    """
    if not items:
        return {}
    pairs: list[tuple[str, str]] = []
    if isinstance(items, dict):
        pairs = list(items.items())
    else:
        for item in items:
            col, sep, role = str(item).rpartition("=")
            if not sep or not col.strip() or not role.strip():
                raise InputError(
                    f"--role takes COLUMN=ROLE, got {item!r}; roles: {', '.join(COLUMN_ROLES)}.",
                    code="bad_role_override",
                    details={"value": item, "allowed": list(COLUMN_ROLES)},
                )
            pairs.append((col.strip(), role.strip()))
    out: dict[str, str] = {}
    for col, role in pairs:
        key = role.strip().casefold().replace("-", "_").replace(" ", "_")
        if key not in COLUMN_ROLES:
            raise InputError(
                f"Unknown role {role!r} for column {col!r}; choose one of {', '.join(COLUMN_ROLES)}."
                + did_you_mean(key, list(COLUMN_ROLES)),
                code="unknown_role",
                details={"column": col, "role": role, "allowed": list(COLUMN_ROLES)},
            )
        out[col] = key
    return out


def _flag(df: pd.DataFrame, col: str, named_by_user: bool) -> tuple[np.ndarray, np.ndarray]:
    try:
        return parse_flag(df[col], col)
    except DataError as exc:
        if not named_by_user:
            raise
        # the user named it: a parameter that cannot be used, never silently a feature
        raise InputError(exc.message, code=exc.code, details=exc.details) from None


def _is_flag(values: pd.Series) -> bool:
    uniq = values.dropna().unique()
    if not 1 < len(uniq) <= 12:
        return False
    try:
        parse_flag(pd.Series(uniq))
    except DataError:
        return False
    return True


SAMPLE_ROWS = 100_000


def _sample_rows(n: int) -> np.ndarray | None:
    if n <= SAMPLE_ROWS:
        return None
    return np.sort(np.random.default_rng(17).choice(n, SAMPLE_ROWS, replace=False))


# personal columns whose values, found inside another column's values, make it personal too
_NAMING_ROLES = ("person_name", "email", "phone", "owner", "national_id")
_MENTION_SHARE = 0.5  # of a column's distinct values (most common first)


def _tokens(text: str) -> list[str]:
    return [w.strip("\"'.,;:!?()[]{}<>«»「」") for w in text.casefold().split()]


def _mentions_people(view: pd.DataFrame, decisions: dict[str, ColumnDecision]) -> None:
    """A feature whose values carry personal data of another column is personal data too.

    Notes that name the customer ("Звонил Олег Иванов"), deal titles built from the client's
    name ("Pedido - Javier García"), a copy of the e-mail column: whatever their shape, a
    column whose values hold the words of the table's names, e-mails, phones or IDs would
    print those in a persona. Looked for word by word (a surname found alone counts), so the
    rule needs half the column's distinct values to name someone, and three different people
    named, before it decides.
    """
    people: dict[str, str] = {}
    for col, dec in decisions.items():
        if dec.role in _NAMING_ROLES and dec.evidence != "user":
            for v in view[col].dropna().astype(str).unique()[:20_000]:
                for w in _tokens(v):
                    if len(w) >= 3 and not w.isdigit():
                        people.setdefault(w, col)
    if not people:
        return
    for col, dec in decisions.items():
        if not dec.feature or dec.evidence == "user":
            continue
        values = view[col].dropna().astype(str).value_counts().index[:300]
        named: set[str] = set()
        hits = 0
        sources: set[str] = set()
        for v in values:
            found = [w for w in _tokens(v) if w in people]
            hits += bool(found)
            named.update(found)
            sources.update(people[w] for w in found)
        if len(values) and hits >= _MENTION_SHARE * len(values) and len(named) >= 3:
            where = ", ".join(repr(c) for c in sorted(sources))
            dec.role, dec.feature, dec.evidence = "person_name", False, "values"
            dec.reason = f"its values name people (words of {where} inside): personal data"


def decide_columns(
    df: pd.DataFrame,
    *,
    target: str | None,
    features: list[str] | None,
    exclude: list[str] | None,
    roles: dict[str, str] | None,
    mode: str,
) -> Decisions:
    """Decide the target and every column's role and use (see the module docstring)."""
    columns = [str(c) for c in df.columns]
    excluded = set(resolve_columns(columns, exclude, what="column to exclude")) if exclude else set()
    overrides = {}
    if roles:
        names = resolve_columns(columns, list(roles), what="column given with --role")
        overrides = dict(zip(names, roles.values(), strict=True))
    if mode == "leads":
        resolve_columns(columns, LEADS_COLUMNS, what="leads column")
    seed = match_roles([c for c in columns if c not in excluded and overrides.get(c) in (None, "target")])
    seed_of = {col: role for role, col in seed.items()}
    warnings: list[str] = []
    notes: list[str] = []

    # the outcome
    user_target = [c for c, r in overrides.items() if r == "target"]
    if target is not None:
        user_target = [resolve_columns(columns, [target], what="target column")[0], *user_target]
    outcome = None
    target_col: str | None = None
    outcome_like: dict[str, str] = {}
    if user_target:
        target_col = user_target[0]
        outcome = _flag(df, target_col, named_by_user=True)
    elif "target" in seed:
        try:
            outcome = parse_flag(df[seed["target"]], seed["target"])
            target_col = seed["target"]
        except DataError as exc:
            col = seed["target"]
            outcome_like[col] = (
                "named like an outcome but not a yes/no flag; kept out of the features "
                "(name the outcome with --target)"
            )
            warnings.append(
                f"Column {col!r} looks like the outcome but is not a yes/no flag "
                f"({exc.details.get('examples', [])[:3]}); it is not used as a feature. "
                "Name a yes/no outcome with --target."
            )
    elif not features:
        flags = [c for c in columns if c not in excluded and c not in overrides and _is_flag(df[c])]
        if len(flags) == 1:
            target_col = flags[0]
            outcome = parse_flag(df[target_col], target_col)
            notes.append(f"Column {target_col!r} is the only yes/no column; used as the target (--target).")
        elif len(flags) > 1:
            target_col, chosen_because = choose_outcome(df, flags)
            if target_col is None:
                notes.append(f"{chosen_because}; none was taken as the outcome. Name it with --target.")
            else:
                outcome = parse_flag(df[target_col], target_col)
                others = ", ".join(repr(f) for f in flags if f != target_col)
                notes.append(
                    f"Column {target_col!r} is taken as the outcome ({chosen_because}); the other "
                    f"yes/no columns ({others}) are not. Name another with --target."
                )
    seed_of.pop(target_col or "", None)

    has_leads = all(r in seed for r in ROLES if r != "target") and target_col is not None
    mode_used = "leads" if mode == "leads" or (mode == "auto" and has_leads and not features) else "generic"
    leads_cols = {col for col, r in seed_of.items() if r != "target"}

    # roles and associations are judged on a seeded sample of a big table (the same decisions, a fixed cost)
    rows = _sample_rows(len(df))
    view = df if rows is None else df.iloc[rows]
    decisions: dict[str, ColumnDecision] = {}
    for col in columns:
        if col == target_col:
            decisions[col] = ColumnDecision(
                col, "target", "the outcome (yes/no)", "user" if user_target else "name+values", False
            )
            continue
        if col in overrides:
            d = RoleDecision(overrides[col], "set by the user (--role)", "user")
        else:
            d = detect_role(col, view[col], seed_of.get(col))
            if col in outcome_like:
                d = RoleDecision("leakage", outcome_like[col], "name+values")
        dec = ColumnDecision(
            col, d.role, d.reason, d.evidence, COLUMN_ROLES[d.role].clustered, seed_of.get(col)
        )
        decisions[col] = dec

    _mentions_people(view, decisions)

    # columns restating the outcome, unless the user said otherwise
    if outcome is not None:
        truth, known = outcome if rows is None else (outcome[0][rows], outcome[1][rows])
        for col, dec in decisions.items():
            if col == target_col or dec.evidence == "user" or dec.personal or dec.role == "leakage":
                continue
            why = leak_by_name(col, view[col])
            score = leak_by_association(view[col], truth, known)
            dec.association = round(score, 3) if score else None
            if score >= LEAK_THRESHOLD:
                why = f"predicts {target_col!r} almost perfectly on its own (balanced accuracy {score:.2f})"
            if why is not None:
                dec.role, dec.reason, dec.feature = "leakage", f"restates the outcome: {why}", False
                dec.evidence = "values" if score >= LEAK_THRESHOLD else "name+values"

    if mode_used == "leads":
        for col, dec in decisions.items():
            if dec.feature and col not in leads_cols:
                dec.role, dec.feature = "extra", False
                dec.reason = "not one of the seed's columns (leads mode); add it with --features"
                dec.evidence = "name"

    if features:
        chosen = resolve_columns(columns, features, what="feature column")
        for col in chosen:
            dec = decisions[col]
            if col == target_col:
                raise InputError(
                    f"Column {col!r} is the target; it cannot also be a feature.", details={"column": col}
                )
            if dec.personal:
                raise InputError(
                    f"Column {col!r} holds personal data ({COLUMN_ROLES[dec.role].description}) and is never "
                    f"clustered. If that is wrong, say what it is: --role {col!r}=category.",
                    code="personal_feature",
                    details={"column": col, "role": dec.role},
                )
            if dec.role == "leakage":
                warnings.append(
                    f"Column {col!r} restates the outcome ({dec.reason}); used because you asked."
                )
    else:
        chosen = [c for c in columns if c not in excluded and decisions[c].feature]
    for col in excluded:
        decisions[col].feature = False
    return Decisions(target_col, outcome, decisions, chosen, mode_used, sorted(excluded), warnings, notes)
