"""What the surveys add to the home page: the surveys waiting for the user's answer."""

from sqlalchemy import select

from indicators.surveys.answers import link_state
from indicators.surveys.enums import InvitationStatus
from indicators.surveys.models import Invitation
from portal.enums import Role
from portal.extensions import db
from portal.models import User
from portal.timeutil import utcnow


def home_panel(user: User, role: Role) -> dict | None:
    """The open invitations of the user, newest first."""
    now = utcnow()
    pending = [invitation for invitation in db.session.scalars(select(Invitation).where(
        Invitation.user_id == user.id, Invitation.status == InvitationStatus.SENT)
        .order_by(Invitation.sent_at.desc()).limit(5)) if link_state(invitation, now) == "open"]
    return {"template": "surveys/_home_panel.html", "pending": pending} if pending else None
