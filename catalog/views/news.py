"""Catalogue news items, written by the relations manager."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from catalog import queries, services
from catalog.forms import NewsForm
from catalog.models import NewsItem
from catalog.permissions import EDITORS
from catalog.views import bp
from portal.extensions import db
from portal.security import role_required
from portal.timeutil import utcnow


@bp.get("/actualites")
@role_required(*EDITORS)
def news():
    items = db.session.scalars(select(NewsItem).order_by(NewsItem.created_at.desc())).all()
    return render_template("catalog/news.html", items=items)


@bp.route("/actualites/nouvelle", methods=["GET", "POST"], defaults={"item_id": None})
@bp.route("/actualites/<int:item_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_news(item_id: int | None):
    item = db.get_or_404(NewsItem, item_id) if item_id else None
    form = NewsForm(obj=item)
    form.service_id.choices = [(0, _("— Aucun —")), *queries.service_choices()]
    if item is not None and not form.is_submitted():
        form.publish.data = item.published_at is not None
        form.service_id.data = item.service_id or 0
    if form.validate_on_submit():
        services.save_news(item, form.data, current_user, utcnow())
        db.session.commit()
        flash(_("Actualité enregistrée."), "success")
        return redirect(url_for("catalog.news"))
    return render_template("catalog/news_form.html", form=form, item=item)
