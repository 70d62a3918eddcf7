"""Web views of the indicators: the dashboards, their exports and the monthly report."""


from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from indicators import board, queries, report
from indicators import relationship as relation
from indicators.alerts import dismiss_alert, list_alerts
from indicators.exports import board_table
from indicators.models import FlowAlert
from indicators.periods import KINDS, period_from_args
from indicators.refresh import get_freshness
from indicators.surveys.result_queries import filter_choices, led_services
from portal import audit
from portal.audit import AuditKind
from portal.enums import Role
from portal.extensions import db
from portal.security import role_required
from portal.tabular import csv_response, xlsx_response
from portal.timeutil import utcnow
from portal.views.exports import launch_export

bp = Blueprint("indicators", __name__, url_prefix="/indicateurs")
MANAGERS = (Role.RELATIONS_MANAGER, Role.ADMIN)
EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}


TABS = (("indicators.mailbox", _l("Boîte fonctionnelle"), MANAGERS),
        ("indicators.relationship", _l("Fidélisation et promotion"), MANAGERS),
        ("indicators.alerts", _l("Alertes de flux"), MANAGERS),
        ("indicators.services", _l("Par service"), (*MANAGERS, Role.PRODUCT_LEAD)),
        ("indicators.summary", _l("Synthèse DSI"), (*MANAGERS, Role.PRODUCT_LEAD)))


@bp.context_processor
def _tabs():
    return {"indicator_tabs": [(endpoint, str(label)) for endpoint, label, roles in TABS
                               if current_user.is_authenticated and current_user.has_role(*roles)],
            "query_for": lambda period, filters=None: period.args() | (
                filters.args() if filters else {})}


def _today():
    return board.local_today(utcnow())


def _scope(filters) -> queries.Scope:
    """The slice the filters leave, within the product lead's own services for a lead."""
    own = None if current_user.has_role(*MANAGERS) else led_services(current_user)
    return queries.scope_of(filters, own)


def _summary_sections(period, scope) -> list:
    return [board.Section("summary", str(_l("Boîte fonctionnelle")),
                          board.summary_lines(period, scope)),
            relation.loyalty_section(period, scope), relation.promotion_section(period, scope)]


def _services_sections(period, scope) -> list:
    overview, rows = board.services_board(period, scope)
    return [overview, *(board.Section(f"service:{service.code}", service.name, lines)
                        for service, lines in rows),
            relation.coverage_section(period, scope)]


# What each dashboard exports: who may, how its sections are built, the file's name, and
# whether it reads the slice asked for (the DSI summary is always the whole DSI).
BOARDS = {
    "boite": (MANAGERS, board.mailbox_board, "analyse-boite", True),
    "relation": (MANAGERS, relation.relationship_board, "fidelisation-promotion", True),
    "services": ((*MANAGERS, Role.PRODUCT_LEAD), _services_sections, "indicateurs-services",
                 True),
    "synthese": ((*MANAGERS, Role.PRODUCT_LEAD), _summary_sections, "synthese-dsi", False),
}


def _asked():
    """The period, the filters and the slice of the query string."""
    period = period_from_args(request.args, _today())
    filters = queries.filters_from_args(request.args)
    return period, filters, _scope(filters)


def _board_context(period, filters, **extra):
    return {"period": period, "filters": filters, "kinds": KINDS,
            "freshness": get_freshness(), "choices": filter_choices(current_user), **extra}


@bp.get("/")
@role_required(*MANAGERS)
def mailbox():
    period, filters, scope = _asked()
    return render_template("indicators/mailbox.html", **_board_context(
        period, filters, sections=board.mailbox_board(period, scope)))


@bp.get("/<name>.<fmt>")
@login_required
def export(name: str, fmt: str):
    if name not in BOARDS or fmt not in EXPORTS:
        abort(404)
    roles, build, filename, sliced = BOARDS[name]
    if not current_user.has_role(*roles):
        abort(403)
    period, _filters, scope = _asked()
    header, rows = board_table(period, build(period, scope if sliced else queries.Scope()))
    audit.record(AuditKind.EXPORT, f"indicateurs {name} {period.start.isoformat()} {fmt}")
    return EXPORTS[fmt](f"{filename}-{period.start.isoformat()}.{fmt}", header, rows)


@bp.get("/relation")
@role_required(*MANAGERS)
def relationship():
    period, filters, scope = _asked()
    return render_template("indicators/relationship.html", **_board_context(
        period, filters, sections=relation.relationship_board(period, scope),
        detail=relation.new_clients_detail(period, scope),
        trend=relation.monthly_trends(period, scope)))


@bp.get("/alertes")
@role_required(*MANAGERS)
def alerts():
    return render_template("indicators/alerts.html", alerts=list_alerts(), period=None,
                           threshold=current_app.config["FLOW_ALERT_PERCENT"],
                           minimum=current_app.config["FLOW_ALERT_MINIMUM"])


@bp.post("/alertes/<int:alert_id>/classer")
@role_required(*MANAGERS)
def dismiss(alert_id: int):
    dismiss_alert(db.get_or_404(FlowAlert, alert_id), current_user, utcnow())
    db.session.commit()
    flash(_("Alerte classée."), "success")
    return redirect(url_for("indicators.alerts"))


@bp.get("/synthese")
@role_required(*MANAGERS, Role.PRODUCT_LEAD)
def summary():
    period = period_from_args(request.args, _today())
    scope = queries.Scope()
    return render_template("indicators/summary.html", period=period, filters=queries.Filters(),
                           kinds=KINDS, freshness=get_freshness(),
                           sections=_summary_sections(period, scope),
                           alerts=list_alerts(limit=10))


@bp.get("/mes-services")
@role_required(*MANAGERS, Role.PRODUCT_LEAD)
def services():
    period, filters, scope = _asked()
    overview, rows = board.services_board(period, scope)
    return render_template("indicators/services.html", **_board_context(
        period, filters, overview=overview, rows=rows,
        coverage=relation.coverage_section(period, scope)))


@bp.post("/rapport")
@role_required(*MANAGERS)
def report_pdf():
    period = period_from_args(request.form, _today())
    return launch_export(report.KIND, period=period.kind, start=period.start.isoformat(),
                         end=period.end.isoformat())
