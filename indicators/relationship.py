"""Loyalty and promotion indicators, as seed 004 names them, over three compared periods.

They read small tables (campaign answers, subscriptions, client meetings, projects, the
client-firsts rollup), never the requests.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct, func, select

from catalog.models import Service, Subscription
from catalog.queries import coverage_by_service
from committees.models import ClientMeeting, Project
from indicators.board import TAGS, Line, Section, breakdown, label_of
from indicators.maths import share
from indicators.models import client_firsts
from indicators.periods import Period, add_months
from indicators.queries import (
    Scope,
    compared,
    entity_index,
    new_client_ids,
    read,
    service_index,
)
from indicators.surveys.enums import QuestionKind, SurveyKind, SurveyStatus
from indicators.surveys.models import Answer, Question, Response, Survey
from indicators.surveys.results import csat
from portal.extensions import db

MATURE_FROM = 0.9
NEW_CLIENT_DAYS = 365


def _in_scope(column, ids: set[int] | None) -> list:
    return [] if ids is None else [column.in_(ids or {-1})]


def campaign_csat(kind: SurveyKind, until: date, scope: Scope) -> float | None:
    """CSAT of every rating of the last campaign of this kind opened by `until`."""
    survey_id = db.session.scalar(
        select(Survey.id).where(Survey.kind == kind, Survey.status != SurveyStatus.DRAFT,
                                func.date(Survey.opens_at) <= until)
        .order_by(Survey.opens_at.desc()).limit(1))
    if survey_id is None:
        return None
    return csat(db.session.scalars(
        select(Answer.score).join(Response).join(Question)
        .where(Response.survey_id == survey_id, Question.kind == QuestionKind.RATING,
               *_in_scope(Response.entity_id, scope.entity_ids))))


def coverage_on(day: date, scope: Scope) -> dict[int, float | None]:
    """Each service's coverage rate on a day (the scope's services only)."""
    services = list(db.session.scalars(
        select(Service).where(*_in_scope(Service.id, scope.service_ids))))
    return {sid: share(subscribed, target)
            for sid, (subscribed, target) in coverage_by_service(services, day).items()}


def _mature_kept(period: Period, scope: Scope) -> float | None:
    before, after = coverage_on(period.start, scope), coverage_on(period.end, scope)
    mature = [sid for sid, rate in before.items() if rate is not None and rate >= MATURE_FROM]
    kept = [sid for sid in mature if (after.get(sid) or 0) >= MATURE_FROM]
    return share(len(kept), len(mature))


def _distinct_entities(column, day_column, period: Period, scope: Scope) -> int:
    return db.session.scalar(select(func.count(distinct(column))).where(
        day_column >= period.start, day_column <= period.end,
        *_in_scope(column, scope.entity_ids))) or 0


def client_since() -> dict[int, date]:
    """The day each entity became a client: its first request or first subscription."""
    c = client_firsts.c
    since = dict(db.session.execute(
        select(c.entity_id, c.first_day).where(c.service_id == 0)).all())
    for entity_id, first in db.session.execute(
            select(Subscription.entity_id, func.min(Subscription.since))
            .group_by(Subscription.entity_id)):
        since[entity_id] = min(first, since.get(entity_id, first))
    return since


def _new_client_projects(period: Period, scope: Scope, since: dict[int, date]) -> list[Project]:
    signed = db.session.scalars(select(Project).where(
        Project.signed_on >= period.start, Project.signed_on <= period.end,
        *_in_scope(Project.entity_id, scope.entity_ids)).order_by(Project.signed_on))
    return [p for p in signed if p.entity_id in since
            and since[p.entity_id] >= p.signed_on - timedelta(days=NEW_CLIENT_DAYS)]


def _line(key: str, label, unit: str, periods: dict[str, Period], measure) -> Line:
    return Line(key, str(label), unit, {tag: measure(periods[tag]) for tag in TAGS})


def loyalty_section(period: Period, scope: Scope) -> Section:
    periods = compared(period)
    return Section("loyalty", str(_l("Indicateurs de fidélisation")), [
        _line("annual", _l("Satisfaction annuelle sur la relation (CSAT)"), "share", periods,
              lambda p: campaign_csat(SurveyKind.ANNUAL, p.end, scope)),
        _line("catalogue", _l("Satisfaction sur le catalogue (CSAT)"), "share", periods,
              lambda p: campaign_csat(SurveyKind.CATALOGUE, p.end, scope)),
        _line("mature", _l("Services matures maintenus (couverture ≥ 90 %)"), "share",
              periods, lambda p: _mature_kept(p, scope)),
        _line("met_clients", _l("Clients rencontrés"), "count", periods,
              lambda p: _distinct_entities(ClientMeeting.entity_id, ClientMeeting.met_on, p,
                                           scope)),
        _line("project_clients", _l("Clients ayant un nouveau projet"), "count", periods,
              lambda p: _distinct_entities(Project.entity_id, Project.raised_on, p, scope)),
    ])


def promotion_section(period: Period, scope: Scope) -> Section:
    periods, since = compared(period), client_since()
    return Section("promotion", str(_l("Indicateurs de promotion")), [
        _line("new_clients", _l("Nouveaux clients ayant une demande"), "count", periods,
              lambda p: len(new_client_ids(p, scope))),
        _line("new_client_projects", _l("Projets signés auprès de nouveaux clients"), "count",
              periods, lambda p: len(_new_client_projects(p, scope, since))),
    ])


def coverage_section(period: Period, scope: Scope) -> Section:
    """Each service's coverage at the end of the period; the change is the points gained."""
    services = service_index()
    ends = {"current": period.end, "previous": period.start - timedelta(days=1),
            "year": period.year_before().end}
    rates = {tag: coverage_on(day, scope) for tag, day in ends.items()}
    lines = [Line(f"coverage:{sid}", services[sid].name, "share",
                  {tag: rates[tag].get(sid) for tag in TAGS}) for sid in rates["current"]]
    lines.sort(key=lambda line: -(line.change("previous") or 0))
    return Section("coverage", str(_l("Taux de couverture par service (gain sur la période)")),
                   lines)


