"""The relations manager's printable monthly report: built as a PDF in the worker, downloadable
from the dashboard and mailed each month to the relations managers and the DSI's readers."""

from __future__ import annotations

import logging
from datetime import date, datetime

from flask import current_app, render_template
from sqlalchemy import select

from catalog.pdf import render_pdf
from indicators import board, relationship
from indicators.alerts import list_alerts
from indicators.models import MonthlyReport
from indicators.periods import Period
from indicators.queries import Scope
from portal.calendars import default_business_calendar
from portal.enums import Role
from portal.exports import ExportFile
from portal.extensions import db
from portal.outbox import external_url, queue_mail
from portal.queries import users_with_roles

logger = logging.getLogger(__name__)
KIND = "indicators.report_pdf"
CHART_WIDTH, CHART_HEIGHT = 480, 120


def chart_points(values: list[int]) -> str:
    """The points of an SVG polyline drawing the values across the chart's width."""
    top = max(values, default=0) or 1
    step = CHART_WIDTH / max(len(values) - 1, 1)
    return " ".join(f"{i * step:.1f},{CHART_HEIGHT - value * CHART_HEIGHT / top:.1f}"
                    for i, value in enumerate(values))


def render_report(period: Period, progress=lambda done, total, step: None) -> bytes:
    """The report of a period as a PDF: the mailbox analysis, loyalty and promotion, alerts."""
    scope = Scope()
    progress(0, 3, "Analyse de la boîte fonctionnelle")
    sections = board.mailbox_board(period, scope)
    progress(1, 3, "Fidélisation et promotion")
    relation = relationship.relationship_board(period, scope)
    detail = relationship.new_clients_detail(period, scope)
    summary = sections[0].chart
    progress(2, 3, "Mise en page du PDF")
    html = render_template(
        "indicators/pdf/report.html", period=period, sections=sections, relation=relation,
        detail=detail, alerts=[a for a in list_alerts(include_dismissed=True)
                               if a.period_start == period.start],
        chart={"labels": summary["labels"], "width": CHART_WIDTH, "height": CHART_HEIGHT,
               "received": chart_points(summary["series"]["received"]),
               "resolved": chart_points(summary["series"]["resolved"]),
               "top": max(summary["series"]["received"] + summary["series"]["resolved"],
                          default=0)})
    return render_pdf(html)


def report_filename(period: Period) -> str:
    return f"rapport-relations-clients-{period.start.isoformat()}.pdf"


def build_report_export(job, progress) -> ExportFile:
    """The export job's builder: the period is in the job's parameters."""
    period = Period(job.params["period"], date.fromisoformat(job.params["start"]),
                    date.fromisoformat(job.params["end"]))
    return ExportFile(render_report(period, progress), report_filename(period),
                      "application/pdf")


def report_recipients() -> list[str]:
    """The relations managers, then the addresses of PORTAL_REPORT_RECIPIENTS."""
    managers = [user.email for user in db.session.scalars(
        users_with_roles(Role.RELATIONS_MANAGER))]
    extra = [a.strip() for a in current_app.config["REPORT_RECIPIENTS"].split(",") if a.strip()]
    return list(dict.fromkeys(managers + extra))


def send_monthly_report(now: datetime, today: date) -> int:
    """Mail last month's report once, on an open day; return how many people it went to."""
    if default_business_calendar().is_closed_day(today) or today.weekday() >= 5:
        return 0
    period = Period.default(today)
    report = db.session.scalar(select(MonthlyReport).where(
        MonthlyReport.month == period.start).with_for_update())
    if report is None:
        report = MonthlyReport(month=period.start)
        db.session.add(report)
    if report.sent_at is not None:
        return 0
    report.pdf, report.built_at = render_report(period), now
    recipients, lines = report_recipients(), board.summary_lines(period, Scope())
    attachment = ExportFile(report.pdf, report_filename(period), "application/pdf")
    for address in recipients:
        queue_mail(address, f"Rapport mensuel Relations Clients — {period.label}",
                   "indicators/monthly_report", now, attachment=attachment, period=period,
                   lines=lines, link=external_url("indicators.summary", **period.args()))
    report.sent_at, report.recipients = now, len(recipients)
    db.session.flush()
    logger.info("Monthly report of %s queued for %d recipients", period.start, len(recipients))
    return len(recipients)
