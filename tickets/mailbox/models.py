"""Mailbox models: the configured mailboxes and every message received from them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from catalog.models import Service
from portal.enums import db_enum
from portal.extensions import db
from portal.models import Entity
from portal.timeutil import UTCDateTime, utcnow
from tickets.enums import MailboxKind, Outcome, UnknownSender


class Mailbox(db.Model):
    """A functional mailbox read by the worker, with its default routing."""

    __tablename__ = "mailboxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[MailboxKind] = mapped_column(db_enum(MailboxKind, "mailbox_kind"))
    address: Mapped[str] = mapped_column(String(254), default="")
    path: Mapped[str] = mapped_column(String(500), default="")
    host: Mapped[str] = mapped_column(String(255), default="")
    port: Mapped[int] = mapped_column(default=993)
    use_tls: Mapped[bool] = mapped_column(default=True)
    username: Mapped[str] = mapped_column(String(254), default="")
    password: Mapped[str] = mapped_column(String(255), default="")
    folder: Mapped[str] = mapped_column(String(120), default="INBOX")
    processed_folder: Mapped[str] = mapped_column(String(120), default="")
    default_service_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_services.id"))
    default_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    unknown_sender: Mapped[UnknownSender] = mapped_column(
        db_enum(UnknownSender, "unknown_sender"), default=UnknownSender.CONTACT)
    active: Mapped[bool] = mapped_column(default=True)
    locked_by: Mapped[str | None] = mapped_column(String(64))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    default_service: Mapped[Service | None] = relationship()
    default_entity: Mapped[Entity | None] = relationship()

    @property
    def moves_processed(self) -> bool:
        return bool(self.processed_folder)


class InboundMessage(db.Model):
    """One message received: its raw bytes kept by hash, and the one outcome it got."""

    __tablename__ = "inbound_messages"
    __table_args__ = (
        UniqueConstraint("mailbox_id", "uidvalidity", "uid", name="uq_inbound_messages_uid"),
        UniqueConstraint("mailbox_id", "message_id", "sha256", name="uq_inbound_messages_key"),
        Index("ix_inbound_messages_sender_received", "from_addr", "received_at"),
        Index("ix_inbound_messages_outcome", "outcome", "received_at"),
        Index("ix_inbound_messages_message_id", "message_id"),
        Index("ix_inbound_messages_sender_dated", "from_addr", "dated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox_id: Mapped[int] = mapped_column(ForeignKey("mailboxes.id"))
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    uid: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    source: Mapped[str] = mapped_column(String(500), default="")
    from_addr: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(255), default="")
    # The mail's own date (its Date header, else its arrival) and a hash of its normalised
    # content: loops and duplicates are told from a backlog and from reused Message-IDs by them.
    dated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[Outcome] = mapped_column(db_enum(Outcome, "inbound_outcome"),
                                             default=Outcome.RECEIVED)
    reason: Mapped[str] = mapped_column(String(40), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    raw_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Looked at under *Courriels reçus* and left as it is: no longer "à revoir".
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    mailbox: Mapped[Mailbox] = relationship()
    ticket = relationship("Ticket")
    reviewed_by = relationship("User")
