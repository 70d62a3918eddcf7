"""What the results pages read: the filters, whose responses a user may see, and loading them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select

from catalog.models import Family, Service
from committees.permissions import is_manager
from indicators.surveys import results as maths
from indicators.surveys.enums import QuestionKind, SurveyKind
from indicators.surveys.models import Answer, Invitation, Question, Response, Survey
from portal.enums import Role, Segment
from portal.extensions import db
from portal.models import Entity, User
from portal.queries import collation_key, entity_choices
from tickets.models import Ticket

DIMENSIONS = {"entite": _l("Entité"), "segment": _l("Segment"),
              "type_client": _l("Type de client"), "service": _l("Service"),
              "famille": _l("Famille"), "mois": _l("Mois")}
SCORED = (QuestionKind.RATING, QuestionKind.NPS)
MAX_ID = 2**31 - 1  # larger ids cannot exist and would overflow PostgreSQL's integer
YEARS = range(1900, 3000)


def local_tz() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _id(args, name: str) -> int | None:
    value = args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def _day(args, name: str) -> date | None:
    try:
        day = date.fromisoformat(args.get(name, "").strip()[:10])
    except ValueError:
        return None
    return day if day.year in YEARS else None


@dataclass
class ResultFilter:
    """The results filters, from the query string; bad values are ignored."""

    entity_id: int | None = None
    segment: Segment | None = None
    service_id: int | None = None
    family_id: int | None = None
    start: date | None = None
    end: date | None = None
    by: str = "entite"

    @classmethod
    def from_args(cls, args) -> ResultFilter:
        segment, by = args.get("segment", ""), args.get("par", "")
        return cls(entity_id=_id(args, "entite"), service_id=_id(args, "service"),
                   family_id=_id(args, "famille"), start=_day(args, "du"), end=_day(args, "au"),
                   segment=Segment(segment) if segment in Segment._value2member_map_ else None,
                   by=by if by in DIMENSIONS else "entite")

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The dates as UTC instants: from the start day's midnight to the end day's last one."""
        tz = local_tz()
        start = datetime.combine(self.start, time(), tz) if self.start else None
        end = datetime.combine(self.end + timedelta(days=1), time(), tz) if self.end else None
        return start, end


def led_services(user: User) -> set[int] | None:
    """The services whose results the user reads: None means all of them (managers)."""
    if is_manager(user):
        return None
    return set(db.session.scalars(select(Service.id).where(
        or_(Service.owner_id == user.id, Service.backup_id == user.id))))


def can_see_kind(user: User, kind: SurveyKind) -> bool:
    """Managers read every survey; product leads the post-request one, for their services."""
    if is_manager(user):
        return True
    return (user.is_authenticated and user.has_role(Role.PRODUCT_LEAD)
            and kind is SurveyKind.POST_REQUEST)


def can_see_results(user: User, survey: Survey) -> bool:
    """Whether the user may open the survey's results and export them (within their scope)."""
    return can_see_kind(user, survey.kind)


def readable_responses(user: User) -> Select:
    """Ids of the responses the user may read one by one: the results' rule, kind and scope."""
    kinds = [kind for kind in SurveyKind if can_see_kind(user, kind)]
    query = select(Response.id).where(Response.survey_id.in_(
        select(Survey.id).where(Survey.kind.in_(kinds))))
    if (scope := led_services(user)) is not None:
        query = query.where(Response.service_id.in_(scope))
    return query


def can_see_response(user: User, response: Response) -> bool:
    """Whether the user may read this one response (and the follow-up action it raised)."""
    return db.session.scalar(readable_responses(user).where(Response.id == response.id)) is not None


def shows_entity(response: Response) -> bool:
    """Whether naming the response's entity keeps an anonymous respondent hidden in the crowd."""
    if not response.survey.anonymous or response.entity_id is None:
        return response.entity_id is not None
    count = db.session.scalar(select(func.count(Response.id)).where(
        Response.survey_id == response.survey_id, Response.entity_id == response.entity_id))
    return not maths.is_hidden(count or 0, anonymous=True)


def _entity_ids(entity_id: int | None) -> set[int] | None:
    entity = db.session.get(Entity, entity_id) if entity_id else None
    return entity.descendant_ids() if entity is not None else None


