"""Factories of the committees' tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from committees.enums import Cadence, Level
from committees.services import add_member, save_committee
from portal.enums import ContactRole
from portal.models import Contact

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def make_contact(db):
    def factory(entity, first_name="Sophie", last_name="Lemaire", **values) -> Contact:
        contact = Contact(entity=entity, first_name=first_name, last_name=last_name,
                          relation_role=values.pop("relation_role", ContactRole.SPONSOR),
                          email=values.pop("email", f"{first_name}.{last_name}@exemple.fr".lower()),
                          **values)
        db.session.add(contact)
        db.session.flush()
        return contact

    return factory


@pytest.fixture
def make_committee(db, make_entity, make_contact):
    def factory(name="Comité tactique Finances", entities=None, members=(), **values):
        entities = entities or [make_entity("Direction Financière")]
        committee = save_committee(None, {
            "name": name, "level": values.pop("level", Level.TACTICAL),
            "cadence": values.pop("cadence", Cadence.QUARTERLY), "purpose": "",
            "default_location": values.pop("default_location", "Tour Alcyone, salle 12"),
            "is_active": True}, [entity.id for entity in entities])
        for member in members:
            if hasattr(member, "relation_role"):
                add_member(committee, contact=member, role="Membre")
            else:
                add_member(committee, user=member, role="Membre")
        db.session.commit()
        return committee

    return factory
