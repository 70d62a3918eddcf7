"""Decide what an inbound mail is before anything is created: pure rules, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tickets.mailbox.machines import (
    calendar_method,
    fingerprint,
    has_responder_headers,
    is_receipt,
    looks_like_auto_reply,
    mail_date,
)
from tickets.mailbox.parse import ParsedMail

__all__ = ["ACCEPT", "IGNORE", "QUARANTINE", "Verdict", "calendar_method", "classify",
           "find_tag", "fingerprint", "is_auto_reply", "is_bounce", "is_bulk", "is_loop",
           "is_no_reply_address", "is_receipt", "mail_date", "strip_tag"]

IGNORE = "ignore"
QUARANTINE = "quarantine"
ACCEPT = "accept"

_BULK_PRECEDENCE = {"bulk", "junk", "list"}
_MACHINE_SENDERS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|bounces?)(\+.*)?@",
                              re.IGNORECASE)
_NO_REPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|ne[-_.]?pas[-_.]?repondre|nepasrepondre)"
    r"([-_.+][^@]*)?@", re.IGNORECASE)
_BOUNCE_REPORTS = {"delivery-status", "feedback-report"}


@dataclass(frozen=True)
class Verdict:
    action: str
    reason: str = ""


def _own(message_id: str, own_domain: str) -> bool:
    domain = message_id.strip("<>").rpartition("@")[2].lower()
    return domain == own_domain or domain.endswith("." + own_domain)


def is_loop(mail: ParsedMail, own_domain: str, loop_tag: str) -> bool:
    """Our own mail coming back, or a machine answering one of our automatic mails."""
    if any(loop_tag.lower() == value.lower() for value in mail.headers.get("x-loop", [])):
        return True
    return mail.has_message_id and _own(mail.message_id, own_domain)


def is_bounce(mail: ParsedMail) -> bool:
    if mail.content_type == "multipart/report" and mail.report_type in _BOUNCE_REPORTS:
        return True
    if mail.header("return-path").strip() in ("<>", "<<>>") or mail.header("x-failed-recipients"):
        return True
    return bool(_MACHINE_SENDERS.match(mail.from_addr))


def is_no_reply_address(address: str) -> bool:
    """An address that says nobody reads what is sent to it (noreply@, ne-pas-repondre@)."""
    return bool(_NO_REPLY.match(address))


def is_auto_reply(mail: ParsedMail) -> bool:
    """A responder's headers (RFC 3834, Exchange, Zimbra, Gmail), or a subject AND body that are
    an out-of-office together: a subject alone is a person's words."""
    return has_responder_headers(mail) or looks_like_auto_reply(mail)


def is_bulk(mail: ParsedMail) -> bool:
    if mail.header("precedence").strip().lower() in _BULK_PRECEDENCE:
        return True
    return bool(mail.header("list-id") or mail.header("list-unsubscribe"))


def classify(mail: ParsedMail, own_domain: str, loop_tag: str, *, sender_known: bool = False,
             addressed_to_us: bool = False) -> Verdict:
    """The first rule that matches wins: loops, bounces, receipts, invitations, responders,
    bulk, then unreadable.

    ``sender_known`` says the sender is a person of the directory and ``addressed_to_us``
    that the mailbox is in To or Cc: such a mail is a request even through a list.
    """
    if is_loop(mail, own_domain, loop_tag):
        return Verdict(IGNORE, "loop")
    if is_receipt(mail):
        return Verdict(IGNORE, "receipt")
    if is_bounce(mail):
        return Verdict(IGNORE, "bounce")
    if calendar_method(mail):
        return Verdict(IGNORE, "calendar")
    if is_auto_reply(mail):
        return Verdict(IGNORE, "auto-reply")
    if is_bulk(mail) and not (sender_known and addressed_to_us):
        return Verdict(IGNORE, "bulk")
    if mail.encrypted:
        return Verdict(QUARANTINE, "encrypted")
    if not mail.from_addr:
        return Verdict(QUARANTINE, "no-sender")
    return Verdict(ACCEPT)


def find_tag(subject: str, prefix: str) -> str | None:
    """The request number quoted in a subject, e.g. '[DSI-2026-00042]'."""
    found = re.search(rf"\[({re.escape(prefix)}-\d{{4}}-\d{{5,}})\]", subject)
    return found.group(1) if found else None


def strip_tag(subject: str, number: str) -> str:
    return " ".join(subject.replace(f"[{number}]", " ").split())
