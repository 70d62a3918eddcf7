"""The mail outbox: queued in the transaction, sent by the worker, retried on failure."""

from email import message_from_bytes
from email.policy import default
from pathlib import Path

from portal.enums import Role
from portal.outbox import OutboxMessage, queue_mail, send_message
from portal.tasks import send_outbox
from portal.timeutil import utcnow


def _queue(app, user, subject="Votre accès") -> OutboxMessage:
    with app.test_request_context():
        return queue_mail(user.email, subject, "account/invitation", utcnow(), user=user,
                          link="http://portail.test/mot-de-passe/x")


def test_sending_writes_the_message_to_the_local_outbox(app, db, make_user):
    user = make_user(Role.REQUESTER)
    message = _queue(app, user)
    db.session.commit()
    assert send_outbox() == 1
    db.session.refresh(message)
    assert message.sent_at is not None
    files = list(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))
    sent = [message_from_bytes(f.read_bytes(), policy=default) for f in files]
    mine = [m for m in sent if m["Message-ID"] == message.message_id]
    assert mine
    assert mine[0]["To"] == user.email
    assert mine[0]["Auto-Submitted"] == "auto-generated"
    assert send_outbox() == 0


def test_header_injection_in_a_subject_is_folded_away(app, db, make_user):
    user = make_user(Role.REQUESTER)
    message = _queue(app, user, subject="Bonjour\r\nBcc: victim@evil.example")
    assert "\n" not in message.subject
    assert "\r" not in message.subject


def test_an_unreachable_smtp_server_schedules_a_retry(app, db, make_user):
    user = make_user(Role.REQUESTER)
    message = _queue(app, user)
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1, SMTP_TIMEOUT=2)
    try:
        assert send_message(message, utcnow()) is False
    finally:
        app.config.update(SMTP_HOST=None, SMTP_PORT=587, SMTP_TIMEOUT=30)
    assert message.sent_at is None
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at > utcnow()
