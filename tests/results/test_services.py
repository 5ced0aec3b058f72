import secrets
from collections import Counter

import pytest

from soslokal.results import services
from soslokal.results.models import DONT_KNOW, RESPONSES, ResultCell, ResultState
from soslokal.surveys.models import Answer
from soslokal.surveys.services import Draft, answer_moderate, response_submit
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
    cell = ResultCell.objects.get()  # one channel, one version, no background: one cell
    assert cell.responses == 3
    assert cell.answers["1"] == [0, 0, 0, 2, 0, 0, 0, 1]  # index: score, 0 "don't know"
    assert ResultState.objects.get().last_response == channel.campaign.responses.latest("pk").pk


def test_a_changed_answer_makes_everything_count_again(framework):
    channel = ChannelFactory()
    submit(channel, 2, score=3)
    services.result_counts(channel.campaign)
    response = channel.campaign.responses.first()
    response.answers.filter(theme=1).update(score=1)
    channel.campaign.results_revision += 1
    channel.campaign.save()
    assert totals(services.result_counts(channel.campaign), 1) == {3: 1, 1: 1}


def test_stored_cells_plus_the_live_tail_equal_a_count_from_scratch(framework):
    channel = ChannelFactory()
    submit(channel, 3, score=2, background={"age_band": "20-44"})
    services.result_counts(channel.campaign)  # stored
    submit(channel, 2, score=6, background={"age_band": "67-79"}, dont_know_theme=3)
    submit(channel, 1, score=5, background={"gender": "woman"})
    stored_and_live = services.result_counts(channel.campaign)
    ResultState.objects.all().delete()  # forget the stored cells: everything counted anew
    assert services.result_counts(channel.campaign) == stored_and_live
    assert totals(stored_and_live, RESPONSES) == {0: 6}


def test_a_cell_is_stored_once_with_every_theme_in_it(framework):
    channel = ChannelFactory()
    submit(channel, 2, score=6, background={"age_band": "20-44"}, dont_know_theme=14)
    submit(channel, 1, score=1, background={"age_band": "45-66"})
    services.result_counts(channel.campaign)
    cells = {cell.background["age_band"]: cell for cell in ResultCell.objects.all()}
    assert set(cells) == {"20-44", "45-66"}
    assert cells["20-44"].responses == 2
    assert cells["20-44"].answers["1"] == [0, 0, 0, 0, 0, 0, 2]
    assert cells["20-44"].answers["14"] == [2]  # index 0: "don't know"
    assert cells["45-66"].answers["7"] == [0, 1]


def test_cells_and_counts_say_the_same(framework):
    channel = ChannelFactory()
    submit(channel, 2, score=3, background={"gender": "man"}, dont_know_theme=2)
    cells = services.result_cells(channel.campaign)
    counts = services.counts_of(cells)
    assert counts == services.result_counts(channel.campaign)
    assert services.counts_of(services.cells_of(counts)) == counts
    (tally,) = cells.values()
    assert tally.responses == 2 and tally.answers[2] == [2]


def test_many_new_responses_are_folded_into_the_stored_cells(framework, monkeypatch):
    channel = ChannelFactory()
    submit(channel, 1, score=3)
    services.result_counts(channel.campaign)
    monkeypatch.setattr(services, "FOLD_AFTER", 2)
    submit(channel, 3, score=5)
    counts = services.result_counts(channel.campaign)
    assert totals(counts, 1) == {3: 1, 5: 3}
    assert ResultState.objects.get().last_response == channel.campaign.responses.latest("pk").pk
    assert ResultCell.objects.get().answers["1"] == [0, 0, 0, 1, 0, 3]


def comment(channel, theme, text):
    draft = Draft(
        token=secrets.token_urlsafe(24),
        instrument="adult",
        answers={theme: {"score": 4, "better": text}},
    )
    response, _created = response_submit(channel=channel, draft=draft, language="nb")
    return response.answers.get(theme=theme)


def test_comments_are_counted_by_theme_and_status_and_never_stale(framework):
    channel = ChannelFactory()
    campaign = channel.campaign
    first = comment(channel, 3, "More light")
    comment(channel, 3, "Fewer cars")
    submit(channel, 2)  # no comments
    services.result_counts(campaign)  # counts the comments with the cells
    assert ResultState.objects.get().comments == [[3, "pending", 2]]
    assert services.result_comments(campaign) == {(3, "pending"): 2}
    answer_moderate(campaign=campaign, answer_id=first.pk, status="approved")
    campaign.refresh_from_db()
    assert services.result_comments(campaign) == {(3, "pending"): 1, (3, "approved"): 1}
    state = ResultState.objects.get()  # counted again and stored
    assert state.comments_revision == campaign.comments_revision == 1
    comment(channel, 5, "A bench")  # arrives after the count: counted live
    assert services.result_comments(campaign) == {
        (3, "pending"): 1,
        (3, "approved"): 1,
        (5, "pending"): 1,
    }


def test_comments_are_counted_live_once_an_answer_has_changed(framework):
    channel = ChannelFactory()
    campaign = channel.campaign
    answer = comment(channel, 3, "More light")
    services.result_counts(campaign)
    Answer.objects.filter(pk=answer.pk).update(better="", good_now="")  # as a correction would
    campaign.results_revision += 1
    campaign.save()
    assert services.result_comments(campaign) == {}


@pytest.mark.parametrize("by_id", [50_000, 1])  # a tail named by its ids, or by its range
def test_responses_to_another_campaign_in_between_are_not_counted(framework, monkeypatch, by_id):
    monkeypatch.setattr(services, "BY_ID", by_id)
    mine, other = ChannelFactory(), ChannelFactory()
    submit(mine, 1, score=2)
    services.result_counts(mine.campaign)
    submit(other, 2, score=7)  # their ids fall within my live tail
    comment(other, 3, "Not mine")
    submit(mine, 2, score=3)
    comment(mine, 4, "Mine")
    assert totals(services.result_counts(mine.campaign), 1) == {2: 1, 3: 2}
    assert services.result_comments(mine.campaign) == {(4, "pending"): 1}