def _filtered(query: Select, filters: ResultFilter, scope: set[int] | None) -> Select:
    if scope is not None:
        query = query.where(Response.service_id.in_(scope))
    if (entities := _entity_ids(filters.entity_id)) is not None:
        query = query.where(Response.entity_id.in_(entities))
    if filters.segment:
        query = query.where(Response.segment == filters.segment)
    if filters.service_id:
        query = query.where(Response.service_id == filters.service_id)
    if filters.family_id:
        query = query.where(Response.family_id == filters.family_id)
    start, end = filters.bounds()
    if start:
        query = query.where(Response.submitted_at >= start)
    if end:
        query = query.where(Response.submitted_at < end)
    return query


def count_invitations(survey: Survey, scope: set[int] | None,
                      filters: ResultFilter) -> tuple[int, int]:
    """(sent, answered) invitations of the survey under the same scope and filters."""
    query = select(func.count(Invitation.id), func.count(Invitation.answered_at)).where(
        Invitation.survey_id == survey.id, Invitation.sent_at.is_not(None),
        *_ticket_conditions(scope, filters))
    if (entities := _entity_ids(filters.entity_id)) is not None:
        query = query.where(Invitation.entity_id.in_(entities))
    if filters.segment:
        query = query.where(Invitation.entity_id.in_(
            select(Entity.id).where(Entity.segment == filters.segment)))
    start, end = filters.bounds()
    if start:
        query = query.where(Invitation.sent_at >= start)
    if end:
        query = query.where(Invitation.sent_at < end)
    sent, answered = db.session.execute(query).one()
    return sent, answered


def _ticket_conditions(scope: set[int] | None, filters: ResultFilter) -> list:
    """Post-request invitations are about a request: filter them by its service."""
    services = []
    if scope is not None:
        services.append(Ticket.service_id.in_(scope))
    if filters.service_id:
        services.append(Ticket.service_id == filters.service_id)
    if filters.family_id:
        services.append(Ticket.service_id.in_(
            select(Service.id).where(Service.family_id == filters.family_id)))
    return [Invitation.ticket_id.in_(select(Ticket.id).where(*services))] if services else []


def _unknown() -> maths.Group:
    return maths.Group((1,), _("Non renseigné"))


def _named(row_id: int | None, name: str | None) -> maths.Group:
    return maths.Group((0, collation_key(name), row_id), name) if name else _unknown()


def _labelled(member) -> maths.Group:
    if member is None:
        return _unknown()
    return maths.Group((0, list(type(member)).index(member)), member.label)


def month_label(month: str) -> str:
    year, number = month.split("-")
    return format_date(date(int(year), int(number), 1), "MMMM yyyy")


def list_rows(survey: Survey, scope: set[int] | None,
              filters: ResultFilter) -> list[maths.Row]:
    """The survey's responses the user may see under the filters, newest first."""
    ids = _filtered(select(Response.id).where(Response.survey_id == survey.id), filters, scope)
    query = (select(Response, Entity.name, Service.name, Family.name,
                    User.first_name, User.last_name)
             .outerjoin(Entity, Entity.id == Response.entity_id)
             .outerjoin(Service, Service.id == Response.service_id)
             .outerjoin(Family, Family.id == Response.family_id)
             .outerjoin(User, User.id == Response.user_id)
             .where(Response.id.in_(ids))
             .order_by(Response.submitted_at.desc(), Response.id.desc()))
    answers: dict[int, dict[int, Answer]] = defaultdict(dict)
    for answer in db.session.scalars(select(Answer).where(Answer.response_id.in_(ids))):
        answers[answer.response_id][answer.question_id] = answer
    tz = local_tz()
    return [_row(line, answers[line[0].id], survey.anonymous, tz)
            for line in db.session.execute(query)]


def _row(line, answers: dict[int, Answer], anonymous: bool, tz: ZoneInfo) -> maths.Row:
    response, entity, service, family, first_name, last_name = line
    month = maths.month_of(response.submitted_at, tz)
    named = not anonymous and first_name is not None
    return maths.Row(
        id=response.id, key=response.invitation_key, submitted_at=response.submitted_at,
        month=month, respondent=f"{first_name} {last_name}" if named else "", answers=answers,
        groups={"entite": _named(response.entity_id, entity),
                "segment": _labelled(response.segment),
                "type_client": _labelled(response.client_type),
                "service": _named(response.service_id, service),
                "famille": _named(response.family_id, family),
                "mois": maths.Group((month,), month_label(month))})


def filter_choices(user: User) -> dict:
    """The options of the filter form; a product lead picks among their own services."""
    scope = led_services(user)
    services = select(Service.id, Service.name).order_by(Service.name)
    if scope is not None:
        services = services.where(Service.id.in_(scope))
    return {"entities": entity_choices(_("Toutes les entités")),
            "segments": Segment.choices(),
            "services": db.session.execute(services).all(),
            "families": db.session.execute(
                select(Family.id, Family.name).order_by(Family.position, Family.name)).all(),
            "dimensions": list(DIMENSIONS.items())}


