"""hardening: facilitator session version

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


def downgrade():
    with op.batch_alter_table("facilitators", schema=None) as batch_op:
        batch_op.drop_column("session_version")
