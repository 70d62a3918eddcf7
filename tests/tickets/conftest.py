"""Fixtures of the requests' tests: a real Dovecot IMAP server and mailboxes reading it."""

import shutil

import pytest

from tests.conftest import need
from tests.tickets.imap_server import PASSWORD, USER, DovecotServer
from tickets.enums import MailboxKind


@pytest.fixture(scope="session")
def imap_server():
    """Our own Dovecot for the whole session (skipped on a laptop without it, fails in CI)."""
    need(shutil.which("dovecot") is not None and shutil.which("doveadm") is not None,
         "Dovecot is not installed (apt-get install dovecot-imapd)")
    server = DovecotServer().start()
    yield server
    server.stop()


@pytest.fixture
def imap(imap_server):
    """The IMAP server with an empty INBOX and no other folder."""
    imap_server.reset()
    return imap_server


@pytest.fixture
def make_imap_mailbox(make_mailbox, imap):
    def factory(processed_folder: str = "", folder: str = "INBOX", **values):
        return make_mailbox(values.pop("name", "Relations DSI (IMAP)"), kind=MailboxKind.IMAP,
                            host="127.0.0.1", port=imap.port, use_tls=False, username=USER,
                            password=PASSWORD, folder=folder, processed_folder=processed_folder,
                            **values)

    return factory
