"""trust: records named by owner and id, sessions kept on the server, removed members kept out

Records (marks, contacts, cards, plans) get the primary key (user_id, id): another account's id
is an id this account does not have. user_sessions holds one row per logged-in browser (the hash
of its cookie's token), so logging out ends a session on the server. memberships.removed_at
keeps a removed member from rejoining with the same link. Sessions from before this revision
end: everyone logs in once more (their devices' unsent changes wait for that).

Revision ID: 5c0e7a4b9d21
Revises: f0bb1ae961a7
Create Date: 2026-11-28 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c0e7a4b9d21'
down_revision = 'f0bb1ae961a7'
branch_labels = None
depends_on = None

RECORD_TABLES = ('marks', 'contacts', 'cards', 'plans')


def upgrade():
    for table in RECORD_TABLES:
        with op.batch_alter_table(table, schema=None, recreate='always') as batch_op:
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', ['user_id', 'id'])

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(), nullable=True))

    op.create_table('user_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('removed_at')

    # Ids were unique across accounts until this revision; a later row with another account's
    # id cannot go back under the old key, so it is dropped rather than the downgrade failing.
    for table in RECORD_TABLES:
        op.execute(f'DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM {table} AS other '
                   f'WHERE other.id = {table}.id AND other.user_id < {table}.user_id)')
        with op.batch_alter_table(table, schema=None, recreate='always') as batch_op:
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', ['id'])
