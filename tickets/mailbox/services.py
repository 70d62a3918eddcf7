"""Mailbox configuration and the replay of messages in error or quarantine."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from tickets.enums import MailboxKind, Outcome
from tickets.mailbox.ingest import process_safely
from tickets.mailbox.models import InboundMessage, Mailbox

DEFAULT_NAME = "Boîte fonctionnelle"
MAILBOX_FIELDS = ("name", "kind", "address", "path", "host", "port", "use_tls", "username",
                  "folder", "processed_folder", "default_service_id", "default_entity_id",
                  "unknown_sender", "active")


def ensure_default_mailbox() -> Mailbox:
    """The embedded default: the local Maildir, created on first use."""
    mailbox = db.session.scalar(select(Mailbox).order_by(Mailbox.id).limit(1))
    if mailbox is None:
        mailbox = Mailbox(name=DEFAULT_NAME, kind=MailboxKind.MAILDIR,
                          path=current_app.config["MAILDIR"],
                          address=parseaddr(current_app.config["MAIL_FROM"])[1])
        db.session.add(mailbox)
        db.session.flush()
    return mailbox


def get_mailbox_by_name(name: str) -> Mailbox | None:
    return db.session.scalar(select(Mailbox).where(Mailbox.name == name))


def list_active_mailboxes() -> list[Mailbox]:
    return list(db.session.scalars(select(Mailbox).where(
        Mailbox.active.is_(True), Mailbox.kind != MailboxKind.IMPORT).order_by(Mailbox.name)))


def save_mailbox(mailbox: Mailbox | None, values: dict, password: str | None) -> Mailbox:
    """Create or update a mailbox; an empty password keeps the stored one."""
    mailbox = mailbox or Mailbox()
    for name in MAILBOX_FIELDS:
        if name in values:
            setattr(mailbox, name, values[name])
    if password:
        mailbox.password = password
    db.session.add(mailbox)
    db.session.flush()
    return mailbox


def replay(inbound: InboundMessage, now: datetime) -> None:
    """Process a failed or quarantined message again, from its kept raw bytes."""
    if inbound.outcome not in (Outcome.FAILED, Outcome.QUARANTINED):
        return
    inbound.outcome, inbound.reason, inbound.error = Outcome.RECEIVED, "", ""
    process_safely(inbound, now)
