"""Hostile input everywhere: every field escaped on every page, mail, PDF and export; no 500.

One world is built for the module through the real entry points: every form of the portal is
read from its page and posted with each text field holding ``hostile(tag)`` (a ``=HYPERLINK``
formula, ``<img onerror>``, ``"><svg onload>``, ``{{7*7}}``, an RTL override and a
``javascript:`` link), and two hostile mails go through ``flask mailbox import``. The tag of
each field tells on which page it was shown; every page, mail, PDF and spreadsheet read back
is checked (tests/hostile_payloads.py: assert_html_safe and the other assert_*).
"""

import io
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from portal.enums import Role
from portal.extensions import db, limiter
from portal.models import User
from portal.timeutil import utcnow
from tests import hostile_payloads as hx
from tests.conftest import PASSWORD, _empty_tables
from tests.hostile_world import World, build


@pytest.fixture(scope="module")
def world(app, tmp_path_factory):
    """Built once for the module: posting ~50 forms takes seconds on every database."""
    with app.app_context():
        try:
            yield build(World(app, tmp_path_factory.mktemp("hostile")))
        finally:
            db.session.rollback()
            db.session.remove()
            _empty_tables()
            limiter.reset()


NOT_PAGES = {"static", "catalog.synopsis_pdf"}  # the PDF has its own test below
NOT_SHOWN = {"MergeForm.target"}  # a number looked up, never stored; its 422 page is checked


def _path_values(world) -> dict[str, list]:
    from catalog.models import Family, NewsItem, Subscription
    from committees import models as cm
    from indicators.surveys.models import Invitation, Question, Response, Survey
    from portal.calendars import Calendar
    from portal.exports import ExportJob
    from tickets.mailbox.models import InboundMessage, Mailbox
    from tickets.models import Attachment, ReplyTemplate, Team, Ticket

    models = {"user_id": User, "calendar_id": Calendar, "family_id": Family,
              "item_id": NewsItem, "subscription_id": Subscription, "action_id": cm.Action,
              "event_id": cm.Event, "committee_id": cm.Committee, "meeting_id": cm.Meeting,
              "member_id": cm.CommitteeMember, "project_id": cm.Project,
              "invitation_id": Invitation, "survey_id": Survey, "question_id": Question,
              "attachment_id": Attachment, "inbound_id": InboundMessage, "mailbox_id": Mailbox,
              "team_id": Team, "template_id": ReplyTemplate, "job_id": ExportJob,
              "client_meeting_id": cm.ClientMeeting, "response_id": Response}
    values = {name: db.session.scalars(select(model.id)).all() or [1]
              for name, model in models.items()}
    return values | {
        "entity_id": [world.entity.id], "contact_id": [world.contact.id], "code": ["HX-SVC"],
        "slug": ["hx-famille"], "token": [world.token], "name": ["synthese"], "fmt": ["csv"],
        "number": db.session.scalars(select(Ticket.number)).all(), "alert_id": [1],
        "committees.edit_client_meeting:meeting_id": values["client_meeting_id"],
        "committees.remove_attendee:meeting_id": values["client_meeting_id"]}


def test_every_text_field_is_shown_escaped_on_every_page(world):
    from catalog.models import Family

    urls = hx.page_urls(world.app, _path_values(world), skip=NOT_PAGES.__contains__)
    assert len(urls) > 130
    for browser in (world.desk, world.client):
        for url in urls:
            browser.get(url)  # < 500, and assert_html_safe on every HTML page
    for role in (Role.RELATIONS_MANAGER, Role.PRODUCT_LEAD, Role.AGENT):
        world.browser(world.user(f"{role.value}@exemple.fr", role)).get("/")
    assert world.tags.missing() <= NOT_SHOWN
    svg = world.last(Family).svg
    assert "script" not in svg
    assert "onload" not in svg


# Fields posted with a valid value only: the test of refusals posts them hostile.
VALID_ONLY = {"CalendarForm.timezone", "EntityForm.code", "FamilyForm.slug", "FamilyForm.icon",
              "FamilyForm.colour", "ServiceForm.code", "QuestionForm.code",
              "RequestForm.copies", "ActionForm.ticket_number",
              *(f"CalendarForm.day{index}" for index in range(7)),
              *(f"ServiceForm.links-{index}-url" for index in range(3))}
NOT_IN_WORLD = {"LoginForm", "ForgotPasswordForm", "NewPasswordForm",  # see the refusals
                "MeetingFilterForm", "ProjectFilterForm"}  # query-string filters, fuzzed


