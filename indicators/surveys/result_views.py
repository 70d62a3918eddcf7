"""Results of the surveys, the barometer across editions, and the responses as spreadsheets."""


from flask import abort, render_template, request
from flask_login import current_user, login_required

from indicators.surveys import result_queries as queries
from indicators.surveys.enums import SurveyKind
from indicators.surveys.models import Response, Survey
from indicators.surveys.results import MISSING, chart_data
from indicators.surveys.views import bp
from portal import audit
from portal.audit import AuditKind
from portal.extensions import db
from portal.tabular import csv_response, xlsx_response

EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}


def _readable_survey(survey_id: int) -> Survey:
    survey = db.get_or_404(Survey, survey_id)
    if not queries.can_see_results(current_user, survey):
        abort(403)
    return survey


@bp.get("/<int:survey_id>/resultats")
@login_required
def results(survey_id: int):
    survey = _readable_survey(survey_id)
    filters = queries.ResultFilter.from_args(request.args)
    return render_template("surveys/results.html", survey=survey, filters=filters,
                           report=queries.get_report(survey, current_user, filters),
                           choices=queries.filter_choices(current_user),
                           dimension=queries.DIMENSIONS[filters.by], missing=MISSING)


@bp.get("/barometre")
@login_required
def barometer():
    kind = queries.barometer_kind(request.args.get("type"), current_user)
    if not queries.can_see_kind(current_user, kind):
        abort(403)
    board = queries.get_barometer(kind, current_user)
    kinds = [value for value in SurveyKind if queries.can_see_kind(current_user, value)]
    return render_template("surveys/barometer.html", kind=kind, kinds=kinds, board=board,
                           surveys=queries.list_answered_surveys(kind),
                           ratings=chart_data(board, "rating"), nps=chart_data(board, "nps"),
                           missing=MISSING)


@bp.get("/<int:survey_id>/export.<fmt>")
@login_required
def export_results(survey_id: int, fmt: str):
    if fmt not in EXPORTS:
        abort(404)
    survey = _readable_survey(survey_id)
    filters = queries.ResultFilter.from_args(request.args)
    header, rows = queries.export_table(survey, current_user, filters)
    audit.record(AuditKind.EXPORT, f"enquête {survey.id} : {len(rows)} réponses {fmt}")
    return EXPORTS[fmt](f"enquete-{survey.id}-reponses.{fmt}", header, rows)


@bp.get("/reponses/<int:response_id>")
@login_required
def response(response_id: int):
    response = db.get_or_404(Response, response_id)
    if not queries.can_see_response(current_user, response):
        abort(403)
    return render_template("surveys/response.html", response=response,
                           show_entity=queries.shows_entity(response),
                           month=queries.month_label(response.submitted_at.astimezone(
                               queries.local_tz()).strftime("%Y-%m")))
