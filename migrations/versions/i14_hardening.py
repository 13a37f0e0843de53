"""hardening: facilitator session version, most participants per clinic

Revision ID: i14_hardening
Revises: 5c7e1f0a9d3b
Create Date: 2026-12-02 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "i14_hardening"
down_revision = "5c7e1f0a9d3b"
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


def downgrade():
    with op.batch_alter_table("clinics", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_clinics_max_participants_range"), type_="check")
        batch_op.drop_column("max_participants")
    with op.batch_alter_table("facilitators", schema=None) as batch_op:
        batch_op.drop_column("session_version")
