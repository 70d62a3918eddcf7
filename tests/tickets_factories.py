"""Factories of the requests and the mailbox, shared by every feature's tests."""

import os
from pathlib import Path

import pytest

from portal.timeutil import utcnow
from tickets.enums import Channel, MailboxKind, UnknownSender
from tickets.mailbox.models import Mailbox
from tickets.services import NewMessage, open_ticket

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
CORPUS = Path(os.environ.get("PORTAL_TEST_MAIL_CORPUS", "")
              or Path(__file__).resolve().parents[2] / "shared" / "corpus" / "mail")


def fixture_mail(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def make_mailbox(db, tmp_path):
    def factory(name: str = "Boîte fonctionnelle", **values) -> Mailbox:
        mailbox = Mailbox(name=name, kind=values.pop("kind", MailboxKind.MAILDIR),
                          path=values.pop("path", str(tmp_path / name.replace(" ", "-"))),
                          address=values.pop("address", "relations.dsi@exemple.fr"),
                          unknown_sender=values.pop("unknown_sender", UnknownSender.CONTACT),
                          **values)
        db.session.add(mailbox)
        db.session.commit()
        return mailbox

    return factory


@pytest.fixture
def make_ticket(db, make_user):
    def factory(requester=None, subject: str = "Accès VPN impossible", body: str = "Bonjour,",
                channel: Channel = Channel.PORTAL, now=None, **values):
        requester = requester or make_user()
        ticket = open_ticket(subject=subject, now=now or utcnow(), channel=channel,
                             requester=requester,
                             message=NewMessage(body_text=body, from_addr=requester.email,
                                                from_name=requester.full_name), **values)
        db.session.commit()
        return ticket

    return factory


def make_mail(sender: str = "claire.martin@exemple.fr", subject: str = "Accès VPN impossible",
              body: str = "Bonjour,\nje n'arrive plus à me connecter au VPN.\nClaire",
              message_id: str | None = None, **headers) -> bytes:
    """A well-formed mail as a client would send it."""
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "relations.dsi@exemple.fr"
    mail["Subject"] = subject
    mail["Date"] = format_datetime(utcnow())
    mail["Message-ID"] = message_id or make_msgid(domain="client.example")
    for name, value in headers.items():
        mail[name.replace("_", "-")] = value
    mail.set_content(body)
    return bytes(mail)


@pytest.fixture
def deliver(db):
    """Receive and process one raw mail the way a poll does; return its inbound row."""
    from tickets.mailbox.ingest import process_safely, receive

    def do(mailbox, raw: bytes, now=None):
        now = now or utcnow()
        row, _new = receive(mailbox, raw, now)
        db.session.commit()
        process_safely(row, now)
        db.session.commit()
        return row

    return do
