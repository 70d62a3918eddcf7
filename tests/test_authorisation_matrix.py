"""The authorisation matrix: every route × every role × every method, read from the URL map.

A route without a rule below fails the test, and so does a rule whose route is gone. Each role
signs in, then calls every route on requester A's and service X's objects (tests/security_world):
a refusal must give the status written here and change nothing in the database; an allowed
call must work; and no page may show a text of A's objects to someone who may not read it.
"""

import contextvars
from dataclasses import dataclass

import pytest

from tests import security_world as world_texts
from tests.conftest import PASSWORD
from tests.security_world import World, build_world, snapshot

ROLES = ("anonymous", "requester", "other_requester", "agent", "other_lead", "manager", "admin")
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
OWNER = frozenset({"requester"})  # requester A, whose objects are under test
MANAGERS = frozenset({"manager", "admin"})
ADMIN = frozenset({"admin"})
DESK = MANAGERS | {"agent"}
LEADS = MANAGERS | {"other_lead"}  # routes open to any product lead
STAFF = DESK | LEADS
OK = "ok"
LOGIN = "login"  # 302 to the sign-in page, with ?next= to come back


def rule(allowed: frozenset, **refused: int) -> dict:
    """Who may call the route; the others get a 403, a visitor the sign-in page, unless told."""
    outcome = {role: OK if role in allowed else 403 for role in ROLES}
    if "anonymous" not in allowed:
        outcome["anonymous"] = LOGIN
    return outcome | refused


def nobody(status: int) -> dict:
    """The same refusal for every role (a forged link)."""
    return dict.fromkeys(ROLES, status)


HIDDEN = {"other_requester": 404, "other_lead": 404}  # get_visible_ticket hides others' requests
NOT_MINE = dict.fromkeys(SIGNED_IN - OWNER, 404)  # an export or an invitation is its user's only