def flow_sections(period: Period, scope: Scope) -> list[Section]:
    periods = compared(period)
    by_entity = read(periods, scope, ("entity_id",), ("received",))
    by_service = read(periods, scope, ("service_id",), ("received",))

    def by_change(line: Line):
        return -abs(line.change("previous") or 0)

    return [
        Section("flow_entities", str(_l("Variation des flux entrants par entité")),
                breakdown(by_entity, lambda k: k[0], label_of(entity_index(), "path"),
                           "entity", order=by_change)),
        Section("flow_services", str(_l("Variation des flux entrants par service")),
                breakdown(by_service, lambda k: k[0], label_of(service_index()),
                           "service", order=by_change)),
    ]


def new_clients_detail(period: Period, scope: Scope) -> dict:
    """Who the new clients and the projects signed with them are, for the period."""
    entities = entity_index()
    return {"clients": sorted((entities[i] for i in new_client_ids(period, scope)
                               if i in entities), key=lambda e: e.name),
            "projects": _new_client_projects(period, scope, client_since())}


def monthly_trends(period: Period, scope: Scope, months: int = 13) -> dict:
    """Clients met, clients with a new project and new clients, month by month."""
    last = period.months()[-1]
    labels = [add_months(last, i - months + 1) for i in range(months)]
    periods = [Period.of("mois", month) for month in labels]
    return {"labels": labels, "series": {
        "met": [_distinct_entities(ClientMeeting.entity_id, ClientMeeting.met_on, p, scope)
                for p in periods],
        "projects": [_distinct_entities(Project.entity_id, Project.raised_on, p, scope)
                     for p in periods],
        "new": [len(new_client_ids(p, scope)) for p in periods]}}


def relationship_board(period: Period, scope: Scope) -> list[Section]:
    return [loyalty_section(period, scope), promotion_section(period, scope),
            *flow_sections(period, scope), coverage_section(period, scope)]
