"""One small portal holding an object of every kind, owned by requester A and service X.

The authorisation tests sign in as each role and reach for these objects. Each text below is
written into one of them, so a test can tell whether a page leaked it to someone; snapshot()
tells whether a request changed anything in the database.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from catalog import services as catalog
from catalog.exports import KIND as CATALOGUE_PDF
from committees import relations
from committees import services as committees
from committees.actions import raise_action
from committees.enums import ActionPriority, Cadence, Channel, EventKind, Level, ProjectStatus
from indicators.models import FlowAlert
from indicators.surveys.answers import open_follow_up
from indicators.surveys.engine import add_default_questions
from indicators.surveys.enums import InvitationStatus, SurveyKind, SurveyStatus
from indicators.surveys.models import Answer, Invitation, Response, Survey
from indicators.surveys.tokens import invitation_key, make_token
from portal.calendars import default_business_calendar, save_calendar
from portal.enums import ClientType, ContactRole, EntityKind, ExportStatus, Priority, Role
from portal.exports import ExportJob, export_dir
from portal.extensions import db
from portal.models import Contact, Entity, LoginSession, User
from portal.security import hash_password
from portal.services import make_password_token
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tickets.actions import save_reply_template
from tickets.enums import Channel as TicketChannel
from tickets.enums import MailboxKind, MessageKind, Outcome, Status, UnknownSender
from tickets.mailbox.ingest import receive
from tickets.mailbox.models import Mailbox
from tickets.mailbox.parse import ParsedAttachment
from tickets.services import NewMessage, add_message, open_ticket, save_team, set_status

TICKET_SUBJECT = "Orion badge reader broken"
PUBLIC_REPLY = "Orion public reply: a technician comes on Tuesday"
INTERNAL_NOTE = "Orion internal note: the supplier is late"
NOTE_FILE = "orion-supplier-diagnostic.txt"
DRAFT_SUMMARY = "Orion draft: badges will be free next year"
RAW_MAIL = "Orion raw mail kept in quarantine"
SURVEY_COMMENT = "Orion survey comment: too slow"
MINUTES = "Orion minutes: budget approved"
ACTION_TITLE = "Orion action: renew the badge readers"
CLIENT_MEETING = "Orion client meeting at the fair"
PROJECT_TITLE = "Orion project: new access control"
# The security log records each refusal by design: the one table a refusal may write to.
# Written by reading too: the audit log, and the sign-in sessions' last use.
LOGGED = {"audit_events", "login_sessions"}


@dataclass
class World:
    """Ids and keys of the objects; emails maps each tested role to the account to sign in."""

    emails: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)


def build_world() -> World:
    """Create the objects, commit them and return their ids (needs an app context)."""
    now = utcnow()
    world = World()
    people = _people(world)
    owner = people["requester"]
    service, other_service = _catalogue(world, people, now)
    resolved = _requests(world, people, service, now)
    _mailbox(world, owner, now)
    _surveys(world, owner, service, resolved, now)
    _committees(world, people, service, now)
    _indicators_and_exports(world, owner, service, now)
    db.session.commit()
    db.session.remove()
    return world


def snapshot() -> dict[str, object]:
    """Every table's rows, read on a connection of its own: PostgreSQL digests them in one go."""
    names = [table.name for table in db.metadata.sorted_tables if table.name not in LOGGED]
    with db.engine.connect() as connection:
        quote = connection.dialect.identifier_preparer.quote
        if connection.dialect.name == "postgresql":
            digests = ", ".join(f"(SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM "
                                f"{quote(name)} AS t)" for name in names)
            return dict(zip(names, connection.execute(text(f"SELECT {digests}")).one(),
                            strict=True))
        cursor = connection.connection.cursor()  # the driver's own: SQLite reads are cheap
        return {name: sorted(map(repr, cursor.execute(f"SELECT * FROM {quote(name)}")))
                for name in names}


