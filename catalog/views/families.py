"""Managing the families of services."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from catalog import queries, services
from catalog.forms import FamilyForm
from catalog.models import Family
from catalog.permissions import EDITORS
from catalog.svg import SvgError
from catalog.views import bp
from portal.extensions import db
from portal.security import role_required


@bp.get("/familles")
@role_required(*EDITORS)
def families():
    return render_template("catalog/families.html", families=queries.list_families())


@bp.route("/familles/nouvelle", methods=["GET", "POST"], defaults={"family_id": None})
@bp.route("/familles/<int:family_id>", methods=["GET", "POST"])
@role_required(*EDITORS)
def edit_family(family_id: int | None):
    family = db.get_or_404(Family, family_id) if family_id else None
    form = FamilyForm(obj=family)
    if form.validate_on_submit():
        clash = db.session.scalar(select(Family).where(Family.slug == form.slug.data))
        svg_text = _uploaded_svg(form)
        if clash is not None and clash is not family:
            form.slug.errors.append(_("Une autre famille utilise déjà cet identifiant."))
        elif svg_text is not False:
            try:
                family = services.save_family(family, form.data, svg_text)
            except SvgError as exc:
                form.svg_file.errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("Famille « %(name)s » enregistrée.", name=family.name), "success")
                return redirect(url_for("catalog.families"))
    return render_template("catalog/family_form.html", form=form, family=family)


def _uploaded_svg(form: FamilyForm) -> str | None | bool:
    """The uploaded SVG text, '' to remove it, None to keep it, False when unreadable."""
    if form.remove_svg.data:
        return ""
    upload = form.svg_file.data
    if not upload:
        return None
    try:
        return upload.read(200_001).decode("utf-8")
    except UnicodeDecodeError:
        form.svg_file.errors.append(_("Ce fichier n'est pas un SVG lisible."))
        return False
