"""Initial schema: runs, personas, conversations, messages, documents.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("run_id", sa.String(128), primary_key=True),
        sa.Column("goal", sa.Text, nullable=True),
        sa.Column("request", JSONType, nullable=False),
        sa.Column("payload", JSONType, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_runs_created_at", "runs", ["created_at"])
    op.create_table(
        "personas",
        sa.Column(
            "run_id", sa.String(128), sa.ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("persona_id", sa.String(200), primary_key=True),
        sa.Column("cluster_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("payload", JSONType, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_personas_persona_id", "personas", ["persona_id", "created_at"])
    op.create_table(
        "conversations",
        sa.Column("conversation_id", sa.String(64), primary_key=True),
        sa.Column("persona_id", sa.String(200), nullable=False),
        sa.Column("run_id", sa.String(128), nullable=True),
        sa.Column("persona", JSONType, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "messages",
        sa.Column(
            "conversation_id",
            sa.String(64),
            sa.ForeignKey("conversations.conversation_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("engine", sa.String(32), nullable=True),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("kind", sa.String(64), primary_key=True),
        sa.Column("doc_id", sa.String(200), primary_key=True),
        sa.Column("payload", JSONType, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_documents_kind_created", "documents", ["kind", "created_at"])


def downgrade() -> None:
    op.drop_table("documents")
    op.drop_table("messages")
    op.drop_table("conversations")
    op.drop_index("ix_personas_persona_id", table_name="personas")
    op.drop_table("personas")
    op.drop_index("ix_runs_created_at", table_name="runs")
    op.drop_table("runs")
