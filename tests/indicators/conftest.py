"""Factories of the surveys' tests."""

import pytest

from indicators.surveys.engine import add_default_questions
from indicators.surveys.enums import SurveyKind, SurveyStatus
from indicators.surveys.models import Survey
from portal.enums import Role
from tests.committees.conftest import paris


@pytest.fixture
def agent(make_user):
    """An agent of the service desk, who takes and solves requests."""
    return make_user(Role.AGENT)


@pytest.fixture
def make_survey(db):
    def factory(kind: SurveyKind = SurveyKind.POST_REQUEST, **values) -> Survey:
        survey = Survey(kind=kind, title=values.pop("title", "Votre avis sur votre demande"),
                        status=values.pop("status", SurveyStatus.OPEN),
                        opens_at=values.pop("opens_at", paris(2026, 1, 1)),
                        created_at=paris(2026, 1, 1), **values)
        add_default_questions(survey)
        db.session.add(survey)
        db.session.commit()
        return survey

    return factory
