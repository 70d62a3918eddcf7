"""Store the global default commitments of requests that have no service yet

Revision ID: a3d5e7f90b12
Revises: e53d0c29a8e0
Create Date: 2026-12-07 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3d5e7f90b12'
down_revision = 'e53d0c29a8e0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ticket_default_commitments',
    sa.Column('priority', sa.Enum('p1', 'p2', 'p3', 'p4', name='priority', native_enum=False, length=32), nullable=False),
    sa.Column('take_charge_minutes', sa.Integer(), nullable=False),
    sa.Column('resolve_minutes', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('priority', name=op.f('pk_ticket_default_commitments'))
    )


def downgrade():
    op.drop_table('ticket_default_commitments')
