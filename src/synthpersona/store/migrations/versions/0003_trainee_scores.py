"""Trainee scores get their own table; the scores stored as documents move into it.

Before this revision (0003) a scored role-play was a document of kind ``trainee_score``
(``doc_id`` ``<trainee>:<score>``). Each becomes a row of ``trainee_scores``; its
``tenant`` key, when it has one, becomes the row's tenant (else ``default``). Documents
that are not valid scores (no trainee, no score id) stay where they are. The downgrade
moves the rows back into documents.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)
KIND = "trainee_score"

_docs = sa.table(
    "documents",
    sa.column("kind", sa.String),
    sa.column("doc_id", sa.String),
    sa.column("payload", JSONType),
    sa.column("created_at", TS),
    sa.column("updated_at", TS),
)


def _create() -> sa.Table:
    return op.create_table(
        "trainee_scores",
        sa.Column("score_id", sa.String(64), primary_key=True),
        sa.Column("tenant", sa.String(64), nullable=False, server_default="default"),
        sa.Column("trainee_id", sa.String(200), nullable=False),
        sa.Column("persona_id", sa.String(200), nullable=True),
        sa.Column("template_id", sa.String(200), nullable=True),
        sa.Column("archetype", sa.String(32), nullable=False),
        sa.Column("overall", sa.Float, nullable=False),
        sa.Column("payload", JSONType, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )


def _row(payload: Any, stored_at: dt.datetime | None) -> dict[str, Any] | None:
    """The table row of one stored score document, or None when it is not a valid score.

    Written out here (not imported from the store) so this revision keeps doing what it did
    when the store's code changes later.
    """
    if not isinstance(payload, dict):
        return None
    ids = [payload.get(k) for k in ("score_id", "trainee_id", "archetype")]
    overall = payload.get("overall")
    if not all(isinstance(v, str) and v.strip() for v in ids) or isinstance(overall, bool):
        return None
    if not isinstance(overall, int | float):
        return None
    tenant = payload.get("tenant")
    tenant = tenant if isinstance(tenant, str) and tenant.strip() else "default"
    record = {k: v for k, v in payload.items() if k != "tenant"}
    created = stored_at or dt.datetime.now(dt.UTC)
    if isinstance(record.get("created_at"), str):
        with contextlib.suppress(ValueError):  # unreadable: the time it was stored
            created = dt.datetime.fromisoformat(record["created_at"])
    else:
        record["created_at"] = created.isoformat()
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return {
        "score_id": payload["score_id"][:64],
        "tenant": tenant[:64],
        "trainee_id": payload["trainee_id"][:200],
        "persona_id": payload.get("persona_id"),
        "template_id": payload.get("template_id"),
        "archetype": payload["archetype"][:32],
        "overall": float(overall),
        "payload": record,
        "created_at": created,
    }


def upgrade() -> None:
    scores = _create()
    op.create_index("ix_trainee_scores_trainee", "trainee_scores", ["tenant", "trainee_id", "created_at"])
    conn = op.get_bind()
    docs = conn.execute(
        sa.select(_docs.c.doc_id, _docs.c.payload, _docs.c.created_at).where(_docs.c.kind == KIND)
    )
    moved: list[str] = []
    for doc_id, payload, stored_at in docs.all():
        row = _row(payload, stored_at)
        if row is None:
            continue
        conn.execute(sa.delete(scores).where(scores.c.score_id == row["score_id"]))
        conn.execute(sa.insert(scores).values(**row))
        moved.append(doc_id)
    for doc_id in moved:
        conn.execute(sa.delete(_docs).where(_docs.c.kind == KIND, _docs.c.doc_id == doc_id))


def downgrade() -> None:
    conn = op.get_bind()
    scores = sa.table(
        "trainee_scores",
        sa.column("score_id", sa.String),
        sa.column("tenant", sa.String),
        sa.column("trainee_id", sa.String),
        sa.column("payload", JSONType),
        sa.column("created_at", TS),
    )
    for score_id, tenant, trainee_id, payload, created_at in conn.execute(
        sa.select(
            scores.c.score_id, scores.c.tenant, scores.c.trainee_id, scores.c.payload, scores.c.created_at
        )
    ).all():
        doc = dict(payload) if tenant == "default" else {**payload, "tenant": tenant}
        doc_id = f"{trainee_id}:{score_id}"  # as 0002 stored them: "<tenant>:" before other tenants' ids
        conn.execute(
            sa.insert(_docs).values(
                kind=KIND,
                doc_id=doc_id if tenant == "default" else f"{tenant}:{doc_id}",
                payload=doc,
                created_at=created_at,
                updated_at=created_at,
            )
        )
    op.drop_index("ix_trainee_scores_trainee", table_name="trainee_scores")
    op.drop_table("trainee_scores")
