"""Alerts on inbound flows: entity × service pairs that moved beyond the threshold between a
month and the one before, and entities that became clients in the month."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from indicators.models import FlowAlert
from indicators.periods import Period
from indicators.queries import Scope, new_client_ids, read
from portal.extensions import db


def flow_changes(period: Period, percent: int, minimum: int) -> list[tuple]:
    """(kind, entity, service, previous, current) of the pairs whose flow moved enough."""
    flows = read({"current": period, "previous": period.previous()}, Scope(),
                 ("entity_id", "service_id"), ("received",))
    pairs = set(flows["current"]) | set(flows["previous"])
    changes = []
    for entity_id, service_id in sorted(pairs):
        if not entity_id or not service_id:
            continue
        now = flows["current"].get((entity_id, service_id))
        before = flows["previous"].get((entity_id, service_id))
        now, before = (now["received"] if now else 0), (before["received"] if before else 0)
        if max(now, before) < minimum or not before:
            continue
        if abs(now - before) * 100 >= percent * before:
            changes.append(("rise" if now > before else "fall", entity_id, service_id,
                            before, now))
    return changes


def detect_flow_alerts(today: date) -> int:
    """Record the alerts of the last whole month; already recorded ones are left as they are."""
    period = Period.default(today)
    config = current_app.config
    found = [*flow_changes(period, config["FLOW_ALERT_PERCENT"], config["FLOW_ALERT_MINIMUM"]),
             *(("new_client", entity_id, None, 0, 1)
               for entity_id in new_client_ids(period, Scope()))]
    known = {(a.kind, a.entity_id, a.service_id) for a in db.session.scalars(
        select(FlowAlert).where(FlowAlert.period_start == period.start))}
    added = 0
    for kind, entity_id, service_id, before, now in found:
        if (kind, entity_id, service_id) in known:
            continue
        db.session.add(FlowAlert(kind=kind, period_start=period.start, period_end=period.end,
                                 entity_id=entity_id, service_id=service_id, previous=before,
                                 current=now))
        added += 1
    db.session.flush()
    return added


def list_alerts(include_dismissed: bool = False, limit: int = 200) -> list[FlowAlert]:
    query = select(FlowAlert).order_by(FlowAlert.period_start.desc(), FlowAlert.kind,
                                       FlowAlert.id).limit(limit)
    if not include_dismissed:
        query = query.where(FlowAlert.dismissed_at.is_(None))
    return list(db.session.scalars(query))


def dismiss_alert(alert: FlowAlert, user, now) -> None:
    alert.dismissed_at, alert.dismissed_by = now, user
    db.session.flush()
