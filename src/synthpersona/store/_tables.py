"""Table definitions of the state store (the migrations create them; keep both in step)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "ConversationRow",
    "DocumentRow",
    "MessageRow",
    "PersonaRow",
    "RunRow",
    "ScoreRow",
    "utcnow",
]

JSONType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class RunRow(Base):
    """One goal → clusters → personas run (personas live in :class:`PersonaRow`)."""

    __tablename__ = "runs"

    run_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    goal: Mapped[str | None] = mapped_column(Text, nullable=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    tenant: Mapped[str] = mapped_column(String(64), nullable=False, server_default="default")

    __table_args__ = (
        Index("ix_runs_created_at", "created_at"),
        Index("ix_runs_tenant_created", "tenant", "created_at"),
    )


class PersonaRow(Base):
    """A persona of a run; ``persona_id`` is unique within its run only (``dyn_<cluster>_<i>``)."""

    __tablename__ = "personas"

    run_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True
    )
    persona_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(Integer, nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    __table_args__ = (Index("ix_personas_persona_id", "persona_id", "created_at"),)


class ConversationRow(Base):
    """A chat with one persona; messages are in :class:`MessageRow`."""

    __tablename__ = "conversations"

    conversation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    persona_id: Mapped[str] = mapped_column(String(200), nullable=False)
    run_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    persona: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    tenant: Mapped[str] = mapped_column(String(64), nullable=False, server_default="default")

    __table_args__ = (Index("ix_conversations_tenant", "tenant"),)


class MessageRow(Base):
    __tablename__ = "messages"

    conversation_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("conversations.conversation_id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    engine: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)


class DocumentRow(Base):
    """Generic JSON documents other areas store (datasets, analyses, simulations, templates...)."""

    __tablename__ = "documents"

    kind: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    __table_args__ = (Index("ix_documents_kind_created", "kind", "created_at"),)


class ScoreRow(Base):
    """A trainee's scored role-play: the columns progress is read by, the whole record in ``payload``.

    ``payload`` is the score as :func:`synthpersona.usecases.scenarios.ascore_roleplay` returns
    it (per-criterion scores with evidence quotes); ``tenant`` is the owner's name
    (``default`` for records made before tenants existed, as in every other table).
    """

    __tablename__ = "trainee_scores"

    score_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant: Mapped[str] = mapped_column(
        String(64), nullable=False, default="default", server_default="default"
    )
    trainee_id: Mapped[str] = mapped_column(String(200), nullable=False)
    persona_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    template_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    archetype: Mapped[str] = mapped_column(String(32), nullable=False)
    overall: Mapped[float] = mapped_column(Float, nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)

    __table_args__ = (Index("ix_trainee_scores_trainee", "tenant", "trainee_id", "created_at"),)