def _people(world: World) -> dict[str, User]:
    hashed = hash_password(PASSWORD)
    entities = {code: Entity(code=code, name=name, kind=EntityKind.DIRECTION,
                             client_type=ClientType.BUSINESS)
                for code, name in (("FIN", "Direction Financière"), ("EXP", "Direction Export"),
                                   ("DSI", "Direction des Systèmes d'Information"))}
    db.session.add_all(entities.values())
    accounts = {
        "requester": (Role.REQUESTER, "FIN"), "other_requester": (Role.REQUESTER, "EXP"),
        "agent": (Role.AGENT, "DSI"), "lead": (Role.PRODUCT_LEAD, "DSI"),
        "other_lead": (Role.PRODUCT_LEAD, "DSI"), "manager": (Role.RELATIONS_MANAGER, "DSI"),
        "admin": (Role.ADMIN, "DSI")}
    people = {}
    for key, (role, entity) in accounts.items():
        user = User(email=f"{key.replace('_', '.')}@exemple.fr", first_name="Camille",
                    last_name=key.replace("_", " ").title(), entity=entities[entity],
                    password_hash=hashed, created_at=utcnow())
        user.set_roles({role})
        db.session.add(user)
        people[key] = user
        world.emails[key] = user.email
    # The sponsor sits on the committee, met us and sponsors a project: the entity routes use
    # them, so deleting a contact still referred to is exercised; the other is free.
    sponsor, contact = (Contact(entity=entities["FIN"], first_name=first, last_name=last,
                                relation_role=role, email=f"{first}.{last}@exemple.fr".lower())
                        for first, last, role in (("Sophie", "Lemaire", ContactRole.SPONSOR),
                                                  ("Marc", "Durand", ContactRole.KEY_USER)))
    db.session.add_all([sponsor, contact])
    db.session.flush()
    world.ids |= {f"{key}_id": user.id for key, user in people.items()}
    world.ids |= {"entity_id": entities["FIN"].id, "other_entity_id": entities["EXP"].id,
                  "sponsor_id": sponsor.id, "contact_id": sponsor.id,
                  "free_contact_id": contact.id}
    world.keys["password_token"] = make_password_token(people["requester"])
    other_browser = LoginSession(user_id=people["requester"].id, token_hash="0" * 64,
                                 created_at=utcnow(), last_seen_at=utcnow(), remember=True)
    db.session.add(other_browser)
    db.session.flush()
    world.ids["login_session_id"] = other_browser.id
    return people


def _catalogue(world: World, people: dict[str, User], now):
    family = catalog.save_family(None, {"name": "Poste de travail", "slug": "poste",
                                        "icon": "laptop", "colour": "#1f6feb"}, None)
    made = []
    for code, name, lead in (("BADGE", "Badges et accès", "lead"),
                             ("PRINT", "Impression", "other_lead")):
        service = catalog.save_sheet(None, {"code": code, "name": name, "family_id": family.id,
                                            "summary": f"{name} pour tous.", "lifecycle": "live",
                                            "owner_id": people[lead].id},
                                     actor=people[lead], now=now,
                                     commitments={Priority.NORMAL: (240, 960)})
        catalog.publish_sheet(service, people[lead], now)
        made.append(service)
    service, other_service = made
    catalog.save_sheet(service, {"summary": DRAFT_SUMMARY}, actor=people["lead"], now=now)
    fin, exp = (people[key].entity for key in ("requester", "other_requester"))
    subscription = catalog.add_subscription(service, fin, date(2025, 1, 1))
    catalog.add_subscription(other_service, exp, date(2025, 1, 1))
    news = catalog.save_news(None, {"title": "Nouveaux badges", "body": "Dès lundi.",
                                    "service_id": service.id, "publish": True},
                             people["manager"], now)
    week = {day: [("08:30", "12:00"), ("13:30", "17:30")] for day in range(5)}
    calendar = save_calendar(None, name="Paris", timezone="Europe/Paris", alsace_moselle=False,
                             is_default=True, week=week, closures=[], now=now)
    world.ids |= {"family_id": family.id, "subscription_id": subscription.id,
                  "news_id": news.id, "calendar_id": calendar.id}
    world.keys |= {"family_slug": family.slug, "service_code": service.code,
                   "other_service_code": other_service.code}
    return service, other_service


