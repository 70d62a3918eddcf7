"""The request pages: who sees what, what each action changes, and clear errors."""

import io

import pytest
from sqlalchemy import select

from portal.enums import Priority, Role
from portal.outbox import OutboxMessage
from tests.tickets_factories import fixture_mail
from tickets.enums import Level, MessageKind, Status, TicketType
from tickets.mailbox.models import InboundMessage, Mailbox
from tickets.models import Attachment, ReplyTemplate, Ticket


def test_requester_submits_from_a_service_sheet_and_gets_an_acknowledgment(
        client, db, login_as, make_service):
    service = make_service("Messagerie Outlook", code="COL-MAIL")
    user = login_as(Role.REQUESTER)
    response = client.post(f"/demandes/nouvelle/{service.code}", data={
        "subject": "Boîte pleine", "description": "Je ne reçois plus rien.",
        "urgency": "high", "impact": "medium", "copies": "chef@exemple.fr",
        "attachments": (io.BytesIO(b"%PDF-1.4 test"), "capture.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket))
    assert (ticket.service, ticket.requester, ticket.priority) == (service, user, Priority.HIGH)
    assert [p.email for p in ticket.participants] == ["chef@exemple.fr"]
    assert ticket.messages[0].attachments[0].filename == "capture.pdf"
    ack = db.session.scalar(select(OutboxMessage))
    assert ack.category == "ack"
    assert ticket.number in ack.subject
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ticket.number in page
    assert "Boîte pleine" in page


def test_an_empty_request_form_says_what_is_missing_in_french(client, login_as, make_service):
    service = make_service()
    login_as(Role.REQUESTER)
    page = client.post(f"/demandes/nouvelle/{service.code}", data={}).get_data(as_text=True)
    assert "Ce champ est obligatoire." in page


def test_others_cannot_see_a_request_but_the_entity_can_except_complaints(
        client, db, login_as, make_user, make_ticket, make_entity):
    owner = make_user()
    ticket = make_ticket(requester=owner)
    complaint = make_ticket(requester=owner, subject="Réclamation", type_=TicketType.COMPLAINT)
    colleague = make_user(entity=owner.entity)
    login_as(make_user(entity=make_entity()))
    assert client.get(f"/demandes/{ticket.number}").status_code == 404
    client.post("/deconnexion")
    login_as(colleague)
    assert client.get(f"/demandes/{ticket.number}").status_code == 200
    assert client.get(f"/demandes/{complaint.number}").status_code == 404
    assert client.post(f"/demandes/{ticket.number}/message",
                       data={"body": "moi aussi"}).status_code == 403


def test_internal_notes_and_their_files_stay_with_the_desk(client, db, login_as, make_user,
                                                          make_ticket):
    from tickets.attachments import store_attachments
    from tickets.mailbox.parse import ParsedAttachment
    from tickets.services import NewMessage, add_message

    requester = make_user()
    ticket = make_ticket(requester=requester)
    agent = make_user(Role.AGENT)
    note = add_message(ticket, MessageKind.NOTE, NewMessage(body_text="Voir avec l'éditeur"),
                       ticket.created_at, author=agent)
    store_attachments(note, [ParsedAttachment("diagnostic.txt", "text/plain", b"secret")])
    db.session.commit()
    attachment = db.session.scalar(select(Attachment))
    login_as(requester)
    page = client.get(f"/demandes/{ticket.number}").get_data(as_text=True)
    assert "Voir avec l'éditeur" not in page
    assert client.get(f"/demandes/pieces-jointes/{attachment.id}").status_code == 404
    client.post("/deconnexion")
    login_as(agent)
    with client.get(f"/demandes/pieces-jointes/{attachment.id}") as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.data == b"secret"


def test_agent_classifies_assigns_and_every_change_is_in_the_history(
        client, db, login_as, make_ticket, make_service):
    service = make_service()
    ticket = make_ticket()
    agent = login_as(Role.AGENT)
    response = client.post(f"/demandes/{ticket.number}/classer", data={
        "service_id": str(service.id), "type": "complex", "urgency": "high", "impact": "high",
        "response_type": "phone", "status": "in_progress", "assignee_id": str(agent.id),
        "team_id": ""})
    assert response.status_code == 302
    db.session.refresh(ticket)
    assert (ticket.priority, ticket.assignee, ticket.status) == (
        Priority.CRITICAL, agent, Status.IN_PROGRESS)
    fields = {event.field for event in ticket.events}
    assert {"service", "type", "urgency", "impact", "priority", "response_type", "assignee",
            "status"} <= fields
    page = client.get(f"/demandes/{ticket.number}/traiter").get_data(as_text=True)
    assert "P1 – Critique" in page
    assert "Appel téléphonique" in page


def test_public_reply_is_mailed_threaded_and_a_note_is_not(client, db, login_as, make_ticket):
    ticket = make_ticket()
    login_as(Role.AGENT)
    client.post(f"/demandes/{ticket.number}/repondre",
                data={"body": "Pouvez-vous redémarrer ?", "next_status": "waiting"})
    client.post(f"/demandes/{ticket.number}/repondre",
                data={"body": "Appel prévu demain", "internal": "y", "next_status": ""})
    replies = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.category == "reply")).all()
    assert len(replies) == 1
    assert replies[0].subject == f"[{ticket.number}] Re : {ticket.subject}"
    assert "Pouvez-vous redémarrer ?" in replies[0].body_text
    db.session.refresh(ticket)
    assert ticket.status is Status.WAITING
    assert [m.kind for m in ticket.messages] == [MessageKind.INBOUND, MessageKind.REPLY,
                                                 MessageKind.NOTE]


def test_requester_refuses_then_accepts_the_resolution(client, db, login_as, make_user,
                                                       make_ticket):
    requester = make_user()
    ticket = make_ticket(requester=requester)
    ticket.status = Status.RESOLVED
    db.session.commit()
    login_as(requester)
    assert client.post(f"/demandes/{ticket.number}/refuser", data={}).status_code == 422
    client.post(f"/demandes/{ticket.number}/refuser", data={"reason": "Toujours en panne"})
    db.session.refresh(ticket)
    assert ticket.status is Status.NEW
    assert ticket.reopen_count == 1
    assert client.post(f"/demandes/{ticket.number}/accepter").status_code == 403
    ticket.status = Status.RESOLVED
    db.session.commit()
    client.post(f"/demandes/{ticket.number}/accepter")
    db.session.refresh(ticket)
    assert ticket.status is Status.CLOSED
    assert ticket.closed_at is not None


def test_merging_a_duplicate_moves_its_messages_and_closes_it(client, db, login_as,
                                                             make_ticket):
    keep, duplicate = make_ticket(subject="VPN"), make_ticket(subject="VPN encore")
    login_as(Role.AGENT)
    bad = client.post(f"/demandes/{duplicate.number}/fusionner", data={"target": "DSI-0-0"})
    assert bad.status_code == 422
    assert "Aucune autre demande" in bad.get_data(as_text=True)
    client.post(f"/demandes/{duplicate.number}/fusionner", data={"target": keep.number})
    db.session.refresh(duplicate)
    db.session.refresh(keep)
    assert duplicate.status is Status.CLOSED
    assert duplicate.merged_into == keep
    assert len(keep.messages) == 2
    assert duplicate.requester_email in [p.email for p in keep.participants]


def test_reply_template_fills_in_the_request_fields(client, db, login_as, make_ticket):
    ticket = make_ticket()
    db.session.add(ReplyTemplate(name="Prise en charge",
                                 body="Bonjour {demandeur}, la demande {numero} est prise."))
    db.session.commit()
    template = db.session.scalar(select(ReplyTemplate))
    login_as(Role.AGENT)
    page = client.get(f"/demandes/{ticket.number}/traiter?modele={template.id}")
    assert f"Bonjour {ticket.requester_label}, la demande {ticket.number} est prise." in (
        page.get_data(as_text=True))


@pytest.mark.parametrize("query", [
    "tri=priority'--", "statut=nimporte", "priorite=p9", "agent=-1", "service=abc",
    "q=%25%27%22%5C", "page=999", "q=" + "x" * 5000, "famille=1%20OR%201=1",
])
def test_queue_filters_never_fail_on_odd_input(client, login_as, make_ticket, query):
    make_ticket()
    login_as(Role.AGENT)
    assert client.get(f"/demandes/file?{query}").status_code in (200, 404)


def test_queue_filters_by_status_priority_and_search(client, login_as, make_ticket):
    urgent = make_ticket(subject="Serveur arrêté", urgency=Level.HIGH, impact=Level.HIGH)
    make_ticket(subject="Souris cassée", urgency=Level.LOW, impact=Level.LOW)
    login_as(Role.AGENT)
    page = client.get("/demandes/file?priorite=p1").get_data(as_text=True)
    assert "Serveur arrêté" in page
    assert "Souris cassée" not in page
    page = client.get(f"/demandes/file?q={urgent.number}").get_data(as_text=True)
    assert "Serveur arrêté" in page
    assert "Souris cassée" not in page


def test_only_the_relations_manager_sees_the_quarantine_and_replays_it(
        client, db, login_as, make_mailbox, deliver):
    row = deliver(make_mailbox(), fixture_mail("pgp-encrypted.eml"))
    login_as(Role.AGENT)
    assert client.get("/demandes/courriels").status_code == 403
    assert client.get(f"/demandes/courriels/{row.id}/brut").status_code == 403
    client.post("/deconnexion")
    login_as(Role.RELATIONS_MANAGER)
    page = client.get("/demandes/courriels").get_data(as_text=True)
    assert "Message chiffré" in page
    with client.get(f"/demandes/courriels/{row.id}/brut") as raw:
        assert raw.data == fixture_mail("pgp-encrypted.eml")
    client.post(f"/demandes/courriels/{row.id}/retraiter")
    assert db.session.get(InboundMessage, row.id).attempts == 2


def test_mailbox_form_requires_the_fields_of_its_kind_and_keeps_the_password(
        client, db, login_as):
    login_as(Role.ADMIN)
    page = client.post("/demandes/boites/nouvelle", data={
        "name": "Support", "kind": "imap", "unknown_sender": "contact"}).get_data(as_text=True)
    assert "Ce champ est obligatoire." in page
    client.post("/demandes/boites/nouvelle", data={
        "name": "Support", "kind": "imap", "host": "imap.exemple.fr", "port": "993",
        "use_tls": "y", "username": "support", "password": "s3cret", "folder": "INBOX",
        "unknown_sender": "quarantine", "active": "y"})
    mailbox = db.session.scalar(select(Mailbox))
    client.post(f"/demandes/boites/{mailbox.id}", data={
        "name": "Support", "kind": "imap", "host": "imap.exemple.fr", "port": "993",
        "username": "support", "password": "", "folder": "INBOX", "unknown_sender": "contact"})
    db.session.refresh(mailbox)
    assert mailbox.password == "s3cret"
    assert mailbox.use_tls is False
    assert "s3cret" not in client.get(f"/demandes/boites/{mailbox.id}").get_data(as_text=True)


def test_priority_matrix_is_configurable(client, db, login_as, make_ticket):
    login_as(Role.RELATIONS_MANAGER)
    client.post("/demandes/matrice", data={"low-low": "p2"})
    assert make_ticket(urgency=Level.LOW, impact=Level.LOW).priority is Priority.HIGH


def test_desk_records_a_phone_request_for_a_known_user_and_acknowledges_it(
        client, db, login_as, make_user, make_service):
    from tickets.enums import Channel

    caller = make_user(email="paul.girard@exemple.fr")
    service = make_service()
    agent = login_as(Role.AGENT)
    assert "Ce champ est obligatoire." in client.post(
        "/demandes/saisir", data={"channel": "phone"}).get_data(as_text=True)
    response = client.post("/demandes/saisir", data={
        "requester_email": "Paul.Girard@exemple.fr", "channel": "phone", "entity_id": "",
        "service_id": str(service.id), "type": "simple", "subject": "Appel : imprimante",
        "description": "L'imprimante du 2e bloque.", "urgency": "medium", "impact": "low",
        "acknowledge": "y"})
    assert response.status_code == 302
    ticket = db.session.scalar(select(Ticket))
    assert (ticket.requester, ticket.channel, ticket.entity_id) == (
        caller, Channel.PHONE, caller.entity_id)
    assert [(e.field, e.actor, e.new_value) for e in ticket.events] == [
        ("recorded", agent, "phone")]
    assert db.session.scalar(select(OutboxMessage.to_addr)) == "paul.girard@exemple.fr"


def test_requesters_cannot_record_requests_for_others(client, login_as):
    login_as(Role.REQUESTER)
    assert client.get("/demandes/saisir").status_code == 403
    assert client.get("/demandes/file").status_code == 403


def test_home_pages_show_the_queue_and_the_quarantine(client, db, login_as, make_ticket,
                                                       make_mailbox, deliver):
    make_ticket()
    deliver(make_mailbox(), fixture_mail("smime-encrypted.eml"))
    login_as(Role.RELATIONS_MANAGER)
    page = client.get("/").get_data(as_text=True)
    assert "nouvelles non attribuées" in page
    assert "1 courriel en erreur ou en quarantaine ce mois-ci" in page


def test_choosing_only_an_agent_moves_a_new_request_to_assigned(client, db, login_as,
                                                                make_ticket):
    ticket = make_ticket()
    agent = login_as(Role.AGENT)
    client.post(f"/demandes/{ticket.number}/classer", data={
        "service_id": "", "type": "simple", "urgency": "medium", "impact": "medium",
        "response_type": "", "status": "new", "assignee_id": str(agent.id), "team_id": ""})
    db.session.refresh(ticket)
    assert ticket.status is Status.ASSIGNED
    assert [e.new_value for e in ticket.events if e.field == "status"] == ["assigned"]


def test_a_request_closed_long_ago_takes_no_more_messages(client, db, login_as, make_user,
                                                          make_ticket):
    from datetime import timedelta

    from portal.timeutil import utcnow

    requester = make_user()
    ticket = make_ticket(requester=requester)
    ticket.status, ticket.closed_at = Status.CLOSED, utcnow() - timedelta(days=40)
    db.session.commit()
    login_as(requester)
    page = client.get(f"/demandes/{ticket.number}").get_data(as_text=True)
    assert "faites une nouvelle demande" in page
    assert client.post(f"/demandes/{ticket.number}/message",
                       data={"body": "encore"}).status_code == 403


def test_the_queue_shows_only_breached_requests_on_demand(client, db, login_as, make_ticket):
    late = make_ticket(subject="Serveur en retard")
    late.sla_breached = True
    make_ticket(subject="Souris dans les temps")
    db.session.commit()
    login_as(Role.AGENT)
    page = client.get("/demandes/file?delai=depasse").get_data(as_text=True)
    assert "Serveur en retard" in page
    assert "Souris dans les temps" not in page


def test_a_maildir_mailbox_must_lie_under_the_allowed_roots(app, client, db, login_as, tmp_path,
                                                           monkeypatch):
    root = tmp_path / "courrier"
    (root / "dsi").mkdir(parents=True)
    (root / "lien").symlink_to("/etc")
    monkeypatch.setitem(app.config, "MAILDIR_ROOTS", str(root))
    login_as(Role.ADMIN)

    def post(path):
        return client.post("/demandes/boites/nouvelle", data={
            "name": f"Boîte {path[-12:]}", "kind": "maildir", "path": path,
            "unknown_sender": "quarantine"})

    for path in ("/etc", f"{root}/../..", "relatif/dsi", f"{root}/lien/ssl", f"{root}x"):
        response = post(path)
        assert response.status_code == 200, path
        assert "est pas autorisé : il doit se trouver sous" in response.get_data(as_text=True)
    assert post(f"{root}/dsi").status_code == 302
    assert [mailbox.path for mailbox in db.session.scalars(select(Mailbox))] == [f"{root}/dsi"]
