"""Business calendars in the portal: edited by the relations manager, previewed, checked."""

from datetime import date

import pytest
from sqlalchemy import select

from portal.calendars import Calendar, business_calendar
from portal.enums import Role

WEEK = {"day0": "08:30-12:00, 13:30-17:30", "day1": "08:30-12:00, 13:30-17:30",
        "day2": "08:30-12:00, 13:30-17:30", "day3": "08:30-12:00, 13:30-17:30",
        "day4": "08:30-12:00, 13:30-17:30", "day5": "", "day6": ""}


def post_calendar(client, **values):
    data = {"name": "Bureaux", "timezone": "Europe/Paris", **WEEK, **values}
    return client.post("/admin/calendriers/nouveau", data=data)


def test_the_relations_manager_creates_a_calendar_and_previews_a_due_date(client, db,
                                                                           login_as):
    login_as(Role.RELATIONS_MANAGER)
    response = post_calendar(client, closures="10/08/2026 - 14/08/2026 : Fermeture estivale")
    assert response.status_code == 302
    calendar = db.session.scalar(select(Calendar))
    assert calendar.is_default, "the first calendar becomes the default"
    assert date(2026, 8, 12) in calendar.closed_days()
    page = client.get(f"/admin/calendriers/{calendar.id}?recu=2026-11-20T17:45&heures=8")
    text = page.get_data(as_text=True)
    assert "vendredi 20 novembre 2026 à 17:45" in text
    assert "mardi 24 novembre 2026 à 09:00" in text


@pytest.mark.parametrize(("field", "value"), [
    ("day0", "8h30 jusqu'à midi"), ("day0", "12:00-08:00"), ("day1", "08:00-12:00, 11:00-14:00"),
    ("timezone", "Paris/Lune"), ("closures", "le 32 août")])
def test_unreadable_hours_zones_and_closures_are_explained_in_french(client, db, login_as,
                                                                    field, value):
    login_as(Role.ADMIN)
    page = post_calendar(client, **{field: value}).get_data(as_text=True)
    assert db.session.scalar(select(Calendar)) is None
    assert any(hint in page for hint in ("Écrivez les plages", "Fuseau inconnu",
                                         "Ligne illisible"))


def test_a_week_without_any_opening_is_refused(client, db, login_as):
    login_as(Role.ADMIN)
    page = post_calendar(client, **{f"day{i}": "" for i in range(7)}).get_data(as_text=True)
    assert "Ouvrez au moins une plage" in page


def test_only_one_calendar_is_the_default(client, db, login_as):
    login_as(Role.ADMIN)
    post_calendar(client, name="Bureaux")
    post_calendar(client, name="Astreinte", is_default="y", day5="09:00-12:00")
    defaults = db.session.scalars(select(Calendar.name).where(Calendar.is_default)).all()
    assert defaults == ["Astreinte"]


@pytest.mark.parametrize("query", ["recu=0001-01-01T00:00&heures=8", "heures=1e308",
                                   "heures=nan", "recu=pas-une-date&heures=-5"])
def test_odd_preview_inputs_fall_back_instead_of_failing(client, db, login_as, query):
    login_as(Role.ADMIN)
    post_calendar(client)
    calendar = db.session.scalar(select(Calendar))
    assert client.get(f"/admin/calendriers/{calendar.id}?{query}").status_code == 200


def test_requesters_and_agents_cannot_edit_calendars(client, login_as):
    login_as(Role.AGENT)
    assert client.get("/admin/calendriers/").status_code == 403
    assert post_calendar(client).status_code == 403


def test_a_stored_calendar_computes_like_the_arithmetic(client, db, login_as):
    login_as(Role.ADMIN)
    post_calendar(client, alsace_moselle="y")
    calendar = business_calendar(db.session.scalar(select(Calendar)))
    assert calendar.is_closed_day(date(2026, 12, 26))


def test_an_entity_gets_its_own_calendar_from_its_form(client, db, login_as, make_entity):
    from tests.test_entities import _entity_form

    login_as(Role.RELATIONS_MANAGER)
    post_calendar(client, name="Astreinte")
    calendar = db.session.scalar(select(Calendar))
    entity = make_entity()
    response = client.post(f"/entites/{entity.id}/modifier",
                           data=_entity_form(calendar_id=str(calendar.id)))
    assert response.status_code == 302
    db.session.refresh(entity)
    assert entity.calendar_id == calendar.id
    assert "Astreinte" in client.get(f"/entites/{entity.id}/modifier").get_data(as_text=True)
