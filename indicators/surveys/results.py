"""Survey maths on plain values: counts, means, CSAT, NPS, choice shares, breakdowns, editions.

Nothing here touches the database or Flask. A figure that cannot be computed (no answer) is
None, shown as MISSING; shares are fractions between 0 and 1.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, NamedTuple, TypeVar

MISSING = "—"
RATING_SCALE = range(1, 6)
NPS_SCALE = range(0, 11)
SATISFIED_FROM = 4  # CSAT counts the ratings 4 and 5 out of 5
PROMOTERS_FROM, DETRACTORS_UP_TO = 9, 6
MIN_ANONYMOUS_GROUP = 3  # fewer answers than this in an anonymous survey could name someone
COMMENTS_SHOWN = 50
SCORED = ("rating", "nps")

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
S = TypeVar("S")


def share(part: int, whole: int) -> float | None:
    """Return part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


def answered(scores: Iterable[int | None]) -> list[int]:
    """Keep the scores actually given."""
    return [score for score in scores if score is not None]


def rounded(numerator: int, denominator: int) -> int:
    """Divide integers exactly and round half away from zero (12.5 -> 13, -12.5 -> -13)."""
    quotient, remainder = divmod(abs(numerator), denominator)
    value = quotient + (2 * remainder >= denominator)
    return value if numerator >= 0 else -value


@dataclass(frozen=True)
class ScoreStats:
    """How many scores were given, their mean, and how many of each value of the scale."""

    count: int
    mean: float | None
    distribution: dict[int, int]

    @property
    def shares(self) -> dict[int, float | None]:
        return {value: share(number, self.count) for value, number in self.distribution.items()}


def score_stats(scores: Iterable[int | None], scale: Sequence[int] = RATING_SCALE) -> ScoreStats:
    """Count, mean and distribution over the scale of the scores given."""
    given = answered(scores)
    counts = Counter(given)
    return ScoreStats(count=len(given), mean=share(sum(given), len(given)),
                      distribution={value: counts[value] for value in scale})


def csat(scores: Iterable[int | None]) -> float | None:
    """The share of ratings of 4 or 5 out of 5 among the ratings given."""
    given = answered(scores)
    return share(sum(score >= SATISFIED_FROM for score in given), len(given))


@dataclass(frozen=True)
class NpsStats:
    """The Net Promoter Score (-100 to 100) and the shares it comes from."""

    count: int
    score: int | None
    promoters: float | None
    passives: float | None
    detractors: float | None


def nps(scores: Iterable[int | None]) -> NpsStats:
    """% promoters (9-10) minus % detractors (0-6), rounded to an integer."""
    given = answered(scores)
    total = len(given)
    promoters = sum(score >= PROMOTERS_FROM for score in given)
    detractors = sum(score <= DETRACTORS_UP_TO for score in given)
    return NpsStats(count=total,
                    score=rounded(100 * (promoters - detractors), total) if total else None,
                    promoters=share(promoters, total),
                    passives=share(total - promoters - detractors, total),
                    detractors=share(detractors, total))


@dataclass(frozen=True)
class ChoiceStats:
    """How many respondents ticked something, and how many ticked each choice."""

    count: int
    counts: dict[str, int]

    @property
    def shares(self) -> dict[str, float | None]:
        return {choice: share(number, self.count) for choice, number in self.counts.items()}


def choice_stats(picks: Iterable[Sequence[str]], choices: Sequence[str] = ()) -> ChoiceStats:
    """Count each choice (the offered ones first, in order, then any others as met)."""
    counts: dict[str, int] = dict.fromkeys(choices, 0)
    respondents = 0
    for picked in picks:
        respondents += bool(picked)
        for choice in dict.fromkeys(picked):
            counts[choice] = counts.get(choice, 0) + 1
    return ChoiceStats(count=respondents, counts=counts)


