"""genome versions: every saved genome of a project, numbered; generations record theirs

Revision ID: c4e81f0a9d27
Revises: b7d2c41e9a53
Create Date: 2026-12-04 17:45:00.000000

Existing projects get their history back from what is stored: one version per distinct
genome text their generations were made from (in the order first used, by whoever
requested it), then the project's current genome when no generation used it. Each
generation points at the version of its genome text.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'c4e81f0a9d27'
down_revision = 'b7d2c41e9a53'
branch_labels = None
depends_on = None


BACKFILL_VERSIONS = """
WITH texts AS (
    SELECT project_id, workspace_id, genome_yaml, MIN(created_at) AS first_at,
           (ARRAY_AGG(requested_by_id ORDER BY created_at))[1] AS by_id
    FROM generations
    GROUP BY project_id, workspace_id, genome_yaml
    UNION ALL
    SELECT p.id, p.workspace_id, p.genome_yaml, p.updated_at, p.created_by_id
    FROM projects AS p
    WHERE p.genome_yaml IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM generations AS g
          WHERE g.project_id = p.id AND g.genome_yaml = p.genome_yaml
      )
)
INSERT INTO genome_versions
    (id, workspace_id, project_id, number, genome_yaml, created_by_id, created_at)
SELECT gen_random_uuid(), workspace_id, project_id,
       ROW_NUMBER() OVER (PARTITION BY project_id ORDER BY first_at, genome_yaml),
       genome_yaml, by_id, first_at
FROM texts
"""

LINK_GENERATIONS = """
UPDATE generations AS g SET genome_version_id = v.id
FROM genome_versions AS v
WHERE v.project_id = g.project_id AND v.genome_yaml = g.genome_yaml
"""


def upgrade():
    op.create_table('genome_versions',
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('genome_yaml', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_genome_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_genome_versions_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_genome_versions_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_genome_versions')),
    sa.UniqueConstraint('project_id', 'number', name='uq_genome_versions_project_number')
    )
    with op.batch_alter_table('genome_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_genome_versions_workspace_id'), ['workspace_id'], unique=False)

    with op.batch_alter_table('generations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('genome_version_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('lineage', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'"), nullable=False))
        batch_op.create_index(batch_op.f('ix_generations_genome_version_id'), ['genome_version_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_generations_genome_version_id_genome_versions'), 'genome_versions', ['genome_version_id'], ['id'], ondelete='SET NULL')

    op.execute(BACKFILL_VERSIONS)
    op.execute(LINK_GENERATIONS)


def downgrade():
    with op.batch_alter_table('generations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_generations_genome_version_id_genome_versions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_generations_genome_version_id'))
        batch_op.drop_column('lineage')
        batch_op.drop_column('genome_version_id')

    with op.batch_alter_table('genome_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_genome_versions_workspace_id'))

    op.drop_table('genome_versions')
