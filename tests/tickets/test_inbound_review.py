"""Nothing set aside without a trace: the list to review, its filters, and recovery by hand."""

import html
import re
from datetime import timedelta

from sqlalchemy import select

from portal.enums import Role
from portal.outbox import OutboxMessage
from portal.timeutil import utcnow
from tests.tickets_factories import make_mail
from tickets.enums import Outcome, reason_label
from tickets.models import TicketEvent


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(page).split())


def setting_aside(db, make_user, make_mailbox, deliver):
    """A person's mail ignored, a machine's mail ignored, and one quarantined."""
    make_user(email="claire.martin@exemple.fr")
    mailbox = make_mailbox()
    # Sent to a distribution list the mailbox belongs to, not to the mailbox itself.
    person = deliver(mailbox, make_mail(
        "claire.martin@exemple.fr", "Imprimante en panne", Precedence="list",
        List_Id="<tous.exemple.fr>").replace(b"To: relations.dsi@exemple.fr",
                                             b"To: tous@exemple.fr"))
    machine = deliver(mailbox, make_mail("news@lettre.example", "Nos offres", Precedence="bulk"))
    forged = deliver(mailbox, make_mail(
        "direction@exemple.fr", "Mot de passe du directeur",
        Authentication_Results="mx.exemple.fr; dmarc=fail header.from=exemple.fr"))
    assert person.outcome is machine.outcome is Outcome.IGNORED
    assert (forged.outcome, forged.reason) == (Outcome.QUARANTINED, "spoofed")
    return mailbox, person, machine, forged


def test_the_list_opens_on_what_to_review_with_reasons_in_french(
        db, client, login_as, make_user, make_mailbox, deliver):
    _mailbox, person, machine, forged = setting_aside(db, make_user, make_mailbox, deliver)
    login_as(Role.RELATIONS_MANAGER)
    page = text_of(client.get("/demandes/courriels"))
    assert "Imprimante en panne" in page, "a person's ignored mail is to review"
    assert "Mot de passe du directeur" in page
    assert "Usurpation probable de l'expéditeur" in page
    assert "Envoi en nombre ou liste de diffusion" in page
    assert "Nos offres" not in page, "a machine's mail is not to review by default"
    everything = text_of(client.get("/demandes/courriels?resultat=ecartes"))
    assert "Nos offres" in everything, "yet it stays listed with its reason"


def test_filters_by_reason_sender_and_dates(db, client, login_as, make_user, make_mailbox,
                                            deliver):
    setting_aside(db, make_user, make_mailbox, deliver)
    login_as(Role.RELATIONS_MANAGER)
    by_reason = text_of(client.get("/demandes/courriels?resultat=all&motif=spoofed"))
    assert "Mot de passe du directeur" in by_reason
    assert "Imprimante en panne" not in by_reason
    by_sender = text_of(client.get("/demandes/courriels?resultat=all&expediteur=NEWS@"))
    assert "Nos offres" in by_sender
    assert "Imprimante en panne" not in by_sender
    today = utcnow().date()
    later = (today + timedelta(days=2)).isoformat()
    assert "Nos offres" not in text_of(client.get(
        f"/demandes/courriels?resultat=all&du={later}"))
    assert "Nos offres" in text_of(client.get(
        f"/demandes/courriels?resultat=all&du={today - timedelta(days=1)}&au={later}"))
    assert client.get("/demandes/courriels?du=pas-une-date").status_code == 200


def test_a_person_s_mail_becomes_a_request_in_one_click(db, client, login_as, make_user,
                                                        make_mailbox, deliver):
    _mailbox, person, _machine, _forged = setting_aside(db, make_user, make_mailbox, deliver)
    manager = login_as(Role.RELATIONS_MANAGER)
    response = client.post(f"/demandes/courriels/{person.id}/creer-demande")
    assert response.status_code == 302
    db.session.refresh(person)
    ticket = person.ticket
    assert (person.outcome, person.reason) == (Outcome.CREATED, "recovered:bulk")
    assert ticket.requester_email == "claire.martin@exemple.fr"
    assert ticket.subject == "Imprimante en panne"
    ack = db.session.scalar(select(OutboxMessage).where(OutboxMessage.category == "ack"))
    assert ack.to_addr == "claire.martin@exemple.fr"
    event = db.session.scalar(select(TicketEvent).where(TicketEvent.field == "recovered"))
    assert event.actor_id == manager.id
    assert "Envoi en nombre" in event.new_value
    shown = text_of(client.get(f"/demandes/courriels/{person.id}"))
    assert "Récupéré (Envoi en nombre ou liste de diffusion)" in shown
    again = client.post(f"/demandes/courriels/{person.id}/creer-demande")
    assert again.status_code == 302
    assert db.session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.category == "ack", OutboxMessage.id != ack.id)) is None


