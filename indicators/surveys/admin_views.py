"""Managing surveys: the post-request settings, campaigns and their live response rates."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from committees.permissions import MANAGERS
from indicators.surveys import engine, services
from indicators.surveys.admin_forms import CampaignForm, PostRequestForm
from indicators.surveys.enums import SurveyKind, SurveyStatus
from indicators.surveys.models import Survey
from indicators.surveys.views import bp
from portal.extensions import db
from portal.i18n import to_local_naive, to_utc
from portal.queries import entity_choices
from portal.security import role_required
from portal.timeutil import utcnow


@bp.get("/")
@role_required(*MANAGERS)
def index():
    surveys = list(db.session.scalars(select(Survey).order_by(
        Survey.kind == SurveyKind.POST_REQUEST, Survey.opens_at.desc(), Survey.id.desc())))
    return render_template("surveys/index.html", surveys=surveys,
                           standings=services.standings([s.id for s in surveys]))


@bp.get("/<int:survey_id>")
@role_required(*MANAGERS)
def show(survey_id: int):
    survey = db.get_or_404(Survey, survey_id)
    return render_template("surveys/show.html", survey=survey,
                           standing=services.standings([survey.id])[survey.id])


@bp.route("/apres-demande", methods=["GET", "POST"])
@role_required(*MANAGERS)
def post_request_settings():
    survey = services.get_post_request_settings()
    form = PostRequestForm(obj=survey)
    if survey is not None and request.method == "GET":
        form.active.data = survey.status is SurveyStatus.OPEN
    if form.validate_on_submit():
        survey = services.save_post_request(form.data, form.active.data, current_user, utcnow())
        db.session.commit()
        flash(_("Enquête après demande enregistrée."), "success")
        return redirect(url_for("surveys.show", survey_id=survey.id))
    return render_template("surveys/post_request_form.html", form=form, survey=survey)


@bp.route("/campagnes/nouvelle", methods=["GET", "POST"], defaults={"survey_id": None})
@bp.route("/campagnes/<int:survey_id>/modifier", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_campaign(survey_id: int | None):
    survey = db.get_or_404(Survey, survey_id) if survey_id else None
    if survey is not None and survey.status is not SurveyStatus.DRAFT:
        flash(_("Une campagne déjà envoyée ne se modifie plus."), "warning")
        return redirect(url_for("surveys.show", survey_id=survey.id))
    form = CampaignForm(obj=survey)
    form.entity_ids.choices = entity_choices()
    if survey is not None and request.method == "GET":
        form.entity_ids.data = [e.id for e in survey.entities]
        form.opens_at.data = to_local_naive(survey.opens_at)
        form.closes_at.data = to_local_naive(survey.closes_at)
    if form.validate_on_submit():
        values = form.data | {"opens_at": to_utc(form.opens_at.data),
                              "closes_at": to_utc(form.closes_at.data)}
        survey = services.save_campaign(survey, SurveyKind(form.kind.data), values,
                                        form.entity_ids.data, current_user, utcnow())
        db.session.commit()
        flash(_("Campagne enregistrée. Vérifiez-la, puis programmez son envoi."), "success")
        return redirect(url_for("surveys.show", survey_id=survey.id))
    return render_template("surveys/campaign_form.html", form=form, survey=survey)


@bp.post("/<int:survey_id>/programmer")
@role_required(*MANAGERS)
def launch(survey_id: int):
    survey = db.get_or_404(Survey, survey_id)
    if survey.kind is SurveyKind.POST_REQUEST or survey.status is not SurveyStatus.DRAFT:
        flash(_("Cette enquête est déjà programmée ou envoyée."), "warning")
    else:
        count = engine.launch_campaign(survey, utcnow())
        db.session.commit()
        flash(_("%(count)d invitation(s) programmée(s) pour le %(date)s.", count=count,
                date=format_datetime(survey.opens_at, "d MMMM y, HH:mm")), "success")
    return redirect(url_for("surveys.show", survey_id=survey.id))


@bp.post("/<int:survey_id>/clore")
@role_required(*MANAGERS)
def close(survey_id: int):
    survey = db.get_or_404(Survey, survey_id)
    if survey.status is not SurveyStatus.CLOSED:
        engine.close_survey(survey, utcnow())
        db.session.commit()
        flash(_("Enquête close : les liens non utilisés ne fonctionnent plus."), "success")
    return redirect(url_for("surveys.show", survey_id=survey.id))
