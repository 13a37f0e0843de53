"""draft documents: a draft's placements, comments and answer move into q_sorts.draft

A draft sort is now one versioned document in its row (see qsort.models.sort.QSort); the
placements and comments rows are written only when the sort is submitted. Existing drafts'
rows move into their documents (and back on downgrade).

Revision ID: i18room_draft_documents
Revises: i19live_presenter
Create Date: 2026-12-02 18:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "i18room_draft_documents"
down_revision = "i19live_presenter"
branch_labels = None
depends_on = None

q_sorts = sa.table(
    "q_sorts",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("draft", sa.JSON),
    sa.column("free_choice", sa.Text),
)
placements = sa.table(
    "placements",
    sa.column("q_sort_id", sa.Integer),
    sa.column("statement_id", sa.Integer),
    sa.column("column_value", sa.Integer),
    sa.column("position", sa.Integer),
)
comments = sa.table(
    "comments",
    sa.column("q_sort_id", sa.Integer),
    sa.column("statement_id", sa.Integer),
    sa.column("text", sa.Text),
)


def _drafts(bind) -> list:
    return bind.execute(
        sa.select(q_sorts.c.id, q_sorts.c.draft, q_sorts.c.free_choice).where(
            q_sorts.c.status == "draft"
        )
    ).all()


def upgrade():
    bind = op.get_bind()
    for sort_id, document, free_choice in _drafts(bind):
        cards = bind.execute(
            sa.select(placements.c.statement_id, placements.c.column_value)
            .where(placements.c.q_sort_id == sort_id)
            .order_by(placements.c.column_value, placements.c.position)
        ).all()
        columns: dict[str, list[int]] = {}
        for statement_id, value in cards:
            columns.setdefault(str(value), []).append(statement_id)
        texts = bind.execute(
            sa.select(comments.c.statement_id, comments.c.text).where(
                comments.c.q_sort_id == sort_id
            )
        ).all()
        document = dict(document or {})
        document.setdefault("step", "intro")
        document.setdefault("piles", {})
        document["columns"] = columns
        document["comments"] = {str(sid): text for sid, text in texts}
        document["free_choice"] = free_choice or ""
        bind.execute(
            q_sorts.update().where(q_sorts.c.id == sort_id).values(draft=document, free_choice=None)
        )
        bind.execute(placements.delete().where(placements.c.q_sort_id == sort_id))
        bind.execute(comments.delete().where(comments.c.q_sort_id == sort_id))


def downgrade():
    bind = op.get_bind()
    for sort_id, document, _free_choice in _drafts(bind):
        document = dict(document or {})
        rows = [
            {"q_sort_id": sort_id, "statement_id": sid, "column_value": int(value), "position": i}
            for value, ids in (document.pop("columns", None) or {}).items()
            for i, sid in enumerate(ids)
        ]
        if rows:
            bind.execute(placements.insert(), rows)
        texts = [
            {"q_sort_id": sort_id, "statement_id": int(sid), "text": text}
            for sid, text in (document.pop("comments", None) or {}).items()
        ]
        if texts:
            bind.execute(comments.insert(), texts)
        answer = document.pop("free_choice", None) or None
        bind.execute(
            q_sorts.update()
            .where(q_sorts.c.id == sort_id)
            .values(
                draft={"step": document.get("step", "intro"), "piles": document.get("piles", {})},
                free_choice=answer,
            )
        )