def test_every_text_field_of_every_form_class_was_posted_hostile(world):
    filled = set(world.tags.fields.values())
    posted = {form for browser in world.browsers for _page, _action, form, _ in browser.sent}
    classes = hx.portal_form_classes()
    assert len(classes) >= 35
    for form_class in classes:
        name = form_class.__name__
        if name not in NOT_IN_WORLD:
            assert name in posted, f"{name} was never posted"
            expected = {f"{name}.{field}" for field in hx.text_fields(form_class)}
            assert expected - VALID_ONLY <= filled, name


def test_a_hostile_mail_keeps_its_real_sender_and_clean_names(world):
    from tickets.mailbox.models import InboundMessage
    from tickets.models import Attachment

    rows = db.session.scalars(select(InboundMessage)).all()
    assert {row.from_addr for row in rows} == {"pirate@exemple.fr"}  # not the display name
    for row in rows:
        assert not {hx.RLO, "\r", "\n"} & set(row.subject), row.subject
    names = db.session.scalars(select(Attachment.filename)).all()
    assert len(names) >= 9  # the upload, and four files in each mail
    for name in names:
        assert not {"/", "\\", hx.NUL, hx.RLO} & set(name), name
    file = world.desk.get(f"/demandes/pieces-jointes/{world.last(Attachment).id}")
    assert file.headers["Content-Disposition"].startswith("attachment")
    shown = world.desk.get(f"/demandes/{rows[0].ticket.number}").text
    for name in ("facturefdp.exe", "passwd", "&lt;img src=x onerror=alert(1)&gt;.html"):
        assert f"<bdi>{name}</bdi>" in shown


def test_every_outgoing_mail_is_literal_text_escaped_html_and_clean_headers(world, app):
    from email import message_from_bytes, policy

    from portal.outbox import OutboxMessage, build_email

    mails = db.session.scalars(select(OutboxMessage)).all()
    assert {mail.category for mail in mails} >= {"ack", "reply"}
    assert sum("hx" in mail.body_text + mail.subject for mail in mails) >= 5
    for mail in mails:
        where = f"mail {mail.id} ({mail.category})"
        raw = bytes(build_email(mail, app.config["MAIL_FROM"], "portail-dsi"))
        hx.assert_header_clean(raw, where)
        parsed = message_from_bytes(raw, policy=policy.default)
        assert parsed["Bcc"] is None, where
        assert hx.RLO not in str(parsed["Subject"]), where
        hx.assert_text_literal(mail.body_text, where)
        hx.assert_html_safe(mail.body_html or "", where)
    assert any(hx.IMG in mail.body_text for mail in mails)  # plain text shows it as written


def test_pdfs_print_the_payloads_as_literal_text(world):
    from portal.exports import ExportJob

    desk = world.desk
    assert world.app.test_cli_runner().invoke(args=["indicators", "rebuild"]).exit_code == 0
    files = [desk.get("/catalogue/synopsis.pdf").data]
    desk.post("/catalogue/catalogue.pdf", {}, 302)
    desk.post("/indicateurs/rapport", {"periode": "mois", "debut": utcnow().date().isoformat()},
              302)
    files += [desk.get(f"/exports/{job_id}/fichier").data
              for job_id in db.session.scalars(select(ExportJob.id))]
    assert len(files) == 3
    for text in map(hx.pdf_text, files):
        assert hx.IMG.replace(" ", "") in text.replace(" ", "")
        assert "{{7*7}}gnp.exe" in text  # not 49, and the RTL override dropped
        hx.assert_text_literal(text, "PDF")


def test_spreadsheet_exports_turn_formulas_into_text(world):
    from indicators.surveys.models import Survey

    month = f"periode=mois&debut={utcnow().date().replace(day=1).isoformat()}"
    urls = [f"/indicateurs/{name}.{fmt}?{month}" for name in
            ("boite", "relation", "services", "synthese") for fmt in ("csv", "xlsx")]
    urls += [f"/enquetes/{world.last(Survey).id}/export.{fmt}" for fmt in ("csv", "xlsx")]
    hostile_cells = 0
    for url in urls:
        rows = hx.spreadsheet_cells(world.desk.get(url))
        hx.assert_cells_neutralised(rows, url)
        hostile_cells += sum(str(cell).startswith("'=HYPERLINK(") for row in rows for cell in row)
    assert hostile_cells >= 10


def _again(form: str, fixed: dict, run: int, keep_valid: bool) -> dict:
    """The fixed values of a form for another post: unique codes, fresh files."""
    again = {}
    for name, value in fixed.items():
        if keep_valid or f"{form}.{name}" not in VALID_ONLY:
            again[name] = ((io.BytesIO(value[0]), value[1]) if isinstance(value, tuple)
                           else f"{value}-{run}" if name in ("code", "slug") else value)
    return again


