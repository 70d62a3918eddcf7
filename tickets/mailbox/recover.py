"""Turn a mail the pipeline set aside into a request, or attach it to one, by hand."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from portal.models import User
from tickets.blobs import read_blob
from tickets.enums import RECOVERED, MessageKind, Outcome, reason_label
from tickets.mailbox import rules
from tickets.mailbox.ingest import _new_message, _open, _settle
from tickets.mailbox.known import Known, load_known
from tickets.mailbox.models import InboundMessage
from tickets.mailbox.parse import ParsedMail, parse_message
from tickets.models import Ticket
from tickets.services import add_message, record

RECOVERABLE = (Outcome.IGNORED, Outcome.QUARANTINED, Outcome.FAILED)


def can_recover(inbound: InboundMessage) -> bool:
    """Set aside, and its raw still kept."""
    return inbound.outcome in RECOVERABLE and inbound.raw_purged_at is None


def is_machine(mail: ParsedMail, known: Known) -> bool:
    """Mail a program sent (auto-reply, bounce, loop, no-reply, a list's): never acknowledged.

    A list or bulk mail from a person of the directory is that person's.
    """
    config = current_app.config
    verdict = rules.classify(mail, config["MAIL_MESSAGE_ID_DOMAIN"], config["MAIL_LOOP_TAG"])
    person = mail.from_addr in known.users or mail.from_addr in known.contacts
    if verdict.action == rules.IGNORE and not (verdict.reason == "bulk" and person):
        return True
    return rules.is_no_reply_address(mail.from_addr)


def _parsed(inbound: InboundMessage) -> ParsedMail:
    return parse_message(read_blob(inbound.sha256), current_app.config["ATTACHMENT_MAX_BYTES"])


def _recovered_reason(inbound: InboundMessage) -> tuple[str, str]:
    """The reason kept on the row ('recovered:<first reason>') and the first one's label."""
    first = inbound.reason or inbound.outcome.value
    return f"{RECOVERED}{first}"[:40], reason_label(first) or inbound.outcome.label


def recover_as_request(inbound: InboundMessage, actor: User, now: datetime) -> Ticket:
    """Open the request the mail would have opened if accepted, acknowledged unless a machine's."""
    mail = _parsed(inbound)
    reason, first = _recovered_reason(inbound)
    known = load_known([(inbound, mail)], now)
    _open(inbound, mail, mail.subject, known, now, reason=reason, recovering=True,
          acknowledge_it=not is_machine(mail, known))
    record(inbound.ticket, actor, now, "recovered", "", first)
    return inbound.ticket


def attach_to_request(inbound: InboundMessage, ticket: Ticket, actor: User,
                      now: datetime) -> None:
    """Add the mail to a request the agent chose, as a message of the conversation."""
    mail = _parsed(inbound)
    reason, first = _recovered_reason(inbound)
    by_requester = bool(mail.from_addr) and mail.from_addr == ticket.requester_email.lower()
    add_message(ticket, MessageKind.INBOUND, _new_message(inbound, mail), now,
                author=ticket.requester if by_requester else None)
    record(ticket, actor, now, "recovered", "", first)
    _settle(inbound, Outcome.FOLLOWUP, reason, now, ticket, mail)
