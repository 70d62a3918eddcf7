"""Reading a filled questionnaire: each answer checked against its question, errors in French."""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from indicators.surveys.enums import QuestionKind
from indicators.surveys.models import Question, Survey
from portal.templating import strip_bidi_controls

MAX_TEXT = 4000
SCALES = {QuestionKind.RATING: range(1, 6), QuestionKind.NPS: range(0, 11)}


@dataclass
class Reading:
    """The values read from the form, by question id, and the errors next to each question."""

    scores: dict[int, int] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    choices: dict[int, list[str]] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)

    def is_low(self, survey: Survey) -> bool:
        """Whether a 1-to-5 rating is at or under the survey's low score."""
        return any(score <= survey.low_score for qid, score in self.scores.items()
                   if _kind(survey, qid) is QuestionKind.RATING)


def _kind(survey: Survey, question_id: int) -> QuestionKind | None:
    return next((q.kind for q in survey.questions if q.id == question_id), None)


def _read_one(question: Question, form, reading: Reading) -> None:
    name = f"q{question.id}"
    if question.kind in SCALES:
        raw = form.get(name, "").strip()
        if raw.isdigit() and int(raw) in SCALES[question.kind]:
            reading.scores[question.id] = int(raw)
        elif raw:
            reading.errors[question.id] = _("Choisissez une note dans l'échelle proposée.")
    elif question.kind is QuestionKind.TEXT:
        text = form.get(name, "").replace("\x00", "").strip()
        if len(text) > MAX_TEXT:
            reading.errors[question.id] = _("%(max)d caractères au plus.", max=MAX_TEXT)
        elif text:
            reading.texts[question.id] = text
    else:
        # The page prints choices without bidi controls (portal.templating): match them so.
        shown = {strip_bidi_controls(choice): choice for choice in question.choices}
        picked = [shown[key] for key in map(strip_bidi_controls, form.getlist(name))
                  if key in shown]
        if question.kind is QuestionKind.SINGLE:
            picked = picked[:1]
        if picked:
            reading.choices[question.id] = picked
    answered = (question.id in reading.scores or question.id in reading.texts
                or question.id in reading.choices)
    if question.required and not answered and question.id not in reading.errors:
        reading.errors[question.id] = _("Cette question attend une réponse.")


def read_answers(survey: Survey, form) -> Reading:
    """Read and check every question; a low rating makes the first comment field required."""
    reading = Reading()
    for question in survey.questions:
        _read_one(question, form, reading)
    comment = next((q for q in survey.questions if q.kind is QuestionKind.TEXT), None)
    if (comment is not None and reading.is_low(survey) and comment.id not in reading.texts
            and comment.id not in reading.errors):
        reading.errors[comment.id] = _(
            "Dites-nous ce qui n'a pas été : un commentaire est demandé quand une note est "
            "basse, pour que nous puissions agir.")
    return reading
