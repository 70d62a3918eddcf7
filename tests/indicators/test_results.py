"""The survey maths on hand-built answers: exact figures, and no division by zero when empty."""

from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from indicators.surveys import results
from indicators.surveys.results import Group, Point, Row

PARIS = ZoneInfo("Europe/Paris")


def test_score_stats_count_mean_and_distribution_of_the_scores_given():
    stats = results.score_stats([5, 4, 4, 2, None])
    assert (stats.count, stats.mean) == (4, 3.75)
    assert stats.distribution == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    assert stats.shares == {1: 0.0, 2: 0.25, 3: 0.0, 4: 0.5, 5: 0.25}


def test_no_score_gives_no_mean_and_no_share_rather_than_a_division_by_zero():
    stats = results.score_stats([None, None])
    assert (stats.count, stats.mean) == (0, None)
    assert stats.distribution == dict.fromkeys(range(1, 6), 0)
    assert set(stats.shares.values()) == {None}
    assert results.csat([]) is None
    assert results.share(3, 0) is None
    assert results.MISSING == "—"


def test_nps_distribution_spans_zero_to_ten():
    stats = results.score_stats([0, 10, 7], scale=results.NPS_SCALE)
    assert stats.distribution[0] == stats.distribution[10] == stats.distribution[7] == 1
    assert len(stats.distribution) == 11


def test_csat_is_the_share_of_fours_and_fives_among_ratings_given():
    assert results.csat([5, 4, 3, 2, 1, None]) == pytest.approx(0.4)
    assert results.csat([4, 4, 5]) == 1.0
    assert results.csat([3, 3]) == 0.0


def test_nps_is_promoters_minus_detractors_with_the_three_shares():
    stats = results.nps([10, 10, 9, 7, 3])
    assert (stats.count, stats.score) == (5, 40)
    assert (stats.promoters, stats.passives, stats.detractors) == (0.6, 0.2, 0.2)


@pytest.mark.parametrize(("scores", "expected"), [
    ([10, 9, 9, 8, 7, 6, 0, 5, 10, 3], 0),
    ([10, 10, 9, 7, 7, 7, 3, 3], 13),  # 12.5 rounds away from zero
    ([10, 10, 0, 0, 0, 7, 7, 7], -13),  # -12.5 too
    ([0, 0, 0, 10, 8, 8, 8, 8], -25),
    ([6, 0, 5], -100),
    ([9, 10], 100),
    ([8, 7], 0),
    ([10, 7, 7], 33),
])
def test_nps_is_an_integer_from_minus_100_to_100(scores, expected):
    assert results.nps(scores).score == expected


def test_nps_without_answers_has_no_score_and_no_shares():
    stats = results.nps([None])
    assert stats == results.NpsStats(0, None, None, None, None)


def test_choices_are_counted_once_per_respondent_offered_ones_first():
    stats = results.choice_stats(
        [["Sécurité", "Mobilité", "Sécurité"], ["Sécurité"], [], ["Ancien choix"]],
        ["Délais de traitement", "Mobilité", "Sécurité"])
    assert stats.count == 3
    assert list(stats.counts.items()) == [("Délais de traitement", 0), ("Mobilité", 1),
                                          ("Sécurité", 2), ("Ancien choix", 1)]
    assert stats.shares["Sécurité"] == pytest.approx(2 / 3)


def test_choices_without_respondents_have_no_share():
    stats = results.choice_stats([], ["Oui", "Non"])
    assert stats.count == 0
    assert stats.shares == {"Oui": None, "Non": None}


def test_breakdown_groups_scores_by_key_in_the_order_met():
    groups = results.breakdown([("Finances", 5), ("Export", 2), ("Finances", 3),
                                ("Export", None)])
    assert list(groups) == ["Finances", "Export"]
    assert (groups["Finances"].count, groups["Finances"].mean) == (2, 4.0)
    assert (groups["Export"].count, groups["Export"].mean) == (1, 2.0)
    assert results.breakdown([]) == {}
    assert results.breakdown([("a", 9), ("a", 3)], summarise=lambda s: results.nps(s).score) == {
        "a": 0}


def test_figures_give_csat_for_ratings_and_nps_for_recommendations():
    assert results.figures("rating", [5, 4, 1]) == results.Figures(3, 10 / 3, csat=2 / 3)
    assert results.figures("nps", [10, 0]) == results.Figures(2, 5.0, nps=0)
    assert results.figures("rating", []) == results.Figures(0, None, csat=None)


def test_only_small_groups_of_anonymous_surveys_are_hidden():
    assert results.is_hidden(2, anonymous=True)
    assert not results.is_hidden(3, anonymous=True)
    assert not results.is_hidden(1, anonymous=False)


def test_months_and_quarters_are_those_of_the_portal_time_zone():
    late = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # already 1 April in Paris
    assert results.month_of(late, PARIS) == "2026-04"
    assert results.quarter_of(late, PARIS) == "2026-T2"
    assert results.quarter_of(datetime(2025, 12, 31, 12, tzinfo=UTC), PARIS) == "2025-T4"


def test_an_edition_is_named_by_the_survey_else_by_its_opening_year():
    assert results.edition_of(" Vague 2 ", datetime(2025, 5, 1, tzinfo=UTC)) == "Vague 2"
    assert results.edition_of("", datetime(2025, 5, 1, tzinfo=UTC)) == "2025"
    assert results.edition_of("", None) == "—"


def point(code, edition, year, score, kind="rating", text=None, anonymous=False) -> Point:
    return Point(code, kind, text or f"Question {code}", edition, datetime(year, 1, 1, tzinfo=UTC),
                 score, anonymous)


