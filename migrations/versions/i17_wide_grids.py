"""wide grids: placements may hold grid values -50..+50 (PQMethod's -6..+13 only for .DAT)

Revision ID: i17_wide_grids
Revises: 5c7e1f0a9d3b
Create Date: 2026-12-02 12:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "i17_wide_grids"
down_revision = "5c7e1f0a9d3b"
branch_labels = None
depends_on = None

CONSTRAINT = "ck_placements_column_value_range"


def _replace_range(low: int, high: int) -> None:
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_="check")
        batch_op.create_check_constraint(
            "column_value_range", f"column_value BETWEEN {low} AND {high}"
        )


def upgrade():
    _replace_range(-50, 50)


def downgrade():
    _replace_range(-6, 13)
