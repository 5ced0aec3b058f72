"""Reads for city labs: where a lab may be held, what the survey says it should work on, and
the actions a brief lists as local measures."""

import pytest
from django.utils import timezone

from soslokal.workshops import selectors
from tests.factories import ActionFactory, AreaFactory, LabFactory

pytestmark = pytest.mark.django_db


def test_a_lab_is_held_for_all_the_surveys_areas_or_for_one(campaign, areas):
    root, gulset, klyve = areas
    assert selectors.lab_areas(campaign) == [root, gulset, klyve]
    campaign.areas.set([gulset])
    assert selectors.lab_areas(campaign) == [gulset]


def test_the_default_topics_are_the_two_lowest_themes_for_everyone(campaign, areas):
    priorities = selectors.survey_priorities(campaign, areas[0])
    assert priorities.lowest == [14, 13] and not priorities.of_area
    assert [score.number for score in priorities.ranked[:3]] == [14, 13, 3]
    assert priorities.ranked[0].mean == 2.5


def test_a_lab_in_one_area_starts_from_that_areas_own_figures(campaign, areas):
    priorities = selectors.survey_priorities(campaign, areas[2])  # Klyve
    assert priorities.of_area and priorities.lowest == [3, 13]


def test_an_area_with_too_few_answers_falls_back_to_everyone(campaign, areas, settings):
    settings.SOSLOKAL_MIN_GROUP = 11  # each area has ten answers, everyone twenty
    priorities = selectors.survey_priorities(campaign, areas[2])
    assert not priorities.of_area and priorities.lowest == [14, 13]


def test_a_survey_without_enough_answers_has_no_default_topics(campaign, areas, settings):
    settings.SOSLOKAL_MIN_GROUP = 50
    priorities = selectors.survey_priorities(campaign, areas[0])
    assert priorities.lowest == [] and not priorities.has_figures
    assert all(score.mean is None for score in priorities.ranked)


def test_the_groups_the_survey_did_not_hear_are_offered(campaign, areas):
    priorities = selectors.survey_priorities(campaign, areas[0])
    assert set(priorities.under_represented) == {"16-19", "20-44"}
    assert selectors.group_label("under 13") == "under 13"


def test_actions_for_an_area_include_the_areas_within_it(campaign, areas):
    root, gulset, klyve = areas
    in_gulset = ActionFactory(
        lab=LabFactory(campaign=campaign, municipality=root.municipality, area=gulset)
    )
    in_root = ActionFactory(
        lab=LabFactory(campaign=campaign, municipality=root.municipality, area=root)
    )
    elsewhere = ActionFactory()
    assert list(selectors.actions_for(gulset)) == [in_gulset]
    assert set(selectors.actions_for(root)) == {in_gulset, in_root}
    assert set(selectors.actions_for(root.municipality)) == {in_gulset, in_root}
    assert not selectors.actions_for(klyve).exists()
    assert elsewhere not in selectors.actions_for(root.municipality)


def test_an_action_is_found_by_its_id_only_in_its_municipality():
    action = ActionFactory()
    assert selectors.action_get(action.municipality, action.pk) == action
    other = AreaFactory().municipality
    with pytest.raises(type(action).DoesNotExist):
        selectors.action_get(other, action.pk)


def test_the_municipality_page_lists_the_areas_with_labs_or_actions(campaign, areas):
    root, gulset, _klyve = areas
    lab = LabFactory(campaign=campaign, municipality=root.municipality, area=gulset)
    ActionFactory(lab=lab)
    ActionFactory(lab=lab)
    (found,) = selectors.areas_followed_up(root.municipality)
    assert (found.area, found.labs, found.actions) == (gulset, 1, 2)


def test_the_surveys_lowest_themes_are_told_only_once_its_results_are_published(campaign, areas):
    assert selectors.survey_said(campaign, areas[2]) is None
    campaign.results_published_at = timezone.now()
    said = selectors.survey_said(campaign, areas[2])
    assert said.of_area and [s.number for s in said.lowest] == [3, 13, 14]