def breakdown(pairs: Iterable[tuple[K, V]],
              summarise: Callable[[list[V]], S] = score_stats) -> dict[K, S]:
    """Group (key, score) pairs by key and summarise each group's scores, keys in order met."""
    groups: dict[K, list[V]] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return {key: summarise(scores) for key, scores in groups.items()}


@dataclass(frozen=True)
class Figures:
    """The headline figures of a scored question: mean, and CSAT (rating) or NPS (0 to 10)."""

    count: int
    mean: float | None
    csat: float | None = None
    nps: int | None = None
    hidden: bool = False


def figures(kind: str, scores: Iterable[int | None]) -> Figures:
    """Headline figures of one question's scores; kind is 'rating' or 'nps'."""
    given = answered(scores)
    mean = share(sum(given), len(given))
    if kind == "nps":
        return Figures(count=len(given), mean=mean, nps=nps(given).score)
    return Figures(count=len(given), mean=mean, csat=csat(given))


def is_hidden(count: int, anonymous: bool) -> bool:
    """Whether a group is too small to be shown without naming its members."""
    return anonymous and count < MIN_ANONYMOUS_GROUP


def month_of(moment: datetime, tz: tzinfo) -> str:
    """The month of an instant in the given time zone, as 'YYYY-MM' (sorts in time)."""
    return moment.astimezone(tz).strftime("%Y-%m")


def quarter_of(moment: datetime, tz: tzinfo) -> str:
    """The calendar quarter of an instant in the given time zone, as 'YYYY-T1' to 'YYYY-T4'."""
    local = moment.astimezone(tz)
    return f"{local.year}-T{(local.month - 1) // 3 + 1}"


def edition_of(edition: str, opens_at: datetime | None) -> str:
    """A campaign's edition: its own name, else the year it opened (give it in local time)."""
    return edition.strip() or (str(opens_at.year) if opens_at else MISSING)


@dataclass(frozen=True)
class Point:
    """One score of one question in one edition; `order` places the edition in time."""

    code: str
    kind: str
    text: str
    edition: str
    order: Any  # comparable across the points of one barometer: a datetime or a 'YYYY-Tn'
    score: int | None
    anonymous: bool = False


@dataclass
class Series:
    code: str
    kind: str
    text: str
    cells: dict[str, Figures] = field(default_factory=dict)


@dataclass
class Barometer:
    editions: list[str]
    series: list[Series]


def barometer(points: Iterable[Point]) -> Barometer:
    """Each question code's figures edition by edition, editions ordered by their earliest point.

    A question keeps the wording of its latest edition; codes come in the order first met.
    """
    points = list(points)
    starts: dict[str, Any] = {}
    for point in points:
        starts[point.edition] = min(starts.get(point.edition, point.order), point.order)
    editions = sorted(starts, key=lambda name: (starts[name], name))
    latest = {point.code: point for point in sorted(points, key=lambda p: starts[p.edition])}
    grouped = breakdown((((p.code, p.edition), p) for p in points), summarise=list)
    return Barometer(editions, [
        Series(code, latest[code].kind, latest[code].text, {
            edition: _cell(latest[code].kind, grouped[code, edition])
            for edition in editions if (code, edition) in grouped})
        for code in dict.fromkeys(point.code for point in points)])


def _cell(kind: str, points: list[Point]) -> Figures:
    """An edition's figures, withheld when an anonymous survey had too few answers."""
    result = figures(kind, (point.score for point in points))
    if is_hidden(result.count, any(point.anonymous for point in points)):
        return Figures(count=result.count, mean=None, hidden=True)
    return result


class Group(NamedTuple):
    """A value responses are broken down by: how it sorts, and how it reads."""

    sort: tuple
    label: str


@dataclass
class Row:
    """One response: when, by whom ('' in anonymous surveys), its groups, its answers.

    `answers` maps a question id to anything with `score`, `text` and `choices`.
    """

    id: int
    key: str
    submitted_at: datetime
    month: str
    respondent: str
    groups: dict[str, Group]
    answers: dict[int, Any]


