"""What the indicators add to the relations manager's home page: the flow alerts to examine."""

from sqlalchemy import func, select

from indicators.models import FlowAlert
from portal.enums import Role
from portal.extensions import db
from portal.models import User


def home_panel(user: User, role: Role) -> dict | None:
    """How many flow alerts wait, by kind, for the relations managers."""
    if role not in (Role.RELATIONS_MANAGER, Role.ADMIN):
        return None
    counts = dict(db.session.execute(select(FlowAlert.kind, func.count()).where(
        FlowAlert.dismissed_at.is_(None)).group_by(FlowAlert.kind)).all())
    return {"template": "indicators/_home_panel.html", "counts": counts} if counts else None
