"""followups: the due items of the follow-up kit (a thank-you, a promise, a missed target, a nudge)

And marks.promised: "I promised…" ticked on a mark makes a promise item even when the note
does not say so.

Revision ID: 3f6d2a8c41b7
Revises: ae3156a644ce
Create Date: 2026-12-03 09:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f6d2a8c41b7'
down_revision = 'ae3156a644ce'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('followups',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('attendee_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=10), nullable=False),
    sa.Column('due', sa.DateTime(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('draft', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_followups_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_followups_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_followups_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'id', name=op.f('pk_followups'))
    )
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.create_index('ix_followups_user_version', ['user_id', 'version'], unique=False)
    with op.batch_alter_table('marks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('promised', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('marks', schema=None) as batch_op:
        batch_op.drop_column('promised')
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.drop_index('ix_followups_user_version')

    op.drop_table('followups')
