"""A dry run reports what a real import would do, and writes nothing anywhere."""

import json
from pathlib import Path

from sqlalchemy import func, select

from portal.models import Contact
from portal.outbox import OutboxMessage
from tests.tickets_factories import FIXTURES
from tickets.mailbox.models import InboundMessage, Mailbox
from tickets.models import Ticket, TicketCounter, TicketEvent, TicketMessage

PATHS = [str(FIXTURES / "senders"), *(str(FIXTURES / name) for name in (
    "plain-utf8.eml", "bulk-newsletter.eml", "dsn-bounce-5xx.eml", "missing-message-id.eml",
    "calendar-invitation.eml", "smime-encrypted.eml"))]


def state(db, blob_dir: Path) -> tuple:
    rows = tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (
        InboundMessage, Ticket, TicketMessage, TicketEvent, OutboxMessage, TicketCounter,
        Mailbox, Contact))
    blobs = sorted(str(path) for path in blob_dir.rglob("*")) if blob_dir.exists() else []
    return rows, blobs


def outcomes(output: str) -> list[tuple]:
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return [(Path(line["file"]).name, line["outcome"], line.get("reason"), line.get("request"))
            for line in lines]


def test_a_dry_run_gives_the_real_outcomes_and_leaves_no_trace(app, db):
    runner = app.test_cli_runner()
    blob_dir = Path(app.config["BLOB_DIR"])
    before = state(db, blob_dir)
    dry = runner.invoke(args=["mailbox", "import", "--json", "--dry-run", *PATHS])
    assert dry.exit_code == 0, dry.output
    db.session.expire_all()
    assert state(db, blob_dir) == before, "a dry run writes no row and no blob"
    real = runner.invoke(args=["mailbox", "import", "--json", *PATHS])
    assert real.exit_code == 0, real.output
    expected = outcomes(real.output)
    assert len(expected) >= 10
    assert {outcome for _f, outcome, _r, _n in expected} >= {"created", "followup",
                                                            "quarantined", "ignored"}
    assert outcomes(dry.output) == expected
    db.session.expire_all()
    assert state(db, blob_dir) != before


def test_a_dry_run_prints_a_summary_saying_nothing_was_kept(app, db):
    result = app.test_cli_runner().invoke(args=["mailbox", "import", "--dry-run",
                                                str(FIXTURES / "senders")])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("8 message(s) lus : "), "the manifest beside the mail is not a mail"
    assert "× Demande créée" in last
    assert "× En quarantaine (Usurpation probable de l'expéditeur)" in last
    assert "essai à blanc : rien n'a été enregistré" in last
    assert db.session.scalar(select(func.count(InboundMessage.id))) == 0