# Keys are endpoints; "endpoint[variant]" calls the same route on another object (VARIANTS),
# and "endpoint[new]" is the form without an id when it answers differently.
RULES = {
    "account.change_password": rule(SIGNED_IN),
    "account.revoke_all_sessions": rule(SIGNED_IN),
    "account.revoke_session": rule(OWNER, **NOT_MINE),  # requester A's other browser
    "account.sessions": rule(SIGNED_IN),
    "admin.audit_log": rule(ADMIN),
    "admin.create_user": rule(ADMIN),
    "admin.edit_user": rule(ADMIN),
    "admin.send_invitation": rule(ADMIN),
    "admin.toggle_user": rule(ADMIN),
    "admin.users": rule(ADMIN),
    "auth.forgot_password": rule(EVERYONE),
    "auth.login": rule(EVERYONE),
    "auth.logout": rule(SIGNED_IN),
    "auth.reset_password": rule(EVERYONE),  # the signed link is the credential
    "auth.reset_password[forged]": nobody(410),
    "calendars.edit": rule(MANAGERS),
    "calendars.index": rule(MANAGERS),
    "catalog.catalogue_pdf": rule(SIGNED_IN),
    "catalog.coverage": rule(LEADS),
    "catalog.create_service": rule(MANAGERS),
    "catalog.edit_family": rule(MANAGERS),
    "catalog.edit_news": rule(MANAGERS),
    "catalog.edit_service": rule(MANAGERS),  # not the lead of another service
    "catalog.end_subscription": rule(MANAGERS),
    "catalog.families": rule(MANAGERS),
    "catalog.family": rule(SIGNED_IN),
    "catalog.history": rule(LEADS),
    "catalog.index": rule(SIGNED_IN),
    "catalog.my_services": rule(LEADS),
    "catalog.news": rule(MANAGERS),
    "catalog.publish": rule(MANAGERS),
    "catalog.review": rule(MANAGERS),
    "catalog.search": rule(SIGNED_IN),
    "catalog.sheet": rule(SIGNED_IN),
    "catalog.subscriptions": rule(MANAGERS),
    "catalog.synopsis": rule(SIGNED_IN),
    "catalog.synopsis_pdf": rule(SIGNED_IN),
    "catalog.unpublish": rule(MANAGERS),
    "committees.action": rule(MANAGERS),
    "committees.action[survey]": rule(MANAGERS),  # and the lead of the answer's service
    "committees.add_attendee": rule(MANAGERS),
    "committees.add_member": rule(MANAGERS),
    "committees.add_participant": rule(MANAGERS),
    "committees.cancel": rule(MANAGERS),
    "committees.client_meetings": rule(LEADS),
    "committees.edit": rule(MANAGERS),
    "committees.edit_action": rule(MANAGERS),
    "committees.edit_client_meeting": rule(MANAGERS),  # A's entity is not the other lead's
    "committees.edit_client_meeting[new]": rule(LEADS),
    "committees.edit_event": rule(MANAGERS),
    "committees.edit_meeting": rule(MANAGERS),
    "committees.edit_project": rule(MANAGERS),
    "committees.event": rule(LEADS),
    "committees.events": rule(LEADS),
    "committees.ics": rule(MANAGERS),
    "committees.index": rule(SIGNED_IN),  # requesters are sent to the published minutes
    "committees.invite": rule(MANAGERS),
    "committees.meeting": rule(MANAGERS | OWNER),  # A reads the minutes published to FIN
    "committees.minutes": rule(MANAGERS),
    "committees.plan": rule(STAFF),
    "committees.plan_meeting": rule(MANAGERS),
    "committees.projects": rule(LEADS),
    "committees.published": rule(SIGNED_IN),
    "committees.raise_meeting_action": rule(MANAGERS),
    "committees.remove_attendee": rule(MANAGERS),
    "committees.remove_member": rule(MANAGERS),
    "committees.show": rule(MANAGERS),
    "committees.update_status": rule(MANAGERS),
    "directory.preset": rule(ADMIN),
    "directory.preview": rule(ADMIN),
    "directory.settings": rule(ADMIN),
    "directory.sync_now": rule(ADMIN),
    "entities.delete_contact": rule(MANAGERS),
    "entities.edit": rule(MANAGERS),
    "entities.edit_contact": rule(MANAGERS),
    "entities.index": rule(STAFF),
    "entities.show": rule(STAFF),
    "exports.download": rule(OWNER, **NOT_MINE),
    "exports.show": rule(OWNER, **NOT_MINE),
    "indicators.alerts": rule(MANAGERS),
    "indicators.dismiss": rule(MANAGERS),
    "indicators.export": rule(MANAGERS),  # the mailbox board
    "indicators.mailbox": rule(MANAGERS),
    "indicators.relationship": rule(MANAGERS),
    "indicators.report_pdf": rule(MANAGERS),
    "indicators.services": rule(LEADS),
    "indicators.summary": rule(LEADS),
    "main.healthz": rule(EVERYONE),
    "main.home": rule(SIGNED_IN),
    "main.set_language": rule(EVERYONE),
    "static": rule(EVERYONE),
    "surveys.answer": rule(EVERYONE),  # the signed personal link is the credential
    "surveys.answer[forged]": nobody(404),
    "surveys.answer_mine": rule(OWNER, **NOT_MINE),
    "surveys.barometer": rule(LEADS),
    "surveys.close": rule(MANAGERS),
    "surveys.delete_question": rule(MANAGERS),
    "surveys.edit_campaign": rule(MANAGERS),
    "surveys.edit_question": rule(MANAGERS),
    "surveys.export_results": rule(LEADS),  # a lead reads only their services' responses
    "surveys.export_results[campaign]": rule(MANAGERS),
    "surveys.index": rule(MANAGERS),
    "surveys.launch": rule(MANAGERS),
    "surveys.mine": rule(SIGNED_IN),
    "surveys.move_question": rule(MANAGERS),
    "surveys.post_request_settings": rule(MANAGERS),
    "surveys.response": rule(MANAGERS),  # and the lead of the answer's service
    "surveys.results": rule(LEADS),
    "surveys.results[campaign]": rule(MANAGERS),
    "surveys.show": rule(MANAGERS),
    "tickets.accept": rule(OWNER, **HIDDEN),
    "tickets.add_copy": rule(DESK, other_lead=404),
    "tickets.attachment": rule(DESK, requester=404, **HIDDEN),  # the internal note's file
    "tickets.attachment[public]": rule(OWNER | DESK, **HIDDEN),
    "tickets.classify": rule(DESK, other_lead=404),
    "tickets.default_commitments_view": rule(MANAGERS),
    "tickets.inbound_attach": rule(MANAGERS),
    "tickets.inbound_recover": rule(MANAGERS),
    "tickets.inbound_reviewed": rule(MANAGERS),
    "tickets.requester_copy": rule(OWNER | DESK, **HIDDEN),
    "tickets.inbound_list": rule(MANAGERS),
    "tickets.inbound_raw": rule(MANAGERS),
    "tickets.inbound_replay": rule(MANAGERS),
    "tickets.inbound_show": rule(MANAGERS),
    "tickets.mailbox_form": rule(MANAGERS),
    "tickets.mailbox_poll": rule(MANAGERS),
    "tickets.mailboxes": rule(MANAGERS),
    "tickets.matrix": rule(MANAGERS),
    "tickets.merge_view": rule(DESK, other_lead=404),
    "tickets.mine": rule(SIGNED_IN),
    "tickets.new": rule(SIGNED_IN),
    "tickets.queue": rule(STAFF),  # a lead's queue holds only their services' requests
    "tickets.record": rule(DESK),
    "tickets.refuse": rule(OWNER, **HIDDEN),
    "tickets.reply": rule(DESK, other_lead=404),
    "tickets.reply_templates": rule(MANAGERS),
    "tickets.requester_message": rule(OWNER, **HIDDEN),
    "tickets.show": rule(OWNER | DESK, **HIDDEN),
    "tickets.teams": rule(MANAGERS),
    "tickets.work": rule(DESK, other_lead=404),
}

