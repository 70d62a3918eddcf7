"""Stop copying survey answers into their follow-up actions: a neutral text and a link

Revision ID: a7d3e51c9b20
Revises: 4cf6416d5857
Create Date: 2026-12-07 19:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d3e51c9b20'
down_revision = '4cf6416d5857'
branch_labels = None
depends_on = None

# The texts and threshold of indicators.surveys.answers and results at this revision.
DESCRIPTION = ("Une réponse à l'enquête de satisfaction est insatisfaite. Ouvrez la "
               "réponse par le lien « Réponse à l'enquête » pour la lire.")
MIN_ANONYMOUS_GROUP = 3

actions = sa.table("committee_actions", sa.column("id", sa.Integer),
                   sa.column("title", sa.String), sa.column("description", sa.Text),
                   sa.column("entity_id", sa.Integer), sa.column("ticket_id", sa.Integer),
                   sa.column("service_id", sa.Integer),
                   sa.column("survey_response_id", sa.Integer))
responses = sa.table("survey_responses", sa.column("id", sa.Integer),
                     sa.column("survey_id", sa.Integer), sa.column("entity_id", sa.Integer),
                     sa.column("ticket_id", sa.Integer))
surveys = sa.table("surveys", sa.column("id", sa.Integer), sa.column("title", sa.String),
                   sa.column("anonymous", sa.Boolean))
tickets = sa.table("tickets", sa.column("id", sa.Integer), sa.column("number", sa.String))


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(actions.c.id, responses.c.survey_id, responses.c.entity_id, surveys.c.title,
                  surveys.c.anonymous, tickets.c.number)
        .join(responses, responses.c.id == actions.c.survey_response_id)
        .join(surveys, surveys.c.id == responses.c.survey_id)
        .outerjoin(tickets, tickets.c.id == responses.c.ticket_id)).all()
    counts = {(survey_id, entity_id): count for survey_id, entity_id, count in bind.execute(
        sa.select(responses.c.survey_id, responses.c.entity_id, sa.func.count(responses.c.id))
        .group_by(responses.c.survey_id, responses.c.entity_id))}
    for action_id, survey_id, entity_id, survey_title, anonymous, number in rows:
        values = {"description": DESCRIPTION}
        if anonymous:
            shown = counts.get((survey_id, entity_id), 0) >= MIN_ANONYMOUS_GROUP
            values |= {"entity_id": entity_id if shown else None, "ticket_id": None,
                       "service_id": None}
        values["title"] = (f"Rappeler un client mécontent : demande {number}"
                           if number and not anonymous else
                           f"Donner suite à une réponse à l'enquête « {survey_title} »")[:200]
        bind.execute(actions.update().where(actions.c.id == action_id).values(**values))


def downgrade():
    # The copied answers are not restored: they stay readable from the response itself.
    pass