def test_a_machine_s_mail_recovered_gets_no_acknowledgment(db, client, login_as, make_user,
                                                           make_mailbox, deliver):
    _mailbox, _person, machine, _forged = setting_aside(db, make_user, make_mailbox, deliver)
    login_as(Role.RELATIONS_MANAGER)
    client.post(f"/demandes/courriels/{machine.id}/creer-demande")
    db.session.refresh(machine)
    assert machine.outcome is Outcome.CREATED
    assert db.session.scalar(select(OutboxMessage.id)) is None


def test_a_mail_is_attached_to_the_request_chosen_by_number(
        db, client, login_as, make_user, make_mailbox, make_ticket, deliver):
    _mailbox, _person, _machine, forged = setting_aside(db, make_user, make_mailbox, deliver)
    ticket = make_ticket()
    login_as(Role.RELATIONS_MANAGER)
    wrong = client.post(f"/demandes/courriels/{forged.id}/rattacher",
                        data={"target": "DSI-1999-00001"})
    assert wrong.status_code == 422
    assert "Aucune demande ne porte ce numéro." in wrong.get_data(as_text=True)
    response = client.post(f"/demandes/courriels/{forged.id}/rattacher",
                           data={"target": ticket.number.lower()})
    assert response.status_code == 302
    db.session.refresh(forged)
    assert (forged.outcome, forged.reason, forged.ticket_id) == (
        Outcome.FOLLOWUP, "recovered:spoofed", ticket.id)
    assert ticket.messages[-1].subject == "Mot de passe du directeur"
    assert db.session.scalar(select(TicketEvent).where(TicketEvent.field == "recovered"))


def test_the_home_page_counts_what_people_of_the_directory_sent(
        db, client, login_as, make_user, make_mailbox, deliver):
    setting_aside(db, make_user, make_mailbox, deliver)
    login_as(Role.RELATIONS_MANAGER)
    page = text_of(client.get("/"))
    # Claire's ignored mail only: the forged sender and the newsletter are in no directory.
    assert "1 courriel d'une personne de l'annuaire à revoir" in page
    assert 'href="/demandes/courriels?resultat=a-revoir"' in client.get("/").get_data(
        as_text=True)


def test_every_reason_reads_in_french_even_one_added_later():
    assert reason_label("spoofed") == "Usurpation probable de l'expéditeur"
    assert reason_label("third-party") == "Message d'un tiers"
    assert reason_label("recovered:loop") == "Récupéré (Boucle de messagerie)"
    assert reason_label("nouveau-motif") == "Autre motif (nouveau-motif)"
    assert reason_label("") == ""


def test_a_mail_left_as_it_is_leaves_the_list_to_review_and_the_home_count(
        db, client, login_as, make_user, make_mailbox, deliver):
    _mailbox, person, _machine, _forged = setting_aside(db, make_user, make_mailbox, deliver)
    manager = login_as(Role.RELATIONS_MANAGER)
    assert "1 courriel d'une personne de l'annuaire à revoir" in text_of(client.get("/"))
    assert "Rien à faire" in text_of(client.get(f"/demandes/courriels/{person.id}"))
    response = client.post(f"/demandes/courriels/{person.id}/vu")
    assert response.status_code == 302
    db.session.refresh(person)
    assert (person.reviewed_by_id, person.outcome) == (manager.id, Outcome.IGNORED)
    assert "Imprimante en panne" not in text_of(client.get("/demandes/courriels"))
    assert "de l'annuaire à revoir" not in text_of(client.get("/"))
    assert "Imprimante en panne" in text_of(client.get("/demandes/courriels?resultat=ecartes"))
    shown = text_of(client.get(f"/demandes/courriels/{person.id}"))
    assert "Laissé tel quel par" in shown
    assert "Rien à faire" not in shown
