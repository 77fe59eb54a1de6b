"""goals and skips: the private goal suggestions rank by, and the suggestions set aside

goals holds one record per account (what I seek and offer, my level, the levels and companies
to meet or leave out); skips one record per "not now" (an attendee of one event) or "never" (a
person, by key, at every event). Both sync like marks.

Revision ID: a3f9c1d2e7b4
Revises: b9a9584aa018
Create Date: 2026-12-03 09:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f9c1d2e7b4'
down_revision = 'b9a9584aa018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('goals',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seek', sa.JSON(), nullable=False),
    sa.Column('offer', sa.JSON(), nullable=False),
    sa.Column('my_level', sa.String(length=10), nullable=False),
    sa.Column('seek_levels', sa.JSON(), nullable=True),
    sa.Column('exclude_companies', sa.JSON(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_goals_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'id', name=op.f('pk_goals')),
    sa.UniqueConstraint('user_id', name=op.f('uq_goals_user_id'))
    )
    op.create_table('skips',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('attendee_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendees.id'], name=op.f('fk_skips_attendee_id_attendees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_skips_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_skips_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'id', name=op.f('pk_skips'))
    )
    with op.batch_alter_table('skips', schema=None) as batch_op:
        batch_op.create_index('ix_skips_user_version', ['user_id', 'version'], unique=False)


def downgrade():
    with op.batch_alter_table('skips', schema=None) as batch_op:
        batch_op.drop_index('ix_skips_user_version')
    op.drop_table('skips')
    op.drop_table('goals')
