"""The simulated answers, checked without a database: reproducible, on the scale, and holding
the differences between groups that the demo's results are meant to show."""

import re
import statistics
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from soslokal.demo.services import SIMULATED_DATES, SIMULATED_SEED, SKIEN_NEIGHBOURHOODS
from soslokal.demo.simulation import GROUPS, simulate_responses

OSLO = ZoneInfo("Europe/Oslo")
OPENS, CLOSES = SIMULATED_DATES
MOVING_AROUND, PUBLIC_TRANSPORT, PLAY, WORK, SAFE, INFLUENCE = 1, 2, 6, 8, 12, 14


def simulate(seed=SIMULATED_SEED):
    return simulate_responses(seed=seed, opens_on=OPENS, closes_on=CLOSES, zone=OSLO)


@pytest.fixture(scope="module")
def responses():
    return simulate()


def individuals(responses, **where):
    """The individual (not group) answers whose area or background matches ``where``."""
    return [
        response
        for response in responses
        if response.participants is None
        and all(
            (response.area if key == "area" else response.background.get(key)) == value
            for key, value in where.items()
        )
    ]


def mean_score(responses, theme):
    return statistics.mean(
        answer.score
        for response in responses
        for answer in response.answers
        if answer.theme == theme and answer.score is not None
    )


def test_the_same_seed_gives_the_same_answers(responses):
    assert simulate() == responses
    assert simulate(seed=SIMULATED_SEED + 1) != responses


def test_a_few_hundred_answers_on_the_seven_point_scale(responses):
    assert 300 <= len(responses) <= 450
    for response in responses:
        themes = [answer.theme for answer in response.answers]
        assert themes == sorted(set(themes)) and set(themes) <= set(range(1, 15))
        assert all(a.score is None or 1 <= a.score <= 7 for a in response.answers)
    assert len({response.token for response in responses}) == len(responses)


def test_answers_come_in_while_the_survey_was_open_to_the_hour(responses):
    for response in responses:
        moment = response.submitted_hour
        assert moment.tzinfo is OSLO and (moment.minute, moment.second) == (0, 0)
        assert OPENS <= moment.date() <= CLOSES


def test_one_neighbourhood_scores_work_and_moving_around_well_below_the_others(responses):
    klyve = individuals(responses, area="Klyve")
    for theme in (WORK, MOVING_AROUND):
        for other in ("Gulset", "Falkum"):
            assert (
                mean_score(individuals(responses, area=other), theme) - mean_score(klyve, theme)
                > 0.8
            )


def test_young_people_score_play_lower_and_the_oldest_score_getting_around_lower(responses):
    young = individuals(responses, age_band="16-19")
    middle = individuals(responses, age_band="45-66")
    oldest = individuals(responses, age_band="80+")
    assert mean_score(middle, PLAY) - mean_score(young, PLAY) > 0.8
    assert mean_score(middle, MOVING_AROUND) - mean_score(oldest, MOVING_AROUND) > 0.8
    assert mean_score(middle, PUBLIC_TRANSPORT) - mean_score(oldest, PUBLIC_TRANSPORT) > 0.3


def test_women_feel_a_little_less_safe_than_men(responses):
    women = individuals(responses, gender="woman")
    men = individuals(responses, gender="man")
    assert 0.2 < mean_score(men, SAFE) - mean_score(women, SAFE) < 1.5


def test_dont_know_is_commoner_where_people_know_less(responses):
    dont_know = Counter(a.theme for r in responses for a in r.answers if a.score is None)
    assert dont_know[WORK] > 3 * dont_know[MOVING_AROUND]
    assert dont_know[INFLUENCE] > 3 * dont_know[MOVING_AROUND]


def test_the_respondents_are_not_a_fair_sample_of_the_population(responses):
    people = individuals(responses)
    mix = Counter((r.background.get("age_band"), r.background.get("gender")) for r in people)
    # Of Skien's residents aged 16 and over (SSB 07459, 2026), women aged 45-66 are about a
    # sixth and men aged 16-19 about one in thirty.
    assert mix[("45-66", "woman")] > 0.25 * len(people)
    assert mix[("16-19", "man")] < 0.02 * len(people)
    assert any(not r.background for r in people)  # some skipped the background questions


def test_a_handful_of_paper_forms_and_a_few_group_answers(responses):
    paper = [r for r in responses if r.channel == "paper"]
    assert 3 <= len(paper) <= 20
    assert [r.paper_ref for r in paper] == [f"P-{n:03d}" for n in range(1, len(paper) + 1)]
    assert [r.verified for r in paper[-2:]] == [False, False] and paper[0].verified
    groups = [r for r in responses if r.channel == "group"]
    assert len(groups) == len(GROUPS) == 3
    for group in groups:
        assert 6 <= group.participants <= 12 and group.notes and not group.background
    others = [r for r in responses if r.channel not in ("paper", "group")]
    assert {r.channel for r in others} == {"sms", "web"}
    assert all(r.participants is None and not r.paper_ref for r in others)


def test_areas_are_the_demo_neighbourhoods(responses):
    assert {r.area for r in responses} == {*SKIEN_NEIGHBOURHOODS, ""}


def test_some_comments_and_exactly_one_obviously_fake_phone_number(responses):
    texts = [t for r in responses for a in r.answers for t in (a.good_now, a.better) if t]
    assert 20 <= len(texts) <= 200
    phone = [t for t in texts if re.search(r"\d{3} \d{2} \d{3}", t)]
    assert len(phone) == 1 and "400 00 000" in phone[0]
