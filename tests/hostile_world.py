"""The world of the hostile-input tests, built through the portal's real entry points.

Every form of the portal is read from its page and posted with each text field holding
``hostile(tag)``, and two hostile mails go through ``flask mailbox import``.
"""

import io

from sqlalchemy import select

from portal.enums import ClientType, EntityKind, Role
from portal.extensions import db, limiter
from portal.models import User
from portal.security import hash_password
from portal.timeutil import utcnow
from tests import hostile_payloads as hx
from tests.conftest import PASSWORD

HOURS = "08:30-12:00, 13:30-17:30"
SVG_FILE = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)'
            b'</script><title>&lt;img src=x onerror=alert(3)&gt;</title><path d="M0 0"/></svg>')
UPLOAD_NAME = f"../../{hx.IMG}{hx.RLO}gnp.exe\x00.pdf"


class World:
    """The people, their signed-in browsers, and what the forms created."""

    def __init__(self, app, tmp_path):
        self.app, self.tmp_path, self.tags = app, tmp_path, hx.Tags()
        self.hashed, self.browsers = hash_password(PASSWORD), []
        self.staff = self.user("staff@exemple.fr", Role.ADMIN, Role.RELATIONS_MANAGER,
                               Role.AGENT, Role.PRODUCT_LEAD)
        self.desk = self.browser(self.staff)

    def user(self, email: str, *roles: Role, entity=None) -> User:
        from portal.models import Entity

        entity = entity or db.session.scalar(select(Entity).limit(1)) or Entity(
            code="DSI", name="DSI", kind=EntityKind.DIRECTION, client_type=ClientType.BUSINESS)
        user = User(email=email, first_name="Camille", last_name="Testeur", entity=entity,
                    password_hash=self.hashed, created_at=utcnow())
        user.set_roles(set(roles))
        db.session.add(user)
        db.session.commit()
        return user

    def browser(self, user=None) -> hx.Browser:
        limiter.reset()
        self.browsers.append(browser := hx.Browser(self.app, self.tags, PASSWORD))
        return browser.login(user) if user else browser

    def last(self, model):
        return db.session.scalar(select(model).order_by(model.id.desc()).limit(1))


def build(world: World) -> World:
    """Push hostile text through every form, in the order a team would fill them."""
    from portal.models import Entity

    desk = world.desk
    desk.submit("/admin/calendriers/nouveau", "CalendarForm", timezone="Europe/Paris",
                day0=HOURS, day1=HOURS, day2=HOURS, day3=HOURS, day4=HOURS, day5="", day6="",
                closures="10/08/2026 - 14/08/2026 : @H")
    desk.submit("/entites/nouvelle", "EntityForm", code="HX-ENT")
    world.entity = db.session.scalar(select(Entity).where(Entity.code == "HX-ENT"))
    desk.submit(f"/entites/{world.entity.id}/interlocuteurs/nouveau", "ContactForm")
    world.contact = world.entity.contacts[0]
    world.requester = world.user("claire.martin@exemple.fr", Role.REQUESTER,
                                 entity=world.entity)
    desk.submit("/admin/utilisateurs/nouveau", "UserForm")
    desk.submit("/catalogue/familles/nouvelle", "FamilyForm", slug="hx-famille",
                icon="envelope", colour="#1f6feb", svg_file=(io.BytesIO(SVG_FILE), "p.svg"))
    desk.submit("/catalogue/nouveau-service", "ServiceForm", code="HX-SVC",
                **{f"links-{index}-url": "https://exemple.fr/" for index in range(3)})
    desk.post("/catalogue/service/HX-SVC/publier", {}, 302)
    desk.submit("/catalogue/actualites/nouvelle", "NewsForm")
    desk.submit("/catalogue/service/HX-SVC/abonnements", "SubscriptionForm")
    desk.submit("/demandes/modeles", "ReplyTemplateForm")
    desk.submit("/demandes/groupes", "TeamForm")
    desk.submit("/demandes/boites/nouvelle", "MailboxForm", kind="maildir",
                path=f"{world.app.config['MAILDIR']}/@H", unknown_sender="contact")
    for part in (_surveys, _committees, _tickets, _answer_survey, _import_mail):
        part(world)
    return world


