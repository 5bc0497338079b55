"""auth sessions remember the previous refresh token for a short grace window

Revision ID: b7d2c41e9a53
Revises: 8e5cb708c3fd
Create Date: 2026-12-04 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2c41e9a53'
down_revision = '8e5cb708c3fd'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_refresh_jti', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_column('previous_refresh_jti')