# Where each URL argument points: a key of the world's ids or keys, else the value itself.
ARGUMENTS = {
    "action_id": "action_id", "alert_id": "alert_id", "attachment_id": "note_attachment_id",
    "calendar_id": "calendar_id", "code": "service_code", "committee_id": "committee_id",
    "contact_id": "contact_id", "entity_id": "entity_id", "event_id": "event_id",
    "family_id": "family_id", "filename": "css/portal.css", "fmt": "csv",
    "inbound_id": "inbound_id", "invitation_id": "invitation_id", "item_id": "news_id",
    "job_id": "export_id", "mailbox_id": "mailbox_id", "meeting_id": "meeting_id",
    "member_id": "member_id", "name": "boite", "number": "ticket_number",
    "project_id": "project_id", "question_id": "question_id", "slug": "family_slug",
    "response_id": "response_id",
    "subscription_id": "subscription_id", "survey_id": "survey_id", "team_id": "team_id",
    "template_id": "template_id", "token": "survey_token", "user_id": "requester_id",
    "session_id": "login_session_id",
}
DRAFT = {"survey_id": "draft_id"}
CLIENT_MEETING = {"meeting_id": "client_meeting_id"}
ENDPOINT_ARGUMENTS = {
    "auth.reset_password": {"token": "password_token"},
    "main.set_language": {"code": "fr"},
    "tickets.accept": {"number": "resolved_number"},
    "tickets.refuse": {"number": "resolved_number"},
    "committees.edit_client_meeting": CLIENT_MEETING,
    "committees.remove_attendee": CLIENT_MEETING,
    **dict.fromkeys(("surveys.delete_question", "surveys.edit_campaign", "surveys.edit_question",
                     "surveys.launch", "surveys.move_question"), DRAFT),
}
VARIANTS = {"campaign": {"survey_id": "campaign_id"}, "forged": {"token": "WzEsIngiXQ.forged"},
            "public": {"attachment_id": "public_attachment_id"},
            "survey": {"action_id": "survey_action_id"}}

