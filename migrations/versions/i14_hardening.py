"""hardening: facilitator session version, most participants per clinic, background jobs

Revision ID: i14_hardening
Revises: i17_wide_grids
Create Date: 2026-12-02 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "i14_hardening"
down_revision = "i17_wide_grids"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("facilitators", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "max_participants", sa.Integer(), server_default=sa.text("100"), nullable=False
            )
        )
        batch_op.create_check_constraint(
            "max_participants_range", "max_participants BETWEEN 1 AND 1000"
        )

    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("message", sa.String(length=200), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=120), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'running', 'done', 'failed', 'cancelled')",
            name=op.f("ck_jobs_status_known"),
        ),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 1", name=op.f("ck_jobs_progress_range")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"], ["clinics.id"], name=op.f("fk_jobs_clinic_id_clinics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["facilitators.id"],
            name=op.f("fk_jobs_created_by_id_facilitators"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )  # fmt: skip
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_clinic_id"), ["clinic_id"], unique=False)
        batch_op.create_index("ix_jobs_status_id", ["status", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status_id")
        batch_op.drop_index(batch_op.f("ix_jobs_clinic_id"))
    op.drop_table("jobs")
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_clinics_max_participants_range"), type_="check")
        batch_op.drop_column("max_participants")
    with op.batch_alter_table("facilitators", schema=None) as batch_op:
        batch_op.drop_column("session_version")
