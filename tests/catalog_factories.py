"""Factories of the catalogue, shared by every feature's tests."""

import pytest
from sqlalchemy import select

from catalog import services
from catalog.models import Family
from portal.enums import Priority, Role
from portal.timeutil import utcnow


@pytest.fixture
def make_family(db):
    def factory(name: str = "Messagerie et collaboration", **values) -> Family:
        slug = values.pop("slug", name.lower().split()[0])
        existing = db.session.scalar(select(Family).where(Family.slug == slug))
        if existing is not None:
            return existing
        family = services.save_family(None, {"name": name, "slug": slug, "icon": "envelope",
                                             "colour": "#1f6feb", **values}, None)
        db.session.commit()
        return family

    return factory


@pytest.fixture
def make_service(db, make_family, make_user):
    def factory(name: str = "Messagerie Outlook", owner=None, publish: bool = True,
                family: Family | None = None, **values):
        owner = owner or make_user(Role.PRODUCT_LEAD)
        family = family or make_family()
        code = values.pop("code", name.upper().replace(" ", "-")[:30])
        data = {"code": code, "name": name, "family_id": family.id,
                "summary": values.pop("summary", f"{name} pour toute l'entreprise."),
                "benefits": values.pop("benefits", "Vous gagnez du temps\nVous êtes joignable"),
                "keywords": values.pop("keywords", ""), "owner_id": owner.id,
                "lifecycle": values.pop("lifecycle", "live"), **values}
        service = services.save_sheet(None, data, actor=owner, now=utcnow(),
                                      commitments={Priority.NORMAL: (240, 960)})
        if publish:
            services.publish_sheet(service, owner, utcnow())
        db.session.commit()
        return service

    return factory