def test_the_barometer_orders_editions_in_time_and_keeps_the_latest_wording():
    board = results.barometer([
        point("relation", "2026", 2026, 5, text="Nouvelle formulation"),
        point("relation", "2026", 2026, 4, text="Nouvelle formulation"),
        point("relation", "2024", 2024, 2, text="Ancienne formulation"),
        point("reco", "2024", 2024, 10, kind="nps"),
        point("reco", "2024", 2024, 3, kind="nps"),
        point("relation", "2025", 2025, 3),
    ])
    assert board.editions == ["2024", "2025", "2026"]
    relation, reco = board.series
    assert (relation.code, relation.text) == ("relation", "Nouvelle formulation")
    assert relation.cells["2024"] == results.Figures(1, 2.0, csat=0.0)
    assert relation.cells["2026"] == results.Figures(2, 4.5, csat=1.0)
    assert reco.cells == {"2024": results.Figures(2, 6.5, nps=0)}
    assert results.barometer([]) == results.Barometer([], [])


def test_the_barometer_hides_editions_of_anonymous_surveys_with_too_few_answers():
    board = results.barometer([point("q", "2025", 2025, 5, anonymous=True),
                               point("q", "2025", 2025, 4, anonymous=True)]
                              + [point("q", "2026", 2026, 4, anonymous=True)] * 3)
    cells = board.series[0].cells
    assert cells["2025"].hidden
    assert cells["2025"].mean is None
    assert (cells["2026"].hidden, cells["2026"].mean) == (False, 4.0)


def test_chart_data_puts_null_where_an_edition_has_no_figure():
    board = results.barometer([point("a", "2024", 2024, 4), point("a", "2025", 2025, 5),
                               point("b", "2025", 2025, 2), point("n", "2025", 2025, 10, "nps")])
    ratings = results.chart_data(board, "rating")
    assert ratings["labels"] == ["2024", "2025"]
    assert [d["data"] for d in ratings["datasets"]] == [[4.0, 5.0], [None, 2.0]]
    assert (ratings["min"], ratings["max"]) == (1, 5)
    assert results.chart_data(board, "nps")["datasets"] == [
        {"label": "Question n", "data": [None, 100]}]


def row(number, entity, answers, respondent="Camille Martin") -> Row:
    return Row(id=number, key=f"k{number}", submitted_at=datetime(2026, 3, number, tzinfo=UTC),
               month="2026-03", respondent=respondent,
               groups={"entite": Group((entity,), entity), "mois": Group(("2026-03",), "mars")},
               answers={qid: SimpleNamespace(**({"score": None, "text": "", "choices": []}
                                                 | value)) for qid, value in answers.items()})


RATING = SimpleNamespace(id=1, kind="rating", choices=[])
NPS = SimpleNamespace(id=2, kind="nps", choices=[])
COMMENT = SimpleNamespace(id=3, kind="text", choices=[])
PICK = SimpleNamespace(id=4, kind="multiple", choices=["Délais", "Sécurité"])


def test_a_report_summarises_each_question_and_breaks_responses_down():
    rows = [row(3, "Export", {1: {"score": 2}, 3: {"text": "Trop lent"}}),
            row(2, "Finances", {1: {"score": 5}, 2: {"score": 10}, 4: {"choices": ["Délais"]}}),
            row(1, "Finances", {1: {"score": 4}, 2: {"score": 3}, 3: {"text": "  "}})]
    report = results.report([RATING, NPS, COMMENT, PICK], rows, (6, 3), "entite", False)
    assert (report.count, report.rate, report.hidden) == (3, 0.5, False)
    rating, nps, comment, pick = report.questions
    assert (rating.answered, rating.scores.mean, rating.csat) == (3, 11 / 3, 2 / 3)
    assert (nps.answered, nps.nps.score) == (2, 0)
    assert [(c.text, c.respondent) for c in comment.comments] == [("Trop lent", "Camille Martin")]
    assert pick.choices.counts == {"Délais": 1, "Sécurité": 0}
    assert [(g.label, g.count) for g in report.groups] == [("Export", 1), ("Finances", 2)]
    assert report.groups[1].cells == [results.Figures(2, 4.5, csat=1.0),
                                      results.Figures(2, 6.5, nps=0)]


def test_an_empty_report_has_no_rate_and_no_figures():
    report = results.report([RATING, NPS, COMMENT, PICK], [], (0, 0), "entite", False)
    assert (report.count, report.rate, report.groups) == (0, None, [])
    assert report.questions[0].scores.mean is None
    assert report.questions[1].nps.score is None


def test_anonymous_reports_hide_small_groups_and_date_comments_by_month_only():
    rows = [row(n, "Finances", {3: {"text": f"Avis {n}"}}, respondent="") for n in (1, 2, 3)]
    rows.append(row(4, "Export", {3: {"text": "Seul de mon service"}}, respondent=""))
    report = results.report([RATING, COMMENT], rows, (10, 4), "entite", True)
    assert [(g.label, g.hidden, g.cells) for g in report.groups] == [
        ("Export", True, []), ("Finances", False, [results.Figures(0, None, csat=None)])]
    assert {c.submitted_at for c in report.questions[1].comments} == {None}
    assert results.report([COMMENT], rows[:2], (2, 2), "entite", True).hidden


def test_comments_come_newest_first_and_at_most_fifty():
    rows = [row(1, "Finances", {3: {"text": f"Avis {n}"}}) for n in range(60)]
    result = results.question_result(COMMENT, rows, anonymous=False)
    assert result.answered == 60
    assert [c.text for c in result.comments] == [f"Avis {n}" for n in range(50)]
