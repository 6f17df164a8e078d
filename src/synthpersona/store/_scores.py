"""Trainee scores of :class:`~synthpersona.store.Store` (a mixin, to keep modules small).

A scored role-play is one row of ``trainee_scores``: the columns a trainee's progress is
read by (trainee, tenant, archetype, overall, time) and the whole score record as JSON.
Before migration 0003 they were generic documents of kind ``trainee_score``; the migration
moves them here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.engine import Connection

from synthpersona.errors import InputError
from synthpersona.store._common import check_id as _check_id
from synthpersona.store._common import check_payload as _check_payload
from synthpersona.store._common import iso as _iso
from synthpersona.store._tables import ScoreRow, utcnow

__all__ = ["SCORE_TENANT", "ScoresMixin", "score_row"]

_scores = cast(Table, ScoreRow.__table__)
#: The owner of records made without tenants (the API's default tenant has the same name).
SCORE_TENANT = "default"


def _when(value: object) -> dt.datetime:
    """The record's ``created_at`` (ISO text or datetime) as an aware datetime; now when absent."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, str) and value.strip():
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise InputError(
                f"created_at {value!r} is not an ISO 8601 time, e.g. '2026-12-03T22:00:00+00:00'"
            ) from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return utcnow()


def score_row(record: dict[str, Any], tenant: str) -> dict[str, Any]:
    """The ``trainee_scores`` row of a score record (also used by the migration's data step).

    Raises ``InputError`` naming the missing or bad field.
    """
    record = _check_payload(record)
    for key in ("score_id", "trainee_id", "archetype"):
        _check_id(key, record.get(key))
    overall = record.get("overall")
    if isinstance(overall, bool) or not isinstance(overall, int | float):
        raise InputError(
            f"overall must be a number from 0 to 100, got {overall!r}", details={"field": "overall"}
        )
    return {
        "score_id": record["score_id"],
        "tenant": _check_id("tenant", tenant),
        "trainee_id": record["trainee_id"],
        "persona_id": record.get("persona_id"),
        "template_id": record.get("template_id"),
        "archetype": record["archetype"],
        "overall": float(overall),
        "payload": record,
        "created_at": _when(record.get("created_at")),
    }


class ScoresMixin:
    """Trainee scores; every write is one transaction."""

    def _tx(self) -> contextlib.AbstractContextManager[Connection]:  # provided by Store
        raise NotImplementedError

    def put_score(self, record: dict[str, Any], *, tenant: str = SCORE_TENANT) -> dict[str, Any]:
        """Store one score record (``score_id``, ``trainee_id``, ``archetype``, ``overall``, ...).

        A record with the same ``score_id`` is replaced. Returns the stored record.

        Examples
        --------
        >>> from synthpersona.store import Store
        >>> s = Store("sqlite://")
        >>> _ = s.put_score({"score_id": "s1", "trainee_id": "asha", "archetype": "PERSUASION",
        ...                  "overall": 62.5, "criteria": []})
        >>> [r["overall"] for r in s.list_scores("asha")]
        [62.5]
        """
        row = score_row(record, tenant)
        with self._tx() as conn:
            conn.execute(delete(_scores).where(_scores.c.score_id == row["score_id"]))
            conn.execute(insert(_scores).values(**row))
        return cast(dict[str, Any], row["payload"])

    def list_scores(self, trainee_id: str, *, tenant: str = SCORE_TENANT) -> list[dict[str, Any]]:
        """``tenant``'s score records of ``trainee_id``, oldest first (``[]`` when there are none)."""
        _check_id("trainee_id", trainee_id)
        q = (
            select(_scores.c.payload, _scores.c.created_at)
            .where(_scores.c.tenant == tenant, _scores.c.trainee_id == trainee_id)
            .order_by(_scores.c.created_at, _scores.c.score_id)
        )
        with self._tx() as conn:
            rows = conn.execute(q).all()
        return [
            {**row.payload, "created_at": row.payload.get("created_at") or _iso(row.created_at)}
            for row in rows
        ]
