"""Conversation storage of :class:`~synthpersona.store.Store` (a mixin, to keep modules small)."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from synthpersona._json import clean_text
from synthpersona.errors import InputError, NotFoundError, StoreError, SynthPersonaError
from synthpersona.store._common import DEFAULT_TENANT
from synthpersona.store._common import check_id as _check_id
from synthpersona.store._common import check_payload as _check_payload
from synthpersona.store._common import iso as _iso
from synthpersona.store._tables import ConversationRow, MessageRow, utcnow

__all__ = ["ConversationsMixin"]

_convs = cast(Table, ConversationRow.__table__)
_msgs = cast(Table, MessageRow.__table__)
_ROLES = ("user", "persona")


def _insert_conversation(
    conn: Connection, cid: str, persona: dict[str, Any], run_id: str | None, now: dt.datetime, tenant: str
) -> None:
    pid = _check_id("persona_id", persona.get("persona_id"))
    row = {"conversation_id": cid, "persona_id": pid, "run_id": run_id, "persona": persona, "tenant": tenant}
    conn.execute(insert(_convs).values(**row, created_at=now, updated_at=now))


class ConversationsMixin:
    """Conversations and their messages; every write is one transaction."""

    def _tx(self) -> contextlib.AbstractContextManager[Connection]:  # provided by Store
        raise NotImplementedError

    def checkpoint(self) -> None:  # provided by Store
        raise NotImplementedError

    # -- conversations -----------------------------------------------------------------------------
    def create_conversation(
        self,
        persona: dict[str, Any],
        *,
        run_id: str | None = None,
        conversation_id: str | None = None,
        tenant: str = DEFAULT_TENANT,
    ) -> str:
        """Start an empty conversation of ``tenant`` with ``persona``; return its id."""
        cid = self._new_conversation_id(conversation_id)
        data = _check_payload(persona)
        with self._tx() as conn:
            _insert_conversation(conn, cid, data, run_id, utcnow(), tenant)
        return cid

    @staticmethod
    def _new_conversation_id(conversation_id: str | None) -> str:
        if conversation_id is None:
            return uuid.uuid4().hex
        return _check_id("conversation_id", conversation_id)

    def get_conversation(self, conversation_id: str, *, tenant: str | None = None) -> dict[str, Any]:
        """The conversation with its persona snapshot and ``messages`` (oldest first).

        With ``tenant``, another tenant's conversation is not found (as a missing one).
        """
        with self._tx() as conn:
            row = conn.execute(select(_convs).where(_convs.c.conversation_id == conversation_id)).first()
            if row is None or (tenant is not None and row.tenant != tenant):
                raise NotFoundError(
                    f"No conversation {conversation_id!r}; start one by chatting without a conversation_id.",
                    code="conversation_not_found",
                    details={"conversation_id": conversation_id},
                )
            msgs = conn.execute(
                select(_msgs.c.role, _msgs.c.message, _msgs.c.engine, _msgs.c.created_at)
                .where(_msgs.c.conversation_id == conversation_id)
                .order_by(_msgs.c.seq)
            ).all()
        return {
            "conversation_id": row.conversation_id,
            "persona_id": row.persona_id,
            "run_id": row.run_id,
            "persona": dict(row.persona),
            "created_at": _iso(row.created_at),
            "updated_at": _iso(row.updated_at),
            "messages": [
                {"role": m.role, "message": m.message, "engine": m.engine, "created_at": _iso(m.created_at)}
                for m in msgs
            ],
        }

    def list_conversations(
        self, *, limit: int = 50, offset: int = 0, tenant: str | None = None
    ) -> list[dict[str, Any]]:
        """Conversations (of ``tenant`` when given), most recently active first, without their messages.

        Each has ``conversation_id``, ``persona_id``, ``persona_name`` (from its snapshot),
        ``run_id``, ``created_at``, ``updated_at`` and ``n_messages``.
        """
        counts = (
            select(_msgs.c.conversation_id, func.count().label("n"))
            .group_by(_msgs.c.conversation_id)
            .subquery()
        )
        query = (
            select(_convs, counts.c.n)
            .outerjoin(counts, counts.c.conversation_id == _convs.c.conversation_id)
            .order_by(_convs.c.updated_at.desc(), _convs.c.conversation_id)
            .limit(limit)
            .offset(offset)
        )
        if tenant is not None:
            query = query.where(_convs.c.tenant == tenant)
        with self._tx() as conn:
            rows = conn.execute(query).all()
        return [
            {
                "conversation_id": row.conversation_id,
                "persona_id": row.persona_id,
                "persona_name": dict(row.persona).get("persona_name"),
                "run_id": row.run_id,
                "created_at": _iso(row.created_at),
                "updated_at": _iso(row.updated_at),
                "n_messages": int(row.n or 0),
            }
            for row in rows
        ]

    def add_messages(
        self,
        conversation_id: str | None,
        messages: list[dict[str, Any]],
        *,
        persona: dict[str, Any] | None = None,
        run_id: str | None = None,
        persona_is_json: bool = False,
        tenant: str = DEFAULT_TENANT,
    ) -> str:
        """Append ``{"role": "user"|"persona", "message", "engine"?}`` turns in one transaction.

        With ``conversation_id=None`` a conversation of ``tenant`` with ``persona`` is
        created in the same transaction; an existing one must be ``tenant``'s. Returns the
        conversation id. ``persona_is_json=True`` skips re-checking a persona that was read
        from this store.
        """
        for i, m in enumerate(messages):
            if m.get("role") not in _ROLES or not isinstance(m.get("message"), str):
                raise InputError(
                    f"messages[{i}] must be {{'role': 'user'|'persona', 'message': str}}, got {m!r}.",
                    details={"index": i, "allowed_roles": list(_ROLES)},
                )
        if conversation_id is None and persona is None:
            raise InputError("A new conversation needs the persona it is held with.")
        new = conversation_id is None
        cid = self._new_conversation_id(conversation_id)
        pdata: dict[str, Any] | None = None
        if new and persona is not None:
            pdata = persona if persona_is_json and isinstance(persona, dict) else _check_payload(persona)
        for attempt in range(3):  # two writers may race for the same seq numbers
            now = utcnow()
            try:
                with self._tx() as conn:
                    if pdata is not None:
                        _insert_conversation(conn, cid, pdata, run_id, now, tenant)
                        start = 0
                    else:
                        found = conn.execute(
                            update(_convs)
                            .where(_convs.c.conversation_id == cid, _convs.c.tenant == tenant)
                            .values(updated_at=now)
                        ).rowcount
                        if not found:
                            raise NotFoundError(
                                f"No conversation {cid!r}; omit conversation_id to start a new one.",
                                code="conversation_not_found",
                                details={"conversation_id": cid},
                            )
                        last = conn.execute(
                            select(func.max(_msgs.c.seq)).where(_msgs.c.conversation_id == cid)
                        ).scalar()
                        start = 0 if last is None else int(last) + 1
                    if messages:
                        conn.execute(
                            insert(_msgs),
                            [
                                {
                                    "conversation_id": cid,
                                    "seq": start + i,
                                    "role": m["role"],
                                    "message": clean_text(m["message"]),
                                    "engine": m.get("engine"),
                                    "created_at": now,
                                }
                                for i, m in enumerate(messages)
                            ],
                        )
                return cid
            except StoreError as exc:
                if not isinstance(exc.__cause__, IntegrityError) or attempt == 2 or new:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def add_messages_many(self, items: list[dict[str, Any]]) -> list[str | SynthPersonaError]:
        """Write many :meth:`add_messages` calls in one transaction (group commit).

        Each item has ``conversation_id`` (``None`` starts one), ``messages``, ``tenant``
        (default the default tenant; an existing conversation must be its) and, for a
        new conversation, ``persona`` (already JSON, e.g. read from this store) and
        ``run_id``. Returns, per item, the conversation id or the error for that item
        (an unknown conversation); other items are unaffected. If the transaction
        itself fails, nothing is written and the ``StoreError`` is raised for all.
        """
        results: list[str | SynthPersonaError] = []
        now = utcnow()
        convs: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        touched: list[str] = []
        with self._tx() as conn:
            existing = {i["conversation_id"] for i in items if i.get("conversation_id") is not None}
            next_seq: dict[str, int] = {}
            owners: dict[str, str] = {}
            if existing:
                # Row locks (PostgreSQL; SQLite writers take turns anyway) in a fixed order: another
                # worker appending to the same conversation waits here, so the seq numbers read
                # next are the ones it committed, never duplicates.
                found = conn.execute(
                    select(_convs.c.conversation_id, _convs.c.tenant)
                    .where(_convs.c.conversation_id.in_(existing))
                    .order_by(_convs.c.conversation_id)
                    .with_for_update()
                ).all()
                owners = {row.conversation_id: row.tenant for row in found}
                known = set(owners)
                for cid, last in conn.execute(
                    select(_msgs.c.conversation_id, func.max(_msgs.c.seq))
                    .where(_msgs.c.conversation_id.in_(known))
                    .group_by(_msgs.c.conversation_id)
                ):
                    next_seq[cid] = int(last) + 1
                for cid in known:
                    next_seq.setdefault(cid, 0)
            for item in items:
                cid = item.get("conversation_id")
                tenant = item.get("tenant", DEFAULT_TENANT)
                if cid is None:
                    persona = item["persona"]
                    cid = uuid.uuid4().hex
                    convs.append(
                        {
                            "conversation_id": cid,
                            "persona_id": str(persona["persona_id"]),
                            "run_id": item.get("run_id"),
                            "persona": persona,
                            "created_at": now,
                            "updated_at": now,
                            "tenant": tenant,
                        }
                    )
                    next_seq[cid] = 0
                elif cid not in next_seq or owners.get(cid) != tenant:
                    results.append(
                        NotFoundError(
                            f"No conversation {cid!r}; omit conversation_id to start a new one.",
                            code="conversation_not_found",
                            details={"conversation_id": cid},
                        )
                    )
                    continue
                else:
                    touched.append(cid)
                for m in item["messages"]:
                    rows.append(
                        {
                            "conversation_id": cid,
                            "seq": next_seq[cid],
                            "role": m["role"],
                            "message": clean_text(m["message"]),
                            "engine": m.get("engine"),
                            "created_at": now,
                        }
                    )
                    next_seq[cid] += 1
                results.append(cid)
            if convs:
                conn.execute(insert(_convs), convs)
            if touched:
                conn.execute(
                    update(_convs).where(_convs.c.conversation_id.in_(set(touched))).values(updated_at=now)
                )
            if rows:
                conn.execute(insert(_msgs), rows)
        return results

    def delete_conversation(self, conversation_id: str, *, tenant: str | None = None) -> None:
        """Delete a conversation and its messages; ``NotFoundError`` when missing (or another tenant's)."""
        mine = _convs.c.conversation_id == conversation_id
        if tenant is not None:
            mine = mine & (_convs.c.tenant == tenant)
        with self._tx() as conn:
            gone = conn.execute(delete(_convs).where(mine)).rowcount
            if gone:
                conn.execute(delete(_msgs).where(_msgs.c.conversation_id == conversation_id))
        self.checkpoint()
        if not gone:
            raise NotFoundError(
                f"No conversation {conversation_id!r} to delete.", code="conversation_not_found"
            )
