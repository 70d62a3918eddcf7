"""Raw mail is purged at the end of its retention period; what it was stays recorded."""

from datetime import timedelta

from portal.audit import AuditEvent, AuditKind
from portal.enums import Role
from portal.timeutil import utcnow
from tests.tickets_factories import make_mail
from tickets.blobs import blob_path, put_blob
from tickets.mailbox.retention import purge_raw_mail
from tickets.models import Attachment


def test_raw_mail_past_retention_is_deleted_and_the_row_kept(app, db, make_mailbox, deliver):
    mailbox = make_mailbox()
    now = utcnow()
    old = deliver(mailbox, make_mail(subject="Ancien"), now=now - timedelta(days=400))
    recent = deliver(mailbox, make_mail(subject="Récent"), now=now - timedelta(days=10))
    assert purge_raw_mail(now) == 1
    assert old.raw_purged_at == now
    assert recent.raw_purged_at is None
    assert not blob_path(old.sha256).exists()
    assert blob_path(recent.sha256).exists()
    assert old.ticket is not None
    assert old.outcome.value == "created"
    assert purge_raw_mail(now) == 0, "a second run has nothing left to do"


def test_bytes_shared_with_an_attachment_or_a_younger_copy_are_kept(app, db, make_mailbox,
                                                                    deliver):
    now = utcnow()
    raw = make_mail(subject="Envoyé deux fois")
    first = deliver(make_mailbox("Boîte A"), raw, now=now - timedelta(days=400))
    deliver(make_mailbox("Boîte B"), raw, now=now - timedelta(days=3))
    forwarded_raw = make_mail(subject="Transféré en pièce jointe")
    forwarded = deliver(make_mailbox("Boîte C"), forwarded_raw, now=now - timedelta(days=400))
    db.session.add(Attachment(message=first.ticket.messages[0], filename="original.eml",
                              content_type="message/rfc822", size=len(forwarded_raw),
                              sha256=put_blob(forwarded_raw)))
    db.session.commit()
    assert purge_raw_mail(now) == 2
    assert first.raw_purged_at == now
    assert blob_path(first.sha256).exists()
    assert forwarded.raw_purged_at == now
    assert blob_path(forwarded.sha256).exists()


def test_a_purged_mail_says_so_and_cannot_be_downloaded(client, login_as, db, make_mailbox,
                                                       deliver):
    from tickets.tasks import purge_raw_mail as purge_task

    row = deliver(make_mailbox(), make_mail(), now=utcnow() - timedelta(days=366))
    assert purge_task() == 1
    assert db.session.query(AuditEvent).filter_by(kind=AuditKind.RAW_MAIL_PURGED).one() \
        .detail == "1 courriel(s)"
    login_as(Role.RELATIONS_MANAGER)
    page = client.get(f"/demandes/courriels/{row.id}").get_data(as_text=True)
    assert "a été supprimé le" in page
    assert f"/demandes/courriels/{row.id}/brut" not in page
    assert client.get(f"/demandes/courriels/{row.id}/brut").status_code == 410
    assert client.post(f"/demandes/courriels/{row.id}/retraiter").status_code == 410
