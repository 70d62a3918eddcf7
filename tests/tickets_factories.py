"""Factories of the requests and the mailbox, shared by every feature's tests."""

from pathlib import Path

import pytest

from portal.timeutil import utcnow
from tickets.enums import Channel, MailboxKind, UnknownSender
from tickets.mailbox.models import Mailbox
from tickets.services import NewMessage, open_ticket

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "mail"


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
