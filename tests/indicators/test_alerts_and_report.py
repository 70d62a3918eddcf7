"""The worker's indicator jobs: flow alerts, the monthly report mailed once, the rebuild command."""

from datetime import date, timedelta
from email import message_from_bytes
from io import BytesIO

from pypdf import PdfReader
from sqlalchemy import func, select

from indicators.alerts import detect_flow_alerts
from indicators.board import local_today
from indicators.models import FlowAlert, MonthlyReport
from indicators.periods import Period
from indicators.refresh import rebuild
from indicators.report import send_monthly_report
from portal.enums import Role
from portal.outbox import OutboxMessage, build_email
from tests.indicators.indicator_helpers import open_request, paris

MONDAY = date(2026, 12, 7)  # an open day; the report covers November 2026


def _requests(requester, service, month: int, count: int) -> None:
    for day in range(count):
        open_request(requester, paris(2026, month, 2 + day, 10), service)


def test_a_flow_that_triples_and_a_first_request_raise_alerts_once(
        app, db, make_user, make_entity, make_service):
    sales, newcomer = make_entity("Direction Commerciale"), make_entity("Filiale")
    vpn, mail = make_service("Accès VPN"), make_service("Messagerie")
    _requests(make_user(entity=sales), vpn, 10, 4)
    _requests(make_user(entity=sales), vpn, 11, 12)
    _requests(make_user(entity=sales), mail, 10, 3)  # too small a flow to alert on
    _requests(make_user(entity=sales), mail, 11, 9)
    _requests(make_user(entity=newcomer), mail, 11, 1)
    rebuild(paris(2026, 12, 7, 6))
    db.session.commit()

    assert detect_flow_alerts(MONDAY) == 2
    assert detect_flow_alerts(MONDAY) == 0
    alerts = {(a.kind, a.entity.name, a.service.name if a.service else None, a.previous,
               a.current) for a in db.session.scalars(select(FlowAlert))}
    assert alerts == {("rise", "Direction Commerciale", "Accès VPN", 4, 12),
                      ("new_client", "Filiale", None, 0, 1)}


def test_the_monthly_report_is_mailed_once_with_its_pdf_on_an_open_day(
        app, db, make_user, make_entity, make_service):
    manager = make_user(Role.RELATIONS_MANAGER)
    _requests(make_user(entity=make_entity("Direction Financière")), make_service(), 11, 3)
    rebuild(paris(2026, 12, 7, 6))
    db.session.commit()
    app.config["REPORT_RECIPIENTS"] = "direction.dsi@exemple.fr, "
    try:
        assert send_monthly_report(paris(2026, 12, 5, 9), date(2026, 12, 5)) == 0  # Saturday
        assert send_monthly_report(paris(2026, 12, 7, 8), MONDAY) == 2
        assert send_monthly_report(paris(2026, 12, 8, 8), date(2026, 12, 8)) == 0
    finally:
        app.config["REPORT_RECIPIENTS"] = ""
    db.session.commit()

    report = db.session.scalar(select(MonthlyReport))
    assert (report.month, report.recipients) == (date(2026, 11, 1), 2)
    mails = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.to_addr)).all()
    assert [m.to_addr for m in mails] == ["direction.dsi@exemple.fr", manager.email]
    email = message_from_bytes(bytes(build_email(mails[1], "dsi@exemple.fr", "portail-dsi")))
    attached = [part for part in email.walk() if part.get_filename()]
    assert [p.get_filename() for p in attached] == ["rapport-relations-clients-2026-11-01.pdf"]
    text = PdfReader(BytesIO(attached[0].get_payload(decode=True))).pages[0].extract_text()
    assert "Rapport mensuel — novembre 2026" in text
    received = text[text.index("Demandes reçues\n"):].splitlines()
    assert received[3].startswith("3 0 ")  # November, then October
    assert "novembre 2026" in mails[1].subject
    assert "Demandes reçues : 3" in mails[1].body_text


def test_no_report_goes_out_on_a_public_holiday(app, db, make_user):
    make_user(Role.RELATIONS_MANAGER)
    assert send_monthly_report(paris(2027, 1, 1, 9), date(2027, 1, 1)) == 0
    assert db.session.scalar(select(func.count()).select_from(MonthlyReport)) == 0


def test_the_rebuild_command_shows_its_progress_and_sums_up(app, db, make_user, make_service):
    requester, service = make_user(), make_service()
    for day in range(3):
        open_request(requester, paris(2026, 11, 2 + day, 10) - timedelta(days=30), service)
    result = app.test_cli_runner().invoke(args=["indicators", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Agrégats des indicateurs" in result.output
    assert "Indicateurs reconstruits : 3 demandes lues, 3 retenues" in result.output


def test_the_relations_manager_sees_and_dismisses_flow_alerts(
        app, db, client, login_as, make_entity, make_service):
    entity, service = make_entity("Direction Commerciale"), make_service("Accès VPN")
    db.session.add(FlowAlert(kind="rise", period_start=date(2026, 11, 1),
                             period_end=date(2026, 11, 30), entity_id=entity.id,
                             service_id=service.id, previous=4, current=12))
    db.session.commit()
    login_as(Role.RELATIONS_MANAGER)
    home = client.get("/").get_data(as_text=True)
    assert "Alertes de flux à examiner" in home
    assert "1 hausse(s)" in home
    page = client.get("/indicateurs/alertes").get_data(as_text=True)
    assert "Direction Commerciale" in page
    assert "+200\u00a0%" in page
    alert_id = db.session.scalar(select(FlowAlert.id))
    assert client.get(f"/indicateurs/alertes/{alert_id}/classer").status_code == 405
    response = client.post(f"/indicateurs/alertes/{alert_id}/classer")
    assert response.status_code == 302
    assert "Aucune alerte en cours" in client.get("/indicateurs/alertes").get_data(as_text=True)
    assert "Alertes de flux à examiner" not in client.get("/").get_data(as_text=True)


def test_an_agent_cannot_dismiss_an_alert(app, db, client, login_as, make_entity):
    alert = FlowAlert(kind="new_client", period_start=date(2026, 11, 1),
                      period_end=date(2026, 11, 30), entity_id=make_entity().id, current=1)
    db.session.add(alert)
    db.session.commit()
    login_as(Role.AGENT)
    assert client.post(f"/indicateurs/alertes/{alert.id}/classer").status_code == 403
    assert db.session.scalar(select(FlowAlert.dismissed_at)) is None


def test_the_worker_counts_a_new_request_into_the_dashboards(app, db, make_user, make_service):
    from indicators.queries import Scope, totals
    from indicators.tasks import refresh_indicators
    from portal.timeutil import utcnow

    requester, service = make_user(), make_service()
    refresh_indicators()  # the first run builds everything
    open_request(requester, utcnow(), service)
    assert refresh_indicators() == 1
    today = local_today(utcnow())
    period = Period("libre", today, today)
    assert totals(period, Scope(), measures=("received",))["current"][()]["received"] == 1
