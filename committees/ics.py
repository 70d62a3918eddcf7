"""iCalendar invitations of committee meetings (RFC 5545), read by Outlook and Thunderbird."""

from datetime import datetime

from icalendar import Calendar, Event, vCalAddress, vText

from committees.enums import MeetingStatus
from committees.models import Meeting

PRODUCT_ID = "-//DSI//Portail Relations Clients//FR"


def meeting_uid(meeting: Meeting, domain: str) -> str:
    """The stable identifier of a meeting's invitation across its updates."""
    return f"comite-{meeting.committee_id}-reunion-{meeting.id}@{domain}"


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    address.params.update(params)
    return address


def meeting_ics(meeting: Meeting, organiser: tuple[str, str], domain: str, now: datetime,
                description: str = "") -> str:
    """An invitation (or its cancellation) for every participant who has an e-mail address."""
    cancelled = meeting.status is MeetingStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", meeting_uid(meeting, domain))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.committee.name)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.location:
        event.add("location", meeting.location)
    if description:
        event.add("description", description)
    event.add("organizer", _address(organiser[0], organiser[1]))
    for participant in meeting.participants:
        if participant.email:
            event.add("attendee", _address(participant.email, participant.name,
                                           ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION",
                                           RSVP="TRUE"))
    calendar.add_component(event)
    return calendar.to_ical().decode()
