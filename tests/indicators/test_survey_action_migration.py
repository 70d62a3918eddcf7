"""The migration rewrites the survey follow-ups raised before: no answer copied, no one named."""

from flask_migrate import downgrade, upgrade

from committees.enums import ActionOrigin, ActionPriority
from committees.models import Action
from indicators.surveys.answers import FOLLOW_UP_DESCRIPTION
from indicators.surveys.enums import SurveyKind
from indicators.surveys.models import Response
from portal.enums import Role
from portal.timeutil import utcnow

BEFORE, REVISION = "4cf6416d5857", "a7d3e51c9b20"
COMMENT = "Orion: the manager of Comptabilité shouted at me"


def old_follow_up(db, response: Response, owner, title: str, **links) -> Action:
    action = Action(title=title, description=f"Réponse à l'enquête :\n- Commentaire : {COMMENT}",
                    owner_id=owner.id, priority=ActionPriority.HIGH, origin=ActionOrigin.SURVEY,
                    survey_response_id=response.id, created_at=utcnow(), **links)
    db.session.add(action)
    return action


def test_existing_follow_ups_lose_the_copied_answers_and_the_anonymous_ones_their_entity(
        app, db, make_survey, make_user, make_entity, make_ticket):
    downgrade(revision=BEFORE)
    manager = make_user(Role.RELATIONS_MANAGER)
    entity = make_entity("Comptabilité")
    annual = make_survey(SurveyKind.ANNUAL, title="Enquête annuelle", anonymous=True)
    after = make_survey(title="Après demande")
    ticket = make_ticket(subject="Badge refusé à l'entrée")
    anonymous = Response(survey_id=annual.id, invitation_key="a", entity_id=entity.id,
                         submitted_at=utcnow(), dissatisfied=True)
    named = Response(survey_id=after.id, invitation_key="b", entity_id=entity.id,
                     ticket_id=ticket.id, submitted_at=utcnow(), dissatisfied=True)
    db.session.add_all([anonymous, named])
    db.session.flush()
    hidden = old_follow_up(db, anonymous, manager, "Rappeler un client mécontent : Comptabilité",
                           entity_id=entity.id)
    shown = old_follow_up(db, named, manager,
                          f"Rappeler un client mécontent : {ticket.number} « Badge refusé »",
                          entity_id=entity.id, ticket_id=ticket.id)
    manual = Action(title="Revoir le contrat", description=COMMENT, owner_id=manager.id,
                    priority=ActionPriority.NORMAL, created_at=utcnow())
    db.session.add(manual)
    db.session.commit()
    ids = hidden.id, shown.id, manual.id
    number, entity_id, ticket_id = ticket.number, entity.id, ticket.id
    db.session.remove()

    upgrade(revision=REVISION)
    upgrade()  # and on to the head, for the tests that follow

    hidden, shown, manual = (db.session.get(Action, pk) for pk in ids)
    assert hidden.description == shown.description == FOLLOW_UP_DESCRIPTION
    assert (hidden.entity_id, hidden.ticket_id) == (None, None), "one answer names its author"
    assert hidden.title == "Donner suite à une réponse à l'enquête « Enquête annuelle »"
    assert shown.title == f"Rappeler un client mécontent : demande {number}"
    assert (shown.entity_id, shown.ticket_id) == (entity_id, ticket_id)
    assert manual.description == COMMENT, "actions raised by hand are left alone"
