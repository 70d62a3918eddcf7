"""Editing the questions of a campaign while it is being prepared."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from committees.permissions import MANAGERS
from indicators.surveys import services
from indicators.surveys.admin_forms import QuestionForm
from indicators.surveys.enums import Expectation, QuestionKind, SurveyStatus
from indicators.surveys.models import Question, Survey
from indicators.surveys.views import bp
from portal.extensions import db
from portal.security import role_required


def _draft(survey_id: int) -> Survey:
    """The campaign, 404 if missing, 409 once sent (its questions are then fixed)."""
    survey = db.get_or_404(Survey, survey_id)
    if survey.status is not SurveyStatus.DRAFT:
        abort(409, _("Les questions d'une enquête déjà envoyée ne changent plus."))
    return survey


def _question(survey: Survey, question_id: int) -> Question:
    return db.first_or_404(db.select(Question).where(Question.id == question_id,
                                                     Question.survey_id == survey.id))


@bp.route("/<int:survey_id>/questions/nouvelle", methods=["GET", "POST"],
          defaults={"question_id": None})
@bp.route("/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_question(survey_id: int, question_id: int | None):
    survey = _draft(survey_id)
    question = _question(survey, question_id) if question_id else None
    form = QuestionForm(obj=question)
    if question is not None and request.method == "GET":
        form.choices.data = "\n".join(question.choices)
    if form.validate_on_submit():
        values = form.data | {"kind": QuestionKind(form.kind.data),
                              "expectation": Expectation(form.expectation.data),
                              "choices": form.choice_list(), "text": form.text.data.strip()}
        services.save_question(survey, question, values)
        db.session.commit()
        flash(_("Question enregistrée."), "success")
        return redirect(url_for("surveys.show", survey_id=survey.id) + "#questions")
    return render_template("surveys/question_form.html", form=form, survey=survey,
                           question=question)


@bp.post("/<int:survey_id>/questions/<int:question_id>/deplacer")
@role_required(*MANAGERS)
def move_question(survey_id: int, question_id: int):
    survey = _draft(survey_id)
    step = -1 if request.form.get("sens") == "haut" else 1
    services.move_question(survey, _question(survey, question_id), step)
    db.session.commit()
    return redirect(url_for("surveys.show", survey_id=survey.id) + "#questions")


@bp.post("/<int:survey_id>/questions/<int:question_id>/supprimer")
@role_required(*MANAGERS)
def delete_question(survey_id: int, question_id: int):
    survey = _draft(survey_id)
    if len(survey.questions) == 1:
        flash(_("Une enquête garde au moins une question."), "warning")
    else:
        survey.questions.remove(_question(survey, question_id))
        db.session.commit()
        flash(_("Question retirée."), "success")
    return redirect(url_for("surveys.show", survey_id=survey.id) + "#questions")
