"""Every staff URL, found by walking the URL configuration, refuses members of another
municipality. A new staff URL is covered without editing this file; a new URL argument only
needs a line in ``ARGUMENTS``."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from soslokal.briefs.models import Brief
from soslokal.core.models import Membership
from tests.factories import (
    ActionFactory,
    AreaFactory,
    AssessmentFactory,
    CampaignFactory,
    DecisionFactory,
    EvidenceLinkFactory,
    IdeaFactory,
    ImportBatchFactory,
    LabFactory,
    MembershipFactory,
    PhotoFactory,
    ReferenceFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db

STAFF_PREFIX = "staff/"
# Staff URLs that are not about one municipality: they show only the user's own memberships.
UNSCOPED = {"core:staff_home", "core:password_change"}
# How to fill each URL argument with an object that belongs to the *other* municipality.
ARGUMENTS = {
    "number": lambda target: target["municipality"].number,
    "area_id": lambda target: target["area"].pk,
    "membership_id": lambda target: target["membership"].pk,
    "campaign_id": lambda target: target["campaign"].pk,
    "response_id": lambda target: target["response"].pk,
    "kind": lambda target: "csv",
    "version": lambda target: target["campaign"].instruments[0],
    "lang": lambda target: target["campaign"].languages[0],
    "lab_id": lambda target: target["lab"].pk,
    "idea_id": lambda target: target["idea"].pk,
    "photo_id": lambda target: target["photo"].pk,
    "action_id": lambda target: target["action"].pk,
    "brief_id": lambda target: target["brief"].pk,
    "assessment_id": lambda target: target["assessment"].pk,
    "dimension": lambda target: "access",
    "link_id": lambda target: target["link"].pk,
    "decision_id": lambda target: target["decision"].pk,
    "review_id": lambda target: target["reference"].review_id,
    "reference_id": lambda target: target["reference"].pk,
    "batch_id": lambda target: target["reference"].batch_id,
}


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}", pattern


def staff_patterns():
    return [
        (route, name, pattern)
        for route, name, pattern in walk(get_resolver().url_patterns)
        if route.startswith(STAFF_PREFIX)
    ]


def fill(route, target):
    import re

    def replace(match):
        argument = match.group("name")
        assert argument in ARGUMENTS, f"teach the tenancy test to fill <{argument}> in {route}"
        return str(ARGUMENTS[argument](target))

    return "/" + re.sub(r"<(?:\w+:)?(?P<name>\w+)>", replace, route)


def test_staff_urls_are_discovered():
    names = {name for _route, name, _pattern in staff_patterns()}
    assert {"core:staff_municipality", "core:staff_area", "core:staff_members"} <= names


def test_every_staff_url_except_the_landing_page_names_its_municipality():
    for route, name, _pattern in staff_patterns():
        if name not in UNSCOPED:
            assert route.startswith(STAFF_PREFIX + "<str:number>/"), route


@pytest.mark.parametrize("role", [Membership.Role.ADMIN, Membership.Role.VIEWER])
def test_members_of_another_municipality_are_refused_everywhere(client, role):
    own = MembershipFactory(role=role)
    other_area = AreaFactory()
    other_membership = MembershipFactory(
        municipality=other_area.municipality, role=Membership.Role.ADMIN
    )
    campaign = CampaignFactory(municipality=other_area.municipality)
    lab = LabFactory(municipality=other_area.municipality, campaign=campaign)
    assessment = AssessmentFactory(municipality=other_area.municipality)
    target = {
        "assessment": assessment,
        "link": EvidenceLinkFactory(judgement__assessment=assessment),
        "decision": DecisionFactory(assessment=assessment),
        "lab": lab,
        "idea": IdeaFactory(lab=lab),
        "photo": PhotoFactory(lab=lab),
        "action": ActionFactory(lab=lab),
        "brief": Brief.objects.create(
            municipality=other_area.municipality, title="Brief", year_from=2020, year_to=2025
        ),
        "municipality": other_area.municipality,
        "area": other_area,
        "membership": other_membership,
        "campaign": campaign,
        "response": ResponseFactory(channel__campaign=campaign, paper_ref="1"),
        "reference": ReferenceFactory(
            review__municipality=other_area.municipality,
            batch=ImportBatchFactory(review__municipality=other_area.municipality),
        ),
    }
    client.force_login(own.user)
    checked = []
    for route, name, _pattern in staff_patterns():
        if name in UNSCOPED:
            continue
        url = fill(route, target)
        hostile = {"action": "remove", "role": "viewer", "username": "intruder"}
        for status in (client.get(url).status_code, client.post(url, hostile).status_code):
            assert status in (403, 404), f"{name} {url} answered {status}"
        checked.append(name)
    assert len(checked) >= 7
    other_membership.refresh_from_db()
    assert other_membership.role == Membership.Role.ADMIN  # the POSTs changed nothing


def test_an_area_of_another_municipality_is_not_found_under_ones_own(client):
    own = MembershipFactory(role=Membership.Role.ADMIN)
    other_area = AreaFactory()
    client.force_login(own.user)
    response = client.get(f"/staff/{own.municipality.number}/areas/{other_area.pk}/")
    assert response.status_code == 404
