"""Keep each inbound mail's own date and content fingerprint

Revision ID: e53d0c29a8e0
Revises: f1874bb62d99
Create Date: 2026-12-07 19:30:37.839275

"""
from alembic import op
import sqlalchemy as sa

import portal.timeutil  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'e53d0c29a8e0'
down_revision = 'f1874bb62d99'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dated_at', portal.timeutil.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('fingerprint', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.create_index('ix_inbound_messages_sender_dated', ['from_addr', 'dated_at'],
                              unique=False)



def downgrade():
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_messages_sender_dated')
        batch_op.drop_column('fingerprint')
        batch_op.drop_column('dated_at')

