"""Every mail gets exactly one outcome, its raw kept, and a second delivery changes nothing."""

from sqlalchemy import func, select

from portal.models import Contact
from portal.outbox import OutboxMessage
from tests.conftest import need
from tests.tickets_factories import CORPUS, FIXTURES, fixture_mail, make_mail
from tickets.blobs import read_blob
from tickets.enums import Outcome, UnknownSender
from tickets.mailbox.collect import ingest_items
from tickets.mailbox.fetch import FileSource
from tickets.mailbox.models import InboundMessage
from tickets.models import Attachment, Ticket


def counts(db) -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (InboundMessage, Ticket, OutboxMessage))


def test_the_whole_corpus_has_one_clear_outcome_each_and_a_second_pass_changes_nothing(
        db, make_mailbox, make_entity):
    need(CORPUS.is_dir(), f"the shared mail corpus is not at {CORPUS}")
    mailbox = make_mailbox(default_entity_id=make_entity().id)
    first = ingest_items(mailbox, FileSource([CORPUS, FIXTURES]))
    rows = db.session.scalars(select(InboundMessage)).all()
    assert first.errors == 0
    assert first.outcomes.get("failed", 0) == 0
    assert all(row.outcome is not Outcome.RECEIVED for row in rows)
    assert sum(first.outcomes.values()) == first.received + first.known >= 200
    before = counts(db)
    second = ingest_items(mailbox, FileSource([CORPUS, FIXTURES]))
    assert second.received == 0
    assert second.errors == 0
    assert counts(db) == before


def test_same_raw_in_two_mailboxes_makes_one_request(db, make_mailbox, deliver):
    raw = fixture_mail("plain-utf8.eml")
    first = deliver(make_mailbox("Support"), raw)
    second = deliver(make_mailbox("Relations"), raw)
    assert first.outcome is Outcome.CREATED
    assert (second.outcome, second.reason) == (Outcome.IGNORED, "duplicate")
    assert second.ticket_id == first.ticket_id
    assert counts(db)[1:] == (1, 1)


def test_same_raw_twice_in_one_mailbox_is_received_once(db, make_mailbox, deliver):
    mailbox = make_mailbox()
    raw = fixture_mail("missing-message-id.eml")
    assert deliver(mailbox, raw).id == deliver(mailbox, raw).id
    assert counts(db) == (1, 1, 1)


def test_inline_image_and_pdf_are_stored_under_their_hash(db, make_mailbox, deliver):
    row = deliver(make_mailbox(), fixture_mail("alternative-inline-image-pdf.eml"))
    names = {a.content_type: a for a in db.session.scalars(select(Attachment))}
    assert set(names) >= {"image/png", "application/pdf"}
    assert read_blob(names["application/pdf"].sha256).startswith(b"%PDF")
    assert row.ticket.messages[0].body_html


