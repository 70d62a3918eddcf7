"""Answering a survey: by the personal link without signing in, or from the portal."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from indicators.surveys.answers import AlreadyAnswered, link_state, submit_response
from indicators.surveys.enums import InvitationStatus
from indicators.surveys.forms import read_answers
from indicators.surveys.models import Invitation
from indicators.surveys.tokens import invitation_for_token, make_token
from portal.extensions import db, limiter
from portal.timeutil import utcnow

bp = Blueprint("surveys", __name__, url_prefix="/enquetes")
GONE = {"invalid": 404, "answered": 410, "expired": 410}


@bp.route("/r/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute;60 per hour", methods=["POST"])
def answer(token: str):
    invitation = invitation_for_token(token)
    state = link_state(invitation, utcnow())
    if state != "open":
        return render_template("surveys/link_closed.html", state=state), GONE[state]
    reading = None
    if request.method == "POST":
        reading = read_answers(invitation.survey, request.form)
        if not reading.errors:
            try:
                submit_response(invitation, reading, utcnow())
                db.session.commit()
            except AlreadyAnswered:
                db.session.rollback()
                return render_template("surveys/link_closed.html", state="answered"), 410
            return render_template("surveys/thanks.html", survey=invitation.survey)
    return render_template("surveys/answer.html", invitation=invitation,
                           survey=invitation.survey, reading=reading, form=request.form), (
        422 if reading and reading.errors else 200)


@bp.get("/mes-enquetes")
@login_required
def mine():
    now = utcnow()
    invitations = [i for i in db.session.scalars(select(Invitation).where(
        Invitation.user_id == current_user.id, Invitation.status == InvitationStatus.SENT)
        .order_by(Invitation.sent_at.desc())) if link_state(i, now) == "open"]
    return render_template("surveys/mine.html", invitations=invitations)


@bp.get("/mes-enquetes/<int:invitation_id>")
@login_required
def answer_mine(invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.user_id != current_user.id:
        abort(404)
    if link_state(invitation, utcnow()) != "open":
        flash(_("Cette enquête n'attend plus de réponse."), "info")
        return redirect(url_for("surveys.mine"))
    return redirect(url_for("surveys.answer", token=make_token(invitation)))


from indicators.surveys import admin_views, question_views, result_views  # noqa: E402, F401