def _requests(world: World, people: dict[str, User], service, now):
    owner, agent = people["requester"], people["agent"]

    def opened(subject: str):
        return open_ticket(subject=subject, now=now, channel=TicketChannel.PORTAL,
                           requester=owner, service_id=service.id,
                           message=NewMessage(body_text="Bonjour,", from_addr=owner.email,
                                              from_name=owner.full_name))

    ticket = opened(TICKET_SUBJECT)
    reply = add_message(ticket, MessageKind.REPLY, NewMessage(body_text=PUBLIC_REPLY, attachments=[
        ParsedAttachment("devis.pdf", "application/pdf", b"%PDF-1.4 devis")]), now, author=agent)
    note = add_message(ticket, MessageKind.NOTE, NewMessage(body_text=INTERNAL_NOTE, attachments=[
        ParsedAttachment(NOTE_FILE, "text/plain", INTERNAL_NOTE.encode())]), now,
        author=agent)
    resolved = opened("Écran qui clignote")
    set_status(resolved, Status.RESOLVED, agent, now)
    template = save_reply_template(None, "Accusé de réception", "Bonjour {demandeur},")
    team = save_team(None, "Niveau 1", agent.id, [agent.id])
    db.session.flush()
    world.ids |= {"public_attachment_id": reply.attachments[0].id,
                  "note_attachment_id": note.attachments[0].id,
                  "template_id": template.id, "team_id": team.id}
    world.keys |= {"ticket_number": ticket.number, "resolved_number": resolved.number}
    return resolved


def _mailbox(world: World, owner: User, now) -> None:
    path = str(Path(current_app.config["VAR_DIR"]) / "security-world-mailbox")
    mailbox = Mailbox(name="Relations DSI", kind=MailboxKind.MAILDIR, path=path,
                      address="relations.dsi@exemple.fr", unknown_sender=UnknownSender.CONTACT)
    db.session.add(mailbox)
    db.session.flush()
    mail = EmailMessage()
    mail["From"], mail["To"] = owner.email, mailbox.address
    mail["Subject"], mail["Message-ID"] = RAW_MAIL, f"<{secrets.token_hex(8)}@exemple.fr>"
    mail.set_content(f"{RAW_MAIL}\n")
    inbound, _new = receive(mailbox, bytes(mail), now)
    inbound.outcome, inbound.reason, inbound.processed_at = Outcome.QUARANTINED, "bulk", now
    inbound.from_addr, inbound.subject = owner.email, RAW_MAIL
    world.ids |= {"mailbox_id": mailbox.id, "inbound_id": inbound.id}


def _survey(kind: SurveyKind, status: SurveyStatus, title: str, now) -> Survey:
    survey = Survey(kind=kind, title=title, status=status, opens_at=now - timedelta(days=30),
                    created_at=now - timedelta(days=30))
    add_default_questions(survey)
    db.session.add(survey)
    db.session.flush()
    return survey


def _surveys(world: World, owner: User, service, resolved, now) -> None:
    after_request = _survey(SurveyKind.POST_REQUEST, SurveyStatus.OPEN, "Après demande", now)
    answered = Invitation(survey=after_request, user_id=owner.id, email=owner.email,
                          entity_id=owner.entity_id, ticket_id=resolved.id,
                          nonce=secrets.token_hex(16), status=InvitationStatus.ANSWERED,
                          sent_at=now, answered_at=now)
    db.session.add(answered)
    db.session.flush()
    codes = {question.code: question.id for question in after_request.questions}
    unhappy = Response(
        survey_id=after_request.id, invitation_key=invitation_key(answered), user_id=owner.id,
        entity_id=owner.entity_id, segment=owner.entity.segment,
        client_type=owner.entity.client_type, service_id=service.id,
        family_id=service.family_id, ticket_id=resolved.id, submitted_at=now,
        answers=[Answer(question_id=codes["satisfaction"], score=2),
                 Answer(question_id=codes["commentaire"], text=SURVEY_COMMENT)])
    db.session.add(unhappy)
    campaign = _survey(SurveyKind.ANNUAL, SurveyStatus.OPEN, "Enquête annuelle", now)
    waiting = Invitation(survey=campaign, user_id=owner.id, email=owner.email,
                         entity_id=owner.entity_id, nonce=secrets.token_hex(16),
                         status=InvitationStatus.SENT, sent_at=now,
                         expires_at=now + timedelta(days=15))
    db.session.add(waiting)
    draft = _survey(SurveyKind.CATALOGUE, SurveyStatus.DRAFT, "Enquête catalogue", now)
    db.session.flush()
    world.ids |= {"survey_id": after_request.id, "campaign_id": campaign.id,
                  "response_id": unhappy.id,
                  "draft_id": draft.id, "question_id": draft.questions[0].id,
                  "invitation_id": waiting.id}
    world.keys["survey_token"] = make_token(waiting)