def barometer_kind(raw: str | None, user: User) -> SurveyKind:
    """The kind asked for, else the first one the user may read."""
    if raw in SurveyKind._value2member_map_:
        return SurveyKind(raw)
    return SurveyKind.ANNUAL if is_manager(user) else SurveyKind.POST_REQUEST


def list_points(kind: SurveyKind, scope: set[int] | None) -> list[maths.Point]:
    """Every score given to a scored question of this kind of survey, with its edition."""
    query = (select(Question.code, Question.kind, Question.text, Answer.score,
                    Survey.anonymous, Survey.edition, Survey.opens_at, Survey.created_at,
                    Response.submitted_at)
             .select_from(Answer)
             .join(Question, Question.id == Answer.question_id)
             .join(Response, Response.id == Answer.response_id)
             .join(Survey, Survey.id == Response.survey_id)
             .where(Survey.kind == kind, Question.kind.in_(SCORED), Answer.score.is_not(None))
             .order_by(Survey.id, Question.position, Question.id))
    if scope is not None:
        query = query.where(Response.service_id.in_(scope))
    tz = local_tz()
    return [_point(row, kind, tz) for row in db.session.execute(query)]


def _point(row, kind: SurveyKind, tz: ZoneInfo) -> maths.Point:
    if kind is SurveyKind.POST_REQUEST:
        order = maths.quarter_of(row.submitted_at, tz)
        year, quarter = order.split("-")
        edition = f"{quarter} {year}"
    else:
        order = row.opens_at or row.created_at
        edition = maths.edition_of(row.edition, order.astimezone(tz))
    return maths.Point(row.code, QuestionKind(row.kind).value, row.text, edition, order,
                       row.score, row.anonymous)


def get_report(survey: Survey, user: User, filters: ResultFilter) -> maths.Report:
    """The results page of a survey, as far as the user may see them."""
    scope = led_services(user)
    rows = list_rows(survey, scope, filters)
    return maths.report(survey.questions, rows, count_invitations(survey, scope, filters),
                        filters.by, survey.anonymous)


def get_barometer(kind: SurveyKind, user: User) -> maths.Barometer:
    """Each scored question of this kind of survey, edition by edition."""
    return maths.barometer(list_points(kind, led_services(user)))


EXPORTED_GROUPS = ("entite", "segment", "service")


def export_table(survey: Survey, user: User, filters: ResultFilter) -> tuple[list, list]:
    """(header, rows): one row per response; anonymous surveys name no one and hide small groups."""
    rows = list_rows(survey, led_services(user), filters)
    anonymous = survey.anonymous
    rows.sort(key=(lambda row: (row.month, row.key)) if anonymous
              else (lambda row: (row.submitted_at, row.id)))
    shown = _shown_groups(rows, anonymous)
    header = [_("Mois") if anonymous else _("Date de réponse"),
              *([] if anonymous else [_("Répondant")]),
              _("Entité"), _("Segment"), _("Service"),
              *(question.text for question in survey.questions)]
    tz = local_tz()
    return header, [
        [row.month if anonymous else row.submitted_at.astimezone(tz).date(),
         *([] if anonymous else [row.respondent]),
         *(row.groups[name].label if (name, row.groups[name]) in shown
           else _("moins de 3 réponses") for name in EXPORTED_GROUPS),
         *(_cell(row.answers.get(question.id)) for question in survey.questions)]
        for row in rows]


def _shown_groups(rows: list[maths.Row], anonymous: bool) -> set[tuple[str, maths.Group]]:
    """The (dimension, group) pairs big enough to be named in the export."""
    counts = maths.breakdown((((name, row.groups[name]), row.id) for row in rows
                              for name in EXPORTED_GROUPS), summarise=len)
    return {group for group, count in counts.items() if not maths.is_hidden(count, anonymous)}


def _cell(answer: Answer | None):
    if answer is None:
        return None
    if answer.score is not None:
        return answer.score
    return answer.text or ", ".join(answer.choices or ())


def list_answered_surveys(kind: SurveyKind) -> list[Survey]:
    """The surveys of a kind that have responses, oldest first: the barometer links to them."""
    return list(db.session.scalars(select(Survey).where(
        Survey.kind == kind, Survey.id.in_(select(Response.survey_id)))
        .order_by(Survey.opens_at, Survey.id)))
