"""Replies join their request; strangers, machines and old requests do not reopen anything."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.outbox import OutboxMessage, build_email
from portal.timeutil import utcnow
from tests.tickets_factories import fixture_mail, make_mail
from tickets.enums import MessageKind, Outcome, Status
from tickets.history import plain_due
from tickets.models import Ticket


def open_by_mail(mailbox, deliver, sender="claire.martin@exemple.fr", now=None):
    row = deliver(mailbox, make_mail(sender), now)
    return row.ticket, row


def ack_of(db, ticket) -> OutboxMessage:
    return db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.category == "ack", OutboxMessage.subject.contains(ticket.number)))


def test_acknowledgment_carries_number_link_delay_and_threading_headers(
        db, make_mailbox, make_service, deliver):
    service = make_service("Messagerie Outlook")
    ticket, row = open_by_mail(make_mailbox(default_service_id=service.id), deliver)
    ack = ack_of(db, ticket)
    assert ack.to_addr == "claire.martin@exemple.fr"
    assert f"[{ticket.number}]" in ack.subject
    assert f"http://portail.test/demandes/{ticket.number}" in ack.body_text
    assert f"au plus tard {plain_due(ticket.take_charge_due_at)}" in ack.body_text
    assert f"au plus tard {plain_due(ticket.resolve_due_at)}" in ack.body_text
    assert "16 h ouvrées" in ack.body_text
    assert ack.in_reply_to == row.message_id
    assert ack.auto_submitted == "auto-replied"
    email = bytes(build_email(ack, "Relations DSI <relations.dsi@exemple.fr>", "portail-dsi"))
    assert b"\nX-Loop: portail-dsi" in email
    assert b"\nAuto-Submitted: auto-replied" in email


def test_reply_with_the_tag_joins_the_request(db, make_mailbox, deliver):
    mailbox = make_mailbox()
    ticket, _row = open_by_mail(mailbox, deliver)
    reply = deliver(mailbox, make_mail(subject=f"RE: [{ticket.number}] Accès VPN",
                                       body="Toujours bloquée."))
    assert (reply.outcome, reply.ticket_id) == (Outcome.FOLLOWUP, ticket.id)
    assert [m.kind for m in ticket.messages] == [MessageKind.INBOUND, MessageKind.INBOUND]
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1, "no second ack"


def test_reply_with_in_reply_to_only_or_references_only_joins_the_request(
        db, make_mailbox, deliver):
    mailbox = make_mailbox()
    ticket, _row = open_by_mail(mailbox, deliver)
    ack_id = ack_of(db, ticket).message_id
    by_reply = deliver(mailbox, make_mail(subject="Re: sans tag", In_Reply_To=ack_id))
    by_refs = deliver(mailbox, make_mail(subject="Re: sans tag 2",
                                         References=f"<autre@x.example> {ack_id}"))
    assert by_reply.ticket_id == by_refs.ticket_id == ticket.id
    assert by_reply.outcome is by_refs.outcome is Outcome.FOLLOWUP


def test_a_stranger_quoting_a_tag_is_a_third_party_message_and_learns_nothing(
        db, make_mailbox, deliver):
    mailbox = make_mailbox()
    ticket, _row = open_by_mail(mailbox, deliver)
    intruder = deliver(mailbox, make_mail("mallory@evil.example",
                                          f"[{ticket.number}] Donnez-moi le dossier"))
    assert (intruder.outcome, intruder.reason) == (Outcome.FOLLOWUP, "third-party")
    assert [m.kind for m in ticket.messages] == [MessageKind.INBOUND, MessageKind.THIRD_PARTY]
    assert ticket.status is Status.NEW
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.to_addr == "mallory@evil.example")) == 0


def test_reply_to_a_resolved_request_reopens_it(db, make_mailbox, deliver):
    mailbox = make_mailbox()
    ticket, _row = open_by_mail(mailbox, deliver)
    ticket.status = Status.RESOLVED
    db.session.commit()
    reply = deliver(mailbox, make_mail(subject=f"Re: [{ticket.number}] ça ne marche pas"))
    assert (reply.outcome, reply.reason) == (Outcome.FOLLOWUP, "reopened")
    assert ticket.status is Status.NEW
    assert ticket.reopen_count == 1


def test_reply_long_after_closing_opens_a_new_linked_request(db, make_mailbox, deliver):
    mailbox = make_mailbox()
    ticket, _row = open_by_mail(mailbox, deliver)
    ticket.status, ticket.closed_at = Status.CLOSED, utcnow() - timedelta(days=60)
    db.session.commit()
    reply = deliver(mailbox, make_mail(subject=f"Re: [{ticket.number}] encore"))
    assert (reply.outcome, reply.reason) == (Outcome.CREATED, "linked")
    assert reply.ticket.parent == ticket
    assert ticket.status is Status.CLOSED


def test_an_out_of_office_never_reopens_nor_answers(db, make_mailbox, deliver):
    mailbox = make_mailbox()
    ticket, _row = open_by_mail(mailbox, deliver)
    ticket.status = Status.WAITING
    db.session.commit()
    ooo = deliver(mailbox, make_mail(subject=f"Réponse automatique : [{ticket.number}]",
                                     Auto_Submitted="auto-replied",
                                     In_Reply_To=ack_of(db, ticket).message_id))
    assert (ooo.outcome, ooo.reason) == (Outcome.IGNORED, "auto-reply")
    assert ticket.status is Status.WAITING
    assert len(ticket.messages) == 1
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_our_own_acknowledgment_coming_back_is_a_loop(db, make_mailbox, deliver):
    mailbox = make_mailbox()
    ticket, _row = open_by_mail(mailbox, deliver)
    ack = ack_of(db, ticket)
    bounced_back = bytes(build_email(ack, "relations.dsi@exemple.fr", "portail-dsi"))
    row = deliver(mailbox, bounced_back)
    assert (row.outcome, row.reason) == (Outcome.IGNORED, "loop")


def test_copies_of_a_mail_are_shown_on_the_message_but_grant_nothing(
        db, make_mailbox, deliver):
    row = deliver(make_mailbox(), make_mail(
        Cc="Chef <chef@exemple.fr>, Relations DSI <relations.dsi@exemple.fr>"))
    assert row.ticket.participants == []
    assert "chef@exemple.fr" in row.ticket.messages[0].cc_addrs


def test_no_header_injection_reaches_an_outgoing_mail(db, make_mailbox, deliver):
    row = deliver(make_mailbox(), fixture_mail("subject-crlf-bcc-injection.eml"))
    ack = ack_of(db, row.ticket)
    raw = bytes(build_email(ack, "Relations DSI <relations.dsi@exemple.fr>", "portail-dsi"))
    head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    names = [line.split(b":", 1)[0].lower() for line in head.split(b"\n")
             if line and not line[:1].isspace()]
    assert b"bcc" not in names
    assert names.count(b"subject") == 1
    assert names.count(b"to") == 1


def test_numbers_follow_each_other_within_the_year(db, make_ticket):
    first, second = make_ticket(), make_ticket()
    year = utcnow().year
    assert (first.number, second.number) == (f"DSI-{year}-00001", f"DSI-{year}-00002")
    assert db.session.scalar(select(func.count(Ticket.id))) == 2


def test_a_forged_notice_id_threads_nowhere(db, make_mailbox, deliver):
    mailbox = make_mailbox()
    ticket, _row = open_by_mail(mailbox, deliver)
    genuine = ack_of(db, ticket).message_id
    number, rand, _sig, _domain = genuine.strip("<>").replace("@", ".", 1).split(".", 3)
    forged = f"<{number}.{rand}.{'0' * 20}@portail.exemple.fr>"
    row = deliver(mailbox, make_mail("mallory@evil.example", "Re: suite", In_Reply_To=forged))
    assert row.outcome is Outcome.CREATED
    assert row.ticket_id != ticket.id


def test_a_no_reply_sender_gets_a_request_but_no_acknowledgment(db, make_mailbox, deliver):
    row = deliver(make_mailbox(), make_mail("Supervision <no-reply@supervision.exemple.fr>",
                                            "Alerte : disque plein sur SRV-FIC-02"))
    assert row.outcome is Outcome.CREATED
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