def _committees(world: World, people: dict[str, User], service, now) -> None:
    entity = people["requester"].entity
    contact = db.session.get(Contact, world.ids["sponsor_id"])
    committee = committees.save_committee(None, {
        "name": "Comité Finances", "level": Level.TACTICAL, "cadence": Cadence.QUARTERLY,
        "purpose": "", "default_location": "Salle 12", "is_active": True}, [entity.id])
    member = committees.add_member(committee, contact=contact, role="Présidente")
    meeting = committees.plan_meeting(committee, {
        "starts_at": now - timedelta(days=7), "duration_minutes": 60, "location": "Salle 12",
        "agenda": "Bilan"})
    committees.record_minutes(meeting, minutes=MINUTES, decisions="Aucune", published=True,
                              attendance={}, now=now)
    action = raise_action({"title": ACTION_TITLE, "owner_id": people["lead"].id,
                           "due_on": now.date() + timedelta(days=30),
                           "priority": ActionPriority.NORMAL, "entity_id": entity.id,
                           "service_id": service.id}, people["manager"], now,
                          default_business_calendar(), meeting=meeting)
    event = relations.save_event(None, {"name": "Salon des services", "kind": EventKind.FAIR,
                                        "held_on": now.date(), "location": "Hall",
                                        "description": ""}, now)
    attendance = relations.save_client_meeting(None, {
        "entity_id": entity.id, "met_on": now.date(), "channel": Channel.EVENT,
        "subject": CLIENT_MEETING, "summary": "", "follow_up": "", "event_id": event.id},
        [contact.id], people["manager"], now)
    project = relations.save_project(None, {
        "entity_id": entity.id, "title": PROJECT_TITLE, "description": "",
        "status": ProjectStatus.IDEA, "raised_on": now.date(), "signed_on": None,
        "closed_on": None, "owner_id": people["lead"].id, "sponsor_id": contact.id},
        [service.id], now)
    # The unhappy post-request answer's follow-up: seen by those who may read the answer only.
    follow_up = open_follow_up(db.session.get(Response, world.ids["response_id"]), now)
    world.ids |= {"committee_id": committee.id, "member_id": member.id,
                  "survey_action_id": follow_up.id,
                  "meeting_id": meeting.id, "action_id": action.id, "event_id": event.id,
                  "client_meeting_id": attendance.id, "project_id": project.id}


def _indicators_and_exports(world: World, owner: User, service, now) -> None:
    alert = FlowAlert(kind="rise", period_start=date(2026, 11, 1), period_end=date(2026, 11, 30),
                      entity_id=owner.entity_id, service_id=service.id, previous=4, current=12)
    job = ExportJob(kind=CATALOGUE_PDF, user=owner, params={}, status=ExportStatus.DONE,
                    filename="catalogue.pdf", content_type="application/pdf", created_at=now,
                    finished_at=now)
    db.session.add_all([alert, job])
    db.session.flush()
    job.stored_as = f"{job.id}-{secrets.token_hex(8)}"
    (export_dir() / job.stored_as).write_bytes(b"%PDF-1.4 catalogue")
    world.ids |= {"alert_id": alert.id, "export_id": job.id}
