"""The safety net: which received mails a person should look at, and the filters of the list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select

from portal.extensions import db
from portal.models import Contact, User
from tickets.enums import Outcome
from tickets.mailbox.models import InboundMessage

TO_REVIEW = "a-revoir"
PROBLEMS = (Outcome.FAILED, Outcome.QUARANTINED)


@dataclass
class InboundFilters:
    """What the relations manager asked to see in *Courriels reçus*."""

    view: str = TO_REVIEW
    reason: str = ""
    sender: str = ""
    start: date | None = None
    end: date | None = None


def from_directory():
    """The sender is a person of the directory: a portal user or a known contact."""
    sender = func.lower(InboundMessage.from_addr)
    return and_(InboundMessage.from_addr != "", or_(
        sender.in_(select(func.lower(User.email))),
        sender.in_(select(func.lower(Contact.email)).where(Contact.email != ""))))


def to_review():
    """Quarantined or failed mail, and mail ignored although a person of the directory sent it."""
    ignored_person = and_(InboundMessage.outcome == Outcome.IGNORED,
                          InboundMessage.reason != "duplicate", from_directory())
    return and_(InboundMessage.reviewed_at.is_(None),
                or_(InboundMessage.outcome.in_(PROBLEMS), ignored_person))


def is_to_review(row: InboundMessage) -> bool:
    """Whether the mail is still in the list to review (the same rule as ``to_review``)."""
    query = select(InboundMessage.id).where(InboundMessage.id == row.id, to_review())
    return db.session.scalar(query) is not None


def mark_reviewed(row: InboundMessage, actor: User, now: datetime) -> None:
    """Leave the mail as it is and take it out of the list to review."""
    row.reviewed_at, row.reviewed_by_id = now, actor.id
    db.session.flush()


def list_inbound_query(filters: InboundFilters, tz=None):
    """The received mails matching the filters, newest first."""
    query = select(InboundMessage).order_by(InboundMessage.received_at.desc(),
                                            InboundMessage.id.desc())
    if filters.view == TO_REVIEW:
        query = query.where(to_review())
    elif filters.view == "problemes":
        query = query.where(InboundMessage.outcome.in_(PROBLEMS))
    elif filters.view == "ecartes":
        query = query.where(InboundMessage.outcome.in_((*PROBLEMS, Outcome.IGNORED)))
    elif filters.view in Outcome._value2member_map_:
        query = query.where(InboundMessage.outcome == Outcome(filters.view))
    if filters.reason:
        query = query.where(InboundMessage.reason == filters.reason)
    if filters.sender:
        query = query.where(func.lower(InboundMessage.from_addr).contains(
            filters.sender.strip().lower(), autoescape=True))
    if filters.start:
        query = query.where(InboundMessage.received_at >= _instant(filters.start, tz))
    if filters.end:
        query = query.where(InboundMessage.received_at
                            < _instant(filters.end + timedelta(days=1), tz))
    return query


def _instant(day: date, tz) -> datetime:
    """Midnight of a local day, as an aware instant (pytz zones must localize, not replace)."""
    midnight = datetime.combine(day, time(0))
    if tz is None:
        return midnight.replace(tzinfo=UTC)
    return tz.localize(midnight) if hasattr(tz, "localize") else midnight.replace(tzinfo=tz)


def count_to_review_from_people() -> int:
    """Mails a person of the directory sent that did not become a request or a follow-up."""
    return db.session.scalar(select(func.count(InboundMessage.id)).where(
        to_review(), from_directory())) or 0


def list_reasons() -> list[str]:
    """The reasons stored so far, for the filter."""
    return list(db.session.scalars(select(InboundMessage.reason).where(
        InboundMessage.reason != "").distinct().order_by(InboundMessage.reason)))
