"""bilingual clinic texts: title, question and instruction in Dutch and English

The old ``title`` (one language) is copied into both ``title_nl`` and ``title_en``, so every
screen shows what it showed before. The old ``instruction_nl/_en`` held the condition of
instruction, i.e. the question the sort answers: it moves to ``question_nl/_en``, and
``instruction_nl/_en`` start empty for the facilitator's own instruction on how to sort.

Revision ID: i13_bilingual_clinic_texts
Revises: i14_hardening
Create Date: 2026-12-02 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "i13_bilingual_clinic_texts"
down_revision = "i14_hardening"
branch_labels = None
depends_on = None

TEXT_COLUMNS = ("question_nl", "question_en")


def _clinics(*names: str) -> sa.TableClause:
    return sa.table("clinics", *(sa.column(name) for name in names))


def upgrade():
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_nl", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("title_en", sa.String(length=200), nullable=True))
        for name in TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=True))
    clinics = _clinics("title", "title_nl", "title_en", "instruction_nl", "instruction_en",
                       *TEXT_COLUMNS)  # fmt: skip
    op.execute(
        clinics.update().values(
            title_nl=clinics.c.title,
            title_en=clinics.c.title,
            question_nl=clinics.c.instruction_nl,
            question_en=clinics.c.instruction_en,
            instruction_nl="",
            instruction_en="",
        )
    )
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.alter_column("title_nl", existing_type=sa.String(length=200), nullable=False)
        batch_op.alter_column("title_en", existing_type=sa.String(length=200), nullable=False)
        for name in TEXT_COLUMNS:
            batch_op.alter_column(name, existing_type=sa.Text(), nullable=False)
        batch_op.drop_column("title")
        batch_op.create_check_constraint(
            batch_op.f("ck_clinics_title_given"), "length(title_nl) > 0 OR length(title_en) > 0"
        )


def downgrade():
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_clinics_title_given"), type_="check")
        batch_op.add_column(sa.Column("title", sa.String(length=200), nullable=True))
    clinics = _clinics("title", "title_nl", "title_en", "instruction_nl", "instruction_en",
                       *TEXT_COLUMNS)  # fmt: skip
    nl_first = sa.case((clinics.c.title_nl != "", clinics.c.title_nl), else_=clinics.c.title_en)
    op.execute(
        clinics.update().values(
            title=nl_first,
            instruction_nl=clinics.c.question_nl,
            instruction_en=clinics.c.question_en,
        )
    )
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.alter_column("title", existing_type=sa.String(length=200), nullable=False)
        for name in (*TEXT_COLUMNS, "title_en", "title_nl"):
            batch_op.drop_column(name)
