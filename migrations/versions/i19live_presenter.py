"""presenter and moderation: reveal step, auto-close, free-choice edits, moderation decisions

Revision ID: i19live_presenter
Revises: i13_bilingual_clinic_texts
Create Date: 2026-12-02 18:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "i19live_presenter"
down_revision = "i13_bilingual_clinic_texts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reveal_step", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("presenter_version", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("auto_close", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("free_choice_edits", sa.JSON(), nullable=True))
    op.create_table(
        "moderations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('comment', 'answer')", name=op.f("ck_moderations_kind_known")),
        sa.CheckConstraint(
            "status IN ('approved', 'hidden')", name=op.f("ck_moderations_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_moderations_clinic_id_clinics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderations")),
        sa.UniqueConstraint(
            "clinic_id", "kind", "item_id", name=op.f("uq_moderations_clinic_id_kind_item_id")
        ),
    )
    with op.batch_alter_table("moderations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_moderations_clinic_id"), ["clinic_id"], unique=False)


def downgrade():
    with op.batch_alter_table("moderations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderations_clinic_id"))
    op.drop_table("moderations")
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.drop_column("free_choice_edits")
        batch_op.drop_column("auto_close")
        batch_op.drop_column("presenter_version")
        batch_op.drop_column("reveal_step")