# Texts of A's objects and who may read them; no other role may meet them on any page.
READERS = {
    world_texts.TICKET_SUBJECT: OWNER | DESK,
    world_texts.PUBLIC_REPLY: OWNER | DESK,
    world_texts.INTERNAL_NOTE: DESK,
    world_texts.NOTE_FILE: DESK,
    world_texts.DRAFT_SUMMARY: STAFF,  # a sheet's unpublished changes
    world_texts.RAW_MAIL: MANAGERS,
    world_texts.SURVEY_COMMENT: MANAGERS,
    world_texts.MINUTES: MANAGERS | OWNER,
    world_texts.ACTION_TITLE: MANAGERS,
    world_texts.CLIENT_MEETING: MANAGERS,
    world_texts.PROJECT_TITLE: MANAGERS,
}
# Allowed calls that delete, close or use up an object run after every other one, in order.
RUN_LAST = ("tickets.accept", "surveys.delete_question", "surveys.launch", "surveys.close",
            "committees.cancel", "committees.remove_attendee", "committees.remove_member",
            "entities.delete_contact", "catalog.end_subscription", "admin.toggle_user",
            "account.revoke_all_sessions", "auth.logout")
FINE = {"GET": {200, 302}, "POST": {200, 302, 422}}  # 422: the form shown again with errors
# A browser posts every field of a form, even empty. Posted without its day fields, the
# calendar form raises on an existing calendar (CalendarForm.validate strips None).
@dataclass(frozen=True)
class Case:
    key: str
    method: str
    url: str
    wrong_method: bool = False  # a GET on a POST-only route: 405 for everyone

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.key})"


def path_arguments(url_rule) -> set[str]:
    return url_rule.arguments - (url_rule.defaults or {}).keys()


def rule_keys(url_rule, siblings: list) -> list[str]:
    """The RULES keys one URL rule is checked under (see the comment above RULES)."""
    endpoint = url_rule.endpoint
    if not path_arguments(url_rule) and any(map(path_arguments, siblings)):
        return [f"{endpoint}[new]" if f"{endpoint}[new]" in RULES else endpoint]
    return [endpoint, *(key for key in RULES if key.startswith(f"{endpoint}[")
                        and not key.endswith("[new]"))]


def url_values(world: World, endpoint: str, variant: str) -> dict:
    found = world.ids | world.keys
    sources = ARGUMENTS | ENDPOINT_ARGUMENTS.get(endpoint, {}) | VARIANTS.get(variant, {})
    return {argument: found.get(source, source) for argument, source in sources.items()}


def list_cases(app, world: World) -> list[Case]:
    """Every (route, method) of the URL map, with its URL filled from the world."""
    url_rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule))
    cases = []
    for url_rule in url_rules:
        siblings = [other for other in url_rules if other.endpoint == url_rule.endpoint]
        for key in rule_keys(url_rule, siblings):
            variant = key.partition("[")[2].rstrip("]")
            values = url_values(world, url_rule.endpoint, variant)
            missing = path_arguments(url_rule) - values.keys()
            assert not missing, f"{url_rule.rule}: no value for {missing}; add it to ARGUMENTS"
            url = url_rule.build(values, append_unknown=False)[1]
            methods = sorted(url_rule.methods - {"HEAD", "OPTIONS"})
            cases += [Case(key, method, url) for method in methods]
            if "GET" not in methods:
                cases.append(Case(key, "GET", url, wrong_method=True))
    return cases


