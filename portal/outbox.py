"""The mail outbox: mail is queued in the caller's transaction and sent by the worker."""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import current_app, has_request_context, render_template, url_for
from sqlalchemy import Index, LargeBinary, String, Text, select, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from portal.exports import ExportFile
from portal.extensions import db
from portal.timeutil import UTCDateTime, utcnow

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Seconds between attempts to record a sent message: soon (another sender could take the row
# once the database is back), and for long enough to outlast a restart or a failover.
RECORD_RETRIES = (0.2, 0.5, 1, 1, 2, 2, 4, 4, 8, 8)
# Python's email package also breaks lines at NEL, LS and PS.
_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]+")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # a subject must not read backwards


class OutboxMessage(db.Model):
    """One outgoing e-mail, kept after sending as the record of what went out."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_to_addr_created", "to_addr", "created_at"),
        # The sender walks unsent rows in id order; sent ones must not be scanned.
        Index("ix_outbox_messages_unsent", "sent_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    to_addr: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(40), default="notification")
    cc_addrs: Mapped[str] = mapped_column(Text, default="")
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    in_reply_to: Mapped[str] = mapped_column(String(255), default="")
    references: Mapped[str] = mapped_column(Text, default="")
    auto_submitted: Mapped[str] = mapped_column(String(20), default="auto-generated")
    invitation: Mapped[str | None] = mapped_column(Text)
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    attachment_name: Mapped[str] = mapped_column(String(200), default="")
    attachment_type: Mapped[str] = mapped_column(String(100), default="")


def clean_header(value: str) -> str:
    """Fold a header value to one line with no control characters (no header injection).

    Our values are plain text: an RFC 2047 word in them ("=?utf-8?q?=0D=0ABcc:...?=", from a
    subject or a Message-ID) would be decoded when the mail is written out, CR/LF included
    (CVE-2024-6923 on Python 3.11.7). "=?" is split so that nothing is decoded.
    """
    return _CONTROL.sub(" ", _BIDI.sub("", value)).replace("=?", "= ?").strip()


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail, built the same in a web request and in the worker."""
    base = current_app.config["BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    adapter = current_app.extensions.get("mail_url_adapter")
    if adapter is None:
        adapter = current_app.extensions["mail_url_adapter"] = current_app.url_map.bind("mail")
    return base + adapter.build(endpoint, values)


def message_id_domain() -> str:
    """The domain of the Message-IDs the portal generates (to recognise its own mail)."""
    return current_app.config["MAIL_MESSAGE_ID_DOMAIN"]


def queue_mail(to_addr: str, subject: str, template: str, now: datetime,
               headers: dict | None = None, message_id: str | None = None,
               ics: str | None = None, attachment: ExportFile | None = None,
               **context) -> OutboxMessage:
    """Render templates/email/<template>.txt and .html and queue the message.

    ``headers`` may set category, cc_addrs, reply_to, in_reply_to, references and
    auto_submitted; every value is cleaned of control characters. ``ics`` is an
    iCalendar REQUEST sent along, which mail clients offer to add to the calendar;
    ``attachment`` a file joined to the message (a report, say).
    """
    extra = {"category": "notification", "cc_addrs": "", "reply_to": "", "in_reply_to": "",
             "references": "", "auto_submitted": "auto-generated"} | {
        key: clean_header(value) for key, value in (headers or {}).items()}
    message = OutboxMessage(
        message_id=message_id or make_msgid(domain=message_id_domain()),
        to_addr=clean_header(to_addr),
        subject=clean_header(subject)[:255],
        body_text=render_template(f"email/{template}.txt", **context),
        body_html=render_template(f"email/{template}.html", **context),
        created_at=now,
        next_attempt_at=now,
        attempts=0,
        last_error="",
        invitation=ics,
        attachment=attachment.data if attachment else None,
        attachment_name=clean_header(attachment.filename) if attachment else "",
        attachment_type=attachment.content_type if attachment else "",
        **extra,
    )
    db.session.add(message)
    return message


def build_email(message: OutboxMessage, sender: str, loop_tag: str) -> EmailMessage:
    """Turn an outbox row into a MIME message marked as automatic and carrying our X-Loop."""
    email = EmailMessage()
    email["From"] = clean_header(sender)
    email["To"] = clean_header(message.to_addr)
    for name, value in (("Cc", message.cc_addrs), ("Reply-To", message.reply_to),
                        ("In-Reply-To", message.in_reply_to),
                        ("References", message.references)):
        if value:
            email[name] = clean_header(value)
    email["Subject"] = clean_header(message.subject)
    email["Message-ID"] = message.message_id
    email["Date"] = message.created_at
    email["Auto-Submitted"] = clean_header(message.auto_submitted) or "auto-generated"
    email["X-Loop"] = loop_tag
    email["X-Auto-Response-Suppress"] = "All"
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    if message.invitation:
        email.add_alternative(message.invitation, subtype="calendar",
                              params={"method": "REQUEST"})
        email.add_attachment(message.invitation.encode(), maintype="application",
                             subtype="ics", filename="invitation.ics")
    if message.attachment is not None:
        maintype, _, subtype = (message.attachment_type or "application/octet-stream").partition(
            "/")
        email.add_attachment(message.attachment, maintype=maintype, subtype=subtype,
                             filename=message.attachment_name or "piece-jointe")
    return email


def _deliver(email: EmailMessage, config: dict) -> None:
    if not config["SMTP_HOST"]:
        folder = Path(config["OUTBOX_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        name = email["Message-ID"].strip("<>").replace("/", "_")
        (folder / f"{name}.eml").write_bytes(bytes(email))
        return
    context = ssl.create_default_context()
    security = config["SMTP_SECURITY"]
    smtp_cls = smtplib.SMTP_SSL if security == "ssl" else smtplib.SMTP
    kwargs = {"context": context} if security == "ssl" else {}
    with smtp_cls(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"],
                  **kwargs) as smtp:
        if security == "starttls":
            smtp.starttls(context=context)
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        smtp.send_message(email)


def claim_next_message(now: datetime) -> OutboxMessage | None:
    """Lock the oldest due unsent message; parallel workers skip the rows others hold."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
        .where(OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return db.session.scalar(query)


def send_message(message: OutboxMessage, now: datetime) -> bool:
    """Try to deliver one message; on failure, schedule a retry with a growing delay."""
    config = current_app.config
    message.attempts += 1
    try:
        email = build_email(message, config["MAIL_FROM"], config["MAIL_LOOP_TAG"])
        _deliver(email, config)
    except (OSError, smtplib.SMTPException, ValueError) as exc:
        # ValueError: a message the email package cannot write. It fails alone; it must not
        # stay the oldest due row that every run stumbles on, blocking all mail behind it.
        message.last_error = f"{type(exc).__name__}: {exc}"[:500]
        message.next_attempt_at = now + timedelta(minutes=2 ** message.attempts)
        logger.warning("Sending outbox message %s failed: %s", message.id, message.last_error)
        return False
    message.sent_at = now
    message.last_error = ""
    logger.info("Sent outbox message %s", message.id)
    return True


def commit_sent(message: OutboxMessage) -> None:
    """Commit a delivered message as sent; if the database is lost, record it again, never resend.

    The relay has accepted the mail: a commit lost to a database restart would leave the row
    unsent and the next run would mail it a second time. Only a worker killed between the
    relay's answer and this commit still sends twice (with the same Message-ID).
    """
    message_id = message.id
    values = {"sent_at": message.sent_at, "attempts": message.attempts, "last_error": ""}
    try:
        db.session.commit()
        return
    except (OperationalError, InterfaceError):
        db.session.rollback()
    for delay in RECORD_RETRIES:
        logger.warning("Outbox message %s sent but not recorded; retrying in %s s",
                       message_id, delay)
        time.sleep(delay)
        try:
            db.session.execute(update(OutboxMessage).where(
                OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None)).values(**values))
            db.session.commit()
            return
        except (OperationalError, InterfaceError):
            db.session.rollback()
    raise RuntimeError(f"outbox message {message_id} was sent but could not be recorded")