@dataclass(frozen=True)
class Comment:
    submitted_at: datetime | None  # None in anonymous surveys: the month alone is shown
    month: str
    text: str
    respondent: str


@dataclass
class QuestionResult:
    """One question's figures; which ones are set depends on its kind."""

    question: Any
    answered: int = 0
    scores: ScoreStats | None = None
    csat: float | None = None
    nps: NpsStats | None = None
    choices: ChoiceStats | None = None
    comments: list[Comment] = field(default_factory=list)


def question_result(question, rows: list[Row], anonymous: bool) -> QuestionResult:
    """Summarise the answers to a question (anything with id, kind and choices)."""
    given = [row.answers[question.id] for row in rows if question.id in row.answers]
    scores = [answer.score for answer in given]
    if question.kind == "rating":
        return QuestionResult(question, len(answered(scores)), scores=score_stats(scores),
                              csat=csat(scores))
    if question.kind == "nps":
        return QuestionResult(question, len(answered(scores)),
                              scores=score_stats(scores, NPS_SCALE), nps=nps(scores))
    if question.kind == "text":
        comments = [Comment(None if anonymous else row.submitted_at, row.groups["mois"].label,
                            row.answers[question.id].text.strip(), row.respondent)
                    for row in rows if question.id in row.answers
                    and row.answers[question.id].text.strip()]
        return QuestionResult(question, len(comments), comments=comments[:COMMENTS_SHOWN])
    picks = choice_stats((answer.choices or () for answer in given), question.choices)
    return QuestionResult(question, picks.count, choices=picks)


@dataclass
class GroupLine:
    label: str
    count: int
    hidden: bool
    cells: list[Figures]


def group_lines(rows: list[Row], scored: list, by: str, anonymous: bool) -> list[GroupLine]:
    """The breakdown table: each group's response count and scored questions' figures."""
    members = breakdown(((row.groups[by], row) for row in rows), summarise=list)
    lines = []
    for group in sorted(members, key=lambda value: value.sort):
        grouped = members[group]
        hidden = is_hidden(len(grouped), anonymous)
        cells = [] if hidden else [
            figures(question.kind, (row.answers[question.id].score for row in grouped
                                    if question.id in row.answers)) for question in scored]
        lines.append(GroupLine(group.label, len(grouped), hidden, cells))
    return lines


@dataclass
class Report:
    """Everything the results page shows."""

    count: int
    sent: int
    answered: int
    hidden: bool
    questions: list[QuestionResult]
    scored: list
    groups: list[GroupLine]

    @property
    def rate(self) -> float | None:
        return share(self.answered, self.sent)


def report(questions: list, rows: list[Row], invitations: tuple[int, int], by: str,
           anonymous: bool) -> Report:
    """Build the results of a survey from its questions, responses and (sent, answered)."""
    scored = [question for question in questions if question.kind in SCORED]
    return Report(count=len(rows), sent=invitations[0], answered=invitations[1],
                  hidden=is_hidden(len(rows), anonymous),
                  questions=[question_result(question, rows, anonymous)
                             for question in questions],
                  scored=scored, groups=group_lines(rows, scored, by, anonymous))


def chart_data(board: Barometer, kind: str) -> dict:
    """What charts.js draws: one line per question of the kind, null where nothing to show."""
    value = (lambda cell: cell.mean) if kind == "rating" else (lambda cell: cell.nps)
    series = [line for line in board.series if line.kind == kind]
    return {"labels": board.editions, "min": 1 if kind == "rating" else -100,
            "max": 5 if kind == "rating" else 100,
            "datasets": [{"label": _short(line.text), "data": [
                _rounded_or_none(value(line.cells[edition]))
                if edition in line.cells else None for edition in board.editions]}
                for line in series]}


def _short(text: str, size: int = 48) -> str:
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def _rounded_or_none(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
