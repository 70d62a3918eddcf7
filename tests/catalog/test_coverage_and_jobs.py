"""Subscriptions and coverage maths, monthly snapshots, review reminders, families, news."""

from datetime import date, timedelta
from io import BytesIO

from sqlalchemy import select

from catalog.coverage import previous_months, record_snapshots
from catalog.models import CoverageSnapshot, Family, Subscription
from catalog.notifications import remind_stale_sheets
from catalog.queries import coverage_by_service
from catalog.svg import SvgError, sanitize_svg
from portal.enums import Role
from portal.outbox import OutboxMessage
from portal.timeutil import utcnow


def _subscribe(db, service, entity, since, until=None):
    db.session.add(Subscription(service=service, entity=entity, since=since, until=until))
    db.session.commit()


def test_coverage_counts_active_target_entities_only(db, make_service, make_entity):
    service = make_service()
    entities = [make_entity() for _ in range(4)]
    today = date(2026, 11, 22)
    _subscribe(db, service, entities[0], date(2025, 1, 1))
    _subscribe(db, service, entities[1], date(2025, 1, 1), until=date(2026, 6, 30))
    _subscribe(db, service, entities[2], date(2026, 12, 1))
    subscribed, target = coverage_by_service([service], today)[service.id]
    assert (subscribed, target) == (1, 4 + 1)  # the owner's entity is a target too
    assert coverage_by_service([service], date(2026, 6, 1))[service.id][0] == 2


def test_coverage_uses_the_chosen_target_set(db, make_service, make_entity):
    service = make_service()
    chosen, other = make_entity(), make_entity()
    service.target_all = False
    service.targets = [chosen]
    db.session.commit()
    _subscribe(db, service, chosen, date(2025, 1, 1))
    _subscribe(db, service, other, date(2025, 1, 1))
    assert coverage_by_service([service], date(2026, 1, 1))[service.id] == (1, 1)


def test_monthly_snapshots_are_idempotent(db, make_service, make_entity):
    service = make_service()
    _subscribe(db, service, make_entity(), date(2025, 1, 1))
    month = date(2026, 11, 1)
    record_snapshots(month)
    record_snapshots(month)
    db.session.commit()
    rows = db.session.scalars(select(CoverageSnapshot)).all()
    assert len(rows) == 1
    assert rows[0].subscribed == 1
    assert previous_months(date(2026, 2, 15), 3) == [date(2025, 12, 1), date(2026, 1, 1),
                                                     date(2026, 2, 1)]


def test_stale_sheet_owner_is_reminded_once(app, db, make_service):
    service = make_service()
    service.last_reviewed_at = utcnow() - timedelta(days=400)
    db.session.commit()
    with app.test_request_context():
        assert remind_stale_sheets(utcnow()) == 1
        assert remind_stale_sheets(utcnow()) == 0
    db.session.commit()
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.to_addr == service.owner.email
    assert service.name in mail.subject


def test_svg_pictogram_is_cleaned_of_scripts():
    dirty = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" onload="alert(1)">'
             '<script>alert(1)</script><path d="M0 0h16v16z" onclick="x()"/>'
             '<foreignObject><body/></foreignObject></svg>')
    clean = sanitize_svg(dirty)
    assert "script" not in clean
    assert "onload" not in clean
    assert "onclick" not in clean
    assert "foreignObject" not in clean
    assert 'd="M0 0h16v16z"' in clean


def test_not_an_svg_is_refused():
    for text in ("<html><body/></html>", "pas du xml", "<!DOCTYPE x [<!ENTITY a 'b'>]><svg/>"):
        try:
            sanitize_svg(text)
        except SvgError:
            continue
        raise AssertionError(f"accepted {text!r}")


def test_family_upload_with_script_is_stored_clean(client, login_as, db):
    login_as(Role.RELATIONS_MANAGER)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>'
    response = client.post("/catalogue/familles/nouvelle", data={
        "name": "Données et BI", "slug": "donnees", "icon": "bar-chart", "colour": "#0b7a75",
        "position": "1", "description": "",
        "svg_file": (BytesIO(svg), "picto.svg")}, content_type="multipart/form-data")
    assert response.status_code == 302
    family = db.session.scalar(select(Family))
    assert "<script" not in family.svg
    assert "circle" in family.svg


def test_family_form_errors_are_french_and_beside_the_field(client, login_as):
    login_as(Role.RELATIONS_MANAGER)
    page = client.post("/catalogue/familles/nouvelle", data={
        "name": "", "slug": "Avec Espaces", "icon": "n-existe-pas", "colour": "rouge"}).text
    assert 'id="name-errors"' in page
    assert "Minuscules, chiffres et tirets" in page
    assert "Cette icône n'existe pas dans le jeu fourni." in page
    assert "Couleur au format #RRVVBB" in page


def test_relations_manager_records_a_subscription(client, login_as, make_service, make_entity,
                                                  db):
    service = make_service()
    entity = make_entity("Direction Logistique")
    login_as(Role.RELATIONS_MANAGER)
    response = client.post(f"/catalogue/service/{service.code}/abonnements",
                           data={"entity_id": entity.id, "since": "2026-01-15", "until": "",
                                 "note": ""})
    assert response.status_code == 302
    page = client.get(f"/catalogue/service/{service.code}/abonnements").text
    assert "Direction Logistique" in page


def test_product_lead_sees_coverage_of_own_service_but_cannot_subscribe(
        client, login_as, make_service, make_user, make_entity, db):
    lead = make_user(Role.PRODUCT_LEAD)
    service = make_service(owner=lead)
    entity = make_entity()
    login_as(lead)
    assert "Couverture" in client.get(f"/catalogue/service/{service.code}").text
    response = client.post(f"/catalogue/service/{service.code}/abonnements",
                           data={"entity_id": entity.id, "since": "2026-01-15"})
    assert response.status_code == 403
    assert db.session.scalar(select(Subscription)) is None


def test_published_news_reach_the_home_page(client, login_as):
    login_as(Role.RELATIONS_MANAGER)
    client.post("/catalogue/actualites/nouvelle", data={
        "title": "Teams Premium en pilote", "body": "Premier paragraphe.", "service_id": 0,
        "publish": "y"})
    client.post("/deconnexion")
    login_as(Role.REQUESTER)
    assert "Teams Premium en pilote" in client.get("/").text
