"""Every fixture mail of every manifest gets its expected outcome and shows its expected text.

Each `tests/fixtures/mail/**/manifest.toml` describes the mails of its folder (keys are file
names relative to it): outcome, reason, page_text, before, before_status, status, acks and
sender_known, as described in the folder's README or at the top of the root manifest.
"""

import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import func, select

from portal.enums import Role
from portal.outbox import OutboxMessage
from tests.tickets_factories import FIXTURES
from tickets.blobs import read_blob
from tickets.enums import Status
from tickets.mailbox.models import InboundMessage
from tickets.mailbox.parse import parse_message
from tickets.models import Ticket, TicketMessage
from tickets.services import set_status

KEYS = {"outcome", "reason", "case", "page_text", "before", "before_status", "status", "acks",
        "sender_known"}


def load_manifests(root: Path = FIXTURES) -> dict[str, tuple[Path, dict]]:
    """Every entry of every manifest under root, keyed by its path relative to root."""
    entries = {}
    for manifest in sorted(root.rglob("manifest.toml")):
        for name, entry in tomllib.loads(manifest.read_text(encoding="utf-8")).items():
            path = manifest.parent / name
            entries[path.relative_to(root).as_posix()] = (path, entry)
    return entries


ENTRIES = load_manifests()


class VisibleText(HTMLParser):
    """The text a reader sees without unfolding anything: no <details>, no form fields."""

    HIDDEN = {"details", "script", "style", "textarea", "select", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.chunks.append(data)

    def handle_startendtag(self, tag, attrs):
        self.chunks.append(" ")


def visible_text(page: str) -> str:
    parser = VisibleText()
    parser.feed(page)
    return " ".join(" ".join(parser.chunks).split())


def counts(db) -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (InboundMessage, Ticket, TicketMessage, OutboxMessage))


def ack_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.category == "ack"))


def page_of(app, client, row: InboundMessage) -> str:
    """The visible text of the mail's request page, or of its entry in Courriels reçus.

    A mail ignored or quarantined is read on its Courriels reçus entry; one recorded on a
    request (a receipt, a duplicate) may also show there, so both pages count.
    """
    urls = []
    with app.test_request_context():
        if row.outcome.value in ("ignored", "quarantined"):
            urls.append(url_for("tickets.inbound_show", inbound_id=row.id))
        if row.ticket is not None:
            urls.append(url_for("tickets.work", number=row.ticket.number))
    shown = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        shown.append(visible_text(response.get_data(as_text=True)))
    return " ".join(shown)


def test_every_manifest_entry_names_an_existing_mail_with_known_keys():
    assert ENTRIES, "no manifest found"
    for key, (path, entry) in ENTRIES.items():
        assert path.is_file(), key
        assert set(entry) <= KEYS, (key, set(entry) - KEYS)
        assert entry["outcome"] in ("created", "followup", "ignored", "quarantined"), key
        assert entry.get("case"), f"{key}: say what the mail is and why that outcome"
        if "before" in entry:
            assert (path.parent / entry["before"]).is_file(), key
        assert isinstance(entry.get("page_text", []), list), key


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_each_mail_gets_its_outcome_and_shows_its_text(app, db, client, make_mailbox, make_user,
                                                       login_as, deliver, key):
    path, expected = ENTRIES[key]
    raw = path.read_bytes()
    mailbox = make_mailbox()
    known = expected.get("sender_known", False)
    if known:
        make_user(Role.REQUESTER, email=known if isinstance(known, str)
                  else parse_message(raw).from_addr)
    earlier = None
    if "before" in expected:
        earlier = deliver(mailbox, (path.parent / expected["before"]).read_bytes())
        assert earlier.ticket is not None, f"{expected['before']} made no request"
        if "before_status" in expected:
            set_status(earlier.ticket, Status(expected["before_status"]), None,
                       earlier.received_at)
            db.session.commit()
    acks_before = ack_count(db)

    row = deliver(mailbox, raw)

    assert (row.outcome.value, row.reason or None) == (expected["outcome"],
                                                      expected.get("reason")), expected["case"]
    assert read_blob(row.sha256) == raw, "the raw is kept byte-identical"
    default_acks = 1 if expected["outcome"] == "created" else 0
    assert ack_count(db) - acks_before == expected.get("acks", default_acks), expected["case"]
    if expected["outcome"] in ("created", "followup"):
        assert row.ticket is not None
    else:
        assert row.ticket is None or row.ticket == getattr(earlier, "ticket", None)
    if expected["outcome"] == "followup" and earlier is not None:
        assert row.ticket_id == earlier.ticket_id, "the follow-up joins the earlier request"
    if "status" in expected:
        ticket = row.ticket or earlier.ticket
        db.session.refresh(ticket)
        assert ticket.status.value == expected["status"], expected["case"]
    if expected.get("page_text"):
        login_as(Role.RELATIONS_MANAGER)
        shown = page_of(app, client, row)
        for text in expected["page_text"]:
            assert " ".join(text.split()) in shown, (text, expected["case"])

    before = counts(db)
    again = deliver(mailbox, raw)
    assert again.id == row.id
    assert counts(db) == before, "a second delivery changes nothing"


def test_visible_text_leaves_out_the_folded_block():
    page = ("<main><p>Bonjour&nbsp;Julien,</p><ul><li>un</li></ul><details><summary>Afficher"
            "</summary><p>Le lun. a écrit :</p></details><textarea>brouillon</textarea></main>")
    shown = visible_text(page)
    assert "Bonjour Julien," in shown.replace("\xa0", " ")
    assert "un" in shown
    assert "a écrit" not in shown
    assert "brouillon" not in shown
    assert re.search(r"Afficher", shown) is None
