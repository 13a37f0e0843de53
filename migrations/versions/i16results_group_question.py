"""groups: the clinic's optional joining question (NL/EN) and each participant's answer

Revision ID: i16results_group_question
Revises: i18room_draft_documents
Create Date: 2026-12-02 18:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "i16results_group_question"
down_revision = "i18room_draft_documents"
branch_labels = None
depends_on = None

QUESTIONS = ("group_question_nl", "group_question_en")


def upgrade():
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        for name in QUESTIONS:
            batch_op.add_column(
                sa.Column(name, sa.String(length=200), nullable=False, server_default="")
            )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_answer", sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("group_answer")
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        for name in reversed(QUESTIONS):
            batch_op.drop_column(name)