def _refused_in_french(response) -> bool:
    return response.status_code in (200, 422) and "Field cannot" not in response.text and (
        "invalid-feedback" in response.text or "alert-danger" in response.text)


@pytest.mark.parametrize("kind", ["long", "nul", "invalid"])
def test_overlong_nul_and_invalid_input_get_an_answer_never_a_500(world, kind):
    """Every form again: 10,000 characters, a NUL, or hostile text in validated fields too."""
    text = {"long": lambda name: hx.LONG, "nul": lambda name: f"{hx.NUL}{hx.IMG}{hx.NUL}",
            "invalid": lambda name: hx.JS_URL if name.endswith("url") else hx.hostile("no")
            }[kind]
    answered = set()
    for run, browser in enumerate(world.browsers):
        for page, action, form, fixed in list(browser.sent):
            limiter.reset()
            response = browser.submit(page, form, action, text=text, needed=False,
                                      expect=(200, 302, 410, 422),
                                      **_again(form, fixed, run, kind != "invalid"))
            if response is None:  # no form any more: a launched survey, an answered link
                continue
            answered.add(form)
            # Stored (a NUL dropped first; shown below), or a French message by the field.
            assert response.status_code == 302 or _refused_in_french(response), (
                form, response.status_code, hx.form_errors(response.text))
        for page, _action, _form, _fixed in browser.sent:
            assert hx.NUL not in browser.get(page).text, page  # dropped before it was stored
    assert len(answered) >= 28
    anonymous = hx.Browser(world.app, world.tags, PASSWORD)  # the sign-in forms, echoed escaped
    for page in ("/connexion", "/mot-de-passe/oublie", "/mot-de-passe/jeton-invalide"):
        limiter.reset()
        anonymous.post(page, {"email": text("email"), "password": text("password"),
                              "confirm": text("password")}, expect=(200, 410))


# The views that read the query string (grep request.args), fuzzed with every value.
READ_QUERY = {"tickets.queue", "tickets.mine", "tickets.work", "tickets.inbound_list",
              "tickets.attachment", "entities.index", "admin.users", "calendars.edit",
              "catalog.search", "catalog.sheet", "committees.index", "committees.plan",
              "committees.client_meetings", "committees.projects", "indicators.mailbox",
              "indicators.relationship", "indicators.summary", "indicators.services",
              "indicators.export", "surveys.results", "surveys.barometer",
              "surveys.export_results", "auth.login"}


def _fuzz(browser, url: str, value: str) -> None:
    """One value in every parameter; a number also alone in ``page`` (its 404 hides the rest)."""
    browser.get(url, query_string={name: value for name in hx.QUERY_NAMES if name != "page"})
    if value.lstrip("-").isdigit():
        browser.get(url, query_string={"page": value})


def test_sort_filter_and_search_parameters_never_reach_a_500(world):
    urls = hx.page_urls(world.app, _path_values(world), skip=NOT_PAGES.__contains__)
    for url in urls:
        world.desk.get(url, query_string=dict.fromkeys(hx.QUERY_NAMES, "' OR 1=1 --"))
    reading = {endpoint: url for url, endpoint in urls.items() if endpoint in READ_QUERY}
    assert set(reading) == READ_QUERY
    for path in ("/demandes/{}/traiter", "/catalogue/service/{}", "/catalogue/famille/{}",
                 "/enquetes/r/{}", "/exports/{}", "/entites/{}", "/comites/reunions/{}"):
        for value in hx.QUERY_VALUES:  # a request number, a code, a token or an id
            world.desk.get(path.format(quote(value, safe="")))
    manager = world.browser(world.user("rrc.fuzz@exemple.fr", Role.RELATIONS_MANAGER))
    for browser, values in ((world.desk, hx.QUERY_VALUES), (manager, hx.QUERY_VALUES[::3])):
        for url in reading.values():
            for value in values:
                _fuzz(browser, url, value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_query_strings_never_reach_a_500(world, data):
    urls = [url for url, endpoint in hx.page_urls(world.app, _path_values(world),
                                               NOT_PAGES.__contains__).items()
            if endpoint in READ_QUERY]
    query = data.draw(st.dictionaries(st.sampled_from(hx.QUERY_NAMES), st.one_of(
        st.sampled_from(hx.QUERY_VALUES), st.text(max_size=30), st.integers().map(str)),
        max_size=6))
    world.desk.get(data.draw(st.sampled_from(urls)), query_string=query)
