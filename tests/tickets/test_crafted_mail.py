"""Mail crafted to exhaust the parser or the page finishes in bounded time, its raw kept."""

import time
from email.message import EmailMessage

import pytest

from portal.enums import Role
from tickets.blobs import read_blob
from tickets.enums import Outcome

BOUND_SECONDS = 30  # generous: these take 1 to 6 s here; a hang or a blow-up would not end


def _html_with_links(megabytes: int) -> bytes:
    mail = EmailMessage()
    mail["From"] = "claire.martin@exemple.fr"
    mail["To"] = "relations.dsi@exemple.fr"
    mail["Subject"] = "Liens"
    mail["Message-ID"] = "<liens@client.example>"
    link = '<a href="https://exemple.fr/p?q=1">lien</a> '
    mail.set_content("voir la version HTML")
    mail.add_alternative(link * (megabytes * 1024 * 1024 // len(link)), subtype="html")
    return bytes(mail)


def _one_long_line(megabytes: int) -> bytes:
    return (b"From: claire.martin@exemple.fr\r\nTo: relations.dsi@exemple.fr\r\n"
            b"Subject: Ligne\r\nMessage-ID: <ligne@client.example>\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + b"a" * (megabytes * 1024 * 1024))


def _deep_nesting(depth: int) -> bytes:
    head = (b"From: claire.martin@exemple.fr\r\nSubject: Poupees\r\n"
            b"Message-ID: <nid@client.example>\r\n")
    body = b"fond"
    for level in range(depth):
        boundary = f"b{level}".encode()
        body = (b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary
                + b"\r\n" + body + b"\r\n--" + boundary + b"--\r\n")
    return head + body


@pytest.mark.parametrize("raw_factory", [
    lambda: _html_with_links(20), lambda: _one_long_line(10), lambda: _deep_nesting(2000),
], ids=["20-MB-of-links", "10-MB-line", "2000-levels"])
def test_crafted_mail_is_processed_and_shown_in_bounded_time(client, login_as, db, make_mailbox,
                                                             deliver, raw_factory):
    raw = raw_factory()
    started = time.perf_counter()
    row = deliver(make_mailbox(), raw)
    ingested = time.perf_counter() - started
    assert ingested < BOUND_SECONDS
    assert read_blob(row.sha256) == raw
    assert row.outcome in (Outcome.CREATED, Outcome.QUARANTINED), row.reason
    if row.ticket is not None:
        login_as(Role.AGENT)
        started = time.perf_counter()
        assert client.get(f"/demandes/{row.ticket.number}/traiter").status_code == 200
        assert time.perf_counter() - started < BOUND_SECONDS
