"""Files of results: the record-level table row by row, and the aggregated tables counted once."""

import hashlib

import pytest
from django.utils import translation

from soslokal.core.models import Area
from soslokal.results import exports, services
from soslokal.surveys.models import Answer
from tests.factories import AreaFactory, ChannelFactory
from tests.results.conftest import add_responses

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_record_table_has_one_row_per_response_in_an_order_that_hides_arrival(channel):
    campaign = channel.campaign
    root = campaign.areas.get()
    area = AreaFactory(
        municipality=campaign.municipality,
        kind=Area.Kind.NEIGHBOURHOOD,
        parent=root,
        name="Gulset",
        code="",
    )
    groups = ChannelFactory(campaign=campaign, kind="group")
    (person,) = add_responses(
        channel,
        1,
        scores={1: 2, 2: None, 14: 7},  # theme 2 "don't know", themes 3-13 skipped
        background={"age_band": "20-44", "gender": "woman"},
    )
    person.area = area
    person.save()
    (group,) = add_responses(groups, 1, scores={1: 5}, participants=7)
    add_responses(channel, 1, scores={1: 1}, flagged=True)  # left out until looked at
    Answer.objects.filter(response=person, theme=14).update(
        good_now="Quiet", better="Call 400 00 000", moderation=Answer.Moderation.APPROVED
    )
    Answer.objects.filter(response=person, theme=1).update(
        better="Benches", moderation=Answer.Moderation.APPROVED
    )
    Answer.objects.filter(response=group, theme=1).update(good_now="Hidden text")  # pending
    table = exports.record_table(campaign)
    rows = list(table.rows)
    assert table.headers[:10] == [
        "Row",
        "Area",
        "Channel",
        "Version",
        "Edition",
        "Language",
        "Date",
        "Group answer: participants",
        "How old are you?",
        "Gender",
    ]
    assert len(table.headers) == 10 + 14 + 1
    ids = {response.token: response for response in (person, group)}
    assert [row[0] for row in rows] == [
        hashlib.sha256(token.encode()).hexdigest()[:12] for token in sorted(ids)
    ]
    by_kind = {row[2]: row for row in rows}
    mine = by_kind[str(channel.get_kind_display())]
    assert mine[1:10] == [
        area.name,
        str(channel.get_kind_display()),
        "adult",
        "2026.1",
        "nb",
        person.submitted_hour.date().isoformat(),
        None,
        "20-44",
        "woman",
    ]
    assert mine[10:24] == [2, "Don't know", *[None] * 11, 7]
    # By theme, masked in the language the respondent answered in.
    assert mine[24] == "Benches | Quiet | Call [telefonnummer fjernet]"
    theirs = by_kind[str(groups.get_kind_display())]
    assert theirs[1] is None and theirs[7] == 7 and theirs[8:10] == [None, None]
    assert theirs[10] == 5 and theirs[24] is None  # a pending comment is not published


def test_the_aggregated_tables_count_the_answers_once(channel, monkeypatch):
    add_responses(channel, 10, scores=dict.fromkeys(range(1, 15), 4), background={"gender": "man"})
    calls = []
    counted = services.result_cells

    def spy(campaign):
        calls.append(campaign)
        return counted(campaign)

    monkeypatch.setattr(exports, "result_cells", spy)
    results, _about = exports.aggregated_tables(channel.campaign)
    assert len(calls) == 1
    split_by = {row[1] for row in results.rows}
    assert split_by == {"", "Gender", "How old are you?"}