def call(client, method: str, url: str, data: dict | None = None):
    """One request outside the test's app context, so it gets its own session and globals."""
    response = contextvars.Context().run(client.open, url, method=method, data=data or {})
    response.get_data()
    response.close()  # a file sent back holds its handle until then
    return response


class Walk:
    """One role going through every case, noting each answer that breaks the rules."""

    def __init__(self, client, role: str):
        self.client, self.role, self.problems, self.rows = client, role, [], None

    def check(self, case: Case) -> None:
        expected = 405 if case.wrong_method else RULES[case.key][self.role]
        # Neither a refusal nor any GET may write; rows holds the state the last one left.
        read_only = expected != OK or case.method == "GET"
        before = self.rows if self.rows is not None else (snapshot() if read_only else None)
        try:
            response = call(self.client, case.method, case.url)
        except Exception as error:  # one the error page itself could not turn into a 500
            self.problems.append(f"{case}: raised {error!r}")
            self.rows = None
            return
        self.problems += [f"{case}: {problem}" for problem in self.judge(response, expected)]
        self.problems += [f"{case}: shows {text!r}" for text in self.leaks(response)]
        self.rows = snapshot() if read_only else None
        if read_only and self.rows != before:
            changed = sorted(name for name in self.rows if self.rows[name] != before[name])
            self.problems.append(f"{case}: should change nothing, yet changed {changed}")

    def judge(self, response, expected) -> list[str]:
        status, location = response.status_code, response.headers.get("Location", "")
        to_login = status == 302 and location.startswith("/connexion?next=")
        if expected == LOGIN:
            return [] if to_login else [f"{status} {location}, expected the sign-in page"]
        if expected != OK:
            return [] if status == expected else [f"{status} {location}, expected {expected}"]
        if status not in FINE.get(response.request.method, FINE["POST"]) or to_login:
            return [f"{status} {location}, expected to be allowed"]
        return []

    def leaks(self, response) -> list[str]:
        page = response.get_data().decode("utf-8", "replace")
        return [text for text, readers in READERS.items()
                if self.role not in readers and text in page]


def ordered(cases: list[Case], role: str) -> list[Case]:
    """Reads and refusals first, then the allowed writes, those that destroy last."""

    def rank(case: Case) -> tuple:
        endpoint = case.key.partition("[")[0]
        writes = case.method != "GET" and RULES[case.key][role] == OK
        last = RUN_LAST.index(endpoint) if writes and endpoint in RUN_LAST else -1
        return writes, last

    return sorted(cases, key=rank)


def test_every_route_has_a_rule_and_every_rule_a_route(app):
    endpoints = {url_rule.endpoint for url_rule in app.url_map.iter_rules()}
    assert sorted(endpoints - RULES.keys()) == [], "routes without a rule in RULES"
    stale = {key for key in RULES if key.partition("[")[0] not in endpoints
             or key.partition("[")[2].rstrip("]") not in {"", "new", *VARIANTS}}
    assert sorted(stale) == [], "rules for routes that no longer exist"


class QuickHTML:
    """Stands in for WeasyPrint: who may get a PDF is the question here, not its pages."""

    def __init__(self, **_options):
        pass

    def write_pdf(self) -> bytes:
        return b"%PDF-1.4 matrix"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_matrix_says_on_every_route(app, db, monkeypatch, role):
    monkeypatch.setattr("catalog.pdf.HTML", QuickHTML)
    world = build_world()
    client = app.test_client()
    if role != "anonymous":
        signed = call(client, "POST", "/connexion",
                      {"email": world.emails[role], "password": PASSWORD})
        assert signed.status_code == 302, f"{role} could not sign in"
    cases = list_cases(app, world)
    unruled = sorted({case.key for case in cases} - RULES.keys())
    assert unruled == [], "routes without a rule in RULES"
    walk = Walk(client, role)
    for case in ordered(cases, role):
        walk.check(case)
    assert walk.problems == [], f"{len(walk.problems)} broken rule(s):\n" + "\n".join(
        walk.problems)
