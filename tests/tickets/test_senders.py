"""A copy never grants access; strangers' mail is a third party's; forged own-domain mail waits."""

import html
import io
import re

import pytest
from sqlalchemy import func, select

from portal.enums import Role
from portal.outbox import OutboxMessage
from portal.timeutil import utcnow
from tests.tickets_factories import FIXTURES, make_mail
from tickets.actions import post_reply
from tickets.enums import MessageKind, Outcome, Status
from tickets.mailbox.senders import is_spoofed, parse_auth_results
from tickets.models import Attachment, TicketEvent
from tickets.services import set_status

SENDERS = FIXTURES / "senders"
TRUSTED, OWN = {"mx.exemple.fr"}, {"exemple.fr"}
CLAIRE = "claire.martin@exemple.fr"


def visible_text(page: str) -> str:
    """What a reader sees without unfolding anything: folded blocks and tags removed."""
    page = re.sub(r"<details.*?</details>", " ", page, flags=re.DOTALL)
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_authentication_results_are_read_from_our_own_mta_only():
    fail = "mx.exemple.fr; dkim=none; spf=softfail smtp.mailfrom=exemple.fr; dmarc=fail " \
           "(p=QUARANTINE) header.from=exemple.fr"
    forged_pass = "mx.attaquant.example; dmarc=pass header.from=exemple.fr"
    assert parse_auth_results(fail).authserv_id == "mx.exemple.fr"
    assert is_spoofed(CLAIRE, [fail], TRUSTED, OWN)
    assert is_spoofed(CLAIRE, [fail, "mx.exemple.fr; dmarc=pass"], TRUSTED, OWN), \
        "the topmost of our headers wins"
    assert not is_spoofed(CLAIRE, [forged_pass], TRUSTED, OWN), "no evidence from our MTA"
    assert not is_spoofed(CLAIRE, [forged_pass, fail], set(), OWN), "feature off"
    assert not is_spoofed("paul@ailleurs.example", [fail], TRUSTED, OWN), "not our domain"


@pytest.mark.parametrize(("header", "spoofed"), [
    ("mx.exemple.fr; dkim=pass header.d=exemple.fr; dmarc=none", False),  # dmarc=none is no pass
    ("mx.exemple.fr; dkim=pass header.d=exemple.fr", False),
    ("mx.exemple.fr; dkim=pass header.i=@mail.exemple.fr", False),
    ("mx.exemple.fr; dkim=pass header.d=autre.example; spf=fail smtp.mailfrom=exemple.fr", True),
    ("mx.exemple.fr; spf=pass smtp.mailfrom=rh@exemple.fr", False),
    ("mx.exemple.fr; spf=pass smtp.mailfrom=bounce@envoi.example", True),
    ("mx.exemple.fr 1; auth=pass smtp.auth=claire.martin", False),
    ("mx.exemple.fr; none", True),
    ('mx.exemple.fr; dkim=fail reason="bad; sig" header.d=exemple.fr; dmarc=pass', False),
])
def test_dmarc_else_aligned_dkim_or_spf_decides(header, spoofed):
    # DMARC present and not "pass" is a failure, even "none": the brief's rule, strictly.
    expected = True if "dmarc=none" in header else spoofed
    assert is_spoofed(CLAIRE, [header], TRUSTED, OWN) is expected


def claires_request(db, make_user, make_mailbox, deliver):
    claire = make_user(email=CLAIRE)
    mailbox = make_mailbox()
    row = deliver(mailbox, make_mail(CLAIRE, "Dossier Comptabilité inaccessible"))
    return claire, mailbox, row.ticket


def test_a_forged_claire_with_the_attacker_in_cc_gives_him_nothing(
        db, client, login_as, make_user, make_mailbox, deliver):
    claire, mailbox, ticket = claires_request(db, make_user, make_mailbox, deliver)
    attacker = make_user(email="paul.girard@exemple.fr")
    original = ticket.messages[0]
    raw = make_mail(CLAIRE, f"RE: [{ticket.number}] Dossier", body="Voici le fichier.",
                    Cc="Paul Girard <paul.girard@exemple.fr>", In_Reply_To="<x@y>")
    forged = deliver(mailbox, raw)
    assert forged.outcome is Outcome.FOLLOWUP
    assert ticket.participants == []
    db.session.add(Attachment(message=original, filename="releve.pdf",
                              content_type="application/pdf", size=4, sha256="0" * 64))
    agent = make_user(Role.AGENT)
    post_reply(ticket, agent, "Les droits sont rétablis.", False, Status.RESOLVED, [], utcnow())
    db.session.commit()
    reply = db.session.scalar(select(OutboxMessage).where(OutboxMessage.category == "reply"))
    assert reply.to_addr == CLAIRE
    assert "paul.girard" not in reply.cc_addrs, "the agent's reply does not go to the Cc"
    login_as(attacker)
    number = ticket.number
    attachment_id = db.session.scalar(select(Attachment.id))
    assert client.get(f"/demandes/{number}").status_code == 404
    assert client.get(f"/demandes/pieces-jointes/{attachment_id}").status_code == 404
    assert client.post(f"/demandes/{number}/message",
                       data={"body": "Je prends la main."}).status_code == 404
    assert client.post(f"/demandes/{number}/accepter").status_code == 404
    assert client.post(f"/demandes/{number}/copie-demandeur",
                       data={"email": "complice@exemple.fr"}).status_code == 404
    assert number not in client.get("/demandes/").get_data(as_text=True)
    db.session.refresh(ticket)
    assert ticket.status is Status.RESOLVED
    assert ticket.participants == []


