"""live clinic: projector token, timer, audit events, who ran an analysis

Revision ID: 5c7e1f0a9d3b
Revises: d80cbc428fef
Create Date: 2026-11-24 09:00:00.000000

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5c7e1f0a9d3b"
down_revision = "d80cbc428fef"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("projector_token", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True))
    clinics = sa.table("clinics", sa.column("id", sa.Integer), sa.column("projector_token"))
    connection = op.get_bind()
    for (clinic_id,) in connection.execute(sa.select(clinics.c.id)).all():
        connection.execute(
            clinics.update()
            .where(clinics.c.id == clinic_id)
            .values(projector_token=secrets.token_urlsafe(24))
        )
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.alter_column("projector_token", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_clinics_projector_token"), ["projector_token"]
        )

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["facilitators.id"],
            name=op.f("fk_audit_events_actor_id_facilitators"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_audit_events_clinic_id_clinics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_clinic_id"), ["clinic_id"], unique=False)

    with op.batch_alter_table("analysis_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("label", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("stability", sa.JSON(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_analysis_runs_created_by_id_facilitators"),
            "facilitators",
            ["created_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("analysis_runs", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_analysis_runs_created_by_id_facilitators"), type_="foreignkey"
        )
        batch_op.drop_column("stability")
        batch_op.drop_column("label")
        batch_op.drop_column("created_by_id")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_clinic_id"))
    op.drop_table("audit_events")
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_clinics_projector_token"), type_="unique")
        batch_op.drop_column("timer_ends_at")
        batch_op.drop_column("projector_token")
