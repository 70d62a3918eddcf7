"""Subscriptions of entities to services, and coverage rates."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from catalog import queries, services
from catalog.coverage import coverage_history, previous_months, rate_percent
from catalog.forms import SubscriptionForm
from catalog.models import CoverageSnapshot, Service, Subscription
from catalog.permissions import EDITORS, can_manage_catalog, can_see_coverage
from catalog.views import bp
from portal.enums import Role
from portal.extensions import db
from portal.models import Entity
from portal.queries import entity_choices
from portal.security import role_required
from portal.timeutil import utcnow


@bp.get("/couverture")
@role_required(Role.PRODUCT_LEAD, *EDITORS)
def coverage():
    all_services = list(db.session.scalars(select(Service).order_by(Service.name)))
    today = utcnow().date()
    year_ago = previous_months(today, 13)[0]
    current = queries.coverage_by_service(all_services, today)
    past = {s.service_id: s for s in db.session.scalars(
        select(CoverageSnapshot).where(CoverageSnapshot.month == year_ago))}
    rows = [(s, *current[s.id], rate_percent(*current[s.id]),
             past[s.id].rate * 100 if s.id in past and past[s.id].rate is not None else None)
            for s in all_services]
    return render_template("catalog/coverage.html", rows=rows, year_ago=year_ago)


@bp.route("/service/<code>/abonnements", methods=["GET", "POST"])
@role_required(Role.PRODUCT_LEAD, *EDITORS)
def subscriptions(code: str):
    service = db.first_or_404(select(Service).where(Service.code == code))
    if not can_see_coverage(current_user, service):
        abort(403)
    form = SubscriptionForm()
    form.entity_id.choices = entity_choices()
    manager = can_manage_catalog(current_user)
    if form.validate_on_submit():
        if not manager:
            abort(403)
        entity = db.get_or_404(Entity, form.entity_id.data)
        if _subscribed_since(service, entity, form.since.data):
            form.since.errors.append(_("Cette entité a déjà un abonnement à cette date."))
        else:
            services.add_subscription(service, entity, form.since.data, form.until.data,
                                      form.note.data or "")
            db.session.commit()
            flash(_("Abonnement de « %(entity)s » enregistré.", entity=entity.name), "success")
            return redirect(url_for("catalog.subscriptions", code=service.code))
    today = utcnow().date()
    subscribed, target = queries.coverage_by_service([service], today)[service.id]
    rows = db.session.scalars(select(Subscription).where(Subscription.service_id == service.id)
                              .order_by(Subscription.since.desc())).all()
    return render_template("catalog/subscriptions.html", service=service, form=form,
                           subscriptions=rows, today=today, manager=manager,
                           subscribed=subscribed, target=target,
                           rate=rate_percent(subscribed, target),
                           history=coverage_history(service))


def _subscribed_since(service: Service, entity: Entity, since) -> bool:
    """Whether the entity's subscription from that day is already recorded (one per day)."""
    return db.session.scalar(select(Subscription.id).where(
        Subscription.service_id == service.id, Subscription.entity_id == entity.id,
        Subscription.since == since)) is not None


@bp.post("/service/<code>/abonnements/<int:subscription_id>/terminer")
@role_required(*EDITORS)
def end_subscription(code: str, subscription_id: int):
    service = db.first_or_404(select(Service).where(Service.code == code))
    subscription = db.first_or_404(select(Subscription).where(
        Subscription.id == subscription_id, Subscription.service_id == service.id))
    services.end_subscription(subscription, utcnow().date())
    db.session.commit()
    flash(_("Abonnement terminé à la date du jour."), "success")
    return redirect(url_for("catalog.subscriptions", code=service.code))
