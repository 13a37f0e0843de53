"""rounds: a clinic's second round (its own question) and the round of each sort and run

Revision ID: i19rounds_second_round
Revises: i16results_group_question
Create Date: 2026-12-03 07:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "i19rounds_second_round"
down_revision = "i16results_group_question"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        for name in ("round2_question_nl", "round2_question_en"):
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("current_round", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch_op.add_column(
            sa.Column(
                "show_first_sort", sa.Boolean(), nullable=False, server_default=sa.text("false")
            )
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_clinics_current_round_known"), "current_round IN (1, 2)"
        )
    with op.batch_alter_table("q_sorts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("round", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
        batch_op.drop_constraint(batch_op.f("uq_q_sorts_participant_id"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_q_sorts_participant_id_round"), ["participant_id", "round"]
        )
        batch_op.create_check_constraint(batch_op.f("ck_q_sorts_round_known"), "round IN (1, 2)")
        batch_op.create_index(
            batch_op.f("ix_q_sorts_participant_id"), ["participant_id"], unique=False
        )
    with op.batch_alter_table("analysis_runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("round", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )


def downgrade():
    with op.batch_alter_table("analysis_runs", schema=None) as batch_op:
        batch_op.drop_column("round")
    op.execute("DELETE FROM q_sorts WHERE round = 2")
    with op.batch_alter_table("q_sorts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_q_sorts_participant_id"))
        batch_op.drop_constraint(batch_op.f("ck_q_sorts_round_known"), type_="check")
        batch_op.drop_constraint(batch_op.f("uq_q_sorts_participant_id_round"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_q_sorts_participant_id"), ["participant_id"]
        )
        batch_op.drop_column("round")
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_clinics_current_round_known"), type_="check")
        for name in (
            "show_first_sort",
            "current_round",
            "round2_question_en",
            "round2_question_nl",
        ):
            batch_op.drop_column(name)
