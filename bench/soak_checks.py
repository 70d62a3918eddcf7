"""What bench/soak.py checks once everything is settled: nothing lost, nothing doubled."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

from flask import current_app
from soak_mail import EXPECTED, Fed
from sqlalchemy import func, select

from portal.extensions import db
from portal.outbox import OutboxMessage
from tickets.blobs import read_blob
from tickets.enums import Outcome
from tickets.mailbox.ingest import DONE
from tickets.mailbox.models import InboundMessage
from tickets.models import Ticket

_NUMBER = re.compile(r"^<([A-Z]+-\d{4}-\d{5,})\.")
MACHINES = ("mailer-daemon@", "lettre-rh@", "relations.dsi@")


def settled() -> tuple[int, int, int]:
    """(inbound rows, rows without a final outcome, acknowledgments not yet sent)."""
    rows = db.session.scalar(select(func.count(InboundMessage.id)))
    pending = db.session.scalar(select(func.count(InboundMessage.id)).where(
        InboundMessage.outcome.not_in(DONE)))
    unsent = db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.sent_at.is_(None)))
    db.session.commit()
    return rows, pending, unsent


def verify(fed: list[Fed], deliveries: Counter, inbox: int, processed: int) -> dict:
    """Every figure of the final state, and the list of problems (empty when all is well)."""
    problems: list[str] = []
    firsts: dict[tuple[str, str], Fed] = {}
    for item in fed:
        firsts.setdefault((item.message_id, item.sha256), item)
    rows = db.session.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()
    by_key = defaultdict(list)
    for row in rows:
        by_key[(row.message_id, row.sha256)].append(row)
    lost = [key for key in firsts if key not in by_key]
    extra_rows = sum(len(found) - 1 for found in by_key.values()) + sum(
        len(found) for key, found in by_key.items() if key not in firsts)
    problems += [f"lost: {firsts[key].kind} {key[0]}" for key in lost[:20]]
    if extra_rows:
        problems.append(f"{extra_rows} inbound rows more than distinct messages")
    unsettled = [row for row in rows if row.outcome not in DONE]
    problems += [f"inbound {row.id} left {row.outcome.value}: {row.error[:200]}"
                 for row in unsettled[:20]]
    problems += _outcomes(firsts, by_key)
    tickets = {ticket.id: ticket for ticket in db.session.scalars(select(Ticket))}
    requests = {item.message_id for item in fed if item.kind in ("new", "new-external")}
    if len(tickets) != len(requests):
        problems.append(f"{len(tickets)} requests for {len(requests)} new-request Message-IDs")
    acks = db.session.scalars(select(OutboxMessage).where(OutboxMessage.category == "ack")).all()
    ack_figures, ack_problems = _acks(acks, tickets, deliveries)
    problems += ack_problems
    to_machines = db.session.scalar(select(func.count(OutboxMessage.id)).where(
        func.lower(OutboxMessage.to_addr).startswith(MACHINES[0])
        | func.lower(OutboxMessage.to_addr).startswith(MACHINES[1])
        | func.lower(OutboxMessage.to_addr).startswith(MACHINES[2])))
    if to_machines:
        problems.append(f"{to_machines} mails queued to a machine or to ourselves")
    bad_raw = [row.id for row in rows if hashlib.sha256(read_blob(row.sha256)).hexdigest()
               != row.sha256]
    if bad_raw:
        problems.append(f"raw not kept byte-identical for inbound {bad_raw[:10]}")
    if inbox:
        problems.append(f"INBOX still holds {inbox} messages")
    if processed != len(fed):
        problems.append(f"processed folder holds {processed} of the {len(fed)} appended")
    duplicated = extra_rows + max(0, len(tickets) - len(requests)) + ack_figures["extra_rows"] \
        + ack_figures["resent"]
    return {"appended": len(fed), "distinct": len(firsts), "rows": len(rows),
            "outcomes": dict(sorted(Counter(
                f"{row.outcome.value}:{row.reason}" if row.reason else row.outcome.value
                for row in rows).items())),
            "requests": len(tickets), "expected_requests": len(requests),
            "lost": len(lost) + len(unsettled), "duplicated": duplicated,
            "failed": sum(row.outcome is Outcome.FAILED for row in rows),
            "inbox_left": inbox, "acks": ack_figures, "problems": problems}


def _outcomes(firsts: dict, by_key: dict) -> list[str]:
    """Each message got the outcome its kind calls for; one request per new Message-ID."""
    problems = []
    groups = defaultdict(list)
    for key, item in firsts.items():
        found = by_key.get(key, [])
        if not found:
            continue
        row = found[0]
        if item.kind in ("new", "new-external", "redelivery"):
            groups[item.message_id].append(row)
            continue
        want = EXPECTED[item.kind]
        got = (row.outcome.value, row.reason)
        if got != want:
            problems.append(f"{item.kind} {item.message_id}: {got}, expected {want}")
        elif item.ticket and (row.ticket is None or row.ticket.number != item.ticket):
            problems.append(f"{item.kind} {item.message_id} joined "
                            f"{row.ticket.number if row.ticket else None}, not {item.ticket}")
        elif want[0] == "ignored" and row.ticket_id is not None:
            problems.append(f"{item.kind} {item.message_id} linked to a request")
    for message_id, rows in groups.items():
        created = [row for row in rows if row.outcome is Outcome.CREATED]
        copies = [row for row in rows if (row.outcome, row.reason) == (Outcome.IGNORED,
                                                                        "duplicate")]
        if len(created) != 1 or len(created) + len(copies) != len(rows):
            problems.append(f"{message_id}: outcomes {[(r.outcome.value, r.reason) for r in rows]}")
        elif {row.ticket_id for row in rows} != {created[0].ticket_id}:
            problems.append(f"{message_id}: copies not linked to request {created[0].ticket_id}")
    return problems


def _acks(acks: list[OutboxMessage], tickets: dict, deliveries: Counter) -> tuple[dict, list]:
    """One acknowledgment row per request, sent, and delivered exactly once.

    Senders outside the directory get at most ACK_OUTSIDERS_PER_HOUR acknowledgments an hour
    between them (forged senders must not turn the portal into a relay): the others are
    withheld by design, not missing.
    """
    problems = []
    per_number = Counter(_NUMBER.match(ack.message_id).group(1) for ack in acks
                         if _NUMBER.match(ack.message_id))
    numbers = {ticket.number: ticket for ticket in tickets.values()}
    missing = [number for number, ticket in numbers.items()
               if per_number[number] == 0 and ticket.requester_id is not None]
    outsiders = [number for number, ticket in numbers.items() if ticket.requester_id is None]
    cap = current_app.config.get("ACK_OUTSIDERS_PER_HOUR", len(outsiders))
    withheld = sum(1 for number in outsiders if per_number[number] == 0)
    if len(outsiders) - withheld < min(len(outsiders), cap):
        missing += [number for number in outsiders if per_number[number] == 0]
        withheld = 0
    extra_rows = sum(count - 1 for count in per_number.values() if count > 1)
    unsent = [ack.id for ack in acks if ack.sent_at is None]
    wrong_to = [ack.id for ack in acks if (number := _NUMBER.match(ack.message_id))
                and number.group(1) in numbers
                and numbers[number.group(1)].requester_email != ack.to_addr.lower()]
    delivered = {ack.message_id: deliveries.get(ack.message_id, 0) for ack in acks}
    never = [mid for mid, count in delivered.items() if count == 0]
    resent = sum(count - 1 for count in delivered.values() if count > 1)
    if missing:
        problems.append(f"{len(missing)} requests without acknowledgment: {missing[:10]}")
    if extra_rows:
        problems.append(f"{extra_rows} acknowledgment rows more than requests")
    if unsent or never:
        problems.append(f"acknowledgments not sent: rows {unsent[:10]}, never delivered "
                        f"{never[:10]}")
    if wrong_to:
        problems.append(f"acknowledgments to someone else than the requester: {wrong_to[:10]}")
    if resent:
        twice = [mid for mid, count in delivered.items() if count > 1]
        problems.append(f"{resent} acknowledgment deliveries repeated (same Message-ID): "
                        f"{twice[:10]}")
    return {"rows": len(acks), "delivered": sum(1 for c in delivered.values() if c),
            "resent": resent, "extra_rows": extra_rows, "missing": len(missing),
            "withheld_outsiders": withheld, "outsider_requests": len(outsiders)}, problems