def _surveys(world):
    from indicators.surveys.models import Survey

    desk = world.desk
    desk.submit("/enquetes/apres-demande", "PostRequestForm")
    desk.submit("/enquetes/campagnes/nouvelle", "CampaignForm", opens_at="2026-01-05T09:00",
                closes_at="", entity_ids=str(world.entity.id))
    new_question = f"/enquetes/{world.last(Survey).id}/questions/nouvelle"
    desk.submit(new_question, "QuestionForm", kind="single", code="", choices="@H\n@H")
    desk.submit(new_question, "QuestionForm", kind="rating", code="")
    desk.post(f"/enquetes/{world.last(Survey).id}/programmer", {}, 302)


def _committees(world):
    from committees.models import Action, Committee, Event, Meeting

    desk, client = world.desk, {"entity_id": str(world.entity.id),
                                "contact_ids": str(world.contact.id)}
    desk.submit("/comites/nouveau", "CommitteeForm", entity_ids=str(world.entity.id))
    committee = f"/comites/{world.last(Committee).id}"
    desk.submit(committee, "MemberForm", action=f"{committee}/membres")
    desk.submit(f"{committee}/reunions/nouvelle", "MeetingForm", duration_minutes="60")
    meeting = f"/comites/reunions/{world.last(Meeting).id}"
    desk.submit(meeting, "ParticipantForm", action=f"{meeting}/participants")
    desk.submit(f"{meeting}/compte-rendu", "MinutesForm")
    desk.submit(meeting, "ActionForm", action=f"{meeting}/actions", ticket_number="")
    action = f"/comites/actions/{world.last(Action).id}"
    desk.submit(action, "ActionStatusForm", action=f"{action}/etat")
    desk.submit("/comites/actions/nouvelle", "ActionForm", ticket_number="")
    desk.submit("/comites/evenements/nouveau", "EventForm")
    event = f"/comites/evenements/{world.last(Event).id}"
    desk.submit(event, "AttendeeForm", action=f"{event}/presents", **client)
    desk.submit("/comites/rencontres/nouvelle", "ClientMeetingForm", event_id="0", **client)
    desk.submit("/comites/projets/nouveau", "ProjectForm", entity_id=str(world.entity.id),
                sponsor_id=str(world.contact.id))


def _tickets(world):
    from tickets.models import Ticket

    requester, desk = world.browser(world.requester), world.desk
    world.client = requester
    requester.submit("/demandes/nouvelle/HX-SVC", "RequestForm", copies="chef@exemple.fr",
                     attachments=(io.BytesIO(b"<svg onload=alert(1)>"), UPLOAD_NAME))
    page = f"/demandes/{world.last(Ticket).number}"
    desk.submit(f"{page}/traiter", "ReplyForm", action=f"{page}/repondre", next_status="")
    desk.submit(f"{page}/traiter", "ReplyForm", action=f"{page}/repondre", internal=None,
                next_status="resolved")  # the public reply, after the internal note
    desk.submit(f"{page}/traiter", "WorkForm", action=f"{page}/classer", status="resolved")
    desk.submit(f"{page}/traiter", "MergeForm", action=f"{page}/fusionner", expect=422)
    desk.submit(f"{page}/traiter", "ParticipantForm", action=f"{page}/copie")
    desk.submit("/demandes/saisir", "DeskRequestForm")
    requester.submit(page, "RefuseForm", action=f"{page}/refuser")
    requester.submit(page, "RequesterReplyForm", action=f"{page}/message")
    # Refused (the current password is hostile), with the error next to the field.
    requester.submit("/compte/mot-de-passe", "ChangePasswordForm", expect=(200, 422))


def _answer_survey(world):
    from indicators.surveys.engine import run_invitations
    from indicators.surveys.models import Invitation
    from indicators.surveys.tokens import make_token
    from tests.indicators.test_survey_answers import ALWAYS_OPEN

    with world.app.test_request_context():
        run_invitations(utcnow(), ALWAYS_OPEN)
        db.session.commit()
        world.token = make_token(db.session.scalar(select(Invitation).where(
            Invitation.sent_at.is_not(None))))
    world.browser().submit(f"/enquetes/r/{world.token}", "SurveyAnswer", expect=200)


def _import_mail(world):
    for html in (True, False):
        path = world.tmp_path / f"hostile-{html}.eml"
        path.write_bytes(hx.hostile_mail("pirate@exemple.fr", world.tags, html))
        result = world.app.test_cli_runner().invoke(args=["mailbox", "import", "--json",
                                                          str(path)])
        assert '"outcome": "created"' in result.output, result.output