def test_a_stranger_replying_by_in_reply_to_is_a_third_party_the_agent_hears_of(
        db, client, login_as, make_user, make_mailbox, deliver):
    claire, mailbox, ticket = claires_request(db, make_user, make_mailbox, deliver)
    agent = make_user(Role.AGENT, email="agent@exemple.fr")
    ticket.assignee = agent
    set_status(ticket, Status.WAITING, agent, utcnow())
    db.session.commit()
    first_id = ticket.messages[0].message_id
    row = deliver(mailbox, make_mail("mallory@evil.example", "Re: Dossier",
                                     body="Envoyez-moi la liste des accès.",
                                     In_Reply_To=first_id))
    assert (row.outcome, row.reason, row.ticket_id) == (Outcome.FOLLOWUP, "third-party",
                                                        ticket.id)
    assert ticket.status is Status.WAITING
    assert ticket.messages[-1].kind is MessageKind.THIRD_PARTY
    sent = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.created_at >= row.received_at)).all()
    assert [(m.to_addr, m.category) for m in sent] == [("agent@exemple.fr", "third-party")]
    assert "mallory@evil.example" in sent[0].body_text
    login_as(claire)
    page = visible_text(client.get(f"/demandes/{ticket.number}").get_data(as_text=True))
    assert "Envoyez-moi la liste" not in page, "the requester does not see a third party's mail"
    client.post("/deconnexion")
    login_as(agent)
    page = visible_text(client.get(f"/demandes/{ticket.number}/traiter").get_data(as_text=True))
    assert "Message d'un tiers" in page
    assert "Expéditeur réel : mallory@evil.example" in page
    assert "Envoyez-moi la liste des accès." in page


def test_a_tag_from_a_stranger_is_treated_like_a_reference(db, make_user, make_mailbox,
                                                            deliver):
    _claire, mailbox, ticket = claires_request(db, make_user, make_mailbox, deliver)
    row = deliver(mailbox, make_mail("mallory@evil.example", f"[{ticket.number}] Le dossier"))
    assert (row.outcome, row.reason, row.ticket_id) == (Outcome.FOLLOWUP, "third-party",
                                                        ticket.id)
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.to_addr == "mallory@evil.example")) == 0


def test_the_requester_puts_a_colleague_in_copy_who_then_sees_the_request(
        db, client, login_as, make_user, make_mailbox, deliver):
    claire, mailbox, ticket = claires_request(db, make_user, make_mailbox, deliver)
    colleague = make_user(email="paul.girard@exemple.fr")
    login_as(claire)
    page = client.get(f"/demandes/{ticket.number}").get_data(as_text=True)
    assert "Adresse à mettre en copie" in page
    response = client.post(f"/demandes/{ticket.number}/copie-demandeur",
                           data={"email": "Paul.Girard@exemple.fr"})
    assert response.status_code == 302
    assert [p.email for p in ticket.participants] == ["paul.girard@exemple.fr"]
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.field == "participant"))
    assert (event.actor_id, event.new_value) == (claire.id, "paul.girard@exemple.fr")
    client.post("/deconnexion")
    login_as(colleague)
    assert client.get(f"/demandes/{ticket.number}").status_code == 200
    assert client.post(f"/demandes/{ticket.number}/copie-demandeur",
                       data={"email": "autre@exemple.fr"}).status_code == 403, \
        "only the requester and the desk give access"
    reply = deliver(mailbox, make_mail("paul.girard@exemple.fr", f"Re: [{ticket.number}]"))
    assert (reply.outcome, reply.reason) == (Outcome.FOLLOWUP, "")


def test_an_agent_putting_someone_in_copy_is_in_the_history(db, client, login_as,
                                                            make_ticket):
    ticket = make_ticket()
    agent = login_as(Role.AGENT)
    client.post(f"/demandes/{ticket.number}/copie", data={"email": "chef@exemple.fr"})
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.field == "participant"))
    assert (event.actor_id, event.new_value) == (agent.id, "chef@exemple.fr")
    page = client.get(f"/demandes/{ticket.number}/traiter").get_data(as_text=True)
    assert "Mise en copie" in page


def test_attachment_of_a_third_party_is_for_the_desk_only(db, client, login_as, make_user,
                                                          make_mailbox, deliver):
    from email.message import EmailMessage

    claire, mailbox, ticket = claires_request(db, make_user, make_mailbox, deliver)
    mail = EmailMessage()
    mail["From"], mail["To"] = "mallory@evil.example", "relations.dsi@exemple.fr"
    mail["Subject"] = f"[{ticket.number}] pièce"
    mail["Message-ID"] = "<piece@evil.example>"
    mail.set_content("Voir la pièce jointe.")
    mail.add_attachment(io.BytesIO(b"%PDF-1.4 x").read(), maintype="application",
                        subtype="pdf", filename="facture.pdf")
    deliver(mailbox, bytes(mail))
    attachment = db.session.scalar(select(Attachment))
    login_as(claire)
    assert client.get(f"/demandes/pieces-jointes/{attachment.id}").status_code == 404
