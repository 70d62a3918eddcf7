"""Mark received mail as reviewed

Revision ID: 27dc34e86905
Revises: a7d3e51c9b20
Create Date: 2026-12-07 21:05:17.087655

"""
from alembic import op
import sqlalchemy as sa

import portal.timeutil  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '27dc34e86905'
down_revision = 'a7d3e51c9b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed_at', portal.timeutil.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_inbound_messages_reviewed_by_id_users'), 'users', ['reviewed_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_inbound_messages_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('reviewed_at')
