"""Many mails and big mails: a backlog is people's mail, a loop is held, a big file is noted."""

import os
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import func, select

from portal.enums import Role
from portal.outbox import OutboxMessage
from portal.timeutil import utcnow
from tickets.blobs import read_blob
from tickets.enums import Outcome
from tickets.mailbox.collect import ingest_items
from tickets.mailbox.fetch import FileSource
from tickets.mailbox.models import InboundMessage
from tickets.models import Attachment, Ticket


def written(sender: str, subject: str, body: str, when, number: int,
            attachment: bytes | None = None) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "Relations DSI <relations.dsi@exemple.fr>"
    mail["Subject"] = subject
    mail["Date"] = format_datetime(when)
    mail["Message-ID"] = f"<{number}.{when.timestamp():.0f}@client.example>"
    mail.set_content(body)
    if attachment is not None:
        mail.add_attachment(attachment, maintype="application", subtype="zip",
                            filename="journaux-serveur.zip")
    return bytes(mail)


def acks_to(db, address: str) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.category == "ack", OutboxMessage.to_addr == address)).all()


def outcomes(db) -> dict[tuple[str, str], int]:
    rows = db.session.execute(select(InboundMessage.outcome, InboundMessage.reason,
                                     func.count()).group_by(InboundMessage.outcome,
                                                            InboundMessage.reason)).all()
    return {(outcome.value, reason): count for outcome, reason, count in rows}


def test_a_week_of_one_persons_distinct_mails_imported_at_once_is_sixty_requests(
        db, make_mailbox, make_user, tmp_path):
    claire = make_user(Role.REQUESTER, email="claire.martin@exemple.fr")
    start = utcnow() - timedelta(days=7)
    for number in range(60):
        when = start + timedelta(hours=number * 2.75)
        (tmp_path / f"{number:02d}.eml").write_bytes(written(
            "Claire Martin <claire.martin@exemple.fr>", f"Poste {number} : écran noir",
            f"Bonjour,\nle poste n° {number} du bureau 3{number:02d} reste sur un écran noir."
            "\nClaire", when, number))
    result = ingest_items(make_mailbox(), FileSource([tmp_path]))
    assert result.outcomes == {"created": 60}
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 60
    assert len(acks_to(db, claire.email)) == 60, "every request of the backlog is acknowledged"


def test_the_acknowledgment_limit_still_holds_for_mails_written_within_an_hour(
        app, db, make_mailbox, make_user, tmp_path):
    make_user(Role.REQUESTER, email="claire.martin@exemple.fr")
    now = utcnow()
    for number in range(12):
        (tmp_path / f"{number:02d}.eml").write_bytes(written(
            "claire.martin@exemple.fr", f"Question {number}", f"Texte différent {number}",
            now - timedelta(minutes=50 - number * 4), number))
    result = ingest_items(make_mailbox(), FileSource([tmp_path]))
    assert result.outcomes == {"created": 12}, "many different mails are never a loop"
    assert len(acks_to(db, "claire.martin@exemple.fr")) == app.config["ACK_LIMIT_PER_HOUR"]


def test_the_same_automatic_mail_thirty_times_in_five_minutes_is_held_for_review(
        app, db, client, login_as, make_mailbox, tmp_path):
    start = utcnow() - timedelta(minutes=6)
    for number in range(30):
        (tmp_path / f"{number:02d}.eml").write_bytes(written(
            "Supervision <supervision@outils.exemple.fr>", "ALERTE sauvegarde NAS-02",
            "La sauvegarde nocturne du NAS-02 a échoué (code 17).\n-- Supervision",
            start + timedelta(seconds=number * 10), number))
    result = ingest_items(make_mailbox(), FileSource([tmp_path]))
    limit = app.config["SENDER_BURST_LIMIT"]
    assert result.outcomes == {"created": limit, "quarantined": 30 - limit}
    assert outcomes(db)[("quarantined", "burst")] == 30 - limit
    assert len(acks_to(db, "supervision@outils.exemple.fr")) <= limit
    login_as(Role.RELATIONS_MANAGER)
    page = client.get("/demandes/courriels").get_data(as_text=True)
    assert "ALERTE sauvegarde NAS-02" in page, "held mail is listed for review"


def test_the_same_mail_sent_again_a_day_later_is_no_loop(db, make_mailbox, deliver):
    mailbox = make_mailbox()
    now = utcnow()
    rows = [deliver(mailbox, written("paul.girard@exemple.fr", "Relance : badge",
                                     "Toujours pas de badge.", now + timedelta(days=day), day),
                    now + timedelta(days=day)) for day in range(6)]
    assert [row.outcome for row in rows] == [Outcome.CREATED] * 6


def test_a_persons_mail_with_a_25_mb_attachment_makes_a_request_that_says_so(
        db, make_mailbox, deliver):
    raw = written("Claire Martin <claire.martin@exemple.fr>", "Journaux du serveur de fichiers",
                  "Bonjour,\nvoici les journaux demandés.\nClaire", utcnow(), 1,
                  attachment=os.urandom(25 * 1024 * 1024))
    row = deliver(make_mailbox(), raw)
    assert row.outcome is Outcome.CREATED
    assert read_blob(row.sha256) == raw, "the raw keeps the file"
    body = row.ticket.messages[0].body_text
    assert "voici les journaux demandés" in body
    assert "« journaux-serveur.zip » (25 Mo) trop volumineuse" in body
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    [ack] = acks_to(db, "claire.martin@exemple.fr")
    assert "journaux-serveur.zip" in ack.body_text
    assert "trop volumineuse" in ack.body_text
    assert "journaux-serveur.zip" in ack.body_html


def test_a_mail_over_the_absolute_cap_is_quarantined_unread(app, db, make_mailbox, deliver,
                                                            monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_BYTES", 2 * 1024 * 1024)
    raw = written("claire.martin@exemple.fr", "Vidéo", "La vidéo.", utcnow(), 1,
                  attachment=b"\x01" * (3 * 1024 * 1024))
    row = deliver(make_mailbox(), raw)
    assert (row.outcome, row.reason) == (Outcome.QUARANTINED, "too-large")
    assert read_blob(row.sha256) == raw


def test_a_reused_message_id_is_a_duplicate_only_with_the_same_content(db, make_mailbox,
                                                                        deliver):
    mailbox = make_mailbox()
    now = utcnow()

    def mail(body: str, attachment: bytes | None, hop: str = "") -> bytes:
        raw = written("jira@outils.exemple.fr", "[JIRA] Mise à jour", body, now, 7, attachment)
        return hop.encode() + raw.replace(b"<7.", b"<reused.")

    first = deliver(mailbox, mail("PORT-41 modifié", b"PK-A"))
    again = deliver(mailbox, mail("PORT-41 modifié", b"PK-A", "Received: by relais\r\n"))
    other_file = deliver(mailbox, mail("PORT-41 modifié", b"PK-B"))
    other_words = deliver(mailbox, mail("PORT-42 créé", b"PK-A"))
    assert first.outcome is Outcome.CREATED
    assert (again.outcome, again.reason, again.ticket_id) == (
        Outcome.IGNORED, "duplicate", first.ticket_id)
    assert other_file.outcome is Outcome.CREATED
    assert other_words.outcome is Outcome.CREATED
