"""Tenants: every run and conversation belongs to the tenant whose API key made it.

Rows made before tenants existed belong to the ``default`` tenant (the server-default),
so a server that never configured keys sees all of them as before.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TABLES = ("runs", "conversations")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("tenant", sa.String(64), nullable=False, server_default=sa.text("'default'"))
            )
    op.create_index("ix_runs_tenant_created", "runs", ["tenant", "created_at"])
    op.create_index("ix_conversations_tenant", "conversations", ["tenant"])


def downgrade() -> None:
    op.drop_index("ix_conversations_tenant", table_name="conversations")
    op.drop_index("ix_runs_tenant_created", table_name="runs")
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("tenant")