def test_a_mail_over_the_size_cap_is_quarantined_with_its_raw_kept(app, db, make_mailbox,
                                                                  deliver, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_BYTES", 1000)
    raw = fixture_mail("alternative-inline-image-pdf.eml")
    row = deliver(make_mailbox(), raw)
    assert (row.outcome, row.reason) == (Outcome.QUARANTINED, "too-large")
    assert read_blob(row.sha256) == raw


def test_a_crash_while_processing_leaves_the_mail_failed_then_replay_creates_it(
        db, make_mailbox, deliver, monkeypatch):
    from tickets.mailbox import ingest
    from tickets.mailbox.services import replay

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(ingest, "open_ticket", broken)
    row = deliver(make_mailbox(), fixture_mail("plain-utf8.eml"))
    assert row.outcome is Outcome.FAILED
    assert "disque plein" in row.error
    assert counts(db)[1:] == (0, 0)
    monkeypatch.undo()
    replay(row, row.received_at)
    db.session.commit()
    assert row.outcome is Outcome.CREATED
    assert row.ticket is not None
    assert row.error == ""


def test_a_poison_message_does_not_block_the_next_ones(db, make_mailbox, monkeypatch, tmp_path):
    from tickets.mailbox import ingest

    real = ingest.parse_message

    def sometimes(raw, *args):
        if b"POISON" in raw:
            raise ValueError("boom")
        return real(raw, *args)

    monkeypatch.setattr(ingest, "parse_message", sometimes)
    for index, body in enumerate([b"POISON", b"ok one", b"ok two"]):
        (tmp_path / f"{index}.eml").write_bytes(
            b"From: a@exemple.fr\r\nSubject: s\r\nMessage-ID: <%d@x>\r\n\r\n" % index + body)
    result = ingest_items(make_mailbox(), FileSource([tmp_path]))
    assert result.outcomes == {"failed": 1, "created": 2}


def test_a_folder_import_takes_mail_and_leaves_notes_beside_it(db, make_mailbox, tmp_path):
    (tmp_path / "demande.eml").write_bytes(make_mail())
    (tmp_path / "sans-extension").write_bytes(make_mail(subject="Sans extension"))
    (tmp_path / "manifest.toml").write_text('["demande.eml"]\noutcome = "created"\n')
    (tmp_path / "reponse_attendue").write_text("Hello\n\nSent from my iPhone\n")
    source = FileSource([tmp_path])
    assert source.count() == 2
    assert ingest_items(make_mailbox(), source).outcomes == {"created": 2}
    named = FileSource([tmp_path / "reponse_attendue"])
    assert [item.source for item in named.items()] == [str(tmp_path / "reponse_attendue")], \
        "a file named on the command line is still imported"


def test_unknown_sender_is_quarantined_when_the_mailbox_says_so(db, make_mailbox, deliver):
    mailbox = make_mailbox(unknown_sender=UnknownSender.QUARANTINE)
    row = deliver(mailbox, make_mail("inconnu@ailleurs.example"))
    assert (row.outcome, row.reason) == (Outcome.QUARANTINED, "unknown-sender")


def test_unknown_sender_becomes_an_external_contact_of_the_default_entity(
        db, make_mailbox, make_entity, deliver):

    entity = make_entity("Partenaires externes")
    row = deliver(make_mailbox(default_entity_id=entity.id),
                  make_mail("Jean Dupont <jean.dupont@partenaire.example>"))
    contact = db.session.scalar(select(Contact))
    assert contact.email == "jean.dupont@partenaire.example"
    assert contact.entity == entity
    assert row.ticket.contact == contact
    assert row.ticket.entity == entity


def test_known_user_is_the_requester_with_their_entity(db, make_mailbox, make_user, deliver):

    user = make_user(email="claire.martin@exemple.fr")
    ticket = deliver(make_mailbox(), make_mail("Claire <Claire.Martin@exemple.fr>")).ticket
    assert ticket.requester == user
    assert ticket.entity_id == user.entity_id
    assert ticket.number.startswith("DSI-")
    assert ticket.channel.value == "email"


def test_a_sender_flooding_the_box_trips_the_circuit_breaker(app, db, make_mailbox, deliver,
                                                             monkeypatch):

    monkeypatch.setitem(app.config, "SENDER_BURST_LIMIT", 3)
    mailbox = make_mailbox()
    rows = [deliver(mailbox, make_mail("robot@machine.example", "Alerte disque plein"))
            for _i in range(5)]
    assert [row.outcome.value for row in rows] == ["created"] * 3 + ["quarantined"] * 2
    assert rows[-1].reason == "burst"


def test_acknowledgments_are_rate_limited_per_sender(app, db, make_mailbox, deliver, monkeypatch):

    monkeypatch.setitem(app.config, "ACK_LIMIT_PER_HOUR", 2)
    mailbox = make_mailbox()
    for index in range(4):
        deliver(mailbox, make_mail("paul.girard@exemple.fr", f"Demande {index}"))
    assert counts(db)[1:] == (4, 2)


def test_a_message_another_worker_is_processing_is_left_alone(db, make_mailbox):
    from datetime import timedelta

    from portal.timeutil import utcnow
    from tickets.mailbox.ingest import process_safely, receive

    now = utcnow()
    row, _new = receive(make_mailbox(), fixture_mail("plain-utf8.eml"), now)
    row.claimed_until = now + timedelta(minutes=3)
    db.session.commit()
    process_safely(row, now)
    assert row.outcome is Outcome.RECEIVED
    assert counts(db)[1:] == (0, 0)
    process_safely(row, now + timedelta(minutes=4))
    assert row.outcome is Outcome.CREATED
    process_safely(row, now + timedelta(minutes=20))
    assert counts(db)[1:] == (1, 1), "a settled message is never processed again"


def test_forged_senders_get_a_bounded_number_of_acknowledgments(app, db, make_mailbox,
                                                                make_user, monkeypatch):
    import mailbox as stdlib_mailbox

    from tickets.mailbox.collect import poll_mailbox

    monkeypatch.setitem(app.config, "ACK_OUTSIDERS_PER_HOUR", 10)
    colleague = make_user(email="paul.girard@exemple.fr")
    box = make_mailbox()
    maildir = stdlib_mailbox.Maildir(box.path, create=True)
    for index in range(100):
        maildir.add(make_mail(f"victime{index}@forge.example", f"Offre {index}"))
    maildir.add(make_mail(colleague.email, "Imprimante en panne"))
    result = poll_mailbox(box.id)
    assert result.received == 101
    acks = db.session.scalars(select(OutboxMessage.to_addr)
                              .where(OutboxMessage.category == "ack")).all()
    assert colleague.email in acks, "a colleague is always acknowledged"
    assert len([address for address in acks if address.endswith("@forge.example")]) == 10


def test_a_lease_left_by_a_dead_consumer_frees_the_mailbox_soon(db, make_mailbox):
    from portal.timeutil import utcnow
    from tickets.mailbox.collect import LEASE, acquire, renew_lease

    box = make_mailbox()
    now = utcnow()
    token = acquire(box.id, now)
    assert acquire(box.id, now + LEASE / 2) is None, "one consumer at a time"
    assert renew_lease(box.id, token, now + LEASE / 2)
    assert acquire(box.id, now + LEASE) is None, "a renewed lease holds"
    assert not renew_lease(box.id, "someone-else", now)
    taken = acquire(box.id, now + LEASE * 2)
    assert taken is not None, "a consumer that stopped renewing loses the mailbox"
    assert not renew_lease(box.id, token, now + LEASE * 2), "and cannot take it back"
