import secrets
from collections import Counter

import pytest

from soslokal.results import services
from soslokal.results.models import DONT_KNOW, RESPONSES, ResultCell, ResultState
from soslokal.surveys.services import Draft, response_submit
from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db


def submit(channel, n, score=4, background=None, dont_know_theme=None):
    for _ in range(n):
        answers = {theme: {"score": score} for theme in range(1, 15)}
        if dont_know_theme:
            answers[dont_know_theme] = {"dont_know": True}
        draft = Draft(
            token=secrets.token_urlsafe(24),
            instrument="adult",
            answers=answers,
            background=background or {},
        )
        response_submit(channel=channel, draft=draft, language="nb")


def totals(counts, theme):
    found = Counter()
    for (_key, t, score), count in counts.items():
        if t == theme:
            found[score] += count
    return found


def test_counts_cover_every_answer_and_split_by_background(framework):
    channel = ChannelFactory()
    submit(channel, 3, score=2, background={"age_band": "20-44"})
    submit(channel, 2, score=6, background={"age_band": "67-79"}, dont_know_theme=5)
    counts = services.result_counts(channel.campaign)
    assert totals(counts, RESPONSES) == {0: 5}
    assert totals(counts, 1) == {2: 3, 6: 2}
    assert totals(counts, 5) == {2: 3, DONT_KNOW: 2}
    by_age = Counter()
    for (key, theme, _score), count in counts.items():
        if theme == RESPONSES:
            by_age[key.answer("age_band")] += count
    assert by_age == {"20-44": 3, "67-79": 2}


def test_answers_arriving_after_the_count_are_included_at_once(framework, monkeypatch):
    channel = ChannelFactory()
    submit(channel, 2, score=3)
    services.result_counts(channel.campaign)  # first count: stored
    assert ResultState.objects.get().last_response > 0
    stored_cells = ResultCell.objects.count()
    submit(channel, 1, score=7)
    counts = services.result_counts(channel.campaign)
    assert totals(counts, 1) == {3: 2, 7: 1}
    assert ResultCell.objects.count() == stored_cells  # counted live, not stored yet
    monkeypatch.setattr(services, "FOLD_AFTER", 0)
    assert services.result_counts(channel.campaign) == counts  # now folded into the cells
    assert ResultCell.objects.filter(theme=1).count() == 2


def test_a_changed_answer_makes_everything_count_again(framework):
    channel = ChannelFactory()
    submit(channel, 2, score=3)
    services.result_counts(channel.campaign)
    response = channel.campaign.responses.first()
    response.answers.filter(theme=1).update(score=1)
    channel.campaign.results_revision += 1
    channel.campaign.save()
    assert totals(services.result_counts(channel.campaign), 1) == {3: 1, 1: 1}
