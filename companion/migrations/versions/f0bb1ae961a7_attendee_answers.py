"""attendee registration answers (companion/imports/answers.py); the statuses a pending import
includes although not attending (companion/imports/statuses.py)

Revision ID: f0bb1ae961a7
Revises: d8bc6a096f98
Create Date: 2026-12-02 17:57:58.918154

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f0bb1ae961a7'
down_revision = 'd8bc6a096f98'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answers', sa.JSON(), server_default='[]', nullable=False))

    with op.batch_alter_table('pending_imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('include', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('pending_imports', schema=None) as batch_op:
        batch_op.drop_column('include')

    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.drop_column('answers')
