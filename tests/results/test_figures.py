"""Campaign figures: hand-computed values, the small-group rule, weighting, group sessions."""

import copy

import pytest
from django.utils import translation

from soslokal.results.figures import campaign_figures
from soslokal.results.services import result_cells
from tests.results.conftest import add_responses

pytestmark = pytest.mark.django_db

ALL_FOURS = dict.fromkeys(range(1, 15), 4)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_overall_figures_are_the_hand_computed_ones(channel):
    # Theme 1: three people scored 2, two scored 7, one did not know: mean (6 + 14) / 5 = 4.
    add_responses(channel, 3, scores=ALL_FOURS | {1: 2}, background={"age_band": "20-44"})
    add_responses(channel, 2, scores=ALL_FOURS | {1: 7}, background={"age_band": "45-66"})
    add_responses(channel, 1, scores=ALL_FOURS | {1: None}, background={"age_band": "16-19"})
    figures = campaign_figures(channel.campaign)
    stats = figures.overall.themes[1]
    assert figures.overall.respondents == 6
    assert stats.n == 5 and stats.mean == pytest.approx(4.0) and stats.dont_know == 1
    assert stats.median == 2 and stats.share_poor == pytest.approx(0.6)
    assert figures.overall.themes[2].mean == pytest.approx(4.0)


def test_fewer_than_five_answers_show_nothing(channel):
    add_responses(channel, 4, scores=ALL_FOURS)
    figures = campaign_figures(channel.campaign)
    assert figures.overall.respondents is None
    assert all(stats is None for stats in figures.overall.themes.values())


def test_a_small_group_hides_itself_and_the_next_smallest(channel):
    add_responses(channel, 20, scores=ALL_FOURS, background={"gender": "woman"})
    add_responses(channel, 8, scores=ALL_FOURS | {1: 6}, background={"gender": "man"})
    add_responses(channel, 2, scores=ALL_FOURS | {1: 1}, background={"gender": "other"})
    figures = campaign_figures(channel.campaign, breakdown="gender")
    shown = {group.key: group.respondents for group in figures.groups}
    assert shown == {"woman": 20, "man": None, "other": None}
    by_key = {group.key: group for group in figures.groups}
    assert by_key["other"].themes[1] is None and by_key["man"].themes[1] is None
    assert by_key["woman"].themes[1].mean == pytest.approx(4.0)


def test_a_theme_few_answered_in_a_group_is_hidden_there_only(channel):
    add_responses(channel, 10, scores=ALL_FOURS, background={"gender": "woman"})
    add_responses(channel, 10, scores=ALL_FOURS, background={"gender": "man"})
    add_responses(channel, 10, scores={1: 3}, background={"gender": "other"})
    figures = campaign_figures(channel.campaign, breakdown="gender")
    by_key = {group.key: group for group in figures.groups}
    assert by_key["other"].themes[1].mean == pytest.approx(3.0)
    assert by_key["other"].themes[2] is None  # nobody in the group answered theme 2


def test_weighting_follows_the_population_by_age(channel):
    # Residents: 1,000 aged 16-19, 3,000 aged 20-44, 2,000 aged 45-66 (conftest).
    add_responses(channel, 10, scores=ALL_FOURS | {1: 2}, background={"age_band": "16-19"})
    add_responses(channel, 10, scores=ALL_FOURS | {1: 5}, background={"age_band": "20-44"})
    add_responses(channel, 10, scores=ALL_FOURS | {1: 6}, background={"age_band": "45-66"})
    figures = campaign_figures(channel.campaign)
    weighted = figures.weighting.figures
    # Unweighted mean (2 + 5 + 6) / 3; weighted (1·2 + 3·5 + 2·6) / 6.
    assert figures.overall.themes[1].mean == pytest.approx(13 / 3)
    assert weighted.themes[1].mean == pytest.approx(29 / 6, abs=1e-6)
    assert figures.weighting.result.design_effect > 1


def test_a_thin_group_gives_a_warning_instead_of_weights(channel):
    add_responses(channel, 2, scores=ALL_FOURS, background={"age_band": "16-19"})
    add_responses(channel, 20, scores=ALL_FOURS, background={"age_band": "20-44"})
    add_responses(channel, 20, scores=ALL_FOURS, background={"age_band": "45-66"})
    figures = campaign_figures(channel.campaign)
    assert figures.weighting.figures is None
    assert "16-19" in figures.weighting.warnings[0]
    assert "fewer than 5" in figures.weighting.warnings[0]


def test_who_has_not_been_heard(channel):
    add_responses(channel, 2, scores=ALL_FOURS, background={"age_band": "16-19"})
    add_responses(channel, 30, scores=ALL_FOURS, background={"age_band": "20-44"})
    add_responses(channel, 20, scores=ALL_FOURS, background={"age_band": "45-66"})
    heard = campaign_figures(channel.campaign).heard
    # 2 per 1,000 aged 16-19 against 52 per 6,000 overall: the young are missing.
    assert heard.under_represented == ["16-19"]
    assert heard.index == pytest.approx((2 / 1000) / (30 / 3000))


