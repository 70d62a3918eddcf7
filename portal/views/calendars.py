"""Business calendars: opening hours, holidays, closures, with a due-date preview."""

import math
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.calendar_forms import CalendarForm, parse_closures
from portal.calendars import (
    Calendar,
    business_calendar,
    format_intervals,
    list_calendars,
    parse_intervals,
    save_calendar,
)
from portal.enums import Role
from portal.extensions import db
from portal.security import role_required
from portal.timeutil import utcnow

bp = Blueprint("calendars", __name__, url_prefix="/admin/calendriers")
MANAGERS = (Role.ADMIN, Role.RELATIONS_MANAGER)
OFFICE = [("08:30", "12:00"), ("13:30", "17:30")]


@bp.get("/")
@role_required(*MANAGERS)
def index():
    return render_template("admin/calendars.html", calendars=list_calendars(),
                           format_intervals=format_intervals)


@bp.route("/nouveau", methods=["GET", "POST"])
@bp.route("/<int:calendar_id>", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit(calendar_id=None):
    calendar = db.get_or_404(Calendar, calendar_id) if calendar_id else None
    form = CalendarForm(obj=calendar)
    if not form.is_submitted():
        _fill(form, calendar)
    if form.validate_on_submit():
        other = db.session.scalar(db.select(Calendar).where(Calendar.name == form.name.data))
        if other is not None and other is not calendar:
            form.name.errors.append(_("Un autre calendrier porte déjà ce nom."))
        else:
            calendar = save_calendar(
                calendar, name=form.name.data.strip(), timezone=form.timezone.data.strip(),
                alsace_moselle=form.alsace_moselle.data, is_default=form.is_default.data,
                week={day: parse_intervals(field.data)
                      for day, field in enumerate(form.day_fields())},
                closures=parse_closures(form.closures.data), now=utcnow())
            db.session.commit()
            flash(_("Le calendrier « %(name)s » est enregistré.", name=calendar.name), "success")
            return redirect(url_for("calendars.edit", calendar_id=calendar.id))
    return render_template("admin/calendar_form.html", form=form, calendar=calendar,
                           preview=_preview(calendar))


def _fill(form: CalendarForm, calendar: Calendar | None) -> None:
    for day, field in enumerate(form.day_fields()):
        pairs = calendar.week.get(str(day), []) if calendar else (OFFICE if day < 5 else [])
        field.data = format_intervals(pairs)
    if calendar is not None:
        form.closures.data = "\n".join(
            f"{c.first_day:%d/%m/%Y} - {c.last_day:%d/%m/%Y}" + (f" : {c.label}" if c.label
                                                                else "")
            for c in calendar.closures)


def _preview(calendar: Calendar | None) -> dict | None:
    """'A request received on … with N business hours is due on …'."""
    if calendar is None:
        return None
    zone = ZoneInfo(calendar.timezone)
    received = _received(request.args.get("recu", ""), zone)
    minutes = _minutes(request.args.get("heures", "8"))
    due = business_calendar(calendar).add_minutes(received, minutes)
    return {"received": received, "minutes": minutes, "due": due.astimezone(zone),
            "hours": minutes / 60}


def _received(text: str, zone: ZoneInfo) -> datetime:
    try:
        received = datetime.fromisoformat(text[:30]).replace(tzinfo=zone)
    except ValueError:
        received = None
    if received is None or not 2000 <= received.year <= 2100:
        received = datetime(2026, 11, 20, 17, 45, tzinfo=zone)
    return received


def _minutes(text: str) -> int:
    """Business minutes from a number of hours, within two months; 8 h when unreadable."""
    try:
        hours = float(text[:20].replace(",", "."))
    except ValueError:
        return 480
    if not math.isfinite(hours):
        return 480
    return int(min(max(hours, 0.0), 24 * 60) * 60)