def test_group_sessions_stand_beside_individual_answers(channel):
    from tests.factories import ChannelFactory

    add_responses(channel, 10, scores=ALL_FOURS)
    groups = ChannelFactory(campaign=channel.campaign, kind="group")
    add_responses(groups, 2, scores=ALL_FOURS | {1: 7}, participants=6)
    figures = campaign_figures(channel.campaign)
    assert figures.overall.themes[1].mean == pytest.approx(4.0)  # not mixed in
    assert figures.group_sessions.themes[1].mean == pytest.approx(7.0)
    assert figures.participants == 12


def test_flood_flagged_answers_are_left_out(channel):
    add_responses(channel, 10, scores=ALL_FOURS)
    add_responses(channel, 50, scores=ALL_FOURS | {1: 1}, flagged=True)
    figures = campaign_figures(channel.campaign)
    assert figures.overall.themes[1].mean == pytest.approx(4.0) and figures.flagged == 50


def test_figures_from_cells_counted_once_are_those_counted_each_time(channel):
    add_responses(channel, 12, scores=ALL_FOURS | {1: 2}, background={"age_band": "20-44"})
    add_responses(channel, 9, scores=ALL_FOURS | {1: 6}, background={"age_band": "45-66"})
    add_responses(channel, 7, scores=ALL_FOURS | {1: 5}, background={"age_band": "16-19"})
    cells = result_cells(channel.campaign)
    before = copy.deepcopy(cells)
    for breakdown in ("", "age_band", "gender"):
        counted = campaign_figures(channel.campaign, breakdown=breakdown)
        given = campaign_figures(channel.campaign, breakdown=breakdown, cells=cells)
        assert given.overall == counted.overall and given.groups == counted.groups
        assert given.weighting.figures == counted.weighting.figures
    assert cells == before  # only read


def test_weights_are_the_same_however_the_answers_are_split_into_cells(channel):
    # The same people in more cells (two channels, two areas) weigh the same.
    from tests.factories import ChannelFactory

    paper = ChannelFactory(campaign=channel.campaign, kind="paper")
    for where, n in ((channel, 6), (paper, 4)):
        add_responses(where, n, scores=ALL_FOURS | {1: 2}, background={"age_band": "16-19"})
        add_responses(where, n, scores=ALL_FOURS | {1: 5}, background={"age_band": "20-44"})
        add_responses(where, n, scores=ALL_FOURS | {1: 6}, background={"age_band": "45-66"})
    weighted = campaign_figures(channel.campaign).weighting
    # Residents 1,000 / 3,000 / 2,000 against 10 / 10 / 10 respondents: weights ½, 1½, 1.
    assert weighted.figures.themes[1].mean == pytest.approx(29 / 6, abs=1e-6)
    assert weighted.result.min_weight == pytest.approx(0.5)
    assert weighted.result.max_weight == pytest.approx(1.5)
    # Kish: 30² / (10 · (¼ + 2¼ + 1)) respondents' worth of information, design effect 7/6.
    assert weighted.result.design_effect == pytest.approx(7 / 6)


def test_an_earlier_round_is_drawn_beside_this_one(channel, campaign):
    from tests.factories import CampaignFactory, ChannelFactory

    earlier = CampaignFactory(municipality=campaign.municipality, instruments=["adult"])
    add_responses(ChannelFactory(campaign=earlier), 6, scores=ALL_FOURS | {1: 2})
    campaign.previous_round = earlier
    campaign.save()
    add_responses(channel, 6, scores=ALL_FOURS | {1: 5})
    figures = campaign_figures(campaign)
    assert figures.overall.themes[1].mean == pytest.approx(5.0)
    assert figures.previous_round.themes[1].mean == pytest.approx(2.0)
    assert earlier.name in figures.previous_round.label


def test_weighting_by_area_when_each_area_has_figures(channel, campaign):
    from soslokal.core.models import Area
    from soslokal.core.population import PopulationRow
    from soslokal.core.services import population_replace
    from tests.factories import AreaFactory

    root = campaign.areas.get()
    east, west = (
        AreaFactory(
            municipality=campaign.municipality,
            kind=Area.Kind.NEIGHBOURHOOD,
            parent=root,
            name=name,
            code="",
        )
        for name in ("East", "West")
    )
    for area, people in ((east, 3000), (west, 1000)):
        population_replace(
            area=area, rows=[PopulationRow("x", 2026, 20, 44, people)], source="test"
        )
    campaign.areas.set([east, west])
    campaign.background = ["neighbourhood", "age_band"]
    campaign.save()
    for area, score in ((east, 2), (west, 6)):
        for _ in range(10):
            add_responses(
                channel, 1, scores=ALL_FOURS | {1: score}, background={"age_band": "20-44"}
            )
            channel.campaign.responses.filter(area__isnull=True).update(area=area)
    figures = campaign_figures(campaign)
    assert figures.weighting.variables == ["age_band", "area"]
    # Equal numbers answered; East has three quarters of the residents: 0.75·2 + 0.25·6 = 3.
    assert figures.weighting.figures.themes[1].mean == pytest.approx(3.0, abs=1e-6)
